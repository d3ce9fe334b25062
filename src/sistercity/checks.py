"""What the exercises' tests run in the student's kernel: answers handed over, never judged.

A hidden test of a master only calls :func:`answer`, which turns each named answer into plain
data of exact built-in types (numpy scalars and arrays, pandas ``Series``/``Index`` become
lists; anything else is "not plain") and hands it to the grader as a typed output. The verdict
is given by the grader (:mod:`sistercity.grading.verdicts`), after the kernel has ended, with keys
the kernel never sees, so nothing the student's code does to this process changes a score: at
most it changes what the student claims.

:func:`load` and :func:`plain` serve the visible tests. The older in-kernel checks
(:func:`expect`, :func:`case_key`, :func:`seal_identity`) remain for a course whose masters have
not been migrated yet (``python -m sistercity.grading.migrate``); the grader never relies on them.
"""

from __future__ import annotations

import builtins as _builtins
import json as _json
import math as _math
import sys as _sys
import types as _types

import numpy as _np
import pandas as _pd

import sistercity.cases as _cases
import sistercity.data as _data
import sistercity.partners as _partners  # noqa: F401 - imported so their functions are guarded
import sistercity.pipeline as _pipeline  # noqa: F401
import sistercity.regimes as _regimes  # noqa: F401
import sistercity.stepper as _stepper  # noqa: F401
from sistercity.grading.protocol import (
    ANSWER_MIME,
    FLOAT_TAG,
    HANDED_OVER,
    MAX_ANSWER_BYTES,
    SET_TAG,
)

_ASSERTION = AssertionError
_TYPE, _LEN, _ID, _SORTED, _ISINSTANCE = type, len, id, sorted, isinstance
_LIST, _TUPLE, _DICT, _SET, _FROZENSET = list, tuple, dict, set, frozenset
_STR, _INT, _FLOAT, _BOOL, _GETATTR = str, int, float, bool, getattr
_ABS, _ANY, _ALL, _ZIP, _REPR, _CALLABLE, _VARS = abs, any, all, zip, repr, callable, vars
_NONE_TYPE = type(None)

NOT_PLAIN = (
    "Jawaban harus data biasa: angka, teks, True/False, atau daftar/kamus dari itu "
    "(bukan objek buatan sendiri). / The answer must be plain data: a number, text, "
    "True/False, or a list/dict of those (not a home-made object)."
)
TAMPERED = (
    "Kode notebook mengubah {what}; jawaban ini tidak dihitung. / "
    "The notebook's code changed {what}; this answer is not counted."
)

_NUMPY_SCALARS = {
    _np.bool_: _BOOL,
    _np.int8: _INT,
    _np.int16: _INT,
    _np.int32: _INT,
    _np.int64: _INT,
    _np.uint8: _INT,
    _np.uint16: _INT,
    _np.uint32: _INT,
    _np.uint64: _INT,
    _np.float16: _FLOAT,
    _np.float32: _FLOAT,
    _np.float64: _FLOAT,
    _np.str_: _STR,
}
_ARRAYS = (_np.ndarray, _pd.Series, _pd.Index, _pd.RangeIndex)
#: pandas' own array types (``Series.unique()`` of text gives a ``StringArray``).
_PANDAS_ARRAYS = tuple(
    getattr(_pd.arrays, name)
    for name in (
        "ArrowStringArray",
        "BooleanArray",
        "Categorical",
        "FloatingArray",
        "IntegerArray",
        "NumpyExtensionArray",
        "StringArray",
    )
    if hasattr(_pd.arrays, name)
)


def _fail(message: str):
    raise _ASSERTION(message)


def plain(value):
    """``value`` as plain data of exact built-in types; a failing assertion for anything else."""
    _verify()
    return _plain(value)


