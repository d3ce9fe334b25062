"""A case for every student, drawn from the course's datasets (the model is :mod:`.model`).

In an assignment notebook a student writes their NIM; ``midterm_case(NIM, KODE_ANGKATAN)`` or
``capstone_case(NIM, KODE_ANGKATAN)`` then shows their own case. The hidden tests ask
:mod:`sistercity.checks` for the right answers of the student being graded (whose identity
the grader fixes before any student code runs), so a copied notebook earns nothing.

How a lecturer sets a new cohort code: see ``course/README.md`` ("Kasus per mahasiswa").
"""

from __future__ import annotations

from sistercity.cases.model import (
    CaseError,
    Item,
    MidtermCase,
    MidtermKey,
    ScreeningCase,
    ScreeningKey,
    Step,
    already_partnered,
    student_key,
)

__all__ = [
    "CaseError",
    "Item",
    "MidtermCase",
    "MidtermKey",
    "ScreeningCase",
    "ScreeningKey",
    "Step",
    "already_partnered",
    "capstone_case",
    "capstone_key",
    "midterm_case",
    "midterm_key",
    "student_key",
]


def _midterm_data() -> dict:
    """The datasets a midterm case is drawn from."""
    from sistercity.data import load
    from sistercity.regimes import diplomatic_relations, era_ids, eras, get_regime

    return {
        "eras": eras(),
        "regimes": {era: get_regime(era) for era in era_ids()},
        "agreements": load("agreements"),
        "candidates": load("candidates"),
        "relations": diplomatic_relations(),
        "assumptions": load("pipeline_assumptions"),
    }


def _capstone_data() -> dict:
    """The datasets a capstone shortlist is drawn from, and how a home region's ranking is made."""
    from sistercity.data import load
    from sistercity.partners import rank_candidates
    from sistercity.partners.model import relations_lookup

    candidates = load("candidates")
    countries = load("countries")
    return {
        "candidates": candidates,
        "agreements": load("agreements"),
        "ranking": lambda home: rank_candidates(home, candidates, countries=countries),
        "relations": relations_lookup(countries),
    }


def midterm_case(nim: str, cohort: str) -> MidtermCase:
    """The unseen proposal of the student ``nim`` in ``cohort`` (shown as Markdown in a notebook)."""
    from sistercity.cases.model import draw_midterm

    return draw_midterm(nim, cohort, **_midterm_data())


def midterm_key(nim: str, cohort: str) -> MidtermKey:
    """The right answers of that midterm case (for the hidden tests and the lecturer)."""
    from sistercity.cases.model import midterm_answers

    return midterm_answers(nim, cohort, **_midterm_data())


def capstone_case(nim: str, cohort: str) -> ScreeningCase:
    """The capstone's home region and partner shortlist of the student ``nim`` in ``cohort``."""
    from sistercity.cases.model import draw_screening

    return draw_screening(nim, cohort, **_capstone_data())


def capstone_key(nim: str, cohort: str) -> ScreeningKey:
    """The right answers of that shortlist (for the hidden tests and the lecturer)."""
    from sistercity.cases.model import screening_answers

    return screening_answers(nim, cohort, **_capstone_data())
