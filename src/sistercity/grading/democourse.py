"""A tiny self-contained nbgrader course with the course's real settings, for tests and the benchmark.

It has one assignment (``ps_demo``) whose master notebook holds a locked instruction, an
autograded answer, a locked test cell with visible and hidden tests, and a manually graded
Markdown answer: every kind of cell the course's exercises use.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from sistercity.grading import settings

ASSIGNMENT = "ps_demo"

#: A line of the hidden tests that must never reach a student's feedback (it hands the answers
#: over; the verdict is given by the grader with :data:`KEYS`).
HIDDEN_ASSERT = (
    '_sc.answer("test_squares", squares_7=squares(7), squares_0=squares(0))  # RAHASIA-HIDDEN-7'
)
#: The grader's key of the hidden test (``course/source/ps_demo/verdicts.json``).
KEYS = {
    "cells": {
        "test_squares": {
            "answers": ["squares_7", "squares_0"],
            "code": [
                '_sc.expect(squares_7[-1], 49, "squares(7) belum tepat / is not right yet")\n',
                '_sc.expect(squares_0, [], "squares(0) harus [] / should be []")\n',
            ],
        }
    }
}

CORRECT_ANSWERS = (
    "def squares(n):\n    return [i * i for i in range(1, n + 1)]",
    "def squares(n):\n    out = []\n    for i in range(1, n + 1):\n        out.append(i ** 2)\n"
    "    return out",
)
WRONG_ANSWER = "def squares(n):\n    return [i * i for i in range(n)]"
VISIBLE_ONLY_ANSWER = "def squares(n):\n    return {1: [1], 3: [1, 4, 9]}[n]"

CONFIG = '''"""nbgrader configuration of a generated test course (the course's real settings)."""

from pathlib import Path

from sistercity.grading.settings import configure

c = get_config()  # noqa: F821
configure(c, Path(__file__).parent)
'''


def _meta(grade_id: str, **flags) -> dict:
    base = {
        "grade": False,
        "locked": False,
        "solution": False,
        "schema_version": 3,
        "grade_id": grade_id,
    }
    base.update(flags)
    return {"nbgrader": base}


def master_notebook() -> nbformat.NotebookNode:
    """The instructor's version of the demo assignment, with solutions and hidden tests."""
    cells = [
        new_markdown_cell(
            "# Latihan demo\nTulis fungsi `squares(n)`. / Write `squares(n)`.",
            id="intro",
            metadata=_meta("intro", locked=True),
        ),
        new_code_cell(
            "def squares(n):\n    ### BEGIN SOLUTION\n    return [i * i for i in range(1, n + 1)]\n"
            "    ### END SOLUTION",
            id="answer_squares",
            metadata=_meta("answer_squares", solution=True),
        ),
        new_code_cell(
            'assert squares(1) == [1], "squares(1) harus [1] / should be [1]"\n'
            "assert len(squares(3)) == 3\n"
            "### BEGIN HIDDEN TESTS\n"
            "import sistercity.checks as _sc\n\n"
            f"{HIDDEN_ASSERT}\n"
            "### END HIDDEN TESTS",
            id="test_squares",
            metadata=_meta("test_squares", grade=True, locked=True, points=2),
        ),
        new_markdown_cell(
            "Jelaskan jawaban Anda. / Explain your answer.",
            id="explain_q",
            metadata=_meta("explain_q", locked=True),
        ),
        new_markdown_cell(
            "Fungsi membuat daftar kuadrat. / The function lists squares.",
            id="explain",
            metadata=_meta("explain", grade=True, solution=True, points=3),
        ),
    ]
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    return nb


def build_course(root: Path | str) -> Path:
    """Write the course (config + master notebook) under ``root`` and run generate_assignment."""
    root = Path(root)
    course = root / "course"
    source = course / "source" / ASSIGNMENT
    source.mkdir(parents=True, exist_ok=True)
    (course / "nbgrader_config.py").write_text(CONFIG, encoding="utf-8")
    nbformat.write(master_notebook(), source / f"{ASSIGNMENT}.ipynb")
    (source / settings.VERDICT_KEYS).write_text(json.dumps(KEYS, indent=1), encoding="utf-8")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "nbgrader",
            "generate_assignment",
            ASSIGNMENT,
            "--create",
            "--force",
        ],
        cwd=course,
        check=True,
        capture_output=True,
        env=child_env(),
    )
    return course


def child_env() -> dict[str, str]:
    """The environment for nbgrader child processes: the venv's bin first (nbgrader runs alembic)."""
    return settings.scripts_environment()


def release_notebook(course: Path | str) -> nbformat.NotebookNode:
    """The student version of the demo assignment, as students download it."""
    course = Path(course)
    return nbformat.read(course.parent / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", 4)


def student_notebook(
    release: nbformat.NotebookNode, answer: str | None, explanation: str | None = None
) -> nbformat.NotebookNode:
    """A copy of the release notebook with the student's code answer and explanation filled in."""
    nb = copy.deepcopy(release)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id == "answer_squares" and answer is not None:
            cell.source = answer
        if grade_id == "explain" and explanation is not None:
            cell.source = explanation
    return nb


def write_class(course: Path | str, folder: Path | str, count: int) -> dict[str, float]:
    """Write ``count`` Moodle-named submissions into ``folder``; return the expected auto score."""
    release = release_notebook(course)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    expected = {}
    for i in range(count):
        kind = i % 5
        if kind in (0, 1):
            answer, score = CORRECT_ANSWERS[kind], 2.0
        elif kind == 2:
            answer, score = WRONG_ANSWER, 0.0
        elif kind == 3:
            answer, score = VISIBLE_ONLY_ANSWER, 0.0
        else:
            answer, score = CORRECT_ANSWERS[0], 2.0
        name = f"Mahasiswa Contoh {i:03d}"
        nb = student_notebook(release, answer, f"Penjelasan nomor {i}.")
        nbformat.write(nb, folder / f"{name}_{100000 + i}_assignsubmission_file_{ASSIGNMENT}.ipynb")
        expected[f"mahasiswa-contoh-{i:03d}"] = score
    return expected
