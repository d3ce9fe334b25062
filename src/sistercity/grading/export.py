"""Export grades: one row per student and assignment, or a CSV Moodle's grade import accepts.

Moodle (Grades -> Import -> CSV file) maps users by one identifier column ("Map from" a CSV
column "Map to" a user field: email address, ID number, username or user id) and maps every
other column either to a grade item or to "Feedback for <item>". The ``moodle`` format
therefore writes ``Email address`` and ``ID number`` (taken from ``--roster``, e.g. Moodle's own
Grades -> Export -> Plain text file), a ``Full name`` for reading, and for every assignment a
grade column ``<assignment>`` and a feedback column ``<assignment> - feedback``.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from sistercity.course import layout
from sistercity.grading.lms import slugify
from sistercity.grading.status import FAILED, GRADED, NEEDS_MANUAL, load_status
from sistercity.grading.status import NOT_SUBMITTED as NOT_SUBMITTED_STATUS

SCORED = (GRADED, NEEDS_MANUAL)

NOT_SUBMITTED = NOT_SUBMITTED_STATUS
#: How the notes only the lecturer reads begin (kept out of the students' feedback comment).
LECTURER_ONLY = ("FLAG", "UNTUK DOSEN")
FIELDS = ["assignment", "student_id", "name", "score", "max_score", "status", "comment", "notes"]


def failed(reason: str) -> str:
    """The export status of a submission that could not be graded, with its reason."""
    return f"failed: {reason}" if reason else "failed"


def is_scored(status: str) -> bool:
    """Whether a row with this status carries a score (else its score cell stays empty)."""
    return status in (GRADED, NEEDS_MANUAL)


def _saved_statuses(course: Path, assignments: list[str]) -> dict[str, dict]:
    """The status files of the given assignments and of every other graded assignment."""
    names = set(assignments)
    grading = layout(course).grading
    if grading.is_dir():
        names |= {p.parent.name for p in grading.glob("*/status.json")}
    return {name: load_status(course, name) for name in sorted(names)}


def collect(course: Path | str, roster: dict[str, dict] | None = None) -> list[dict]:
    """A row per student and assignment: everyone in the gradebook, a download or the roster.

    Students who appear in any grading run (even when their file could not be graded) or in
    the roster get a row in every assignment, with a status and an empty score when there is
    nothing to score (never 0).
    """
    from sistercity.grading.gradebook import open_gradebook
    from sistercity.grading.status import course_info

    db_path, course_id = course_info(Path(course))
    with open_gradebook(db_path, course_id) as gb:
        return collect_from(gb, course, roster)


def collect_from(gb, course: Path | str, roster: dict[str, dict] | None = None) -> list[dict]:
    """The rows of :func:`collect`, read through an open nbgrader ``Gradebook``."""
    from nbgrader.api import MissingEntry

    course = Path(course)
    roster = roster or {}
    rows = []
    known = {s.id: " ".join(x for x in (s.first_name, s.last_name) if x) for s in gb.students}
    maxima = {a.name: a.max_score for a in gb.assignments}
    statuses = _saved_statuses(course, sorted(maxima))
    names = dict(known)
    for saved in statuses.values():
        for student, entry in saved.items():
            names[student] = names.get(student) or entry.get("name", "")
    for student, entry in roster.items():
        if not entry.get("blind") or student in names:
            names[student] = names.get(student) or entry.get("name", "")
    # Blind marking: the person is already listed under the participant id of the download.
    seen = set(known) | {s for saved in statuses.values() for s in saved}
    for student, entry in roster.items():
        if entry.get("blind") and student in names and entry.get("person") not in seen:
            names.pop(entry.get("person"), None)
    members = {s: e.get("group", "") for s, e in roster.items() if e.get("group")}
    for assignment in sorted(set(maxima) | set(statuses)):
        saved_all = statuses.get(assignment, {})
        for student in sorted(names):
            row = _row(gb, MissingEntry, assignment, student, saved_all.get(student, {}))
            if row["status"] == NOT_SUBMITTED and student in members:
                row = _group_row(gb, MissingEntry, assignment, members[student], saved_all)
            row.update(student_id=student, name=names[student])
            row["max_score"] = maxima.get(assignment, "")
            rows.append(row)
    return rows


def _row(gb, missing, assignment: str, student: str, saved: dict) -> dict:
    """The status, score and comment of one student in one assignment."""
    row = {"assignment": assignment, "score": "", "status": NOT_SUBMITTED, "comment": ""}
    # What the grader noticed (flags included), for the lecturer only.
    row["notes"] = "; ".join(str(n) for n in saved.get("notes", []))
    try:
        submission = gb.find_submission(assignment, student)
    except missing:
        submission = None
    if saved.get("status") == FAILED or (submission is None and saved.get("status") in SCORED):
        row["status"] = failed(saved.get("reason", ""))
    elif saved.get("status") == NOT_SUBMITTED:
        row["comment"] = saved.get("reason", "")
    elif submission is not None:
        row["score"] = round(submission.score, 2)
        row["status"] = NEEDS_MANUAL if submission.needs_manual_grade else GRADED
        row["comment"] = _comment(submission, saved)
    return row


def _group_row(gb, missing, assignment: str, group: str, saved_all: dict) -> dict:
    """A member's row taken from the group's submission (Moodle group mode), when there is one."""
    group_id = slugify(group)
    row = _row(gb, missing, assignment, group_id, saved_all.get(group_id, {}))
    if row["status"] != NOT_SUBMITTED:
        note = f"group submission / tugas kelompok: {group}"
        row["comment"] = "; ".join(x for x in (note, row["comment"]) if x)
    return row


def _comment(submission, saved: dict) -> str:
    parts = []
    for notebook in submission.notebooks:
        for comment in notebook.comments:
            text = (comment.manual_comment or "").strip()
            if text:
                parts.append(f"{comment.name}: {text}")
    notes = [n for n in saved.get("notes", []) if not n.startswith(LECTURER_ONLY)]
    return " | ".join(parts + notes)


def to_csv(rows: list[dict]) -> str:
    """The long format: one line per student and assignment."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def read_roster(path: Path | str) -> dict[str, dict]:
    """Email, ID number, name and group by student id, from a Moodle export or a simple CSV.

    Rows are matched to students by ``student_id`` when the CSV has it, else by the slug of
    the full name, the same id ``sistercity grade`` gives. A Moodle grading worksheet's
    ``Identifier`` column (``Participant 123456``, the per-assignment participant id that
    Moodle puts in downloaded file names) maps a blind-marked ``participant-123456`` to the
    same row; that id is never taken for the user's ``ID number``.
    """
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            table = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        from sistercity.errors import UserError
        from sistercity.i18n import both

        raise UserError(
            both(
                f"Roster {path} tidak bisa dibaca ({error}). Beri berkas CSV UTF-8, mis. ekspor "
                "Moodle Grades → Export → Plain text file.",
                f"The roster {path} cannot be read ({error}). Give a UTF-8 CSV file, e.g. Moodle's "
                "Grades → Export → Plain text file.",
            )
        ) from error
    roster = {}
    for line in table:
        keys = {k.strip().lower(): (v or "").strip() for k, v in line.items() if k}
        first = keys.get("first name") or keys.get("nama depan") or ""
        last = keys.get("last name") or keys.get("surname") or keys.get("nama belakang") or ""
        name = (
            f"{first} {last}".strip() or keys.get("full name", "") or keys.get("nama lengkap", "")
        )
        student = (
            keys.get("student_id") or slugify(name) if (keys.get("student_id") or name) else ""
        )
        entry = {
            "name": name,
            "email": keys.get("email address") or keys.get("email") or keys.get("alamat email", ""),
            "idnumber": keys.get("id number") or keys.get("idnumber") or keys.get("nomor id", ""),
            "group": keys.get("group") or keys.get("groups") or keys.get("grup") or "",
        }
        if student:
            roster[student] = entry
        found = re.match(r"^\D*?(\d+)$", keys.get("identifier", ""))
        if found:
            alias = {**entry, "blind": True, "person": student}
            roster.setdefault(f"participant-{found.group(1)}", alias)
    return roster


