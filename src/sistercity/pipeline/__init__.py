"""The Monte Carlo of the approval pipeline: how long forming a sister city takes, and why.

``import sistercity.pipeline`` loads the model only (no plotting, no widgets). The two helpers
here read the course's datasets through :mod:`sistercity.data`, so the model stays free of files.
"""

from __future__ import annotations

from sistercity.pipeline.model import (
    CENTRAL_STAGES,
    ERA_STAGES,
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
    "ERA_STAGES",
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
    return params_from_frame(assumptions, era, events)


def stage_labels(era: str, lang: str = "id") -> dict[str, str]:
    """Stage names in ``lang`` from ``data/stages.csv``; the stage id where a name is missing."""
    from sistercity.i18n import check_lang

    check_lang(lang)
    labels = {s: s.replace("_", " ") for s in ERA_STAGES.get(era, ())}
    try:
        from sistercity.data import load

        stages = load("stages")
    except (OSError, ValueError, KeyError):
        # stages.csv is optional here: the model needs only the ids, which are fixed.
        return labels
    column = f"name_{lang}"
    if column in stages.columns:
        for row in stages[stages["era"].astype(str) == era].itertuples(index=False):
            name = getattr(row, column)
            if isinstance(name, str) and name.strip() and row.stage_id in labels:
                labels[row.stage_id] = name.strip()
    return labels
