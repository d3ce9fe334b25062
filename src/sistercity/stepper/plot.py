"""Draw an era's procedure: as a swimlane diagram on a matplotlib Axes, or as HTML for a screen.

:func:`flow_html` is what the simulator shows: each stage a box of text (sharp at any size, readable
from the back of a room on a projector), numbered in order, with the actor who leads it.

Each actor taking part in the era is a horizontal lane (``lane_order`` top to bottom). Each stage is a
box, in order from left to right, in the lane of the actor who leads it; small dots mark the other
actors taking part. Completed stages are green with a tick, the current stage is yellow with a red
edge, and stages whose legal basis is unverified have a dashed edge.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Iterable

from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch, Patch

from sistercity.i18n import check_lang, pick
from sistercity.procedure import Regime
from sistercity.stepper.model import Stepper

COLOURS = {"done": "#cfe8cf", "current": "#ffd966", "todo": "#ffffff"}
EDGES = {"done": "#4f8a4f", "current": "#c0392b", "todo": "#555555"}
LANE_SHADES = ("#f4f4f4", "#ffffff")
BOX_WIDTH = 0.92
BOX_HEIGHT = 0.84
WRAP = 19


def _label(order: int, name: str, state: str) -> str:
    """The text inside a stage box: its number (with a tick once done) and its wrapped name."""
    lines = textwrap.wrap(name, WRAP)
    if len(lines) > 3:
        lines = lines[:3]
        lines[-1] = lines[-1][: WRAP - 1] + "…"
    mark = "✓ " if state == "done" else ""
    return f"{mark}{order}. " + "\n".join(lines)


def plot_flow(
    ax: Axes,
    regime: Regime,
    current: str | None = None,
    completed: Iterable[str] = (),
    lang: str = "id",
) -> Axes:
    """Draw ``regime``'s stages as boxes in their lead actor's swimlane, ``current`` highlighted."""
    check_lang(lang)
    completed = set(completed)
    lanes = regime.lanes()
    lane_y = {actor.actor_id: len(lanes) - 1 - i for i, actor in enumerate(lanes)}
    for actor in lanes:
        y = lane_y[actor.actor_id]
        ax.axhspan(y - 0.5, y + 0.5, color=LANE_SHADES[y % 2], zorder=0)
    boxes = []
    for stage in regime.stages:
        if stage.stage_id == current:
            state = "current"
        elif stage.stage_id in completed:
            state = "done"
        else:
            state = "todo"
        x, y = stage.order, lane_y[stage.lead]
        for other in stage.actors[1:]:
            ax.plot([x, x], [y, lane_y[other]], color="#999999", linewidth=0.8, ls=":", zorder=1)
            ax.plot(x, lane_y[other], "o", color=EDGES[state], markersize=5, zorder=2)
        box = FancyBboxPatch(
            (x - BOX_WIDTH / 2, y - BOX_HEIGHT / 2),
            BOX_WIDTH,
            BOX_HEIGHT,
            boxstyle="round,pad=0.01,rounding_size=0.08",
            facecolor=COLOURS[state],
            edgecolor=EDGES[state],
            linewidth=2.5 if state == "current" else 1.0,
            linestyle="--" if stage.status == "unverified" else "-",
            zorder=3,
            gid=f"stage:{stage.stage_id}:{state}",
        )
        ax.add_patch(box)
        ax.text(
            x,
            y,
            _label(stage.order, stage.name(lang), state),
            ha="center",
            va="center",
            fontsize=6.5,
            zorder=4,
        )
        boxes.append((x, y))
    for (x0, y0), (x1, y1) in zip(boxes[:-1], boxes[1:], strict=True):
        ax.annotate(
            "",
            xy=(x1 - BOX_WIDTH / 2, y1),
            xytext=(x0 + BOX_WIDTH / 2, y0),
            arrowprops={"arrowstyle": "->", "color": "#333333", "linewidth": 1.0},
            zorder=2,
        )
    ax.set_yticks(
        [lane_y[a.actor_id] for a in lanes], labels=[a.name(lang) for a in lanes], fontsize=8
    )
    ax.set_xticks([])
    ax.set_xlim(0.45, len(regime.stages) + 0.55)
    ax.set_ylim(-0.55, len(lanes) - 0.45)
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_title(regime.title(lang), fontsize=10)
    legend = [
        Patch(
            facecolor=COLOURS["done"], edgecolor=EDGES["done"], label=pick(lang, "selesai", "done")
        ),
        Patch(
            facecolor=COLOURS["current"],
            edgecolor=EDGES["current"],
            label=pick(lang, "tahap sekarang", "current stage"),
        ),
        Patch(
            facecolor="white",
            edgecolor="#555555",
            linestyle="--",
            label=pick(lang, "dasar hukum belum terverifikasi", "legal basis unverified"),
        ),
        Line2D(
            [],
            [],
            marker="o",
            ls=":",
            color="#999999",
            label=pick(lang, "ikut serta", "takes part"),
        ),
    ]
    ax.legend(
        handles=legend,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.01),
        ncol=4,
        fontsize=7,
        frameon=False,
    )
    return ax


def plot_stepper(ax: Axes, stepper: Stepper, lang: str = "id") -> Axes:
    """Draw the stepper's era with its current stage highlighted and completed stages ticked."""
    current = stepper.current_stage
    return plot_flow(
        ax,
        stepper.regime,
        current=None if current is None else current.stage_id,
        completed=stepper.completed,
        lang=lang,
    )


