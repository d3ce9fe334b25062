"""Every lesson, master and solution notebook runs top to bottom; none is committed with outputs."""

from __future__ import annotations

import re
import subprocess

import pytest

from .conftest import ROOT
from .notebook_tools import EXERCISES, LESSONS, SOLUTIONS, SOURCES, execute, read_any, relative

#: Seconds one whole notebook may take, kernel start included, before it counts as hung.
NOTEBOOK_TIMEOUT = 300


@pytest.mark.notebooks
@pytest.mark.timeout(NOTEBOOK_TIMEOUT)
@pytest.mark.parametrize("path", LESSONS, ids=relative)
def test_lesson_executes(path):
    """The lesson runs without error in a fresh kernel."""
    execute(path)


@pytest.mark.notebooks
@pytest.mark.timeout(NOTEBOOK_TIMEOUT)
@pytest.mark.parametrize("path", SOURCES + SOLUTIONS, ids=relative)
def test_master_and_solution_execute(path):
    """An instructor notebook (master or generated solution) runs and passes its own tests."""
    execute(path)


def _tracked_notebooks():
    listed = subprocess.run(
        ["git", "ls-files", "*.ipynb"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    return [ROOT / name for name in listed]


def test_no_committed_notebook_carries_outputs():
    """Notebooks in git hold no outputs and no execution counts."""
    offenders = []
    for path in _tracked_notebooks() + SOURCES + SOLUTIONS + EXERCISES:
        for cell in read_any(path).cells:
            if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count")):
                offenders.append(relative(path))
                break
    assert not offenders, f"notebooks with outputs: {sorted(set(offenders))}"


def test_lessons_are_markdown_sources():
    """No built lesson notebook is committed: lessons live as MyST Markdown."""
    assert not [p for p in _tracked_notebooks() if p.parts[len(ROOT.parts)] == "notebooks"]


def _numbers(lang):
    return {p.name[:2]: p for p in LESSONS if p.parent.name == lang}


def test_every_lesson_has_its_twin():
    """Each lesson number exists in both Bahasa Indonesia and English, from 00 to 10."""
    indonesian, english = _numbers("id"), _numbers("en")
    assert set(indonesian) == set(english), set(indonesian) ^ set(english)
    assert {f"{n:02d}" for n in range(11)} <= set(indonesian)


LANG_CELL = re.compile(r'^LANG = "(id|en)"\s*$')


def _code(path):
    cells = [c.source.strip() for c in read_any(path).cells if c.cell_type == "code"]
    return cells


@pytest.mark.parametrize("number", sorted(_numbers("id")))
def test_twins_run_the_same_code(number):
    """Twin lessons have the same code cells; only the first sets LANG to its language."""
    indonesian, english = _numbers("id").get(number), _numbers("en").get(number)
    if english is None:
        pytest.fail(f"lesson {number} has no English twin")
    id_cells, en_cells = _code(indonesian), _code(english)
    assert LANG_CELL.match(id_cells[0]) and LANG_CELL.match(en_cells[0]), (
        "first code cell must set LANG"
    )
    assert id_cells[0] == 'LANG = "id"' and en_cells[0] == 'LANG = "en"'
    assert id_cells[1:] == en_cells[1:]


@pytest.mark.parametrize("path", LESSONS, ids=relative)
def test_lesson_links_to_its_twin(path):
    """Each lesson links to its twin in the other language near the top."""
    other = "en" if path.parent.name == "id" else "id"
    twin = _numbers(other).get(path.name[:2])
    assert twin is not None
    head = path.read_text(encoding="utf-8")[:3000]
    assert f"../{other}/{twin.stem}.ipynb" in head


LINK = re.compile(r"\]\(([^)#\s]+\.ipynb)(?:#[^)]*)?\)")


@pytest.mark.parametrize("path", LESSONS, ids=relative)
def test_links_between_lessons_resolve(path):
    """Every link from a lesson to a notebook points at a lesson or exercise that exists."""
    text = path.read_text(encoding="utf-8")
    for target in LINK.findall(text):
        if target.startswith("http"):
            continue
        resolved = (path.parent / target).resolve()
        source = resolved.with_suffix(".md")
        assert source.exists() or resolved.exists(), f"{relative(path)} links to missing {target}"
