"""An independent, deliberately plain implementation of the pipeline model, for the tests.

It re-implements the rules written in the docstring of ``sistercity.pipeline.model`` from that
text alone, one proposal and one event at a time, with its own helpers (no code shared with the
engine or with ``sistercity.pipeline.reference``). The tests compare distributions, not draws.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass


@dataclass
class OracleProposal:
    """What happened to one proposal."""

    months: float
    outcome: str  # "signed", "rejected", "governor" or "lapsed"
    stop_stage: str | None
    stage_months: dict[str, float]
    budget_wait: float
    election_lost: float
    deemed: bool = False
    direct: bool = False
    new_lois: int = 0
    loi_lost: float = 0.0


def _events_after(phase: float, period: float, after: float):
    """Yield event times phase, phase + period, ... that are strictly after ``after``."""
    t = phase
    while t <= after:
        t += period
    while True:
        yield t
        t += period


def _one_attempt(rnd: random.Random, median: float, spread: float) -> float:
    """One log-normal work time with the given median and log-sigma."""
    return math.exp(math.log(median) + spread * rnd.normalvariate(0.0, 1.0)) if median > 0 else 0.0


def _stage_work(
    rnd: random.Random, median: float, spread: float, p_return: float, cap: int
) -> float:
    """Work time of a stage: one attempt, then repeats while it is sent back, up to ``cap``."""
    attempts = 1
    for _ in range(cap):
        if rnd.random() < p_return:
            attempts += 1
        else:
            break
    return sum(_one_attempt(rnd, median, spread) for _ in range(attempts))


def run_one(params, rnd: random.Random) -> OracleProposal:
    """Follow one proposal through every stage of ``params`` (rules 1-9 of the model's docstring)."""
    ev = params.events
    law = params.clocks
    month_of_year_at_start = 12.0 * rnd.random()
    governor_phase = ev.governor_term_months * rnd.random()
    election_phase = ev.dprd_term_months * rnd.random()
    governor_may_drop = ev.p_governor_drop > 0 and not law.governor_cannot_stop
    names = [s.stage_id for s in params.stages]
    now = 0.0
    per_stage = {s.stage_id: 0.0 for s in params.stages}
    budget_wait = 0.0
    election_lost = 0.0
    deemed = direct = False
    new_lois = 0
    loi_lost = 0.0
    loi_signed_at = None

    def result(months, outcome, stop):
        return OracleProposal(
            months,
            outcome,
            stop,
            per_stage,
            budget_wait,
            election_lost,
            deemed,
            direct,
            new_lois,
            loi_lost,
        )

    for stage in params.stages:
        median = stage.median_months * params.duration_multiplier
        entered = now
        begin = now
        if stage.stage_id in ev.budget_stages:
            if not rnd.random() < ev.p_budget_planned:
                fiscal_offset = ev.fiscal_year_start_month - 1
                month_of_year = (month_of_year_at_start + now - fiscal_offset) % 12.0
                begin = now + (12.0 - month_of_year)
                budget_wait += begin - now
        if stage.stage_id in law.fallback_stages:
            held = _one_attempt(rnd, ev.governor_hold_months, ev.governor_hold_spread)
            if held > law.fallback_months:
                held, direct = law.fallback_months, True
            begin += held
        work = _stage_work(rnd, median, stage.spread, stage.p_return, params.max_returns)
        on_the_clock = False
        deemed_here = False
        if stage.stage_id in law.deemed_stages:
            on_the_clock = True
            if work > law.deemed_months:
                work, deemed_here = law.deemed_months, True
        gave_up = False
        if stage.stage_id == law.loi_carrier and begin - loi_signed_at > law.loi_validity_months:
            while True:
                if new_lois >= ev.max_new_lois or not rnd.random() < ev.p_new_loi:
                    gave_up = True
                    break
                new_lois += 1
                redone = [
                    _stage_work(
                        rnd,
                        s.median_months * params.duration_multiplier,
                        s.spread,
                        s.p_return,
                        params.max_returns,
                    )
                    for s in params.stages[names.index(law.loi_stage) : names.index(stage.stage_id)]
                ]
                loi_lost += sum(redone)
                begin += sum(redone)
                if sum(redone[1:]) <= law.loi_validity_months:
                    break
        if stage.stage_id in ev.election_stages and not on_the_clock:
            for _ in range(ev.max_election_restarts):
                election = next(_events_after(election_phase, ev.dprd_term_months, begin))
                if election >= begin + work:
                    break
                new_begin = election + ev.dprd_settling_months
                election_lost += new_begin - begin
                begin = new_begin
                work = _stage_work(rnd, median, stage.spread, stage.p_return, params.max_returns)
        finish = begin if gave_up else begin + work
        if governor_may_drop:
            for term_end in _events_after(governor_phase, ev.governor_term_months, entered):
                if term_end > finish:
                    break
                if rnd.random() < ev.p_governor_drop:
                    per_stage[stage.stage_id] = term_end - entered
                    return result(term_end, "governor", stage.stage_id)
        per_stage[stage.stage_id] = finish - entered
        now = finish
        if stage.stage_id == law.loi_stage:
            loi_signed_at = now
        if gave_up:
            return result(now, "lapsed", stage.stage_id)
        if deemed_here:
            deemed = True
        elif rnd.random() < stage.p_drop:
            return result(now, "rejected", stage.stage_id)
    return result(now, "signed", None)


def run_many(params, n: int, seed: int) -> list[OracleProposal]:
    """Follow ``n`` proposals, one after another, from one seeded random stream."""
    rnd = random.Random(seed)
    return [run_one(params, rnd) for _ in range(n)]
