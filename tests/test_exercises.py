"""The graded exercises: masters, generated student and solution versions, points, and nbgrader."""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from sistercity import authoring
from sistercity.grading.kernels.identity import cohort_of

EXPECTED = [
    "ex01_kota_kembar",
    "ex02_hukum_tiga_era",
    "ex03_langkah_demi_langkah",
    "ex04_monte_carlo",
    "ex05_jakarta_tokyo",
    "ex06_memilih_mitra",
    "ex07_jaringan",
    "ex08_sumber",
    "ex09_evaluasi",
    "ex10_proyek_akhir",
    "ex11_paradiplomasi",
    "ex12_konteks",
    "ex13_dokumen",
    "uts_kasus",
]
#: The NIM the committed solutions of the per-student-case assignments are worked for.
SOLUTION_NIM = "2601000001"
#: Text that may appear only in masters and solutions, never in what students get.
LEAKS = (
    "BEGIN SOLUTION",
    "END SOLUTION",
    "BEGIN HIDDEN TESTS",
    "END HIDDEN TESTS",
    "MARK SCHEME",
    "Skema penilaian",
    "Mark scheme",
    "Contoh jawaban",
    "Model answer",
)
SOLUTION_REGION = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", re.S)


def read(path: Path) -> nbformat.NotebookNode:
    """A notebook as nbformat reads it."""
    return nbformat.read(path, as_version=4)


def master(assignment: str) -> nbformat.NotebookNode:
    """The master notebook of ``assignment``."""
    return read(authoring.COURSE / "source" / assignment / f"{assignment}.ipynb")


def exercise(assignment: str) -> Path:
    """The committed student version of ``assignment``."""
    return authoring.EXERCISES / assignment / f"{assignment}.ipynb"


def solution(assignment: str) -> Path:
    """The committed solution version of ``assignment``."""
    return authoring.SOLUTIONS / assignment / f"{assignment}.ipynb"


def graded_points(nb: nbformat.NotebookNode, autograded_only: bool = False) -> float:
    """The points of a notebook's grade and task cells (only autograded test cells if asked)."""
    total = 0.0
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if not (meta.get("grade") or meta.get("task")):
            continue
        if autograded_only and not (cell.cell_type == "code" and meta.get("grade")):
            continue
        total += float(meta.get("points", 0))
    return total


def test_the_planned_assignments_have_masters():
    """course/source holds exactly the planned assignments (EXPECTED), each with its master notebook."""
    assert authoring.assignments() == EXPECTED


def test_masters_are_valid_nbgrader_notebooks():
    """Every master validates, uses nbgrader schema 3 and gives every grade cell a unique id."""
    for assignment in EXPECTED:
        nb = master(assignment)
        nbformat.validate(nb)
        ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells if "nbgrader" in c.metadata]
        assert len(ids) == len(set(ids)), assignment
        for cell in nb.cells:
            if "nbgrader" in cell.metadata:
                assert cell.metadata["nbgrader"]["schema_version"] == 3
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None, (assignment, cell.id)


def test_masters_mix_autograded_and_manual_work():
    """Every assignment has autograded test cells with hidden tests and manually graded work."""
    for assignment in EXPECTED:
        nb = master(assignment)
        autograded = graded_points(nb, autograded_only=True)
        assert 0 < autograded < graded_points(nb), assignment
        tests = [
            c
            for c in nb.cells
            if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")
        ]
        assert all("### BEGIN HIDDEN TESTS" in c.source for c in tests), assignment


def test_answers_need_no_typing_at_a_prompt():
    """No master asks for input() or waits on a widget: nbgrader runs them unattended."""
    for assignment in EXPECTED:
        for cell in master(assignment).cells:
            if cell.cell_type == "code":
                assert "input(" not in cell.source, (assignment, cell.id)
                assert "time.sleep" not in cell.source and "wait_for_change" not in cell.source


