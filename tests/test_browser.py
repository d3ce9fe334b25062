"""The course in a real browser: Debian's Chromium, driven by Playwright, as students and lecturers meet it.

JupyterLab is started exactly as ``make start`` starts it (``sistercity.server.start_lab``); the
Voilà apps exactly as ``sistercity app`` serves them. Screenshots go to ``test-output/browser/``.
Where Chromium is missing these tests skip, saying how to install it.
"""

from __future__ import annotations

import re
import shutil

import pytest

from sistercity.course import build_lessons, lessons

from .conftest import ROOT, only_local

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

SHOTS = ROOT / "test-output" / "browser"
CURRENT_PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"


@pytest.fixture(scope="module")
def lab():
    """JupyterLab serving the course, started the way `make start` starts it."""
    from sistercity.server import start_lab

    build_lessons(ROOT)
    server = start_lab(ROOT, "notebooks/id/00_mulai_di_sini.ipynb", port=18900, quiet=True)
    try:
        server.wait_until_ready()
        yield server
    finally:
        server.stop()


@pytest.fixture
def page(browser):
    """A fresh page at notebook width that records every request it makes."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    tab.requests = []
    tab.on("request", lambda request: tab.requests.append(request.url))
    yield tab
    context.close()


def _lesson(number: str, lang: str = "id") -> str:
    """The course-relative path of a built lesson notebook."""
    found = [lesson for lesson in lessons(ROOT, lang) if lesson.number == number]
    assert found, f"lesson {number} ({lang}) is missing"
    return found[0].notebook.relative_to(ROOT).as_posix()


def _open_notebook(page, lab, path: str) -> None:
    """Open a notebook in JupyterLab and wait for its kernel to be idle."""
    # ?reset: a fresh workspace, so tabs left open by an earlier test do not compete for focus.
    page.goto(f"{lab.base_url}/lab/tree/{path}?reset&token={lab.token}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90_000)
    page.wait_for_selector(
        f"{CURRENT_PANEL} .jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90_000
    )


def _run_all(page) -> None:
    """Run every cell with the Run menu, as a student would; click again if the run did not start.

    On a busy machine JupyterLab can drop the first menu command while the notebook settles, and
    nothing runs; a cell prompt showing ``[*]`` or a number says that the run has started.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    started = (
        "() => Array.from(document.querySelectorAll('.jp-InputPrompt'))"
        ".some(p => /\\[(\\*|\\d+)\\]/.test(p.textContent))"
    )
    for _attempt in range(3):
        page.locator("li.lm-MenuBar-item", has_text="Run").first.click()
        page.click("li.lm-Menu-item[data-command='runmenu:run-all']")
        try:
            page.wait_for_function(started, timeout=30_000)
            return
        except PlaywrightTimeout:
            continue
    raise AssertionError("Run > Run All Cells started no cell three times")


def _wait_idle(page, timeout=180_000) -> None:
    page.wait_for_function(
        '() => document.querySelector(".jp-Notebook-ExecutionIndicator")'
        "?.getAttribute('data-status') === 'idle'",
        timeout=timeout,
    )


def _widget(page, css: str, timeout: int = 300_000):
    """The first widget matching ``css`` once a cell has shown it, scrolled into view.

    JupyterLab renders long notebooks lazily, so the widget is first waited for in the page,
    then brought on screen.
    """
    widget = page.locator(css).first
    widget.wait_for(state="attached", timeout=timeout)
    widget.scroll_into_view_if_needed(timeout=60_000)
    widget.wait_for(state="visible", timeout=60_000)
    return widget


def _wait_redrawn(page, image, before: str | None, timeout: int = 90_000) -> None:
    """Wait until a widget's picture is replaced: its ``src`` differs from ``before``."""
    page.wait_for_function(
        "([img, src]) => img.getAttribute('src') !== src",
        arg=[image.element_handle(), before],
        timeout=timeout,
    )


def test_start_page_opens_in_indonesian_with_english_one_click_away(page, lab):
    """The start page opens from the address `make start` prints, and its English link opens the twin."""
    # The address `make start` prints; &reset so that tabs left by other tests are not restored.
    page.goto(lab.url + "&reset")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90_000)
    heading = page.locator(f"{CURRENT_PANEL} .jp-RenderedMarkdown h1").first
    heading.wait_for(timeout=60_000)
    assert "Mulai di sini" in heading.inner_text()
    page.screenshot(path=str(SHOTS / "start_page_id.png"))
    page.locator(f"{CURRENT_PANEL} .jp-RenderedMarkdown a[href*='00_start_here']").first.click()
    page.wait_for_selector(
        ".lm-TabBar-tab.lm-mod-current:has-text('00_start_here')", timeout=60_000
    )
    page.screenshot(path=str(SHOTS / "start_page_en.png"))


def test_lesson_03_stepper_takes_decisions(page, lab):
    """In lesson 03, clicking a decision changes the log and the highlighted stage of the flow diagram."""
    _open_notebook(page, lab, _lesson("03"))
    _run_all(page)
    stepper = _widget(page, ".sistercity-stepper")
    _wait_idle(page, timeout=300_000)
    log = stepper.locator(".sistercity-log tr")
    current = ".sistercity-flow-stage[data-state='current']"
    before_rows = log.count()
    before_stage = stepper.locator(current).first.get_attribute("data-stage")
    stepper.locator("button.sistercity-decision:not([disabled])").first.click()
    page.wait_for_function(
        "([el, n]) => el.querySelectorAll('.sistercity-log tr').length > n",
        arg=[stepper.element_handle(), before_rows],
        timeout=60_000,
    )
    page.wait_for_function(
        "([el, css, before]) => el.querySelector(css)?.dataset.stage !== before",
        arg=[stepper.element_handle(), current, before_stage],
        timeout=60_000,
    )
    stepper.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "lesson03_stepper.png"))


