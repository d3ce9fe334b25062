"""The pipeline Monte Carlo: the engine agrees with independent one-at-a-time implementations."""

from __future__ import annotations

import json
import math
import re
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from sistercity.cli import main
from sistercity.data import load
from sistercity.pipeline import (
    GOVERNOR_DROPPED,
    LOI_LAPSED,
    REJECTED,
    SIGNED,
    EventParams,
    PipelineParams,
    StageAssumption,
    adjust,
    bottlenecks,
    compare_eras,
    default_params,
    era_stage_ids,
    legal_clocks,
    params_from_frame,
    simulate,
    simulate_eras,
    summarize,
    summary_lines,
    working_days_to_months,
)
from sistercity.pipeline.reference import simulate_loop
from sistercity.procedure import era_for_year
from sistercity.regimes import era_ids, era_info, eras, get_regime

from .pipeline_oracle import run_many

N = 20_000
ERAS = era_ids()


def ks_statistic(a, b) -> float:
    """Two-sample Kolmogorov–Smirnov statistic: the largest gap between two empirical CDFs."""
    a, b = np.sort(np.asarray(a, float)), np.sort(np.asarray(b, float))
    grid = np.concatenate([a, b])
    gap = (
        np.searchsorted(a, grid, side="right") / a.size
        - np.searchsorted(b, grid, side="right") / b.size
    )
    return float(np.abs(gap).max())


def ks_limit(n: int, m: int) -> float:
    """KS critical value at alpha = 0.001: exceeded by chance one time in a thousand."""
    return 1.95 * math.sqrt((n + m) / (n * m))


def shares_agree(p: float, q: float, n: int, m: int) -> bool:
    """Whether two observed shares differ by less than 4.5 standard errors of their difference."""
    pooled = (p * n + q * m) / (n + m)
    se = math.sqrt(max(pooled * (1 - pooled), 1e-12) * (1 / n + 1 / m))
    return abs(p - q) < 4.5 * se + 1e-12


def stressed(era: str) -> PipelineParams:
    """Parameters where every event matters: long DPRD approval, no planned budget, fickle governors."""
    params = default_params(era).with_stage("persetujuan_dprd", median_months=20.0, spread=0.8)
    return params.with_events(p_governor_drop=0.6, p_budget_planned=0.0, dprd_settling_months=6.0)


def lapsing(era: str) -> PipelineParams:
    """Parameters where LoIs often lapse: a slow cooperation plan between the LoI and the DPRD."""
    clocks = default_params(era).clocks
    params = default_params(era)
    if clocks.loi_stage:
        index = params.stage_ids.index(clocks.loi_carrier) - 1
        params = params.with_stage(params.stage_ids[index], median_months=9.0, spread=0.8)
    return params


CASES = (
    [(era, "default") for era in ERAS]
    + [(era, "stressed") for era in ERAS]
    + [(era, "lapsing") for era in ERAS if legal_clocks(era).loi_stage]
)


def params_for(era: str, kind: str) -> PipelineParams:
    """The parameters of one test case."""
    return {"default": default_params, "stressed": stressed, "lapsing": lapsing}[kind](era)


def test_assumptions_cover_every_stage_of_every_era():
    """pipeline_assumptions.csv has one row per stage of each era, each explained as an assumption."""
    frame = load("pipeline_assumptions")
    for era in ERAS:
        rows = frame[frame["era"] == era]
        assert list(rows["stage_id"]) == list(era_stage_ids(era))
    assert frame["note"].str.startswith("Assumption.").all()
    assert ((frame["p_drop"] >= 0) & (frame["p_drop"] <= 1)).all()


def test_stage_ids_match_stages_csv():
    """The pipeline's stages and their order are those of data/stages.csv."""
    stages = load("stages")
    for era in ERAS:
        rows = stages[stages["era"] == era].sort_values("order")
        rows = rows[~rows["roles"].fillna("").str.contains("after_signing")]
        assert tuple(rows["stage_id"]) == era_stage_ids(era)
        assert default_params(era).stage_ids == era_stage_ids(era)


