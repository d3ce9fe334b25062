"""The role-play: a whole game with every role through the API, injects, the shared SQLite state."""

from __future__ import annotations

import html
import multiprocessing
import subprocess
import sys

import pandas as pd
import pytest

from sistercity.data import load
from sistercity.roleplay import game_for
from sistercity.roleplay.debrief import (
    could_have_done,
    debrief_text,
    grades,
    stalls,
    student_rows,
    timeline,
)
from sistercity.roleplay.model import ACTIONS, Game
from sistercity.roleplay.store import GameStore, StaleStateError

BRIEFS = load("roleplay_briefs")
INJECTS = load("roleplay_injects")
ERAS = sorted(set(BRIEFS["era"]))


def _inject_with(game: Game, kind: str) -> str:
    """The first inject of the game's era with an effect of ``kind``."""
    return next(i.inject_id for i in game.injects if any(k == kind for k, _ in i.effects))


def _advance(game: Game) -> None:
    """Play the current stage lawfully: the other roles approve, then its lead (or the facilitator) decides."""
    stage = game.current_stage
    lead = game.lead_role(stage)
    for role in game.roles_at(stage):
        if role != lead:
            assert game.act(role.role_id, "approve").accepted
    decision = game.stepper.stage_decisions(stage)[0]
    entry = game.act(lead.role_id if lead else "", decision)
    assert entry.accepted, entry.reason_en


def _lift(game: Game) -> None:
    """Lift every pending objection the way the rules allow: revise, or the holder approves."""
    for objection in list(game.objections):
        if objection.kind == "hold":
            assert game.act(objection.role_id, "approve").accepted
    if game.objections:
        stage = game.current_stage
        reviser = next(r for r in game.roles_at(stage) if "revise" in game.available(r.role_id))
        assert game.act(reviser.role_id, "revise").accepted
    assert not game.objections


def test_every_era_with_briefs_has_seven_roles_and_five_injects_in_both_languages():
    """Both eras' briefs and injects exist, with every text filled in Indonesian and English."""
    assert len(ERAS) >= 2
    for era in ERAS:
        game = game_for(era)
        assert len(game.roles) == 7
        assert len(game.injects) >= 5
        for role in game.roles:
            for lang in ("id", "en"):
                assert all(text.strip() for text in role.brief(lang).values())
            assert role.brief("id") != role.brief("en")
    text_columns = [c for c in INJECTS.columns if c.endswith(("_id", "_en")) and c != "inject_id"]
    assert INJECTS[text_columns].notna().all().all()


def test_unverified_legal_bases_are_flagged_in_the_briefs():
    """A brief whose legal basis is not verified says how it is known, in both languages."""
    flags_id = ("belum terverifikasi", "terverifikasi sebagian", "praktik", "asumsi permainan")
    flags_en = ("unverified", "partly verified", "practice", "game assumption")
    weaker = BRIEFS[BRIEFS["status"] != "verified"]
    assert len(weaker)
    for row in weaker.itertuples():
        assert any(f in row.constraints_id.lower() for f in flags_id), row.role_id
        assert any(f in row.constraints_en.lower() for f in flags_en), row.role_id
    for row in BRIEFS[BRIEFS["status"] == "unverified"].itertuples():
        assert "belum terverifikasi" in row.constraints_id.lower(), row.role_id
        assert "unverified" in row.constraints_en.lower(), row.role_id


