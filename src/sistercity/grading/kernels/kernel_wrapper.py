"""The process that starts a grading kernel under limits (stdlib only, so it starts fast).

``python -m sistercity.grading.kernels.kernel_wrapper LIMITS REPORT -- KERNEL COMMAND...`` sets
``RLIMIT_AS``, ``RLIMIT_CPU`` and ``RLIMIT_FSIZE`` on the kernel, kills it at the wall-clock
limit and writes why it ended to ``REPORT`` (JSON), which the grader turns into a status.
Grading kernels forked from a worker's fork server do not need it (``forkserver.py`` applies the
same limits and reports the same reasons); it starts the kernels when there is no fork server.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time


def set_limits(memory_mb: int, cpu_seconds: int, file_mb: int) -> None:
    """Limit this process's address space (MB), CPU seconds and file size (MB); 0 is no limit."""
    import resource

    mb = 1024 * 1024
    if memory_mb > 0:
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb * mb, memory_mb * mb))
    if cpu_seconds > 0:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))
    if file_mb > 0:
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_mb * mb, file_mb * mb))


def write_report(path: str, **fields) -> None:
    """Write why a kernel ended to the JSON file ``path`` (nothing when ``path`` is empty)."""
    if not path:
        return
    try:
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(fields, handle)
    except OSError:
        pass


#: Same value as ``isolation.ENV_VIEW`` (this module imports nothing of the package at start).
ENV_VIEW = "SISTERCITY_SANDBOX"


def report_fields(code: int) -> dict:
    """Why a kernel that ended with ``code`` (negative: that signal) ended; empty if it ended well."""
    if code < 0:
        reason = "cpu_time" if -code == signal.SIGXCPU else "signal"
        if -code == signal.SIGXFSZ:
            reason = "file_size"
        return {"reason": reason, "signal": signal.Signals(-code).name}
    if code != 0:
        return {"reason": "exit", "code": code}
    return {}


def _report_code(code: int, report: str) -> int:
    """Write why the kernel ended (unless it ended normally) and return a shell-style code."""
    fields = report_fields(code)
    if fields:
        write_report(report, **fields)
    return code if code >= 0 else 128 - code


def main(argv: list[str] | None = None) -> int:
    """Run a kernel command under memory, CPU and wall-clock limits; return its exit code."""
    import os

    argv = list(sys.argv[1:] if argv is None else argv)
    limits, report = argv[0], argv[1]
    command = argv[argv.index("--") + 1 :]
    memory_mb, cpu_seconds, wall_seconds, file_mb = (int(x) for x in limits.split(":"))
    # The kernel manager interrupts the kernel by signalling the whole process group: only the
    # kernel should react, the wrapper must stay alive to report.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    view = os.environ.pop(ENV_VIEW, None)
    if view:
        command = [
            sys.executable,
            "-m",
            "sistercity.grading.kernels.isolation",
            view,
            "--",
            *command,
        ]
    child = subprocess.Popen(
        command,
        preexec_fn=lambda: (
            signal.signal(signal.SIGINT, signal.SIG_DFL),
            set_limits(memory_mb, cpu_seconds, file_mb),
        ),
    )

    def forward(signum, _frame):
        child.send_signal(signum)

    signal.signal(signal.SIGTERM, forward)
    if view:
        # The box has a process group of its own (``isolation.main``): pass interrupts on.
        signal.signal(signal.SIGINT, forward)
    started = time.monotonic()
    while True:
        try:
            code = child.wait(timeout=0.5)
            break
        except subprocess.TimeoutExpired:
            if wall_seconds > 0 and time.monotonic() - started > wall_seconds:
                write_report(report, reason="wall_clock", seconds=wall_seconds)
                child.kill()
                child.wait()
                return 137
    return _report_code(code, report)


if __name__ == "__main__":
    sys.exit(main())
