"""The course's feedback page: bilingual labels, and answers awaiting manual grading marked as such.

:class:`MarkPending` runs after nbgrader's ``GetGrades`` and marks every grade cell whose grade
still needs manual grading, so the template (``templates/sistercity_feedback``) says "awaits the
lecturer's grading" instead of "Score: 0.0 / 3.0". :class:`DropFlags` removes the grader's flags
from the notebook before it becomes the student's page: flags are for the lecturer only
(``lecturer_page``).
"""

from __future__ import annotations

from pathlib import Path

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool

from sistercity.grading.pending import PENDING_KEY

#: The folder holding the course's nbconvert templates.
TEMPLATES = Path(__file__).with_name("templates")
#: The template of the feedback page.
TEMPLATE_NAME = "sistercity_feedback"


class MarkPending(Preprocessor):
    """Mark the grade cells whose grade still needs manual grading (read from the gradebook)."""

    enabled = Bool(True).tag(config=True)

    def preprocess(self, nb, resources):
        """Set the pending flag on waiting cells and the count of them in ``resources``."""
        from nbgrader.api import MissingEntry

        from sistercity.grading.gradebook import open_gradebook_url

        info = resources["nbgrader"]
        count = 0
        with open_gradebook_url(info["db_url"]) as gb:
            for cell in nb.cells:
                meta = cell.get("metadata", {}).get("nbgrader", {})
                if not meta.get("grade") or not meta.get("grade_id"):
                    continue
                try:
                    grade = gb.find_grade(
                        meta["grade_id"], info["notebook"], info["assignment"], info["student"]
                    )
                except MissingEntry:
                    continue
                if grade.needs_manual_grade:
                    meta[PENDING_KEY] = True
                    count += 1
        info[PENDING_KEY] = count
        return nb, resources


class DropFlags(Preprocessor):
    """Remove the flags the grader's verdict step stored in the notebook (they are the lecturer's)."""

    enabled = Bool(True).tag(config=True)

    def preprocess(self, nb, resources):
        """Drop ``metadata.sistercity.flags`` so no template can show it to the student."""
        nb.metadata.get("sistercity", {}).pop("flags", None)
        return nb, resources


def configure(config) -> None:
    """Make nbgrader's ``GenerateFeedback`` in ``config`` write the course's feedback page."""
    import nbgrader

    from sistercity.grading import settings

    steps = list(settings.FEEDBACK_PREPROCESSORS)
    steps.insert(steps.index("nbgrader.preprocessors.GetGrades") + 1, f"{__name__}.MarkPending")
    steps.insert(0, f"{__name__}.DropFlags")
    config.GenerateFeedback.preprocessors = steps
    nbgrader_templates = Path(nbgrader.__file__).parent / "server_extensions/formgrader/templates"
    config.HTMLExporter.template_name = TEMPLATE_NAME
    # Not index.html.j2: the page extends nbgrader's, which has that name.
    config.HTMLExporter.template_file = "page.html.j2"
    config.HTMLExporter.extra_template_basedirs = [str(TEMPLATES), str(nbgrader_templates)]


def generate_one(api, coursedir, assignment: str, student: str) -> dict:
    """Run nbgrader's ``generate_feedback`` for one student, with the course's page.

    ``NbGraderAPI.generate_feedback`` forces nbgrader's own template; this runs the same
    converter with the template :func:`configure` chose.
    """
    from nbgrader.converters import GenerateFeedback
    from nbgrader.utils import capture_log, temp_attrs

    with temp_attrs(coursedir, assignment_id=assignment, student_id=student):
        app = GenerateFeedback(coursedir=coursedir, parent=api)
        app.force = True
        return capture_log(app)
