"""Write each student's HTML feedback, with hidden tests removed from sources and tracebacks."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from sistercity.grading import feedback_page


@dataclass
class FeedbackResult:
    """Where one student's feedback went, or why there is none."""

    student: str
    path: Path | None
    error: str = ""


def generate(course: Path | str, assignment: str) -> list[FeedbackResult]:
    """Generate feedback for every autograded student of ``assignment``; never stop on one."""
    sys.modules.setdefault("rfc3987_syntax", None)  # optional and slow: see worker.py
    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    course = Path(course).resolve()
    config = Config()
    config.merge(PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config())
    # Whatever the course config says, hidden tests never reach a student; the page is the
    # course's (both languages; answers awaiting manual grading say so).
    feedback_page.configure(config)
    coursedir = CourseDirectory(config=config)
    coursedir.root = str(course)
    api = NbGraderAPI(coursedir=coursedir, config=config)
    autograded = course / "autograded"
    students = sorted(p.parent.name for p in autograded.glob(f"*/{assignment}") if p.is_dir())
    results = []
    for student in students:
        answer = feedback_page.generate_one(api, coursedir, assignment, student)
        folder = course / "feedback" / student / assignment
        pages = sorted(folder.glob("*.html"))
        if answer.get("success") and pages:
            results.append(FeedbackResult(student, pages[0]))
        else:
            results.append(FeedbackResult(student, None, _why(answer)))
    return results


def _why(answer: dict) -> str:
    """The error that stopped nbgrader, not its closing "see the above traceback"."""
    import re

    text = (answer.get("error") or "") + "\n" + (answer.get("log") or "")
    found = [
        line.strip()
        for line in text.splitlines()
        if re.match(r"\s*(?:\w+\.)*\w+(?:Error|Exception|NotFound)\b", line)
        and "NbGraderException" not in line
    ]
    return found[-1][:200] if found else "umpan balik tidak ditulis / no feedback written"
