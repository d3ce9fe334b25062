"""Content fixes from the review that can be checked mechanically: spellings, the seed paper's citation, non-recognised states."""

from __future__ import annotations

from pathlib import Path

import pytest

from sistercity.data import load

ROOT = Path(__file__).resolve().parents[1]
TEXTS = [
    *sorted((ROOT / "notebooks").glob("*/*.md")),
    *sorted((ROOT / "data").glob("*.csv")),
    *sorted((ROOT / "course").glob("*.md")),
    *sorted((ROOT / "course" / "source").glob("*/*.ipynb")),
]


@pytest.mark.parametrize("wrong", ["Soerjadi", "Moskow ", "Moskow,", "Liga Hanseatik"])
def test_names_are_spelt_one_way_everywhere(wrong):
    """Surjadi, Moskwa (Indonesian) and Liga Hansa are spelt the same in lessons, data and exercises."""
    found = [p.relative_to(ROOT) for p in TEXTS if wrong in p.read_text(encoding="utf-8")]
    assert not found, found


@pytest.mark.parametrize(
    "path",
    [
        "data/README.md",
        "course/rps_id.md",
        "course/rps_en.md",
        "notebooks/id/00_mulai_di_sini.md",
        "notebooks/en/00_start_here.md",
        "notebooks/id/05_studi_kasus_jakarta_tokyo.md",
        "notebooks/en/05_case_jakarta_tokyo.md",
        "notebooks/id/08_memeriksa_sumber.md",
        "notebooks/en/08_checking_sources.md",
    ],
)
def test_the_seed_paper_is_cited_with_author_journal_and_doi(path):
    """Where the seed paper is used, it is cited as Tambunan (2017), Sociae Polites, with its DOI."""
    text = (ROOT / path).read_text(encoding="utf-8")
    for part in ("Tambunan", "Sociae Polites", "10.33541/sp.v1i1.469"):
        assert part in text, (path, part)


def test_states_indonesia_does_not_recognise_have_no_diplomatic_relations():
    """Kosovo and the SADR are in countries.csv with no diplomatic relations, beside Israel and Taiwan."""
    relations = load("countries").set_index("country")["diplomatic_relations"]
    for country in ("Israel", "Taiwan", "Kosovo", "Sahrawi Arab Democratic Republic"):
        assert relations[country] == "no", country


def test_indonesian_texts_speak_of_a_mata_kuliah_not_a_kursus():
    """Lessons, exercises, the lecturer's documents and messages say mata kuliah / materi.

    A university course is a *mata kuliah* taught in *pertemuan* with *materi*; *kursus* (a training
    course) and *pelajaran* as a name for a lesson (a school subject) are the wrong register.
    """
    import re

    paths = [
        *(ROOT / "notebooks" / "id").glob("*.md"),
        *(ROOT / "course" / "source").glob("*/*.ipynb"),
        *(ROOT / "course").glob("*_id.md"),
        ROOT / "course" / "README.md",
        *(ROOT / "src" / "sistercity").rglob("*.py"),
    ]
    wrong = re.compile(r"\bkursus\b|\bpelajaran\s+\d\d|\bpelajaran\s+(ini|itu|berikut)\b", re.I)
    for path in paths:
        found = wrong.findall(path.read_text(encoding="utf-8"))
        assert not found, f"{path.relative_to(ROOT)}: {found}"