#: Smallest text of the HTML diagram, in CSS pixels: readable on a projector at 1280x720.
FLOW_FONT_PX = 16


def _clamp(lines: int) -> str:
    """CSS that wraps text inside its box and shows at most ``lines`` lines (the rest as '…')."""
    return (
        "overflow-wrap:anywhere;overflow:hidden;display:-webkit-box;"
        f"-webkit-box-orient:vertical;-webkit-line-clamp:{lines}"
    )


def _state(stage_id: str, current: str | None, completed: set[str]) -> str:
    if stage_id == current:
        return "current"
    return "done" if stage_id in completed else "todo"


def flow_html(
    regime: Regime,
    current: str | None = None,
    completed: Iterable[str] = (),
    lang: str = "id",
) -> str:
    """``regime``'s stages as HTML boxes in order (number, name, lead actor), ``current`` highlighted.

    Text is at least :data:`FLOW_FONT_PX` pixels and wraps inside its box (long words break); a
    long stage name shows its first four lines (the whole name is its tooltip, and the current
    stage's details show it in full), so a label never overflows and the diagram stays short
    enough for a projector. The boxes flow into as many rows as the width needs.
    """
    check_lang(lang)
    completed = set(completed)
    size = FLOW_FONT_PX
    boxes = []
    for stage in regime.stages:
        state = _state(stage.stage_id, current, completed)
        mark = "✓ " if state == "done" else ""
        edge = "dashed" if stage.status == "unverified" else "solid"
        width = 4 if state == "current" else 1
        lead = regime.actor(stage.lead).name(lang)
        boxes.append(
            f'<div class="sistercity-flow-stage" data-stage="{html.escape(stage.stage_id)}" '
            f'data-state="{state}" style="background:{COLOURS[state]};'
            f"border:{width}px {edge} {EDGES[state]};border-radius:6px;padding:3px 5px;"
            'min-width:0;overflow:hidden;box-sizing:border-box">'
            f'<div class="sistercity-flow-label" title="{html.escape(stage.name(lang))}" '
            f'style="font-size:{size}px;line-height:1.15;font-weight:bold;{_clamp(4)}">'
            f"{mark}{stage.order}. {html.escape(stage.name(lang))}</div>"
            f'<div class="sistercity-flow-lead" title="{html.escape(lead)}" '
            f'style="font-size:{size}px;line-height:1.15;color:#333;{_clamp(2)}">'
            f"→ {html.escape(lead)}</div></div>"
        )
    legend_items = [
        (COLOURS["done"], EDGES["done"], "solid", pick(lang, "selesai", "done")),
        (COLOURS["current"], EDGES["current"], "solid", pick(lang, "tahap sekarang", "current")),
        (
            "#ffffff",
            EDGES["todo"],
            "dashed",
            pick(lang, "dasar hukum belum terverifikasi", "legal basis unverified"),
        ),
    ]
    legend = "".join(
        f'<span style="display:inline-flex;align-items:center;margin-right:14px">'
        f'<span style="display:inline-block;width:18px;height:14px;background:{face};'
        f'border:2px {style} {edge};margin-right:5px"></span>{html.escape(text)}</span>'
        for face, edge, style, text in legend_items
    )
    lead_note = pick(lang, "→ pelaku yang memimpin tahap", "→ the actor leading the stage")
    return (
        f'<div class="sistercity-flow" lang="{lang}" style="font-size:{size}px">'
        f'<div style="display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));'
        f'gap:6px">{"".join(boxes)}</div>'
        f'<div class="sistercity-flow-legend" style="font-size:{size}px;margin-top:4px">'
        f"{legend}<span>{html.escape(lead_note)}</span></div></div>"
    )


def stepper_html(stepper: Stepper, lang: str = "id") -> str:
    """The stepper's era as :func:`flow_html`, its current stage highlighted, completed ones ticked."""
    current = stepper.current_stage
    return flow_html(
        stepper.regime,
        current=None if current is None else current.stage_id,
        completed=stepper.completed,
        lang=lang,
    )
