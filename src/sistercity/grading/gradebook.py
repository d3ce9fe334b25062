"""Every use of nbgrader's ``Gradebook``: open, copy, snapshot, check, read, merge and install.

All grading data goes through nbgrader's API, opened one way (:func:`open_gradebook`), so an
nbgrader upgrade touches this module. The tamper checks live here too: a grading run grades
each student against a private copy of the gradebook, checks that copy (:func:`check_private`),
reads the student's results out of it (:func:`read_results`), writes them into the run's copy
(:func:`merge_student`) and installs that over the course gradebook only when nothing outside
the run changed (:func:`install`). nbgrader is imported inside the functions, so importing this
module stays cheap for commands that never open a gradebook.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from sistercity.grading import settings


def open_gradebook(path: Path | str, course_id: str):
    """The nbgrader ``Gradebook`` of the SQLite file ``path`` (a context manager that closes it).

    ``course_id`` is the course's (``status.course_info``); the run's throwaway copies are
    opened with :data:`settings.COURSE_ID`.
    """
    from nbgrader.api import Gradebook

    return Gradebook(f"sqlite:///{path}", course_id)


def open_gradebook_url(db_url: str):
    """The nbgrader ``Gradebook`` at ``db_url``, as nbgrader's own preprocessors are given it."""
    from nbgrader.api import Gradebook

    return Gradebook(db_url)


def copy_db(src: Path, dst: Path) -> None:
    """Copy an SQLite gradebook with SQLite's backup API (consistent even while it is open)."""
    source = sqlite3.connect(src)
    target = sqlite3.connect(dst)
    with target:
        source.backup(target)
    source.close()
    target.close()


def integrity(db: Path) -> str:
    """SQLite's ``PRAGMA integrity_check`` of ``db``: "ok" or what is wrong."""
    con = sqlite3.connect(db)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def _integrity_safe(db: Path) -> str:
    try:
        return integrity(db)
    except sqlite3.DatabaseError as error:
        return str(error)


def sha(path: Path) -> str:
    """The SHA-256 of a file's bytes, or "" when it does not exist."""
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


def _rows_of(gb) -> set[tuple]:
    """Every student, source cell, grade and comment of an open gradebook, as plain tuples.

    Read with nbgrader's own models through the gradebook's session, column by column: loading
    whole ``Student`` or ``Assignment`` objects computes every score, which costs ~80 ms.
    """
    from nbgrader import api

    query = gb.db.query
    rows = {
        ("student", *r)
        for r in query(
            api.Student.id,
            api.Student.first_name,
            api.Student.last_name,
            api.Student.email,
            api.Student.lms_user_id,
        )
    }
    sources = (
        query(
            api.Assignment.name,
            api.Notebook.name,
            api.SourceCell.name,
            api.SourceCell.cell_type,
            api.SourceCell.locked,
            api.SourceCell.source,
            api.SourceCell.checksum,
        )
        .join(api.Notebook, api.SourceCell.notebook_id == api.Notebook.id)
        .join(api.Assignment, api.Notebook.assignment_id == api.Assignment.id)
    )
    rows |= {("source", *r) for r in sources}
    for model, kind, values in (
        (
            api.Grade,
            "grade",
            (
                api.Grade.auto_score,
                api.Grade.manual_score,
                api.Grade.extra_credit,
                api.Grade.needs_manual_grade,
            ),
        ),
        (api.Comment, "comment", (api.Comment.auto_comment, api.Comment.manual_comment)),
    ):
        results = (
            query(
                api.Assignment.name,
                api.SubmittedAssignment.student_id,
                api.Notebook.name,
                api.BaseCell.name,
                *values,
            )
            .join(api.SubmittedNotebook, model.notebook_id == api.SubmittedNotebook.id)
            .join(
                api.SubmittedAssignment,
                api.SubmittedNotebook.assignment_id == api.SubmittedAssignment.id,
            )
            .join(api.Assignment, api.SubmittedAssignment.assignment_id == api.Assignment.id)
            .join(api.Notebook, api.SubmittedNotebook.notebook_id == api.Notebook.id)
            .join(api.BaseCell, model.cell_id == api.BaseCell.id)
        )
        for row in results:
            padded = (*row, None, None) if kind == "comment" else tuple(row)
            rows.add((*padded[:4], kind, *padded[4:]))
    return rows