@pytest.mark.parametrize("era", ERAS)
def test_a_whole_game_with_seven_roles_refusals_and_two_injects(era):
    """Seven roles play a game to the signature; out-of-role decisions are refused; two injects block it."""
    game = game_for(era)
    first = game.current_stage
    outsider = next(r for r in game.roles if r not in game.roles_at(first))
    refused = game.act(outsider.role_id, game.stepper.stage_decisions(first)[0])
    assert refused.kind == "out_of_role" and not refused.accepted
    assert "out of role" in refused.reason_en and "di luar peran" in refused.reason_id
    assert game.current_stage == first
    fired, mistakes = [], {outsider.role_id: 1}
    while not game.finished:
        if game.stepper.position == len(game.regime.stages) // 2 and not fired:
            stalled_at = game.current_stage.stage_id
            for kind in ("revision", "hold"):
                inject = _inject_with(game, kind)
                game.fire(inject)
                fired.append(inject)
            lead = game.lead_role(game.current_stage)
            blocked = game.act(
                lead.role_id if lead else "", game.stepper.stage_decisions(game.current_stage)[0]
            )
            assert blocked.kind == "blocked" and not blocked.accepted
            # Waiting for an inject's objection is no legal error; the refusal names who acts.
            assert blocked.lawful is None
            movers = {role.name("en") for role, _ in game.next_moves()}
            assert movers and all(m in blocked.reason_en.split("Next move:")[1] for m in movers)
            assert all(role != lead for role, _ in game.next_moves())
            assert "Giliran:" in blocked.reason_id
            _lift(game)
        _advance(game)
    assert len(fired) == 2
    acted = set(game.log["role_id"])
    expected = {r.role_id for r in game.roles if game.stages_of(r.role_id)} | {outsider.role_id}
    assert expected <= acted
    table = grades(game, "en").set_index("role_id")
    for role in expected:
        assert table.loc[role, "legal_errors"] == mistakes.get(role, 0), role
    signed = [r.role_id for r in game.roles if "signed" in r.interests]
    assert (table.loc[signed, "interest_points"] > 0).all()
    assert len(timeline(game, "id")) == len(game.entries)
    assert stalled_at in set(stalls(game, "en")["stage_id"])
    assert any("Putnam" in point for point in debrief_text(game, "en"))


@pytest.mark.parametrize("era", ERAS)
def test_a_budget_cut_sends_the_proposal_back_to_the_dprd_stage(era):
    """The inject that returns to a stage role moves a game past that stage back to it, by its data row."""
    game = game_for(era)
    inject = game.inject(_inject_with(game, "return"))
    stage_role = next(a for k, a in inject.effects if k == "return")
    target = game.regime.stages_with_role(stage_role)[0]
    while game.current_stage != target:
        _advance(game)
    _advance(game)
    assert game.current_stage != target
    entry = game.fire(inject.inject_id)
    assert game.current_stage == target
    assert inject.reason_en in entry.reason_en


@pytest.mark.parametrize("era", ERAS)
def test_a_partner_without_diplomatic_relations_follows_the_eras_rule(era):
    """After the country inject, the era's diplomatic-relations rule (if it has one) refuses the next step."""
    from sistercity.regimes import diplomatic_relations

    game = game_for(era)
    inject = game.inject(_inject_with(game, "country"))
    country = next(a for k, a in inject.effects if k == "country")
    assert diplomatic_relations()[country] is False
    game.fire(inject.inject_id)
    lead = game.lead_role(game.current_stage)
    entry = game.act(lead.role_id, game.stepper.stage_decisions(game.current_stage)[0])
    rule = game.regime.requirement("hubungan_diplomatik")
    assert entry.accepted is (rule is None)
    if rule is not None:
        approver = next(r for r in game.roles_at(game.current_stage) if r != lead)
        assert game.act(approver.role_id, "approve").lawful is False
        assert game.act(approver.role_id, "refuse").lawful is True


def _eras_with_effect(kind: str) -> list[str]:
    """The eras whose injects have an effect of ``kind``."""
    return sorted(
        {
            r.era
            for r in INJECTS.itertuples()
            if any(p.startswith(f"{kind}:") for p in r.effects.split(";"))
        }
    )


def _to_stage_of(game: Game, role_id: str) -> None:
    """Play lawfully until ``role_id`` takes part in the current stage."""
    while game.role(role_id) not in game.roles_at(game.current_stage):
        _advance(game)


def test_the_deadline_injects_exist_in_every_era_with_the_clocks():
    """The current era has the DPRD and governor deadlines and the Pasal 38 inject; older eras have none."""
    from sistercity.pipeline import legal_clocks

    assert _eras_with_effect("deemed") and _eras_with_effect("direct_route")
    for era in ERAS:
        has_clocks = legal_clocks(era).any
        assert (era in _eras_with_effect("deemed")) is has_clocks, era
        assert (era in _eras_with_effect("direct_route")) is has_clocks, era
    pasal_38 = INJECTS[INJECTS["legal_basis"].str.contains("Pasal 38")]
    assert set(pasal_38["era"]) == set(_eras_with_effect("deemed"))
    assert pasal_38["effects"].str.startswith("hold:").all()


