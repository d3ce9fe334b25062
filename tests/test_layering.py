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
