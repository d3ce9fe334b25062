"""Which assignment a submitted notebook belongs to, told by its locked cells.

The course's exercises share grade ids (``title``, ``setup``, ``q1`` ...), so sharing ids does not
make a notebook one assignment's. The locked cells (title, instructions, tests) are copied to
students unchanged: the master whose locked cells the notebook repeats most is the notebook's
assignment. A download graded under the wrong assignment name is then reported as "another
assignment", never graded (nbgrader would fail on it) nor flagged as tampering.
"""

from __future__ import annotations

import re
from pathlib import Path

#: The hidden tests of a cell, which the student version leaves out.
HIDDEN_BLOCK = re.compile(r"### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS\n?", re.S)
#: A task cell's mark scheme, which the student version leaves out.
MARK_SCHEME = re.compile(r"=== BEGIN MARK SCHEME ===.*?=== END MARK SCHEME ===\n?", re.S)


def _normalise(text: str) -> str:
    text = MARK_SCHEME.sub("", HIDDEN_BLOCK.sub("", text))
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def locked_cells(notebook) -> dict[str, str]:
    """The locked cells of an nbgrader notebook (a master or a release), by grade id."""
    cells = {}
    for cell in notebook.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("locked") and meta.get("grade_id"):
            cells[meta["grade_id"]] = cell.source
    return cells


def other_masters(course: Path | str, assignment: str) -> dict[str, dict[str, str]]:
    """The locked cells of every master in ``course/source/`` except ``assignment``'s."""
    import nbformat

    from sistercity.course import layout
    from sistercity.grading.names import masters

    found = {}
    for name in masters(course):
        if name == assignment:
            continue
        try:
            notebook = nbformat.read(layout(course).master(name), as_version=4)
        except Exception:  # noqa: BLE001 - a broken master names no assignment
            continue
        found[name] = locked_cells(notebook)
    return found


def matches(sources: dict[str, str], locked: dict[str, str]) -> int:
    """How many of ``locked`` the notebook's cells (``sources`` by grade id) repeat verbatim."""
    return sum(
        1
        for grade_id, text in locked.items()
        if grade_id in sources and _normalise(sources[grade_id]) == _normalise(text)
    )


def guess(sources: dict[str, str], mine: dict[str, str], others: dict[str, dict[str, str]]) -> str:
    """The other assignment this notebook repeats more locked cells of than ``mine``, or ``""``."""
    score = matches(sources, mine)
    best, best_score = "", score
    for name, locked in sorted(others.items()):
        found = matches(sources, locked)
        if found > best_score:
            best, best_score = name, found
    return best


def wrong_download_note(assignment: str, others: dict[str, str], total: int) -> list[str]:
    """A note for the run when every notebook of the download is another assignment's."""
    from sistercity.i18n import both

    if not others or len(others) < total:
        return []
    names = ", ".join(sorted(set(others.values())))
    return [
        both(
            f"semua notebook di unduhan ini adalah tugas lain ({names}), bukan {assignment}: "
            "apakah nama tugasnya salah? Hapus catatan run ini dengan "
            f"`sistercity grade --forget {assignment}`, lalu nilai dengan nama yang benar",
            f"every notebook of this download is another assignment ({names}), not {assignment}: "
            "was the assignment name wrong? Remove what this run recorded with "
            f"`sistercity grade --forget {assignment}`, then grade under the right name",
        )
    ]
