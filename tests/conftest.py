"""Shared test set-up: a headless plotting backend and the repository's paths."""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
# Tests never depend on where they are started from.
os.environ.setdefault("SISTERCITY_COURSE", str(ROOT))

#: Markers whose tests are slow by nature: each of them also counts as ``slow``.
SLOW_KINDS = ("notebooks", "nbgrader", "browser", "hub")


def pytest_collection_modifyitems(config, items):
    """Mark every notebook, nbgrader, browser and hub test ``slow`` too, for ``-m "not slow"``."""
    import pytest

    for item in items:
        if any(item.get_closest_marker(kind) for kind in SLOW_KINDS):
            item.add_marker(pytest.mark.slow)
