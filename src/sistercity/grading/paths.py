"""Which nbgrader course folder the lecturer's commands work on."""

from __future__ import annotations

from pathlib import Path


def default_course() -> Path:
    """The current folder if it holds ``nbgrader_config.py``, else ``./course``, else the repo's."""
    here = Path.cwd()
    if (here / "nbgrader_config.py").exists():
        return here
    if (here / "course" / "nbgrader_config.py").exists():
        return here / "course"
    from sistercity.course import layout

    return layout().root


def resolve_course(value: str | None) -> Path:
    """The course folder from ``--course`` (or the default); a clear error when it is not one."""
    from sistercity.errors import UserError
    from sistercity.i18n import both

    course = Path(value).expanduser().resolve() if value else default_course()
    if not (course / "nbgrader_config.py").exists():
        raise UserError(
            both(
                f"{course} bukan folder mata kuliah nbgrader (tidak ada nbgrader_config.py); pakai --course",
                f"{course} is not an nbgrader course folder (no nbgrader_config.py); use --course",
            )
        )
    return course