def snapshot(db: Path, skip: set[tuple[str, str]]) -> set[tuple]:
    """Every grade and comment row of the gradebook, except those of (assignment, student) in skip."""
    with open_gradebook(db, settings.COURSE_ID) as gb:
        rows = _rows_of(gb)
    return {r for r in rows if (r[0], r[1]) not in skip}


def check_private(private: Path, assignment: str, student: str, pristine_rows) -> str:
    """Why a student's private gradebook copy cannot be trusted, or an empty string.

    It is damaged, or rows of others changed (the student's code wrote to it). The grading
    worker runs this right after the student, so the checks of a class run in parallel.
    """
    mine = {(assignment, student), ("student", student)}
    try:
        if integrity(private) != "ok":
            raise sqlite3.DatabaseError("integrity check failed")
        others = snapshot(private, mine)
    except Exception as error:  # noqa: BLE001 - sqlite or nbgrader cannot even read it
        return f"TAMPERING: the notebook's code damaged its gradebook copy ({error})"
    if others != {r for r in pristine_rows if (r[0], r[1]) not in mine}:
        return "TAMPERING: the notebook's code changed other rows of its gradebook copy"
    return ""


def read_results(private: Path, assignment: str, student: str) -> dict:
    """One student's results in their checked private gradebook, as plain (JSON) data.

    Read through nbgrader's ``Gradebook`` API; the grading worker reads them right after the
    check, so the parent only writes them into the run's gradebook (:func:`merge_student`).
    """
    with open_gradebook(private, settings.COURSE_ID) as source:
        found = source.find_student(student)
        done = source.find_submission(assignment, student)
        extension = done.extension
        return {
            "student": {
                "first_name": found.first_name,
                "last_name": found.last_name,
                "email": found.email,
                "lms_user_id": found.lms_user_id,
            },
            "timestamp": done.timestamp.isoformat() if done.timestamp else None,
            "extension": (
                [extension.days, extension.seconds, extension.microseconds] if extension else None
            ),
            "notebooks": [
                {
                    "name": notebook.name,
                    "flagged": notebook.flagged,
                    "late_submission_penalty": notebook.late_submission_penalty,
                    "grades": [
                        [g.name, g.auto_score, g.manual_score, g.extra_credit, g.needs_manual_grade]
                        for g in notebook.grades
                    ],
                    "comments": [
                        [c.name, c.auto_comment, c.manual_comment] for c in notebook.comments
                    ],
                }
                for notebook in done.notebooks
            ],
        }


def merge_student(results: dict, target, assignment: str, student: str) -> None:
    """Write one student's checked results (:func:`read_results`) into ``target``.

    ``target`` is the run's gradebook, open for the whole merge and written through
    nbgrader's ``Gradebook`` API.
    """
    from nbgrader.api import MissingEntry

    target.update_or_create_student(student, **results["student"])
    try:
        target.remove_submission(assignment, student)
    except MissingEntry:
        pass
    extension = results["extension"]
    with target.db.no_autoflush:  # nbgrader builds the rows before adding them
        target.add_submission(
            assignment,
            student,
            timestamp=datetime.fromisoformat(results["timestamp"])
            if results["timestamp"]
            else None,
            extension=timedelta(*extension) if extension else None,
        )
    for notebook in results["notebooks"]:
        twin = target.find_submission_notebook(notebook["name"], assignment, student)
        twin.flagged = notebook["flagged"]
        twin.late_submission_penalty = notebook["late_submission_penalty"]
        for name, auto, manual, extra, needs_manual in notebook["grades"]:
            other = target.find_grade(name, notebook["name"], assignment, student)
            other.auto_score, other.manual_score = auto, manual
            other.extra_credit = extra
            other.needs_manual_grade = needs_manual
        for name, auto, manual in notebook["comments"]:
            other = target.find_comment(name, notebook["name"], assignment, student)
            other.auto_comment = auto
            other.manual_comment = manual
    target.db.commit()


