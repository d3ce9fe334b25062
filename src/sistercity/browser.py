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


def with_chromium(work):
    """Return ``work(browser)`` run with a headless Chromium started for it, and closed after.

    Playwright's sync API cannot start where an asyncio loop already runs (a notebook's kernel, or
    a process that already drives a browser, such as the test session); there the work runs in a
    thread of its own, and its result or error comes back here.
    """
    import asyncio
    import threading

    def run():
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = launch(playwright)
            try:
                return work(browser)
            finally:
                browser.close()

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return run()
    outcome: dict = {}

    def target():
        try:
            outcome["value"] = run()
        except BaseException as error:  # noqa: BLE001 - handed back to the caller's thread
            outcome["error"] = error

    thread = threading.Thread(target=target, name="sistercity-chromium")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")
