"""Choose each student's file from an LMS download and stage it: the course's copy and the kernel's.

Every student is graded in a private staging folder inside a fresh temporary directory, so a
kernel's working directory holds only that student's notebook and the assignment's data files
(never the master with its solutions, nor the hidden tests' keys); relative paths such as
``../../gradebook.db`` reach nothing of the course. The course keeps the student's original
bytes in ``submitted/<student>/<assignment>/`` with a ``timestamp.txt``.
"""

from __future__ import annotations

import secrets
import shutil
from datetime import datetime
from pathlib import Path

from sistercity.grading import lms, precheck, settings
from sistercity.grading.status import FAILED, NOT_SUBMITTED, SUPERSEDED, Row


def scan_early(source: Path | str) -> tuple | None:
    """The download's scan, or None if it failed (it is repeated in its turn, to report the problem)."""
    try:
        return lms.scan(source)
    except Exception:  # noqa: BLE001
        return None


def timestamp_text(stamp: datetime) -> str:
    """A submission time as nbgrader's ``timestamp.txt`` holds it."""
    return stamp.strftime("%Y-%m-%d %H:%M:%S.%f")


def choose(candidates, expected):
    """Per student: the newest candidate that is this assignment, and the superseded rest."""
    by_student: dict[str, list] = {}
    for cand in candidates:
        verdict = precheck.check(cand.data, expected)
        by_student.setdefault(cand.student_id, []).append((cand, verdict))
    chosen, superseded = {}, []
    for student, items in sorted(by_student.items()):
        items.sort(key=lambda item: (not item[1].error, item[0].timestamp, item[0].path))
        best = items[-1]
        chosen[student] = best
        for cand, _verdict in items[:-1]:
            superseded.append(
                Row(
                    student,
                    cand.full_name,
                    SUPERSEDED,
                    reason=f"lebih lama atau tak terpakai; yang dinilai {best[0].path} / "
                    f"older or unusable; graded {best[0].path} instead",
                    file=cand.path,
                    lms_id=cand.lms_id,
                )
            )
    return chosen, superseded


def absent_rows(unmatched, chosen) -> dict[str, Row]:
    """A row for each student the download names without a notebook (online text only, say)."""
    absent = {}
    for item in unmatched:
        if item.student_id and item.student_id not in chosen:
            absent.setdefault(
                item.student_id,
                Row(
                    item.student_id,
                    item.full_name,
                    NOT_SUBMITTED,
                    reason=item.reason,
                    file=item.path,
                ),
            )
    return absent


def ignore_notebooks(_folder, names):
    """The master (with its solutions) and the hidden tests' keys stay out of the kernel's reach."""
    hidden = (".ipynb_checkpoints", settings.VERDICT_KEYS)
    return [n for n in names if n.endswith(".ipynb") or n in hidden]


def stage(
    course: Path, assignment: str, chosen: dict, expected, staging: Path, previous: dict
) -> tuple[dict[str, Row], dict[str, str]]:
    """Store each chosen file in the course and stage the usable ones for grading.

    Returns a row per student (failed already when the file is unusable) and, for each student
    to grade, the staging course folder their kernel runs in. ``previous`` are the statuses of
    earlier runs: an unusable file does not replace a copy that was graded before.
    """
    from sistercity.grading import history

    rows: dict[str, Row] = {}
    roots: dict[str, str] = {}
    src_dir = course / "source" / assignment
    for student, (cand, verdict) in chosen.items():
        row = Row(student, cand.full_name, "", notes=list(verdict.notes), file=cand.path)
        row.lms_id = cand.lms_id
        rows[student] = row
        # The course's own copy: the student's bytes, untouched (unless it is another assignment,
        # or unusable while an earlier graded copy is kept).
        if not (verdict.other or (verdict.error and history.graded_before(previous, student))):
            dest = course / "submitted" / student / assignment
            dest.mkdir(parents=True, exist_ok=True)
            (dest / f"{expected.notebook}.ipynb").write_bytes(cand.data)
            (dest / "timestamp.txt").write_text(timestamp_text(cand.timestamp), encoding="utf-8")
        if verdict.error:
            row.status, row.reason = FAILED, verdict.error
            continue
        root = staging / f"c-{secrets.token_hex(6)}"
        sub = root / "submitted" / student / assignment
        sub.mkdir(parents=True)
        (sub / f"{expected.notebook}.ipynb").write_bytes(precheck.repair(cand.data, expected))
        (sub / "timestamp.txt").write_text(timestamp_text(cand.timestamp), encoding="utf-8")
        if src_dir.is_dir():
            # Data files the notebook reads, never the master notebook with its solutions.
            shutil.copytree(src_dir, root / "source" / assignment, ignore=ignore_notebooks)
        else:
            (root / "source" / assignment).mkdir(parents=True)
        roots[student] = str(root)
    return rows, roots
