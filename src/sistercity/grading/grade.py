"""Grade a whole class from an LMS download: collect, stage, autograde in parallel, merge, report.

How a run protects the course (threat model in the lecturer guide / report):

* Submitted files are read, never written: the original bytes are copied to
  ``course/submitted/<student>/<assignment>/`` with a ``timestamp.txt`` (``collect.py``).
* Every student is graded in a private staging folder in a fresh temporary directory, so a
  kernel's working directory holds only that student's notebook (and the assignment's data
  files); relative paths such as ``../../gradebook.db`` reach nothing of the course.
* Each student is graded against a private copy of the gradebook in another randomly named
  temporary folder. Only if that copy passes ``PRAGMA integrity_check`` and its rows of
  everyone else are unchanged are the student's rows merged into the run's gradebook copy;
  otherwise the student is reported as "could not be graded: TAMPERING" (``gradebook.py``).
* At the end the run's copy must pass ``PRAGMA integrity_check`` and every row of every
  student outside this run must be unchanged; only then is it copied over the course gradebook
  (with SQLite's backup API). If the course gradebook itself changed during the run (a kernel
  that knew its absolute path, or the formgrader), that version is kept beside it as
  ``gradebook.db.changed-<time>`` and reported.
* Kernels run under memory, CPU, file-size and wall-clock limits (``kernels/sandbox.py``), in
  worker processes started and fed by ``pool.py``.

All of this runs with the lecturer's own user rights: it stops accidents and naive cheating,
not a determined attacker (who could read other files of the lecturer). Use a separate
operating-system user or a container for that.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path

from sistercity.grading import collect, gradebook, lms, pool, precheck, settings
from sistercity.grading.protocol import Answer, RunSpec
from sistercity.grading.report import Outcome, Progress, collect_results, save_status
from sistercity.grading.status import course_info, load_status


def _temporary_folder(stack: contextlib.ExitStack, prefix: str) -> Path:
    """A fresh temporary folder, removed when ``stack`` closes."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    stack.callback(shutil.rmtree, folder, ignore_errors=True)
    return folder


def _check_source(source: Path | str) -> None:
    """Raise a bilingual UserError when the download does not exist."""
    if not Path(source).exists():
        from sistercity.errors import UserError
        from sistercity.i18n import both

        raise UserError(
            both(
                f"{source} tidak ada: beri folder atau berkas zip unduhan LMS di --from",
                f"{source} does not exist: give the folder or zip file of the LMS download to --from",
            )
        )


