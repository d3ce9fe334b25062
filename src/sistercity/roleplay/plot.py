"""Draw a role-play game's log on a matplotlib Axes, for the debrief on a projector.

One lane per role (top to bottom as in ``roleplay_briefs.csv``), the facilitator's injects in a
lane of their own; one marker per action, left to right in the order taken. Accepted decisions
are green circles, revision requests and holds orange triangles, approvals blue squares, refusals
(out of role, blocked, against the rules) red crosses; injects are grey diamonds with a dashed
line across every lane. The background bands show the stage each action was taken at, numbered
at the top as on the board.
"""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from sistercity.i18n import check_lang, pick
from sistercity.roleplay.model import Game

STYLES = {
    "accepted": ("o", "#2e7d32"),
    "objection": ("^", "#ef6c00"),
    "approve": ("s", "#1565c0"),
    "refused": ("X", "#c62828"),
    "inject": ("D", "#616161"),
}
BANDS = ("#f3f3f3", "#ffffff")


def _style(entry) -> str:
    if entry.kind in ("inject", "undo"):
        return "inject"
    if not entry.accepted:
        return "refused"
    if entry.kind == "objection":
        return "approve" if entry.action == "approve" else "objection"
    return "accepted"


def plot_game(ax: Axes, game: Game, lang: str = "id") -> Axes:
    """Draw ``game``'s log as a timeline by role on ``ax`` and return it."""
    check_lang(lang)
    lanes = [r.role_id for r in game.roles] + [""]
    names = [r.name(lang) for r in game.roles] + [pick(lang, id="Fasilitator", en="Facilitator")]
    y = {role: len(lanes) - 1 - i for i, role in enumerate(lanes)}
    entries = game.entries
    orders = {s.stage_id: s.order for s in game.regime.stages}
    centres, numbers, start = [], [], 0
    for index in range(1, len(entries) + 1):
        if index == len(entries) or entries[index].stage_id != entries[start].stage_id:
            ax.axvspan(start + 0.5, index + 0.5, color=BANDS[len(centres) % 2], zorder=0)
            centres.append((start + index + 1) / 2)
            numbers.append(str(orders.get(entries[start].stage_id, "")))
            start = index
    top = ax.secondary_xaxis("top")
    top.set_xticks(centres, numbers, fontsize=8)
    top.set_xlabel(
        pick(lang, id="tahap (nomor urut di papan)", en="stage (its number on the board)"),
        fontsize=8,
    )
    for entry in entries:
        marker, colour = STYLES[_style(entry)]
        ax.scatter(entry.step, y[entry.role_id], marker=marker, color=colour, s=70, zorder=3)
        if entry.kind == "inject":
            ax.axvline(entry.step, color=colour, linestyle="--", linewidth=0.8, zorder=1)
    ax.set_yticks(range(len(lanes)), list(reversed(names)))
    ax.set_ylim(-0.6, len(lanes) - 0.4)
    ax.set_xlim(0.5, max(len(entries), 1) + 0.5)
    ax.set_xlabel(pick(lang, id="langkah permainan", en="game step"))
    ax.set_title(
        pick(
            lang,
            id=f"Jalannya permainan peran: {game.regime.title('id')}",
            en=f"How the role-play went: {game.regime.title('en')}",
        ),
        fontsize=10,
        pad=28,
    )
    labels = {
        "accepted": pick(lang, id="keputusan diterima", en="decision accepted"),
        "objection": pick(lang, id="minta revisi / tahan", en="revision asked / hold"),
        "approve": pick(lang, id="persetujuan", en="approval"),
        "refused": pick(lang, id="ditolak", en="refused"),
        "inject": pick(lang, id="inject", en="inject"),
    }
    handles = [
        Line2D([], [], marker=m, color=c, linestyle="", label=labels[k])
        for k, (m, c) in STYLES.items()
    ]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=5, fontsize=8)
    return ax
