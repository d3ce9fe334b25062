"""Read what the report needs from a course's nbgrader gradebook, in one function.

Everything goes through nbgrader's ``Gradebook`` and its models (column by column through the
gradebook's session: loading whole ``Student`` objects computes every score and is slow), plus
the statuses ``sistercity grade`` saves (failed and not-submitted work is not in the gradebook).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

#: A hidden-test cell that reads the student's own case key tests a per-student case.
CASE_MARK = "case_key"


def verdict_sources(course: Path | str, assignment: str) -> dict[str, str]:
    """The hidden-test code the grader runs per cell, from ``source/<a>/verdicts.json`` if there."""
    import json

    from sistercity.course import layout

    path = layout(course).source / assignment / "verdicts.json"
    if not path.is_file():
        return {}
    cells = json.loads(path.read_text(encoding="utf-8")).get("cells", {})
    return {name: "".join(entry.get("code", [])) for name, entry in cells.items()}


def case_cells(sources: dict[str, str]) -> set[str]:
    """The cells whose test code reads the student's own case key (a per-student case)."""
    return {name for name, source in sources.items() if CASE_MARK in (source or "")}


@dataclass
class GradebookData:
    """The gradebook's cell scores, cells, statuses, names and per-student-case items."""

    cells: pd.DataFrame
    gradebook_cells: pd.DataFrame
    statuses: pd.DataFrame
    names: dict[str, str]
    case_items: set[tuple[str, str]]
    path: Path


def read_gradebook(course: Path | str, roster: dict[str, dict] | None = None) -> GradebookData:
    """Every graded cell's score of every submission, with statuses from ``sistercity grade``.

    ``roster`` (``sistercity.grading.export.read_roster``) adds students who sent nothing.
    """
    from nbgrader import api

    from sistercity.grading.gradebook import open_gradebook
    from sistercity.grading.status import FAILED, NOT_SUBMITTED, course_info, load_status
    from sistercity.report import model

    course = Path(course)
    db_path, course_id = course_info(course)
    if not db_path.exists():
        from sistercity.errors import UserError
        from sistercity.i18n import both

        raise UserError(
            both(
                f"{db_path}: buku nilai belum ada; nilai dulu sebuah tugas dengan `sistercity grade`.",
                f"{db_path}: there is no gradebook yet; grade an assignment with `sistercity grade` first.",
            )
        )
    with open_gradebook(db_path, course_id) as gb:
        query = gb.db.query
        names = {
            sid: " ".join(x for x in (first, last) if x)
            for sid, first, last in query(
                api.Student.id, api.Student.first_name, api.Student.last_name
            )
        }
        # Graded cells are grade cells (tests, graded answers) or task cells (graded by hand).
        kinds = (api.GradeCell, api.TaskCell)
        book = pd.DataFrame(
            [
                row
                for cell in kinds
                for row in query(api.Assignment.name, cell.name, cell.max_score)
                .join(api.Notebook, cell.notebook_id == api.Notebook.id)
                .join(api.Assignment, api.Notebook.assignment_id == api.Assignment.id)
                .all()
            ],
            columns=["assignment", "grade_id", "max_score"],
        )
        sources = (
            query(api.Assignment.name, api.SourceCell.name, api.SourceCell.source)
            .join(api.Notebook, api.SourceCell.notebook_id == api.Notebook.id)
            .join(api.Assignment, api.Notebook.assignment_id == api.Assignment.id)
            .all()
        )
        grades = [
            row
            for cell in kinds
            for row in query(
                api.SubmittedAssignment.student_id,
                api.Assignment.name,
                cell.name,
                cell.max_score,
                api.Grade.auto_score,
                api.Grade.manual_score,
                api.Grade.extra_credit,
                api.Grade.needs_manual_grade,
            )
            .join(api.SubmittedNotebook, api.Grade.notebook_id == api.SubmittedNotebook.id)
            .join(
                api.SubmittedAssignment,
                api.SubmittedNotebook.assignment_id == api.SubmittedAssignment.id,
            )
            .join(api.Assignment, api.SubmittedAssignment.assignment_id == api.Assignment.id)
            .join(cell, api.Grade.cell_id == cell.id)
            .all()
        ]
    rows = []
    for student, assignment, grade_id, max_score, auto, manual, extra, needs in grades:
        score = manual if manual is not None else auto
        awaiting = bool(needs) or score is None
        value = float("nan") if awaiting else float(score) + float(extra or 0)
        rows.append((student, assignment, grade_id, value, max_score, awaiting))
    cells = pd.DataFrame(
        rows, columns=["student", "assignment", "grade_id", "score", "max_score", "needs_manual"]
    )
    statuses = []
    for assignment in sorted(set(book["assignment"])):
        for student, entry in load_status(course, assignment).items():
            kind = entry.get("status")
            if kind == FAILED:
                statuses.append((student, assignment, model.FAILED))
            elif kind == NOT_SUBMITTED:
                statuses.append((student, assignment, model.NOT_SUBMITTED))
            elif kind in (model.GRADED, model.NEEDS_MANUAL):
                statuses.append((student, assignment, kind))
            names.setdefault(student, entry.get("name", ""))
    for student, entry in (roster or {}).items():
        if not entry.get("blind"):
            names[student] = names.get(student) or entry.get("name", "")
    # The test code is in the gradebook's source cells, or in the key file the grader runs.
    case_items = {(a, name) for a, name, source in sources if CASE_MARK in (source or "")}
    for assignment in sorted(set(book["assignment"])):
        case_items |= {(assignment, n) for n in case_cells(verdict_sources(course, assignment))}
    return GradebookData(
        cells=cells,
        gradebook_cells=book,
        statuses=pd.DataFrame(statuses, columns=["student", "assignment", "status"]),
        names=names,
        case_items=case_items & set(zip(book["assignment"], book["grade_id"], strict=True)),
        path=db_path,
    )
