"""Monte Carlo of the approval pipeline: how long a sister-city proposal takes to be signed.

Pure model layer: numpy, pandas and the standard library only; no plotting, no widgets, no file
access (the assumptions and the law's clocks arrive as DataFrames). Every duration and chance is a
TEACHING ASSUMPTION (``data/pipeline_assumptions.csv``) except the time limits the texts set
(``data/legal_clocks.csv``, Permendagri 25/2020 from 22 May 2020), which an era has only from the
date its instrument took effect (:class:`LegalClocks`; rules 7-9).

The model, for one proposal (the vectorised engine runs N of them at once, the reference and the
test oracle run them one at a time; all three follow these rules):

1. **Stages run in order.** Each stage's work takes a log-normal time with the stage's median
   (``median_months`` x ``duration_multiplier``) and log-sigma ``spread``.
2. **Returns.** After each attempt the stage sends the proposal back with chance ``p_return``;
   the stage is then done again (a fresh log-normal draw), at most ``max_returns`` times.
3. **Budget (APBD) cycle.** A stage in ``EventParams.budget_stages`` needs money (travel abroad).
   Unless the money was already planned in this year's APBD (chance ``p_budget_planned``), its
   work can start only on the first day of the next fiscal year, which begins in the month
   ``EventParams.fiscal_year_start_month`` (the era's, from ``eras.csv``: April before 2001,
   January since). The proposal starts at a uniformly random moment of the calendar year.
4. **DPRD elections.** Elections come every ``dprd_term_months`` at a uniformly random phase.
   If one falls while a stage in ``election_stages`` is being worked on, the pending approval
   lapses: the stage starts again from scratch ``dprd_settling_months`` after the election
   (the new council must first form its commissions), with a fresh work time; this repeats if
   the next election also falls inside, at most ``max_election_restarts`` times (after that the
   approval is assumed to go through, so an extreme setting cannot loop forever).
5. **Governor's term.** A term ends every ``governor_term_months`` at a uniformly random phase.
   At each end while the proposal is pending (any stage, waits included), the new governor drops
   it with chance ``p_governor_drop``; the proposal ends at that moment.
6. **Rejection.** At the end of a stage the proposal is dropped with chance ``p_drop``.

The law's clocks (only in an era that has them; working days become months by
:func:`working_days_to_months`):

7. **DPRD: decide within the limit or it counts as approved** (Permendagri 25/2020 Pasal 17(2)-(3)).
   At a stage in ``LegalClocks.deemed_stages`` the work (returns included: a revision the DPRD asks
   for happens inside the limit) is cut at ``deemed_months``; a proposal whose work would have run
   longer is *deemed approved* at the limit and cannot be rejected at that stage (its ``p_drop`` does
   not apply). A DPRD election does not stop the count: rule 4 does not apply at such a stage.
8. **The governor forwards within the limit or the region goes directly** (Pasal 18(4)-(5), 20(4)).
   At a stage in ``LegalClocks.fallback_stages`` (the stages that send a regency's or city's file
   through the governor) the governor first holds the file, after any budget wait and before the
   stage's work, for a log-normal time with median ``EventParams.governor_hold_months`` and sigma
   ``governor_hold_spread`` (assumptions), cut at ``fallback_months``: a hold that would have run
   longer ends at the limit with the *direct route* to the Minister. The hold counts in the stage
   like a budget wait. When ``LegalClocks.governor_cannot_stop`` is set, rule 5 does not apply at
   all: the governor can delay a proposal, not stop it.
9. **The LoI lapses after its validity** (Pasal 13(3)). The LoI is signed at the end of
   ``LegalClocks.loi_stage``. When the proposal is ready to start ``LegalClocks.loi_carrier`` (after
   any budget wait of that stage) more than ``loi_validity_months`` after the LoI was signed, the LoI
   has lapsed (which step must carry it is a reading: see ``data/legal_clocks.csv``). Then, with
   chance ``EventParams.p_new_loi``, the parties sign a new LoI: the stages from ``loi_stage`` up to
   (not including) the carrier are done again, each with a fresh work time (returns included; no
   budget wait, election, rejection or governor check inside this redo), the new LoI being signed
   at the end of the redone ``loi_stage``; the check is then made again, at most
   ``EventParams.max_new_lois`` times. Otherwise, or when the last new LoI lapses too, the proposal
   ends (``LOI_LAPSED``) at the moment it was ready to start the carrier. The redo's time counts in
   the carrier stage, like a budget wait.

Time is in months from the moment the proposal starts; a proposal that passes every stage is
signed at the end of the last one.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from sistercity.i18n import both, pick
from sistercity.procedure import Regime

#: Outcome codes of :attr:`PipelineResult.outcome`.
SIGNED, REJECTED, GOVERNOR_DROPPED, LOI_LAPSED = 0, 1, 2, 3

#: Days in an average month (365.25 / 12).
DAYS_PER_MONTH = 365.25 / 12
#: Calendar days per working day: a five-day working week, public holidays ignored.
CALENDAR_DAYS_PER_WORKING_DAY = 7.0 / 5.0

QUANTILES = (0.1, 0.25, 0.5, 0.75, 0.9)


def _check_probability(name: str, value: float, where: str) -> None:
    """Raise a bilingual ValueError unless ``value`` is a probability."""
    if not (isinstance(value, int | float) and 0.0 <= value <= 1.0) or math.isnan(value):
        raise ValueError(
            both(
                f"{where}{name} harus peluang antara 0 dan 1, bukan {value!r}.",
                f"{where}{name} must be a probability between 0 and 1, not {value!r}.",
            )
        )


def _check_non_negative(name: str, value: float, where: str) -> None:
    """Raise a bilingual ValueError unless ``value`` is a finite number >= 0."""
    if not (isinstance(value, int | float) and math.isfinite(value) and value >= 0):
        raise ValueError(
            both(
                f"{where}{name} harus angka 0 atau lebih, bukan {value!r}.",
                f"{where}{name} must be a number of 0 or more, not {value!r}.",
            )
        )


def _check_positive(name: str, value: float, where: str = "") -> None:
    """Raise a bilingual ValueError unless ``value`` is a finite number > 0."""
    if not (isinstance(value, int | float) and math.isfinite(value) and value > 0):
        raise ValueError(
            both(
                f"{where}{name} harus angka lebih dari 0, bukan {value!r}.",
                f"{where}{name} must be a number greater than 0, not {value!r}.",
            )
        )


def _check_whole(name: str, value: int) -> None:
    """Raise a bilingual ValueError unless ``value`` is a whole number >= 0."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(
            both(
                f"{name} harus bilangan bulat 0 atau lebih, bukan {value!r}.",
                f"{name} must be a whole number of 0 or more, not {value!r}.",
            )
        )


@dataclass(frozen=True)
class StageAssumption:
    """The assumed time and risks of one stage (one row of ``pipeline_assumptions.csv``).

    Attributes:
        stage_id: The stage's id in ``stages.csv``.
        median_months: Typical time of one attempt at the stage, in months.
        spread: Log-normal sigma of that time (0 = always the median).
        p_return: Chance an attempt sends the proposal back, so the stage is done again.
        p_drop: Chance the proposal is dropped at the end of the stage.
    """

    stage_id: str
    median_months: float
    spread: float = 0.5
    p_return: float = 0.0
    p_drop: float = 0.0

    def __post_init__(self) -> None:
        where = f"[{self.stage_id}] "
        _check_non_negative("median_months", self.median_months, where)
        _check_non_negative("spread", self.spread, where)
        _check_probability("p_return", self.p_return, where)
        _check_probability("p_drop", self.p_drop, where)


