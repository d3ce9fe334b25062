"""Verdicts of the hidden tests, given by the grader where the student's code never runs.

A hidden test of a master only hands its answers over (:func:`sistercity.checks.answer`): a
display output of type :data:`ANSWER_MIME` carrying plain JSON and the cell's grade id. The
keys live in ``course/source/<assignment>/verdicts.json`` (never copied to students): for each
graded cell the names it hands over and the code, run here, that calls ``_sc.expect`` with the
right values. :class:`JudgeAnswers`, an nbgrader preprocessor placed after ``Execute`` and
before ``SaveAutoGrades``, reads the answers, runs that code in the grading process and sets the
cell's result through its outputs, which nbgrader turns into the score (an error output: 0; an
``execute_result`` holding a number: that many points).

No silent pass: a graded cell with a key scores only when its own answer arrived as plain data
from a cell that ran without error. Everything a student's kernel can do (replace functions,
hook imports, trace, transform input, print fake outputs) changes at most what the student
*claims*, never the verdict.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool, Unicode

from sistercity.grading.protocol import (
    ANSWER_MIME,
    FLOAT_TAG,
    HANDED_OVER,
    MAX_ANSWER_BYTES,
    SET_TAG,
)

#: The key file of an assignment, beside its master (``CourseDirectory.ignore`` keeps it there).
KEY_FILE = "verdicts.json"
#: The import a key's code may still hold; the grader provides ``_sc`` itself.
CHECKS_IMPORT = "import sistercity.checks as _sc"
#: Names a key's code reads from the notebook but the grader supplies.
SUPPLIED = ("KODE_ANGKATAN",)
#: Pieces of the note :func:`sistercity.checks.answer` writes to stderr.
NOTE_PARTS = tuple(p.strip() for p in HANDED_OVER.split("{names}") if p.strip())
HOW = ("equal", "set", "subset", "superset", "in", "letter")

NO_ANSWER = (
    "Penilai tidak menerima jawaban dari sel ini (sel tidak berjalan sampai akhir atau diubah). / "
    "The grader received no answer from this cell (it did not run to the end or was changed)."
)
TWO_ANSWERS = (
    "Sel ini mengirim lebih dari satu jawaban. / This cell handed over more than one answer."
)
NOT_PLAIN = (
    "Jawaban bukan data biasa (angka, teks, True/False, daftar/kamus dari itu). / "
    "The answer is not plain data (numbers, text, True/False, lists/dicts of those)."
)
TOO_LARGE = "Jawaban terlalu besar untuk dinilai. / The answer is too large to be graded."


def flag(text: str) -> str:
    """A note for the lecturer only: the exports and the students' feedback leave out ``FLAG`` notes."""
    return f"FLAG: {text}"


CELL_ERROR = "Sel tes berhenti dengan error: {error} / The test cell stopped with an error: {error}"
FOREIGN = (
    "Sel {cell} berisi keluaran yang mengaku jawaban sel {claimed}. / "
    "Cell {cell} holds output claiming to be the answer of cell {claimed}."
)
MISSING_NAME = "Jawaban {name} tidak diterima. / The answer {name} was not received."
UNCHECKABLE = (
    "Jawaban tidak dapat diperiksa ({error}). / The answer could not be checked ({error})."
)
NOT_YOURS = (
    "NIM di notebook ini bukan NIM mahasiswa yang mengumpulkannya, jadi jawaban kasus ini tidak "
    "dihitung. / The student number in this notebook is not that of the student who submitted "
    "it, so the answers to this case are not counted."
)
UNKNOWN_STUDENT = (
    "Penilai tidak tahu mahasiswa mana yang dinilai, jadi kasus per mahasiswa tidak bisa "
    "diperiksa. / The grader does not know which student it grades, so the per-student case "
    "cannot be checked."
)
NO_CHECK = "Kunci sel ini tidak memeriksa apa pun. / This cell's key checks nothing."
#: The lecturer's note on a NIM written that is not the roster's (kept out of students' feedback).
NIM_MISMATCH = (
    "UNTUK DOSEN: NIM tertulis {written} bukan NIM di daftar ({roster}); sel kasus per mahasiswa "
    "mendapat {on_roster:g} dari {points:g} poin terhadap kasus NIM daftar dan {on_written:g} "
    "dari {points:g} poin terhadap kasus NIM tertulis (nilainya tetap 0; salah ketik atau salinan, "
    "dosen yang memutuskan). / FOR THE LECTURER: the NIM written, {written}, is not the roster's "
    "({roster}); the per-student cells earn {on_roster:g} of {points:g} points against the "
    "roster's case and {on_written:g} of {points:g} against the written number's case (they "
    "still score 0; a typo or a copy, the lecturer decides)."
)
PARTIAL = (
    "Sebagian benar: {got:g} dari {points:g} poin. / Partly right: {got:g} of {points:g} points."
)


