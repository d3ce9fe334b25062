"""The code base passes ruff's lint rules and its formatter."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT


def test_ruff_check_passes():
    """`ruff check .` finds nothing."""
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-4000:]


def test_ruff_format_is_clean():
    """`ruff format --check .` would change nothing."""
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-4000:]
