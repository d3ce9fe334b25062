"""Limits for the kernels that run students' code while grading: memory, CPU, wall clock, output.

nbgrader runs every submission through its ``Execute`` preprocessor, an nbclient
``NotebookClient`` that starts a kernel with a ``kernel_manager_class``. nbgrader's ``Execute``
forces that class to ``AsyncKernelManager`` in its constructor (so ``c.Execute.kernel_manager_class``
is ignored); ``execute.LimitedExecute`` passes :class:`LimitedKernelManager` instead, and the
course config swaps it in through ``Autograde.autograde_preprocessors``.

In a grading worker, :class:`LimitedKernelManager` gets each kernel from the worker's fork server
(``forkserver.py``) through :class:`ForkServerProvisioner`: the server forks the kernel, sets
``RLIMIT_AS`` (memory), ``RLIMIT_CPU`` and ``RLIMIT_FSIZE``, boxes it in (``isolation.py``) and
kills it at the per-submission wall-clock limit; when it ends, the provisioner writes why to a
small report file the grader reads, so a killed kernel gets a clear status instead of nbgrader's
``DeadKernelError``. Without a fork server the kernel starts inside the limiting wrapper
(``kernel_wrapper.py``, stdlib only, so it starts fast), which applies the same limits and
writes the same report.
"""

from __future__ import annotations

import asyncio
import json
import os
import pathlib
import select
import signal
import socket
import subprocess
import sys
import time
import uuid
from queue import Empty

import zmq
import zmq.asyncio
from jupyter_client.asynchronous.client import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager, KernelManager
from jupyter_client.provisioning import LocalProvisioner
from traitlets import Bool, DottedObjectName, Type, default

from sistercity.grading.kernels.forkserver import ENV_FORKSERVER
from sistercity.grading.kernels.isolation import ENV_VIEW
from sistercity.grading.kernels.kernel_wrapper import write_report

#: Environment variables the grading worker sets before each submission.
ENV_LIMITS = "SISTERCITY_KERNEL_LIMITS"
ENV_REPORT = "SISTERCITY_KERNEL_REPORT"

#: Bytes of output one cell may produce before the rest is dropped.
MAX_CELL_OUTPUT_BYTES = 1_000_000

#: Milliseconds between a kernel client's attempts to reach a kernel that is still starting.
RECONNECT_MS = 5


class ReadyKernelClient(AsyncKernelClient):
    """jupyter_client's async kernel client, minus the time it idles while the kernel starts."""

    @default("context")
    def _context_default(self) -> zmq.asyncio.Context:
        # The client connects before the kernel listens; ZeroMQ then retries every 100 ms.
        self._created_context = True
        context = zmq.asyncio.Context()
        context.setsockopt(zmq.RECONNECT_IVL, RECONNECT_MS)
        return context

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        """Wait for the kernel's ``kernel_info`` reply and a message on IOPub, as jupyter_client does.

        jupyter_client then waits until IOPub has been quiet for 0.2 s; here the messages
        already received are dropped without waiting (nbclient ignores messages that do not
        answer its own requests anyway).
        """
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        if not isinstance(self.parent, AsyncKernelManager):
            while not await self._async_is_alive():
                if time.monotonic() > deadline:
                    raise RuntimeError(f"Kernel didn't respond to heartbeats in {timeout:g} s")
                await asyncio.sleep(0.01)
        while True:
            self.kernel_info()
            try:
                msg = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                pass
            else:
                if msg["msg_type"] == "kernel_info_reply":
                    try:
                        await self.iopub_channel.get_msg(timeout=0.2)
                    except Empty:
                        pass
                    else:
                        self._handle_kernel_info_reply(msg)
                        break
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:g} s")
        while True:
            try:
                await self.iopub_channel.get_msg(timeout=0)
            except Empty:
                break