@pytest.mark.parametrize(("era", "kind"), CASES)
def test_engine_matches_oracle_in_distribution(era, kind):
    """Engine and the tests' oracle agree on outcomes, quantiles, KS distance and stage times."""
    params = params_for(era, kind)
    engine = simulate(params, N, seed=11)
    oracle = run_many(params, N, seed=12)
    o_months = np.array([p.months for p in oracle])
    o_signed = np.array([p.outcome == "signed" for p in oracle])
    for code, name in (
        (SIGNED, "signed"),
        (REJECTED, "rejected"),
        (GOVERNOR_DROPPED, "governor"),
        (LOI_LAPSED, "lapsed"),
    ):
        share_engine = float(np.mean(engine.outcome == code))
        share_oracle = float(np.mean([p.outcome == name for p in oracle]))
        assert shares_agree(share_engine, share_oracle, N, N), (name, share_engine, share_oracle)
    for flags, name in (
        (engine.deemed_approved, "deemed"),
        (engine.direct_route, "direct"),
        (engine.new_lois > 0, "new_lois"),
    ):
        share_oracle = float(np.mean([bool(getattr(p, name)) for p in oracle]))
        assert shares_agree(float(flags.mean()), share_oracle, N, N), (name, flags.mean())
    o_loi_lost = np.mean([p.loi_lost for p in oracle])
    assert abs(engine.loi_lost_months.mean() - o_loi_lost) < 0.1 * o_loi_lost + 0.05
    e_signed = engine.months_to_signing
    assert ks_statistic(e_signed, o_months[o_signed]) < ks_limit(e_signed.size, int(o_signed.sum()))
    assert ks_statistic(engine.total_months, o_months) < ks_limit(N, N)
    for q in (0.1, 0.5, 0.9):
        e, o = np.quantile(e_signed, q), np.quantile(o_months[o_signed], q)
        assert abs(e - o) < 0.04 * o + 0.5, (q, e, o)
    o_stage = pd.DataFrame([p.stage_months for p in oracle])[list(params.stage_ids)].sum()
    assert np.allclose(
        bottlenecks(engine).to_numpy(), (o_stage / o_stage.sum()).to_numpy(), atol=0.01
    )
    o_wait = np.mean([p.budget_wait for p in oracle])
    assert abs(engine.budget_wait_months.mean() - o_wait) < 0.05 * o_wait + 0.05
    o_lost = np.mean([p.election_lost for p in oracle])
    assert abs(engine.election_lost_months.mean() - o_lost) < 0.1 * o_lost + 0.1


@pytest.mark.parametrize("kind", ["default", "stressed"])
def test_reference_loop_matches_engine_in_distribution(kind):
    """The loop the benchmark times (sistercity.pipeline.reference) follows the same model."""
    params = params_for("2020", kind)
    engine = simulate(params, N, seed=3)
    loop = simulate_loop(params, N, seed=4)
    assert shares_agree(float(engine.signed.mean()), float(loop.signed.mean()), N, N)
    assert ks_statistic(engine.total_months, loop.total_months) < ks_limit(N, N)
    assert np.allclose(bottlenecks(engine), bottlenecks(loop), atol=0.01)


def test_without_randomness_the_time_is_the_sum_of_the_medians():
    """With no spread, returns, drops, budget waits or elections, every proposal takes the sum of medians."""
    base = default_params("2004")
    stages = tuple(replace(s, spread=0.0, p_return=0.0, p_drop=0.0) for s in base.stages)
    events = EventParams(p_governor_drop=0.0, p_budget_planned=1.0, election_stages=())
    params = PipelineParams("2004", stages, events, duration_multiplier=1.5)
    result = simulate(params, 1000, seed=1)
    expected = 1.5 * sum(s.median_months for s in stages)
    assert result.signed.all()
    assert np.allclose(result.total_months, expected, rtol=1e-5)
    assert np.allclose(result.stage_months.sum(axis=1), result.total_months, rtol=1e-5)


