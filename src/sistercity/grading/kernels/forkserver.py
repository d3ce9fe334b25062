"""A kernel fork server: import ipykernel (and numpy, pandas) once, then fork a fresh kernel per notebook.

Starting an IPython kernel costs about a second of CPU, most of it imports, and a course
notebook's ``import pandas`` costs more again: on a two-core laptop that is most of the time
per submission. Each grading worker starts one fork server. For every submission the worker's
kernel manager (``sandbox.ForkServerProvisioner``) asks it over a Unix socket for a kernel; the
server forks a child that starts a new session, sets the resource limits, switches to the
submission's folder and environment (exactly the ``env`` the kernel manager gives the kernel),
boxes itself in (``isolation.py``) and runs ``ipykernel``'s normal start-up. Every kernel is
still a new process with no state from any other notebook: only already-imported modules are
shared (copy-on-write). numpy's global random generator is reseeded in each child (Python's
``random`` reseeds itself after a fork). The server also keeps the wall-clock limit: a kernel
still alive at its limit is killed with its whole process group.

Protocol: the client sends one JSON line ``{"args", "env", "cwd", "limits", "sandbox"}``,
receives ``{"pid": N}``, later ``{"status": exit code, "report": {...}}`` when the kernel ends
(``report`` says why, as ``kernel_wrapper.report_fields``, or ``{"reason": "wall_clock"}``; it is
empty when the kernel ended normally). If the client's connection closes first, the server kills
the kernel's process group.
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import socket
import sys
import time

#: Environment variable naming the fork server's socket in the grading worker.
ENV_FORKSERVER = "SISTERCITY_FORKSERVER"

#: Modules imported once in the server so that kernels start without importing them again.
PRELOAD = (
    "IPython",
    "IPython.core.interactiveshell",
    "IPython.core.history",
    "IPython.core.completer",
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.zmqshell",
    "ipykernel.iostream",
    "ipykernel.debugger",
    "debugpy",
    "psutil",
    "sqlite3",
    "pdb",
    "pydoc",
    "numpy",
    "pandas",
    # Imported before any student code, so the checks capture pristine functions.
    "sistercity.checks",
    # What every kernel still imported after the fork: the shell's start-up ...
    "IPython.core.completerlib",
    "IPython.core.debugger",
    "IPython.core.logger",
    "IPython.core.oinspect",
    "IPython.extensions.storemagic",
    "tornado.platform.asyncio",
    "faulthandler",
    "sistercity.grading.kernels.isolation",
    # ... and a traceback (any cell that fails): IPython formats it with these.
    "IPython.core.ultratb",
    "stack_data",
    "executing",
    "pure_eval",
    "asttokens",
    "pygments.formatters.terminal256",
    "pygments.styles",
    "fractions",
)


def _preload() -> None:
    import importlib
    import inspect

    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:  # a missing optional module only makes kernels slower
            pass
    # A traceback looks up which module each frame's file belongs to; inspect caches that for
    # the modules loaded so far (their files are where the sandbox shows them, too).
    inspect.getmodule(_preload.__code__)


def _child(request: dict, inherited: list[socket.socket], server_pid: int) -> None:
    """Become the kernel; never returns."""
    code = 1
    try:
        for sock in inherited:
            sock.close()
        _die_with_parent(server_pid)
        os.setsid()
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        from sistercity.grading.kernels.kernel_wrapper import set_limits

        memory_mb, cpu_seconds, _wall, file_mb = (int(x) for x in request["limits"].split(":"))
        set_limits(memory_mb, cpu_seconds, file_mb)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        if request.get("sandbox"):
            from sistercity.grading.kernels.isolation import enter

            enter(request["sandbox"])  # returns in the boxed-in kernel process
        if "numpy" in sys.modules:
            sys.modules["numpy"].random.seed()
        sys.argv = ["ipykernel_launcher", *request["args"]]
        from ipykernel import kernelapp

        kernelapp.launch_new_instance()
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _die_with_parent(parent: int) -> None:
    """Have the kernel killed when the server goes (a worker killed as stuck takes it along)."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the server went before the line above
        os._exit(1)