@dataclass(frozen=True)
class EventParams:
    """Events outside the stages: the governor's term, the APBD budget year, DPRD elections.

    Every default is a teaching assumption. The five-year terms of heads of region and of the DPRD
    follow Indonesian practice, but no dataset of the course sources them yet, so they too are
    shown as assumptions. Which stages need money, which lapse at an election and when the budget
    year starts come from the data (:func:`params_from_frame`); the defaults here are empty.

    Attributes:
        governor_term_months: Length of a governor's (or regent's, mayor's) term.
        p_governor_drop: Chance a new head of region drops a pending proposal (assumption).
        p_budget_planned: Chance the money a budget stage needs is already in this year's APBD,
            so it need not wait for next January (assumption).
        budget_stages: Stages that need money, e.g. for travel abroad (assumption).
        fiscal_year_start_month: Month the budget year starts (1 = January, 4 = April).
        dprd_term_months: Time between DPRD elections.
        dprd_settling_months: Time a new DPRD needs before it can take up a pending approval
            (assumption).
        election_stages: Stages that lapse when a DPRD election falls while they are pending.
        max_election_restarts: Most times one stage can lapse because of elections.
        p_new_loi: Chance the parties sign a new LoI when theirs has lapsed, rather than give up
            (assumption: no text or data says; used only in an era with the LoI clock).
        max_new_lois: Most new LoIs one proposal signs before it ends (assumption).
        governor_hold_months: Median time a governor would hold a regency's or city's file before
            forwarding it, if no limit cut it (assumption; used only in an era with the clock).
        governor_hold_spread: Log-normal sigma of that time (assumption).
    """

    governor_term_months: float = 60.0
    p_governor_drop: float = 0.3
    p_budget_planned: float = 0.4
    budget_stages: tuple[str, ...] = ()
    fiscal_year_start_month: int = 1
    dprd_term_months: float = 60.0
    dprd_settling_months: float = 4.0
    election_stages: tuple[str, ...] = ()
    max_election_restarts: int = 5
    p_new_loi: float = 0.5
    max_new_lois: int = 2
    governor_hold_months: float = 0.15
    governor_hold_spread: float = 0.8

    def __post_init__(self) -> None:
        _check_positive("governor_term_months", self.governor_term_months)
        _check_probability("p_new_loi", self.p_new_loi, "")
        _check_whole("max_new_lois", self.max_new_lois)
        _check_non_negative("governor_hold_months", self.governor_hold_months, "")
        _check_non_negative("governor_hold_spread", self.governor_hold_spread, "")
        _check_probability("p_governor_drop", self.p_governor_drop, "")
        _check_probability("p_budget_planned", self.p_budget_planned, "")
        _check_positive("dprd_term_months", self.dprd_term_months)
        _check_non_negative("dprd_settling_months", self.dprd_settling_months, "")
        _check_whole("max_election_restarts", self.max_election_restarts)
        if self.fiscal_year_start_month not in range(1, 13):
            raise ValueError(
                both(
                    "fiscal_year_start_month harus bulan 1 sampai 12, bukan "
                    f"{self.fiscal_year_start_month!r}.",
                    "fiscal_year_start_month must be a month from 1 to 12, not "
                    f"{self.fiscal_year_start_month!r}.",
                )
            )


def working_days_to_months(days: float) -> float:
    """Working days as months: a five-day working week, holidays ignored (N x 7/5 days / 30.44)."""
    return days * CALENDAR_DAYS_PER_WORKING_DAY / DAYS_PER_MONTH


def limit_months(value: float, unit: str) -> float:
    """A limit of ``legal_clocks.csv`` in months (``working_days``, ``months`` or ``years``)."""
    factors = {"months": 1.0, "years": 12.0}
    if unit == "working_days":
        return working_days_to_months(value)
    if unit not in factors:
        raise ValueError(
            both(
                f"Satuan batas waktu {unit!r} tidak bisa diubah ke bulan.",
                f"The time-limit unit {unit!r} cannot be turned into months.",
            )
        )
    return value * factors[unit]


@dataclass(frozen=True)
class LegalClocks:
    """The time limits the law sets on an era's pipeline (rules 7-9); the default is none at all.

    Attributes:
        deemed_stages: Stages (the DPRD's approval) that end at ``deemed_months`` with a deemed
            approval when not decided earlier.
        deemed_months: That limit in months.
        fallback_stages: Stages that pass a file through the governor, who must forward it
            within ``fallback_months``, the region then going to the Minister directly.
        fallback_months: That limit in months.
        governor_cannot_stop: Whether a governor can no longer stop a proposal (rule 5 is off).
        loi_stage: The stage that signs the LoI (``""``: no LoI clock).
        loi_carrier: The stage that must start while the LoI is valid (a reading).
        loi_validity_months: The LoI's validity in months.
        articles: Where each kind of clock comes from, as (effect, source) pairs (effects
            ``deemed_approval``, ``direct_route``, ``lapse``; a source like
            ``"Permendagri 25/2020 Pasal 17 ayat (2) dan (3)"``); pairs keep the parameters hashable.
    """

    deemed_stages: tuple[str, ...] = ()
    deemed_months: float = math.inf
    fallback_stages: tuple[str, ...] = ()
    fallback_months: float = math.inf
    governor_cannot_stop: bool = False
    loi_stage: str = ""
    loi_carrier: str = ""
    loi_validity_months: float = math.inf
    articles: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        for name in ("deemed_months", "fallback_months", "loi_validity_months"):
            value = getattr(self, name)
            if not (isinstance(value, int | float) and value > 0) or math.isnan(value):
                raise ValueError(
                    both(
                        f"{name} harus angka lebih dari 0, bukan {value!r}.",
                        f"{name} must be a number greater than 0, not {value!r}.",
                    )
                )
        if bool(self.loi_stage) != bool(self.loi_carrier):
            raise ValueError(
                both(
                    "loi_stage dan loi_carrier harus diisi keduanya atau tidak sama sekali.",
                    "loi_stage and loi_carrier must both be given or both be empty.",
                )
            )

    def article(self, effect: str) -> str:
        """The source of the clock with ``effect`` (instrument and article), or ``""``."""
        return dict(self.articles).get(effect, "")

    @property
    def any(self) -> bool:
        """Whether the era has any clock at all."""
        return bool(
            self.deemed_stages
            or self.fallback_stages
            or self.loi_stage
            or self.governor_cannot_stop
        )


def _clock_applies(in_force_from, info, eras) -> bool:
    """Whether a clock that took effect on ``in_force_from`` applies in the era ``info``.

    It applies in the era in force on that date and in every later era (by ``order``), never in an
    earlier one; a date before every era applies everywhere.
    """
    year = pd.Timestamp(in_force_from).year
    start = None
    for era in sorted(eras, key=lambda e: e.first_year):
        if year >= era.first_year:
            start = era
    return start is None or info.order >= start.order


