"""Plain ``nbgrader autograde`` in ``course/`` (formgrader's path) scores as ``sistercity grade`` does."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from sistercity.grading import democourse
from sistercity.grading.grade import grade
from sistercity.grading.status import course_info

pytestmark = [pytest.mark.nbgrader, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = "ex11_paradiplomasi"

#: Student id -> {answer cell: code}; the rest of the notebook is the instructor's version.
WORK = {
    "benar": {},
    "sebagian": {
        "lensa": (
            "lensa = {'argumen_a': 'soft_power', 'argumen_b': 'two_level', "
            "'argumen_c': 'mlg_type_2', 'argumen_d': 'mlg_type_1', 'argumen_e': 'two_level'}"
        ),
        "jawaban_3": "jawaban_3 = 'A'",
    },
}


def _course(tmp: Path) -> Path:
    """A course with the assignment generated, as on a lecturer's machine."""
    course = tmp / "course"
    shutil.copytree(ROOT / "course" / "source" / ASSIGNMENT, course / "source" / ASSIGNMENT)
    shutil.copy(ROOT / "course" / "nbgrader_config.py", course / "nbgrader_config.py")
    subprocess.run(
        [sys.executable, "-m", "nbgrader", "generate_assignment", ASSIGNMENT, "--create"],
        cwd=course,
        check=True,
        capture_output=True,
        env=democourse.child_env(),
    )
    return course


def _notebook(answers: dict[str, str]) -> nbformat.NotebookNode:
    nb = nbformat.read(ROOT / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", 4)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    return nb


def _scores(course: Path) -> dict[tuple[str, str], float]:
    from nbgrader.api import Gradebook

    db, course_id = course_info(course)
    found = {}
    with Gradebook(f"sqlite:///{db}", course_id) as gb:
        for student in WORK:
            for notebook in gb.find_submission(ASSIGNMENT, student).notebooks:
                for result in notebook.grades:
                    if result.auto_score is not None:
                        found[student, result.name] = result.auto_score
    return found


def _points(grade_id: str) -> float:
    """The points the master gives a graded cell."""
    nb = nbformat.read(ROOT / "course" / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", 4)
    found = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id]
    return float(found[0].metadata["nbgrader"]["points"])


@pytest.mark.timeout(900)
def test_stock_autograde_and_sistercity_grade_give_the_same_scores(tmp_path):
    """The same submissions, graded both ways, get the same score in every cell (partial too)."""
    stock = _course(tmp_path / "stock")
    for student, answers in WORK.items():
        folder = stock / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        nbformat.write(_notebook(answers), folder / f"{ASSIGNMENT}.ipynb")
        subprocess.run(
            [sys.executable, "-m", "nbgrader", "db", "student", "add", student],
            cwd=stock,
            check=True,
            capture_output=True,
            env=democourse.child_env(),
        )
    subprocess.run(
        [sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT],
        cwd=stock,
        check=True,
        capture_output=True,
        env=democourse.child_env(),
    )
    ours = _course(tmp_path / "ours")
    download = tmp_path / "download"
    for i, (student, answers) in enumerate(WORK.items()):
        folder = download / f"{student.title()}_{900 + i}_assignsubmission_file"
        folder.mkdir(parents=True)
        nbformat.write(_notebook(answers), folder / f"{ASSIGNMENT}.ipynb")
    outcome = grade(ASSIGNMENT, download, ours, jobs=2, progress_stream=io.StringIO())
    assert all(r.score is not None for r in outcome.rows), [r.reason for r in outcome.rows]
    by_stock, by_ours = _scores(stock), _scores(ours)
    assert by_stock == by_ours
    points = _points("lensa_tests")
    assert by_ours["benar", "lensa_tests"] == points
    assert by_ours["sebagian", "lensa_tests"] == pytest.approx(points * 3 / 5)
    assert by_ours["sebagian", "jawaban_3_tests"] == 0
