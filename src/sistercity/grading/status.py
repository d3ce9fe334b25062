"""What a grading run records for each student, and where: the statuses, a row, the status file.

The bottom of ``sistercity.grading``: the run (``grade.py``, ``report.py``), the re-grade
merge, pending manual grading, ``--forget`` and the exports all read these, and this module
imports none of them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from sistercity.grading import settings

GRADED = "graded"
NEEDS_MANUAL = "needs manual grading"
FAILED = "could not be graded"
SUPERSEDED = "superseded"
NOT_SUBMITTED = "not submitted"


@dataclass
class Row:
    """The outcome for one student (or one superseded file) of a grading run."""

    student: str
    name: str
    status: str
    score: float | None = None
    max_score: float | None = None
    reason: str = ""
    notes: list[str] = field(default_factory=list)
    file: str = ""
    lms_id: str = ""
    seconds: float | None = None


def course_info(course: Path) -> tuple[Path, str]:
    """The gradebook path and course id the course's ``nbgrader_config.py`` sets."""
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    config = Config()
    if (course / "nbgrader_config.py").exists():
        config = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
    url = config.CourseDirectory.get("db_url") or f"sqlite:///{course / 'gradebook.db'}"
    course_id = config.CourseDirectory.get("course_id") or settings.COURSE_ID
    if not str(url).startswith("sqlite:///"):
        from sistercity.errors import UserError
        from sistercity.i18n import both

        raise UserError(
            both(
                f"hanya gradebook SQLite yang didukung, bukan {url}",
                f"only SQLite gradebooks are supported, not {url}",
            )
        )
    return Path(str(url)[len("sqlite:///") :]), course_id


def status_path(course: Path, assignment: str) -> Path:
    """Where the statuses of an assignment's last grading runs are kept."""
    return Path(course) / "grading" / assignment / "status.json"


def load_status(course: Path, assignment: str) -> dict[str, dict]:
    """The saved statuses of an assignment, by student id (empty before the first run)."""
    path = status_path(course, assignment)
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))
