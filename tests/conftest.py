"""Shared test set-up: a headless plotting backend and the repository's paths."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

import matplotlib
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
# Tests never depend on where they are started from.
os.environ.setdefault("SISTERCITY_COURSE", str(ROOT))

#: Markers whose tests are slow by nature: each of them also counts as ``slow``.
SLOW_KINDS = ("notebooks", "nbgrader", "browser", "hub")


def pytest_collection_modifyitems(config, items):
    """Mark every notebook, nbgrader, browser and hub test ``slow`` too, for ``-m "not slow"``."""
    for item in items:
        if any(item.get_closest_marker(kind) for kind in SLOW_KINDS):
            item.add_marker(pytest.mark.slow)


LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@pytest.fixture(scope="session")
def browser():
    """A headless Debian Chromium for the whole session, or a skip saying how to get one."""
    from sistercity.browser import CHROMIUM, MISSING, launch

    if not CHROMIUM.exists():
        pytest.skip(MISSING)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = launch(playwright)
        yield instance
        instance.close()


def only_local(requests: list[str]) -> list[str]:
    """The requests that went anywhere but this machine."""
    return [
        url
        for url in requests
        if urlparse(url).scheme in ("http", "https", "ws", "wss")
        and urlparse(url).hostname not in LOCAL_HOSTS
    ]
