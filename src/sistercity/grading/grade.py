"""Grade a whole class from an LMS download: import, pre-check, autograde in parallel, report.

How a run protects the course (threat model in the lecturer guide / report):

* Submitted files are read, never written: the original bytes are copied to
  ``course/submitted/<student>/<assignment>/`` with a ``timestamp.txt``.
* Every student is graded in a private staging folder in a fresh temporary directory, so a
  kernel's working directory holds only that student's notebook (and the assignment's data
  files); relative paths such as ``../../gradebook.db`` reach nothing of the course.
* Each student is graded against a private copy of the gradebook in another randomly named
  temporary folder. Only if that copy passes ``PRAGMA integrity_check`` and its rows of
  everyone else are unchanged are the student's rows merged into the run's gradebook copy;
  otherwise the student is reported as "could not be graded: TAMPERING".
* At the end the run's copy must pass ``PRAGMA integrity_check`` and every row of every
  student outside this run must be unchanged; only then is it copied over the course gradebook
  (with SQLite's backup API). If the course gradebook itself changed during the run (a kernel
  that knew its absolute path, or the formgrader), that version is kept beside it as
  ``gradebook.db.changed-<time>`` and reported.
* Kernels run under memory, CPU, file-size and wall-clock limits (``sandbox.py``).

All of this runs with the lecturer's own user rights: it stops accidents and naive cheating,
not a determined attacker (who could read other files of the lecturer). Use a separate
operating-system user or a container for that.
"""

from __future__ import annotations

import json
import os
import queue
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sistercity.grading import gradebook, lms, precheck, settings
from sistercity.grading.protocol import Answer, RunSpec
from sistercity.grading.status import (  # noqa: F401 - also read from here
    FAILED,
    GRADED,
    NEEDS_MANUAL,
    NOT_SUBMITTED,
    SUPERSEDED,
    Row,
    course_info,
    load_status,
    status_path,
)

if TYPE_CHECKING:  # grading.history imports this module
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


def _child_env() -> dict[str, str]:
    env = settings.scripts_environment()
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


def sandbox_ready(stream=None) -> bool:
    """Whether kernels can be boxed in here; says so plainly (once per run) when they cannot."""
    from sistercity.grading.isolation import available

    ok, why = available()
    if not ok:
        print(
            "PERINGATAN: kode mahasiswa berjalan TANPA sandbox (dapat membaca berkas Anda dan "
            f"memakai jaringan): {why}. / WARNING: student code runs UNSANDBOXED (it can read "
            f"your files and use the network): {why}.",
            file=stream or sys.stderr,
        )
    return ok


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


def _timestamp_text(stamp: datetime) -> str:
    return stamp.strftime("%Y-%m-%d %H:%M:%S.%f")


def _choose(candidates, expected):
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


def _failure_reason(answer: Answer, limits: dict) -> str:
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


def _notes_from_output(path: Path) -> list[str]:
    """Warnings about limits hit, read from the autograded notebook's outputs."""
    notes = []
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return notes
    if "CellTimeoutError" in text:
        notes.append("a cell hit the time limit / sel melewati batas waktu")
    if "MemoryError" in text:
        notes.append("a cell ran out of memory / sel kehabisan memori")
    if "Output cut" in text:
        notes.append("output cut at the size limit / output dipotong")
    try:
        meta = json.loads(text).get("metadata", {}).get("sistercity", {})
    except ValueError:
        meta = {}
    notes += [str(flag) for flag in meta.get("flags", [])]
    return notes


