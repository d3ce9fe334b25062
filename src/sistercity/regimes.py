"""The three legal eras of forming a sister city, built from ``data/`` as objects.

``get_regime("2020")`` returns a :class:`~sistercity.stepper.model.Regime`: its stages in order
(``stages.csv``), its criteria and procedural requirements (``requirements.csv``) and the actors
taking part (``actors.csv``). ``diplomatic_relations()`` reads ``countries.csv``.
"""

from __future__ import annotations

from sistercity.data import load
from sistercity.i18n import both
from sistercity.stepper.model import Actor, Regime, Requirement, Stage, regime_from_frames

__all__ = [
    "ERAS",
    "ERA_TITLES",
    "Actor",
    "Regime",
    "Requirement",
    "Stage",
    "all_regimes",
    "diplomatic_relations",
    "get_regime",
]

ERAS = ("1993", "2004", "2020")

#: Each era's title: the instruments that frame it (sources in data/legal_instruments and stages).
ERA_TITLES: dict[str, tuple[str, str]] = {
    "1993": (
        "Era 1993: SE Mendagri 193/1652/PUOD (26 April 1993) di bawah UU 5/1974",
        "1993 era: Home Affairs Circular 193/1652/PUOD (26 April 1993) under UU 5/1974",
    ),
    "2004": (
        "Era 2004: UU 32/2004, UU 37/1999, UU 24/2000, Permenlu 09/A/KP/XII/2006/01, "
        "Permendagri 3/2008",
        "2004 era: UU 32/2004, UU 37/1999, UU 24/2000, Permenlu 09/A/KP/XII/2006/01, "
        "Permendagri 3/2008",
    ),
    "2020": (
        "Era 2020: UU 23/2014, PP 28/2018, Permendagri 25/2020",
        "2020 era: UU 23/2014, PP 28/2018, Permendagri 25/2020",
    ),
}


def check_era(era) -> str:
    """Return ``era`` as a string if it is one of :data:`ERAS`, else raise a bilingual ValueError."""
    text = str(era).strip()
    if text not in ERAS:
        raise ValueError(
            both(
                f"Era {era!r} tidak dikenal. Pilih salah satu: {', '.join(ERAS)}.",
                f"Unknown era {era!r}. Choose one of: {', '.join(ERAS)}.",
            )
        )
    return text


def get_regime(era: str = "2020") -> Regime:
    """The :class:`Regime` of ``era`` ("1993", "2004" or "2020"), built from the datasets."""
    era = check_era(era)
    title_id, title_en = ERA_TITLES[era]
    return regime_from_frames(
        era, load("actors"), load("stages"), load("requirements"), title_id, title_en
    )


def all_regimes() -> list[Regime]:
    """The regimes of every era, oldest first."""
    return [get_regime(era) for era in ERAS]


def diplomatic_relations() -> dict[str, bool]:
    """Country name -> whether Indonesia has diplomatic relations with it (``countries.csv``)."""
    frame = load("countries")
    return dict(zip(frame["country"], frame["diplomatic_relations"] == "yes", strict=True))