class ForkedKernel:
    """The ``Popen``-like handle of a kernel that the fork server forked for this process.

    Its exit status arrives on the server connection, with the reason the kernel ended, which
    is written to the report file (unless the kernel manager killed the kernel itself).
    """

    stdin = stdout = stderr = None

    def __init__(self, conn: socket.socket, pid: int, report: str, buffer: bytes = b""):
        self.conn, self.pid, self.report = conn, pid, report
        self.returncode: int | None = None
        self._buffer = buffer
        self._killed = False
        self._receive(0)

    def poll(self) -> int | None:
        """The exit status if the kernel has ended, else None."""
        if self.returncode is None:
            self._receive(0)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        """Wait for the kernel to end and return its exit status (negative: the signal)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.returncode is None:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                raise subprocess.TimeoutExpired(f"forked kernel {self.pid}", timeout)
            self._receive(left)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        """An interrupt goes to the kernel alone (as from a terminal); other signals to its group.

        SIGKILL ends the kernel as :meth:`kill` does.
        """
        if self.poll() is not None:
            return
        if signum == signal.SIGKILL:
            self.kill()
            return
        try:
            if signum == signal.SIGINT:
                os.kill(self.pid, signum)
            else:
                os.killpg(self.pid, signum)
        except OSError:
            pass

    def kill(self) -> None:
        """End the kernel and everything it started; nothing is reported.

        SIGTERM first, so that a sandboxed kernel ends through its box's own processes, each
        waiting for the next (and its CPU time is counted with this process's children); SIGKILL
        for the whole group if that has not ended it within half a second.
        """
        if self.poll() is not None:
            return
        self._killed = True
        try:
            os.killpg(self.pid, signal.SIGTERM)
            self.wait(timeout=0.5)
        except (OSError, subprocess.TimeoutExpired):
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except OSError:
                pass

    def terminate(self) -> None:
        """Ask the kernel's process group to end (SIGTERM); the report says so if it does."""
        self.send_signal(signal.SIGTERM)

    def close(self) -> None:
        """Drop the connection; the server then kills the kernel if it still runs."""
        self.conn.close()

    def _receive(self, timeout: float | None) -> None:
        if b"\n" not in self._buffer:
            try:
                ready, _, _ = select.select([self.conn], [], [], timeout)
                chunk = self.conn.recv(4096) if ready else None
            except (OSError, ValueError):
                chunk = b""
            if chunk is None:
                return
            if not chunk:  # the server is gone: make sure its kernel is, too
                self._killed = True
                try:
                    os.killpg(self.pid, signal.SIGKILL)
                except OSError:
                    pass
                self._end(1, {})
                return
            self._buffer += chunk
            if b"\n" not in self._buffer:
                return
        message = json.loads(self._buffer.split(b"\n", 1)[0])
        self._end(int(message.get("status", 1)), message.get("report") or {})

    def _end(self, code: int, report: dict) -> None:
        self.returncode = code
        self.conn.close()
        if report and not self._killed:
            write_report(self.report, **report)


def fork_kernel(server: str, args: list[str], env: dict, cwd: str) -> ForkedKernel:
    """Ask the fork server at ``server`` for a kernel started with ``args`` in ``env`` and ``cwd``.

    The limits, the sandbox's view and the report file come from this process's environment
    (``ENV_LIMITS``, ``ENV_VIEW``, ``ENV_REPORT``), as the grading worker sets them.
    """
    request = {"args": args, "env": env, "cwd": cwd, "limits": os.environ[ENV_LIMITS]}
    if os.environ.get(ENV_VIEW):
        request["sandbox"] = json.loads(os.environ[ENV_VIEW])
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(server)
        conn.sendall(json.dumps(request).encode() + b"\n")
        buffer = b""
        while b"\n" not in buffer:
            chunk = conn.recv(4096)
            if not chunk:
                raise OSError("the fork server closed the connection")
            buffer += chunk
        line, rest = buffer.split(b"\n", 1)
        pid = int(json.loads(line)["pid"])
    except (OSError, ValueError, KeyError):
        conn.close()
        raise
    return ForkedKernel(conn, pid, os.environ.get(ENV_REPORT, ""), rest)


class ForkServerProvisioner(LocalProvisioner):
    """Launches the kernel as a fork of the worker's warm fork server (no new Python starts)."""

    async def launch_kernel(self, cmd: list[str], **kwargs) -> dict:
        """Fork the kernel; if the server cannot, start it normally inside the wrapper."""
        cwd = str(kwargs.get("cwd") or os.getcwd())
        try:
            self.process = fork_kernel(os.environ[ENV_FORKSERVER], cmd[3:], kwargs["env"], cwd)
        except (OSError, ValueError, KeyError):
            cmd, kwargs = self.parent.wrapped(cmd, kwargs)
            return await super().launch_kernel(cmd, **kwargs)
        self.pid = self.process.pid
        self.pgid = None  # signals go through the handle, which knows the kernel's group
        self.cwd = kwargs.get("cwd", pathlib.Path.cwd())
        return self.connection_info

    async def wait(self) -> int | None:
        """Wait for the kernel's end, polling every 10 ms (jupyter_client: 100 ms)."""
        while self.process is not None and await self.poll() is None:
            await asyncio.sleep(0.01)
        return await super().wait()

    async def cleanup(self, restart: bool = False) -> None:
        """Close the server connection, too."""
        if isinstance(self.process, ForkedKernel):
            self.process.close()
        await super().cleanup(restart=restart)


class LimitedKernelManager(AsyncKernelManager):
    """A kernel manager for grading: kernels under limits, from the fork server or the wrapper."""

    client_class = DottedObjectName("sistercity.grading.kernels.sandbox.ReadyKernelClient")
    client_factory = Type(klass=AsyncKernelClient, default_value=ReadyKernelClient)

    #: Set when a cell ran out of time: such a kernel may ignore interrupts, so it is asked to
    #: shut down and then sent SIGTERM (which the report names), as jupyter_client does.
    stubborn = Bool(False)

    async def _async_wait(self, pollinterval: float = 0.1) -> None:
        """Notice the kernel's end within 10 ms, not jupyter_client's 100 ms."""
        await super()._async_wait(pollinterval=min(pollinterval, 0.01))

    async def _async_pre_start_kernel(self, **kw):
        """In a sandbox, talk to the kernel over Unix sockets in its own folder (it has no network)."""
        view = os.environ.get(ENV_VIEW)
        limits = os.environ.get(ENV_LIMITS)
        if view and limits:
            import secrets

            work = json.loads(view)["work"]
            token = secrets.token_hex(4)
            self.transport = "ipc"
            self.ip = os.path.join(work, f".kernel-{token}")
            self.connection_file = os.path.join(work, f".kernel-{token}.json")
        if (
            limits
            and os.environ.get(ENV_FORKSERVER)
            and self.provisioner is None
            and list(self.kernel_spec.argv[1:3]) == ["-m", "ipykernel_launcher"]
        ):
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", None) or str(uuid.uuid4())
            self.provisioner = ForkServerProvisioner(
                kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self
            )
        return await super()._async_pre_start_kernel(**kw)

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        """Set the grading kernel's command and environment; use the wrapper without a fork server."""
        if os.environ.get(ENV_LIMITS):
            # Before any student code: the checks of the hidden tests capture what is pristine.
            kernel_cmd = [*kernel_cmd, "--IPKernelApp.exec_lines=import sistercity.checks"]
            env = dict(kw.get("env") or os.environ)
            # One BLAS thread per kernel: grading runs several kernels side by side.
            env.setdefault("OPENBLAS_NUM_THREADS", "1")
            env.setdefault("OMP_NUM_THREADS", "1")
            env.setdefault("MKL_NUM_THREADS", "1")
            for name in (ENV_LIMITS, ENV_REPORT, ENV_FORKSERVER, ENV_VIEW):
                env.pop(name, None)
            kw["env"] = env
            if not isinstance(self.provisioner, ForkServerProvisioner):
                kernel_cmd, kw = self.wrapped(kernel_cmd, kw)
        return await super()._async_launch_kernel(kernel_cmd, **kw)

    def wrapped(self, kernel_cmd: list[str], kw: dict) -> tuple[list[str], dict]:
        """The kernel command inside the limiting wrapper, and the wrapper's launch arguments."""
        env = dict(kw["env"])
        # The wrapper reads the sandbox's view from its own environment, not the kernel's.
        if os.environ.get(ENV_VIEW):
            env[ENV_VIEW] = os.environ[ENV_VIEW]
        command = [
            sys.executable,
            "-m",
            "sistercity.grading.kernels.kernel_wrapper",
            os.environ[ENV_LIMITS],
            os.environ.get(ENV_REPORT, ""),
            "--",
            *kernel_cmd,
        ]
        return command, {**kw, "env": env}

    async def shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:
        """End a forked kernel by signal: its outputs are all read, and it need not tidy up.

        A kernel that ran out of time in a cell is shut down politely, as before (it may be
        stuck: then it gets SIGTERM and the report says it did not respond).
        """
        forked = isinstance(getattr(self.provisioner, "process", None), ForkedKernel)
        if forked and not self.stubborn and not restart:
            now = True
        await KernelManager._async_shutdown_kernel(self, now=now, restart=restart)


def encode_limits(memory_mb: int, cpu_seconds: int, wall_seconds: int, file_mb: int = 200) -> str:
    """The limits as the one string the wrapper takes on its command line."""
    return f"{int(memory_mb)}:{int(cpu_seconds)}:{int(wall_seconds)}:{int(file_mb)}"
