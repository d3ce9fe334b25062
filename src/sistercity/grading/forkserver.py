"""A kernel fork server: import ipykernel (and numpy, pandas) once, then fork a fresh kernel per notebook.

Starting an IPython kernel costs about a second of CPU, most of it imports, and a course
notebook's ``import pandas`` costs more again: on a two-core laptop that is most of the time
per submission. Each grading worker starts one fork server. For every submission the kernel
wrapper (``kernel_wrapper.py``) asks it over a Unix socket for a kernel; the server forks a
child that starts a new session, sets the resource limits, switches to the submission's folder
and environment and runs ``ipykernel``'s normal start-up. Every kernel is still a new process
with no state from any other notebook: only already-imported modules are shared
(copy-on-write). numpy's global random generator is reseeded in each child (Python's
``random`` reseeds itself after a fork).

Protocol: the wrapper sends one JSON line ``{"args", "env", "cwd", "limits"}``, receives
``{"pid": N}``, later ``{"status": exit code}`` when the kernel ends. If the wrapper's
connection closes first (it was killed), the server kills the kernel's process group.
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import socket
import sys

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
)


def _preload() -> None:
    import importlib

    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:  # a missing optional module only makes kernels slower
            pass


def _child(request: dict, inherited: list[socket.socket]) -> None:
    """Become the kernel; never returns."""
    code = 1
    try:
        for sock in inherited:
            sock.close()
        os.setsid()
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        from sistercity.grading.kernel_wrapper import _set_limits

        memory_mb, cpu_seconds, _wall, file_mb = (int(x) for x in request["limits"].split(":"))
        _set_limits(memory_mb, cpu_seconds, file_mb)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        if request.get("sandbox"):
            from sistercity.grading.isolation import enter

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


def serve(path: str) -> None:
    """Listen on the Unix socket ``path`` and fork kernels until the parent process exits."""
    _preload()
    parent = os.getppid()
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    os.chmod(path, 0o600)
    server.listen(64)
    selector = selectors.DefaultSelector()
    selector.register(server, selectors.EVENT_READ)
    # A kernel's end wakes the loop at once: its wrapper is waiting for the exit status.
    wake_read, wake_write = socket.socketpair()
    for end in (wake_read, wake_write):
        end.setblocking(False)
    signal.set_wakeup_fd(wake_write.fileno(), warn_on_full_buffer=False)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    selector.register(wake_read, selectors.EVENT_READ)
    buffers: dict[socket.socket, bytearray] = {}
    kernels: dict[socket.socket, int] = {}
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    while os.getppid() == parent:
        for key, _ in selector.select(timeout=0.2):
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
                    _child(request, [server, wake_read, wake_write, *buffers])
                kernels[sock] = pid
                _send(sock, {"pid": pid})
        _reap(kernels)
    for pid in kernels.values():
        _killpg(pid)


def _drain(sock: socket.socket) -> None:
    try:
        while sock.recv(4096):
            pass
    except OSError:
        pass


def _reap(kernels: dict) -> None:
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        for sock, kernel in list(kernels.items()):
            if kernel == pid:
                _send(sock, {"status": os.waitstatus_to_exitcode(status)})
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
