"""The classroom role-play of the approval scheme: pure model, shared state, debrief, plot, widgets.

``from sistercity.roleplay import game_for`` gives a :class:`~sistercity.roleplay.model.Game`
built from the course datasets; :mod:`sistercity.roleplay.store` keeps one game in a SQLite file
that several groups share; :mod:`sistercity.roleplay.debrief` turns its log into a timeline, the
stalls and the grades.
"""

from __future__ import annotations

from sistercity.roleplay.model import (
    ACTIONS,
    LOG_COLUMNS,
    Entry,
    Game,
    GameError,
    Inject,
    Role,
    action_label,
    new_game,
)
from sistercity.stepper.model import Proposal

__all__ = [
    "ACTIONS",
    "LOG_COLUMNS",
    "Entry",
    "Game",
    "GameError",
    "Inject",
    "Proposal",
    "Role",
    "action_label",
    "game_for",
    "new_game",
]


def game_for(era: str | None = None, proposal: Proposal | None = None) -> Game:
    """A new :class:`Game` of ``era`` (None: the current era) for ``proposal``, from the datasets."""
    from sistercity.data import load
    from sistercity.regimes import diplomatic_relations, get_regime

    return new_game(
        get_regime(era),
        load("roleplay_briefs"),
        load("roleplay_injects"),
        proposal or Proposal(),
        diplomatic_relations(),
    )
