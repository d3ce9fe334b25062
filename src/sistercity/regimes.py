"""The legal eras of forming a sister city, built from ``data/`` as objects.

The eras themselves are rows of ``data/eras.csv``: adding an era means adding rows there and in
``stages.csv`` (and ``requirements.csv``, ``pipeline_assumptions.csv``), never code.
``get_regime(era)`` returns a :class:`~sistercity.procedure.Regime`: its stages in order, its
criteria and procedural requirements and the actors taking part. ``diplomatic_relations()``
reads ``countries.csv``.
"""

from __future__ import annotations

from sistercity.data import load
from sistercity.i18n import both
from sistercity.procedure import (
    Actor,
    Era,
    Regime,
    Requirement,
    Stage,
    eras_from_frame,
    regime_from_frames,
)

__all__ = [
    "Actor",
    "Era",
    "Regime",
    "Requirement",
    "Stage",
    "all_regimes",
    "check_era",
    "current_era",
    "diplomatic_relations",
    "era_ids",
    "era_info",
    "eras",
    "get_regime",
]


def eras() -> tuple[Era, ...]:
    """Every era of ``data/eras.csv``, oldest first."""
    return eras_from_frame(load("eras"))


def era_ids() -> tuple[str, ...]:
    """The ids of every era, oldest first."""
    return tuple(e.era for e in eras())


def current_era() -> str:
    """The id of the newest era: the law in force today."""
    return eras()[-1].era


def check_era(era) -> str:
    """Return ``era`` as a string if ``eras.csv`` has it (None: the current era), else a bilingual ValueError."""
    if era is None:
        return current_era()
    text = str(era).strip()
    known = era_ids()
    if text not in known:
        raise ValueError(
            both(
                f"Era {era!r} tidak dikenal. Pilih salah satu: {', '.join(known)}.",
                f"Unknown era {era!r}. Choose one of: {', '.join(known)}.",
            )
        )
    return text


def era_info(era=None) -> Era:
    """The :class:`Era` called ``era`` (None: the current era)."""
    era = check_era(era)
    return next(e for e in eras() if e.era == era)


def get_regime(era=None, year: int | None = None) -> Regime:
    """The :class:`Regime` of ``era`` (None: the current era), built from the datasets.

    With ``year``, only the stages and requirements whose instruments were in force that year
    (:meth:`Regime.in_year`); without it, the era's full route.
    """
    regime = regime_from_frames(era_info(era), load("actors"), load("stages"), load("requirements"))
    return regime if year is None else regime.in_year(int(year))


def all_regimes() -> list[Regime]:
    """The regimes of every era, oldest first."""
    return [get_regime(era) for era in era_ids()]


def diplomatic_relations() -> dict[str, bool]:
    """Country name -> whether Indonesia has diplomatic relations with it (``countries.csv``)."""
    frame = load("countries")
    return dict(zip(frame["country"], frame["diplomatic_relations"] == "yes", strict=True))
