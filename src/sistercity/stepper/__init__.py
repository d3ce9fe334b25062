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


def new_stepper(
    era: str | None = None,
    proposal: Proposal | None = None,
    *,
    year: int | None = None,
    after_signing: bool = False,
) -> Stepper:
    """A :class:`Stepper` for ``era`` (None: the current era) and ``proposal``, from the datasets.

    ``year`` keeps only the rules in force that year; ``after_signing`` lets the proposal walk on
    past the signature (implementation, annual report, end of the term).
    """
    from sistercity.regimes import diplomatic_relations, get_regime

    return Stepper(
        get_regime(era, year),
        proposal or Proposal(),
        diplomatic_relations(),
        after_signing=after_signing,
    )