def clocks_from_frame(clocks: pd.DataFrame, regime: Regime, eras) -> LegalClocks:
    """The Monte Carlo's clocks of ``regime``'s era from the rows of a ``legal_clocks`` frame.

    Only rows used by the Monte Carlo (``modelled`` names ``monte_carlo``) whose instrument was in
    force in the era (:func:`_clock_applies`, ``eras`` being every era) count. Stages are found by
    their role in ``stages.csv`` (``dprd``, ``routing``), the LoI stage by its decision, so renamed
    stages keep their clocks.
    """
    found: dict = {}
    articles: dict[str, str] = {}
    for row in clocks.itertuples(index=False):
        if "monte_carlo" not in str(row.modelled).split(";"):
            continue
        if not _clock_applies(row.in_force_from, regime.info, eras):
            continue
        kind, _, target = str(row.applies_to).partition(":")
        months = limit_months(float(row.limit_value), row.limit_unit)
        source = f"{row.instrument} {row.article}"
        if row.effect in ("deemed_approval", "direct_route") and kind == "role":
            stages = tuple(s.stage_id for s in regime.stages_with_role(target))
            prefix = "deemed" if row.effect == "deemed_approval" else "fallback"
            found[f"{prefix}_stages"] = found.get(f"{prefix}_stages", ()) + stages
            found[f"{prefix}_months"] = months
            if row.effect == "direct_route":
                found["governor_cannot_stop"] = True
        elif row.effect == "lapse" and kind == "decision":
            signing = regime.stages_deciding(target)
            carrier_role = str(row.carried_to or "").partition(":")[2]
            if not signing or not carrier_role:
                continue
            after = regime.stage_ids.index(signing[0].stage_id)
            carriers = [
                s
                for s in regime.stages_with_role(carrier_role)
                if regime.stage_ids.index(s.stage_id) > after
            ]
            if not carriers:
                continue
            found.update(
                loi_stage=signing[0].stage_id,
                loi_carrier=carriers[0].stage_id,
                loi_validity_months=months,
            )
        else:
            continue
        articles[row.effect] = (
            f"{articles[row.effect]}, {row.article}" if row.effect in articles else source
        )
    for key in ("deemed_stages", "fallback_stages"):
        if key in found:
            found[key] = tuple(dict.fromkeys(found[key]))
    return LegalClocks(**found, articles=tuple(articles.items()))


@dataclass(frozen=True)
class PipelineParams:
    """Everything the simulation of one era needs.

    Attributes:
        era: The era's id (a row of ``eras.csv``), a label for results and plots.
        stages: The stages' assumptions, in order.
        events: The governor, budget and election events.
        central_stages: The stages where the central government reviews the proposal (what the
            app's "central review" control scales): the stages with role ``central``.
        duration_multiplier: Factor applied to every stage's median (1 = as assumed).
        max_returns: Most times one stage can send the proposal back.
        clocks: The law's time limits in this era (none by default).
    """

    era: str
    stages: tuple[StageAssumption, ...]
    events: EventParams = field(default_factory=EventParams)
    duration_multiplier: float = 1.0
    max_returns: int = 2
    central_stages: tuple[str, ...] = ()
    clocks: LegalClocks = field(default_factory=LegalClocks)

    def __post_init__(self) -> None:
        if not isinstance(self.era, str) or not self.era.strip():
            raise ValueError(
                both(
                    f"era harus nama era dari eras.csv, bukan {self.era!r}.",
                    f"era must be an era id from eras.csv, not {self.era!r}.",
                )
            )
        object.__setattr__(self, "stages", tuple(self.stages))
        if not self.stages:
            raise ValueError(both("stages kosong.", "stages is empty."))
        ids = [s.stage_id for s in self.stages]
        if len(set(ids)) != len(ids):
            raise ValueError(both(f"stage_id ganda di {ids}.", f"duplicate stage_id in {ids}."))
        _check_non_negative("duration_multiplier", self.duration_multiplier, "")
        _check_whole("max_returns", self.max_returns)
        c = self.clocks
        named = [
            *c.deemed_stages,
            *c.fallback_stages,
            *([c.loi_stage, c.loi_carrier] * bool(c.loi_stage)),
        ]
        unknown = [n for n in named if n not in ids]
        if unknown:
            raise ValueError(
                both(
                    f"batas waktu hukum menyebut tahap yang tidak ada di era {self.era}: {unknown}.",
                    f"the legal clocks name stages era {self.era} does not have: {unknown}.",
                )
            )
        if c.loi_stage and ids.index(c.loi_carrier) <= ids.index(c.loi_stage):
            raise ValueError(
                both(
                    f"loi_carrier ({c.loi_carrier}) harus sesudah loi_stage ({c.loi_stage}).",
                    f"loi_carrier ({c.loi_carrier}) must come after loi_stage ({c.loi_stage}).",
                )
            )

    @property
    def stage_ids(self) -> tuple[str, ...]:
        """The stage ids, in order."""
        return tuple(s.stage_id for s in self.stages)

    def stage(self, stage_id: str) -> StageAssumption:
        """The assumption of stage ``stage_id``; a bilingual KeyError if the era lacks it."""
        for s in self.stages:
            if s.stage_id == stage_id:
                return s
        raise KeyError(
            both(
                f"era {self.era} tidak punya tahap {stage_id!r}.",
                f"era {self.era} has no stage {stage_id!r}.",
            )
        )

    def with_stage(self, stage_id: str, **changes) -> PipelineParams:
        """A copy with one stage's assumptions changed (e.g. ``median_months=6``)."""
        self.stage(stage_id)
        stages = tuple(replace(s, **changes) if s.stage_id == stage_id else s for s in self.stages)
        return replace(self, stages=stages)

    def with_events(self, **changes) -> PipelineParams:
        """A copy with some event parameters changed (e.g. ``p_governor_drop=0``)."""
        return replace(self, events=replace(self.events, **changes))


def params_from_frame(
    assumptions: pd.DataFrame,
    regime: Regime,
    events: EventParams | None = None,
    clocks: LegalClocks | None = None,
) -> PipelineParams:
    """Build the parameters of ``regime``'s era from the rows of a ``pipeline_assumptions`` frame.

    The frame must hold exactly the era's stages (those of ``stages.csv``); they are put in the
    era's order. The stages that need money (``needs_budget``), that lapse at a DPRD election
    (role ``dprd``) and that the centre reviews (role ``central``), and the month the budget year
    starts, come from the data; ``events`` gives the rest (its defaults if None); ``clocks`` are
    the era's legal time limits (:func:`clocks_from_frame`; None: none).

    Raises:
        ValueError: for a missing or unknown stage, or an invalid value; the message names it, in
            Indonesian and English.
    """
    era = regime.era
    rows = assumptions[assumptions["era"].astype(str) == era]
    expected = regime.stage_ids
    found = [str(s) for s in rows["stage_id"]]
    missing = [s for s in expected if s not in found]
    unknown = [s for s in found if s not in expected]
    if missing or unknown:
        raise ValueError(
            both(
                f"asumsi era {era}: tahap kurang {missing}, tahap tak dikenal {unknown}. "
                f"Tahap era ini: {', '.join(expected)}.",
                f"assumptions for era {era}: missing stages {missing}, unknown stages {unknown}. "
                f"This era's stages are: {', '.join(expected)}.",
            )
        )
    by_id = {str(r.stage_id): r for r in rows.itertuples(index=False)}
    stages = tuple(
        StageAssumption(
            stage_id=s,
            median_months=float(by_id[s].median_months),
            spread=float(by_id[s].spread),
            p_return=float(by_id[s].p_return),
            p_drop=float(by_id[s].p_drop),
        )
        for s in expected
    )
    events = replace(
        events or EventParams(),
        budget_stages=tuple(s for s in expected if by_id[s].needs_budget == "yes"),
        election_stages=tuple(s.stage_id for s in regime.stages_with_role("dprd")),
        fiscal_year_start_month=regime.info.fiscal_year_start_month,
    )
    central = tuple(s.stage_id for s in regime.stages_with_role("central"))
    return PipelineParams(
        era=era,
        stages=stages,
        events=events,
        central_stages=central,
        clocks=clocks or LegalClocks(),
    )


def adjust(
    params: PipelineParams,
    *,
    duration: float = 1.0,
    dprd_median: float | None = None,
    central: float = 1.0,
    drop: float = 1.0,
    governor_drop: float | None = None,
) -> PipelineParams:
    """A copy with the app's controls applied: what a student changes with the sliders.

    Args:
        params: The era's assumptions.
        duration: Factor on every stage's median.
        dprd_median: Median months of DPRD approval (the stages that lapse at an election,
            before ``duration``); None keeps it.
        central: Factor on the medians of the central-review stages (``params.central_stages``).
        drop: Factor on every stage's ``p_drop`` (capped at 1).
        governor_drop: Chance a new governor drops the proposal; None keeps it.
    """
    _check_non_negative("central", central, "")
    _check_non_negative("drop", drop, "")
    stages = []
    for s in params.stages:
        median = s.median_months
        if s.stage_id in params.events.election_stages and dprd_median is not None:
            median = dprd_median
        if s.stage_id in params.central_stages:
            median *= central
        stages.append(replace(s, median_months=median, p_drop=min(1.0, s.p_drop * drop)))
    events = params.events
    if governor_drop is not None:
        events = replace(events, p_governor_drop=governor_drop)
    return replace(params, stages=tuple(stages), events=events, duration_multiplier=duration)