def test_lesson_04_slider_redraws_the_chart(page, lab):
    """In lesson 04, moving a Monte Carlo slider redraws the distribution chart."""
    _open_notebook(page, lab, _lesson("04"))
    _run_all(page)
    app = _widget(page, ".sistercity-montecarlo")
    _wait_idle(page, timeout=300_000)
    image = app.locator("img").first
    image.wait_for(timeout=120_000)
    before = image.get_attribute("src")
    handle = app.locator(".noUi-handle").first
    handle.click()
    for _ in range(3):
        handle.press("ArrowRight")
    _wait_redrawn(page, image, before)
    app.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "lesson04_montecarlo.png"))


def test_exercise_validates_with_nbgrader(page, lab):
    """An exercise opens and nbgrader's Validate button reports on it."""
    exercise = sorted((ROOT / "exercises").glob("ex01_*/*.ipynb"))
    assert exercise, "exercises/ex01_* is missing"
    # A student's copy: opening the committed exercise would leave JupyterLab checkpoints in it.
    copy = SHOTS / "student" / exercise[0].name
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(exercise[0], copy)
    _open_notebook(page, lab, copy.relative_to(ROOT).as_posix())
    page.locator(
        "button:has-text('Validate'), .jp-ToolbarButtonComponent:has-text('Validate')"
    ).first.click()
    dialog = page.locator(".jp-Dialog")
    dialog.wait_for(timeout=180_000)
    page.wait_for_function(
        "() => !/Validating/.test(document.querySelector('.jp-Dialog')?.innerText || '')",
        timeout=180_000,
    )
    text = dialog.inner_text()
    page.screenshot(path=str(SHOTS / "exercise_validate.png"))
    # The untouched student version must fail validation: its answers are stubs.
    assert re.search(r"fail|NotImplementedError|error", text, re.I), text


@pytest.mark.parametrize("name", ["stepper", "montecarlo", "partners"])
def test_voila_app_runs_offline(page, name):
    """`sistercity app NAME` shows the simulator with no code, and the page asks nothing of the internet."""
    from sistercity.apps import serve_app

    server = serve_app(name, "id", port=18950, quiet=True)
    try:
        server.wait_until_ready()
        page.goto(server.url, timeout=120_000)
        widget = page.locator(f".sistercity-{name}").first
        widget.wait_for(timeout=180_000)
        page.wait_for_timeout(1500)
        assert page.locator(".jp-CodeMirrorEditor, .jp-InputArea-editor").count() == 0, "code shown"
        assert "import" not in page.inner_text("body"), "code is visible"
        page.screenshot(path=str(SHOTS / f"voila_{name}.png"))
        assert not only_local(page.requests), only_local(page.requests)
    finally:
        server.stop()


@pytest.mark.parametrize(
    "name,css",
    [(n, n) for n in ("stepper", "montecarlo", "partners")]
    + [("roleplay", "roleplay-facilitator"), ("roleplay-role", "roleplay-role")],
)
def test_voila_app_has_no_serious_accessibility_violation(page, name, css, tmp_path):
    """axe-core's WCAG 2 A/AA rules find nothing serious or critical in `sistercity app NAME`."""
    from sistercity.apps import serve_app
    from sistercity.roleplay.store import GameStore

    from .axe import severe_violations

    options = None
    if name.startswith("roleplay"):
        game = GameStore.create(tmp_path / "game.sqlite", None).game()
        options = {"state": str(tmp_path / "game.sqlite")}
        if name == "roleplay-role":
            options["role"] = game.lead_role(game.current_stage).role_id
    server = serve_app(name, "id", port=18951, quiet=True, options=options)
    try:
        server.wait_until_ready()
        page.goto(server.url, timeout=120_000)
        page.locator(f".sistercity-{css}").first.wait_for(timeout=180_000)
        page.wait_for_timeout(1500)
        assert not severe_violations(page)
    finally:
        server.stop()


def test_the_language_menu_says_what_the_readme_and_lesson_00_tell_students_to_click(page, lab):
    """JupyterLab's Settings > Language menu lists the Indonesian pack under the label the README gives."""
    page.goto(lab.url + "&reset")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90_000)
    page.locator("li.lm-MenuBar-item", has_text="Settings").first.click()
    page.locator(".lm-Menu-item", has_text="Language").first.hover()
    page.wait_for_timeout(1000)
    labels = page.locator(".lm-Menu .lm-Menu-itemLabel").all_inner_texts()
    page.screenshot(path=str(SHOTS / "language_menu.png"))
    label = "Indonesian (Indonesia) - Indonesia (Indonesia)"
    assert label in labels, labels
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert f"Settings → Language → {label}" in readme
    for path in ("notebooks/id/00_mulai_di_sini.md", "notebooks/en/00_start_here.md"):
        text = " ".join((ROOT / path).read_text(encoding="utf-8").split())
        assert f"Settings → Language → {label}" in text, path
        assert "Pengaturan → Bahasa → Inggris - English" in text, path