class Failed(Exception):
    """A check that cannot go on (the key's own code stops with this message)."""


# --- plain data on the grader's side -----------------------------------------------------------


def decode(value):
    """A JSON answer back as Python plain data (tagged sets become sets, tagged floats floats)."""
    if isinstance(value, list):
        return [decode(item) for item in value]
    if isinstance(value, dict):
        if set(value) == {SET_TAG}:
            items = [decode(item) for item in value[SET_TAG]]
            try:
                return set(items)
            except TypeError:
                return items
        if set(value) == {FLOAT_TAG}:
            return float(value[FLOAT_TAG])
        return {key: decode(item) for key, item in value.items()}
    return value


def plain(value, _depth: int = 0):
    """A key's value (pandas, numpy or built-in) as plain built-in data; ``Failed`` otherwise."""
    import numpy as np
    import pandas as pd

    if _depth > 20:
        raise Failed(NOT_PLAIN)
    if isinstance(value, np.generic):  # before the built-ins: np.float64 is a float subclass
        return plain(value.item(), _depth + 1)
    if value is None or type(value) in (bool, str, int, float):
        return value
    if isinstance(value, (np.ndarray, pd.Series, pd.Index, pd.api.extensions.ExtensionArray)):
        return [plain(item, _depth + 1) for item in np.asarray(value, dtype=object).tolist()]
    if isinstance(value, (list, tuple)):
        return type(value)(plain(item, _depth + 1) for item in value)
    if isinstance(value, (set, frozenset)):
        return type(value)(plain(item, _depth + 1) for item in value)
    if isinstance(value, dict):
        return {plain(k, _depth + 1): plain(v, _depth + 1) for k, v in value.items()}
    raise Failed(NOT_PLAIN)


def _number(value) -> bool:
    return type(value) in (int, float)


def equal(a, b, tol=None) -> bool:
    """Equality of plain data: numbers by value (within ``tol``), lists and tuples alike."""
    if _number(a) and _number(b):
        if math.isnan(a) or math.isnan(b):
            return False
        return abs(a - b) <= tol if tol is not None else a == b
    if type(a) in (list, tuple) and type(b) in (list, tuple):
        return len(a) == len(b) and all(equal(x, y, tol) for x, y in zip(a, b, strict=True))
    if type(a) is not type(b):
        return False
    if type(a) is dict:
        return set(a) == set(b) and all(equal(a[k], b[k], tol) for k in a)
    return a == b


def _as_set(value) -> frozenset:
    if type(value) in (list, tuple, set, frozenset):
        try:
            return frozenset(value)
        except TypeError:
            raise Failed(NOT_PLAIN) from None
    raise Failed(NOT_PLAIN)


def share(mine, right, how: str = "equal", tol=None) -> float:
    """How much of ``mine`` matches ``right`` (0 to 1): per item for dicts, lists and sets.

    ``equal`` on a dict counts the keys of the larger dict that hold the right value; on a list,
    the positions of the longer list that hold the right item; ``set`` counts the shared items
    among all items named by either side. Every other comparison is all or nothing.
    """
    if how not in HOW:
        raise ValueError(f"how must be one of {HOW}, not {how!r}")
    if how == "equal":
        if type(mine) is dict and type(right) is dict:
            keys = set(mine) | set(right)
            if not keys:
                return 1.0
            good = sum(
                1 for k in keys if k in mine and k in right and equal(mine[k], right[k], tol)
            )
            return good / len(keys)
        sequences = (list, tuple)
        if type(mine) in sequences and type(right) in sequences and (mine or right):
            good = sum(1 for x, y in zip(mine, right, strict=False) if equal(x, y, tol))
            return good / max(len(mine), len(right))
        return 1.0 if equal(mine, right, tol) else 0.0
    if how == "letter":
        return 1.0 if type(mine) is str and mine.strip().upper() == right else 0.0
    if how == "in":
        return 1.0 if any(equal(mine, item, tol) for item in list(right)) else 0.0
    mine_set, right_set = _as_set(mine), _as_set(right)
    if how == "set":
        union = mine_set | right_set
        return len(mine_set & right_set) / len(union) if union else 1.0
    if how == "subset":
        return 1.0 if mine_set <= right_set else 0.0
    return 1.0 if mine_set >= right_set else 0.0


