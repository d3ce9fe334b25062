"""Draw an era's procedure as a swimlane diagram on a matplotlib Axes.

Each actor taking part in the era is a horizontal lane (``lane_order`` top to bottom). Each stage is a
box, in order from left to right, in the lane of the actor who leads it; small dots mark the other
actors taking part. Completed stages are green with a tick, the current stage is yellow with a red
edge, and stages whose legal basis is unverified have a dashed edge.
"""

from __future__ import annotations

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