def install(staging_db: Path, db_path: Path, others_before, run_keys, before_sha) -> list[str]:
    """Copy the staging gradebook over the course's, after checking that it is sound.

    Returns notes for the lecturer (the course gradebook changed during the run: that version
    is kept beside it).
    """
    from sistercity.errors import UserError

    check = integrity(staging_db)
    if check != "ok":
        raise UserError(
            f"salinan gradebook untuk penilaian rusak ({check}); gradebook mata kuliah {db_path} "
            f"tidak diubah / the grading copy of the gradebook is damaged ({check}); the course "
            f"gradebook {db_path} was not changed"
        )
    if snapshot(staging_db, run_keys) != others_before:
        raise UserError(
            "nilai mahasiswa di luar run ini berubah selama penilaian (ada tugas yang mengubah "
            f"gradebook?); {db_path} tidak diubah / grades of students outside this run changed "
            f"during grading (a submission tampered with the gradebook?); {db_path} was not "
            "changed"
        )
    notes = []
    if sha(db_path) != before_sha:
        kept = db_path.with_name(f"{db_path.name}.changed-{datetime.now():%Y%m%d-%H%M%S}")
        shutil.copy2(db_path, kept)
        notes.append(
            f"gradebook mata kuliah berubah selama penilaian (formgrader atau sebuah tugas); versi "
            f"itu disimpan sebagai {kept.name} / the course gradebook changed during the run "
            f"(formgrader or a submission); that version is kept as {kept.name}"
        )
        # A damaged file cannot be a backup target: start from a fresh file.
        if _integrity_safe(db_path) != "ok":
            db_path.unlink()
    copy_db(staging_db, db_path)
    return notes


def ensure_in_gradebook(course: Path, assignment: str, db_path: Path, course_id: str) -> bool:
    """Add ``assignment`` to the course gradebook from its master if it is not there yet.

    A fresh clone has no gradebook; the lecturer should not have to know nbgrader to grade.
    The student version is generated into a temporary folder, so ``exercises/`` is untouched.
    Returns whether the assignment had to be added.
    """
    from nbgrader.api import MissingEntry

    os.environ.update(settings.scripts_environment())  # nbgrader runs alembic in this process too
    with open_gradebook(db_path, course_id) as gradebook:
        try:
            gradebook.find_assignment(assignment)
            return False
        except MissingEntry:
            pass
    if not (course / "source" / assignment).is_dir():
        return False  # precheck.load_expected names the assignments that exist
    release = Path(tempfile.mkdtemp(prefix="sistercity-release-"))
    try:
        settings.run_nbgrader(
            [
                "generate_assignment",
                assignment,
                "--force",
                f"--CourseDirectory.release_directory={release}",
                f"--db=sqlite:///{db_path}",
            ],
            course,
        )
    finally:
        shutil.rmtree(release, ignore_errors=True)
    return True


def note_case_ids(
    course: Path, assignment, db: Path, roster: dict, students, stream, course_id: str
) -> None:
    """Record the roster's ID numbers in ``db``; for a per-student-case assignment, name who lacks one.

    The grading kernels read ``Student.lms_user_id`` through nbgrader's Gradebook API
    (``sistercity.grading.kernels.identity``); without it a student whose notebook gives their
    NIM can only be matched by the id of the download (a slug of the name).
    """
    import nbformat

    from sistercity.course import layout
    from sistercity.grading.kernels.identity import cohort_of

    ids = {s: roster[s]["idnumber"] for s in students if roster.get(s, {}).get("idnumber")}
    master = layout(course).master(assignment)
    per_student = master.is_file() and bool(cohort_of(nbformat.read(master, as_version=4)))
    if not ids and not per_student:
        return  # nothing to record, nothing to warn about: leave the gradebook closed
    with open_gradebook(db, course_id) as gradebook:
        for student, idnumber in ids.items():
            gradebook.update_or_create_student(student, lms_user_id=idnumber)
        known = {s.id: s.lms_user_id for s in gradebook.students}
    if not per_student:
        return
    missing = [s for s in students if not known.get(s)]
    if missing:
        print(
            f"{assignment}: kasus per mahasiswa diambil dari NIM; {len(missing)} mahasiswa tanpa "
            "NIM di gradebook (beri --roster ekspor Moodle): NIM mereka hanya cocok bila sama "
            f"dengan id unduhan / a case per student is drawn from the student number; "
            f"{len(missing)} students have no ID number in the gradebook (give --roster, "
            "Moodle's export): their notebook's number only matches if it equals the download "
            f"id: {', '.join(missing[:5])}{' ...' if len(missing) > 5 else ''}",
            file=stream or sys.stderr,
        )
