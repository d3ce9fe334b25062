"""The formats both sides of a process boundary agree on: parent and worker, kernel and grader.

``sistercity grade`` hands each grading worker a :class:`RunSpec` and gets one :class:`Answer`
per student back (``pool.py`` <-> ``worker.py``). A hidden test's kernel
(:func:`sistercity.checks.answer`) hands its answers to the grader
(:mod:`sistercity.grading.verdicts`) in the output format below. This module imports only the
standard library's ``json`` and ``dataclasses`` (which a kernel has loaded already), so the
kernel can use it before any student code runs.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields

#: The prefix of the line a grading worker writes its answer on (``worker.py`` -> ``pool.py``).
PROTOCOL = "@@sistercity-grade@@ "

#: The MIME type of the output that carries a hidden test's answers to the grader.
ANSWER_MIME = "application/vnd.sistercity.answer+json"
#: Largest answer payload (characters of JSON) the grader accepts.
MAX_ANSWER_BYTES = 100_000
#: How a set travels in JSON (the grader turns it back into a set).
SET_TAG = "__sistercity_set__"
#: How a float that JSON cannot hold (NaN, infinity) travels.
FLOAT_TAG = "__sistercity_float__"
#: What the answer cell prints: the verdict is not given there (and a grader without the
#: course's verdict step scores the cell 0, because nbgrader counts text on stderr as a failure).
HANDED_OVER = (
    "Jawaban {names} diserahkan ke penilai; nilainya diberikan saat penilaian. / "
    "The answer {names} is handed to the grader; it is scored when graded.\n"
)


def _known(cls, data: dict) -> dict:
    """The items of ``data`` that are fields of the dataclass ``cls`` (others are ignored)."""
    names = {f.name for f in fields(cls)}
    return {key: value for key, value in data.items() if key in names}


@dataclass
class RunSpec:
    """What every worker of a run needs to know: the course, the assignment, limits and folders."""

    #: The course folder (its ``nbgrader_config.py`` is read).
    course: str
    assignment: str
    #: The run's untouched gradebook copy; each student is graded against a private copy of it.
    pristine: str
    #: Each student's staging course folder, by student id.
    roots: dict[str, str]
    #: The kernel limits (``sandbox.encode_limits``).
    limits: str
    #: Seconds per cell when the lecturer overrides the course's; None keeps it.
    cell_timeout: int | None = None
    #: Whether kernels run in the sandbox.
    sandbox: bool = False
    #: Folders a sandboxed kernel must not see (the run's staging and gradebook folders).
    hide: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        """The spec as the JSON file a worker reads."""
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> RunSpec:
        """A spec from the JSON of :meth:`to_json`."""
        return cls(**_known(cls, json.loads(text)))


@dataclass
class Answer:
    """A worker's answer for one student: success, errors, the kernel's report, the results."""

    student: str
    success: bool
    #: What went wrong (the end of nbgrader's error text), or "".
    error: str = ""
    #: The end of nbgrader's log.
    log: str = ""
    #: Why the kernel ended, as its report file says (``reason``, ``signal``, ``code``).
    kernel: dict = field(default_factory=dict)
    #: Why the student's private gradebook copy cannot be trusted ("TAMPERING: ..."), or "".
    problem: str = ""
    #: The student's checked results (``gradebook.read_results``); None when there are none.
    results: dict | None = None
    #: Wall-clock seconds the student took, measured by the parent.
    seconds: float | None = None

    def to_line(self) -> str:
        """The protocol line a worker writes on its stdout."""
        return PROTOCOL + json.dumps(asdict(self)) + "\n"

    @classmethod
    def from_line(cls, line: str) -> Answer | None:
        """The answer a protocol line carries, or None when the line is no protocol line."""
        if not line.startswith(PROTOCOL):
            return None
        return cls(**_known(cls, json.loads(line[len(PROTOCOL) :])))
