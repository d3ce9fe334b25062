"""What a grading run reports: the outcome, why a student could not be graded, progress, the table.

A new failure reason or status touches this module (and ``status.py``) only; it reads the
course gradebook through :mod:`sistercity.grading.gradebook` and knows nothing of workers.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sistercity.grading import gradebook, lms
from sistercity.grading.protocol import Answer
from sistercity.grading.status import (
    FAILED,
    GRADED,
    NEEDS_MANUAL,
    NOT_SUBMITTED,
    SUPERSEDED,
    Row,
    load_status,
    status_path,
)

if TYPE_CHECKING:  # grading.history reads status.py only; the run's merge is typed here
    from sistercity.grading.history import Merge


@dataclass
class Outcome:
    """Everything a run found: one row per student, superseded files and unmatched files."""

    rows: list[Row]
    superseded: list[Row]
    unmatched: list[lms.Unmatched]
    seconds: float
    gradebook_notes: list[str] = field(default_factory=list)
    merge: Merge | None = None


class Progress:
    """A plain-text progress bar on stderr; one line per step when stderr is not a terminal."""

    def __init__(self, total: int, stream=None):
        self.total, self.done = total, 0
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.started = time.monotonic()
        self.lock = threading.Lock()

    def step(self, label: str) -> None:
        """Count one finished student and redraw the bar."""
        with self.lock:
            self.done += 1
            width = 30
            filled = int(width * self.done / max(self.total, 1))
            bar = "#" * filled + "." * (width - filled)
            elapsed = time.monotonic() - self.started
            line = f"[{bar}] {self.done}/{self.total} {elapsed:6.1f}s {label}"
            if self.tty:
                self.stream.write("\r" + line[:100].ljust(100))
                if self.done == self.total:
                    self.stream.write("\n")
            else:
                self.stream.write(line + "\n")
            self.stream.flush()


def failure_reason(answer: Answer, limits: dict) -> str:
    """Why a student could not be graded, in both languages, from the worker's answer."""
    kernel = answer.kernel or {}
    reason = kernel.get("reason")
    if reason == "wall_clock":
        return (
            f"dihentikan setelah {limits['wall']} detik (loop tanpa akhir atau kode sangat "
            f"lambat?) / stopped after {limits['wall']} s (endless loop or very slow code?)"
        )
    if reason == "cpu_time":
        return f"memakai CPU lebih dari {limits['cpu']} detik / used more than {limits['cpu']} s of CPU"
    if reason == "file_size":
        return "menulis berkas melebihi batas / wrote a file larger than the limit"
    if reason == "signal" and kernel.get("signal") == "SIGTERM":
        return (
            "dihentikan: kode tidak merespons interupsi pada batas waktu sel (loop tanpa akhir "
            "yang menangkap KeyboardInterrupt?) / stopped: the code did not respond to the "
            "interrupt at the cell time limit (endless loop that catches KeyboardInterrupt?)"
        )
    if reason == "signal":
        return (
            f"kernel Python dimatikan ({kernel.get('signal')}; kehabisan memori?) / "
            f"the Python kernel was killed ({kernel.get('signal')}; out of memory?)"
        )
    if reason == "exit":
        return (
            f"kode notebook menghentikan kernel Python (kode keluar {kernel.get('code')}, "
            f"os._exit?) / the notebook's code ended the Python kernel (exit code "
            f"{kernel.get('code')}, os._exit?)"
        )
    error = answer.error or ""
    if error.startswith("TAMPERING"):
        return "kode notebook mengubah gradebook / " + error
    if "DeadKernelError" in error or "Kernel died" in error:
        return (
            "kode notebook menghentikan kernel Python (os._exit atau crash) / "
            "the notebook's code ended the Python kernel (os._exit or a crash)"
        )
    text = error + "\n" + (answer.log or "")
    found = re.findall(r"^\s*((?:\w+\.)*\w+(?:Error|Exception|Interrupt)\b.*)$", text, re.M)
    found = [f for f in found if "NbGraderException" not in f]
    if found:
        return (
            "nbgrader tidak bisa menilainya / nbgrader could not grade it: "
            f"{found[0].strip()[:160]}"
        )
    last = [line for line in error.strip().splitlines() if line.strip()]
    if last:
        return last[-1].strip()[:200]
    return "nbgrader gagal tanpa pesan / nbgrader failed without a message"