def _plain(value, _depth: int = 0):
    kind = _TYPE(value)
    if _depth > 20:
        _fail(NOT_PLAIN)
    if kind is _NONE_TYPE or kind is _BOOL or kind is _STR:
        return value
    if kind is _INT or kind is _FLOAT:
        return value
    if kind in _NUMPY_SCALARS:
        return _NUMPY_SCALARS[kind](value.item())
    if kind in _ARRAYS or kind in _PANDAS_ARRAYS:
        array = value if kind is _np.ndarray else _np.asarray(value, dtype=object)
        if array.dtype.kind not in "biufUO":
            _fail(NOT_PLAIN)
        return [_plain(item, _depth + 1) for item in array.tolist()]
    if kind is _LIST or kind is _TUPLE:
        return kind(_plain(item, _depth + 1) for item in kind.__iter__(value))
    if kind is _SET or kind is _FROZENSET:
        return kind(_plain(item, _depth + 1) for item in _SET.__iter__(_SET(value)))
    if kind is _DICT:
        return {
            _plain(key, _depth + 1): _plain(item, _depth + 1) for key, item in _DICT.items(value)
        }
    _fail(NOT_PLAIN)


def _is_number(value) -> bool:
    kind = _TYPE(value)
    return kind is _INT or kind is _FLOAT


def _equal(a, b, tol=None) -> bool:
    """Equality of plain data that never calls a student's method."""
    if _is_number(a) and _is_number(b):
        if _math.isnan(a) or _math.isnan(b):
            return False
        return _ABS(a - b) <= tol if tol is not None else a == b
    kind_a, kind_b = _TYPE(a), _TYPE(b)
    sequences = (_LIST, _TUPLE)
    if kind_a in sequences and kind_b in sequences:
        return _LEN(a) == _LEN(b) and _ALL(_equal(x, y, tol) for x, y in _ZIP(a, b))
    if kind_a is not kind_b:
        return False
    if kind_a is _DICT:
        return _SET(a) == _SET(b) and _ALL(_equal(a[k], b[k], tol) for k in a)
    return a == b


def _as_set(value):
    if _TYPE(value) in (_LIST, _TUPLE, _SET, _FROZENSET):
        try:
            return _FROZENSET(value)
        except TypeError:
            _fail(NOT_PLAIN)
    _fail(NOT_PLAIN)


HOW = ("equal", "set", "subset", "superset", "in", "letter")


def expect(answer, expected, message: str, how: str = "equal", tol: float | None = None) -> None:
    """Fail with ``message`` unless the student's ``answer`` matches ``expected`` as ``how`` says.

    Args:
        answer: The student's value; it must be plain data (see :func:`plain`).
        expected: The right value, computed by the test (pandas and numpy values are fine).
        message: What the student reads when the answer is not right (both languages).
        how: ``equal`` (numbers by value, lists and tuples alike), ``set`` (same items in any
            order), ``subset``/``superset`` (of the expected items), ``in`` (one of the
            expected values) or ``letter`` (a multiple-choice letter, case and spaces aside).
        tol: For numbers: the largest difference still counted as equal.
    """
    _verify()
    if how not in HOW:
        raise ValueError(f"how must be one of {HOW}, not {how!r}")
    mine, right = _plain(answer), _plain(expected)
    if how == "equal":
        ok = _equal(mine, right, tol)
    elif how == "letter":
        ok = _TYPE(mine) is _STR and _STR.upper(_STR.strip(mine)) == right
    elif how == "in":
        ok = _ANY(_equal(mine, item, tol) for item in _LIST(right))
    else:
        mine_set, right_set = _as_set(mine), _as_set(right)
        ok = {
            "set": mine_set == right_set,
            "subset": mine_set <= right_set,
            "superset": mine_set >= right_set,
        }[how]
    if not ok:
        _show_errors()
        _fail(message)


TOO_LARGE = "Jawaban terlalu besar untuk dinilai. / The answer is too large to be graded."


