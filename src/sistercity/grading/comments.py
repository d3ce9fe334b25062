"""The comment bank for manually graded answers: reusable comments in Indonesian and English.

nbgrader's formgrader has one free-text comment box per answer and no comment bank. The bank
lives in ``course/comment_bank.csv`` (``assignment,grade_id,code,comment_id,comment_en``; ``*``
matches every assignment or question). ``sistercity grade ASSIGNMENT --comments`` prints the
comments for each manual question and writes an HTML page with copy buttons to keep open beside
the formgrader: click, then paste into the comment box.
"""

from __future__ import annotations

import csv
import html
from pathlib import Path


def read_bank(course: Path | str) -> list[dict]:
    """Every comment of the course's bank (empty when there is no bank file)."""
    path = Path(course) / "comment_bank.csv"
    if not path.exists():
        return []
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def manual_questions(course: Path | str, assignment: str) -> list[tuple[str, float]]:
    """The (grade id, points) of every answer in ``assignment`` a person has to grade."""
    from sistercity.grading.gradebook import open_gradebook
    from sistercity.grading.status import course_info

    db_path, course_id = course_info(Path(course))
    with open_gradebook(db_path, course_id) as gb:
        notebooks = gb.find_assignment(assignment).notebooks
        solution = {c.name for nb in notebooks for c in nb.solution_cells}
        return [
            (cell.name, cell.max_score)
            for nb in notebooks
            for cell in nb.grade_cells
            if cell.cell_type == "markdown" or cell.name in solution
        ]


def comments_for(bank: list[dict], assignment: str, grade_id: str) -> list[dict]:
    """The comments that apply to one question: its own first, then the general ones."""
    own = [r for r in bank if r["assignment"] == assignment and r["grade_id"] == grade_id]
    general = [r for r in bank if r["assignment"] in ("*", assignment) and r["grade_id"] == "*"]
    return own + general


def show_bank(course: Path | str, assignment: str) -> str:
    """The bank as text for each manual question; also writes the HTML page with copy buttons."""
    course = Path(course)
    bank = read_bank(course)
    questions = manual_questions(course, assignment)
    lines, sections = [], []
    for grade_id, points in questions:
        lines.append(f"\n== {assignment} / {grade_id} ({points:g} poin / points) ==")
        items = []
        for row in comments_for(bank, assignment, grade_id):
            lines.append(f"  [{row['code']}] {row['comment_id']}\n        {row['comment_en']}")
            for text in (row["comment_id"], row["comment_en"]):
                items.append(
                    f'<li><button onclick="navigator.clipboard.writeText(this.nextSibling'
                    f'.textContent)">{html.escape(row["code"])}</button>'
                    f"<span>{html.escape(text)}</span></li>"
                )
        sections.append(f"<h2>{html.escape(grade_id)} ({points:g})</h2><ul>{''.join(items)}</ul>")
    if not questions:
        lines.append(f"{assignment}: tidak ada soal nilai manual / no manually graded questions")
    page = course / "grading" / assignment / "comment_bank.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(
        "<!doctype html><html lang=id><meta charset=utf-8>"
        "<title>Bank komentar / Comment bank</title>"
        f"<h1>{html.escape(assignment)}</h1>{''.join(sections)}",
        encoding="utf-8",
    )
    lines.append(f"\nHTML: {page}")
    return "\n".join(lines)
