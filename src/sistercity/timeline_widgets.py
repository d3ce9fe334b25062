"""The timeline of legal instruments: a drawing on a matplotlib Axes and a thin year-slider widget.

All arithmetic lives in :mod:`sistercity.timeline`; this module only draws and wires controls.
"""

from __future__ import annotations

import html
import io

import ipywidgets as widgets
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from sistercity.i18n import check_lang, pick
from sistercity.regimes import eras
from sistercity.timeline import (
    era_for_year,
    era_name,
    instrument_spans,
    instruments_in_force,
)

STATUS_MARKS = {"verified": "", "partly": " (?)", "unverified": " (??)"}


def _label(item: pd.Series) -> str:
    """Name an instrument the usual way: kind, number and year, e.g. "UU 24/2000"."""
    number = str(item["number"])
    return (
        f"{item['kind']} {number}" if "/" in number else f"{item['kind']} {number}/{item['year']}"
    )


def plot_timeline(
    ax: Axes, frame: pd.DataFrame, year: int, lang: str = "id", last_year: int = 2025
) -> Axes:
    """Draw each instrument as a bar over its years, the eras behind them and ``year`` as a line."""
    check_lang(lang)
    spans = instrument_spans(frame)
    first_year = int(spans["start"].min()) - 2
    in_force = set(instruments_in_force(frame, year)["instrument_id"])
    known = eras()
    ends = [e.first_year for e in known[1:]] + [last_year + 1]
    for era, end in zip(known, ends, strict=True):
        left = max(era.first_year, first_year)
        # The era's own colour, faded so the instrument bars stay readable in front of it.
        ax.axvspan(left, end, color=era.colour, alpha=0.15, zorder=0)
        ax.text(left + 0.5, len(spans) - 0.4, f"era {era.era}", fontsize=8, va="top")
    for row, item in spans.iterrows():
        end = last_year + 1 if pd.isna(item["end"]) else int(item["end"]) + 1
        colour = "#1f5f99" if item["instrument_id"] in in_force else "#b8b8b8"
        ax.barh(
            row,
            end - int(item["start"]),
            left=int(item["start"]),
            color=colour,
            hatch="..." if item["pending"] else "///" if item["end_assumed"] else None,
            edgecolor="white",
            height=0.6,
            zorder=2,
        )
    labels = [_label(item) for _, item in spans.iterrows()]
    ax.set_yticks(range(len(spans)), labels=labels, fontsize=8)
    ax.invert_yaxis()
    ax.axvline(year, color="#c0392b", linewidth=2, zorder=3)
    ax.set_xlim(first_year, last_year + 1)
    ax.set_xlabel(pick(lang, id="tahun", en="year"))
    ax.set_title(
        pick(
            lang,
            id=f"Instrumen hukum yang berlaku pada {year}",
            en=f"Legal instruments in force in {year}",
        ),
        fontsize=10,
    )
    return ax


def describe_year(frame: pd.DataFrame, year: int, lang: str = "id") -> str:
    """Return HTML naming the era of ``year`` and listing the instruments in force, with status."""
    era = era_for_year(year)
    rows = instruments_in_force(frame, year)
    says = "says_id" if lang == "id" else "says_en"
    assumed = pick(lang, id=" [akhir berlaku: asumsi]", en=" [end year: assumption]")
    items = "".join(
        f"<li><b>{html.escape(_label(r))}</b>"
        f"{STATUS_MARKS.get(r['status'], '')}{assumed if r['end_assumed'] else ''}: "
        f"{html.escape(str(r[says]))}</li>"
        for _, r in rows.iterrows()
    )
    if era is None:
        head = pick(lang, id=f"<b>{year}</b>: ", en=f"<b>{year}</b>: ")
    else:
        head = pick(
            lang,
            id=f"<b>{year}</b> termasuk era {era}: ",
            en=f"<b>{year}</b> belongs to the {era} era: ",
        )
    legend = pick(
        lang,
        id="(?) = terverifikasi sebagian, (??) = belum terverifikasi. Batang biru: berlaku pada "
        "tahun itu; batang berarsir: tahun akhirnya asumsi karena tidak ada sumber; batang "
        "berbintik: sudah diundangkan tetapi belum berlaku.",
        en="(?) = partly verified, (??) = not verified. Blue bars: in force that year; hatched "
        "bars: no source gives the end year, so it is an assumption; dotted bars: enacted but "
        "not yet in force.",
    )
    return f"<p>{head}{html.escape(era_name(era, lang))}.</p><ul>{items}</ul><p><i>{legend}</i></p>"


class TimelineApp(widgets.VBox):
    """A year slider, the timeline drawn for that year and the list of instruments in force then."""

    def __init__(
        self, frame: pd.DataFrame, year: int = 1989, lang: str = "id", last_year: int = 2025
    ):
        self.frame = frame
        self.lang = check_lang(lang)
        self.last_year = last_year
        first = int(instrument_spans(frame)["start"].min())
        self.year = widgets.IntSlider(
            value=year,
            min=first,
            max=last_year,
            description=pick(lang, id="Tahun", en="Year"),
            continuous_update=False,
            layout=widgets.Layout(width="95%"),
        )
        self.image = widgets.Image(format="png")
        self.text = widgets.HTML()
        self.year.observe(lambda _change: self.redraw(), names="value")
        super().__init__([self.year, self.image, self.text])
        self.redraw()

    def static_svg(self, phone: bool = False) -> str | None:
        """The timeline as SVG, for the website's static picture (with ``phone``, drawn for a phone's width)."""
        from sistercity.figures import figure_svg, phone_figure_svg

        figure = getattr(self, "figure", None)
        if figure is None:
            return None
        return phone_figure_svg(figure) if phone else figure_svg(figure)

    def redraw(self) -> None:
        """Draw the timeline and the list again for the slider's current year."""
        figure = Figure(figsize=(9, 4.2), layout="constrained")
        plot_timeline(figure.add_subplot(), self.frame, self.year.value, self.lang, self.last_year)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=90)
        self.image.value = buffer.getvalue()
        self.figure = figure
        self.text.value = describe_year(self.frame, self.year.value, self.lang)
