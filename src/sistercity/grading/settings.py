"""The nbgrader settings the course uses, in one place, applied by ``course/nbgrader_config.py``.

They follow what was measured on this stack (see ``docs/stack.md``): restore deleted grade
cells, a short explicit execution timeout, hidden tests kept out of feedback, and stubs that tell
the student what to do in both languages.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import subprocess

#: Environment variable naming the exchange folder (set on JupyterHub; see deploy/).
EXCHANGE_ENV = "SISTERCITY_EXCHANGE"

COURSE_ID = "sistercity"

#: Seconds a single cell may run while grading before it is interrupted.
CELL_TIMEOUT_SECONDS = 30

CODE_STUB = (
    "# ISI JAWABAN ANDA DI SINI / WRITE YOUR ANSWER HERE\n"
    "# Ganti baris di bawah dengan jawaban Anda. / Replace the line below with your answer.\n"
    "raise NotImplementedError()"
)
TEXT_STUB = "TULIS JAWABAN ANDA DI SINI / WRITE YOUR ANSWER HERE"

#: Wall-clock seconds one submission's kernel may live while ``sistercity grade`` grades it.
SUBMISSION_WALL_SECONDS = 300
#: Address space (MB) a grading kernel may use; numpy + pandas + matplotlib need about 1.2 GB.
KERNEL_MEMORY_MB = 3072
#: CPU seconds a grading kernel may use in total.
KERNEL_CPU_SECONDS = 240

#: The exporter ``nbgrader export`` uses unless told otherwise (``--exporter``).
CSV_EXPORTER = "sistercity.grading.plugins.CsvExportPlugin"

#: Feedback preprocessors: hidden tests leave both the cell source (ClearHiddenTests) and the
#: traceback context in the outputs (ScrubHiddenTests, which must run first).
FEEDBACK_PREPROCESSORS = [
    "nbgrader.preprocessors.GetGrades",
    "sistercity.grading.preprocessors.ScrubHiddenTests",
    "nbgrader.preprocessors.ClearHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]


def configure(c, course_root: Path | str, exchange_root: Path | str | None = None) -> None:
    """Apply the course's nbgrader settings to the traitlets config ``c``.

    Args:
        c: The config object nbgrader passes to ``nbgrader_config.py``.
        course_root: The folder holding ``source/`` (the nbgrader course root).
        exchange_root: Where the exchange lives; default ``$SISTERCITY_EXCHANGE`` when set.
    """
    from sistercity.course import layout

    parts = layout(course_root)
    c.CourseDirectory.course_id = COURSE_ID
    c.CourseDirectory.root = str(parts.root)
    c.CourseDirectory.source_directory = parts.source.name
    # Student and instructor versions are committed at the top of the repository.
    c.CourseDirectory.release_directory = str(parts.release)
    c.CourseDirectory.solution_directory = str(parts.solutions)
    c.CourseDirectory.db_url = f"sqlite:///{parts.gradebook}"
    # Text twins or notes next to a master notebook would be copied to students: never copy them.
    c.CourseDirectory.ignore = [
        ".ipynb_checkpoints",
        "*.pyc",
        "__pycache__",
        "feedback",
        "*.md",
        VERDICT_KEYS,
    ]
    c.ClearSolutions.code_stub = {"python": CODE_STUB}
    c.ClearSolutions.text_stub = TEXT_STUB
    # A student who deleted a grade cell gets it back instead of "needs manual grading" forever.
    c.OverwriteCells.add_missing_cells = True
    # The hidden tests' keys are read by the grader, next to the masters (never by a kernel).
    c.JudgeAnswers.source_dir = str(parts.source)
    c.Execute.timeout = CELL_TIMEOUT_SECONDS
    c.Execute.interrupt_on_timeout = True
    # Every grading kernel knows whom it grades before student code runs (per-student cases).
    c.Autograde.autograde_preprocessors = autograde_preprocessors(IDENTIFIED_EXECUTE)
    # Hidden tests must not reach students through their feedback.
    c.GenerateFeedback.preprocessors = list(FEEDBACK_PREPROCESSORS)
    # On one machine every process runs as the same user: ownership says nothing about the student.
    c.CollectApp.check_owner = False
    # Plain ``nbgrader export`` writes the course's CSV (every student, with a status).
    c.ExportApp.plugin_class = CSV_EXPORTER
    exchange_root = exchange_root or os.environ.get(EXCHANGE_ENV)
    if exchange_root:
        c.Exchange.root = str(exchange_root)


def configure_grading(c, staging_db_url: str, cell_timeout: int | None = None) -> None:
    """Settings ``sistercity grade`` adds for its sandboxed run: staging gradebook, limited kernels.

    Args:
        c: A traitlets config already holding the course's settings.
        staging_db_url: The gradebook copy the run writes to (see ``sistercity.grading.grade``).
        cell_timeout: Seconds per cell, when the lecturer overrides ``CELL_TIMEOUT_SECONDS``.
    """
    c.CourseDirectory.db_url = staging_db_url
    if cell_timeout:
        c.Execute.timeout = int(cell_timeout)
    c.Autograde.autograde_preprocessors = autograde_preprocessors(LIMITED_EXECUTE)


#: The file of an assignment's hidden-test keys (``sistercity.grading.verdicts``).
VERDICT_KEYS = "verdicts.json"
#: The grader-side step that judges the answers hidden tests hand over.
JUDGE_ANSWERS = "sistercity.grading.verdicts.JudgeAnswers"

#: nbgrader's ``Execute`` that seals the graded student's identity in the kernel (every autograde).
IDENTIFIED_EXECUTE = "sistercity.grading.kernels.execute.IdentifiedExecute"
#: The same with limits and the sandbox: what ``sistercity grade`` runs in place of ``Execute``.
LIMITED_EXECUTE = "sistercity.grading.kernels.execute.LimitedExecute"


def autograde_preprocessors(execute: str = LIMITED_EXECUTE) -> list:
    """The autograde preprocessors of nbgrader with ``Execute`` swapped for ``execute`` and the verdicts.

    The grader's verdict step (:data:`JUDGE_ANSWERS`) runs after the outputs are final
    (``LimitOutput``) and before ``SaveAutoGrades`` turns them into scores.
    """
    from nbgrader.converters.autograde import Autograde
    from nbgrader.preprocessors import Execute, SaveAutoGrades

    default = Autograde.class_traits()["autograde_preprocessors"].default()
    swapped = [execute if pp is Execute else pp for pp in default]
    if execute not in swapped or SaveAutoGrades not in swapped:
        raise RuntimeError("nbgrader's autograde preprocessors no longer include Execute")
    at = swapped.index(SaveAutoGrades)
    return [*swapped[:at], JUDGE_ANSWERS, *swapped[at:]]


def scripts_environment(env: dict[str, str] | None = None) -> dict[str, str]:
    """A copy of ``env`` (default: this process's) with this Python's scripts folder first on PATH.

    nbgrader runs the ``alembic`` script by name to set up a gradebook; a lecturer who calls
    ``.venv/bin/sistercity`` without activating the environment must not get "alembic not found".
    """
    env = dict(os.environ if env is None else env)
    scripts = str(Path(sys.executable).parent)
    if env.get("PATH", "").split(os.pathsep)[0] != scripts:
        env["PATH"] = scripts + os.pathsep + env.get("PATH", "")
    return env


def run_nbgrader(args: list[str], course_root: Path | str) -> subprocess.CompletedProcess:
    """Run ``python -m nbgrader <args>`` from the course root; raise with its log if it fails."""
    import subprocess

    from sistercity.i18n import both

    env = scripts_environment()
    result = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=str(course_root),
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(
            both(
                f"nbgrader {args[0]} gagal (kode {result.returncode}); lihat log di bawah.",
                f"nbgrader {args[0]} failed (exit code {result.returncode}); see the log below.",
            )
            + "\n"
            + result.stderr[-12000:]
        )
    return result
