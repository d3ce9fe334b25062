"""The classroom apps on a projector: at 1280x720 the controls, the latest message and the diagram show at once.

Each app is served as `sistercity app` serves it and opened in Chromium at a projector's 1280x720;
the bounding boxes of what the lecturer needs every step must lie inside that screen, without
scrolling. The stepper's flow diagram is HTML: its labels are at least 16 px and stay inside their
boxes. Screenshots go to ``test-output/browser/projector_*.png``.
"""

from __future__ import annotations

import pytest

from sistercity.roleplay.store import GameStore

from .test_browser import SHOTS

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(900)]

WIDTH, HEIGHT = 1280, 720

#: Per app: the widget's class, then what must be on screen (CSS selectors inside the widget).
PARTS = {
    "stepper": {
        "diagram": ".sistercity-flow",
        "controls": "button.sistercity-decision",
        "message": ".sistercity-message",
    },
    "montecarlo": {
        "diagram": "img",
        "controls": ".widget-slider",
        "message": ".sistercity-montecarlo-summary",
    },
    "partners": {
        "diagram": "img",
        "controls": ".widget-slider",
        "message": ".sistercity-partners-explanation",
    },
    "roleplay": {
        "diagram": ".sistercity-roleplay-board table",
        "controls": "button.sistercity-decision",
        "message": ".sistercity-roleplay-message",
        "injects": ".sistercity-roleplay-injects",
        "whose move": ".sistercity-roleplay-now",
    },
}


def _outside(box: dict) -> list[str]:
    """Which edges of a bounding box fall outside the 1280x720 screen."""
    return [
        name
        for name, bad in (
            ("top", box["y"] < 0),
            ("left", box["x"] < 0),
            ("bottom", box["y"] + box["height"] > HEIGHT + 0.5),
            ("right", box["x"] + box["width"] > WIDTH + 0.5),
        )
        if bad
    ]


@pytest.mark.parametrize("name", list(PARTS))
def test_the_app_fits_a_projector_screen(browser, tmp_path, name):
    """At 1280x720 the app's controls, its latest message and its diagram are visible without scrolling."""
    from sistercity.apps import serve_app

    options = {}
    if name == "roleplay":
        path = tmp_path / "game.sqlite"
        store = GameStore.create(path, None)
        game = store.game()
        stage = game.current_stage
        # A refusal on the board, so that there is a message to see.
        outsider = next(r for r in game.roles if r not in game.roles_at(stage))
        store.act(outsider.role_id, game.stepper.stage_decisions(stage)[0])
        options = {"state": str(path)}
    server = serve_app(name, "id", port=18960, quiet=True, options=options)
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
    try:
        server.wait_until_ready()
        page = context.new_page()
        page.goto(server.url, timeout=120_000)
        css = "roleplay-facilitator" if name == "roleplay" else name
        widget = page.locator(f".sistercity-{css}").first
        widget.wait_for(timeout=180_000)
        if name == "stepper":
            widget.locator("button.sistercity-decision[title='sign']").click()
            widget.locator(".sistercity-message").wait_for(timeout=60_000)
        if name == "roleplay":
            widget.locator("button.sistercity-decision").first.click()
            widget.locator(".sistercity-roleplay-message").wait_for(timeout=60_000)
        page.wait_for_timeout(1500)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"projector_{name}.png"))
        assert page.evaluate("() => window.scrollY") == 0
        problems = {}
        for part, css in PARTS[name].items():
            found = widget.locator(css)
            assert found.count(), f"{name}: no {part} ({css})"
            for index in range(found.count()):
                box = found.nth(index).bounding_box()
                if box is None or not box["width"]:
                    continue
                edges = _outside(box)
                if edges:
                    problems[f"{part} #{index}"] = (edges, box)
        assert not problems, f"{name} at {WIDTH}x{HEIGHT}: {problems}"
    finally:
        context.close()
        server.stop()


def test_the_flow_diagrams_labels_are_large_and_inside_their_boxes(browser):
    """At 1280x720 every stage label of the stepper's diagram is at least 16 px and never overflows its box."""
    from sistercity.apps import serve_app

    server = serve_app("stepper", "id", port=18970, quiet=True)
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
    try:
        server.wait_until_ready()
        page = context.new_page()
        page.goto(server.url, timeout=120_000)
        page.locator(".sistercity-flow").first.wait_for(timeout=180_000)
        measured = page.evaluate(
            """() => [...document.querySelectorAll('.sistercity-flow-stage')].map(box => {
                const outer = box.getBoundingClientRect();
                return {
                    stage: box.dataset.stage,
                    overflow: box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight,
                    labels: [...box.children].map(label => {
                        const r = label.getBoundingClientRect();
                        return {
                            size: parseFloat(getComputedStyle(label).fontSize),
                            inside: r.left >= outer.left - 0.5 && r.right <= outer.right + 0.5
                                && r.top >= outer.top - 0.5 && r.bottom <= outer.bottom + 0.5,
                            text: label.innerText,
                        };
                    }),
                };
            })"""
        )
        assert measured, "no stage boxes"
        for box in measured:
            assert not box["overflow"], box
            for label in box["labels"]:
                assert label["size"] >= 16, box
                assert label["inside"], box
    finally:
        context.close()
        server.stop()
