"""``sistercity grade --forget``: remove what grading runs recorded for an assignment (or a student).

A run records, per student, a status row (``grading/<assignment>/status.json``), a submission in
the gradebook, and the ``submitted/``, ``autograded/`` and ``feedback/`` copies. Forgetting
removes all of them through nbgrader's ``Gradebook`` API (never SQL on its tables), so a run under
the wrong assignment name leaves nothing behind; the gradebook is checked afterwards.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from sistercity.errors import UserError
from sistercity.i18n import both


def forget(course: Path | str, assignment: str, student: str | None = None) -> list[str]:
    """Remove what runs recorded for ``assignment`` (only ``student``'s, if given); return who."""
    from nbgrader.api import MissingEntry

    from sistercity.course import layout
    from sistercity.grading import lecturer_page
    from sistercity.grading.gradebook import open_gradebook
    from sistercity.grading.status import course_info, load_status, status_path

    course = Path(course)
    parts = layout(course)
    statuses = load_status(course, assignment)
    db_path, course_id = course_info(course)
    in_gradebook: set[str] = set()
    if db_path.exists():
        with open_gradebook(db_path, course_id) as gb:
            try:
                in_gradebook = {s.student_id for s in gb.find_assignment(assignment).submissions}
            except MissingEntry:
                pass
    recorded = sorted(set(statuses) | in_gradebook)
    if student is not None and student not in recorded:
        raise UserError(
            both(
                f"tidak ada catatan penilaian {assignment} untuk {student!r}; yang tercatat: "
                f"{', '.join(recorded) or '-'}",
                f"nothing was recorded for {student!r} in {assignment}; recorded: "
                f"{', '.join(recorded) or '-'}",
            )
        )
    if not recorded:
        raise UserError(
            both(
                f"tidak ada catatan penilaian {assignment} yang bisa dihapus",
                f"nothing was recorded for {assignment}, so there is nothing to forget",
            )
        )
    targets = [student] if student is not None else recorded
    elsewhere = _students_in_other_statuses(parts.grading, assignment)
    if db_path.exists() and set(targets) & in_gradebook:
        with open_gradebook(db_path, course_id) as gb:
            for name in targets:
                if name in in_gradebook:
                    gb.remove_submission(assignment, name)
            for name in targets:
                try:
                    found = gb.find_student(name)
                except MissingEntry:
                    continue
                # A student this run brought in and who has nothing else goes too.
                if not found.submissions and name not in elsewhere:
                    gb.remove_student(name)
        _check(db_path)
    for name in targets:
        statuses.pop(name, None)
        for root in (parts.submitted, parts.autograded, course / "feedback"):
            shutil.rmtree(root / name / assignment, ignore_errors=True)
            _drop_if_empty(root / name)
    # The lecturer's page would still list whoever was forgotten: it goes until `feedback` runs again.
    lecturer_page.page_path(course, assignment).unlink(missing_ok=True)
    path = status_path(course, assignment)
    if statuses:
        path.write_text(json.dumps(statuses, indent=1, ensure_ascii=False), encoding="utf-8")
    elif path.exists():
        path.unlink()
    return targets


def _students_in_other_statuses(grading: Path, assignment: str) -> set[str]:
    found: set[str] = set()
    for path in grading.glob("*/status.json") if grading.is_dir() else ():
        if path.parent.name != assignment:
            found |= set(json.loads(path.read_text(encoding="utf-8")))
    return found


def _drop_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass


def _check(db_path: Path) -> None:
    con = sqlite3.connect(db_path)
    try:
        result = con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()
    if result != "ok":
        raise UserError(
            both(
                f"gradebook {db_path} rusak setelah penghapusan ({result})",
                f"the gradebook {db_path} is damaged after forgetting ({result})",
            )
        )
