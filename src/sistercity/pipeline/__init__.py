"""The Monte Carlo of the approval pipeline: how long forming a sister city takes, and why.

``import sistercity.pipeline`` loads the model only (no plotting, no widgets). The two helpers
here read the course's datasets through :mod:`sistercity.data`, so the model stays free of files.
"""

from __future__ import annotations

from sistercity.pipeline.model import (
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


def __getattr__(name: str):
    """``ERAS``: the ids of every era in ``data/eras.csv``, oldest first (read when first asked)."""
    if name == "ERAS":
        from sistercity.regimes import era_ids

        return era_ids()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def default_params(era: str | None = None, assumptions=None, events: EventParams | None = None):
    """The parameters of ``era`` (None: the current era) from ``data/pipeline_assumptions.csv``.

    ``assumptions`` replaces that file's rows with a lecturer's own frame of the same columns.
    """
    from sistercity.regimes import get_regime

    if assumptions is None:
        from sistercity.data import load

        assumptions = load("pipeline_assumptions")
    return params_from_frame(assumptions, get_regime(era), events)


def era_stage_ids(era: str | None = None) -> tuple[str, ...]:
    """The era's stage ids in order, as ``data/stages.csv`` gives them (via the regimes)."""
    from sistercity.regimes import get_regime

    return tuple(get_regime(era).stage_ids)


def stage_labels(era: str | None = None, lang: str = "id") -> dict[str, str]:
    """Stage names in ``lang``, keyed by stage id, from the era's regime (``data/stages.csv``)."""
    from sistercity.regimes import get_regime

    return {stage.stage_id: stage.name(lang) for stage in get_regime(era).stages}