def _jsonable(value):
    """Plain data (from :func:`_plain`) as JSON values; sets are tagged, dict keys must be text."""
    kind = _TYPE(value)
    if kind is _FLOAT and (_math.isnan(value) or _math.isinf(value)):
        return {FLOAT_TAG: _REPR(value)}
    if kind is _LIST or kind is _TUPLE:
        return [_jsonable(item) for item in value]
    if kind is _SET or kind is _FROZENSET:
        return {SET_TAG: _SORTED((_jsonable(item) for item in value), key=_REPR)}
    if kind is _DICT:
        if not _ALL(_TYPE(key) is _STR for key in value):
            _fail(NOT_PLAIN)
        return {key: _jsonable(item) for key, item in _DICT.items(value)}
    return value


def answer(grade_id: str, **values) -> None:
    """Hand the named answers of the hidden test ``grade_id`` to the grader as plain JSON.

    Nothing is judged here: the grader (``sistercity.grading.verdicts``) compares the answers
    with keys the student's kernel never sees. An answer that is not plain data is reported to
    the grader as such and fails the cell.
    """
    answers, errors = {}, {}
    for name, value in _DICT.items(values):
        try:
            answers[name] = _jsonable(_plain(value))
        except _ASSERTION:
            errors[name] = "not_plain"
        except RecursionError:
            errors[name] = "not_plain"
    payload = {"grade_id": _STR(grade_id), "answers": answers, "errors": errors}
    text = _json.dumps(payload, allow_nan=False)
    if _LEN(text) > MAX_ANSWER_BYTES:
        payload = {"grade_id": _STR(grade_id), "answers": {}, "errors": {"*": "too_large"}}
    names = ", ".join(_SORTED(values))
    _publish(payload, HANDED_OVER.format(names=names))
    if errors:
        _fail(NOT_PLAIN)
    if "*" in payload["errors"]:
        _fail(TOO_LARGE)


def _publish(payload: dict, note: str) -> None:
    """Show ``payload`` as a typed output of the running cell (nothing outside IPython)."""
    ipython = _sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is None:
        return
    from IPython.display import publish_display_data

    publish_display_data({ANSWER_MIME: payload, "text/plain": note.strip()})
    _sys.stderr.write(note)
    _sys.stderr.flush()


def load(name: str):
    """The course dataset ``name``, read with the loader as it was before any student code ran."""
    _verify()
    return _LOAD(name)


_LOAD = _data.load

# --- whose case this is ------------------------------------------------------------------------

#: None until :func:`seal_identity` runs (a student's own kernel: the notebook's NIM decides).
_IDENTITY = None
#: Keys already drawn in this kernel (every hidden test of a notebook asks for the same one);
#: the sealed functions use a private copy of this dict (see ``_PRIVATE`` below).
_KEYS: dict = {}
_STUDENT_KEY = _cases.student_key
_CASE_KEYS = {"midterm": _cases.midterm_key, "capstone": _cases.capstone_key}
_CASE_ERROR = _cases.CaseError

NOT_YOURS = (
    "NIM di notebook ini bukan NIM mahasiswa yang mengumpulkannya, jadi jawaban kasus ini tidak "
    "dihitung. Tulis NIM Anda sendiri dan kerjakan kasus Anda sendiri. / The student number in "
    "this notebook is not that of the student who submitted it, so the answers to this case are "
    "not counted. Write your own student number and work on your own case."
)
UNKNOWN_STUDENT = (
    "Penilai tidak tahu mahasiswa mana yang dinilai, jadi kasus per mahasiswa tidak bisa "
    "diperiksa; dosen menilai dengan konfigurasi mata kuliah (course/nbgrader_config.py). / The "
    "grader does not know which student it grades, so the per-student case cannot be checked; "
    "the lecturer grades with the course's configuration (course/nbgrader_config.py)."
)