@pytest.mark.parametrize("era", _eras_with_effect("deemed"))
def test_a_dprd_silent_past_its_limit_is_a_deemed_approval(era):
    """The deadline passes while the DPRD's revision request is pending: the approval is deemed given."""
    game = game_for(era)
    inject = next(i for i in game.injects if any(k == "deemed" for k, _ in i.effects))
    dprd = next(a for k, a in inject.effects if k == "deemed")
    early = game.fire(inject.inject_id)  # at the first stage: not the DPRD's, nothing deemed
    assert game.stepper.position == 0 and "nothing is deemed" in early.reason_en
    _to_stage_of(game, dprd)
    stage = game.current_stage
    assert game.act(dprd, "request_revision").accepted
    entry = game.fire(inject.inject_id)
    assert entry.kind == "inject" and "Pasal 17" in entry.legal_basis
    assert "counts as approved" in entry.reason_en and "dianggap disetujui" in entry.reason_id
    assert game.current_stage != stage and not game.objections
    assert game.regime.stage_ids.index(stage.stage_id) < game.stepper.position


@pytest.mark.parametrize("era", _eras_with_effect("deemed"))
def test_a_dprd_that_refused_in_time_is_not_deemed_to_approve(era):
    """A DPRD hold is a refusal within the limit: the deadline deems nothing and the hold stands."""
    game = game_for(era)
    inject = next(i for i in game.injects if any(k == "deemed" for k, _ in i.effects))
    dprd = next(a for k, a in inject.effects if k == "deemed")
    _to_stage_of(game, dprd)
    stage = game.current_stage
    assert game.act(dprd, "refuse").accepted
    entry = game.fire(inject.inject_id)
    assert (
        "refused within the limit" in entry.reason_en
        and "menolak dalam batas waktu" in entry.reason_id
    )
    assert game.current_stage == stage and game.objections


@pytest.mark.parametrize("era", _eras_with_effect("direct_route"))
def test_the_governors_deadline_lifts_his_hold_and_opens_the_direct_route(era):
    """A governor holding a file past 5 working days loses the hold: he can delay, not stop."""
    game = game_for(era)
    inject = next(i for i in game.injects if any(k == "direct_route" for k, _ in i.effects))
    governor = next(a for k, a in inject.effects if k == "direct_route")
    _to_stage_of(game, governor)
    assert game.act(governor, "refuse").accepted
    assert any(o.role_id == governor for o in game.objections)
    entry = game.fire(inject.inject_id)
    assert not any(o.role_id == governor for o in game.objections)
    assert "directly" in entry.reason_en and "langsung" in entry.reason_id
    assert "Pasal 18" in entry.legal_basis


@pytest.mark.parametrize("era", _eras_with_effect("deemed"))
def test_an_unreported_year_holds_the_next_plan_until_the_minister_approves(era):
    """The Pasal 38 inject puts the Minister's hold on the proposal; it blocks until lifted."""
    game = game_for(era)
    inject_id = INJECTS[(INJECTS["era"] == era) & INJECTS["legal_basis"].str.contains("Pasal 38")][
        "inject_id"
    ].iloc[0]
    minister = game.inject(inject_id).effects[0][1]
    entry = game.fire(inject_id)
    assert "Pasal 38" in entry.legal_basis and "Rencana Kerja Sama selanjutnya" in entry.reason_id
    lead = game.lead_role(game.current_stage)
    blocked = game.act(lead.role_id, game.stepper.stage_decisions(game.current_stage)[0])
    assert blocked.kind == "blocked"
    assert game.act(minister, "approve").accepted and not game.objections


def test_unknown_role_and_action_are_refused_without_recording():
    """An unknown role or action raises a bilingual error and leaves the log as it was."""
    from sistercity.roleplay.model import GameError

    game = game_for(ERAS[-1])
    with pytest.raises(GameError, match="tidak ada.*no role"):
        game.act("presiden", "approve")
    with pytest.raises(GameError, match="tidak dikenal.*Unknown action"):
        game.act(game.roles[0].role_id, "bribe")
    assert game.entries == []


