"""``sistercity bench grade``: our parallel grading against plain sequential ``nbgrader autograde``.

Both grade the same generated class of the demo course (``democourse``) in the same run; the
scores must agree. Each timing gives the wall-clock seconds and the CPU seconds of all the
processes involved (user + system, from ``getrusage``): on a machine others use too, the CPU
seconds and the load average printed first and last say how far to trust the wall clock. The
last line printed is ``speedup=<sequential seconds / our seconds>`` (wall clock).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _scores(course: Path, assignment: str) -> dict[str, float]:
    from sistercity.grading.gradebook import open_gradebook
    from sistercity.grading.status import course_info

    db_path, course_id = course_info(course)
    with open_gradebook(db_path, course_id) as gb:
        return {s.student.id: s.score for s in gb.find_assignment(assignment).submissions}


def _cpu_seconds() -> float:
    """User + system seconds of this process and of its children that have ended."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _load() -> str:
    import os

    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "unknown"


def _unboxed_seconds(work: Path, jobs: int | None) -> tuple[float, float]:
    """The same class graded again in a fresh copy of the course with the sandbox off."""
    import os

    from sistercity.grading import democourse
    from sistercity.grading.grade import grade
    from sistercity.grading.kernels.isolation import ENV_OFF

    course = democourse.build_course(work / "unboxed")
    os.environ[ENV_OFF] = "1"
    try:
        started, cpu = time.monotonic(), _cpu_seconds()
        grade(
            democourse.ASSIGNMENT,
            work / "download",
            course,
            jobs=jobs,
            progress_stream=io.StringIO(),
        )
        return time.monotonic() - started, _cpu_seconds() - cpu
    finally:
        os.environ.pop(ENV_OFF, None)


#: Appended to the baseline's config: nbgrader's own autograde preprocessors.
STOCK_AUTOGRADE = (
    "\nfrom nbgrader.preprocessors import Execute as _Execute\n"
    "from sistercity.grading.settings import autograde_preprocessors as _preprocessors\n"
    "c.Autograde.autograde_preprocessors = _preprocessors(_Execute)\n"
)


def run(args) -> int:
    """Grade N generated submissions both ways, check equal scores, print timings and speedup."""
    from sistercity.grading import democourse
    from sistercity.grading.grade import grade

    count = int(getattr(args, "students", None) or 60)
    jobs = getattr(args, "jobs", None)
    work = Path(tempfile.mkdtemp(prefix="sistercity-bench-"))
    try:
        ours = democourse.build_course(work / "ours")
        seq = work / "sequential" / "course"
        shutil.copytree(ours.parent, seq.parent)
        expected = democourse.write_class(ours, work / "download", count)
        import os

        print(
            f"{count} submissions, {jobs or 'all'} cores ({os.cpu_count()}), "
            f"load average {_load()}",
            flush=True,
        )

        from sistercity.grading.kernels.isolation import available

        boxed, why = available()
        print(f"sandbox: {'on' if boxed else 'OFF (' + why + ')'}", flush=True)
        started, cpu = time.monotonic(), _cpu_seconds()
        outcome = grade(
            democourse.ASSIGNMENT, work / "download", ours, jobs=jobs, progress_stream=io.StringIO()
        )
        ours_seconds, ours_cpu = time.monotonic() - started, _cpu_seconds() - cpu
        print(f"sistercity grade: {ours_seconds:.1f} s (CPU {ours_cpu:.1f} s)", flush=True)
        if boxed:
            unboxed, unboxed_cpu = _unboxed_seconds(work, jobs)
            print(
                f"sistercity grade without the sandbox: {unboxed:.1f} s (CPU {unboxed_cpu:.1f} s; "
                f"sandbox cost {100 * (ours_seconds / unboxed - 1):+.0f}% wall, "
                f"{100 * (ours_cpu / unboxed_cpu - 1):+.0f}% CPU)",
                flush=True,
            )

        shutil.copytree(ours / "submitted", seq / "submitted")
        # The baseline is stock nbgrader: its own Execute, not the course's IdentifiedExecute
        # (whose kernels import sistercity.checks before any student code, a cost our fork server
        # pays once). The course's verdict step stays: without it no hidden test scores.
        with (seq / "nbgrader_config.py").open("a", encoding="utf-8") as config:
            config.write(STOCK_AUTOGRADE)
        started, cpu = time.monotonic(), _cpu_seconds()
        subprocess.run(
            [sys.executable, "-m", "nbgrader", "autograde", democourse.ASSIGNMENT],
            cwd=seq,
            capture_output=True,
            env=democourse.child_env(),
        )
        seq_seconds, seq_cpu = time.monotonic() - started, _cpu_seconds() - cpu
        print(
            f"nbgrader autograde (sequential, stock): {seq_seconds:.1f} s (CPU {seq_cpu:.1f} s)",
            flush=True,
        )

        a, b = _scores(ours, democourse.ASSIGNMENT), _scores(seq, democourse.ASSIGNMENT)
        auto = {row.student: row.score for row in outcome.rows}
        if a != b or len(a) != count or auto != {k: v for k, v in expected.items()}:
            differ = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
            print(f"SCORES DIFFER for {len(differ)} students: {differ[:5]}")
            return 1
        print(f"scores identical for {count} students; load average {_load()}")
        print(f"CPU ratio={seq_cpu / ours_cpu:.2f}")
        print(f"speedup={seq_seconds / ours_seconds:.2f}")
        return 0
    finally:
        if not getattr(args, "keep", False):
            shutil.rmtree(work, ignore_errors=True)