@dataclass(frozen=True)
class PipelineResult:
    """What happened to each of N simulated proposals.

    Attributes:
        params: The parameters simulated.
        total_months: Months until signing, or until the proposal was dropped.
        outcome: ``SIGNED`` (0), ``REJECTED`` (1, dropped at a stage) or ``GOVERNOR_DROPPED`` (2).
        stop_stage: Index of the stage where a dropped proposal ended; -1 if signed.
        stage_months: Months spent in each stage (waits and restarts included), shape (N, stages).
        budget_wait_months: Months spent waiting for next January's budget.
        election_lost_months: Months lost because a DPRD election made an approval start again.
        deemed_approved: Whether the DPRD's approval was deemed given at its limit (rule 7).
        direct_route: Whether the region went to the Minister directly after the governor's
            limit (rule 8).
        new_lois: How many new LoIs the proposal signed after one lapsed (rule 9).
        loi_lost_months: Months spent redoing stages for a new LoI (rule 9).
        outcome ``LOI_LAPSED`` (3) marks a proposal that ended because its LoI lapsed.
    """

    params: PipelineParams
    total_months: np.ndarray
    outcome: np.ndarray
    stop_stage: np.ndarray
    stage_months: np.ndarray
    budget_wait_months: np.ndarray
    election_lost_months: np.ndarray
    deemed_approved: np.ndarray | None = None
    direct_route: np.ndarray | None = None
    new_lois: np.ndarray | None = None
    loi_lost_months: np.ndarray | None = None

    def __post_init__(self) -> None:
        n = self.total_months.size
        for name, dtype in (
            ("deemed_approved", bool),
            ("direct_route", bool),
            ("new_lois", np.int8),
            ("loi_lost_months", float),
        ):
            if getattr(self, name) is None:
                object.__setattr__(self, name, np.zeros(n, dtype=dtype))

    @property
    def n(self) -> int:
        """Number of proposals simulated."""
        return int(self.total_months.size)

    @property
    def signed(self) -> np.ndarray:
        """Whether each proposal was signed."""
        return self.outcome == SIGNED

    @property
    def months_to_signing(self) -> np.ndarray:
        """Months to signing of the proposals that were signed."""
        return self.total_months[self.signed]

    @property
    def reached_deemed_stage(self) -> np.ndarray:
        """Whether each proposal's request reached a stage with the deemed-approval clock."""
        return self._reached(self.params.clocks.deemed_stages)

    @property
    def loi_lapsed(self) -> np.ndarray:
        """Whether each proposal's LoI lapsed at least once (ended, or renewed by a new LoI)."""
        return (self.outcome == LOI_LAPSED) | (self.new_lois > 0)

    def _reached(self, stage_ids: tuple[str, ...]) -> np.ndarray:
        """Whether each proposal started the first of ``stage_ids`` (False if there is none)."""
        if not stage_ids:
            return np.zeros(self.n, dtype=bool)
        first = min(self.params.stage_ids.index(s) for s in stage_ids)
        stopped_before = (self.stop_stage >= 0) & (self.stop_stage < first)
        lapsed_there = (self.stop_stage == first) & (self.outcome == LOI_LAPSED)
        return ~stopped_before & ~lapsed_there


def _next_event(after: np.ndarray, phase: np.ndarray, period: float) -> np.ndarray:
    """First time strictly after ``after`` of events at ``phase + k * period`` (k >= 0)."""
    k = np.floor((after - phase) / period) + 1.0
    return phase + np.maximum(k, 0.0) * period


def _work(
    rng: np.random.Generator, m: int, median: float, stage: StageAssumption, max_returns: int
) -> np.ndarray:
    """Work time of ``m`` proposals at one stage: first attempt plus any repeats after returns."""
    work = _lognormal(rng, m, median, stage.spread)
    again = _coin_positions(rng, m, stage.p_return) if max_returns > 0 else np.empty(0, np.intp)
    for repeat in range(max_returns):
        if again.size == 0:
            break
        work[again] += _lognormal(rng, again.size, median, stage.spread)
        if repeat + 1 < max_returns:
            again = again[rng.random(again.size, dtype=np.float32) < stage.p_return]
    return work


def _capped(work: np.ndarray, cap: float) -> np.ndarray:
    """Which of ``work`` run past ``cap``; ``work`` is cut at ``cap`` in place (rules 7-8)."""
    over = work > cap
    np.minimum(work, np.float32(cap), out=work)
    return over


def _first_drop_after(rng: np.random.Generator, stages, j: int, m: int) -> np.ndarray:
    """For ``m`` proposals, the first stage after ``j`` whose rejection coin says drop (k = none)."""
    survive = np.cumprod([1.0 - s.p_drop for s in stages[j + 1 :]])
    return (j + 1 + np.searchsorted(1.0 - survive, rng.random(m), side="right")).astype(np.int16)


def _coin_positions(rng: np.random.Generator, m: int, p: float) -> np.ndarray:
    """Positions among ``m`` independent coins with chance ``p`` that come up heads, ascending.

    The gaps between heads are geometric, so for a small ``p`` drawing about ``p * m`` gaps is
    cheaper than tossing ``m`` coins.
    """
    if p <= 0.0 or m == 0:
        return np.empty(0, dtype=np.intp)
    if p >= 0.1:  # frequent heads: tossing every coin is cheaper
        return np.flatnonzero(rng.random(m, dtype=np.float32) < p)
    scale = 1.0 / math.log1p(-p)
    positions = []
    last = -1
    while last < m - 1:
        # Enough gaps to pass the end almost always; the loop tops up in the rare other case.
        size = int(p * (m - last) + 6.0 * math.sqrt(p * (m - last)) + 16)
        gaps = np.floor(np.log1p(-rng.random(size)) * scale).astype(np.intp) + 1
        more = last + np.cumsum(gaps)
        positions.append(more)
        last = int(more[-1])
    heads = np.concatenate(positions)
    return heads[: np.searchsorted(heads, m)]


def _lognormal(rng: np.random.Generator, m: int, median: float, spread: float) -> np.ndarray:
    """``m`` log-normal draws with the given median and log-sigma, in single precision."""
    draws = rng.standard_normal(m, dtype=np.float32)
    draws *= np.float32(spread)
    np.exp(draws, out=draws)
    draws *= np.float32(median)
    return draws


def _rng(seed: int | np.random.Generator | None, rng: np.random.Generator | None):
    """The generator to use: ``rng`` if given, else one seeded with ``seed``."""
    if rng is not None and seed is not None:
        raise ValueError(both("beri seed atau rng, bukan keduanya.", "give seed or rng, not both."))
    if rng is not None:
        return rng
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(seed)


def _check_n(n: int) -> int:
    """Return ``n`` if it is a whole number >= 1, else raise a bilingual ValueError."""
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise ValueError(
            both(
                f"n (jumlah usulan) harus bilangan bulat 1 atau lebih, bukan {n!r}.",
                f"n (number of proposals) must be a whole number of 1 or more, not {n!r}.",
            )
        )
    return int(n)


