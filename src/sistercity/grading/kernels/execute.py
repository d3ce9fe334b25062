"""The course's ``Execute`` preprocessors: plain nbgrader subclasses, named in ``settings.py``.

:class:`IdentifiedExecute` runs in every ``nbgrader autograde`` of the course (its
``nbgrader_config.py``): each kernel starts knowing whom it grades (``identity.py``).
:class:`LimitedExecute` is what ``sistercity grade`` runs in its place: the same, with kernels
under limits and in the sandbox (``sandbox.LimitedKernelManager``) and a cap on each cell's
output. nbgrader loads them by their dotted names (``settings.IDENTIFIED_EXECUTE``,
``settings.LIMITED_EXECUTE``), so only a grading process imports this module.
"""

from __future__ import annotations

import json

from nbformat.v4 import new_output
from nbgrader.preprocessors import Execute

from sistercity.grading.kernels.identity import EXEC_LINE_PREFIX, exec_line
from sistercity.grading.kernels.sandbox import MAX_CELL_OUTPUT_BYTES, LimitedKernelManager


class IdentifiedExecute(Execute):
    """nbgrader's Execute whose kernels know, before any student code, whom they grade."""

    def preprocess(self, nb, resources=None, km=None):
        """Add the identity line to the kernel's arguments, then execute as nbgrader does."""
        kept = [a for a in self.extra_arguments if not a.startswith(EXEC_LINE_PREFIX)]
        self.extra_arguments = [*kept, exec_line(nb, resources)]
        return super().preprocess(nb, resources, km)


class LimitedExecute(IdentifiedExecute):
    """The identified Execute with the limited kernel manager and a cap on each cell's output."""

    def __init__(self, *args, **kwargs):
        kwargs["kernel_manager_class"] = LimitedKernelManager
        super().__init__(*args, **kwargs)
        self._output_bytes = {}

    async def _async_handle_timeout(self, timeout, cell=None):
        """Remember that a cell ran out of time before nbgrader interrupts the kernel."""
        if isinstance(self.km, LimitedKernelManager):
            self.km.stubborn = True
        return await super()._async_handle_timeout(timeout, cell)

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