def seal_identity(identity: str = "") -> None:
    """Fix, once and before any student code runs, whom this kernel grades (the grader calls it).

    Args:
        identity: JSON ``{"keys": [student id, LMS id number, ...], "cohort": "..."}``; empty or
            unreadable means "grading, but the student is unknown", which fails every case check.
    """
    global _IDENTITY
    if _IDENTITY is not None:
        return
    try:
        value = _json.loads(identity) if _TYPE(identity) is _STR and identity else {}
    except ValueError:
        value = {}
    if _TYPE(value) is not _DICT:
        value = {}
    keys = value.get("keys") or []
    _IDENTITY = {
        "keys": _TUPLE(k for k in keys if _TYPE(k) is _STR and _STR.strip(k)),
        "cohort": _STR(value.get("cohort") or ""),
    }


def case_key(kind: str, nim, cohort):
    """The right answers of the case (``midterm`` or ``capstone``) of the student being graded.

    While grading, ``nim`` must be one of the graded student's ids and the cohort is the one the
    assignment sets; in a student's own kernel the notebook's ``nim`` and ``cohort`` decide.
    """
    _verify()
    nim, cohort = _plain(nim), _plain(cohort)
    try:
        key = _STUDENT_KEY(nim)
    except _CASE_ERROR as error:
        _fail(_STR(error))
    identity = _IDENTITY
    if identity is not None:
        allowed = _SET()
        for known in identity["keys"]:
            try:
                allowed.add(_STUDENT_KEY(known))
            except _CASE_ERROR:
                pass
        if not allowed:
            _fail(UNKNOWN_STUDENT)
        if key not in allowed:
            _fail(NOT_YOURS)
        cohort = identity["cohort"] or cohort
    if _TYPE(cohort) is not _STR:
        _fail(NOT_PLAIN)
    if (kind, key, cohort) not in _KEYS:
        try:
            _KEYS[kind, key, cohort] = _CASE_KEYS[kind](key, cohort)
        except _CASE_ERROR as error:
            _fail(_STR(error))
    # A fresh copy each time: a hidden test's variable cannot change what the next one gets.
    found = _KEYS[kind, key, cohort]
    fields = _DICT.items(_VARS(found))
    return _TYPE(found)(**{n: _DICT(v) if _TYPE(v) is _DICT else v for n, v in fields})


# --- what was true before the student's code ran ----------------------------------------------

_GUARDED_PACKAGES = ("sistercity", "pandas", "numpy")
_CODE_LIKE = (
    _types.FunctionType,
    _types.BuiltinFunctionType,
    _types.MethodType,
    _types.ModuleType,
    _TYPE,
    property,
    classmethod,
    staticmethod,
)
#: Built-ins the checks and the course's tests rely on (IPython and ipykernel change others,
#: such as ``input``, while a cell runs).
_BUILTIN_NAMES = (
    "__import__ __build_class__ abs all any bool dict enumerate filter float frozenset getattr "
    "hasattr hash id int isinstance issubclass iter len list map max min next object range "
    "repr reversed round set setattr sorted str sum super tuple type zip AssertionError "
    "BaseException Exception KeyError TypeError ValueError"
).split()


def _guarded_modules():
    for name, module in _LIST(_DICT.items(_sys.modules)):
        if _TYPE(module) is not _types.ModuleType and not _ISINSTANCE(module, _types.ModuleType):
            continue
        root = name.partition(".")[0]
        if root == "sistercity" or name in _GUARDED_PACKAGES:
            yield name, module


def _fingerprint_object(obj) -> tuple:
    code = _GETATTR(obj, "__code__", None)
    defaults = _GETATTR(obj, "__defaults__", None)
    return (_ID(obj), _ID(code), _ID(defaults))


def _fingerprint() -> dict:
    prints = {}
    for name in _BUILTIN_NAMES:
        prints[("builtins", name)] = _ID(_builtins.__dict__.get(name))
    classes = {}
    for module_name, module in _guarded_modules():
        prints[("sys.modules", module_name)] = _ID(module)
        for attr_name, attr in _LIST(_DICT.items(module.__dict__)):
            if not (_ISINSTANCE(attr, _CODE_LIKE) or _CALLABLE(attr)):
                continue  # data (caches, settings) may change; code (and cached functions) may not
            prints[(module_name, attr_name)] = _fingerprint_object(attr)
            if _ISINSTANCE(attr, _TYPE):
                for cls in attr.__mro__:
                    if _STR(_GETATTR(cls, "__module__", "")).startswith(_GUARDED_PACKAGES):
                        classes[_ID(cls)] = cls
    for cls in classes.values():
        owner = f"{cls.__module__}.{cls.__qualname__}"
        for key, member in _LIST(cls.__dict__.items()):
            if _ISINSTANCE(member, _CODE_LIKE):
                prints[(owner, key)] = _fingerprint_object(member)
    return prints