def test_a_certain_rejection_stops_every_proposal_at_that_stage():
    """p_drop = 1 at the LoI stage ends every proposal there and later stages take no time."""
    params = default_params("2020").with_stage("pernyataan_kehendak", p_drop=1.0)
    params = params.with_events(p_governor_drop=0.0)
    at = params.stage_ids.index("pernyataan_kehendak")
    result = simulate(params, 5000, seed=2)
    stopped_early = result.stop_stage < at
    assert (result.stop_stage[~stopped_early] == at).all()
    assert (result.outcome[~stopped_early] == REJECTED).all()
    assert (result.stage_months[:, at + 1 :] == 0).all()


def test_budget_stage_waits_until_january():
    """A budget stage with no planned money waits until next January: between 0 and 12 months."""
    params = default_params("2020").with_events(p_budget_planned=0.0, p_governor_drop=0.0)
    result = simulate(params, 20_000, seed=5)
    reached = (result.stop_stage < 0) | (result.stop_stage >= 1)  # got to penjajakan
    waits = result.budget_wait_months[reached]
    assert waits.min() > 0 and waits.max() <= 2 * 12.0 + 1e-3  # at most two budget stages
    assert 5.0 < waits[result.stop_stage[reached] == 1].mean() < 7.0  # uniform over the year
    planned = simulate(params.with_events(p_budget_planned=1.0), 20_000, seed=5)
    assert (planned.budget_wait_months == 0).all()
    assert np.median(planned.total_months) < np.median(result.total_months)


def test_a_governor_who_always_drops_ends_proposals_by_the_first_term_end():
    """Before the clocks, with p_governor_drop = 1 no proposal outlives the governor's first term."""
    params = default_params("2004").with_events(p_governor_drop=1.0)
    result = simulate(params, 20_000, seed=6)
    assert result.total_months.max() <= params.events.governor_term_months + 1e-3
    assert (result.outcome == GOVERNOR_DROPPED).mean() > 0.3


def test_dprd_elections_cost_time_only_at_the_dprd_stage():
    """Before the clocks a long DPRD approval loses months to elections; with none it loses none."""
    params = stressed("2004")
    with_elections = simulate(params, 20_000, seed=8)
    assert with_elections.election_lost_months.mean() > 0.5
    none = simulate(params.with_events(election_stages=()), 20_000, seed=8)
    assert (none.election_lost_months == 0).all()
    clocked = simulate(stressed(CURRENT), 20_000, seed=8)  # the 45 days run through an election
    assert (clocked.election_lost_months == 0).all()


# --- the law's clocks (data/legal_clocks.csv) ---------------------------------------------------

CURRENT = ERAS[-1]
CLOCKS = load("legal_clocks")


def clock_row(clock_id: str):
    """One row of legal_clocks.csv."""
    return CLOCKS.set_index("clock_id").loc[clock_id]


def test_working_days_become_months_by_a_five_day_week():
    """45 working days are 63 calendar days (about 2.07 months); 5 are 7 days."""
    assert math.isclose(working_days_to_months(45), 63 / (365.25 / 12))
    assert math.isclose(working_days_to_months(5), 7 / (365.25 / 12))
    clocks = legal_clocks(CURRENT)
    assert math.isclose(
        clocks.deemed_months, working_days_to_months(clock_row("dprd_deemed_approval").limit_value)
    )
    assert math.isclose(clocks.loi_validity_months, 12 * clock_row("loi_validity").limit_value)


def test_every_clock_quotes_its_article_and_the_unlimited_steps_are_named():
    """Each clock has an article and a verbatim quote with its number; the unlimited steps are listed."""
    for row in CLOCKS.itertuples():
        assert row.article.startswith("Pasal ") and len(row.quote) > 40
        if row.effect != "no_limit" and row.limit_unit in ("working_days", "years", "months"):
            assert f"{int(row.limit_value)} (" in row.quote, row.clock_id
    unlimited = CLOCKS[CLOCKS["effect"] == "no_limit"]
    assert {"mendagri", "kemlu"} <= set(unlimited["actor"])
    assert "Pasal 33" in clock_row("extension_notice").article
    assert "paling lama 6 (enam) bulan sebelum berakhirnya" in clock_row("extension_notice").quote
    assert "Pasal 38" == clock_row("no_report_sanction").article


