"""Which assignments a course has, and a plain answer to a mistyped assignment name."""

from __future__ import annotations

import difflib
from pathlib import Path


def masters(course: Path | str) -> list[str]:
    """The assignments of ``course/source/`` (a folder holding a notebook of the same name)."""
    from sistercity.course import layout

    source = layout(course).source
    if not source.is_dir():
        return []
    return sorted(p.name for p in source.iterdir() if (p / f"{p.name}.ipynb").is_file())


def in_gradebook(course: Path | str) -> list[str]:
    """The assignments the course gradebook knows (none when there is no gradebook yet)."""
    from sistercity.grading.gradebook import open_gradebook
    from sistercity.grading.status import course_info

    db_path, course_id = course_info(Path(course))
    if not db_path.exists():
        return []
    with open_gradebook(db_path, course_id) as gb:
        return sorted(a.name for a in gb.assignments)


def check(course: Path | str, assignment: str) -> None:
    """Raise a bilingual UserError listing the course's assignments when ``assignment`` is unknown."""
    from sistercity.errors import UserError
    from sistercity.i18n import both

    known = masters(course)
    if assignment in known:
        return
    known = sorted(set(known) | set(in_gradebook(course)))
    if assignment in known:
        return
    close = difflib.get_close_matches(assignment, known, n=1)
    hint_id = f" Maksud Anda {close[0]}?" if close else ""
    hint_en = f" Did you mean {close[0]}?" if close else ""
    listing = ", ".join(known) or "-"
    raise UserError(
        both(
            f"Tugas {assignment!r} tidak ada di course/source/ maupun di gradebook.{hint_id} "
            f"Tugas yang ada: {listing}",
            f"There is no assignment {assignment!r} in course/source/ or the gradebook.{hint_en} "
            f"The assignments are: {listing}",
        )
    )