def _start_worker():
    """A grading worker process; it imports nbgrader and starts its fork server at once."""
    return subprocess.Popen(
        [sys.executable, "-m", "sistercity.grading.worker"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=_child_env(),
        start_new_session=True,
    )


def _early_workers(source: Path | str, jobs: int | None) -> tuple[list, tuple | None]:
    """Start the workers a download needs now, so they get ready while it is checked.

    Returns them and the download's scan (None if it failed: it is repeated in its turn, to
    report the problem where it always has).
    """
    try:
        scanned = lms.scan(source)
    except Exception:  # noqa: BLE001
        return [], None
    students = {cand.student_id for cand in scanned[0]}
    count = min(jobs or os.cpu_count() or 1, len(students))
    return [_start_worker() for _ in range(count)], scanned


def _run_workers(spec_path, students, jobs, limits, progress, answers, started=()):
    """Feed students to ``jobs`` worker processes; a silent worker is killed and replaced.

    ``started`` are workers already starting (:func:`_early_workers`); each worker first gets
    the path of the run's spec.
    """
    todo: queue.Queue = queue.Queue()
    for student in students:
        todo.put(student)
    deadline = limits["wall"] + 120
    ready = list(started)
    lock = threading.Lock()

    def start():
        with lock:
            proc = ready.pop() if ready else _start_worker()
        try:
            proc.stdin.write(f"{spec_path}\n")
            proc.stdin.flush()
        except OSError:
            _kill(proc)
            raise
        return proc

    def serve():
        proc = None
        while True:
            try:
                student = todo.get_nowait()
            except queue.Empty:
                break
            began = time.monotonic()
            answer = None
            try:
                if proc is None or proc.poll() is not None:
                    proc = None
                    proc = start()
                proc.stdin.write(student + "\n")
                proc.stdin.flush()
                answer = _read_answer(proc, deadline)
            except (BrokenPipeError, OSError):
                answer = None
            if answer is None:
                if proc is not None:
                    _kill(proc)
                proc = None
                answer = Answer(
                    student,
                    success=False,
                    error="proses penilaian macet atau mati / the grading process stopped "
                    "answering or died",
                )
            answer.seconds = time.monotonic() - began
            answers[student] = answer
            progress.step(student)
        if proc is not None:
            try:
                proc.stdin.close()
                proc.wait(timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                _kill(proc)

    threads = [threading.Thread(target=serve, daemon=True) for _ in range(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    _drop_workers(ready)


def _drop_workers(workers: list) -> None:
    """Stop the workers that are still running (started early, they got no work)."""
    for proc in workers:
        if proc.poll() is None:
            _kill(proc)
    workers.clear()


def _read_answer(proc, deadline) -> Answer | None:
    result: dict = {}

    def read():
        for line in proc.stdout:
            answer = Answer.from_line(line)
            if answer is not None:
                result["answer"] = answer
                return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(deadline)
    return result.get("answer")


def _kill(proc) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (OSError, ProcessLookupError):
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass


def grade(*args, **kwargs) -> Outcome:
    """Import, check and autograde every submission of an assignment (see :func:`_grade`)."""
    cleanup: list = []
    try:
        return _grade(*args, cleanup=cleanup, **kwargs)
    finally:
        for item in cleanup:
            if isinstance(item, list):  # workers started early, stopped by an error
                _drop_workers(item)
            else:
                shutil.rmtree(item, ignore_errors=True)


def _grade(
    assignment: str,
    source: Path | str,
    course: Path | str,
    jobs: int | None = None,
    wall_seconds: int = settings.SUBMISSION_WALL_SECONDS,
    memory_mb: int = settings.KERNEL_MEMORY_MB,
    cpu_seconds: int = settings.KERNEL_CPU_SECONDS,
    cell_timeout: int | None = None,
    progress_stream=None,
    cleanup: list | None = None,
    sandbox: bool = True,
    roster: dict[str, dict] | None = None,
) -> Outcome:
    """Import, check and autograde every submission of ``assignment`` found in ``source``.

    ``roster`` (``export.read_roster``) gives students' ID numbers (NIM), recorded in the
    gradebook so that a case drawn from the NIM (``sistercity.cases``) is checked against them.
    """
    from sistercity.grading import history

    cleanup = [] if cleanup is None else cleanup
    started = time.monotonic()
    course = Path(course).resolve()
    if not Path(source).exists():
        from sistercity.errors import UserError
        from sistercity.i18n import both

        raise UserError(
            both(
                f"{source} tidak ada: beri folder atau berkas zip unduhan LMS di --from",
                f"{source} does not exist: give the folder or zip file of the LMS download to --from",
            )
        )
    from sistercity.grading import names

    names.check(course, assignment)
    workers, scanned = _early_workers(source, jobs)
    cleanup.append(workers)
    db_path, course_id = course_info(course)
    if gradebook.ensure_in_gradebook(course, assignment, db_path, course_id):
        print(
            f"{assignment}: ditambahkan ke gradebook / added to the gradebook",
            file=progress_stream or sys.stderr,
        )
    expected = precheck.load_expected(db_path, course_id, assignment)
    from sistercity.grading import which

    expected.other_locked = which.other_masters(course, assignment)
    candidates, unmatched = scanned or lms.scan(source)
    chosen, superseded = _choose(candidates, expected)
    # Students the download names without a notebook (online text only, say) still get a row.
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

    staging = Path(tempfile.mkdtemp(prefix="sistercity-grade-"))
    # The gradebook copies live apart from the folders the kernels run in.
    hidden = Path(tempfile.mkdtemp(prefix="sistercity-gb-"))
    cleanup += [staging, hidden]
    staging_db = hidden / f"{secrets.token_hex(8)}.sqlite"
    pristine = hidden / f"{secrets.token_hex(8)}.sqlite"
    before_sha = gradebook.sha(db_path)
    gradebook.copy_db(db_path, staging_db)
    gradebook.copy_db(db_path, pristine)
    run_keys = {(assignment, student) for student in chosen}
    run_keys |= {("student", student) for student in chosen}
    others_before = gradebook.snapshot(staging_db, run_keys)

    rows: dict[str, Row] = {}
    roots: dict[str, str] = {}
    src_dir = course / "source" / assignment
    previous = load_status(course, assignment)
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
            (dest / "timestamp.txt").write_text(_timestamp_text(cand.timestamp), encoding="utf-8")
        if verdict.error:
            row.status, row.reason = FAILED, verdict.error
            continue
        root = staging / f"c-{secrets.token_hex(6)}"
        sub = root / "submitted" / student / assignment
        sub.mkdir(parents=True)
        (sub / f"{expected.notebook}.ipynb").write_bytes(precheck.repair(cand.data, expected))
        (sub / "timestamp.txt").write_text(_timestamp_text(cand.timestamp), encoding="utf-8")
        if src_dir.is_dir():
            # Data files the notebook reads, never the master notebook with its solutions.
            shutil.copytree(src_dir, root / "source" / assignment, ignore=_ignore_notebooks)
        else:
            (root / "source" / assignment).mkdir(parents=True)
        roots[student] = str(root)

    gradebook.note_case_ids(
        course, assignment, pristine, roster or {}, sorted(roots), progress_stream, course_id
    )

    limits = {"wall": wall_seconds, "cpu": cpu_seconds, "memory": memory_mb}
    from sistercity.grading.sandbox import encode_limits

    sandboxed = sandbox and bool(roots) and sandbox_ready(progress_stream)

    spec = RunSpec(
        course=str(course),
        assignment=assignment,
        pristine=str(pristine),
        roots=roots,
        limits=encode_limits(memory_mb, cpu_seconds, wall_seconds),
        cell_timeout=cell_timeout,
        sandbox=sandboxed,
        hide=[str(staging), str(hidden)],
    )
    spec_path = hidden / "spec.json"
    spec_path.write_text(spec.to_json(), encoding="utf-8")
    to_grade = sorted(roots)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(to_grade) or 1))
    progress = Progress(len(to_grade), progress_stream)
    answers: dict[str, Answer] = {}
    _drop_workers(workers[jobs:])
    del workers[jobs:]
    if to_grade:
        _run_workers(spec_path, to_grade, jobs, limits, progress, answers, workers)
    _drop_workers(workers)

    # Each worker checked and read its students' private copies; only their results merge.
    with gradebook.open_gradebook(staging_db, settings.COURSE_ID) as target:
        for student in sorted(answers):
            answer = answers[student]
            if not answer.success:
                continue
            if answer.problem or answer.results is None:
                answers[student] = Answer(student, success=False, error=answer.problem)
                continue
            gradebook.merge_student(answer.results, target, assignment, student)
    notes = gradebook.install(staging_db, db_path, others_before, run_keys, before_sha)
    foreign = {s: v.other for s, (_c, v) in chosen.items() if v.other}
    notes += which.wrong_download_note(assignment, foreign, len(chosen))
    _collect_results(course, assignment, expected, rows, roots, answers, limits, db_path, course_id)
    rows.update({s: row for s, row in absent.items() if s not in rows})
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


def _ignore_notebooks(_folder, names):
    """The master (with its solutions) and the hidden tests' keys stay out of the kernel's reach."""
    hidden = (".ipynb_checkpoints", settings.VERDICT_KEYS)
    return [n for n in names if n.endswith(".ipynb") or n in hidden]


def _collect_results(course, assignment, expected, rows, roots, answers, limits, db_path, cid):
    from nbgrader.api import MissingEntry

    with gradebook.open_gradebook(db_path, cid) as gb:
        for student, root in roots.items():
            row = rows[student]
            answer = answers.get(student) or Answer(student, success=False)
            row.seconds = answer.seconds
            target = course / "autograded" / student / assignment
            if not answer.success:
                row.status, row.reason = FAILED, _failure_reason(answer, limits)
                continue  # an earlier graded copy stays (grading.history keeps its result)
            if target.exists():
                shutil.rmtree(target)
            graded = Path(root) / "autograded" / student / assignment
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copytree(graded, target)
            row.notes += _notes_from_output(target / f"{expected.notebook}.ipynb")
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
            name = row.name
            if name:
                gb.update_or_create_student(student, first_name=name, last_name="")


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