def test_every_role_has_only_the_actions_its_actors_hold():
    """At every stage, only roles playing the stage's actors have actions, and the lead has its decision."""
    game = game_for(ERAS[-1])
    while not game.finished:
        stage = game.current_stage
        for role in game.roles:
            offered = game.available(role.role_id)
            if role in game.roles_at(stage):
                assert offered
            else:
                assert not offered
        lead = game.lead_role(stage)
        if lead is not None:
            assert game.stepper.stage_decisions(stage)[0] in game.available(lead.role_id)
            assert not set(game.available(lead.role_id)) >= set(ACTIONS) or lead.kind != "proposer"
        _advance(game)


# --- the shared SQLite state ---------------------------------------------------------------


@pytest.mark.parametrize("era", ERAS)
def test_each_role_is_offered_only_its_own_stages_decision(era):
    """No role is offered another stage's decision (no signing at the DPRD's stage); the city picks its route."""
    game = game_for(era)
    while not game.finished:
        stage = game.current_stage
        own = set(game.stepper.stage_decisions(stage))
        for role in game.roles:
            offered = set(game.available(role.role_id)) - set(ACTIONS) - {"revise"}
            assert offered <= own, (stage.stage_id, role.role_id, offered)
            if stage.decision != "sign":
                assert "sign" not in game.available(role.role_id)
        if stage.has_role("routing"):
            assert game.lead_role(stage).kind == "proposer"
            for role in game.roles_at(stage):
                if role.kind != "proposer":
                    assert not own & set(game.available(role.role_id))
        _advance(game)


