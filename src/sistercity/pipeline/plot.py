"""Charts of the pipeline Monte Carlo: each function draws on a given Axes and returns it.

Each ``plot_*`` function draws a chart with fixed axis limits chosen from its data (with some
headroom). Its ``update_*`` partner puts new data into the same artists when they still fit those
limits, so that the app can redraw only the data (blitting) and skip the slow text of the axes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.ticker import MaxNLocator

from sistercity.i18n import pick
from sistercity.pipeline.model import PipelineResult, PipelineSummary, bottlenecks

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes

HIGHLIGHT, PLAIN = "#b2182b", "#999999"

#: Prefix of the ``gid`` of artists that show data (the rest of a chart is its frame).
DATA_GID = "sistercity-data"

#: New data must fill at least this share of an axis to be drawn into the old frame.
MIN_FILL = 0.4


def data_artists(ax: Axes) -> list[Artist]:
    """The artists of ``ax`` that show data: what changes when the data change."""
    return [a for a in ax.get_children() if str(a.get_gid() or "").startswith(DATA_GID)]


def _artist(ax: Axes, name: str) -> Artist | None:
    """The data artist of ``ax`` called ``name``, if there is one."""
    for artist in data_artists(ax):
        if artist.get_gid() == f"{DATA_GID}:{name}":
            return artist
    return None


def _fits(value: float, limit: float) -> bool:
    """Whether ``value`` fits below ``limit`` and still fills a fair share of it."""
    return MIN_FILL * limit <= value <= limit


def _nice_limit(value: float) -> float:
    """A round axis limit about a quarter above ``value``."""
    target = max(1.25 * value, 1e-9)
    step = 10 ** np.floor(np.log10(target))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * step >= target:
            return float(factor * step)
    return float(10 * step)


def _few_ticks(ax: Axes) -> None:
    """Five ticks per axis at most: easier to read, and quicker to draw."""
    ax.xaxis.set_major_locator(MaxNLocator(5))
    ax.yaxis.set_major_locator(MaxNLocator(5))


def _histogram(months: np.ndarray, top: float, bins: int) -> tuple[np.ndarray, np.ndarray]:
    """Share of proposals per bin of months, over 0..top."""
    counts, edges = np.histogram(months, bins=bins, range=(0.0, top))
    return counts / months.size, edges


def era_colours() -> dict[str, str]:
    """Each era's plot colour, from ``data/eras.csv``."""
    from sistercity.regimes import eras

    return {e.era: e.colour for e in eras()}