def test_parameters_with_clocks_stay_hashable_and_name_their_articles():
    """The clocks keep PipelineParams hashable (frozen, no dict) and give each limit's article."""
    params = default_params(CURRENT)
    assert hash(params) == hash(default_params(CURRENT))
    assert "Pasal 17" in params.clocks.article("deemed_approval")
    assert "Pasal 13" in params.clocks.article("lapse")
    assert params.clocks.article("nothing") == ""


def test_clocks_are_absent_before_permendagri_25_2020():
    """No era before the one in force on 22 May 2020 has a clock; that era and later ones have all three."""
    first = era_for_year(eras(), 2020)
    for era in ERAS:
        clocks = legal_clocks(era)
        if era_info(era).order < first.order:
            assert not clocks.any, era
            assert default_params(era).clocks == clocks
        else:
            assert clocks.deemed_stages and clocks.loi_stage and clocks.governor_cannot_stop, era


def test_a_dprd_stage_longer_than_45_working_days_is_a_deemed_approval():
    """With a slow DPRD the stage's own time never passes the limit, and the overrun is deemed approved."""
    params = stressed(CURRENT).with_events(p_budget_planned=1.0)
    limit = params.clocks.deemed_months
    (dprd,) = params.clocks.deemed_stages
    j = params.stage_ids.index(dprd)
    result = simulate(params, 20_000, seed=21)
    reached = result.reached_deemed_stage & (result.outcome != LOI_LAPSED)
    own = result.stage_months[:, j] - result.loi_lost_months
    assert own[reached].max() <= limit + 1e-4
    assert result.deemed_approved[reached].mean() > 0.8  # median 20 months: nearly all overrun
    assert np.allclose(own[result.deemed_approved], limit, atol=1e-4)
    # A deemed approval is no refusal: nobody deemed approved is rejected at the DPRD stage.
    assert not (
        (result.stop_stage == j) & (result.outcome == REJECTED) & result.deemed_approved
    ).any()
    summary = summarize(result)
    assert summary.share_deemed_approved == pytest.approx(
        result.deemed_approved[reached].mean(), abs=0.01
    )


def test_without_the_clock_the_same_slow_dprd_takes_its_time():
    """The same slow DPRD in an era without the clock runs far past 45 working days."""
    era = ERAS[0]
    params = stressed(era)
    j = params.stage_ids.index(params.events.election_stages[0])
    result = simulate(params, 5000, seed=21)
    assert np.median(result.stage_months[result.stop_stage < 0, j]) > 10
    assert not result.deemed_approved.any()


def test_lapsed_lois_are_counted_and_end_or_renew_the_proposal():
    """A slow plan lets LoIs lapse; each one ends the proposal or is followed by a new LoI."""
    params = lapsing(CURRENT)
    result = simulate(params, 20_000, seed=22)
    lapsed_end = result.outcome == LOI_LAPSED
    assert 0.05 < lapsed_end.mean() < 0.6
    assert (result.new_lois > 0).mean() > 0.05
    assert (result.new_lois <= params.events.max_new_lois).all()
    carrier = params.stage_ids.index(params.clocks.loi_carrier)
    assert (result.stop_stage[lapsed_end] == carrier).all()
    assert (result.loi_lost_months[result.new_lois == 0] == 0).all()
    assert (result.loi_lost_months[result.new_lois > 0] > 0).all()
    never = simulate(params.with_events(p_new_loi=0.0), 20_000, seed=22)
    assert (never.new_lois == 0).all() and never.loi_lapsed.mean() > 0.05
    always = simulate(params.with_events(p_new_loi=1.0, max_new_lois=50), 20_000, seed=22)
    assert (always.outcome != LOI_LAPSED).all()
    summary = summarize(result)
    assert summary.share_loi_lapsed == pytest.approx(lapsed_end.mean())


