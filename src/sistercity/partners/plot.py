"""Charts of a partner ranking, drawn on a matplotlib Axes the caller gives.

No arithmetic beyond what a chart needs: the scores come from :mod:`sistercity.partners.model`.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from matplotlib.axes import Axes

from sistercity.i18n import check_lang, pick
from sistercity.partners.model import CRITERIA, CRITERION_SHORT, MEASURES, check_weights

#: One colour per criterion (colour-blind-safe Okabe–Ito palette).
CRITERION_COLOURS = dict(
    zip(CRITERIA, ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9"), strict=True)
)


def plot_ranking(
    ax: Axes,
    ranking: pd.DataFrame,
    weights: Mapping[str, float] | None = None,
    lang: str = "id",
    top: int = 10,
    home: str | None = None,
    measures: tuple[str, ...] = MEASURES,
) -> Axes:
    """Draw the ``top`` candidates as stacked bars: each segment is a measure's weighted share."""
    check_lang(lang)
    w = check_weights(weights, measures)
    shown = ranking.head(top).iloc[::-1]
    left = pd.Series(0.0, index=shown.index)
    for criterion in measures:
        share = shown[criterion] * w[criterion]
        ax.barh(
            range(len(shown)),
            share,
            left=left,
            color=CRITERION_COLOURS[criterion],
            label=CRITERION_SHORT[criterion][lang],
            edgecolor="white",
            linewidth=0.5,
        )
        left = left + share
    labels = []
    for _, row in shown.iterrows():
        label = f"{row['name']} ({row['country']})"
        if row.get("jakarta_partner") == "yes":
            label += " ★"
        if row.get("flagged"):
            label += " ⚠"
        labels.append(label)
    ax.set_yticks(range(len(shown)), labels=labels, fontsize=8)
    for y, total in enumerate(shown["total"]):
        ax.text(total + 0.01, y, f"{total:.2f}", va="center", fontsize=7)
    ax.set_xlim(0, 1.08)
    ax.set_xlabel(pick(lang, id="skor total (0–1)", en="total score (0–1)"))
    title = pick(lang, id="Peringkat calon mitra", en="Ranking of candidate partners")
    if home:
        title += pick(lang, id=f" untuk {home}", en=f" for {home}")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.13), ncols=3, frameon=False)
    note = pick(
        lang,
        id="★ = sudah mitra Jakarta (daftar 2019)   ⚠ = tanpa hubungan diplomatik",
        en="★ = already a Jakarta partner (2019 list)   ⚠ = no diplomatic relations",
    )
    ax.annotate(note, (0, -0.30), xycoords="axes fraction", fontsize=7, va="top")
    return ax


def plot_breakdown(
    ax: Axes, row: Mapping, lang: str = "id", measures: tuple[str, ...] = MEASURES
) -> Axes:
    """Draw the sub-scores of ``measures`` for one candidate (a row of the ranking) as bars, 0 to 1."""
    check_lang(lang)
    values = [float(row[c]) for c in measures]
    ax.bar(
        range(len(measures)),
        values,
        color=[CRITERION_COLOURS[c] for c in measures],
    )
    ax.set_xticks(
        range(len(measures)), labels=[CRITERION_SHORT[c][lang] for c in measures], fontsize=7
    )
    ax.tick_params(axis="x", rotation=30)
    ax.set_ylim(0, 1)
    ax.set_ylabel(pick(lang, id="skor (0–1)", en="score (0–1)"))
    ax.set_title(
        pick(
            lang,
            id=f"Rincian per kriteria: {row['name']}",
            en=f"Score per criterion: {row['name']}",
        ),
        fontsize=10,
    )
    return ax