def simulate(
    params: PipelineParams,
    n: int = 10_000,
    seed: int | np.random.Generator | None = None,
    *,
    rng: np.random.Generator | None = None,
) -> PipelineResult:
    """Simulate ``n`` proposals through the era's pipeline at once (vectorised over proposals).

    Args:
        params: The era's assumptions.
        n: Number of proposals.
        seed: Seed (or Generator) for reproducible results.
        rng: A numpy Generator to draw from instead of ``seed``.

    Returns:
        One entry per proposal; the same seed gives the same result. Times are computed in single
        precision (ample for months), ``total_months`` is returned in double precision.
    """
    n = _check_n(n)
    gen = _rng(seed, rng)
    ev = params.events
    clocks = params.clocks
    k = len(params.stages)
    ids = params.stage_ids
    f32 = np.float32

    # Every proposal goes through every stage's arithmetic; a proposal that has stopped just no
    # longer counts. Removing stopped proposals from the arrays costs more than it saves.
    calendar = gen.random(n, dtype=f32) * f32(12.0)  # month of the year at start, 0 = 1 January
    fiscal = f32(ev.fiscal_year_start_month - 1)
    election_phase = gen.random(n, dtype=f32) * f32(ev.dprd_term_months)
    # Each term end brings an independent chance of a dropping governor, and a drop does not
    # change anything before it, so the moment of the dropping term end can be drawn up front:
    # the first term end is uniform in (0, term], the dropping one is the G-th (G geometric).
    term = ev.governor_term_months
    p_governor = 0.0 if clocks.governor_cannot_stop else ev.p_governor_drop
    governor_drop_at = (1.0 - gen.random(n)) * term
    if p_governor >= 1.0:
        pass
    elif p_governor > 0.0:
        dropping_term = np.floor(np.log1p(-gen.random(n)) / math.log1p(-p_governor))
        governor_drop_at += dropping_term * term
    else:
        governor_drop_at[:] = np.inf
    governor_drop_at = governor_drop_at.astype(f32)
    # Likewise each stage's rejection is an independent coin: draw the first stage whose coin
    # says "drop" (k = never) with one draw per proposal.
    survive = np.cumprod([1.0 - s.p_drop for s in params.stages])
    reject_at = np.searchsorted(1.0 - survive, gen.random(n), side="right").astype(np.int16)

    stage_months = np.empty((k, n), dtype=f32)  # stage-major: a stage fills one row
    clock = np.zeros(n, dtype=f32)
    budget_wait = np.zeros(n, dtype=f32)
    election_lost = np.zeros(n, dtype=f32)
    total = np.zeros(n)
    outcome = np.zeros(n, dtype=np.int8)
    stop_stage = np.full(n, -1, dtype=np.int16)
    pending = np.ones(n, dtype=bool)
    deemed = np.zeros(n, dtype=bool)
    direct = np.zeros(n, dtype=bool)
    new_lois = np.zeros(n, dtype=np.int8)
    loi_lost = np.zeros(n, dtype=f32)
    loi_signed_at = np.zeros(n, dtype=f32)
    loi_index = ids.index(clocks.loi_stage) if clocks.loi_stage else -1
    carrier_index = ids.index(clocks.loi_carrier) if clocks.loi_carrier else -1

    for j, stage in enumerate(params.stages):
        median = stage.median_months * params.duration_multiplier
        row = stage_months[j]
        row[:] = _work(gen, n, median, stage, params.max_returns)
        capped = False
        deemed_here = None
        if stage.stage_id in clocks.deemed_stages:  # rule 7
            deemed_here = _capped(row, clocks.deemed_months)
            deemed_here &= pending
            redraw = np.flatnonzero(deemed_here & (reject_at == j))
            if redraw.size:
                reject_at[redraw] = _first_drop_after(gen, params.stages, j, redraw.size)
            capped = True
        wait = f32(0.0)
        if stage.stage_id in ev.budget_stages:
            # Months from now to the next start of a budget year (``fiscal`` months after January).
            now = calendar + clock - fiscal
            wait = (np.floor(now / f32(12.0)) + f32(1.0)) * f32(12.0) - now
            wait *= gen.random(n, dtype=f32) >= ev.p_budget_planned  # planned money: no wait
            np.add(budget_wait, wait, out=budget_wait, where=pending)
            row += wait
        if stage.stage_id in clocks.fallback_stages:  # rule 8: the governor's hold, capped
            hold = _lognormal(gen, n, ev.governor_hold_months, ev.governor_hold_spread)
            direct |= _capped(hold, clocks.fallback_months) & pending
            row += hold
            wait = wait + hold
        lapse_end = None
        if j == carrier_index:  # rule 9
            ready = clock + wait
            late = np.flatnonzero(
                pending & (ready - loi_signed_at > f32(clocks.loi_validity_months))
            )
            extra = np.zeros(late.size, dtype=f32)
            ended = np.zeros(late.size, dtype=bool)
            active = np.arange(late.size)
            for attempt in range(ev.max_new_lois + 1):
                if active.size == 0:
                    break
                renew = gen.random(active.size) < ev.p_new_loi
                if attempt == ev.max_new_lois:
                    renew[:] = False
                ended[active[~renew]] = True
                active = active[renew]
                new_lois[late[active]] += 1
                between = np.zeros(active.size, dtype=f32)
                for m in range(loi_index, j):
                    redo = params.stages[m]
                    time = _work(
                        gen,
                        active.size,
                        redo.median_months * params.duration_multiplier,
                        redo,
                        params.max_returns,
                    )
                    extra[active] += time
                    if m > loi_index:
                        between += time
                active = active[between > f32(clocks.loi_validity_months)]
            loi_lost[late] = extra
            row[late] += extra
            wait = np.full(n, wait, dtype=f32) if np.ndim(wait) == 0 else wait.copy()
            wait[late] += extra
            lapse_end = np.full(n, np.inf, dtype=f32)
            lapse_end[late[ended]] = clock[late[ended]] + wait[late[ended]]
        if stage.stage_id in ev.election_stages and not capped:
            start = clock + wait
            work = row - wait
            hit = None
            for _ in range(ev.max_election_restarts):
                if hit is None:  # first round: every pending proposal, without gathering
                    election = _next_event(start, election_phase, ev.dprd_term_months)
                    hit = np.flatnonzero((election < start + work) & pending)
                    election = election[hit]
                else:
                    election = _next_event(start[hit], election_phase[hit], ev.dprd_term_months)
                    inside = election < start[hit] + work[hit]
                    hit, election = hit[inside], election[inside]
                if hit.size == 0:
                    break
                restart = election + f32(ev.dprd_settling_months)
                election_lost[hit] += restart - start[hit]
                start[hit] = restart
                work[hit] = _work(gen, hit.size, median, stage, params.max_returns)
            row[:] = start - clock + work
        end = clock + row
        if lapse_end is not None:
            np.minimum(end, lapse_end, out=end)
            row[:] = end - clock

        # Who stops here: a dropping governor first, then a lapsed LoI, then a rejection. With no
        # governor drop (the clocks' era) or no lapse at this stage, those masks are skipped.
        rejected = reject_at == j
        rejected &= pending
        stopping = rejected
        by_governor = None
        if p_governor > 0.0:
            by_governor = governor_drop_at <= end
            by_governor &= pending
            rejected &= ~by_governor
            stopping = rejected | by_governor
        lapsed = None
        if lapse_end is not None:
            lapsed = np.isfinite(lapse_end)
            lapsed &= pending
            if by_governor is not None:
                lapsed &= ~by_governor
            rejected &= ~lapsed
            stopping = stopping | lapsed
        if deemed_here is not None:
            if by_governor is not None:
                deemed_here &= ~by_governor
            if lapsed is not None:
                deemed_here &= ~lapsed
            deemed |= deemed_here
        stops = np.flatnonzero(stopping)
        if j:
            row *= pending  # stages after a proposal stopped take no time
        if stops.size:
            governor_stop = (
                by_governor[stops] if by_governor is not None else np.zeros(stops.size, bool)
            )
            lapsed_stop = lapsed[stops] if lapsed is not None else np.zeros(stops.size, bool)
            stop_time = np.where(governor_stop, governor_drop_at[stops], end[stops])
            row[stops] = stop_time - clock[stops]
            total[stops] = stop_time
            stop_stage[stops] = j
            outcome[stops] = np.where(
                governor_stop, GOVERNOR_DROPPED, np.where(lapsed_stop, LOI_LAPSED, REJECTED)
            )
            pending[stops] = False
        clock = end
        if j == loi_index:
            loi_signed_at = clock.copy()
    total[pending] = clock[pending]
    return PipelineResult(
        params=params,
        total_months=total,
        outcome=outcome,
        stop_stage=stop_stage,
        stage_months=stage_months.T,
        budget_wait_months=budget_wait,
        election_lost_months=election_lost,
        deemed_approved=deemed,
        direct_route=direct,
        new_lois=new_lois,
        loi_lost_months=loi_lost.astype(float),
    )