def test_no_governor_drop_in_the_current_framework():
    """Even a governor set to drop every proposal stops none once Permendagri 25/2020 applies."""
    params = default_params(CURRENT).with_events(p_governor_drop=1.0)
    result = simulate(params, 20_000, seed=23)
    assert not (result.outcome == GOVERNOR_DROPPED).any()
    assert summarize(simulate(default_params(CURRENT), 20_000, seed=23)).share_governor_dropped == 0
    loop = simulate_loop(params, 2000, seed=23)
    assert not (loop.outcome == GOVERNOR_DROPPED).any()


def test_the_governors_fallback_caps_his_hold_on_the_file():
    """The governor holds a file at most 5 working days; a longer hold becomes the direct route."""
    base = default_params(CURRENT)
    assert base.clocks.fallback_stages  # the stage that routes a file through the governor
    stage = base.clocks.fallback_stages[0]
    j = base.stage_ids.index(stage)
    quick = base.with_stage(stage, median_months=0.0, spread=0.0).with_events(p_budget_planned=1.0)
    slow = quick.with_events(governor_hold_months=3.0)
    result = simulate(slow, 20_000, seed=24)
    reached = (result.stop_stage < 0) | (result.stop_stage >= j)
    assert result.stage_months[reached, j].max() <= base.clocks.fallback_months + 1e-4
    assert result.direct_route[reached].mean() > 0.9
    assert summarize(result).share_direct_route == pytest.approx(result.direct_route.mean())
    prompt = quick.with_events(governor_hold_months=0.01, governor_hold_spread=0.0)
    assert not simulate(prompt, 5000, seed=24).direct_route.any()


def test_same_seed_same_result_and_different_seed_different_result():
    """Results are reproducible from a seed and change with it; a Generator works like a seed."""
    params = default_params("2020")
    a, b, c = (simulate(params, 5000, seed=s) for s in (1, 1, 2))
    assert np.array_equal(a.total_months, b.total_months)
    assert np.array_equal(a.stage_months, b.stage_months)
    assert not np.array_equal(a.total_months, c.total_months)
    d = simulate(params, 5000, rng=np.random.default_rng(1))
    assert np.array_equal(a.total_months, d.total_months)
    assert np.array_equal(
        simulate_loop(params, 200, seed=1).total_months,
        simulate_loop(params, 200, seed=1).total_months,
    )


@pytest.mark.parametrize(
    ("make", "name"),
    [
        (lambda: StageAssumption("x", median_months=-1.0), "median_months"),
        (lambda: StageAssumption("x", 2.0, spread=-0.1), "spread"),
        (lambda: StageAssumption("x", 2.0, p_return=1.5), "p_return"),
        (lambda: StageAssumption("x", 2.0, p_drop=-0.2), "p_drop"),
        (lambda: EventParams(p_governor_drop=2.0), "p_governor_drop"),
        (lambda: EventParams(governor_term_months=0.0), "governor_term_months"),
        (lambda: EventParams(p_budget_planned=float("nan")), "p_budget_planned"),
        (lambda: replace(default_params("2020"), duration_multiplier=-1.0), "duration_multiplier"),
        (lambda: replace(default_params("2020"), era=""), "era"),
        (lambda: default_params("1999"), "1999"),
        (lambda: EventParams(fiscal_year_start_month=13), "fiscal_year_start_month"),
        (lambda: simulate(default_params("2020"), -5), "n"),
        (lambda: default_params("2020").with_stage("verifikasi_pusat", p_drop=3.0), "p_drop"),
    ],
)
def test_invalid_parameters_raise_naming_the_parameter(make, name):
    """An invalid value raises ValueError naming it, in Indonesian and English."""
    with pytest.raises(ValueError, match=re.escape(name)) as info:
        make()
    assert " / " in str(info.value)


def test_assumption_frame_with_a_missing_stage_is_refused():
    """A lecturer's frame that lacks a stage is refused, naming the stage."""
    frame = load("pipeline_assumptions")
    frame = frame[frame["stage_id"] != "verifikasi_pusat"]
    with pytest.raises(ValueError, match="verifikasi_pusat"):
        params_from_frame(frame, get_regime("2020"))


