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
    outcome: str  # "signed", "rejected" or "governor"
    stop_stage: str | None
    stage_months: dict[str, float]
    budget_wait: float
    election_lost: float


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
    """Follow one proposal through every stage of ``params``."""
    ev = params.events
    month_of_year_at_start = 12.0 * rnd.random()
    governor_phase = ev.governor_term_months * rnd.random()
    election_phase = ev.dprd_term_months * rnd.random()
    now = 0.0
    per_stage = {s.stage_id: 0.0 for s in params.stages}
    budget_wait = 0.0
    election_lost = 0.0
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
        work = _stage_work(rnd, median, stage.spread, stage.p_return, params.max_returns)
        if stage.stage_id in ev.election_stages:
            for _ in range(ev.max_election_restarts):
                election = next(_events_after(election_phase, ev.dprd_term_months, begin))
                if election >= begin + work:
                    break
                new_begin = election + ev.dprd_settling_months
                election_lost += new_begin - begin
                begin = new_begin
                work = _stage_work(rnd, median, stage.spread, stage.p_return, params.max_returns)
        finish = begin + work
        if ev.p_governor_drop > 0:
            for term_end in _events_after(governor_phase, ev.governor_term_months, entered):
                if term_end > finish:
                    break
                if rnd.random() < ev.p_governor_drop:
                    per_stage[stage.stage_id] = term_end - entered
                    return OracleProposal(
                        term_end, "governor", stage.stage_id, per_stage, budget_wait, election_lost
                    )
        per_stage[stage.stage_id] = finish - entered
        now = finish
        if rnd.random() < stage.p_drop:
            return OracleProposal(
                now, "rejected", stage.stage_id, per_stage, budget_wait, election_lost
            )
    return OracleProposal(now, "signed", None, per_stage, budget_wait, election_lost)


def run_many(params, n: int, seed: int) -> list[OracleProposal]:
    """Follow ``n`` proposals, one after another, from one seeded random stream."""
    rnd = random.Random(seed)
    return [run_one(params, rnd) for _ in range(n)]
