"""The report's figures, each drawn on a given matplotlib Axes (``lang``: ``id``, ``en`` or ``both``)."""

from __future__ import annotations

import numpy as np

from sistercity.i18n import both, pick
from sistercity.report.model import LOW_DISCRIMINATION, TOO_EASY, TOO_HARD, Report


def say(lang: str, id: str, en: str) -> str:  # noqa: A002 - "id" is the language code here
    """The text in ``lang``, or both texts (Indonesian first) when ``lang`` is ``"both"``."""
    return both(id, en) if lang == "both" else pick(lang, id=id, en=en)


def plot_scores(ax, report: Report, lang: str = "id"):
    """A histogram of the students' scores so far, with the letter boundaries of the scale."""
    scores = report.students["score"].dropna()
    ax.hist(scores, bins=np.arange(0, 105, 5), color="#4c72b0", edgecolor="white")
    ax.set_xlim(0, 100)
    ax.set_xlabel(say(lang, "nilai sejauh ini (0–100)", "score so far (0–100)"))
    ax.set_ylabel(say(lang, "mahasiswa", "students"))
    top = ax.get_ylim()[1]
    for letter, low in zip(report.scale["letter"], report.scale["min_score"], strict=True):
        ax.axvline(low, color="#999", lw=0.8, ls=":")
        ax.text(low + 0.8, top * 0.95, letter, fontsize=8, va="top", color="#555")
    ax.set_title(say(lang, "Sebaran nilai", "Distribution of scores"))
    return ax


def plot_letters(ax, report: Report, lang: str = "id"):
    """The number of students with each letter, and those with no grade yet."""
    counts = report.letters
    labels = [x or say(lang, "belum", "none yet").replace(" / ", "\n") for x in counts.index]
    ax.bar(labels, counts.to_numpy(), color="#55a868")
    for i, value in enumerate(counts.to_numpy()):
        ax.text(i, value, str(int(value)), ha="center", va="bottom", fontsize=8)
    ax.set_ylabel(say(lang, "mahasiswa", "students"))
    ax.set_title(say(lang, "Nilai huruf", "Letter grades"))
    return ax


def plot_reached(ax, report: Report, level: str = "cpmk", lang: str = "id"):
    """The share of students reaching the threshold in each outcome of ``level`` (cpmk, cpl...)."""
    table = report.class_summary[level]
    shares = table["share_reached"].fillna(0).to_numpy()
    y = np.arange(len(table))[::-1]
    ax.barh(y, shares, color="#8172b2")
    ax.set_yticks(y, table.index)
    for yi, value, n in zip(y, shares, table["students"], strict=True):
        ax.text(min(value, 88) + 1, yi, f"{value:.0f}% (n={n})", va="center", fontsize=8)
    ax.set_xlim(0, 100)
    ax.set_xlabel(
        say(
            lang,
            f"% mahasiswa dengan capaian ≥ {report.threshold:g}",
            f"% of students with attainment ≥ {report.threshold:g}",
        )
    )
    ax.set_title(say(lang, "Ketercapaian", "Reached") + f": {level.upper().replace('_', '-')}")
    return ax


def plot_heatmap(ax, report: Report, lang: str = "id"):
    """Students × Sub-CPMK attainment (grey where nothing is graded yet)."""
    table = report.sub_cpmk
    data = np.ma.masked_invalid(table.to_numpy(float))
    cmap = _cmap()
    image = ax.imshow(data, aspect="auto", cmap=cmap, vmin=0, vmax=100, interpolation="nearest")
    ax.set_xticks(range(table.shape[1]), [c.replace("Sub-CPMK-", "S") for c in table.columns])
    ax.tick_params(axis="x", labelsize=8)
    if len(table) <= 40:
        ax.set_yticks(range(len(table)), table.index, fontsize=7)
    else:
        ax.set_yticks([])
        ax.set_ylabel(say(lang, f"{len(table)} mahasiswa", f"{len(table)} students"))
    ax.figure.colorbar(image, ax=ax, fraction=0.04, pad=0.02, label="%")
    ax.set_title(say(lang, "Capaian Sub-CPMK per mahasiswa", "Sub-CPMK attainment per student"))
    return ax


def _cmap():
    import matplotlib

    return matplotlib.colormaps["RdYlGn"].with_extremes(bad="#dddddd")


def plot_bloom(ax, report: Report, lang: str = "id"):
    """The class's mean attainment at each Bloom level assessed so far, with the threshold."""
    table = report.class_summary["bloom"].dropna(subset=["mean"])
    ax.bar(table.index, table["mean"], color="#c44e52")
    ax.axhline(report.threshold, color="#333", lw=1, ls="--")
    ax.set_ylim(0, 100)
    ax.set_ylabel(say(lang, "rata-rata capaian (%)", "mean attainment (%)"))
    ax.set_title(say(lang, "Capaian menurut tingkat Bloom", "Attainment by Bloom level"))
    return ax


def plot_items(ax, report: Report, lang: str = "id"):
    """Each item's difficulty against its discrimination, with the flag thresholds."""
    items = report.items
    flagged = items["flags"] != ""
    r = items["item_total_r"].fillna(0)
    ax.scatter(items["difficulty"][~flagged], r[~flagged], s=18, color="#4c72b0")
    ax.scatter(items["difficulty"][flagged], r[flagged], s=22, color="#c44e52", marker="x")
    ax.axvspan(0, TOO_HARD, color="#f2d0d0", zorder=0)
    ax.axvspan(TOO_EASY, 1, color="#f2d0d0", zorder=0)
    ax.axhline(LOW_DISCRIMINATION, color="#999", ls="--", lw=0.8)
    ax.axhline(0, color="#333", lw=0.8)
    ax.set_xlim(0, 1)
    ax.set_ylim(min(-0.3, float(r.min()) - 0.05), 1)
    ax.set_xlabel(
        say(lang, "tingkat kemudahan (rata-rata bagian poin)", "difficulty (mean share of points)")
    )
    ax.set_ylabel(say(lang, "daya beda (r butir–sisa)", "discrimination (item–rest r)"))
    ax.set_title(say(lang, "Analisis butir (× ditandai)", "Item analysis (× flagged)"))
    return ax
