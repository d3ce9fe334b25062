"""Helpers for tests that read or execute notebooks."""

from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

from .conftest import ROOT

#: Seconds one cell may run in a test before it counts as hung.
CELL_TIMEOUT = 180


def read_any(path: Path) -> nbformat.NotebookNode:
    """Read a notebook from ``.ipynb`` or a MyST ``.md`` lesson."""
    if path.suffix == ".md":
        return jupytext.read(path)
    return nbformat.read(path, as_version=4)


def solved_notebook(assignment: str) -> nbformat.NotebookNode:
    """The released notebook with every answer cell of the solution filled in (a good student's work)."""
    released = nbformat.read(ROOT / "exercises" / assignment / f"{assignment}.ipynb", as_version=4)
    solved = nbformat.read(ROOT / "solutions" / assignment / f"{assignment}.ipynb", as_version=4)
    answers = {
        c.metadata["nbgrader"]["grade_id"]: c.source
        for c in solved.cells
        if c.metadata.get("nbgrader", {}).get("solution")
    }
    for cell in released.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    return released


def execute(path: Path) -> nbformat.NotebookNode:
    """Run a notebook top to bottom in a fresh kernel whose working folder is the notebook's."""
    notebook = read_any(path)
    client = NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    return client.execute()


def relative(path: Path) -> str:
    """A short test id: the path relative to the repository."""
    return str(path.relative_to(ROOT))


LESSONS = sorted((ROOT / "notebooks").glob("*/[0-9][0-9]_*.md"))
SOURCES = sorted((ROOT / "course" / "source").glob("*/*.ipynb"))
SOLUTIONS = sorted((ROOT / "solutions").glob("*/*.ipynb"))
EXERCISES = sorted((ROOT / "exercises").glob("*/*.ipynb"))