def signed_within(result: PipelineResult, months: float) -> float:
    """Share of all simulated proposals signed within ``months`` months of their first stage."""
    return float(np.mean(result.signed & (result.total_months <= months)))


def bottlenecks(result: PipelineResult) -> pd.Series:
    """Share of all the months proposals spent in each stage (sums to 1): the bottlenecks."""
    per_stage = result.stage_months.sum(axis=0)
    whole = per_stage.sum()
    shares = per_stage / whole if whole > 0 else np.zeros_like(per_stage)
    return pd.Series(shares, index=list(result.params.stage_ids), name="share_of_time")


def dropped_at(result: PipelineResult) -> pd.Series:
    """Share of all proposals that ended (rejected or dropped by a governor) at each stage."""
    counts = np.bincount(
        result.stop_stage[result.stop_stage >= 0], minlength=len(result.params.stages)
    )
    return pd.Series(counts / result.n, index=list(result.params.stage_ids), name="share_dropped")


@dataclass(frozen=True)
class PipelineSummary:
    """The numbers a lesson shows about one simulation.

    Attributes:
        era: The era simulated.
        n: Number of proposals.
        share_signed: Share of proposals signed.
        share_rejected: Share dropped at the end of a stage.
        share_governor_dropped: Share dropped by a new governor.
        median_months: Median months to signing (signed proposals); NaN if none was signed.
        mean_months: Mean months to signing (signed proposals).
        quantiles: Months to signing at the 10th, 25th, 50th, 75th and 90th percentiles.
        share_over_years: Share of signed proposals taking more than 2, 3 and 5 years.
        bottlenecks: Share of the time spent in each stage.
        dropped_at: Share of all proposals ending at each stage.
        mean_budget_wait_months: Mean months a proposal waited for next year's budget.
        mean_election_lost_months: Mean months a proposal lost to DPRD elections.
        share_loi_lapsed: Share of proposals that ended because their LoI lapsed (rule 9).
        share_new_loi: Share of proposals that signed a new LoI after one lapsed.
        share_deemed_approved: Share of the proposals that reached the DPRD whose approval was
            deemed given at the limit (rule 7); NaN when none reached it or the era has no clock.
        share_direct_route: Share of all proposals that went to the Minister directly (rule 8).
        clocks: The era's legal clocks.
    """

    era: str
    n: int
    share_signed: float
    share_rejected: float
    share_governor_dropped: float
    median_months: float
    mean_months: float
    quantiles: dict[float, float]
    share_over_years: dict[int, float]
    bottlenecks: pd.Series
    dropped_at: pd.Series
    mean_budget_wait_months: float
    mean_election_lost_months: float
    share_loi_lapsed: float = 0.0
    share_new_loi: float = 0.0
    share_deemed_approved: float = math.nan
    share_direct_route: float = 0.0
    clocks: LegalClocks = field(default_factory=LegalClocks)

    @property
    def main_bottleneck(self) -> str:
        """The stage where proposals spend the most time."""
        return str(self.bottlenecks.idxmax())

    def to_dict(self) -> dict:
        """The summary as plain JSON-ready types."""
        return {
            "era": self.era,
            "n": self.n,
            "share_signed": self.share_signed,
            "share_rejected": self.share_rejected,
            "share_governor_dropped": self.share_governor_dropped,
            "median_months": _none_if_nan(self.median_months),
            "mean_months": _none_if_nan(self.mean_months),
            "quantiles_months": {
                f"q{round(q * 100):02d}": _none_if_nan(v) for q, v in self.quantiles.items()
            },
            "share_signed_over_years": {
                f"over_{y}_years": v for y, v in self.share_over_years.items()
            },
            "bottlenecks": {k: float(v) for k, v in self.bottlenecks.items()},
            "dropped_at": {k: float(v) for k, v in self.dropped_at.items()},
            "main_bottleneck": self.main_bottleneck,
            "mean_budget_wait_months": self.mean_budget_wait_months,
            "mean_election_lost_months": self.mean_election_lost_months,
            "share_loi_lapsed": self.share_loi_lapsed,
            "share_new_loi": self.share_new_loi,
            "share_deemed_approved": _none_if_nan(self.share_deemed_approved),
            "share_direct_route": self.share_direct_route,
            "legal_clocks": {
                "dprd_deemed_approval_months": _none_if_inf(self.clocks.deemed_months),
                "governor_forwarding_months": _none_if_inf(self.clocks.fallback_months),
                "governor_can_stop": not self.clocks.governor_cannot_stop,
                "loi_validity_months": _none_if_inf(self.clocks.loi_validity_months),
                "articles": dict(self.clocks.articles),
            },
        }


def _none_if_nan(value: float) -> float | None:
    """``None`` for NaN (JSON has no NaN), else the value as a float."""
    return None if math.isnan(value) else float(value)


def _none_if_inf(value: float) -> float | None:
    """``None`` for an absent limit (infinite), else the value as a float."""
    return None if math.isinf(value) else float(value)


def summarize(result: PipelineResult) -> PipelineSummary:
    """Median and spread of the time to signing, success share and bottlenecks of a result."""
    signed_months = result.months_to_signing
    if signed_months.size:
        qs = np.quantile(signed_months, QUANTILES)
        quantiles = {q: float(v) for q, v in zip(QUANTILES, qs, strict=True)}
        mean = float(signed_months.mean())
        over = {y: float(np.mean(signed_months > 12 * y)) for y in (2, 3, 5)}
    else:
        quantiles = {q: math.nan for q in QUANTILES}
        mean = math.nan
        over = {y: math.nan for y in (2, 3, 5)}
    return PipelineSummary(
        era=result.params.era,
        n=result.n,
        share_signed=float(np.mean(result.outcome == SIGNED)),
        share_rejected=float(np.mean(result.outcome == REJECTED)),
        share_governor_dropped=float(np.mean(result.outcome == GOVERNOR_DROPPED)),
        median_months=quantiles[0.5],
        mean_months=mean,
        quantiles=quantiles,
        share_over_years=over,
        bottlenecks=bottlenecks(result),
        dropped_at=dropped_at(result),
        mean_budget_wait_months=float(result.budget_wait_months.mean()),
        mean_election_lost_months=float(result.election_lost_months.mean()),
        share_loi_lapsed=float(np.mean(result.outcome == LOI_LAPSED)),
        share_new_loi=float(np.mean(result.new_lois > 0)),
        share_deemed_approved=_share_of(result.deemed_approved, result.reached_deemed_stage),
        share_direct_route=float(np.mean(result.direct_route)),
        clocks=result.params.clocks,
    )


def _share_of(flags: np.ndarray, among: np.ndarray) -> float:
    """Share of ``flags`` among the entries where ``among`` holds; NaN when there are none."""
    return float(flags[among].mean()) if among.any() else math.nan


