"""Manual grading that is still pending: who waits, for which answers, and what must not go out yet.

nbgrader marks a written answer "needs manual grading" until the lecturer scores it in the
formgrader; until then the submission's score holds only the autograded part. ``export`` and
``feedback`` name those students, the Moodle grade column leaves their grade out (unless the
lecturer asks for it with ``--include-pending``), and the feedback page says the answer awaits
grading instead of showing "0 / 3" as if it were final.
"""

from __future__ import annotations

from sistercity.i18n import both

#: The attribute the feedback preprocessor sets on a cell whose grade is not final yet.
PENDING_KEY = "sistercity_pending"


def pending_cells(gb, assignment: str) -> dict[str, list[str]]:
    """The cells still waiting for manual grading, by student, read with nbgrader's Gradebook API."""
    from nbgrader.api import MissingEntry

    try:
        found = gb.find_assignment(assignment)
    except MissingEntry:
        return {}
    waiting = {}
    for submission in found.submissions:
        if not submission.needs_manual_grade:
            continue
        cells = [
            grade.name
            for notebook in submission.notebooks
            for grade in notebook.grades
            if grade.needs_manual_grade
        ]
        waiting[submission.student_id] = sorted(cells)
    return waiting


def from_rows(rows: list[dict]) -> dict[str, list[str]]:
    """The students of export rows whose manual grading is pending, by assignment."""
    from sistercity.grading.status import NEEDS_MANUAL

    waiting: dict[str, list[str]] = {}
    for row in rows:
        if row["status"] == NEEDS_MANUAL:
            waiting.setdefault(row["assignment"], []).append(row["student_id"])
    return {a: sorted(s) for a, s in sorted(waiting.items())}


def _names(students: list[str], limit: int = 10) -> str:
    more = len(students) - limit
    return ", ".join(students[:limit]) + (f" (+{more})" if more > 0 else "")


def export_warning(rows: list[dict], include_pending: bool, moodle: bool) -> str:
    """The warning ``export`` prints when some grades are not final, or an empty string."""
    waiting = from_rows(rows)
    if not waiting:
        return ""
    lines = []
    for assignment, students in waiting.items():
        lines.append(
            both(
                f"PERINGATAN: {assignment}: {len(students)} mahasiswa menunggu penilaian manual "
                "(formgrader)",
                f"WARNING: {assignment}: {len(students)} students await manual grading "
                "(formgrader)",
            )
            + f": {_names(students)}"
        )
    if moodle and include_pending:
        lines.append(
            both(
                "nilai sementara mereka (bagian otomatis saja) MASUK kolom nilai Moodle "
                "(--include-pending)",
                "their provisional grades (the autograded part only) ARE in Moodle's grade "
                "column (--include-pending)",
            )
        )
    elif moodle:
        lines.append(
            both(
                "kolom nilai Moodle mereka dibiarkan kosong sampai dinilai; beri --include-pending "
                "untuk tetap memasukkan nilai sementara",
                "their Moodle grade cells are left empty until graded; give --include-pending to "
                "include the provisional grades",
            )
        )
    else:
        lines.append(
            both(
                "skor mereka di CSV hanya bagian yang dinilai otomatis",
                "their scores in the CSV are the autograded part only",
            )
        )
    return "\n".join(lines)


def feedback_warning(assignment: str, waiting: dict[str, list[str]]) -> str:
    """The warning ``feedback`` prints when pages are written before manual grading is done."""
    if not waiting:
        return ""
    students = sorted(waiting)
    return (
        both(
            f"PERINGATAN: {assignment}: {len(students)} mahasiswa masih menunggu penilaian manual; "
            "halaman umpan balik mereka menyebut jawaban itu 'menunggu penilaian' dan nilainya "
            "belum final. Nilai di formgrader, lalu jalankan `sistercity feedback` lagi",
            f"WARNING: {assignment}: {len(students)} students still await manual grading; their "
            "feedback pages say those answers 'await grading' and the score is not final. Grade "
            "them in the formgrader, then run `sistercity feedback` again",
        )
        + f": {_names(students)}"
    )


def waiting(course, assignment: str) -> dict[str, list[str]]:
    """:func:`pending_cells` of the course gradebook."""
    from pathlib import Path

    from sistercity.grading.gradebook import open_gradebook
    from sistercity.grading.status import course_info

    db_path, course_id = course_info(Path(course))
    with open_gradebook(db_path, course_id) as gb:
        return pending_cells(gb, assignment)