def test_summary_is_consistent_and_json_ready():
    """Outcome shares sum to one, quantiles rise, bottlenecks sum to one, to_dict is JSON."""
    summary = summarize(simulate(default_params("2004"), 20_000, seed=9))
    assert math.isclose(
        summary.share_signed
        + summary.share_rejected
        + summary.share_governor_dropped
        + summary.share_loi_lapsed,
        1.0,
    )
    values = list(summary.quantiles.values())
    assert values == sorted(values)
    assert math.isclose(summary.bottlenecks.sum(), 1.0, rel_tol=1e-6)
    assert math.isclose(summary.dropped_at.sum(), 1 - summary.share_signed, rel_tol=1e-6)
    json.dumps(summary.to_dict())
    text = "\n".join(summary_lines(summary, "en"))
    assert "TEACHING ASSUMPTIONS" in text and "median" in text


def test_adjust_scales_only_what_the_slider_names():
    """The app's controls change durations, the DPRD median, central reviews and drop chances."""
    base = default_params("2020")
    changed = adjust(base, duration=2.0, dprd_median=9.0, central=3.0, drop=10.0, governor_drop=0.0)
    assert changed.duration_multiplier == 2.0
    assert changed.stage("persetujuan_dprd").median_months == 9.0
    for stage in base.stages:
        new = changed.stage(stage.stage_id)
        factor = 3.0 if stage.stage_id in base.central_stages else 1.0
        if stage.stage_id != "persetujuan_dprd":
            assert math.isclose(new.median_months, factor * stage.median_months)
        assert new.p_drop == min(1.0, 10 * stage.p_drop)
    assert changed.events.p_governor_drop == 0.0
    slower = summarize(simulate(adjust(base, duration=2.0), 20_000, seed=1)).median_months
    assert slower > 1.5 * summarize(simulate(base, 20_000, seed=1)).median_months


def test_compare_eras_gives_one_row_per_era_reproducibly():
    """compare_eras summarises each era; simulate_eras is reproducible from one seed."""
    params = {era: default_params(era) for era in ERAS}
    first = compare_eras(simulate_eras(params, 5000, seed=3))
    again = compare_eras(simulate_eras(params, 5000, seed=3))
    assert list(first.index) == list(ERAS)
    pd.testing.assert_frame_equal(first, again)
    assert list(first["stages"]) == [len(get_regime(era).stages) for era in ERAS]


def run_cli(capsys, *argv) -> tuple[int, str, str]:
    """Run ``sistercity`` in-process; return the exit code, stdout and stderr."""
    try:
        code = main(list(argv))
    except SystemExit as stop:  # argparse refuses a bad choice itself, with exit code 2
        code = stop.code
    out = capsys.readouterr()
    return code, out.out, out.err


def test_simulate_command_is_reproducible_and_states_the_assumptions(capsys):
    """The same seed prints the same summary, which says the durations are assumptions."""
    args = ("simulate", "--regime", "2020", "--n", "3000", "--seed", "7")
    code, first, _ = run_cli(capsys, *args)
    _, second, _ = run_cli(capsys, *args)
    assert code == 0 and first == second
    assert "ASUMSI PENGAJARAN" in first
    _, english, _ = run_cli(capsys, *args, "--lang", "en")
    assert "TEACHING ASSUMPTIONS" in english
    _, other, _ = run_cli(capsys, "simulate", "--regime", "2020", "--n", "3000", "--seed", "8")
    assert other != first


