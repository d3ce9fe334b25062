"""Start, feed, time out and stop the grading worker processes (``python -m sistercity.grading.worker``).

The only module that knows how a worker is started and spoken to: it writes the path of the
run's :class:`~sistercity.grading.protocol.RunSpec` and then student ids to a worker's stdin,
and reads one :class:`~sistercity.grading.protocol.Answer` line per student from its stdout.
A worker that stays silent past the wall-clock limit (plus two minutes) is killed with its
whole process group and replaced.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time

from sistercity.grading import settings
from sistercity.grading.protocol import Answer


def child_env() -> dict[str, str]:
    """The environment of a worker: this Python's scripts first on PATH, unbuffered output."""
    env = settings.scripts_environment()
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


def sandbox_ready(stream=None) -> bool:
    """Whether kernels can be boxed in here; says so plainly (once per run) when they cannot."""
    from sistercity.grading.kernels.isolation import available

    ok, why = available()
    if not ok:
        print(
            "PERINGATAN: kode mahasiswa berjalan TANPA sandbox (dapat membaca berkas Anda dan "
            f"memakai jaringan): {why}. / WARNING: student code runs UNSANDBOXED (it can read "
            f"your files and use the network): {why}.",
            file=stream or sys.stderr,
        )
    return ok


def start_worker():
    """A grading worker process; it imports nbgrader and starts its fork server at once."""
    return subprocess.Popen(
        [sys.executable, "-m", "sistercity.grading.worker"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=child_env(),
        start_new_session=True,
    )


def start_workers(count: int) -> list:
    """Start ``count`` workers at once, so they get ready while the download is checked."""
    return [start_worker() for _ in range(count)]


def run(spec_path, students, jobs, wall_seconds, progress, started=()) -> dict[str, Answer]:
    """Feed students to ``jobs`` worker processes and return their answers by student.

    A silent worker is killed and replaced; its student gets an answer that says so. ``started``
    are workers already starting (:func:`start_workers`); each worker first gets the path of the
    run's spec. Workers left over in ``started`` are stopped.
    """
    answers: dict[str, Answer] = {}
    todo: queue.Queue = queue.Queue()
    for student in students:
        todo.put(student)
    deadline = wall_seconds + 120
    ready = list(started)
    lock = threading.Lock()

    def start():
        with lock:
            proc = ready.pop() if ready else start_worker()
        try:
            proc.stdin.write(f"{spec_path}\n")
            proc.stdin.flush()
        except OSError:
            kill(proc)
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
                    kill(proc)
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
                kill(proc)

    threads = [threading.Thread(target=serve, daemon=True) for _ in range(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    drop_workers(ready)
    return answers


def drop_workers(workers: list) -> None:
    """Stop the workers that are still running (started early, they got no work)."""
    for proc in workers:
        if proc.poll() is None:
            kill(proc)
    workers.clear()


def _read_answer(proc, deadline) -> Answer | None:
    """The next answer ``proc`` writes within ``deadline`` seconds, or None."""
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


def kill(proc) -> None:
    """Kill a worker's whole process group (its fork server and kernels) and reap it."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (OSError, ProcessLookupError):
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass
