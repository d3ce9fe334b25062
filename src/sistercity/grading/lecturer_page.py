"""The feedback for the lecturer: one page listing every student's status, score, flags and notes.

``sistercity feedback`` writes each student's page under ``feedback/<student>/<assignment>/``,
which nbgrader's ``release_feedback`` hands to the students; flags never go there. This page
goes beside the assignment's ``status.json`` (``grading/<assignment>/``), a folder nothing
releases, and links to each student's page, so the lecturer reads a student's flags next to the
feedback that student will get.

Flags and notes come from ``status.json`` (what ``sistercity grade`` recorded); a student graded
some other way (formgrader, ``nbgrader autograde``) still shows the flags the grader's verdict
step left in the autograded notebook. Scores come from the gradebook when it has the submission,
so manual grading done after the run shows.
"""

from __future__ import annotations

import html
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from sistercity.grading.export import LECTURER_ONLY
from sistercity.grading.status import (
    FAILED,
    GRADED,
    NEEDS_MANUAL,
    NOT_SUBMITTED,
    SUPERSEDED,
    course_info,
    load_status,
    status_path,
)

#: The file name of the lecturer's page, beside the assignment's ``status.json``.
PAGE_NAME = "umpan_balik_dosen.html"
#: What an empty flags or notes cell says.
NONE = "tidak ada / none"

#: How the page names each status, Indonesian first (``status.json`` keeps the keys).
STATUS_TEXT = {
    GRADED: ("dinilai", "graded"),
    NEEDS_MANUAL: ("perlu penilaian manual", "needs manual grading"),
    FAILED: ("tidak bisa dinilai", "could not be graded"),
    NOT_SUBMITTED: ("tidak mengumpulkan", "not submitted"),
    SUPERSEDED: ("digantikan", "superseded"),
}
#: The status of a student autograded without ``sistercity grade`` (no row in ``status.json``).
UNRECORDED = ("tidak dicatat `sistercity grade`", "not recorded by `sistercity grade`")


@dataclass
class LecturerRow:
    """What the lecturer's page shows for one student."""

    student: str
    name: str = ""
    status: tuple[str, str] = UNRECORDED
    score: float | None = None
    max_score: float | None = None
    flags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    page: Path | None = None
    page_error: str = ""


def page_path(course: Path | str, assignment: str) -> Path:
    """Where the lecturer's page of ``assignment`` is written (never under ``feedback/``)."""
    return status_path(Path(course), assignment).with_name(PAGE_NAME)


def is_flag(note: str, notebook_flags: list[str] = ()) -> bool:
    """Whether a recorded note is a flag (for the lecturer only) rather than a plain note."""
    return note.startswith(LECTURER_ONLY) or note in notebook_flags


def notebook_flags(course: Path, assignment: str, student: str) -> list[str]:
    """The flags the grader's verdict step stored in a student's autograded notebooks."""
    found: list[str] = []
    for path in sorted((course / "autograded" / student / assignment).glob("*.ipynb")):
        try:
            meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
        except (OSError, ValueError):
            continue
        found += [str(flag) for flag in meta.get("sistercity", {}).get("flags", [])]
    return found


def collect(course: Path | str, assignment: str, pages: dict[str, tuple]) -> list[LecturerRow]:
    """One row per student in ``status.json`` or in ``pages`` (student -> (page, error)), sorted.

    ``pages`` maps each student ``sistercity feedback`` handled to the path of their page (or
    ``None``) and the reason there is none.
    """
    course = Path(course)
    saved = load_status(course, assignment)
    rows = []
    for student in sorted(set(saved) | set(pages)):
        record = saved.get(student, {})
        in_notebook = notebook_flags(course, assignment, student)
        notes = [str(n) for n in record.get("notes", [])]
        flags = [n for n in notes if is_flag(n, in_notebook)]
        flags += [f for f in in_notebook if f not in flags]
        plain = [n for n in notes if n not in flags]
        if record.get("reason"):
            plain.insert(0, str(record["reason"]))
        page, error = pages.get(student, (None, ""))
        rows.append(
            LecturerRow(
                student=student,
                name=str(record.get("name") or ""),
                status=STATUS_TEXT.get(record.get("status"), UNRECORDED),
                score=record.get("score"),
                max_score=record.get("max_score"),
                flags=flags,
                notes=plain,
                page=Path(page) if page else None,
                page_error=error,
            )
        )
    _scores_from_gradebook(course, assignment, rows)
    return rows


def _scores_from_gradebook(course: Path, assignment: str, rows: list[LecturerRow]) -> None:
    """Take each score, status and name from the gradebook where it has the submission."""
    db_path, course_id = course_info(course)
    if not db_path.exists():
        return
    from nbgrader.api import MissingEntry

    from sistercity.grading.gradebook import open_gradebook

    with open_gradebook(db_path, course_id) as gb:
        for row in rows:
            # As the exports: a failed or missing submission keeps its status, not an old score.
            if row.status not in (STATUS_TEXT[GRADED], STATUS_TEXT[NEEDS_MANUAL], UNRECORDED):
                continue
            try:
                submission = gb.find_submission(assignment, row.student)
            except MissingEntry:
                continue
            row.score, row.max_score = submission.score, submission.max_score
            waiting = submission.needs_manual_grade
            row.status = STATUS_TEXT[NEEDS_MANUAL if waiting else GRADED]
            if not row.name:
                student = submission.student
                row.name = " ".join(x for x in (student.first_name, student.last_name) if x)