def notes_from_output(path: Path) -> list[str]:
    """Warnings about limits hit, read from the autograded notebook's outputs."""
    notes = []
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return notes
    if "CellTimeoutError" in text:
        notes.append("sel melewati batas waktu / a cell hit the time limit")
    if "MemoryError" in text:
        notes.append("sel kehabisan memori / a cell ran out of memory")
    if "Output cut" in text:
        notes.append("output dipotong pada batas ukuran / output cut at the size limit")
    try:
        meta = json.loads(text).get("metadata", {}).get("sistercity", {})
    except ValueError:
        meta = {}
    notes += [str(flag) for flag in meta.get("flags", [])]
    return notes


def collect_results(
    course: Path,
    assignment: str,
    notebook: str,
    rows: dict[str, Row],
    roots: dict[str, str],
    answers: dict[str, Answer],
    limits: dict,
    db_path: Path,
    course_id: str,
) -> None:
    """Fill in each graded student's row: status, score from the installed gradebook, notes.

    The autograded notebooks are copied into the course's ``autograded/`` folder; a student who
    could not be graded keeps an earlier graded copy (``grading.history`` keeps its result).
    """
    from nbgrader.api import MissingEntry

    with gradebook.open_gradebook(db_path, course_id) as gb:
        for student, root in roots.items():
            row = rows[student]
            answer = answers.get(student) or Answer(student, success=False)
            row.seconds = answer.seconds
            target = course / "autograded" / student / assignment
            if not answer.success:
                row.status, row.reason = FAILED, failure_reason(answer, limits)
                continue
            if target.exists():
                shutil.rmtree(target)
            graded = Path(root) / "autograded" / student / assignment
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copytree(graded, target)
            row.notes += notes_from_output(target / f"{notebook}.ipynb")
            try:
                submission = gb.find_submission(assignment, student)
            except MissingEntry:
                row.status, row.reason = (
                    FAILED,
                    ("nbgrader tidak menyimpan nilai / nbgrader stored no grade"),
                )
                continue
            row.score, row.max_score = submission.score, submission.max_score
            row.status = NEEDS_MANUAL if submission.needs_manual_grade else GRADED


def save_status(course: Path, assignment: str, outcome: Outcome) -> None:
    """Merge this run's rows into the assignment's status file (other students keep theirs)."""
    path = status_path(course, assignment)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = load_status(course, assignment)
    for row in outcome.rows:
        data[row.student] = asdict(row)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")


#: How the run's table names each status, Indonesian first (the status files keep the keys).
STATUS_LABELS = {
    GRADED: "dinilai / graded",
    NEEDS_MANUAL: "perlu penilaian manual / needs manual grading",
    FAILED: "tidak bisa dinilai / could not be graded",
    NOT_SUBMITTED: "tidak mengumpulkan / not submitted",
    SUPERSEDED: "digantikan / superseded",
}


def format_table(outcome: Outcome) -> str:
    """The run as a plain-text table, then superseded and unmatched files, in both languages."""
    header = f"{'mahasiswa / student':<28} {'nilai / score':<14} rincian / detail"
    lines = [header, "-" * 78]
    for row in outcome.rows:
        scored = row.status in (GRADED, NEEDS_MANUAL)
        result = f"{row.score:g}/{row.max_score:g}" if scored else "-"
        detail = STATUS_LABELS.get(row.status, row.status)
        if row.reason and not scored:
            detail = f"{detail}: {row.reason}"
        if row.notes:
            detail = "; ".join([detail, *row.notes])
        lines.append(f"{row.student:<28} {result:<14} {detail}")
    counts = {}
    for row in outcome.rows:
        counts[row.status] = counts.get(row.status, 0) + 1
    lines.append("-" * 78)
    lines.append(
        "; ".join(
            f"{n} {STATUS_LABELS.get(status, status)}" for status, n in sorted(counts.items())
        )
        + f" ({outcome.seconds:.1f} detik / s)"
    )
    if outcome.superseded:
        lines.append("\nDigantikan (tidak dinilai) / superseded (not graded):")
        for row in outcome.superseded:
            lines.append(f"  {row.file}  ->  {row.student}: {row.reason}")
    if outcome.unmatched:
        lines.append("\nBerkas tidak dipakai / files not used:")
        for item in outcome.unmatched:
            lines.append(f"  {item.path}: {item.reason}")
    if outcome.merge is not None and outcome.merge.lines():
        lines.append("")
        lines += outcome.merge.lines()
    for note in outcome.gradebook_notes:
        lines.append(f"\nCATATAN / NOTE: {note}")
    return "\n".join(lines)
