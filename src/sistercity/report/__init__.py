"""After grading: CPMK attainment per student and per class, item analysis, the course portfolio.

In a notebook::

    from sistercity.report import course_report, show
    report = course_report()          # the course of this repository, every graded assignment
    show(report)                      # the HTML report inline
    report.cpmk                       # students x CPMK attainment, a DataFrame
"""

from __future__ import annotations

from pathlib import Path

#: The lecturer's letter scale in the course folder (a copy of the default to edit).
SCALE_FILE = "grade_scale.csv"


def _read_csv(path: Path):
    import pandas as pd

    from sistercity.errors import UserError
    from sistercity.i18n import both

    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError, UnicodeDecodeError) as error:
        raise UserError(
            both(
                f"{path} tidak bisa dibaca ({error}); periksa berkas CSV itu.",
                f"{path} cannot be read ({error}); check that CSV file.",
            )
        ) from None


def read_text(path: Path) -> str:
    """A course document's text, or a bilingual error naming the file when it cannot be read."""
    from sistercity.errors import UserError
    from sistercity.i18n import both

    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(
            both(
                f"{path} tidak bisa dibaca ({error.__class__.__name__}); salin dari repositori Sister City Lab.",
                f"{path} cannot be read ({error.__class__.__name__}); copy it from the Sister City Lab repository.",
            )
        ) from None


def report_inputs(
    course: Path | str | None = None,
    scale: Path | str | None = None,
    roster: Path | str | None = None,
) -> dict:
    """The keyword arguments of :func:`~sistercity.report.model.build_report`, read from a course.

    ``course`` is the nbgrader course folder (default: as ``sistercity grade`` finds it),
    ``scale`` a letter-scale CSV (default: ``<course>/grade_scale.csv``, else the built-in
    default), ``roster`` a CSV of students (as ``sistercity export --roster`` takes).
    """
    from sistercity.course import layout
    from sistercity.grading.paths import resolve_course
    from sistercity.report import model
    from sistercity.report.gradebook import read_gradebook

    folder = layout(resolve_course(None if course is None else str(course)))
    roster_rows = None
    if roster:
        from sistercity.grading.export import read_roster

        roster_rows = read_roster(roster)
    scale_path = Path(scale) if scale else folder.root / SCALE_FILE
    scale_frame = _read_csv(scale_path) if (scale or scale_path.exists()) else None
    data = read_gradebook(folder.root, roster_rows)
    rps_path = folder.rps("id")
    outcomes = model.outcome_map(read_text(rps_path), where=str(rps_path))
    other = folder.rps("en")
    if other.exists():
        model.check_same_map(
            outcomes, model.outcome_map(read_text(other), where=str(other)), rps_path, other
        )
    return {
        "cells": data.cells,
        "statuses": data.statuses,
        "gradebook_cells": data.gradebook_cells,
        "questions": _read_csv(folder.questions),
        "assessment": _read_csv(folder.assessment),
        "outcomes": outcomes,
        "scale": scale_frame,
        "names": data.names,
        "case_items": data.case_items,
        "where": {
            "gradebook": str(data.path),
            "questions": str(folder.questions),
            "assessment": str(folder.assessment),
            "rps": str(rps_path),
            "scale": str(scale_path),
        },
    }


def course_report(
    course: Path | str | None = None,
    assignments: list[str] | None = None,
    threshold: float | None = None,
    scale: Path | str | None = None,
    roster: Path | str | None = None,
):
    """The :class:`~sistercity.report.model.Report` of a graded course, read from its files.

    The arguments are those of :func:`report_inputs`, plus the ``assignments`` to include
    (default: every graded one) and the attainment ``threshold`` in percent (default 60).
    """
    from sistercity.report import model

    return model.build_report(
        **report_inputs(course, scale, roster),
        threshold=model.DEFAULT_THRESHOLD if threshold is None else threshold,
        assignments=assignments,
    )


def show(report):
    """The report as HTML a notebook displays inline."""
    from IPython.display import HTML

    from sistercity.report.document import to_html

    return HTML(to_html(report))