def serve(path: str) -> None:
    """Listen on the Unix socket ``path`` and fork kernels until the parent process exits."""
    _preload()
    _become_subreaper()
    parent, server_pid = os.getppid(), os.getpid()
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    os.chmod(path, 0o600)
    server.listen(64)
    selector = selectors.DefaultSelector()
    selector.register(server, selectors.EVENT_READ)
    # A kernel's end wakes the loop at once: its client is waiting for the exit status.
    wake_read, wake_write = socket.socketpair()
    for end in (wake_read, wake_write):
        end.setblocking(False)
    signal.set_wakeup_fd(wake_write.fileno(), warn_on_full_buffer=False)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    selector.register(wake_read, selectors.EVENT_READ)
    buffers: dict[socket.socket, bytearray] = {}
    kernels: dict[socket.socket, int] = {}
    deadlines: dict[int, tuple[float, int]] = {}  # pid -> (monotonic deadline, wall seconds)
    overdue: dict[int, int] = {}  # pid -> wall seconds, for kernels killed at the limit
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    while os.getppid() == parent:
        for key, _ in selector.select(timeout=_timeout(deadlines)):
            sock = key.fileobj
            if sock is wake_read:
                _drain(wake_read)
                continue
            if sock is server:
                conn, _ = server.accept()
                buffers[conn] = bytearray()
                selector.register(conn, selectors.EVENT_READ)
                continue
            chunk = b""
            try:
                chunk = sock.recv(65536)
            except OSError:
                pass
            if not chunk:
                pid = kernels.pop(sock, None)
                if pid:
                    _killpg(pid)
                selector.unregister(sock)
                buffers.pop(sock, None)
                sock.close()
                continue
            buffers[sock].extend(chunk)
            if sock not in kernels and b"\n" in buffers[sock]:
                request = json.loads(bytes(buffers[sock]).split(b"\n", 1)[0])
                pid = os.fork()
                if pid == 0:
                    signal.set_wakeup_fd(-1)
                    _child(request, [server, wake_read, wake_write, *buffers], server_pid)
                kernels[sock] = pid
                wall = int(request["limits"].split(":")[2])
                if wall > 0:
                    deadlines[pid] = (time.monotonic() + wall, wall)
                _send(sock, {"pid": pid})
        _stop_overdue(deadlines, overdue)
        _reap(kernels, deadlines, overdue)
    for pid in kernels.values():
        _killpg(pid)


def _timeout(deadlines: dict) -> float:
    """Seconds the loop may sleep: until the next wall-clock deadline, at most 0.2 s."""
    if not deadlines:
        return 0.2
    return max(0.0, min(0.2, min(d for d, _ in deadlines.values()) - time.monotonic()))


def _stop_overdue(deadlines: dict, overdue: dict) -> None:
    now = time.monotonic()
    for pid, (deadline, wall) in list(deadlines.items()):
        if now >= deadline:
            _killpg(pid)
            overdue[pid] = wall
            del deadlines[pid]


def _become_subreaper() -> None:
    """Adopt what a killed kernel leaves behind (its sandbox's init), so it is reaped here."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass


def _drain(sock: socket.socket) -> None:
    try:
        while sock.recv(4096):
            pass
    except OSError:
        pass


def _reap(kernels: dict, deadlines: dict, overdue: dict) -> None:
    from sistercity.grading.kernels.kernel_wrapper import report_fields

    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        deadlines.pop(pid, None)
        wall = overdue.pop(pid, None)
        for sock, kernel in list(kernels.items()):
            if kernel == pid:
                code = os.waitstatus_to_exitcode(status)
                report = report_fields(code)
                if wall is not None:
                    report = {"reason": "wall_clock", "seconds": wall}
                _send(sock, {"status": code, "report": report})
                kernels[sock] = 0


def _send(sock: socket.socket, message: dict) -> None:
    try:
        sock.sendall(json.dumps(message).encode() + b"\n")
    except OSError:
        pass


def _killpg(pid: int) -> None:
    if pid:
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass


if __name__ == "__main__":
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault("MKL_NUM_THREADS", "1")
    serve(sys.argv[1])
