"""One-proposal-at-a-time version of the pipeline model, for the benchmark and as a readable spec.

Pure model layer (standard library and numpy only). It follows the rules in
:mod:`sistercity.pipeline.model` step by step, one scalar draw at a time from a numpy Generator
(the course's rule for randomness), so it is slow:
``sistercity bench simulate`` measures how much faster the vectorised engine is, and the tests
check that both give the same distributions.
"""

from __future__ import annotations

import math

import numpy as np

from sistercity.pipeline.model import (
    GOVERNOR_DROPPED,
    LOI_LAPSED,
    REJECTED,
    SIGNED,
    PipelineParams,
    PipelineResult,
    _check_n,
    _rng,
)


def _next_after(time: float, phase: float, period: float) -> float:
    """First event strictly after ``time`` of events at ``phase + k * period``, k >= 0."""
    if time < phase:
        return phase
    return phase + (math.floor((time - phase) / period) + 1) * period


def simulate_loop(
    params: PipelineParams,
    n: int = 10_000,
    seed: int | np.random.Generator | None = None,
    *,
    rng: np.random.Generator | None = None,
) -> PipelineResult:
    """Simulate ``n`` proposals one after another; same model and result type as ``simulate``."""
    n = _check_n(n)
    draw = _rng(seed, rng)
    ev = params.events
    clocks = params.clocks
    k = len(params.stages)
    total = np.zeros(n)
    outcome = np.zeros(n, dtype=np.int8)
    stop_stage = np.full(n, -1, dtype=np.int16)
    stage_months = np.zeros((n, k))
    budget_wait = np.zeros(n)
    election_lost = np.zeros(n)
    deemed = np.zeros(n, dtype=bool)
    direct = np.zeros(n, dtype=bool)
    new_lois = np.zeros(n, dtype=np.int8)
    loi_lost = np.zeros(n)
    p_governor = 0.0 if clocks.governor_cannot_stop else ev.p_governor_drop
    ids = params.stage_ids
    loi_index = ids.index(clocks.loi_stage) if clocks.loi_stage else -1
    carrier_index = ids.index(clocks.loi_carrier) if clocks.loi_carrier else -1

    def work(median: float, spread: float, p_return: float) -> float:
        months = median * math.exp(spread * draw.standard_normal())
        returns = 0
        while returns < params.max_returns and draw.random() < p_return:
            months += median * math.exp(spread * draw.standard_normal())
            returns += 1
        return months

    def stage_work(index: int) -> float:
        stage = params.stages[index]
        return work(stage.median_months * params.duration_multiplier, stage.spread, stage.p_return)

    for i in range(n):
        calendar = draw.random() * 12.0
        governor_phase = draw.random() * ev.governor_term_months
        election_phase = draw.random() * ev.dprd_term_months
        clock = 0.0
        loi_signed = 0.0
        for j, stage in enumerate(params.stages):
            median = stage.median_months * params.duration_multiplier
            ready = clock
            start = ready
            if stage.stage_id in ev.budget_stages and draw.random() >= ev.p_budget_planned:
                fiscal = ev.fiscal_year_start_month - 1
                start = (math.floor((calendar + ready - fiscal) / 12.0) + 1.0) * 12.0
                start += fiscal - calendar
                budget_wait[i] += start - ready
            if stage.stage_id in clocks.fallback_stages:
                hold = ev.governor_hold_months * math.exp(
                    ev.governor_hold_spread * draw.standard_normal()
                )
                if hold > clocks.fallback_months:
                    hold, direct[i] = clocks.fallback_months, True
                start += hold
            months = work(median, stage.spread, stage.p_return)
            is_deemed = stage.stage_id in clocks.deemed_stages
            over = False
            if is_deemed and months > clocks.deemed_months:
                months, over = clocks.deemed_months, True
            lapsed = False
            if j == carrier_index and start - loi_signed > clocks.loi_validity_months:
                renewals = 0
                while True:
                    if renewals == ev.max_new_lois or draw.random() >= ev.p_new_loi:
                        lapsed = True
                        break
                    renewals += 1
                    redo = 0.0
                    between = 0.0
                    for m in range(loi_index, j):
                        time = stage_work(m)
                        redo += time
                        if m > loi_index:
                            between += time
                    loi_lost[i] += redo
                    start += redo
                    if between <= clocks.loi_validity_months:
                        break
                new_lois[i] = renewals
            if stage.stage_id in ev.election_stages and not is_deemed:
                election = _next_after(start, election_phase, ev.dprd_term_months)
                restarts = 0
                while election < start + months and restarts < ev.max_election_restarts:
                    restarts += 1
                    restart = election + ev.dprd_settling_months
                    election_lost[i] += restart - start
                    start = restart
                    months = work(median, stage.spread, stage.p_return)
                    election = _next_after(start, election_phase, ev.dprd_term_months)
            end = start if lapsed else start + months
            ended = None
            term_end = _next_after(ready, governor_phase, ev.governor_term_months)
            while p_governor > 0 and term_end <= end:
                if draw.random() < p_governor:
                    end, ended = term_end, GOVERNOR_DROPPED
                    break
                term_end += ev.governor_term_months
            if ended is None and lapsed:
                ended = LOI_LAPSED
            if ended is None and over:
                deemed[i] = True  # a deemed approval is no refusal: no rejection coin
            elif ended is None and draw.random() < stage.p_drop:
                ended = REJECTED
            stage_months[i, j] = end - ready
            clock = end
            if j == loi_index:
                loi_signed = clock
            if ended is not None:
                outcome[i] = ended
                stop_stage[i] = j
                break
        total[i] = clock
        if stop_stage[i] < 0:
            outcome[i] = SIGNED
    return PipelineResult(
        params=params,
        total_months=total,
        outcome=outcome,
        stop_stage=stop_stage,
        stage_months=stage_months,
        budget_wait_months=budget_wait,
        election_lost_months=election_lost,
        deemed_approved=deemed,
        direct_route=direct,
        new_lois=new_lois,
        loi_lost_months=loi_lost,
    )
