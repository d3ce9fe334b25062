"""The RPS in both languages and questions.csv agree on the Sub-CPMK -> CPMK -> CPL map the report uses."""

from __future__ import annotations

import csv

import nbformat

from sistercity.course import layout
from sistercity.course_map import graded_cells
from sistercity.report.gradebook import case_cells, verdict_sources
from sistercity.report.model import check_scale, outcome_map

COURSE = layout()


def _maps():
    return {
        lang: outcome_map(COURSE.rps(lang).read_text(encoding="utf-8")) for lang in ("id", "en")
    }


def test_both_rps_give_the_same_map():
    """Indonesian and English RPS name the same CPL, CPMK and Sub-CPMK, linked the same way."""
    maps = _maps()
    ids, ens = maps["id"], maps["en"]
    assert list(ids.cpl) == list(ens.cpl) and len(ids.cpl) >= 1
    assert {k: v[1] for k, v in ids.cpmk.items()} == {k: v[1] for k, v in ens.cpmk.items()}
    assert {k: v[1] for k, v in ids.sub_cpmk.items()} == {k: v[1] for k, v in ens.sub_cpmk.items()}
    assert all(v[1] for v in ids.sub_cpmk.values()), "every Sub-CPMK serves a CPMK"


def test_every_question_assesses_a_sub_cpmk_of_both_rps_and_every_cpmk_is_assessed():
    """Each row's Sub-CPMK is in both RPS, and every CPMK and CPL has a graded question through the map."""
    with COURSE.questions.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for lang, found in _maps().items():
        unknown = sorted({r["sub_cpmk"] for r in rows} - set(found.sub_cpmk))
        assert not unknown, f"questions.csv names {unknown}, not in rps_{lang}.md"
        assessed_cpmk = {c for r in rows for c in found.cpmk_of(r["sub_cpmk"])}
        assert assessed_cpmk == set(found.cpmk), f"CPMK never assessed ({lang})"
        assessed_cpl = {cpl for c in assessed_cpmk for cpl in found.cpl_of(c)}
        assert assessed_cpl == set(found.cpl), f"CPL never assessed ({lang})"


def test_the_shipped_grade_scale_is_valid():
    """course/grade_scale.csv covers 0-100 with no gap or overlap."""
    import pandas as pd

    scale = check_scale(pd.read_csv(COURSE.root / "grade_scale.csv"), "course/grade_scale.csv")
    assert scale["letter"].tolist()[0] == "A" and scale["letter"].tolist()[-1] == "E"


def test_per_student_case_items_are_the_ones_the_masters_draw_a_case_for():
    """Only graded cells of the case assignments (midterm, capstone) read a student's case key.

    The test code is in the master's test cells, or in the grader's ``verdicts.json`` beside it.
    """
    marked = {}
    for master in sorted(COURSE.source.glob("*/*.ipynb")):
        notebook = nbformat.read(master, 4)
        ids = {c.grade_id for c in graded_cells(notebook)}
        sources = {c.metadata.get("nbgrader", {}).get("grade_id"): c.source for c in notebook.cells}
        sources = {k: v for k, v in sources.items() if k in ids}
        for name, code in verdict_sources(COURSE.root, master.parent.name).items():
            sources[name] = sources.get(name, "") + "\n" + code
        found = case_cells(sources)
        if found:
            marked[master.parent.name] = found
    assert set(marked) == {"uts_kasus", "ex10_proyek_akhir"}
    assert len(marked["uts_kasus"]) >= 5
