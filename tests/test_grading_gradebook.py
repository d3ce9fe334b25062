"""The gradebook module's tamper checks, read and merge, on small gradebooks (no kernel, no nbgrader app)."""

from __future__ import annotations

import pytest

from sistercity.errors import UserError
from sistercity.grading import democourse, gradebook, settings

A = democourse.ASSIGNMENT
NOTEBOOK = "problems"
STUDENTS = ("ana", "budi", "citra")


@pytest.fixture(scope="module")
def template_db(tmp_path_factory):
    """A gradebook of the demo assignment with one code and one manual answer, everyone submitted."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PATH", settings.scripts_environment()["PATH"])  # nbgrader runs alembic
        return _build_course_db(tmp_path_factory.mktemp("template") / "gradebook.db")


@pytest.fixture
def course_db(template_db, tmp_path):
    """A fresh copy of the demo gradebook for one test (building it takes seconds; a copy does not)."""
    db = tmp_path / "gradebook.db"
    gradebook.copy_db(template_db, db)
    return db


def _build_course_db(db):
    """Build the demo gradebook at ``db`` through nbgrader's API and return its path."""
    with gradebook.open_gradebook(db, settings.COURSE_ID) as gb:
        gb.add_assignment(A)
        gb.add_notebook(NOTEBOOK, A)
        gb.add_grade_cell("squares", NOTEBOOK, A, max_score=2, cell_type="code")
        gb.add_solution_cell("squares", NOTEBOOK, A)
        gb.add_source_cell(
            "squares", NOTEBOOK, A, cell_type="code", source="def squares(n): ...", locked=False
        )
        gb.add_grade_cell("essay", NOTEBOOK, A, max_score=3, cell_type="markdown")
        gb.add_solution_cell("essay", NOTEBOOK, A)
        for number, student in enumerate(STUDENTS):
            gb.add_student(student, first_name=student.title(), lms_user_id=f"2024{number}")
            with gb.db.no_autoflush:  # nbgrader builds the rows before adding them
                gb.add_submission(A, student)
            grade = gb.find_grade("squares", NOTEBOOK, A, student)
            grade.auto_score = float(number)
        gb.db.commit()
    return db


def _private_copy(course_db, tmp_path, name="private.sqlite"):
    """A private copy of the course gradebook, as a grading worker gets one."""
    private = tmp_path / name
    gradebook.copy_db(course_db, private)
    return private


def _set_score(db, student, score):
    """Give ``student``'s code answer another automatic score in ``db``."""
    with gradebook.open_gradebook(db, settings.COURSE_ID) as gb:
        gb.find_grade("squares", NOTEBOOK, A, student).auto_score = score
        gb.db.commit()


def test_snapshot_skips_exactly_the_rows_asked_for(course_db):
    """A snapshot holds everyone's grade rows, minus the (assignment, student) pairs skipped."""
    everything = gradebook.snapshot(course_db, set())
    without_ana = gradebook.snapshot(course_db, {(A, "ana")})
    dropped = everything - without_ana
    assert dropped and all(row[1] == "ana" for row in dropped)
    assert {row[1] for row in everything if row[0] == A} == set(STUDENTS)


def test_check_private_accepts_a_copy_where_only_the_student_changed(course_db, tmp_path):
    """The student's own new score is no tampering."""
    pristine = gradebook.snapshot(course_db, set())
    private = _private_copy(course_db, tmp_path)
    _set_score(private, "budi", 2.0)
    assert gradebook.check_private(private, A, "budi", pristine) == ""


def test_check_private_finds_a_changed_row_of_another_student(course_db, tmp_path):
    """A copy in which another student's score changed is reported as tampering."""
    pristine = gradebook.snapshot(course_db, set())
    private = _private_copy(course_db, tmp_path)
    _set_score(private, "ana", 2.0)
    problem = gradebook.check_private(private, A, "budi", pristine)
    assert problem.startswith("TAMPERING") and "other rows" in problem


def test_check_private_finds_a_damaged_copy(course_db, tmp_path):
    """A copy overwritten with garbage is reported as damaged, not read."""
    pristine = gradebook.snapshot(course_db, set())
    private = _private_copy(course_db, tmp_path)
    private.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4096)
    problem = gradebook.check_private(private, A, "budi", pristine)
    assert problem.startswith("TAMPERING") and "damaged" in problem


def test_read_results_then_merge_student_copies_the_students_rows(course_db, tmp_path):
    """What a worker reads from a private copy, merged into the run's copy, equals that copy's rows."""
    private = _private_copy(course_db, tmp_path)
    _set_score(private, "citra", 1.5)
    results = gradebook.read_results(private, A, "citra")
    staging = _private_copy(course_db, tmp_path, "staging.sqlite")
    with gradebook.open_gradebook(staging, settings.COURSE_ID) as target:
        gradebook.merge_student(results, target, A, "citra")
    assert gradebook.snapshot(staging, set()) == gradebook.snapshot(private, set())
    assert gradebook.snapshot(staging, set()) != gradebook.snapshot(course_db, set())


def test_install_refuses_a_staging_copy_with_changed_rows_outside_the_run(course_db, tmp_path):
    """A staging copy whose rows of a student outside the run changed never reaches the course."""
    run_keys = {(A, "citra"), ("student", "citra")}
    others_before = gradebook.snapshot(course_db, run_keys)
    staging = _private_copy(course_db, tmp_path, "staging.sqlite")
    _set_score(staging, "ana", 2.0)
    before = course_db.read_bytes()
    with pytest.raises(UserError, match="outside this run"):
        gradebook.install(staging, course_db, others_before, run_keys, gradebook.sha(course_db))
    assert course_db.read_bytes() == before


def test_install_keeps_a_course_gradebook_that_changed_during_the_run(course_db, tmp_path):
    """When the course gradebook changed meanwhile, that version is kept beside it and named."""
    run_keys = {(A, "citra"), ("student", "citra")}
    others_before = gradebook.snapshot(course_db, run_keys)
    before_sha = gradebook.sha(course_db)
    staging = _private_copy(course_db, tmp_path, "staging.sqlite")
    _set_score(staging, "citra", 2.0)
    _set_score(course_db, "ana", 1.0)  # the formgrader, say
    notes = gradebook.install(staging, course_db, others_before, run_keys, before_sha)
    kept = list(tmp_path.glob("gradebook.db.changed-*"))
    assert len(kept) == 1 and kept[0].name in notes[0]
    assert gradebook.snapshot(course_db, set()) == gradebook.snapshot(staging, set())
