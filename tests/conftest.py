"""Shared test set-up: a headless plotting backend and the repository's paths."""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
# Tests never depend on where they are started from.
os.environ.setdefault("SISTERCITY_COURSE", str(ROOT))