# --- the key's code, run by the grader --------------------------------------------------------


@dataclass
class Context:
    """What the grader knows about the submission: who it is and the assignment's cohort."""

    student_keys: tuple[str, ...] = ()
    cohort: str = ""
    course_dir: Path | None = None
    #: Finds the student's ids when a key first needs them (reading the gradebook costs time).
    find_keys: Callable[[], tuple[str, ...]] | None = None

    def keys(self) -> tuple[str, ...]:
        """The ids the graded student may write as NIM."""
        if not self.student_keys and self.find_keys is not None:
            self.student_keys = tuple(self.find_keys())
            self.find_keys = None
        return self.student_keys


class GraderChecks:
    """The ``_sc`` a key's code sees in the grader: ``expect`` records, never raises."""

    def __init__(self, context: Context):
        """Start with no recorded check."""
        self.context = context
        self.results: list[tuple[float, str]] = []

    def expect(self, answer, expected, message: str, how: str = "equal", tol=None) -> None:
        """Record how much of ``answer`` matches ``expected`` (and the message when not all)."""
        try:
            got = share(plain(answer), plain(expected), how, tol)
        except Failed as error:
            got, message = 0.0, str(error)
        self.results.append((got, message))

    def plain(self, value):
        """``value`` as plain data (the answers already are)."""
        return plain(value)

    def load(self, name: str):
        """The course dataset ``name``."""
        from sistercity.data import load

        return load(name)

    def case_key(self, kind: str, nim, cohort=None):
        """The right answers of the graded student's case; ``Failed`` for another student's NIM."""
        from sistercity import cases

        allowed = {}
        for known in self.context.keys():
            try:
                allowed[cases.student_key(known)] = known
            except cases.CaseError:
                continue
        if not allowed:
            raise Failed(UNKNOWN_STUDENT)
        try:
            key = cases.student_key(nim)
        except cases.CaseError as error:
            raise Failed(str(error)) from None
        if key not in allowed:
            raise Failed(NOT_YOURS)
        return case_key(kind, key, self.context.cohort or cohort, self.context.course_dir)


def case_key(kind: str, nim: str, cohort: str, course_dir: Path | None = None):
    """The key of a student's case, through ``sistercity.cases`` (``key_for`` when it exists)."""
    from sistercity import cases

    key_for = getattr(cases, "key_for", None)
    if key_for is not None:
        return key_for(kind, nim, cohort, course_dir)
    drawers = {"midterm": cases.midterm_key, "capstone": cases.capstone_key}
    return drawers[kind](nim, cohort)


@dataclass
class Verdict:
    """The grader's result for one graded cell."""

    score: float
    points: float
    reasons: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


def run_key(spec: dict, answers: dict, points: float, context: Context) -> Verdict:
    """Run a cell's key on the decoded ``answers``: ``points`` times its weakest check's share."""
    namespace = {"__builtins__": __builtins__, "__name__": "__verdict__"}
    for name in spec.get("answers", []):
        if name not in answers:
            return Verdict(0.0, points, [MISSING_NAME.format(name=name)])
        namespace[name] = answers[name]
    checks = GraderChecks(context)
    namespace["_sc"] = checks
    namespace["KODE_ANGKATAN"] = context.cohort
    code = "\n".join(
        line for line in key_source(spec).splitlines() if line.strip() != CHECKS_IMPORT
    )
    try:
        exec(compile(code, f"<key {spec.get('grade_id', '')}>", "exec"), namespace)  # noqa: S102
    except Failed as error:
        return Verdict(0.0, points, [str(error)])
    except Exception as error:  # noqa: BLE001 - a wrong answer may break the key's own code
        return Verdict(0.0, points, [UNCHECKABLE.format(error=f"{type(error).__name__}: {error}")])
    if not checks.results:
        return Verdict(0.0, points, [NO_CHECK])
    # Every check must hold; a check of a dict, list or set gives credit for its right items.
    fraction = min(got for got, _ in checks.results)
    reasons = list(dict.fromkeys(message for got, message in checks.results if got < 1))
    score = round(points * fraction, 2)
    if 0 < score < points:
        reasons.insert(0, PARTIAL.format(got=score, points=points))
    return Verdict(score, points, reasons)