def _en(text: str) -> str:
    """English text marked as English, so a screen reader pronounces it as such."""
    return f'<span lang="en">{html.escape(text)}</span>'


def _both(id_text: str, en_text: str) -> str:  # noqa: A002 - Indonesian first, like i18n.both
    """Both texts, Indonesian first, escaped, the English part marked ``lang="en"``."""
    return f"{html.escape(id_text)} / {_en(en_text)}"


def _list(items: list[str]) -> str:
    """A bulleted list of ``items``, or "tidak ada / none"."""
    if not items:
        return _both(*NONE.split(" / "))
    return "<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in items) + "</ul>"


def _score(row: LecturerRow) -> str:
    """The score as ``x / y``, or a dash when there is none."""
    if row.score is None:
        return "–"
    top = "?" if row.max_score is None else f"{float(row.max_score):g}"
    return f"{round(float(row.score), 2):g} / {top}"


def _link(row: LecturerRow, folder: Path) -> str:
    """A link to the student's feedback page, relative to ``folder``, or why there is none."""
    if row.page is None:
        reason = f": {html.escape(row.page_error)}" if row.page_error else ""
        return _both("tidak ada halaman", "no page") + reason
    target = Path(os.path.relpath(row.page, folder)).as_posix()
    return (
        f'<a href="{html.escape(target)}">'
        f'{_both("umpan balik", "feedback")}<span class="sr"> {html.escape(row.student)}'
        "</span></a>"
    )


def render(assignment: str, rows: list[LecturerRow], folder: Path) -> str:
    """The lecturer's page as HTML; links are relative to ``folder``, where the page goes."""
    flagged = [row for row in rows if row.flags]
    title = f"Umpan balik untuk dosen: {assignment} / Feedback for the lecturer: {assignment}"
    body = []
    for row in rows:
        name = f"<br>{html.escape(row.name)}" if row.name else ""
        mark = ' class="flagged"' if row.flags else ""
        body.append(
            f'<tr id="{html.escape(row.student)}"{mark}>'
            f'<th scope="row">{html.escape(row.student)}{name}</th>'
            f"<td>{_both(*row.status)}</td>"
            f"<td>{_score(row)}</td>"
            f"<td>{_list(row.flags)}</td>"
            f"<td>{_list(row.notes)}</td>"
            f"<td>{_link(row, folder)}</td></tr>"
        )
    flagged_links = ", ".join(
        f'<a href="#{html.escape(r.student)}">{html.escape(r.student)}</a>' for r in flagged
    )
    summary = (
        f"<p><strong>{len(flagged)}</strong> dari {len(rows)} mahasiswa bertanda / "
        f'<span lang="en"><strong>{len(flagged)}</strong> of {len(rows)} students flagged</span>'
        + (f": {flagged_links}" if flagged else "")
        + "</p>"
    )
    heading = _both(
        f"Umpan balik untuk dosen: {assignment}", f"Feedback for the lecturer: {assignment}"
    )
    warning = _both(
        "Hanya untuk dosen: halaman ini memuat tanda dan catatan penilaian. Jangan bagikan "
        "kepada mahasiswa; halaman umpan balik mahasiswa tidak memuatnya.",
        "For the lecturer only: this page holds the grading flags and notes. Do not share it "
        "with students; the students' feedback pages do not contain them.",
    )
    caption = _both(
        f"Status, nilai, tanda dan catatan tiap mahasiswa, {assignment}",
        f"Status, score, flags and notes of each student, {assignment}",
    )
    rows_html = "\n".join(body)
    return f"""<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>
body {{ font-family: system-ui, sans-serif; line-height: 1.4; margin: 1.5em; color: #1a1a1a; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 1px solid #777; padding: .4em .6em; text-align: left; vertical-align: top; }}
thead th {{ background: #e8e8e8; }}
tr.flagged th[scope="row"] {{ border-left: 6px solid #b00020; }}
ul {{ margin: 0; padding-left: 1.2em; }}
.warn {{ border-left: 4px solid #b00020; background: #fdecee; padding: .5em .8em; }}
.sr {{ position: absolute; left: -10000px; width: 1px; height: 1px; overflow: hidden; }}
a:focus {{ outline: 3px solid #1a5fb4; }}
</style>
</head>
<body>
<main>
<h1>{heading}</h1>
<p class="warn">{warning}</p>
<h2>{_both("Ringkasan", "Summary")}</h2>
{summary}
<h2>{_both("Mahasiswa", "Students")}</h2>
<table>
<caption>{caption}</caption>
<thead><tr>
<th scope="col">{_both("Mahasiswa", "Student")}</th>
<th scope="col">{_both("Status", "Status")}</th>
<th scope="col">{_both("Nilai", "Score")}</th>
<th scope="col">{_both("Tanda", "Flags")}</th>
<th scope="col">{_both("Catatan", "Notes")}</th>
<th scope="col">{_both("Halaman mahasiswa", "Student's page")}</th>
</tr></thead>
<tbody>
{rows_html}
</tbody>
</table>
</main>
</body>
</html>
"""


def write(course: Path | str, assignment: str, pages: dict[str, tuple]) -> Path:
    """Write the lecturer's page of ``assignment`` (see :func:`collect`); return its path."""
    path = page_path(course, assignment)
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = collect(course, assignment, pages)
    path.write_text(render(assignment, rows, path.parent), encoding="utf-8")
    return path
