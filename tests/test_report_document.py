"""The report's writers: a self-contained HTML page, a CSV with no zero for missing work, the portfolio."""

from __future__ import annotations

import csv
import io
import math
import re

from sistercity.report import document
from tests.test_report_model import ASSESSMENT, RPS, _class, _report

RPS_DOC = (
    "# RPS\n\n## 1. Identitas\n\n| Butir | Isi |\n| --- | --- |\n| Nama | Uji |\n\n## 2. Capaian\n"
    + RPS
)


def _result():
    cells, statuses, _, _ = _class(seed=9, n=30)
    return _report(cells, statuses, case_items=[("a2", "q3")])


def test_html_is_self_contained_and_bilingual():
    """Figures are embedded images, nothing is fetched, and headings carry both languages."""
    page = document.to_html(_result(), "Kelas uji")
    assert not re.search(r"(src|href)=['\"]?(https?:)?//", page)
    assert page.count("data:image/png;base64,") == 7
    assert "Analisis butir" in page and "Item analysis" in page
    assert "q3 ◆" in page


def test_csv_leaves_missing_scores_empty_and_says_what_is_open():
    """A student with nothing graded has an empty score and letter, never 0, and the open weight."""
    result = _result()
    rows = list(csv.DictReader(io.StringIO(document.to_csv(result))))
    assert len(rows) == len(result.students)
    for row in rows:
        score = result.students.loc[row["student"], "score"]
        if math.isnan(score):
            assert row["score"] == "" and row["letter"] == ""
        else:
            assert float(row["score"]) == score
        attained = result.cpmk.loc[row["student"], "CPMK-1"]
        assert row["reached:CPMK-1"] == (
            "" if math.isnan(attained) else ("yes" if attained >= 60 else "no")
        )
    assert {"open_weight", "status:a1", "attainment:CPL-B"} <= set(rows[0])
    roster = {"s01": {"idnumber": "2301001", "email": "s01@kampus.ac.id"}}
    with_ids = list(csv.DictReader(io.StringIO(document.to_csv(result, roster))))
    assert [r["id_number"] for r in with_ids if r["student"] == "s01"] == ["2301001"]
    assert list(with_ids[0])[:4] == ["student", "name", "id_number", "email"]


def test_portfolio_has_the_rps_the_results_and_empty_sections_in_each_language():
    """Both portfolios copy the RPS's sections, list CPMK results and leave sections 6 and 7 to fill."""
    result = _result()
    assessment = ASSESSMENT.assign(title_id="Tugas", title_en="Assignment")
    for lang, heading, blank in (
        ("id", "## 7. Rencana perbaikan", "[diisi dosen]"),
        ("en", "## 7. Improvement plan", "[to be written by the lecturer]"),
    ):
        text = document.to_portfolio(result, RPS_DOC, assessment, lang)
        assert heading in text and text.count(blank) == 2
        assert "| Nama | Uji |" in text and "| CPMK-2 | Analyse. | CPL-A, CPL-B |" in text
        cpmk = result.class_summary["cpmk"].loc["CPMK-1"]
        assert f"| CPMK-1 | {cpmk['mean']:.1f} | {int(cpmk['students'])} |" in text
        assert "| a3 |" in text  # planned, not yet in the report


def test_a_course_without_a_gradebook_is_told_to_grade_first(tmp_path, capsys):
    """``sistercity report`` on a course never graded says so in both languages (and creates nothing)."""
    from sistercity.cli import main
    from sistercity.grading import democourse

    (tmp_path / "nbgrader_config.py").write_text(democourse.CONFIG, encoding="utf-8")
    assert main(["report", "--course", str(tmp_path), "--no-pdf"]) == 2
    err = capsys.readouterr().err
    assert "sistercity grade" in err and "buku nilai belum ada" in err
    assert not (tmp_path / "gradebook.db").exists()


def test_the_live_view_follows_its_filters():
    """The app's report follows the chosen assignments and threshold; a bad course is a message."""
    import matplotlib

    matplotlib.use("Agg")
    from sistercity.report import model
    from sistercity.report.widgets import ReportApp
    from tests.test_report_model import BOOK, QUESTIONS

    cells, statuses, _, _ = _class(seed=4, n=25)
    inputs = {
        "cells": cells,
        "statuses": statuses,
        "gradebook_cells": BOOK,
        "questions": QUESTIONS,
        "assessment": ASSESSMENT,
        "outcomes": model.outcome_map(RPS),
    }
    app = ReportApp("en", inputs=inputs)
    assert app.report().assignments == ["a1", "a2"]
    app.assignments.value = ("a2",)
    app.threshold.value = 80
    report = app.report()
    assert report.assignments == ["a2"] and report.threshold == 80
    assert report.class_summary["cpmk"].equals(
        _report(cells, statuses, assignments=["a2"], threshold=80).class_summary["cpmk"]
    )
    broken = ReportApp("id", course="/nonexistent/course")
    assert "nbgrader_config.py" in broken.message.value
