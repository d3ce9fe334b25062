"""Debian's Chromium driven by Playwright, as the site build (handouts) and the browser tests use it."""

from __future__ import annotations

from pathlib import Path

from sistercity.i18n import both

CHROMIUM = Path("/usr/bin/chromium")

#: A closed network: no background fetches, no component updates (see docs/stack.md).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

MISSING = both(
    "Chromium belum terpasang: jalankan `apt-get install -y chromium` (Debian/Ubuntu, sebagai root) "
    "atau `bash .ci/run`, yang memasangnya.",
    "Chromium is not installed: run `apt-get install -y chromium` (Debian/Ubuntu, as root) "
    "or `bash .ci/run`, which installs it.",
)


def launch(playwright):
    """A headless Debian Chromium from a started Playwright; raise saying how to install it."""
    if not CHROMIUM.exists():
        raise RuntimeError(MISSING)
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def offline_page(browser):
    """A new page of ``browser`` that loads only files and data URLs: anything else is refused.

    What a printed handout, brief or report shows is made from the folder alone, so nothing on
    the page can reach the network (a student's copy must print the same offline).
    """
    context = browser.new_context()
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(("file:", "data:")) else route.abort()
        ),
    )
    return context.new_page()