def grade(
    assignment: str,
    source: Path | str,
    course: Path | str,
    jobs: int | None = None,
    wall_seconds: int = settings.SUBMISSION_WALL_SECONDS,
    memory_mb: int = settings.KERNEL_MEMORY_MB,
    cpu_seconds: int = settings.KERNEL_CPU_SECONDS,
    cell_timeout: int | None = None,
    progress_stream=None,
    sandbox: bool = True,
    roster: dict[str, dict] | None = None,
) -> Outcome:
    """Import, check and autograde every submission of ``assignment`` found in ``source``.

    ``roster`` (``export.read_roster``) gives students' ID numbers (NIM), recorded in the
    gradebook so that a case drawn from the NIM (``sistercity.cases``) is checked against them.
    """
    from sistercity.grading import history, names, which

    started = time.monotonic()
    course = Path(course).resolve()
    _check_source(source)
    names.check(course, assignment)
    with contextlib.ExitStack() as stack:
        staging = _temporary_folder(stack, "sistercity-grade-")
        # The gradebook copies live apart from the folders the kernels run in.
        hidden = _temporary_folder(stack, "sistercity-gb-")

        # Workers start now, so they import nbgrader while the download is checked.
        scanned = collect.scan_early(source)
        count = len({cand.student_id for cand in scanned[0]}) if scanned else 0
        workers = pool.start_workers(min(jobs or os.cpu_count() or 1, count))
        stack.callback(pool.drop_workers, workers)

        # 1. Collect: the gradebook knows the assignment; each student's file is chosen.
        db_path, course_id = course_info(course)
        if gradebook.ensure_in_gradebook(course, assignment, db_path, course_id):
            print(
                f"{assignment}: ditambahkan ke gradebook / added to the gradebook",
                file=progress_stream or sys.stderr,
            )
        expected = precheck.load_expected(db_path, course_id, assignment)
        expected.other_locked = which.other_masters(course, assignment)
        candidates, unmatched = scanned or lms.scan(source)
        chosen, superseded = collect.choose(candidates, expected)
        absent = collect.absent_rows(unmatched, chosen)

        # 2. Stage: gradebook copies, the course's copy of each file, each kernel's folder.
        staging_db = hidden / f"{secrets.token_hex(8)}.sqlite"
        pristine = hidden / f"{secrets.token_hex(8)}.sqlite"
        before_sha = gradebook.sha(db_path)
        gradebook.copy_db(db_path, staging_db)
        gradebook.copy_db(db_path, pristine)
        run_keys = {(assignment, student) for student in chosen}
        run_keys |= {("student", student) for student in chosen}
        others_before = gradebook.snapshot(staging_db, run_keys)
        previous = load_status(course, assignment)
        rows, roots = collect.stage(course, assignment, chosen, expected, staging, previous)
        gradebook.note_case_ids(
            course, assignment, pristine, roster or {}, sorted(roots), progress_stream, course_id
        )

        # 3. Pool: the workers grade every staged student against a private gradebook copy.
        from sistercity.grading.kernels.sandbox import encode_limits

        limits = {"wall": wall_seconds, "cpu": cpu_seconds, "memory": memory_mb}
        spec = RunSpec(
            course=str(course),
            assignment=assignment,
            pristine=str(pristine),
            roots=roots,
            limits=encode_limits(memory_mb, cpu_seconds, wall_seconds),
            cell_timeout=cell_timeout,
            sandbox=sandbox and bool(roots) and pool.sandbox_ready(progress_stream),
            hide=[str(staging), str(hidden)],
        )
        spec_path = hidden / "spec.json"
        spec_path.write_text(spec.to_json(), encoding="utf-8")
        to_grade = sorted(roots)
        jobs = max(1, min(jobs or os.cpu_count() or 1, len(to_grade) or 1))
        pool.drop_workers(workers[jobs:])
        del workers[jobs:]
        answers: dict[str, Answer] = {}
        if to_grade:
            progress = Progress(len(to_grade), progress_stream)
            answers = pool.run(spec_path, to_grade, jobs, wall_seconds, progress, workers)
        pool.drop_workers(workers)

        # 4. Merge: the checked results of each student into the run's gradebook copy.
        _merge(answers, rows, staging_db, assignment)

        # 5. Install: the run's copy over the course gradebook, if nothing else changed.
        notes = gradebook.install(staging_db, db_path, others_before, run_keys, before_sha)

        # 6. Report: rows from the installed gradebook, merged with earlier runs, saved.
        foreign = {s: v.other for s, (_c, v) in chosen.items() if v.other}
        notes += which.wrong_download_note(assignment, foreign, len(chosen))
        collect_results(
            course, assignment, expected.notebook, rows, roots, answers, limits, db_path, course_id
        )
        rows.update({s: row for s, row in absent.items() if s not in rows})
        # The merge with earlier runs replaces rows (a result kept): before the outcome lists them.
        merged = history.merge(previous, rows, history.submissions(db_path, course_id, assignment))
        outcome = Outcome(
            rows=[rows[s] for s in sorted(rows)],
            superseded=superseded,
            unmatched=unmatched,
            seconds=time.monotonic() - started,
            gradebook_notes=notes,
            merge=merged,
        )
        save_status(course, assignment, outcome)
        return outcome


def _merge(answers: dict[str, Answer], rows: dict, staging_db: Path, assignment: str) -> None:
    """Write every checked student's results and name into the run's gradebook copy.

    Each worker checked and read its students' private copies; a student whose copy was
    tampered with gets a failed answer instead.
    """
    with gradebook.open_gradebook(staging_db, settings.COURSE_ID) as target:
        for student in sorted(answers):
            answer = answers[student]
            if not answer.success:
                continue
            if answer.problem or answer.results is None:
                answers[student] = Answer(student, success=False, error=answer.problem)
                continue
            gradebook.merge_student(answer.results, target, assignment, student)
            if rows[student].name:
                target.update_or_create_student(
                    student, first_name=rows[student].name, last_name=""
                )
