"""The process that starts a grading kernel under limits (stdlib only, so it starts fast).

``python -m sistercity.grading.kernel_wrapper LIMITS REPORT -- KERNEL COMMAND...`` sets
``RLIMIT_AS``, ``RLIMIT_CPU`` and ``RLIMIT_FSIZE`` on the kernel, kills it at the wall-clock
limit and writes why it ended to ``REPORT`` (JSON), which the grader turns into a status.
When ``SISTERCITY_FORKSERVER`` names a fork server's socket (``forkserver.py``) and the command
is an ipykernel, the kernel is forked from that server instead of started from scratch.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time


def _set_limits(memory_mb: int, cpu_seconds: int, file_mb: int) -> None:
    import resource

    mb = 1024 * 1024
    if memory_mb > 0:
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb * mb, memory_mb * mb))
    if cpu_seconds > 0:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))
    if file_mb > 0:
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_mb * mb, file_mb * mb))


def _write_report(path: str, **fields) -> None:
    if not path:
        return
    try:
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(fields, handle)
    except OSError:
        pass


ENV_FORKSERVER = "SISTERCITY_FORKSERVER"
#: Same value as ``isolation.ENV_VIEW`` (this module imports nothing of the package at start).
ENV_VIEW = "SISTERCITY_SANDBOX"


def _report_code(code: int, report: str) -> int:
    """Write why the kernel ended (unless it ended normally) and return a shell-style code."""
    if code < 0:
        signame = signal.Signals(-code).name
        reason = "cpu_time" if -code == signal.SIGXCPU else "signal"
        if -code == signal.SIGXFSZ:
            reason = "file_size"
        _write_report(report, reason=reason, signal=signame)
    elif code != 0:
        _write_report(report, reason="exit", code=code)
    return code if code >= 0 else 128 - code


def _via_forkserver(server: str, limits: str, report: str, command: list[str], wall: int):
    """Get the kernel from the fork server; None when it cannot be used (then Popen is used)."""
    import os
    import select
    import socket

    if command[1:3] != ["-m", "ipykernel_launcher"]:
        return None
    buffer = b""
    try:
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        conn.connect(server)
        env = {k: v for k, v in os.environ.items() if k not in (ENV_FORKSERVER, ENV_VIEW)}
        request = {"args": command[3:], "env": env, "cwd": os.getcwd(), "limits": limits}
        if os.environ.get(ENV_VIEW):
            request["sandbox"] = json.loads(os.environ[ENV_VIEW])
        conn.sendall(json.dumps(request).encode() + b"\n")
        while b"\n" not in buffer:
            chunk = conn.recv(4096)
            if not chunk:
                return None
            buffer += chunk
        line, buffer = buffer.split(b"\n", 1)
        pid = json.loads(line)["pid"]
    except (OSError, ValueError, KeyError):
        return None

    def forward(signum, _frame):
        try:
            if signum == signal.SIGINT:
                os.kill(pid, signum)
            else:
                os.killpg(pid, signum)
        except OSError:
            pass

    signal.signal(signal.SIGINT, forward)
    signal.signal(signal.SIGTERM, forward)
    started = time.monotonic()
    code = 1
    while b"\n" not in buffer:
        ready, _, _ = select.select([conn], [], [], 0.5)
        if ready:
            chunk = conn.recv(4096)
            if not chunk:
                break
            buffer += chunk
        elif wall > 0 and time.monotonic() - started > wall:
            _write_report(report, reason="wall_clock", seconds=wall)
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                pass
            return 137
    if b"\n" in buffer:
        code = json.loads(buffer.split(b"\n", 1)[0]).get("status", 1)
    conn.close()
    return _report_code(code, report)


def main(argv: list[str] | None = None) -> int:
    """Run a kernel command under memory, CPU and wall-clock limits; return its exit code."""
    import os

    argv = list(sys.argv[1:] if argv is None else argv)
    limits, report = argv[0], argv[1]
    command = argv[argv.index("--") + 1 :]
    memory_mb, cpu_seconds, wall_seconds, file_mb = (int(x) for x in limits.split(":"))
    server = os.environ.get(ENV_FORKSERVER)
    if server:
        code = _via_forkserver(server, limits, report, command, wall_seconds)
        if code is not None:
            return code
    # The kernel manager interrupts the kernel by signalling the whole process group: only the
    # kernel should react, the wrapper must stay alive to report.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ.pop(ENV_FORKSERVER, None)
    view = os.environ.pop(ENV_VIEW, None)
    if view:
        command = [sys.executable, "-m", "sistercity.grading.isolation", view, "--", *command]
    child = subprocess.Popen(
        command,
        preexec_fn=lambda: (
            signal.signal(signal.SIGINT, signal.SIG_DFL),
            _set_limits(memory_mb, cpu_seconds, file_mb),
        ),
    )

    def forward(signum, _frame):
        child.send_signal(signum)

    signal.signal(signal.SIGTERM, forward)
    started = time.monotonic()
    while True:
        try:
            code = child.wait(timeout=0.5)
            break
        except subprocess.TimeoutExpired:
            if wall_seconds > 0 and time.monotonic() - started > wall_seconds:
                _write_report(report, reason="wall_clock", seconds=wall_seconds)
                child.kill()
                child.wait()
                return 137
    return _report_code(code, report)


if __name__ == "__main__":
    sys.exit(main())
