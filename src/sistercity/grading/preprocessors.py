"""An nbgrader feedback preprocessor that keeps hidden tests out of the outputs, too.

``ClearHiddenTests`` removes the ``### BEGIN HIDDEN TESTS`` block from a cell's source, but a
failing hidden assert still shows its own line in the IPython traceback of the cell output
(measured in ``docs/stack.md``). :class:`ScrubHiddenTests` runs before it: every output of the
notebook whose text contains a hidden-test line is replaced by the error's name and message
only, with a note that the details are withheld.
"""

from __future__ import annotations

import re

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool

BEGIN = "### BEGIN HIDDEN TESTS"
END = "### END HIDDEN TESTS"
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
#: Hidden lines shorter than this (after removing spaces) are too generic to match safely.
MIN_LINE = 6
WITHHELD = "(Rincian tes tersembunyi tidak ditampilkan. / Details of hidden tests are not shown.)"


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", ANSI.sub("", text))


def hidden_lines(source: str) -> list[str]:
    """The lines between the hidden-test markers of a cell source (markers included)."""
    lines, inside = [], False
    for line in source.splitlines():
        if BEGIN in line:
            inside = True
        if inside:
            squashed = _squash(line)
            if len(squashed) >= MIN_LINE:
                lines.append(squashed)
        if END in line:
            inside = False
    return lines


def _output_text(output) -> str:
    if output.get("output_type") == "error":
        return "\n".join(output.get("traceback", [])) + output.get("evalue", "")
    if output.get("output_type") == "stream":
        return output.get("text", "")
    data = output.get("data", {})
    return "\n".join(v if isinstance(v, str) else "\n".join(v) for v in data.values())


class ScrubHiddenTests(Preprocessor):
    """Remove every output that quotes a hidden test line; keep the error name and message."""

    # nbconvert preprocessors are off unless enabled; nbgrader registers this one by name.
    enabled = Bool(True).tag(config=True)

    def preprocess(self, nb, resources):
        """Collect the notebook's hidden lines, then scrub the outputs of every cell."""
        secret = [line for cell in nb.cells for line in hidden_lines(cell.get("source", ""))]
        if not secret:
            return nb, resources
        for cell in nb.cells:
            if cell.get("cell_type") != "code":
                continue
            cell.outputs = [self._scrub(output, secret) for output in cell.get("outputs", [])]
        return nb, resources

    @staticmethod
    def _scrub(output, secret):
        text = _squash(_output_text(output))
        if not any(line in text for line in secret):
            return output
        if output.get("output_type") == "error":
            evalue = output.get("evalue", "")
            if any(line in _squash(evalue) for line in secret):
                evalue = ""
            output["evalue"] = evalue
            output["traceback"] = [f"{output.get('ename', 'Error')}: {evalue}", WITHHELD]
            return output
        from nbformat.v4 import new_output

        return new_output("stream", name="stderr", text=WITHHELD + "\n")
