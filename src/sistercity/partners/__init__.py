"""Choosing a partner: score candidate cities and provinces on the criteria of SE Mendagri 193/1652/PUOD.

``model`` is pure (pandas only), ``plot`` draws on a matplotlib Axes, ``widgets`` wires controls.
This package re-exports the model and two loaders; it never imports the plotting or widget layers.
"""

from __future__ import annotations

import pandas as pd

from sistercity.data import DataError, load
from sistercity.partners.model import (
    CRITERIA,
    CRITERION_NAMES,
    DEFAULT_WEIGHTS,
    PROBLEMS,
    SECTORS,
    PairScore,
    check_weights,
    find_region,
    rank_candidates,
    score_pair,
)

__all__ = [
    "CRITERIA",
    "CRITERION_NAMES",
    "DEFAULT_WEIGHTS",
    "PROBLEMS",
    "SECTORS",
    "PairScore",
    "check_weights",
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
