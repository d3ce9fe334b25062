"""course/questions.csv covers every graded cell of the masters; the C4–C6 report adds up."""

from __future__ import annotations

import csv
import shutil
from collections import Counter

import pytest

from sistercity import course_map
from sistercity.cli import main

from .conftest import ROOT
from .test_exercises import EXPECTED, graded_points, master
from .test_syllabus import _assessment

COURSE = ROOT / "course"


def _questions() -> list[dict]:
    """The rows of course/questions.csv."""
    with (COURSE / "questions.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _graded(assignment: str) -> dict[str, tuple[float, str]]:
    """Each graded cell of a master read now: grade_id → (points, autograded or manual)."""
    found = {}
    for cell in master(assignment).cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") or meta.get("task"):
            tested = cell.cell_type == "code" and meta.get("grade") and not meta.get("solution")
            found[meta["grade_id"]] = (float(meta["points"]), "autograded" if tested else "manual")
    return found


def _sub_cpmk(rps: str) -> dict[str, dict]:
    """The Sub-CPMK table of one RPS."""
    return course_map.sub_cpmk_table((COURSE / rps).read_text(encoding="utf-8"))


def test_every_graded_cell_of_every_master_has_exactly_one_row_with_its_points_and_kind():
    """Each grade or task cell of each master appears once, with the master's points and kind."""
    counts = Counter((row["assignment"], row["grade_id"]) for row in _questions())
    rows = {(row["assignment"], row["grade_id"]): row for row in _questions()}
    for assignment in EXPECTED:
        cells = _graded(assignment)
        assert cells, assignment
        for grade_id, (points, kind) in cells.items():
            key = (assignment, grade_id)
            assert counts[key] == 1, f"{key}: {counts[key]} rows"
            assert float(rows[key]["points"]) == points, key
            assert rows[key]["kind"] == kind, key


def test_no_row_names_a_cell_the_masters_do_not_grade():
    """Every row names an assignment of the course and a graded cell of its master."""
    graded = {assignment: _graded(assignment) for assignment in EXPECTED}
    for row in _questions():
        assert row["assignment"] in graded, row["assignment"]
        assert row["grade_id"] in graded[row["assignment"]], (row["assignment"], row["grade_id"])


def test_points_per_assignment_equal_the_assessment():
    """The rows of each assignment add up to its points in course/assessment.csv."""
    totals = Counter()
    for row in _questions():
        totals[row["assignment"]] += float(row["points"])
    assert {name: float(row["points"]) for name, row in _assessment().items()} == dict(totals)


def test_rows_give_a_bloom_level_a_lesson_and_a_note_in_both_languages():
    """Bloom is C1–C6, kind is known, the lesson exists in both twins, the note is bilingual."""
    for row in _questions():
        where = (row["assignment"], row["grade_id"])
        assert row["bloom"] in course_map.BLOOM, where
        assert row["kind"] in course_map.KINDS, where
        for lang in ("id", "en"):
            assert list((ROOT / "notebooks" / lang).glob(f"{row['lesson']}_*.md")), where
        note_id, _, note_en = row["note"].partition(" / ")
        assert note_id.strip() and note_en.strip(), where


def test_sub_cpmk_values_exist_in_both_syllabi():
    """Every sub_cpmk of the rows is a Sub-CPMK of the RPS, whose two languages list the same ones."""
    table = _sub_cpmk("rps_id.md")
    assert len(table) >= 11 and "Sub-CPMK-10" in table
    assert {code: row["lesson"] for code, row in _sub_cpmk("rps_en.md").items()} == {
        code: row["lesson"] for code, row in table.items()
    }
    for row in _questions():
        assert row["sub_cpmk"] in table, (row["assignment"], row["grade_id"], row["sub_cpmk"])


def test_graded_cells_finds_the_points_the_exercise_tests_count():
    """course_map.graded_cells gives each master the points of graded_points and the same ids."""
    for assignment in EXPECTED:
        nb = master(assignment)
        cells = course_map.graded_cells(nb)
        assert sum(cell.points for cell in cells) == graded_points(nb), assignment
        assert {c.grade_id: (c.points, c.kind) for c in cells} == _graded(assignment)


def test_differences_report_missing_extra_duplicated_and_changed_rows():
    """Dropping, inventing, doubling or changing a row is each reported; the real file matches."""
    cells = {assignment: course_map.graded_cells(master(assignment)) for assignment in EXPECTED}
    rows = _questions()
    assert course_map.differences(rows, cells) == []
    changed = dict(rows[1], points=str(float(rows[1]["points"]) + 1))
    invented = dict(rows[2], grade_id="no_such_cell")
    edited = [changed, rows[2], rows[2], invented, *rows[3:]]
    found = "\n".join(course_map.differences(edited, cells))
    assert f"{rows[0]['assignment']}/{rows[0]['grade_id']}: graded cell with no row" in found
    assert f"{rows[1]['assignment']}/{rows[1]['grade_id']}: row {changed['points']} points" in found
    assert f"{rows[2]['assignment']}/{rows[2]['grade_id']}: 2 rows" in found
    assert f"{rows[2]['assignment']}/no_such_cell: row names no graded cell" in found


def test_profile_weighs_each_question_by_its_share_of_points_and_the_weight():
    """A question worth a quarter of a 40% assignment is 10% of the final grade."""
    assessment = [
        {"assignment": "a", "points": "8", "weight_percent": "40"},
        {"assignment": "b", "points": "10", "weight_percent": "60"},
    ]
    questions = [
        {"assignment": "a", "grade_id": "q1", "points": "2", "sub_cpmk": "S1", "bloom": "C5"},
        {"assignment": "a", "grade_id": "q2", "points": "6", "sub_cpmk": "S1", "bloom": "C1"},
        {"assignment": "b", "grade_id": "q1", "points": "10", "sub_cpmk": "S2", "bloom": "C6"},
    ]
    result = course_map.profile(questions, assessment, ["S1", "S2", "S3"])
    assert result.by_bloom["C5"] == pytest.approx(10)
    assert result.by_bloom["C1"] == pytest.approx(30)
    assert result.higher_order_percent == pytest.approx(70)
    assert result.target_met
    assert result.by_sub_cpmk == pytest.approx({"S1": 40, "S2": 60, "S3": 0})
    assert result.assessed == ["S1", "S2"] and result.never_assessed == ["S3"]
    assert result.by_assignment["a"] == pytest.approx((40, 25))


def test_profile_of_the_course_adds_up_to_the_whole_grade():
    """For the real course the Bloom shares and the Sub-CPMK shares each sum to 100%."""
    result = course_map.profile(_questions(), _assessment().values(), _sub_cpmk("rps_id.md").keys())
    assert sum(result.by_bloom.values()) == pytest.approx(100)
    assert sum(result.by_sub_cpmk.values()) == pytest.approx(100)
    assert set(result.assessed) | set(result.never_assessed) == set(_sub_cpmk("rps_id.md"))


def test_the_rps_states_the_share_the_questions_command_reports_and_coverage_is_full():
    """Both RPS give the C4–C6 share `sistercity questions` computes, and every Sub-CPMK is assessed.

    The share is what the audited classes give (course/README.md has the rule of each level); when
    it falls below the 50% target, the RPS says so rather than claiming more than half.
    """
    result = course_map.profile(_questions(), _assessment().values(), _sub_cpmk("rps_id.md").keys())
    share = f"{result.higher_order_percent:.1f}"
    id_text = (COURSE / "rps_id.md").read_text(encoding="utf-8")
    en_text = (COURSE / "rps_en.md").read_text(encoding="utf-8")
    assert f"**{share.replace('.', ',')} %** nilai akhir bertumpu pada pekerjaan" in id_text
    assert f"**{share}%** of\nthe final grade rests on C4–C6" in en_text
    below = result.higher_order_percent < 50
    assert ("di bawah target" in id_text) == below and ("below the 50% target" in en_text) == below
    assert "lebih dari separuh nilai akhir" not in id_text
    assert "more than half of the final grade" not in en_text
    assert result.never_assessed == []


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [("bloom", "C7", "C1–C6"), ("sub_cpmk", "Sub-CPMK-99", "RPS"), ("assignment", "ex99", "add")],
)
def test_profile_rejects_an_unknown_bloom_level_sub_cpmk_or_assignment(field, value, says):
    """A row with an unknown value is an error naming the row and what to use."""
    rows = _questions()
    rows[0] = dict(rows[0], **{field: value})
    with pytest.raises(ValueError, match=says) as error:
        course_map.profile(rows, _assessment().values(), _sub_cpmk("rps_id.md").keys())
    assert rows[0]["grade_id"] in str(error.value)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_questions_command_prints_the_share_the_target_and_the_coverage(capsys, lang):
    """`sistercity questions` prints the weighted C4–C6 share against 50% and the coverage."""
    result = course_map.profile(_questions(), _assessment().values(), _sub_cpmk("rps_id.md").keys())
    assert main(["questions", "--course", str(COURSE), "--lang", lang]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    first = out.splitlines()[0]
    assert f"{result.higher_order_percent:.1f}%" in first and "50%" in first
    met = {"id": ("tercapai", "belum tercapai"), "en": ("met", "not met")}[lang]
    assert (met[0] if result.target_met else met[1]) in first
    never = next(line for line in out.splitlines() if line.startswith(("Never", "Tidak pernah")))
    listed = never.split(": ", 1)[1]
    assert ([] if listed == "-" else listed.split(", ")) == result.never_assessed


def test_questions_command_warns_when_the_csv_no_longer_matches_a_master(tmp_path, capsys):
    """A graded cell missing from questions.csv is a warning saying which cell and what to do."""
    course = tmp_path / "course"
    shutil.copytree(
        COURSE,
        course,
        ignore=shutil.ignore_patterns("gradebook.db", "submitted", "autograded", "grading"),
    )
    rows = _questions()
    with (course / "questions.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows[1:])
    assert main(["questions", "--course", str(course), "--lang", "en"]) == 0
    err = capsys.readouterr().err
    assert f"{rows[0]['assignment']}/{rows[0]['grade_id']}: graded cell with no row" in err
    assert "no longer matches the masters: update its rows" in err