def status_text(row: dict) -> str:
    """What the Moodle feedback column tells a student about a row's status, Indonesian first."""
    from sistercity.i18n import both

    status = row["status"]
    if status == GRADED:
        return ""
    if status == NEEDS_MANUAL:
        return both(
            f"menunggu penilaian manual (nilai sementara, bagian otomatis: {row['score']} dari "
            f"{row['max_score']})",
            f"awaiting manual grading (provisional, autograded part: {row['score']} of "
            f"{row['max_score']})",
        )
    if status == NOT_SUBMITTED:
        return both("tidak mengumpulkan", "not submitted")
    reason = status.split(":", 1)[1].strip() if ":" in status else ""
    text = both("tidak bisa dinilai", "could not be graded")
    return f"{text}: {reason}" if reason else text


def to_moodle(
    rows: list[dict], roster: dict[str, dict] | None = None, include_pending: bool = False
) -> tuple[str, list[str]]:
    """The wide CSV for Moodle's grade import, and the students with no identifier.

    A grade still waiting for manual grading stays out of the grade column (Moodle would publish
    the autograded part as the grade) unless ``include_pending``.
    """
    roster = roster or {}
    assignments = sorted({r["assignment"] for r in rows})
    header = ["Email address", "ID number", "Full name"]
    for name in assignments:
        header += [name, f"{name} - feedback", f"{name} - notes"]
    by_student: dict[str, dict] = {}
    for row in rows:
        line = by_student.setdefault(
            row["student_id"],
            {
                "Email address": roster.get(row["student_id"], {}).get("email", ""),
                "ID number": roster.get(row["student_id"], {}).get("idnumber", ""),
                "Full name": row["name"],
            },
        )
        # Moodle reads an empty grade as "no grade", never as 0.
        final = row["status"] == GRADED or (row["status"] == NEEDS_MANUAL and include_pending)
        line[row["assignment"]] = row["score"] if final else ""
        feedback = status_text(row)
        line[f"{row['assignment']} - feedback"] = "; ".join(
            x for x in (feedback, row["comment"]) if x
        )
        # For the lecturer: leave it unmapped ("Do not import") in Moodle's import.
        line[f"{row['assignment']} - notes"] = row.get("notes", "")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    for student in sorted(by_student):
        writer.writerow(by_student[student])
    missing = [s for s, r in by_student.items() if not (r["Email address"] or r["ID number"])]
    return out.getvalue(), sorted(missing)


def missing_warning(missing: list[str]) -> str:
    """The warning about Moodle rows that have no email or ID number to map them by."""
    from sistercity.i18n import both

    names = ", ".join(missing[:10]) + (" ..." if len(missing) > 10 else "")
    return (
        both(
            f"PERINGATAN: {len(missing)} mahasiswa tanpa email/nomor ID (beri --roster, ekspor "
            "nilai Moodle); Moodle tidak bisa mencocokkan baris mereka",
            f"WARNING: no email/ID number for {len(missing)} students (give --roster, Moodle's "
            "grade export); Moodle cannot match their rows",
        )
        + f": {names}"
    )
