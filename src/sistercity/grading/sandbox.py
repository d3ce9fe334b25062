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

import json
import os
import sys

from jupyter_client.manager import AsyncKernelManager

#: Environment variables the grading worker sets before each submission.
ENV_LIMITS = "SISTERCITY_KERNEL_LIMITS"
ENV_REPORT = "SISTERCITY_KERNEL_REPORT"

#: Bytes of output one cell may produce before the rest is dropped.
MAX_CELL_OUTPUT_BYTES = 1_000_000


class LimitedKernelManager(AsyncKernelManager):
    """A kernel manager that starts the kernel inside the limiting wrapper of this module."""

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
    from sistercity.grading.identity import IdentifiedExecute

    class _LimitedExecute(IdentifiedExecute):
        """The identified Execute with the limited kernel manager and a cap on each cell's output."""

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
