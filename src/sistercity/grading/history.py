"""What earlier grading runs recorded, and how a new run merges with it so that no grade is lost.

A download from an LMS holds each student's *newest* upload only. A student graded earlier
whose newest upload is not a notebook (a Word file, online text) or could not be graded, keeps
her earlier graded result: the gradebook still holds it, the status file keeps it (with a note
saying what the new download held), and the exports show it. A student absent from the new
download keeps hers untouched. Every run says who was kept, replaced or added.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sistercity.i18n import both

#: How a note on a kept result begins (in the status file and the export's comment).
KEPT_NOTE = "nilai sebelumnya dipertahankan"


@dataclass
class Merge:
    """Who a run kept (with what the new download held), replaced or graded for the first time."""

    kept: dict[str, str] = field(default_factory=dict)
    absent: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The merge as lines for the run's report, Indonesian first."""
        out = []
        if self.kept:
            out.append(
                both(
                    "Nilai sebelumnya dipertahankan (unggahan terbaru bukan notebook atau tidak "
                    "bisa dinilai)",
                    "Earlier result kept (the newest upload is no notebook or could not be graded)",
                )
                + ":"
            )
            out += [f"  {student}: {held}" for student, held in sorted(self.kept.items())]
        if self.absent:
            out.append(
                both(
                    "Tidak ada di unduhan ini, nilai sebelumnya tetap",
                    "Not in this download, earlier result unchanged",
                )
                + f": {', '.join(sorted(self.absent))}"
            )
        if self.replaced:
            out.append(
                both("Diganti hasil baru", "Replaced by the new result")
                + f": {', '.join(sorted(self.replaced))}"
            )
        if self.added:
            out.append(
                both("Dinilai pertama kali", "Graded for the first time")
                + f": {', '.join(sorted(self.added))}"
            )
        return out


def scored_statuses() -> tuple[str, str]:
    """The statuses of a row that carries a graded result."""
    from sistercity.grading.status import GRADED, NEEDS_MANUAL

    return GRADED, NEEDS_MANUAL


def graded_before(previous: dict[str, dict], student: str) -> bool:
    """Whether an earlier run recorded a graded result for ``student``."""
    return previous.get(student, {}).get("status") in scored_statuses()


def held(row) -> str:
    """What the new download held for a student whose upload gave no result."""
    what = Path(row.file).name if row.file else ""
    return "; ".join(x for x in (what, row.reason) if x) or "-"


def submissions(db_path: Path, course_id: str, assignment: str) -> dict[str, tuple]:
    """(score, max score, needs manual grading) of every student the gradebook holds for ``assignment``."""
    from nbgrader.api import MissingEntry

    from sistercity.grading.gradebook import open_gradebook

    with open_gradebook(db_path, course_id) as gb:
        try:
            found = gb.find_assignment(assignment)
        except MissingEntry:
            return {}
        return {
            s.student_id: (s.score, s.max_score, s.needs_manual_grade) for s in found.submissions
        }


def merge(previous: dict[str, dict], rows: dict, gradebook: dict[str, tuple]) -> Merge:
    """Merge a run's ``rows`` (by student) with the ``previous`` statuses; change ``rows`` in place.

    ``gradebook`` is :func:`submissions` after the run. A student whose new row is "not
    submitted" or "could not be graded" while the gradebook still holds an earlier graded result
    gets that result back, with a note of what the new download held.
    """
    from sistercity.grading.status import GRADED, NEEDS_MANUAL, Row

    summary = Merge()
    scored = (GRADED, NEEDS_MANUAL)
    for student, old in previous.items():
        if student not in rows and old.get("status") in scored and student in gradebook:
            summary.absent.append(student)
    for student, row in list(rows.items()):
        earlier = graded_before(previous, student) and student in gradebook
        if row.status in scored:
            (summary.replaced if earlier else summary.added).append(student)
            continue
        if not earlier:
            continue
        what = held(row)
        old = dict(previous[student])
        notes = [n for n in old.get("notes", []) if not n.startswith(KEPT_NOTE)]
        notes.append(f"{KEPT_NOTE} / earlier result kept; unggahan terbaru / newest upload: {what}")
        kept = Row(**{k: v for k, v in old.items() if k in Row.__dataclass_fields__})
        kept.notes = notes
        kept.seconds = None
        score, max_score, needs_manual = gradebook[student]
        kept.score, kept.max_score = score, max_score
        kept.status = NEEDS_MANUAL if needs_manual else GRADED
        rows[student] = kept
        summary.kept[student] = what
    return summary