def test_simulate_command_shows_the_legal_clocks_in_both_languages(capsys):
    """The simulate command prints deemed DPRD approvals and lapsed LoIs with their articles, in id and en."""
    args = ("simulate", "--regime", CURRENT, "--n", "20000", "--seed", "3")
    _, indonesian, _ = run_cli(capsys, *args)
    _, english, _ = run_cli(capsys, *args, "--lang", "en")
    result = summarize(simulate(default_params(CURRENT), 20_000, seed=3))
    deemed_id = f"{100 * result.share_deemed_approved:.1f}".replace(".", ",") + "%"
    deemed_en = f"{100 * result.share_deemed_approved:.1f}%"
    assert "dianggap menyetujui setelah 45 hari kerja" in indonesian and deemed_id in indonesian
    assert "deemed given after 45 working days" in english and deemed_en in english
    assert "LoI kedaluwarsa" in indonesian and "LoI lapsed" in english
    for text in (indonesian, english):
        assert "Pasal 17 ayat (2) dan (3)" in text and "Pasal 13 ayat (3)" in text
        assert "Pasal 18 ayat (4) dan (5)" in text
    _, old_id, _ = run_cli(capsys, "simulate", "--regime", ERAS[0], "--n", "2000")
    _, old_en, _ = run_cli(capsys, "simulate", "--regime", ERAS[0], "--n", "2000", "--lang", "en")
    assert "22 Mei 2020" in old_id and "22 May 2020" in old_en
    assert "dianggap menyetujui" not in old_id and "deemed" not in old_en
    _, raw, _ = run_cli(capsys, *args, "--json")
    payload = json.loads(raw)
    assert payload["share_deemed_approved"] == pytest.approx(result.share_deemed_approved)
    assert payload["legal_clocks"]["governor_can_stop"] is False
    assert payload["share_governor_dropped"] == 0


def test_simulate_command_json(capsys):
    """--json prints a summary a program can read, with the note on assumptions."""
    code, out, _ = run_cli(
        capsys, "simulate", "--regime", "1993", "--n", "2000", "--json", "--lang", "en"
    )
    payload = json.loads(out)
    assert code == 0 and payload["era"] == "1993" and payload["n"] == 2000
    assert set(payload["bottlenecks"]) == set(era_stage_ids("1993"))
    assert "ASSUMPTIONS" in payload["note"]


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (("--n", "-5"), "--n"),
        (("--regime", "1999"), "1999"),
        (("--lang", "fr"), "--lang"),
    ],
)
def test_simulate_command_refuses_bad_options(capsys, argv, named):
    """A bad option exits non-zero with a message naming it."""
    code, out, err = run_cli(capsys, "simulate", "--n", "100", *argv)
    assert code != 0
    assert named in err


def test_simulate_command_checks_a_lecturers_assumptions_file(capsys, tmp_path):
    """An edited assumptions file is used, and a bad cell is reported with file, row and column."""
    frame = load("pipeline_assumptions")
    good = tmp_path / "mine.csv"
    frame.assign(median_months=frame["median_months"] * 2).to_csv(good, index=False)
    code, out, _ = run_cli(capsys, "simulate", "--n", "2000", "--assumptions", str(good), "--json")
    assert code == 0
    _, default_out, _ = run_cli(capsys, "simulate", "--n", "2000", "--json")
    assert json.loads(out)["median_months"] > 1.5 * json.loads(default_out)["median_months"]

    bad = tmp_path / "bad.csv"
    broken = frame.astype({"median_months": object})
    broken.loc[3, "median_months"] = "three"
    broken.to_csv(bad, index=False)
    code, _, err = run_cli(capsys, "simulate", "--assumptions", str(bad))
    assert code != 0 and "bad.csv" in err and "row 5" in err and "median_months" in err

    negative = tmp_path / "negative.csv"
    frame.assign(p_drop=frame["p_drop"].where(frame.index != 20, 1.7)).to_csv(negative, index=False)
    code, _, err = run_cli(capsys, "simulate", "--assumptions", str(negative))
    assert code != 0 and "p_drop" in err and "negative.csv" in err


def test_bench_simulate_prints_the_machine_readable_last_line(capsys):
    """The bench command ends with engine_1e6_s=<s> speedup=<x> (small sizes here)."""
    code, out, _ = run_cli(
        capsys,
        "bench",
        "simulate",
        "--n",
        "20000",
        "--loop-n",
        "300",
        "--widget-n",
        "2000",
        "--repeats",
        "1",
    )
    assert code == 0
    last = out.strip().splitlines()[-1]
    match = re.fullmatch(r"engine_1e6_s=(\d+\.\d+) speedup=(\d+\.\d+)", last)
    assert match and float(match.group(1)) > 0 and float(match.group(2)) > 1
    assert "widget" in out