def test_assessment_points_match_the_notebooks_and_weights_sum_to_100():
    """course/assessment.csv lists every assignment with its notebook's points; weights sum to 100."""
    with (authoring.COURSE / "assessment.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["assignment"] for r in rows] == EXPECTED
    for row in rows:
        assert float(row["points"]) == graded_points(master(row["assignment"])), row["assignment"]
        assert row["title_id"].strip() and row["title_en"].strip()
    assert sum(float(r["weight_percent"]) for r in rows) == 100


def test_exercises_hold_no_solution_hidden_test_or_mark_scheme():
    """Nothing students get contains a solution, a hidden test, a model answer or a mark scheme."""
    for assignment in EXPECTED:
        folder = authoring.EXERCISES / assignment
        # JupyterLab's checkpoints appear when a lecturer opens an exercise; they are gitignored.
        files = sorted(
            p for p in folder.rglob("*") if p.is_file() and ".ipynb_checkpoints" not in p.parts
        )
        assert files == [exercise(assignment)], f"{assignment}: unexpected files {files}"
        text = exercise(assignment).read_text(encoding="utf-8")
        for marker in LEAKS:
            assert marker not in text, f"{assignment}: '{marker}' reached the student version"
        # Every line written only inside a solution region must be absent from the student version.
        source = master(assignment)
        inside, outside = set(), set()
        for cell in source.cells:
            regions = SOLUTION_REGION.findall(cell.source)
            for region in regions:
                inside.update(line.strip() for line in region.splitlines() if len(line.strip()) > 8)
            outside.update(
                line.strip() for line in SOLUTION_REGION.sub("", cell.source).splitlines()
            )
        assert inside, f"{assignment}: the master has no solution region"
        student = {
            line.strip() for c in read(exercise(assignment)).cells for line in c.source.splitlines()
        }
        for line in sorted(inside - outside):
            assert line not in student, (
                f"{assignment}: solution line {line!r} reached the student version"
            )


def test_exercises_give_indonesian_before_english():
    """Every instruction cell of a student version gives the Indonesian text before the English."""
    for assignment in EXPECTED:
        cells = [c for c in read(exercise(assignment)).cells if c.cell_type == "markdown"]
        bilingual = [c for c in cells if "[ID]" in c.source or "[EN]" in c.source]
        assert bilingual and bilingual[0] is cells[0], (
            f"{assignment}: the title cell must be bilingual"
        )
        for cell in bilingual:
            assert "[ID]" in cell.source and "[EN]" in cell.source, (assignment, cell.id)
            assert cell.source.index("[ID]") < cell.source.index("[EN]"), (assignment, cell.id)


def test_generated_versions_have_no_outputs():
    """The committed student and solution versions carry no outputs or execution metadata."""
    for assignment in EXPECTED:
        for path in (exercise(assignment), solution(assignment)):
            for cell in read(path).cells:
                assert "execution" not in cell.metadata, path
                if cell.cell_type == "code":
                    assert not cell.outputs and cell.execution_count is None, (path, cell.id)


def test_solutions_keep_ids_and_nbgrader_metadata():
    """Solutions keep the masters' cell ids and nbgrader metadata, so nbgrader can match them."""
    for assignment in EXPECTED:
        source = {c.id: c.metadata.get("nbgrader") for c in master(assignment).cells}
        solved = {c.id: c.metadata.get("nbgrader") for c in read(solution(assignment)).cells}
        assert list(solved) == list(source), assignment
        for cell_id, meta in source.items():
            if meta and meta.get("grade"):
                assert solved[cell_id]["points"] == meta["points"], (assignment, cell_id)


def test_stale_check_reports_edited_missing_and_extra_files(tmp_path):
    """Comparing generated folders reports an edited notebook, a missing file and an extra file."""
    fresh = authoring.EXERCISES / EXPECTED[0]
    committed = tmp_path / EXPECTED[0]
    shutil.copytree(fresh, committed)
    assert authoring.compare_trees(fresh, committed, "x") == []
    nb = read(committed / f"{EXPECTED[0]}.ipynb")
    nb.cells[0].source += "\nedited by hand"
    nbformat.write(nb, committed / f"{EXPECTED[0]}.ipynb")
    (committed / "notes.txt").write_text("extra")
    differences = authoring.compare_trees(fresh, committed, "x")
    assert any("differs" in d for d in differences)
    assert any("notes.txt" in d for d in differences)
    (committed / f"{EXPECTED[0]}.ipynb").unlink()
    assert any("missing" in d for d in authoring.compare_trees(fresh, committed, "x"))
    assert authoring.compare_trees(fresh, tmp_path / "absent", "x")


def test_strip_notebook_keeps_ids_and_nbgrader_metadata():
    """Stripping removes outputs and run metadata but keeps cell ids and nbgrader metadata."""
    nb = read(solution(EXPECTED[0]))
    cell = next(c for c in nb.cells if c.cell_type == "code")
    cell.outputs = [nbformat.v4.new_output("stream", text="hello")]
    cell.execution_count = 3
    cell.metadata["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00"}
    nb.metadata["widgets"] = {"state": {}}
    nb.metadata["language_info"] = {"name": "python", "version": "3.11.7"}
    stripped = authoring.strip_notebook(nb)
    assert stripped.cells[0].id == read(solution(EXPECTED[0])).cells[0].id
    assert not cell.outputs and cell.execution_count is None and "execution" not in cell.metadata
    assert "nbgrader" in cell.metadata
    assert "widgets" not in stripped.metadata
    assert stripped.metadata["language_info"] == {"name": "python"}


@pytest.mark.nbgrader
def test_exercises_and_solutions_are_not_stale():
    """exercises/ and solutions/ are what nbgrader generates from the masters today."""
    assert authoring.stale() == []


@pytest.fixture(scope="module")
def graded_course(tmp_path_factory):
    """A copy of the course where nbgrader released, received and autograded every assignment.

    Student ``solver`` submits each committed solution; student ``blank`` submits the unchanged
    student version. One nbgrader process generates all assignments and one autogrades them all.
    """
    from nbgrader.api import Gradebook

    tmp = tmp_path_factory.mktemp("nbgrader")
    course = tmp / "course"
    shutil.copytree(authoring.COURSE / "source", course / "source")
    shutil.copy(authoring.COURSE / "nbgrader_config.py", course / "nbgrader_config.py")
    db = f"sqlite:///{tmp / 'gradebook.db'}"
    common = [
        f"--db={db}",
        f"--CourseDirectory.root={course}",
        f"--CourseDirectory.release_directory={tmp / 'release'}",
        f"--CourseDirectory.solution_directory={tmp / 'solutions'}",
        "--log-level=WARN",
    ]
    authoring.run_nbgrader(["generate_assignment", "[!_]*", "--force", *common], course)
    with Gradebook(db, "sistercity") as gradebook:
        # The solutions of per-student cases are worked for this NIM (the roster's ID number).
        gradebook.update_or_create_student("solver", lms_user_id=SOLUTION_NIM)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f UTC")
    for assignment in EXPECTED:
        for student, submitted in (
            ("solver", solution(assignment)),
            ("blank", tmp / "release" / assignment / f"{assignment}.ipynb"),
        ):
            folder = course / "submitted" / student / assignment
            folder.mkdir(parents=True)
            shutil.copy(submitted, folder / f"{assignment}.ipynb")
            (folder / "timestamp.txt").write_text(stamp)
    authoring.run_nbgrader(["autograde", "[!_]*", "--force", *common], course)

    scores = {}
    with Gradebook(db, "sistercity") as gradebook:
        for assignment in EXPECTED:
            for student in ("solver", "blank"):
                notebook = gradebook.find_submission_notebook(assignment, assignment, student)
                auto = [g for g in notebook.grades if g.cell.cell_type == "code"]
                scores[assignment, student] = (
                    sum(g.auto_score or 0 for g in auto),
                    sum(g.max_score for g in auto),
                    [g.name for g in auto if g.auto_score is None],
                )
    return course, scores


def errors_in(course: Path, student: str, assignment: str) -> list[str]:
    """The names of the errors raised in an autograded notebook, cell by cell."""
    nb = read(course / "autograded" / student / assignment / f"{assignment}.ipynb")
    return [
        out.ename
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        if out.output_type == "error"
    ]


@pytest.mark.nbgrader
def test_solutions_get_full_autograded_points(graded_course):
    """Submitting the solution earns every autograded point of every assignment, with no error."""
    course, scores = graded_course
    for assignment in EXPECTED:
        earned, possible, ungraded = scores[assignment, "solver"]
        assert not ungraded, f"{assignment}: not autograded: {ungraded}"
        assert possible == graded_points(master(assignment), autograded_only=True)
        assert earned == possible, f"{assignment}: solution got {earned}/{possible}"
        assert errors_in(course, "solver", assignment) == [], assignment


@pytest.mark.nbgrader
def test_unchanged_student_version_gets_zero_and_only_expected_errors(graded_course):
    """The untouched student version earns no autograded point and fails only as it should."""
    course, scores = graded_course
    for assignment in EXPECTED:
        earned, possible, ungraded = scores[assignment, "blank"]
        assert possible > 0 and not ungraded
        assert earned == 0, f"{assignment}: the blank version got {earned} points"
        errors = set(errors_in(course, "blank", assignment))
        assert errors, assignment
        expected = {"NotImplementedError", "AssertionError"}
        if cohort_of(master(assignment)):
            expected.add("NameError")  # without a NIM there is no case for the later cells
        assert errors <= expected, f"{assignment}: {errors}"
