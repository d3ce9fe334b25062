"""The step-by-step simulator of forming a sister city: pure model, plot and widget.

``from sistercity.stepper import new_stepper`` gives a :class:`~sistercity.stepper.model.Stepper`
built from the course datasets; the widget is in :mod:`sistercity.stepper.widgets`.
"""

from __future__ import annotations

from sistercity.procedure import DECISIONS, Actor, Regime, Requirement, Stage
from sistercity.stepper.model import (
    LOG_COLUMNS,
    Outcome,
    Proposal,
    Stepper,
    decision_label,
)

__all__ = [
    "DECISIONS",
    "LOG_COLUMNS",
    "Actor",
    "Outcome",
    "Proposal",
    "Regime",
    "Requirement",
    "Stage",
    "Stepper",
    "decision_label",
    "new_stepper",
]


def new_stepper(era: str | None = None, proposal: Proposal | None = None) -> Stepper:
    """A :class:`Stepper` for ``era`` (None: the current era) and ``proposal``, from the datasets."""
    from sistercity.regimes import diplomatic_relations, get_regime

    return Stepper(get_regime(era), proposal or Proposal(), diplomatic_relations())
