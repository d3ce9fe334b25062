"""The role-play in Chromium: the facilitator's board and one group's screen share one game."""

from __future__ import annotations

import pytest

from sistercity.roleplay.store import GameStore

from .conftest import only_local
from .test_browser import SHOTS

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(600)]


def _version(tab) -> int:
    """The game version a screen shows."""
    return int(tab.locator(".sistercity-roleplay-version").first.inner_text())


def test_a_decision_in_the_role_view_appears_on_the_facilitator_board_and_back(browser, tmp_path):
    """A group's decision in its Voilà screen shows on the facilitator's board, and an inject shows back."""
    from sistercity.apps import serve_app

    path = tmp_path / "game.sqlite"
    store = GameStore.create(path, None)
    game = store.game()
    lead = game.lead_role(game.current_stage)
    decision = game.stepper.stage_decisions(game.current_stage)[0]
    servers = [
        serve_app("roleplay", "en", port=18930, quiet=True, options={"state": str(path)}),
        serve_app(
            "roleplay-role",
            "en",
            port=18940,
            quiet=True,
            options={"state": str(path), "role": lead.role_id},
        ),
    ]
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        tabs = []
        for server, css in zip(servers, ("facilitator", "role"), strict=True):
            server.wait_until_ready()
            tab = context.new_page()
            tab.requests = []
            tab.on("request", lambda request, t=tab: t.requests.append(request.url))
            tab.goto(server.url, timeout=120_000)
            tab.locator(f".sistercity-roleplay-{css}").first.wait_for(timeout=180_000)
            tabs.append(tab)
        board, role = tabs
        assert _version(board) == 0 and _version(role) == 0
        role.locator(f"button.sistercity-decision[title='{decision}']").first.click()
        role.wait_for_function(
            "() => document.querySelector('.sistercity-roleplay-version').innerText === '1'",
            timeout=60_000,
        )
        board.wait_for_function(
            "() => document.querySelector('.sistercity-roleplay-version').innerText === '1'",
            timeout=60_000,
        )
        assert store.version() == 1
        board.locator(".sistercity-roleplay-log", has_text=lead.name("en")).wait_for(timeout=60_000)
        board.screenshot(path=str(SHOTS / "roleplay_facilitator.png"))
        inject = game.injects[0]
        board.locator(f"button.sistercity-inject[title='{inject.description('en')}']").click()
        board.locator("button.sistercity-inject-confirm").click()
        role.wait_for_function(
            "() => document.querySelector('.sistercity-roleplay-version').innerText === '2'",
            timeout=60_000,
        )
        role.locator(".sistercity-roleplay-log", has_text=inject.name("en")).wait_for(
            timeout=60_000
        )
        role.screenshot(path=str(SHOTS / "roleplay_role.png"))
        for tab in tabs:
            assert not only_local(tab.requests), only_local(tab.requests)
    finally:
        context.close()
        for server in servers:
            server.stop()
