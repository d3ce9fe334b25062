"""Model modules stay pure: importing one never pulls in a plotting or widget library."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import sistercity

UI_MODULES = ("matplotlib", "ipywidgets", "IPython", "voila", "nbgrader")
# Pure modules: the models, plus the package itself and the data loader they may use.
PURE = sorted(
    {
        "sistercity",
        "sistercity.course_map",
        "sistercity.data",
        "sistercity.i18n",
        "sistercity.regimes",
        "sistercity.timeline",
        "sistercity.quiz",
        "sistercity.quiz.gift",
        "sistercity.quiz.moodle_xml",
    }
    | {
        info.name
        for info in pkgutil.walk_packages(sistercity.__path__, "sistercity.")
        if info.name.endswith(".model")
    }
)


def test_there_are_model_modules_to_check():
    """The layering test finds the model modules (it would pass vacuously otherwise)."""
    assert len([name for name in PURE if name.endswith(".model")]) >= 1


@pytest.mark.parametrize("module", PURE)
def test_model_module_imports_no_ui_library(module):
    """Importing a model module in a fresh interpreter loads no UI library."""
    code = (
        f"import sys, {module}; "
        f"bad = [m for m in {UI_MODULES!r} if m in sys.modules]; "
        "print(','.join(bad)); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, (
        f"{module} imports {result.stdout.strip()} {result.stderr[-500:]}"
    )


def _imports_of(path) -> set[str]:
    """The sistercity modules a source file imports, anywhere in it (also inside functions)."""
    import ast

    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("sistercity")}


def test_no_module_imports_the_command_line_upward():
    """Only the entry point knows ``sistercity.cli``; errors live in the bottom module."""
    from pathlib import Path

    package = Path(sistercity.__file__).parent
    offenders = [
        path.relative_to(package).as_posix()
        for path in package.rglob("*.py")
        if path.name != "cli.py" and "sistercity.cli" in _imports_of(path)
    ]
    assert offenders == []
    assert _imports_of(package / "errors.py") == set()


def test_grading_kernel_helpers_import_only_the_standard_library():
    """The kernel wrapper and the sandbox start fast and before any student code: stdlib only."""
    from pathlib import Path

    kernels = Path(sistercity.__file__).parent / "grading" / "kernels"
    assert _imports_of(kernels / "isolation.py") == set()
    assert _imports_of(kernels / "kernel_wrapper.py") == set()


def _grading_graph() -> dict[str, set[str]]:
    """Which modules of ``sistercity.grading`` each one imports (at any depth of its code)."""
    import ast
    from pathlib import Path

    grading = Path(sistercity.__file__).parent / "grading"
    names = {path.stem for path in grading.glob("*.py")}
    graph = {}
    for path in grading.glob("*.py"):
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "sistercity.grading":
                found |= {alias.name for alias in node.names if alias.name in names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                if node.module.startswith("sistercity.grading."):
                    found.add(node.module.split(".")[2])
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("sistercity.grading."):
                        found.add(alias.name.split(".")[2])
        graph[path.stem] = found - {path.stem}
    return graph


def test_grading_modules_import_each_other_without_a_cycle():
    """No import cycle under ``sistercity.grading`` (the worker never reads grade.py, nor the reverse)."""
    graph = _grading_graph()
    assert "gradebook" in graph["worker"] and "grade" not in graph["worker"]
    assert "worker" not in graph["grade"]

    def reach(start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            for nxt in graph.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    cycles = sorted(name for name in graph if name in reach(name))
    assert cycles == []


def test_the_protocol_and_the_kernel_side_import_nothing_of_the_grader():
    """The answer format imports nothing; the kernel's checks import only that of the grading."""
    from pathlib import Path

    package = Path(sistercity.__file__).parent
    assert _imports_of(package / "grading" / "protocol.py") == set()
    assert {m for m in _imports_of(package / "checks.py") if "grading" in m} == {
        "sistercity.grading.protocol"
    }


def test_grading_kernels_import_nothing_of_the_grading_above_them():
    """``grading/kernels/`` imports only itself: the kernel side never pulls in the grader."""
    from pathlib import Path

    kernels = Path(sistercity.__file__).parent / "grading" / "kernels"
    sources = sorted(kernels.glob("*.py"))
    assert {p.name for p in sources} >= {"execute.py", "sandbox.py", "identity.py"}
    offenders = {
        f"{path.name} -> {name}"
        for path in sources
        for name in _imports_of(path)
        if name.startswith("sistercity.grading")
        and not name.startswith("sistercity.grading.kernels")
        or name == "sistercity.grading"
    }
    assert offenders == set()


def test_grading_never_imports_authoring_upward():
    """Grading runs nbgrader itself (``settings.run_nbgrader``); authoring builds on grading."""
    from pathlib import Path

    grading = Path(sistercity.__file__).parent / "grading"
    offenders = [p.name for p in grading.glob("*.py") if "sistercity.authoring" in _imports_of(p)]
    assert offenders == []


def test_gradebook_is_opened_only_by_the_gradebook_module():
    """Every ``Gradebook(`` of the package is in ``grading/gradebook.py`` (one named exception)."""
    from pathlib import Path

    package = Path(sistercity.__file__).parent
    # kernels/identity.py reads a student's LMS id before the kernel starts and may not import
    # grading/gradebook.py (kernels import only themselves); it is the single exception.
    allowed = {"grading/gradebook.py", "grading/kernels/identity.py"}
    openers = {
        path.relative_to(package).as_posix()
        for path in package.rglob("*.py")
        if "Gradebook(" in path.read_text(encoding="utf-8")
    }
    assert openers <= allowed, sorted(openers - allowed)
    assert "grading/gradebook.py" in openers