def key_source(spec: dict) -> str:
    """A key's code as one text (the file keeps it as a list of lines, like a notebook)."""
    code = spec.get("code", "")
    return "".join(code) if isinstance(code, list) else str(code)


def read_keys(source_dir: Path | str, assignment: str) -> dict[str, dict]:
    """The keys of an assignment by grade id (empty when it has no key file)."""
    path = Path(source_dir) / assignment / KEY_FILE
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {gid: {**spec, "grade_id": gid} for gid, spec in data.get("cells", {}).items()}


# --- reading a cell's outputs ----------------------------------------------------------------


def _grade_id(cell) -> str:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")


def _is_answer(output) -> bool:
    return ANSWER_MIME in output.get("data", {})


def _is_note(output) -> bool:
    if output.get("output_type") != "stream" or output.get("name") != "stderr":
        return False
    text = output.get("text", "")
    text = "".join(text) if isinstance(text, list) else text
    return all(part in text for part in NOTE_PARTS)


def _payloads(cell) -> list:
    found = []
    for output in cell.get("outputs", []):
        if _is_answer(output):
            found.append(output["data"][ANSWER_MIME])
    return found


def _claimed(payload) -> str:
    return str(payload.get("grade_id", "")) if isinstance(payload, dict) else ""


def judge_cell(cell, spec: dict | None, context: Context) -> Verdict | None:
    """The verdict of one graded cell with a key (None for a cell the grader does not judge)."""
    gid = _grade_id(cell)
    meta = cell.get("metadata", {}).get("nbgrader", {})
    if spec is None or not meta.get("grade") or meta.get("solution"):
        return None
    points = float(meta.get("points", 0) or 0)
    errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    if errors:
        text = f"{errors[0].get('ename', 'Error')}: {errors[0].get('evalue', '')}".strip()
        return Verdict(0.0, points, [CELL_ERROR.format(error=text[:300])])
    payloads = _payloads(cell)
    foreign = [p for p in payloads if _claimed(p) != gid]
    if foreign:
        reason = FOREIGN.format(cell=gid, claimed=_claimed(foreign[0]) or "?")
        return Verdict(0.0, points, [reason], [flag(reason)])
    if not payloads:
        return Verdict(0.0, points, [NO_ANSWER])
    if len(payloads) > 1:
        return Verdict(0.0, points, [TWO_ANSWERS], [flag(f"{gid}: {TWO_ANSWERS}")])
    payload = payloads[0]
    if not isinstance(payload, dict) or len(json.dumps(payload)) > MAX_ANSWER_BYTES + 200:
        return Verdict(0.0, points, [TOO_LARGE], [flag(f"{gid}: {TOO_LARGE}")])
    problems = payload.get("errors") or {}
    if problems:
        reason = TOO_LARGE if "too_large" in problems.values() else NOT_PLAIN
        return Verdict(0.0, points, [reason], [flag(f"{gid}: {reason}")])
    answers = payload.get("answers")
    if not isinstance(answers, dict):
        return Verdict(0.0, points, [NO_ANSWER])
    return run_key(spec, {k: decode(v) for k, v in answers.items()}, points, context)


def _answers_of(cell) -> dict:
    """The decoded answers a cell handed over (empty when it handed none over)."""
    payloads = _payloads(cell)
    answers = payloads[0].get("answers") if payloads and isinstance(payloads[0], dict) else None
    return {k: decode(v) for k, v in answers.items()} if isinstance(answers, dict) else {}


