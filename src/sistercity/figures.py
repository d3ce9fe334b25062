"""A matplotlib figure as inline SVG: how a simulator's picture is shown on the website.

A page of the website has no kernel; the build shows each simulator as the picture it last drew.
As SVG the picture stays sharp when a reader zooms in on a phone, and its labels stay text.

A wide figure shrunk to a phone's width shrinks its labels too (a 13-inch chart at 342 px puts
10-point labels under 4 px). :func:`phone_figure_svg` therefore draws a copy of the figure for a
phone: each chart drawn on its own, :data:`PHONE_WIDTH_INCHES` wide, the charts one under the
other, no label smaller than :data:`PHONE_MIN_POINTS`. Shown at the 342 px a 390-px phone gives
the picture on a lesson page, one point of the drawing is 1.13 CSS pixels, so the smallest label
reads at about 11.9 px.
"""

from __future__ import annotations

import io
import pickle
import re

#: Width of the phone drawing, in inches (72 points each): 302 points for ~340 CSS px.
PHONE_WIDTH_INCHES = 4.2
#: The smallest label of the phone drawing, in points (about 12 CSS px at 342 px wide).
PHONE_MIN_POINTS = 10.5
#: The least height of each chart of the phone drawing, in inches, labels included.
PHONE_CHART_INCHES = 3.4
#: The longest line of a category label (a stage's name) beside a chart of the phone drawing.
PHONE_LABEL_CHARACTERS = 18


def figure_svg(figure, salt: str = "sistercity") -> str:
    """``figure`` as an ``<svg>`` element that scales to the width of its box, text kept as text.

    ``salt`` seeds the ids of the drawing's clip paths: two drawings of one figure on one page
    need different salts, or one's ``url(#…)`` would point into the other.
    """
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": salt}):
        figure.savefig(buffer, format="svg")
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    # Drop the fixed size in points: the viewBox keeps the proportions, the page sets the width.
    return re.sub(
        r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r'<svg\1 width="100%"', svg, count=1
    )


def _wrap(text: str, width: int) -> str:
    """``text`` broken at spaces into lines of at most ``width`` characters (where it can be)."""
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) if len(text) > width else text


def phone_figures(figure) -> list:
    """Copies of ``figure`` drawn for a phone: one per chart, each with enlarged labels.

    Each chart gets a figure of its own, so one chart's long labels do not squeeze the others;
    long category labels of an axis are wrapped; no text is smaller than :data:`PHONE_MIN_POINTS`.
    The figure itself is left as it was (a live widget keeps drawing into it).
    """
    from matplotlib.text import Text

    frozen = pickle.dumps(figure)
    count = sum(1 for ax in figure.axes if ax.get_subplotspec() is not None) or 1
    copies = []
    for keep in range(count):
        copy = pickle.loads(frozen)
        charts = [ax for ax in copy.axes if ax.get_subplotspec() is not None]
        for index, ax in enumerate(charts):
            if index != keep:
                ax.remove()
        copy.set_layout_engine("constrained")
        if charts:
            chart = charts[keep]
            chart.set_subplotspec(copy.add_gridspec(1, 1)[0, 0])
            lines = _wrap_category_labels(chart)
            _fit_slanted_ticks(chart)
            _legend_below(copy, chart)
        else:
            lines = 0
        # Room for every line of the category labels (with their spacing) and the chart's frame.
        height = max(PHONE_CHART_INCHES, 2.2 + lines * PHONE_MIN_POINTS * 2.0 / 72)
        copy.set_size_inches(PHONE_WIDTH_INCHES, height)
        ticks = {id(t) for ax in copy.axes for t in ax.get_xticklabels() + ax.get_yticklabels()}
        for text in copy.findobj(Text):
            if text.get_text() and text.get_fontsize() < PHONE_MIN_POINTS:
                text.set_fontsize(PHONE_MIN_POINTS)
            # A title or a note longer than a phone's line breaks within the figure.
            if id(text) not in ticks and len(text.get_text()) > PHONE_LABEL_CHARACTERS:
                text.set_wrap(True)
        copies.append(copy)
    return copies


def _legend_below(figure, ax) -> None:
    """Move a chart's legend under it in two columns: a wide row of entries would run off a phone."""
    legend = ax.get_legend()
    if legend is None:
        return
    handles, labels = legend.legend_handles, [text.get_text() for text in legend.get_texts()]
    legend.remove()
    figure.legend(handles, labels, loc="outside lower center", ncols=2, frameon=False)


def _fit_slanted_ticks(ax) -> None:
    """Anchor a chart's slanted tick labels at their end: they run left from their tick, not off the figure."""
    for tick in ax.get_xticklabels():
        if tick.get_rotation() % 360 and tick.get_ha() == "center":
            tick.set_ha("right")
            tick.set_rotation_mode("anchor")


def _wrap_category_labels(ax) -> int:
    """Wrap the long text labels of ``ax``'s y axis; return how many lines they take in all."""
    ticks = ax.get_yticks()
    labels = [t.get_text() for t in ax.get_yticklabels()]
    if not any(label and not _is_number(label) for label in labels):
        return 0
    wrapped = [_wrap(label, PHONE_LABEL_CHARACTERS) for label in labels]
    limits = ax.get_ylim()
    ax.set_yticks(ticks, labels=wrapped)
    ax.set_ylim(limits)
    return sum(label.count("\n") + 1 for label in wrapped)


def _is_number(text: str) -> bool:
    """Whether a tick label is a number (as matplotlib writes it: a minus sign may be U+2212)."""
    try:
        float(text.replace("\u2212", "-"))
    except ValueError:
        return False
    return True


def phone_figure_svg(figure) -> str:
    """:func:`phone_figures` of ``figure`` as ``<svg>`` elements, one under the other.

    Their clip paths get ids apart from the wide drawing's, which is on the same page.
    """
    return "".join(
        figure_svg(copy, salt=f"sistercity-phone-{index}")
        for index, copy in enumerate(phone_figures(figure))
    )
