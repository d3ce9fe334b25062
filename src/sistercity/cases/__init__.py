"""A case for every student, drawn from the course's datasets (the model is :mod:`.model`).

In an assignment notebook a student writes their NIM; ``midterm_case(NIM, KODE_ANGKATAN)`` or
``capstone_case(NIM, KODE_ANGKATAN)`` then shows their own case. The hidden tests ask
:mod:`sistercity.checks` for the right answers of the student being graded (whose identity
the grader fixes before any student code runs), so a copied notebook earns nothing.

A cohort code alone is the public practice mode: anyone with the package can draw its cases and
keys (self-study). A **graded** cohort (``sistercity cases --new-cohort``, :mod:`.cohort`) is
sealed by a lecturer secret kept in the course's configuration: its cases are released without
keys next to the notebook, :func:`midterm_case` and :func:`capstone_case` read them from there,
and only :func:`key_for`, given the course folder that holds the secret, draws their keys.

How a lecturer sets a new cohort code: see ``course/README.md`` ("Kasus per mahasiswa").
"""

from __future__ import annotations

from sistercity.cases.model import (
    CaseError,
    Cohort,
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
    "Cohort",
    "Item",
    "MidtermCase",
    "MidtermKey",
    "ScreeningCase",
    "ScreeningKey",
    "Step",
    "already_partnered",
    "capstone_case",
    "capstone_key",
    "key_for",
    "midterm_case",
    "midterm_key",
    "student_key",
]


def _midterm_data() -> dict:
    """The datasets a midterm case is drawn from: the eras a graded item may rest on, lawful partners."""
    from sistercity.cases.model import gradable_eras, lawful_partners
    from sistercity.data import load
    from sistercity.regimes import diplomatic_relations, era_ids, eras, get_regime

    regimes = {era: get_regime(era) for era in era_ids()}
    graded = gradable_eras(eras(), regimes)
    regimes = {era.era: regimes[era.era] for era in graded}
    relations = diplomatic_relations()
    return {
        "eras": graded,
        "regimes": regimes,
        "agreements": load("agreements"),
        "candidates": lawful_partners(load("candidates"), regimes, relations),
        "relations": relations,
        "assumptions": load("pipeline_assumptions"),
        "clocks": load("legal_clocks"),
    }


def _capstone_data() -> dict:
    """The datasets a capstone shortlist is drawn from, and how a home region's ranking is made."""
    from sistercity.data import load
    from sistercity.partners import era_criteria, rank_candidates
    from sistercity.partners.model import relations_lookup

    candidates = load("candidates")
    countries = load("countries")
    rankings = {}

    def ranking(home):
        if home not in rankings:
            rankings[home] = rank_candidates(home, candidates, countries=countries)
        return rankings[home]

    return {
        "candidates": candidates,
        "agreements": load("agreements"),
        "ranking": ranking,
        "relations": relations_lookup(countries),
        "measures": era_criteria().measures,
    }


def _midterm_draw(nim: str, cohort, data: dict | None = None):
    """A midterm case and its key (``cohort``: a code, or a sealed :class:`~.model.Cohort`)."""
    from sistercity.cases.model import _draw_midterm

    return _draw_midterm(nim, cohort, **(data or _midterm_data()))


def _capstone_draw(nim: str, cohort, data: dict | None = None):
    """A capstone shortlist and its key (``cohort``: a code, or a sealed cohort)."""
    from sistercity.cases.model import _draw_screening

    return _draw_screening(nim, cohort, **(data or _capstone_data()))


def _not_public(kind: str, nim: str, cohort: str) -> None:
    """Refuse a public key for a graded cohort (its cases are released next to the notebook)."""
    from sistercity.cases.cohort import released_cases
    from sistercity.i18n import both

    if released_cases(cohort, kind) is not None:
        raise CaseError(
            both(
                f"Angkatan {cohort} dinilai dengan rahasia dosen: kuncinya hanya ada pada dosen.",
                f"Cohort {cohort} is graded with the lecturer's secret: only the lecturer holds "
                "its key.",
            )
        )


def midterm_case(nim: str, cohort: str) -> MidtermCase:
    """The unseen proposal of the student ``nim`` in ``cohort`` (shown as Markdown in a notebook).

    For a graded cohort the case comes from the file released with the assignment (in the
    notebook's folder); otherwise it is drawn from the public practice seed.
    """
    from sistercity.cases.cohort import released_case

    released = released_case("midterm", nim, cohort)
    return released if released is not None else _midterm_draw(nim, cohort)[0]


def midterm_key(nim: str, cohort: str) -> MidtermKey:
    """The right answers of a practice midterm case (a graded cohort's key: :func:`key_for`)."""
    _not_public("midterm", nim, cohort)
    return _midterm_draw(nim, cohort)[1]


def capstone_case(nim: str, cohort: str) -> ScreeningCase:
    """The capstone's home region and partner shortlist of the student ``nim`` in ``cohort``."""
    from sistercity.cases.cohort import released_case

    released = released_case("capstone", nim, cohort)
    return released if released is not None else _capstone_draw(nim, cohort)[0]


def capstone_key(nim: str, cohort: str) -> ScreeningKey:
    """The right answers of a practice capstone shortlist (a graded cohort's key: :func:`key_for`)."""
    _not_public("capstone", nim, cohort)
    return _capstone_draw(nim, cohort)[1]


def key_for(kind: str, nim: str, cohort: str, course_dir):
    """The key the grader marks ``nim``'s case with: sealed by the course's secret when it has one."""
    from sistercity.cases.cohort import key_for as _key_for

    return _key_for(kind, nim, cohort, course_dir)