def _verify() -> None:
    """Fail when a guarded function or class was replaced after this module was imported."""
    now = _fingerprint()
    for key, value in _DICT.items(_BEFORE):
        if now.get(key) != value:
            owner, name = key
            _show_errors()
            _fail(TAMPERED.format(what=f"{owner}.{name}"))


def _show_errors() -> None:
    """Undo what a notebook may have done to hide a failing test from nbgrader."""
    shell = None
    ipython = _sys.modules.get("IPython")
    if ipython is not None:
        try:
            shell = ipython.get_ipython()
        except Exception:  # noqa: BLE001 - outside IPython there is nothing to restore
            shell = None
    if shell is None:
        return
    shell.custom_exceptions = ()
    for name in ("showtraceback", "_showtraceback", "showsyntaxerror"):
        shell.__dict__.pop(name, None)
    for cls, originals in _SHELL_METHODS.items():
        for name, method in originals.items():
            if cls.__dict__.get(name) is not method:
                _TYPE.__setattr__(cls, name, method)


def _shell_methods() -> dict:
    """The error-showing methods of IPython's shell classes, as imported."""
    found = {}
    ipython = _sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is None:
        return found
    for cls in _TYPE(shell).__mro__:
        names = ("showtraceback", "_showtraceback", "showsyntaxerror")
        members = {n: cls.__dict__[n] for n in names if n in cls.__dict__}
        if members:
            found[cls] = members
    return found


_SHELL_METHODS = _shell_methods()
_BEFORE = _fingerprint()


def _sealed(function):
    """``function`` bound to a private copy of this module's names, out of the module's reach."""
    return _types.FunctionType(
        function.__code__, _PRIVATE, function.__name__, function.__defaults__, function.__closure__
    )


#: The names the sealed functions see: a copy taken now, so writing to the module changes nothing.
_PRIVATE = dict(globals())
for _name, _value in _LIST(_PRIVATE.items()):
    if _TYPE(_value) is _types.FunctionType and _value.__module__ == __name__:
        _PRIVATE[_name] = _sealed(_value)
_PRIVATE["_BEFORE"] = _DICT(_BEFORE)
_PRIVATE["_KEYS"] = {}


class _Frozen(_types.ModuleType):
    """This module's type: its functions cannot be replaced by assigning to them."""

    def __setattr__(self, name, value):
        """Refuse every assignment to the module."""
        raise AttributeError(
            "sistercity.checks tidak bisa diubah. / sistercity.checks cannot be changed."
        )

    def __delattr__(self, name):
        """Refuse every deletion from the module."""
        raise AttributeError(
            "sistercity.checks tidak bisa diubah. / sistercity.checks cannot be changed."
        )

    expect = property(lambda self, f=_PRIVATE["expect"]: f, doc="See :func:`expect`.")
    plain = property(lambda self, f=_PRIVATE["plain"]: f, doc="See :func:`plain`.")
    load = property(lambda self, f=_PRIVATE["load"]: f, doc="See :func:`load`.")
    answer = property(lambda self, f=_PRIVATE["answer"]: f, doc="See :func:`answer`.")
    case_key = property(lambda self, f=_PRIVATE["case_key"]: f, doc="See :func:`case_key`.")
    seal_identity = property(
        lambda self, f=_PRIVATE["seal_identity"]: f, doc="See :func:`seal_identity`."
    )


_sys.modules[__name__].__class__ = _Frozen
