"""Choosing a partner: score candidate cities and provinces on the partner criteria of a legal era.

``model`` is pure (pandas only), ``plot`` draws on a matplotlib Axes, ``widgets`` wires controls.
This package re-exports the model and adds what needs the data: :func:`era_criteria` reads which
measure stands for which criterion of an era (``data/partner_criteria.csv``, ``requirements.csv``),
and :func:`rank_candidates` / :func:`score_pair` here score by the criteria of an era (by default
the one in force, :func:`sistercity.regimes.current_era`). The model's own functions of the same
names score all six measures unless given a :class:`CriteriaSet`. This package never imports the
plotting or widget layers.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from sistercity.data import DataError, load
from sistercity.partners import model
from sistercity.partners.model import (
    CRITERIA,
    CRITERION_NAMES,
    DEFAULT_WEIGHTS,
    MEASURE_NAMES,
    MEASURES,
    PROBLEMS,
    SECTORS,
    CriteriaSet,
    PairScore,
    check_weights,
    criteria_from_frames,
    find_region,
)

__all__ = [
    "CRITERIA",
    "CRITERION_NAMES",
    "DEFAULT_WEIGHTS",
    "MEASURES",
    "MEASURE_NAMES",
    "PROBLEMS",
    "SECTORS",
    "CriteriaSet",
    "PairScore",
    "check_weights",
    "era_criteria",
    "find_region",
    "load_candidates",
    "load_countries",
    "rank_candidates",
    "score_pair",
]


def load_candidates() -> pd.DataFrame:
    """The candidates table, ``data/candidates.csv``, checked against its schema."""
    return load("candidates")


def load_countries() -> pd.DataFrame | None:
    """The countries table with Indonesia's diplomatic relations, or None while it is missing."""
    try:
        return load("countries")
    except (DataError, KeyError, FileNotFoundError):
        # The file is written separately; until it exists, relations are shown as "unknown".
        return None


def era_criteria(era: str | None = None) -> CriteriaSet:
    """The partner criteria of ``era`` (None: the era in force) and the measures that score them."""
    from sistercity.regimes import check_era

    return criteria_from_frames(check_era(era), load("partner_criteria"), load("requirements"))


def rank_candidates(
    home,
    candidates: pd.DataFrame,
    weights: Mapping[str, float] | None = None,
    countries: pd.DataFrame | None = None,
    foreign_only: bool = True,
    era: str | None = None,
) -> pd.DataFrame:
    """Rank every candidate for ``home`` by the partner criteria of ``era`` (None: the era in force).

    The arguments are those of :func:`sistercity.partners.model.rank_candidates`; weights of
    measures the era does not score are ignored.
    """
    return model.rank_candidates(
        home, candidates, weights, countries, foreign_only, criteria=era_criteria(era)
    )


def score_pair(
    home: Mapping,
    candidate: Mapping,
    weights: Mapping[str, float] | None = None,
    diplomatic_relations: str = "unknown",
    era: str | None = None,
) -> PairScore:
    """Score ``candidate`` for ``home`` by the partner criteria of ``era`` (None: the era in force)."""
    return model.score_pair(
        home, candidate, weights, diplomatic_relations, criteria=era_criteria(era)
    )
