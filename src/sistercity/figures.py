"""A matplotlib figure as inline SVG: how a simulator's picture is shown on the website.

A page of the website has no kernel; the build shows each simulator as the picture it last drew.
As SVG the picture stays sharp when a reader zooms in on a phone, and its labels stay text.
"""

from __future__ import annotations

import io
import re


def figure_svg(figure) -> str:
    """``figure`` as an ``<svg>`` element that scales to the width of its box, text kept as text."""
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "sistercity"}):
        figure.savefig(buffer, format="svg")
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    # Drop the fixed size in points: the viewBox keeps the proportions, the page sets the width.
    return re.sub(
        r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r'<svg\1 width="100%"', svg, count=1
    )