def mismatch_note(cells: list[tuple[dict, dict, float]], context: Context) -> str | None:
    """The lecturer's note on a foreign NIM: refused cells' points with the roster's and its case."""
    from difflib import SequenceMatcher

    from sistercity import cases

    written = next((a["NIM"] for _, a, _ in cells if isinstance(a.get("NIM"), str)), None)
    if written is None:
        return None
    try:
        written = cases.student_key(written)
    except cases.CaseError:  # not a NIM at all: the cells' own reasons say so
        return None
    ids = []
    for known in context.keys():
        try:
            ids.append(cases.student_key(known))
        except cases.CaseError:
            continue
    if not ids:
        return None
    roster = max(ids, key=lambda i: SequenceMatcher(None, i, written).ratio())
    own = Context(student_keys=(written,), cohort=context.cohort, course_dir=context.course_dir)
    on_roster = sum(run_key(s, {**a, "NIM": roster}, p, context).score for s, a, p in cells)
    on_written = sum(run_key(s, a, p, own).score for s, a, p in cells)
    return NIM_MISMATCH.format(
        written=written,
        roster=roster,
        on_roster=round(on_roster, 2),
        on_written=round(on_written, 2),
        points=sum(p for _, _, p in cells),
    )


def _set_result(cell, verdict: Verdict) -> None:
    """Replace the cell's answer outputs by the verdict in nbgrader's terms (and for the reader)."""
    from nbformat.v4 import new_output

    kept = [
        o
        for o in cell.get("outputs", [])
        if not _is_answer(o) and not _is_note(o) and o.get("output_type") != "execute_result"
    ]
    message = "\n".join(verdict.reasons)
    if verdict.score <= 0:
        front = [new_output("error", ename="AssertionError", evalue=message, traceback=[message])]
        kept = [o for o in kept if o.get("output_type") != "error"]
    else:
        front = [new_output("execute_result", data={"text/plain": f"{verdict.score:g}"})]
        front[0]["execution_count"] = cell.get("execution_count")
        if message:
            front.append(new_output("stream", name="stdout", text=message + "\n"))
    cell["outputs"] = front + kept


def judge_notebook(nb, keys: dict[str, dict], context: Context) -> tuple[dict, list[str]]:
    """Judge every graded cell of ``nb`` that has a key; return the verdicts and the flags."""
    verdicts, flags, refused = {}, [], []
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        gid = _grade_id(cell)
        verdict = judge_cell(cell, keys.get(gid), context)
        if verdict is None:
            strays = [p for p in _payloads(cell) if gid not in keys or _claimed(p) != gid]
            if strays:
                claimed = _claimed(strays[0]) or "?"
                flags.append(flag(FOREIGN.format(cell=gid or "(sel mahasiswa)", claimed=claimed)))
                cell["outputs"] = [o for o in cell.get("outputs", []) if not _is_answer(o)]
            continue
        if NOT_YOURS in verdict.reasons:
            refused.append((keys[gid], _answers_of(cell), verdict.points))
        verdicts[gid] = verdict
        flags.extend(verdict.flags)
        _set_result(cell, verdict)
    note = mismatch_note(refused, context) if refused else None
    if note:
        flags.append(note)
    return verdicts, flags


class JudgeAnswers(Preprocessor):
    """nbgrader autograde step: judge the answers the hidden tests handed over."""

    # nbconvert preprocessors are off unless enabled; nbgrader registers this one by name.
    enabled = Bool(True).tag(config=True)
    source_dir = Unicode("", help="The course's source folder (keys beside the masters).").tag(
        config=True
    )

    def preprocess(self, nb, resources):
        """Judge every keyed cell; record verdicts and flags in the notebook's metadata."""
        from sistercity.grading.kernels.identity import cohort_of, student_keys

        info = (resources or {}).get("nbgrader", {})
        assignment = info.get("assignment", "")
        source = Path(self.source_dir) if self.source_dir else None
        keys = read_keys(source, assignment) if source and assignment else {}
        if not keys:
            return nb, resources
        student = info.get("student") or ""
        context = Context(
            cohort=cohort_of(nb),
            course_dir=source.parent,
            find_keys=lambda: tuple(student_keys(student, info.get("db_url"))) if student else (),
        )
        verdicts, flags = judge_notebook(nb, keys, context)
        nb.metadata["sistercity"] = {
            "verdicts": {
                gid: {"score": v.score, "points": v.points, "reasons": v.reasons}
                for gid, v in verdicts.items()
            },
            "flags": flags,
        }
        return nb, resources