def test_an_inject_can_be_undone_and_the_log_keeps_the_undo(tmp_path):
    """The facilitator undoes an inject: the objection and the stage come back, the log shows both."""
    game = game_for(ERAS[-1])
    for _ in range(len(game.regime.stages) // 2 + 1):
        _advance(game)
    path = tmp_path / "played.sqlite"
    played = GameStore.create(path, ERAS[-1])
    for entry in game.entries:
        played.act(entry.role_id, entry.action)
    before = played.game()
    inject = _inject_with(before, "return")
    played.fire(inject)
    moved = played.game()
    assert moved.objections and moved.undoable() is not None
    entry = played.undo(expected_version=moved.version)
    assert entry.kind == "undo" and "undone" in entry.reason_en and "dibatalkan" in entry.reason_id
    after = played.game()
    assert after.stepper.position == before.stepper.position and not after.objections
    assert [e.kind for e in after.entries][-2:] == ["inject", "undo"]
    assert after.undoable() is None
    with pytest.raises(Exception, match="no inject to undo"):
        played.undo()
    assert not len(stalls(after, "en")) or after.entries[-2].stage_id not in set(
        stalls(after, "en")["stage_id"]
    )
    assert "undo inject" in timeline(after, "en").to_string()


def test_a_stale_decision_is_refused_and_not_recorded(tmp_path):
    """A decision made against an older version is refused with a bilingual message; nothing is written."""
    store = GameStore.create(tmp_path / "game.sqlite", ERAS[-1])
    game = store.game()
    lead = game.lead_role(game.current_stage)
    decision = game.stepper.stage_decisions(game.current_stage)[0]
    seen = store.version()
    assert store.act(lead.role_id, decision, expected_version=seen).accepted
    with pytest.raises(StaleStateError, match="versi 1.*version 1"):
        store.act(lead.role_id, "revise", expected_version=seen)
    assert store.version() == seen + 1
    with pytest.raises(FileExistsError):
        GameStore.create(tmp_path / "game.sqlite", ERAS[-1])


def _player(path: str, role_id: str, action: str, count: int, barrier) -> None:
    """One group's session: ``count`` actions in a row, starting at the same moment as the others."""
    store = GameStore(path)
    barrier.wait()
    for index in range(count):
        store.act(role_id, action, author=f"{role_id}:{index}")


def test_two_concurrent_players_lose_and_reorder_nothing(tmp_path):
    """Two processes acting at once on one SQLite game: every action is recorded, each player's in order."""
    path = tmp_path / "game.sqlite"
    store = GameStore.create(path, ERAS[-1])
    game = store.game()
    stage = game.current_stage
    players = [r.role_id for r in game.roles_at(stage)][:2]
    assert len(players) == 2, "the first stage needs two roles for this test"
    count = 25
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    processes = [
        context.Process(target=_player, args=(str(path), role, "request_revision", count, barrier))
        for role in players
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=240)
        assert process.exitcode == 0
    events = pd.DataFrame(store.events())
    assert list(events["version"]) == list(range(1, 2 * count + 1))
    for role in players:
        mine = events[events["role_id"] == role]
        assert list(mine["author"]) == [f"{role}:{i}" for i in range(count)]
    assert len(store.game().entries) == 2 * count
    interleaved = (events["role_id"] != events["role_id"].shift()).sum()
    print(f"switches between the two players: {interleaved - 1} of {2 * count - 1}")


def test_grades_per_student_from_a_roster(tmp_path):
    """The grade export gives every student of the roster their group's score, as CSV and for Moodle."""
    from sistercity.grading.export import to_csv, to_moodle

    game = game_for(ERAS[-1])
    while not game.finished:
        _advance(game)
    roster = pd.DataFrame(
        {
            "student_id": [f"s{i}" for i in range(len(game.roles) * 2)],
            "role_id": [r.role_id for r in game.roles] * 2,
        }
    )
    rows = student_rows(grades(game, "id"), roster)
    assert len(rows) == len(roster)
    assert all(0 <= r["score"] <= r["max_score"] for r in rows)
    assert to_csv(rows).count("\n") == len(rows) + 1
    text, missing = to_moodle(rows)
    assert "roleplay" in text.splitlines()[0] and len(missing) == len(roster)
    with pytest.raises(ValueError, match="presiden"):
        student_rows(grades(game), pd.DataFrame({"student_id": ["x"], "role_id": ["presiden"]}))


@pytest.mark.parametrize("era", ERAS)
def test_the_default_path_to_signing_gives_every_error_free_group_full_legal_marks(era):
    """Played lawfully to the signature, every group (also one never required to act) gets 50/50 legal points."""
    game = game_for(era)
    while not game.finished:
        _advance(game)
    table = grades(game, "en").set_index("role_id")
    idle = [r.role_id for r in game.roles if not opportunities_required(game, r.role_id)]
    assert idle, "some group is never required to decide"
    assert (table["legal_errors"] == 0).all() and (table["missed"] == 0).all()
    assert (table["legal_points"] == 50).all(), table["legal_points"].to_dict()
    for role in idle:
        assert "0 legal errors" in table.loc[role, "comment"]
    shown = could_have_done(game, "en").set_index("role_id")
    lead = game.lead_role(game.regime.stages[0])
    assert game.regime.stages[0].name("en") in shown.loc[lead.role_id, "had to decide"]
    assert list(shown.index) == [r.role_id for r in game.roles]


@pytest.mark.parametrize("era", ERAS)
def test_a_group_that_errs_loses_legal_marks(era):
    """A group that decides out of role loses legal points; the others keep them."""
    game = game_for(era)
    first = game.current_stage
    outsider = next(r for r in game.roles if r not in game.roles_at(first))
    assert not game.act(outsider.role_id, game.stepper.stage_decisions(first)[0]).accepted
    while not game.finished:
        _advance(game)
    table = grades(game, "en").set_index("role_id")
    assert table.loc[outsider.role_id, "legal_errors"] == 1
    assert table.loc[outsider.role_id, "legal_points"] < 50
    others = table.drop(index=outsider.role_id)
    assert (others["legal_points"] == 50).all()


def opportunities_required(game: Game, role_id: str) -> list[str]:
    """The stages whose decision ``role_id`` held in ``game``."""
    from sistercity.roleplay.debrief import opportunities

    return opportunities(game, role_id)["required"]


def test_the_role_play_model_imports_no_ui_library():
    """The role-play's model and debrief modules stay pure: no plotting or widget library."""
    code = (
        "import sys, sistercity.roleplay.model, sistercity.roleplay.debrief; "
        "bad = [m for m in ('matplotlib', 'ipywidgets', 'IPython') if m in sys.modules]; "
        "sys.exit(1 if bad else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_the_plot_draws_one_marker_per_action():
    """The debrief plot draws one marker per logged action on the given Axes."""
    from matplotlib.figure import Figure

    from sistercity.roleplay.plot import plot_game

    game = game_for(ERAS[-1])
    _advance(game)
    game.fire(_inject_with(game, "hold"))
    ax = plot_game(Figure().add_subplot(), game, "en")
    assert sum(len(c.get_offsets()) for c in ax.collections) == len(game.entries)
    assert "role-play" in ax.get_title()


def _race(path: str, role_id: str, action: str, seen: int, barrier, results) -> None:
    """One group's click made on the board it saw (version ``seen``), at the same moment as another's."""
    store = GameStore(path)
    barrier.wait()
    try:
        store.act(role_id, action, expected_version=seen, author=role_id)
        results.put((role_id, "recorded"))
    except StaleStateError:
        results.put((role_id, "stale"))


def test_two_groups_clicking_on_the_same_board_version_one_is_refused_as_stale(tmp_path):
    """Two processes act against the same version at once: exactly one is recorded, the other is stale."""
    path = tmp_path / "game.sqlite"
    store = GameStore.create(path, ERAS[-1])
    game = store.game()
    players = [r.role_id for r in game.roles_at(game.current_stage)][:2]
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(2), context.Queue()
    processes = [
        context.Process(
            target=_race, args=(str(path), role, "request_revision", 0, barrier, results)
        )
        for role in players
    ]
    for process in processes:
        process.start()
    outcomes = dict(results.get(timeout=240) for _ in players)
    for process in processes:
        process.join(timeout=60)
    assert sorted(outcomes.values()) == ["recorded", "stale"]
    events = store.events()
    assert len(events) == 1
    assert events[0]["author"] == next(r for r, o in outcomes.items() if o == "recorded")


def test_the_widgets_share_one_game_and_refuse_a_stale_click(tmp_path):
    """A group's button changes the facilitator's board; a click on an out-of-date screen is refused."""
    from sistercity.roleplay.widgets import FacilitatorApp, RoleView

    path = tmp_path / "game.sqlite"
    store = GameStore.create(path, ERAS[-1])
    game = store.game()
    stage = game.current_stage
    lead = game.lead_role(stage)
    other = next(r for r in game.roles_at(stage) if r != lead)
    mine = RoleView(lead.role_id, path, lang="en", poll=0)
    theirs = RoleView(other.role_id, path, lang="en", poll=0)
    board = FacilitatorApp(path, lang="en", poll=0)
    assert "confidential brief" in mine.brief.value
    assert lead.brief("en")["private"][:40] in mine.brief.value
    assert other.brief("en")["private"][:40] not in mine.brief.value
    theirs.buttons["request_revision"].click()
    mine.buttons["revise"].click()  # made on version 0, the game is at 1
    assert "board has changed" in mine.message.value
    assert store.version() == 1
    mine.buttons["revise"].click()  # the screen has reloaded: now it counts
    assert store.version() == 2
    board.refresh()
    assert other.name("en") in board.log_view.value
    assert "sistercity-roleplay-version'>2<" in board.header.value
    board.inject_buttons[game.injects[0].inject_id].click()
    assert store.version() == 2, "an inject waits for confirmation"
    assert board.confirm_box.layout.display == "flex"
    assert game.injects[0].name("en") in board.confirm_text.value
    board.cancel_button.click()
    assert store.version() == 2 and board.confirm_box.layout.display == "none"
    board.inject_buttons[game.injects[0].inject_id].click()
    board.confirm_button.click()
    assert store.version() == 3
    assert not board.undo_button.disabled
    board.undo_button.click()
    assert store.version() == 4 and store.game().entries[-1].kind == "undo"
    assert board.undo_button.disabled
    board.show_debrief()
    assert len(board.debrief.children) == 2
    assert "What each group could do" in board.debrief.children[1].value
    for view in (mine, theirs, board):
        view.close()


def test_the_facilitator_board_offers_only_the_role_whose_move_it_is(tmp_path):
    """The board names the stage and the next mover, picks that role, and never offers the DPRD to sign."""
    from sistercity.roleplay.widgets import FacilitatorApp

    path = tmp_path / "game.sqlite"
    store = GameStore.create(path, ERAS[-1])
    board = FacilitatorApp(path, lang="en", poll=0)
    try:
        while not store.game().finished:
            game = store.game()
            stage = game.current_stage
            mover, action = game.next_moves()[0]
            shown = html.unescape(board.now.value)
            assert stage.name("en") in shown and mover.name("en") in shown
            assert board.role_choice.value == mover.role_id
            acting = {v for _, v in board.role_choice.options}
            assert acting == {r.role_id for r in game.roles_at(stage)} | (
                {""} if game.lead_role(stage) is None else set()
            )
            if stage.decision != "sign":
                for role_id in acting:
                    board.role_choice.value = role_id
                    assert "sign" not in board.buttons
                board.role_choice.value = mover.role_id
            board.buttons[action].click()
        assert "signed" in board.now.value
    finally:
        board.close()


def test_the_roleplay_command_runs_a_game_from_new_to_grade(tmp_path, capsys):
    """`sistercity roleplay new/join/debrief/grade/briefs` work on one state file, with clear errors."""
    from sistercity.cli import main

    state = str(tmp_path / "game.sqlite")
    assert main(["roleplay", "new", "--state", state, "--era", ERAS[0]]) == 0
    assert main(["roleplay", "new", "--state", state]) == 2
    assert "--overwrite" in capsys.readouterr().err
    store = GameStore(state)
    game = store.game()
    role = game.roles[0].role_id
    notebook = tmp_path / "role.ipynb"
    assert main(["roleplay", "join", "--state", state, "--role", role, "-o", str(notebook)]) == 0
    assert "RoleView" in notebook.read_text(encoding="utf-8")
    assert main(["roleplay", "join", "--state", state, "--role", "presiden"]) == 2
    store.act(role, game.stepper.stage_decisions(game.current_stage)[0])
    plot = tmp_path / "timeline.png"
    assert main(["roleplay", "debrief", "--state", state, "--lang", "en", "--plot", str(plot)]) == 0
    assert "Putnam" in capsys.readouterr().out and plot.stat().st_size > 1000
    roster = tmp_path / "roster.csv"
    roster.write_text(f"student_id,role_id,name\nani,{role},Ani\n", encoding="utf-8")
    out = tmp_path / "grades.csv"
    assert (
        main(["roleplay", "grade", "--state", state, "--roster", str(roster), "-o", str(out)]) == 0
    )
    assert pd.read_csv(out)["student_id"].tolist() == ["ani"]
    assert main(["roleplay", "briefs", "--state", state, "-o", str(tmp_path / "hand")]) == 0
    assert len(list((tmp_path / "hand").glob("brief_*.md"))) == len(game.roles)
    assert main(["roleplay", "debrief", "--state", str(tmp_path / "none.sqlite")]) == 2
    assert "roleplay new" in capsys.readouterr().err


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.timeout(600)
def test_the_briefs_print_as_a4_pdfs_per_era_and_language_with_join_instructions(tmp_path):
    """`roleplay briefs --pdf` prints an A4 PDF per era and language: every role's brief and how to join."""
    import shutil

    from sistercity.browser import CHROMIUM
    from sistercity.cli import main

    if not CHROMIUM.exists() or not shutil.which("pdftotext"):
        pytest.skip(
            "needs Debian's chromium and pdftotext (apt-get install chromium poppler-utils)"
        )
    out = tmp_path / "briefs"
    assert main(["roleplay", "briefs", "--pdf", "-o", str(out)]) == 0
    pdfs = sorted(out.glob("*.pdf"))
    assert [p.name for p in pdfs] == sorted(
        f"roleplay_briefs_{era}_{lang}.pdf" for era in ERAS for lang in ("id", "en")
    )
    for era in ERAS:
        game = game_for(era)
        for lang, join in (("id", "Cara bergabung"), ("en", "How to join")):
            pdf = out / f"roleplay_briefs_{era}_{lang}.pdf"
            text = subprocess.run(
                ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
            ).stdout
            pages = text.split("\f")
            assert len([p for p in pages if p.strip()]) >= len(game.roles), pdf.name
            info = subprocess.run(
                ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True
            ).stdout
            assert "(A4)" in info, info
            flat = " ".join(text.split())
            for role in game.roles:
                assert " ".join(role.name(lang).split()) in flat, (pdf.name, role.role_id)
                assert f"--role {role.role_id}" in flat
                first_words = " ".join(role.brief(lang)["private"].split()[:5])
                assert first_words in flat, (pdf.name, role.role_id)
            assert flat.count(join) == len(game.roles)
    assert main(["roleplay", "briefs", "--pdf", "--era", "1993", "-o", str(out)]) == 2
