"""The Monte Carlo of the approval pipeline: how long forming a sister city takes, and why.

``import sistercity.pipeline`` loads the model only (no plotting, no widgets). The two helpers
here read the course's datasets through :mod:`sistercity.data`, so the model stays free of files.
"""

from __future__ import annotations

from sistercity.pipeline.model import (
    GOVERNOR_DROPPED,
    LOI_LAPSED,
    REJECTED,
    SIGNED,
    EventParams,
    LegalClocks,
    PipelineParams,
    PipelineResult,
    PipelineSummary,
    StageAssumption,
    adjust,
    assumption_note,
    bottlenecks,
    clock_lines,
    clocks_from_frame,
    compare_eras,
    compare_with_observed,
    dropped_at,
    months_after_stage,
    observed_band_lines,
    observed_months,
    params_from_frame,
    signed_within,
    simulate,
    simulate_eras,
    summarize,
    summary_lines,
    working_days_to_months,
)

__all__ = [
    "ERAS",
    "era_stage_ids",
    "GOVERNOR_DROPPED",
    "LOI_LAPSED",
    "REJECTED",
    "SIGNED",
    "EventParams",
    "LegalClocks",
    "PipelineParams",
    "PipelineResult",
    "PipelineSummary",
    "StageAssumption",
    "adjust",
    "assumption_note",
    "bottlenecks",
    "calendar_after_signing",
    "clock_lines",
    "clocks_from_frame",
    "compare_eras",
    "compare_observed",
    "compare_with_observed",
    "default_params",
    "legal_clocks",
    "dropped_at",
    "letter_of_intent_stage",
    "months_after_stage",
    "observed_band_lines",
    "observed_durations",
    "observed_months",
    "params_from_frame",
    "signed_within",
    "simulate",
    "simulate_eras",
    "stage_labels",
    "summarize",
    "summary_lines",
    "working_days_to_months",
]


def __getattr__(name: str):
    """``ERAS``: the ids of every era in ``data/eras.csv``, oldest first (read when first asked)."""
    if name == "ERAS":
        from sistercity.regimes import era_ids

        return era_ids()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def default_params(era: str | None = None, assumptions=None, events: EventParams | None = None):
    """The parameters of ``era`` (None: the current era) from ``data/pipeline_assumptions.csv``.

    ``assumptions`` replaces that file's rows with a lecturer's own frame of the same columns. The
    era's legal time limits come from ``data/legal_clocks.csv`` (:func:`legal_clocks`).
    """
    from sistercity.regimes import get_regime

    if assumptions is None:
        from sistercity.data import load

        assumptions = load("pipeline_assumptions")
    return params_from_frame(assumptions, get_regime(era), events, legal_clocks(era))


def calendar_after_signing(signed, level: str = "kabupaten_kota", term_years: int | None = None):
    """The deadlines Permendagri 25/2020 sets after an agreement signed on ``signed`` (a date).

    Reads ``data/legal_clocks.csv``; see :func:`sistercity.pipeline.after_signing.calendar_after_signing`.
    """
    from sistercity.data import load
    from sistercity.pipeline.after_signing import calendar_after_signing as build

    return build(load("legal_clocks"), signed, level, term_years)


def legal_clocks(era: str | None = None) -> LegalClocks:
    """The Monte Carlo's legal time limits in ``era`` (None: the current era), from the data.

    A limit applies from the era in force when its instrument took effect (``legal_clocks.csv``,
    column ``in_force_from``); earlier eras have none.
    """
    from sistercity.data import load
    from sistercity.regimes import eras, get_regime

    return clocks_from_frame(load("legal_clocks"), get_regime(era), eras())


def era_stage_ids(era: str | None = None) -> tuple[str, ...]:
    """The era's stage ids in order, as ``data/stages.csv`` gives them (via the regimes)."""
    from sistercity.regimes import get_regime

    return tuple(get_regime(era).stage_ids)


def stage_labels(era: str | None = None, lang: str = "id") -> dict[str, str]:
    """Stage names in ``lang``, keyed by stage id, from the era's regime (``data/stages.csv``)."""
    from sistercity.regimes import get_regime

    return {stage.stage_id: stage.name(lang) for stage in get_regime(era).stages}


def letter_of_intent_stage(era: str | None = None) -> str:
    """The era's stage whose end matches an observed LoI: the stage that signs it, else the first.

    An era with no LoI stage of its own (the oldest: its first stage, planning, often ended in an
    LoI in practice) is matched at the end of its first stage; that match is an assumption.
    """
    from sistercity.regimes import get_regime

    regime = get_regime(era)
    signing = regime.stages_deciding("sign_letter_of_intent")
    return (signing[0] if signing else regime.stages[0]).stage_id


def observed_durations():
    """``data/observed_durations.csv`` with each path's months, and the era its first step fell in.

    Columns: those of :func:`observed_months` plus ``era`` (empty for a year before the first era).
    """
    from sistercity.data import load
    from sistercity.procedure import era_for_year
    from sistercity.regimes import eras

    frame = observed_months(load("observed_durations"))
    frame["era"] = [getattr(era_for_year(eras(), int(y)), "era", "") for y in frame["year"]]
    return frame


def compare_observed(n: int = 20_000, seed: int = 0):
    """Each observed path beside the default model of its era, from the LoI to the signing.

    A path that began before the first modelled era is compared with the first era's model, and
    its ``era`` column stays empty to say so. Columns: ``pair``, ``era``, ``model_era``, then those
    of :func:`sistercity.pipeline.model.compare_with_observed`.
    """
    import pandas as pd

    from sistercity.regimes import era_ids

    observed = observed_durations()
    observed["model_era"] = observed["era"].where(observed["era"] != "", era_ids()[0])
    parts = []
    for era, rows in observed.groupby("model_era", sort=False):
        result = simulate(default_params(era), n=n, seed=seed)
        table = compare_with_observed(result, rows, letter_of_intent_stage(era))
        table.insert(1, "era", list(rows["era"]))
        table.insert(2, "model_era", era)
        parts.append(table)
    order = list(observed["pair"])
    table = pd.concat(parts, ignore_index=True)
    return table.set_index("pair").loc[order].reset_index()