def simulate_eras(
    params_by_era: Mapping[str, PipelineParams],
    n: int = 10_000,
    seed: int | None = None,
) -> dict[str, PipelineResult]:
    """Simulate several eras with independent, reproducible random streams from one seed."""
    streams = np.random.SeedSequence(seed).spawn(len(params_by_era))
    return {
        era: simulate(params, n, rng=np.random.default_rng(stream))
        for (era, params), stream in zip(params_by_era.items(), streams, strict=True)
    }


def compare_eras(results: Mapping[str, PipelineResult]) -> pd.DataFrame:
    """One row per era: median and quantiles of months to signing, share signed, main bottleneck."""
    rows = []
    for era, result in results.items():
        s = summarize(result)
        rows.append(
            {
                "era": era,
                "stages": len(result.params.stages),
                "share_signed": s.share_signed,
                "median_months": s.median_months,
                "q10_months": s.quantiles[0.1],
                "q90_months": s.quantiles[0.9],
                "share_over_3_years": s.share_over_years[3],
                "share_deemed_approved": s.share_deemed_approved,
                "share_loi_lapsed": s.share_loi_lapsed,
                "main_bottleneck": s.main_bottleneck,
            }
        )
    return pd.DataFrame(rows).set_index("era")


def _number(value: float, lang: str, digits: int = 1) -> str:
    """A number as the language writes it (decimal comma in Indonesian)."""
    if isinstance(value, float) and math.isnan(value):
        return "–"
    text = f"{value:,.{digits}f}"
    if lang == "id":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def _percent(value: float, lang: str) -> str:
    """A share as a percentage with one decimal."""
    return _number(100 * value, lang) + "%"


def assumption_note(lang: str) -> str:
    """The sentence every output carries: the durations are assumptions a lecturer may change."""
    return pick(
        lang,
        id="Catatan: lama dan peluang tiap tahap adalah ASUMSI PENGAJARAN; dosen boleh mengubahnya "
        "(data/pipeline_assumptions.csv). Hanya batas waktu yang ditetapkan teks hukum "
        "(data/legal_clocks.csv) yang bukan asumsi; verifikasi Mendagri, rapat antarkementerian "
        "dan pembahasan Kemlu tidak punya batas waktu.",
        en="Note: each stage's duration and chances are TEACHING ASSUMPTIONS; a lecturer may change "
        "them (data/pipeline_assumptions.csv). Only the time limits the legal texts set "
        "(data/legal_clocks.csv) are not assumptions; the Minister's verification, the "
        "inter-ministerial meeting and Kemlu's negotiation have no time limit.",
    )


def clock_lines(
    summary: PipelineSummary, lang: str, labels: Mapping[str, str] | None = None
) -> list[str]:
    """What the law's clocks did in a simulation, as short lines in ``lang`` (stage names from ``labels``)."""
    c = summary.clocks
    labels = labels or {}
    if not c.any:
        return [
            pick(
                lang,
                id="Batas waktu hukum: era ini belum mengenal batas waktu Permendagri 25/2020 "
                "(berlaku sejak 22 Mei 2020); tidak ada yang dimodelkan.",
                en="Legal time limits: this era predates those of Permendagri 25/2020 (in force "
                "from 22 May 2020); none is modelled.",
            )
        ]
    lines = [pick(lang, id="Batas waktu hukum:", en="Legal time limits:")]
    art = dict(c.articles)
    if c.deemed_stages:
        days = _number(c.deemed_months * DAYS_PER_MONTH / CALENDAR_DAYS_PER_WORKING_DAY, lang, 0)
        lines.append(
            pick(
                lang,
                id=f"  DPRD dianggap menyetujui setelah {days} hari kerja "
                f"(≈ {_number(c.deemed_months, lang, 2)} bulan; {art.get('deemed_approval', '')}): "
                f"{_percent(summary.share_deemed_approved, lang)} dari usulan yang sampai ke DPRD.",
                en=f"  DPRD approval deemed given after {days} working days "
                f"(≈ {_number(c.deemed_months, lang, 2)} months; {art.get('deemed_approval', '')}): "
                f"{_percent(summary.share_deemed_approved, lang)} of the proposals that reached "
                "the DPRD.",
            )
        )
    if c.loi_stage:
        carrier = labels.get(c.loi_carrier, c.loi_carrier)
        lines.append(
            pick(
                lang,
                id=f"  LoI kedaluwarsa ({_number(c.loi_validity_months / 12, lang, 0)} tahun, "
                f"{art.get('lapse', '')}) sebelum tahap '{carrier}' dimulai (bacaan mata kuliah "
                f"ini): {_percent(summary.share_loi_lapsed, lang)} usulan berakhir karenanya; "
                f"{_percent(summary.share_new_loi, lang)} menandatangani LoI baru.",
                en=f"  LoI lapsed ({_number(c.loi_validity_months / 12, lang, 0)} year, "
                f"{art.get('lapse', '')}) before '{carrier}' began (this course's reading): "
                f"{_percent(summary.share_loi_lapsed, lang)} of proposals ended so; "
                f"{_percent(summary.share_new_loi, lang)} signed a new LoI.",
            )
        )
    if c.governor_cannot_stop:
        days = _number(c.fallback_months * DAYS_PER_MONTH / CALENDAR_DAYS_PER_WORKING_DAY, lang, 0)
        if c.fallback_stages:
            route_id = f"jalur langsung ke Mendagri: {_percent(summary.share_direct_route, lang)}."
            route_en = (
                f"direct route to the Minister: {_percent(summary.share_direct_route, lang)}."
            )
        else:
            route_id = "penerusan oleh gubernur bukan tahap tersendiri dalam data era ini."
            route_en = "the governor's forwarding is not a stage of its own in this era's data."
        lines.append(
            pick(
                lang,
                id=f"  Gubernur dapat menunda paling lama {days} hari kerja tetapi tidak dapat "
                f"menghentikan usulan ({art.get('direct_route', '')}); {route_id}",
                en=f"  The governor can delay by at most {days} working days but cannot stop a "
                f"proposal ({art.get('direct_route', '')}); {route_en}",
            )
        )
    return lines


def summary_lines(
    summary: PipelineSummary, lang: str, labels: Mapping[str, str] | None = None
) -> list[str]:
    """The summary as short lines of text in ``lang`` (for the command line and the app)."""
    labels = labels or {}
    q = summary.quantiles
    lines = [
        pick(
            lang,
            id=f"Era {summary.era}: {_number(summary.n, lang, 0)} usulan disimulasikan.",
            en=f"Era {summary.era}: {_number(summary.n, lang, 0)} proposals simulated.",
        ),
        pick(
            lang,
            id=f"Ditandatangani: {_percent(summary.share_signed, lang)}; ditolak di suatu tahap: "
            f"{_percent(summary.share_rejected, lang)}; dibatalkan gubernur baru: "
            f"{_percent(summary.share_governor_dropped, lang)}; berakhir karena LoI kedaluwarsa: "
            f"{_percent(summary.share_loi_lapsed, lang)}.",
            en=f"Signed: {_percent(summary.share_signed, lang)}; dropped at a stage: "
            f"{_percent(summary.share_rejected, lang)}; dropped by a new governor: "
            f"{_percent(summary.share_governor_dropped, lang)}; ended by a lapsed LoI: "
            f"{_percent(summary.share_loi_lapsed, lang)}.",
        ),
        pick(
            lang,
            id=f"Waktu sampai penandatanganan (bulan): median {_number(q[0.5], lang)}; "
            f"10% tercepat ≤ {_number(q[0.1], lang)}; 10% terlambat ≥ {_number(q[0.9], lang)}.",
            en=f"Months to signing: median {_number(q[0.5], lang)}; fastest 10% ≤ "
            f"{_number(q[0.1], lang)}; slowest 10% ≥ {_number(q[0.9], lang)}.",
        ),
        pick(
            lang,
            id=f"Lebih dari 3 tahun: {_percent(summary.share_over_years[3], lang)} dari yang "
            f"ditandatangani. Rata-rata menunggu APBD tahun depan: "
            f"{_number(summary.mean_budget_wait_months, lang)} bulan; hilang karena pemilu DPRD: "
            f"{_number(summary.mean_election_lost_months, lang)} bulan.",
            en=f"Over 3 years: {_percent(summary.share_over_years[3], lang)} of those signed. "
            f"Mean wait for next year's budget (APBD): "
            f"{_number(summary.mean_budget_wait_months, lang)} months; lost to DPRD elections: "
            f"{_number(summary.mean_election_lost_months, lang)} months.",
        ),
        pick(
            lang,
            id="Porsi waktu per tahap (hambatan):",
            en="Share of time per stage (bottlenecks):",
        ),
    ]
    width = max(len(labels.get(s, s)) for s in summary.bottlenecks.index)
    for stage_id, share in summary.bottlenecks.sort_values(ascending=False).items():
        lines.append(f"  {labels.get(stage_id, stage_id):<{width}}  {_percent(share, lang):>6}")
    lines += clock_lines(summary, lang, labels)
    lines.append(assumption_note(lang))
    return lines


