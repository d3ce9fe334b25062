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
    params_from_frame,
    simulate,
    simulate_eras,
    summarize,
    summary_lines,
)
from sistercity.pipeline.reference import simulate_loop
from sistercity.regimes import era_ids, get_regime

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


CASES = [(era, "default") for era in ERAS] + [(era, "stressed") for era in ERAS]


def params_for(era: str, kind: str) -> PipelineParams:
    """The parameters of one test case."""
    return default_params(era) if kind == "default" else stressed(era)


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
    for code, name in ((SIGNED, "signed"), (REJECTED, "rejected"), (GOVERNOR_DROPPED, "governor")):
        share_engine = float(np.mean(engine.outcome == code))
        share_oracle = float(np.mean([p.outcome == name for p in oracle]))
        assert shares_agree(share_engine, share_oracle, N, N), (name, share_engine, share_oracle)
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
    """With p_governor_drop = 1 no proposal outlives the first end of the governor's term."""
    params = default_params("2020").with_events(p_governor_drop=1.0)
    result = simulate(params, 20_000, seed=6)
    assert result.total_months.max() <= params.events.governor_term_months + 1e-3
    assert (result.outcome == GOVERNOR_DROPPED).mean() > 0.3


def test_dprd_elections_cost_time_only_at_the_dprd_stage():
    """A long DPRD approval loses months to elections; with no election stages it loses none."""
    params = stressed("2020")
    with_elections = simulate(params, 20_000, seed=8)
    assert with_elections.election_lost_months.mean() > 0.5
    none = simulate(params.with_events(election_stages=()), 20_000, seed=8)
    assert (none.election_lost_months == 0).all()


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
        summary.share_signed + summary.share_rejected + summary.share_governor_dropped, 1.0
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
    code = main(list(argv))
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
