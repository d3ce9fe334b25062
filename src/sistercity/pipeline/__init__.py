"""The Monte Carlo of the approval pipeline: how long forming a sister city takes, and why.

``import sistercity.pipeline`` loads the model only (no plotting, no widgets). The two helpers
here read the course's datasets through :mod:`sistercity.data`, so the model stays free of files.
"""

from __future__ import annotations

from sistercity.pipeline.model import (
    CENTRAL_STAGES,
    ERAS,
    GOVERNOR_DROPPED,
    REJECTED,
    SIGNED,
    EventParams,
    PipelineParams,
    PipelineResult,
    PipelineSummary,
    StageAssumption,
    adjust,
    assumption_note,
    bottlenecks,
    compare_eras,
    dropped_at,
    params_from_frame,
    simulate,
    simulate_eras,
    summarize,
    summary_lines,
)

__all__ = [
    "CENTRAL_STAGES",
    "ERAS",
    "era_stage_ids",
    "GOVERNOR_DROPPED",
    "REJECTED",
    "SIGNED",
    "EventParams",
    "PipelineParams",
    "PipelineResult",
    "PipelineSummary",
    "StageAssumption",
    "adjust",
    "assumption_note",
    "bottlenecks",
    "compare_eras",
    "default_params",
    "dropped_at",
    "params_from_frame",
    "simulate",
    "simulate_eras",
    "stage_labels",
    "summarize",
    "summary_lines",
]


def default_params(era: str = "2020", assumptions=None, events: EventParams | None = None):
    """The era's parameters from ``data/pipeline_assumptions.csv`` (or the ``assumptions`` frame)."""
    if assumptions is None:
        from sistercity.data import load

        assumptions = load("pipeline_assumptions")
    return params_from_frame(assumptions, era, era_stage_ids(era), events)


def era_stage_ids(era: str) -> tuple[str, ...]:
    """The era's stage ids in order, as ``data/stages.csv`` gives them (via the regimes)."""
    from sistercity.regimes import get_regime

    return tuple(get_regime(era).stage_ids)


def stage_labels(era: str, lang: str = "id") -> dict[str, str]:
    """Stage names in ``lang``, keyed by stage id, from the era's regime (``data/stages.csv``)."""
    from sistercity.regimes import get_regime

    return {stage.stage_id: stage.name(lang) for stage in get_regime(era).stages}
