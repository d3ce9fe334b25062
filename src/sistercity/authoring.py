"""Generating the student and solution versions of the graded exercises with nbgrader.

``course/source/<assignment>/<assignment>.ipynb`` are the masters (solutions, hidden tests, mark
schemes). :func:`regenerate` turns them into ``exercises/`` (student versions) and ``solutions/``
(instructor versions without outputs) with real ``nbgrader`` commands; :func:`stale` says whether
the committed copies still match the masters. nbgrader runs against a throwaway gradebook so the
course's own ``course/gradebook.db`` (a lecturer's grades) is never touched.
"""

from __future__ import annotations

import filecmp
import tempfile
from pathlib import Path

import nbformat

from sistercity.course import layout
from sistercity.grading.settings import run_nbgrader
from sistercity.i18n import both

#: The course of the repository this module was installed from (authoring needs the sources).
_LAYOUT = layout()
REPO = _LAYOUT.repo
COURSE = _LAYOUT.root
EXERCISES = _LAYOUT.exercises
SOLUTIONS = _LAYOUT.solutions

#: Cell metadata that only records one run of a notebook, never its content.
_RUN_METADATA = ("execution", "ExecuteTime", "collapsed", "scrolled")


def assignments(course_root: Path | str = COURSE) -> list[str]:
    """The assignment ids in ``course/source``: folders holding a notebook of the same name."""
    source = layout(course_root).source
    return sorted(
        folder.name
        for folder in source.iterdir()
        if folder.is_dir() and (folder / f"{folder.name}.ipynb").is_file()
    )


_all_assignments = assignments  # regenerate() takes a parameter of the same name


def strip_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove outputs, execution counts and run metadata; keep cell ids and nbgrader metadata."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        for key in _RUN_METADATA:
            cell.metadata.pop(key, None)
    # Executing records widget states (random model ids) and the kernel's exact Python version.
    nb.metadata.pop("widgets", None)
    language = nb.metadata.get("language_info")
    if language:
        nb.metadata["language_info"] = {"name": language.get("name", "python")}
    return nb


def strip_file(path: Path | str) -> None:
    """Rewrite the notebook at ``path`` without outputs and run metadata (see :func:`strip_notebook`)."""
    nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    nbformat.write(strip_notebook(nb), path)


def _nbgrader_args(
    command: str, assignment: str, release: Path, solution: Path, db: Path, course_root: Path
) -> list[str]:
    return [
        command,
        assignment,
        "--force",
        f"--db=sqlite:///{db}",
        f"--CourseDirectory.root={course_root}",
        f"--CourseDirectory.release_directory={release}",
        f"--CourseDirectory.solution_directory={solution}",
        "--log-level=WARN",
    ]


def generate(
    assignment_ids: list[str] | None,
    release: Path | str,
    solution: Path | str,
    course_root: Path | str = COURSE,
) -> None:
    """Write student versions to ``release`` and stripped solutions to ``solution``.

    All assignments (``None``) are generated with one nbgrader process per command; a
    list of assignments with one process per assignment and command.
    """
    course_root = Path(course_root).resolve()
    release, solution = Path(release).resolve(), Path(solution).resolve()
    patterns = ["[!_]*"] if assignment_ids is None else list(assignment_ids)
    known = assignments(course_root)
    for name in patterns:
        if name != "[!_]*" and name not in known:
            raise ValueError(
                both(
                    f"Tidak ada tugas '{name}' di course/source. Tugas yang ada: {', '.join(known)}.",
                    f"No assignment '{name}' in course/source. The assignments are: {', '.join(known)}.",
                )
            )
    with tempfile.TemporaryDirectory(prefix="sistercity-gb-") as tmp:
        db = Path(tmp) / "gb.db"
        for name in patterns:
            for command in ("generate_assignment", "generate_solution"):
                run_nbgrader(
                    _nbgrader_args(command, name, release, solution, db, course_root), course_root
                )
    for name in known if assignment_ids is None else assignment_ids:
        for path in sorted((solution / name).glob("*.ipynb")):
            strip_file(path)


def regenerate(assignments: list[str] | None = None) -> list[str]:
    """Regenerate ``exercises/`` and ``solutions/`` from the masters; return the assignments done."""
    generate(assignments, EXERCISES, SOLUTIONS, COURSE)
    return list(assignments) if assignments is not None else _all_assignments(COURSE)


def _normalised(path: Path) -> str:
    """A notebook's text after stripping run metadata, so only content differences remain."""
    nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    return nbformat.writes(strip_notebook(nb))


def _generated_files(folder: Path) -> set[Path]:
    """Files under ``folder`` that generation owns: JupyterLab's checkpoints are the user's, not ours."""
    return {
        p.relative_to(folder)
        for p in folder.rglob("*")
        if p.is_file() and ".ipynb_checkpoints" not in p.parts
    }


def compare_trees(fresh: Path, committed: Path, label: str) -> list[str]:
    """Differences between a freshly generated assignment folder and the committed one."""
    if not committed.is_dir():
        return [f"{label}: missing (run `sistercity build --exercises`)"]
    fresh_files = _generated_files(fresh)
    committed_files = _generated_files(committed)
    differences = [
        f"{label}/{p}: not generated by the master" for p in sorted(committed_files - fresh_files)
    ]
    differences += [f"{label}/{p}: missing" for p in sorted(fresh_files - committed_files)]
    for relative in sorted(fresh_files & committed_files):
        new, old = fresh / relative, committed / relative
        if relative.suffix == ".ipynb":
            same = _normalised(new) == _normalised(old)
        else:
            same = filecmp.cmp(new, old, shallow=False)
        if not same:
            differences.append(f"{label}/{relative}: differs from its master")
    return differences


def stale(assignment: str | None = None) -> list[str]:
    """Regenerate into a temporary folder and list where ``exercises/`` or ``solutions/`` differ.

    Args:
        assignment: One assignment id, or ``None`` for all of them (one nbgrader run).

    Returns:
        One line per differing, missing or extra file; empty when everything is up to date.
    """
    names = assignments(COURSE) if assignment is None else [assignment]
    with tempfile.TemporaryDirectory(prefix="sistercity-stale-") as tmp:
        release, solution = Path(tmp) / "exercises", Path(tmp) / "solutions"
        generate(None if assignment is None else [assignment], release, solution, COURSE)
        differences = []
        for name in names:
            differences += compare_trees(release / name, EXERCISES / name, f"exercises/{name}")
            differences += compare_trees(solution / name, SOLUTIONS / name, f"solutions/{name}")
    return differences
