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
from pathlib import Path

from sistercity.grading.grade import FAILED, GRADED, NEEDS_MANUAL, load_status
from sistercity.grading.lms import slugify

NOT_SUBMITTED = "not submitted"
FIELDS = ["assignment", "student_id", "name", "score", "max_score", "status", "comment"]


def collect(course: Path | str) -> list[dict]:
    """A row per student and assignment, with score, maximum, status and a feedback comment."""
    from nbgrader.api import Gradebook, MissingEntry

    from sistercity.grading.grade import course_info

    course = Path(course)
    db_path, course_id = course_info(course)
    rows = []
    with Gradebook(f"sqlite:///{db_path}", course_id) as gb:
        students = sorted(gb.students, key=lambda s: s.id)
        for assignment in sorted(gb.assignments, key=lambda a: a.name):
            status = load_status(course, assignment.name)
            for student in students:
                saved = status.get(student.id, {})
                name = " ".join(x for x in (student.first_name, student.last_name) if x)
                row = {
                    "assignment": assignment.name,
                    "student_id": student.id,
                    "name": name or saved.get("name", ""),
                    "score": "",
                    "max_score": assignment.max_score,
                    "status": NOT_SUBMITTED,
                    "comment": "",
                }
                try:
                    submission = gb.find_submission(assignment.name, student.id)
                except MissingEntry:
                    submission = None
                if saved.get("status") == FAILED or (submission is None and saved):
                    row["status"] = FAILED
                    row["comment"] = saved.get("reason", "")
                elif submission is not None:
                    row["score"] = round(submission.score, 2)
                    row["status"] = NEEDS_MANUAL if submission.needs_manual_grade else GRADED
                    row["comment"] = _comment(submission, saved)
                rows.append(row)
    return rows


def _comment(submission, saved: dict) -> str:
    parts = []
    for notebook in submission.notebooks:
        for comment in notebook.comments:
            text = (comment.manual_comment or "").strip()
            if text:
                parts.append(f"{comment.name}: {text}")
    notes = [n for n in saved.get("notes", []) if not n.startswith("FLAG")]
    return " | ".join(parts + notes)


def to_csv(rows: list[dict]) -> str:
    """The long format: one line per student and assignment."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def read_roster(path: Path | str) -> dict[str, dict]:
    """Email and ID number by student id, from a Moodle export or a ``student_id,email`` CSV."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        table = list(csv.DictReader(handle))
    roster = {}
    for line in table:
        keys = {k.strip().lower(): (v or "").strip() for k, v in line.items() if k}
        student = keys.get("student_id")
        if not student:
            first = keys.get("first name") or keys.get("nama depan") or ""
            last = keys.get("last name") or keys.get("surname") or keys.get("nama belakang") or ""
            student = slugify(f"{first} {last}".strip() or keys.get("full name", ""))
        roster[student] = {
            "email": keys.get("email address") or keys.get("email") or keys.get("alamat email", ""),
            "idnumber": keys.get("id number") or keys.get("idnumber") or keys.get("nomor id", ""),
        }
    return roster


def to_moodle(rows: list[dict], roster: dict[str, dict] | None = None) -> tuple[str, list[str]]:
    """The wide CSV for Moodle's grade import, and the students with no identifier."""
    roster = roster or {}
    assignments = sorted({r["assignment"] for r in rows})
    header = ["Email address", "ID number", "Full name"]
    for name in assignments:
        header += [name, f"{name} - feedback"]
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
        score = row["score"] if row["status"] in (GRADED, NEEDS_MANUAL) else ""
        line[row["assignment"]] = score
        feedback = row["status"] if row["status"] != GRADED else ""
        line[f"{row['assignment']} - feedback"] = "; ".join(
            x for x in (feedback, row["comment"]) if x
        )
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    for student in sorted(by_student):
        writer.writerow(by_student[student])
    missing = [s for s, r in by_student.items() if not (r["Email address"] or r["ID number"])]
    return out.getvalue(), sorted(missing)