# --- Observed durations beside the model ---------------------------------------------------------

_DAYS_PER_MONTH = DAYS_PER_MONTH


def parse_partial_date(text) -> pd.Timestamp | None:
    """``YYYY-MM-DD`` or ``YYYY-MM`` (read as the 15th) as a Timestamp; None for an empty cell."""
    if text is None or (isinstance(text, float) and math.isnan(text)) or not str(text).strip():
        return None
    value = str(text).strip()
    if len(value) == 7:
        value += "-15"
    try:
        return pd.Timestamp(value)
    except ValueError:
        raise ValueError(
            both(
                f"Tanggal {text!r} tidak terbaca. Tulis YYYY-MM-DD atau YYYY-MM.",
                f"The date {text!r} cannot be read. Write YYYY-MM-DD or YYYY-MM.",
            )
        ) from None


def observed_months(observed: pd.DataFrame) -> pd.DataFrame:
    """Months from the first step to the agreement (or to ``censored_at``) of each observed path.

    Args:
        observed: Rows of ``observed_durations.csv`` (``pair``, ``first_date``,
            ``agreement_date``, ``censored_at``).

    Returns:
        ``pair``, ``year`` (of the first step), ``months`` and ``censored`` (True when no
        agreement is known: ``months`` then runs to ``censored_at``).
    """
    rows = []
    for row in observed.itertuples(index=False):
        start = parse_partial_date(row.first_date)
        end = parse_partial_date(row.agreement_date)
        censored = end is None
        if censored:
            end = parse_partial_date(row.censored_at)
        if start is None or end is None:
            raise ValueError(
                both(
                    f"{row.pair}: isi first_date dan agreement_date atau censored_at.",
                    f"{row.pair}: fill in first_date and agreement_date or censored_at.",
                )
            )
        rows.append(
            {
                "pair": row.pair,
                "year": start.year,
                "months": (end - start).days / _DAYS_PER_MONTH,
                "censored": censored,
            }
        )
    return pd.DataFrame(rows, columns=["pair", "year", "months", "censored"])


def months_after_stage(result: PipelineResult, stage_id: str) -> tuple[np.ndarray, np.ndarray]:
    """Months from the end of stage ``stage_id`` to signing, for the proposals that got past it.

    Returns:
        The months (NaN for a proposal dropped later, which is never signed) and whether each
        of those proposals was signed.
    """
    index = result.params.stage_ids.index(result.params.stage(stage_id).stage_id)
    past = (result.stop_stage > index) | result.signed
    after = result.stage_months[past, index + 1 :].sum(axis=1)
    signed = result.signed[past]
    return np.where(signed, after, np.nan), signed


def compare_with_observed(
    result: PipelineResult, observed: pd.DataFrame, after_stage: str
) -> pd.DataFrame:
    """Set observed first-step-to-agreement times beside the model's time from ``after_stage`` to signing.

    Args:
        result: A simulation of one era (:func:`simulate`).
        observed: :func:`observed_months` of the observed paths to compare.
        after_stage: The era's stage whose end matches the observed first step (its LoI).

    Returns:
        One row per observed path: its ``months`` and ``censored``; ``model_signed_within``, the
        model's share of proposals past ``after_stage`` that are signed within that many months;
        ``model_percentile``, where the observed time lies among the model's signed proposals
        (0–1); ``model_p10`` and ``model_p90``, the model's 10–90 % band; and ``in_band``,
        whether a completed path lies inside it (for an open path: whether the model leaves a
        fair chance, at least 10 %, of still being unsigned by then).
    """
    months, signed = months_after_stage(result, after_stage)
    signed_months = np.sort(months[signed])
    if signed_months.size == 0:
        raise ValueError(
            both(
                "Tidak ada usulan simulasi yang ditandatangani; perbesar n atau periksa asumsi.",
                "No simulated proposal was signed; raise n or check the assumptions.",
            )
        )
    p10, p90 = np.quantile(signed_months, [0.1, 0.9])
    rows = []
    for row in observed.itertuples(index=False):
        within = float(np.sum(signed_months <= row.months)) / months.size
        percentile = float(np.searchsorted(signed_months, row.months, side="right")) / (
            signed_months.size
        )
        in_band = (1.0 - within) >= 0.1 if row.censored else bool(p10 <= row.months <= p90)
        rows.append(
            {
                "pair": row.pair,
                "months": row.months,
                "censored": row.censored,
                "model_signed_within": within,
                "model_percentile": percentile,
                "model_p10": float(p10),
                "model_p90": float(p90),
                "in_band": in_band,
            }
        )
    return pd.DataFrame(rows)


def observed_band_lines(table: pd.DataFrame, lang: str) -> list[str]:
    """What :func:`compare_with_observed` found, said plainly in ``lang``: how many paths miss the band.

    ``table`` has the columns of ``compare_observed`` (``pair``, ``months``, ``censored``,
    ``model_p10``, ``model_p90``, ``in_band``, and ``model_era`` when several eras are compared).
    """
    done = table[~table["censored"].astype(bool)]
    outside = done[~done["in_band"].astype(bool)]
    lines = [
        pick(
            lang,
            id=f"Dari {len(done)} jalur yang selesai, {len(outside)} jatuh di luar pita 10–90 % "
            "model.",
            en=f"Of {len(done)} completed paths, {len(outside)} "
            f"{'falls' if len(outside) == 1 else 'fall'} outside the model's 10–90 % band.",
        )
    ]
    for row in outside.itertuples(index=False):
        era = getattr(row, "model_era", "")
        where_id = f" (model era {era})" if era else ""
        where_en = f" ({era} model)" if era else ""
        band = f"{_number(row.model_p10, lang)}–{_number(row.model_p90, lang)}"
        lines.append(
            pick(
                lang,
                id=f"  {row.pair}: {_number(row.months, lang)} bulan; pita {band} bulan{where_id}.",
                en=f"  {row.pair}: {_number(row.months, lang)} months; band {band} months{where_en}.",
            )
        )
    lines.append(
        pick(
            lang,
            id="n sangat kecil dan kasusnya bukan sampel. Bila asumsi dikalibrasi dengan jalur yang "
            "sama (lihat catatan di data/pipeline_assumptions.csv), perbandingan ini bukan lagi uji "
            "yang independen.",
            en="n is very small and the cases are not a sample. Where the assumptions were "
            "calibrated on these same paths (see the notes in data/pipeline_assumptions.csv), this "
            "comparison is no longer an independent check.",
        )
    )
    return lines
