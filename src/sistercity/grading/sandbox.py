"""Limits for the kernels that run students' code while grading: memory, CPU, wall clock, output.

nbgrader runs every submission through its ``Execute`` preprocessor, an nbclient
``NotebookClient`` that starts a kernel with a ``kernel_manager_class``. nbgrader's ``Execute``
forces that class to ``AsyncKernelManager`` in its constructor (so ``c.Execute.kernel_manager_class``
is ignored); :class:`LimitedExecute` passes :class:`LimitedKernelManager` instead, and the course
config swaps it in through ``Autograde.autograde_preprocessors``.

:class:`LimitedKernelManager` starts the kernel through this module's ``main`` (a tiny wrapper
process): the wrapper sets ``RLIMIT_AS`` (memory), ``RLIMIT_CPU`` and ``RLIMIT_FSIZE`` on the kernel
and kills it when the per-submission wall-clock limit is reached. It writes what happened to a
small report file the grader reads (the wrapper is ``kernel_wrapper.py``, stdlib only, so it
starts fast), so a killed kernel gets a clear status instead of nbgrader's
``DeadKernelError``.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from queue import Empty

import zmq
import zmq.asyncio
from jupyter_client.asynchronous.client import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from traitlets import DottedObjectName, Type, default

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


class LimitedKernelManager(AsyncKernelManager):
    """A kernel manager that starts the kernel inside the limiting wrapper of this module."""

    client_class = DottedObjectName("sistercity.grading.sandbox.ReadyKernelClient")
    client_factory = Type(klass=AsyncKernelClient, default_value=ReadyKernelClient)

    async def _async_wait(self, pollinterval: float = 0.1) -> None:
        """Notice the kernel's end within 10 ms, not jupyter_client's 100 ms."""
        await super()._async_wait(pollinterval=min(pollinterval, 0.01))

    async def _async_pre_start_kernel(self, **kw):
        """In a sandbox, talk to the kernel over Unix sockets in its own folder (it has no network)."""
        from sistercity.grading.isolation import ENV_VIEW

        view = os.environ.get(ENV_VIEW)
        if view and os.environ.get(ENV_LIMITS):
            import secrets

            work = json.loads(view)["work"]
            token = secrets.token_hex(4)
            self.transport = "ipc"
            self.ip = os.path.join(work, f".kernel-{token}")
            self.connection_file = os.path.join(work, f".kernel-{token}.json")
        return await super()._async_pre_start_kernel(**kw)

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        """Prefix the kernel command with the wrapper when grading limits are set."""
        limits = os.environ.get(ENV_LIMITS)
        if limits:
            report = os.environ.get(ENV_REPORT, "")
            kernel_cmd = [
                sys.executable,
                "-m",
                "sistercity.grading.kernel_wrapper",
                limits,
                report,
                "--",
                *kernel_cmd,
                # Before any student code: the checks of the hidden tests capture what is pristine.
                "--IPKernelApp.exec_lines=import sistercity.checks",
            ]
            env = dict(kw.get("env") or os.environ)
            # One BLAS thread per kernel: grading runs several kernels side by side.
            env.setdefault("OPENBLAS_NUM_THREADS", "1")
            env.setdefault("OMP_NUM_THREADS", "1")
            env.setdefault("MKL_NUM_THREADS", "1")
            env.pop(ENV_LIMITS, None)
            env.pop(ENV_REPORT, None)
            # The wrapper reads the sandbox's view from its own environment, not the kernel's.
            from sistercity.grading.isolation import ENV_VIEW

            if os.environ.get(ENV_VIEW):
                env[ENV_VIEW] = os.environ[ENV_VIEW]
            kw["env"] = env
        return await super()._async_launch_kernel(kernel_cmd, **kw)


def _execute_class():
    from nbgrader.preprocessors import Execute

    class _LimitedExecute(Execute):
        """nbgrader's Execute with the limited kernel manager and a cap on each cell's output."""

        def __init__(self, *args, **kwargs):
            kwargs["kernel_manager_class"] = LimitedKernelManager
            super().__init__(*args, **kwargs)
            self._output_bytes = {}

        def output(self, outs, msg, display_id, cell_index):
            """Keep a cell's outputs until they pass the cap, then add one note and drop the rest."""
            used = self._output_bytes.get(cell_index, 0)
            if used > MAX_CELL_OUTPUT_BYTES:
                return None
            out = super().output(outs, msg, display_id, cell_index)
            if out is None:
                return None
            size = len(json.dumps(out, default=str))
            self._output_bytes[cell_index] = used + size
            if used + size > MAX_CELL_OUTPUT_BYTES:
                if outs and outs[-1] is out:
                    outs.pop()
                from nbformat.v4 import new_output

                outs.append(
                    new_output(
                        "stream",
                        name="stderr",
                        text=(
                            f"[Output dipotong: lebih dari {MAX_CELL_OUTPUT_BYTES} byte. / "
                            f"Output cut: more than {MAX_CELL_OUTPUT_BYTES} bytes.]\n"
                        ),
                    )
                )
                self._output_bytes[cell_index] = MAX_CELL_OUTPUT_BYTES + 1
            return out

    _LimitedExecute.__name__ = "LimitedExecute"
    _LimitedExecute.__qualname__ = "LimitedExecute"
    return _LimitedExecute


def __getattr__(name):
    """Build ``LimitedExecute`` on first use so importing this module does not import nbgrader."""
    if name == "LimitedExecute":
        cls = _execute_class()
        globals()["LimitedExecute"] = cls
        return cls
    raise AttributeError(name)


def encode_limits(memory_mb: int, cpu_seconds: int, wall_seconds: int, file_mb: int = 200) -> str:
    """The limits as the one string the wrapper takes on its command line."""
    return f"{int(memory_mb)}:{int(cpu_seconds)}:{int(wall_seconds)}:{int(file_mb)}"