def plot_time_to_signing(
    ax: Axes,
    result: PipelineResult,
    lang: str = "id",
    bins: int = 60,
    animated: bool = False,
    colours: Mapping[str, str] | None = None,
) -> Axes:
    """Histogram of months to signing (signed proposals) with a line at the median."""
    ax.set_xlabel(pick(lang, id="bulan sampai penandatanganan", en="months to signing"))
    ax.set_ylabel(pick(lang, id="porsi usulan", en="share of proposals"))
    ax.set_title(
        pick(
            lang,
            id=f"Era {result.params.era}: waktu sampai ditandatangani",
            en=f"Era {result.params.era}: time to signing",
        )
    )
    months = result.months_to_signing
    if months.size == 0:
        ax.text(
            0.5,
            0.5,
            pick(lang, id="Tak ada yang ditandatangani", en="None signed"),
            ha="center",
            va="center",
            transform=ax.transAxes,
        )
        return ax
    top = _nice_limit(float(np.quantile(months, 0.995)))
    # A precomputed histogram drawn as one outline is far faster than ax.hist's many patches.
    heights, edges = _histogram(months, top, bins)
    colour = (colours or era_colours()).get(result.params.era, "C0")
    ax.stairs(
        heights,
        edges,
        fill=True,
        color=colour,
        alpha=0.7,
        gid=f"{DATA_GID}:bars",
        animated=animated,
    )
    median = float(np.median(months))
    ax.axvline(
        median,
        color="black",
        linestyle="--",
        linewidth=1.2,
        gid=f"{DATA_GID}:median",
        animated=animated,
    )
    ax.annotate(
        _median_text(median, lang),
        xy=(median, 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(4, -14),
        textcoords="offset points",
        fontsize=9,
        gid=f"{DATA_GID}:median_text",
        animated=animated,
    )
    ax.set_xlim(0, top)
    ax.set_ylim(0, _nice_limit(float(heights.max())))
    _few_ticks(ax)
    return ax


def _median_text(median: float, lang: str) -> str:
    """The label of the median line."""
    return pick(lang, id=f"median {median:.0f} bln", en=f"median {median:.0f} mo")


def update_time_to_signing(ax: Axes, result: PipelineResult, lang: str = "id") -> bool:
    """Put ``result`` into a chart drawn by :func:`plot_time_to_signing`; False if it does not fit."""
    bars, line, label = (_artist(ax, n) for n in ("bars", "median", "median_text"))
    months = result.months_to_signing
    if bars is None or line is None or label is None or months.size == 0:
        return False
    top = ax.get_xlim()[1]
    if not _fits(float(np.quantile(months, 0.995)), top):
        return False
    heights, edges = _histogram(months, top, len(bars.get_data().edges) - 1)
    if not _fits(float(heights.max()), ax.get_ylim()[1]):
        return False
    bars.set_data(heights, edges)
    median = float(np.median(months))
    line.set_xdata([median, median])
    label.xy = (median, 1.0)
    label.set_text(_median_text(median, lang))
    return True


def plot_bottlenecks(
    ax: Axes,
    result: PipelineResult,
    lang: str = "id",
    labels: Mapping[str, str] | None = None,
    animated: bool = False,
) -> Axes:
    """Horizontal bars: the share of all months spent in each stage, first stage on top."""
    shares = bottlenecks(result).to_numpy() * 100
    labels = labels or {}
    names = [labels.get(s, s) for s in result.params.stage_ids]
    positions = np.arange(len(shares))[::-1]
    bars = ax.barh(positions, shares, color=PLAIN, animated=animated)
    for index, bar in enumerate(bars):
        bar.set_gid(f"{DATA_GID}:stage{index}")
    bars[int(np.argmax(shares))].set_color(HIGHLIGHT)
    ax.set_yticks(positions, names, fontsize=8)
    ax.set_xlim(0, _nice_limit(float(shares.max())))
    ax.set_xlabel(pick(lang, id="% dari seluruh waktu", en="% of all time"))
    ax.set_title(pick(lang, id="Hambatan: waktu per tahap", en="Bottlenecks: time per stage"))
    ax.xaxis.set_major_locator(MaxNLocator(5))
    return ax


def update_bottlenecks(ax: Axes, result: PipelineResult) -> bool:
    """Put ``result`` into a chart drawn by :func:`plot_bottlenecks`; False if it does not fit."""
    shares = bottlenecks(result).to_numpy() * 100
    bars = [_artist(ax, f"stage{i}") for i in range(len(shares))]
    if any(bar is None for bar in bars) or _artist(ax, f"stage{len(shares)}") is not None:
        return False
    if not _fits(float(shares.max()), ax.get_xlim()[1]):
        return False
    biggest = int(np.argmax(shares))
    for index, (bar, share) in enumerate(zip(bars, shares, strict=True)):
        bar.set_width(share)
        bar.set_color(HIGHLIGHT if index == biggest else PLAIN)
    return True


# Up to the 99th percentile: the very last proposals would stretch the axis on every run.
_PROBABILITIES = np.linspace(0.0, 0.99, 199)


def _era_curve(result: PipelineResult) -> tuple[np.ndarray, np.ndarray]:
    """Months (x) by which a share (y) of all proposals of an era had been signed."""
    months = result.months_to_signing
    # The curve rises to the era's success share, so it shows speed and success together.
    return np.quantile(months, _PROBABILITIES), _PROBABILITIES * result.signed.mean()


def plot_eras(
    ax: Axes,
    results: Mapping[str, PipelineResult],
    lang: str = "id",
    animated: bool = False,
    colours: Mapping[str, str] | None = None,
) -> Axes:
    """Overlaid cumulative curves: the share of proposals signed within x months, per era."""
    colours = colours or era_colours()
    right = 1.0
    for era, result in results.items():
        if result.months_to_signing.size == 0:
            continue
        x, y = _era_curve(result)
        ax.plot(
            x,
            y,
            color=colours.get(era),
            label=era,
            gid=f"{DATA_GID}:era{era}",
            animated=animated,
        )
        right = max(right, float(x[-1]))
    ax.set_xlim(0, _nice_limit(right))
    ax.set_ylim(0, 1)
    ax.set_xlabel(
        pick(lang, id="bulan sejak usulan dimulai", en="months since the proposal started")
    )
    ax.set_ylabel(pick(lang, id="porsi yang sudah ditandatangani", en="share already signed"))
    ax.set_title(pick(lang, id="Era-era dibandingkan", en="The eras compared"))
    ax.grid(alpha=0.3)
    ax.legend(title="era", fontsize=8, loc="lower right")
    _few_ticks(ax)
    return ax


def update_eras(ax: Axes, results: Mapping[str, PipelineResult]) -> bool:
    """Put ``results`` into a chart drawn by :func:`plot_eras`; False if they do not fit."""
    curves = {}
    for era, result in results.items():
        line = _artist(ax, f"era{era}")
        if line is None or result.months_to_signing.size == 0:
            return False
        curves[era] = (line, *_era_curve(result))
    if not _fits(max(float(x[-1]) for _, x, _ in curves.values()), ax.get_xlim()[1]):
        return False
    for line, x, y in curves.values():
        line.set_data(x, y)
    return True


def plot_legal_clocks(ax: Axes, summary: PipelineSummary, lang: str = "id") -> Axes:
    """Horizontal bars: what the law's time limits did in one simulation (or a note if none apply).

    Bars: DPRD approvals deemed given (share of the proposals that reached the DPRD), proposals
    ended by a lapsed LoI, proposals that signed a new LoI, the direct route past the governor,
    and proposals a new governor dropped; each label names its article.
    """
    clocks = summary.clocks
    ax.set_title(pick(lang, id="Batas waktu hukum", en="Legal time limits"))
    if not clocks.any:
        ax.text(
            0.5,
            0.5,
            pick(
                lang,
                id="Era ini belum mengenal batas waktu\nPermendagri 25/2020 (sejak 22 Mei 2020).",
                en="This era predates the time limits\nof Permendagri 25/2020 (from 22 May 2020).",
            ),
            ha="center",
            va="center",
            transform=ax.transAxes,
        )
        ax.set_axis_off()
        return ax
    art = dict(clocks.articles)
    rows = [
        (
            pick(
                lang,
                id="DPRD dianggap menyetujui (% yang sampai ke DPRD)",
                en="DPRD approval deemed given (% of those reaching it)",
            ),
            art.get("deemed_approval", ""),
            summary.share_deemed_approved,
        ),
        (
            pick(lang, id="LoI kedaluwarsa, usulan berakhir", en="LoI lapsed, proposal ended"),
            art.get("lapse", ""),
            summary.share_loi_lapsed,
        ),
        (
            pick(lang, id="LoI baru ditandatangani", en="New LoI signed"),
            art.get("lapse", ""),
            summary.share_new_loi,
        ),
        (
            pick(
                lang,
                id="Jalur langsung (gubernur > 5 hari kerja)",
                en="Direct route (governor > 5 days)",
            ),
            art.get("direct_route", ""),
            summary.share_direct_route,
        ),
        (
            pick(lang, id="Dibatalkan gubernur baru", en="Dropped by a new governor"),
            art.get("direct_route", ""),
            summary.share_governor_dropped,
        ),
    ]
    shares = np.array([0.0 if np.isnan(v) else 100 * v for _, _, v in rows])
    positions = np.arange(len(rows))[::-1]
    bars = ax.barh(positions, shares, color=PLAIN)
    for index, bar in enumerate(bars):
        bar.set_gid(f"{DATA_GID}:clock{index}")
    names = [f"{name}\n{source}" for name, source, _ in rows]
    ax.set_yticks(positions, names, fontsize=7)
    ax.set_xlim(0, _nice_limit(float(max(shares.max(), 1.0))))
    ax.set_xlabel(pick(lang, id="% usulan", en="% of proposals"))
    for position, share in zip(positions, shares, strict=True):
        label = f" {share:.1f}%"
        ax.text(
            share,
            position,
            label.replace(".", ",") if lang == "id" else label,
            va="center",
            fontsize=7,
        )
    ax.xaxis.set_major_locator(MaxNLocator(5))
    return ax
