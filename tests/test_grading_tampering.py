"""Tampering with the student's own kernel wins nothing: the verdicts are given by the grader.

Each student hands in the instructor's version with one answer made wrong and one trick that,
when the hidden tests judged inside the kernel, turned that wrong answer into full marks. Now the
kernel only hands answers over, so every trick scores 0 on its question while the honest answers
in the same notebook score full.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import nbformat
import pytest

from sistercity.grading.grade import grade
from sistercity.grading.status import course_info

pytestmark = [pytest.mark.nbgrader, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]

NOOP = "lambda *args, **kwargs: None"
#: A cheater skips only the cheated question: every other answer still reaches the grader.
ONLY_OTHERS = (
    "def _only_others(original):\n"
    "    def wrapper(payload, note):\n"
    "        if payload.get('grade_id') != CHEATED:\n"
    "            return original(payload, note)\n\n"
    "    return wrapper\n\n\n"
)
#: Replace the checks' functions by the route each trick names.
TRICKS = {
    "code": (
        "import types\nimport sistercity.checks as _c\n\n"
        f"_c.expect.__code__ = ({NOOP}).__code__\n"
        "_a = _c.answer\n"
        "_orig = types.FunctionType(_a.__code__, _a.__globals__, 'answer')\n\n\n"
        "def _shim(grade_id, *, _o=None, _skip=None, **values):\n"
        "    if grade_id != _skip:\n"
        "        _o(grade_id, **values)\n\n\n"
        "_a.__code__ = _shim.__code__\n"
        "_a.__kwdefaults__ = {'_o': _orig, '_skip': CHEATED}\n"
    ),
    "defaults": (
        "import sistercity.checks as _c\n"
        "_c.expect.__defaults__ = ('in', 10.0**9)\n"
        "_c.plain.__defaults__ = ()\n"
    ),
    "globals": (
        ONLY_OTHERS + "import sistercity.checks as _c\n"
        f"_c.expect.__globals__['_fail'] = {NOOP}\n"
        "_c.answer.__globals__['_publish'] = _only_others(_c.answer.__globals__['_publish'])\n"
    ),
    "split_string": (
        ONLY_OTHERS + "import sistercity.checks as _c\n"
        "_g = getattr(_c.answer, '__glo' + 'bals__')\n"
        "_g['_pub' + 'lish'] = _only_others(_g['_pub' + 'lish'])\n"
        f"_g['_fa' + 'il'] = {NOOP}\n"
    ),
    "gc": (
        ONLY_OTHERS + "import gc\nimport sistercity.checks as _c\n"
        "for _d in gc.get_referrers(_c.answer):\n"
        "    if isinstance(_d, dict) and '_publish' in _d:\n"
        "        _d['_publish'] = _only_others(_d['_publish'])\n"
    ),
    "ctypes": (
        ONLY_OTHERS + "import ctypes\nimport sistercity.checks as _c\n"
        "_set = ctypes.pythonapi.PyDict_SetItem\n"
        "_set.argtypes = (ctypes.py_object, ctypes.py_object, ctypes.py_object)\n"
        "_g = _c.answer.__globals__\n"
        "_set(_g, '_publish', _only_others(_g['_publish']))\n"
        f"_set(_c.__dict__, 'expect', {NOOP})\n"
    ),
    "sys_modules": (
        "import sys\nimport types\n"
        "_real = sys.modules['sistercity.checks']\n"
        "_fake = types.ModuleType('sistercity.checks')\n"
        "_fake.__dict__.update({n: getattr(_real, n) for n in ('load', 'plain', 'case_key')})\n"
        "_fake.expect = lambda *args, **kwargs: None\n"
        "_fake.answer = lambda grade_id, **values: (\n"
        "    None if grade_id == CHEATED else _real.answer(grade_id, **values)\n"
        ")\n"
        "sys.modules['sistercity.checks'] = _fake\n"
        "import sistercity\nsistercity.__dict__['checks'] = _fake\n"
    ),
    "import_hook": (
        "import builtins\nimport types\nimport sistercity.checks as _real\n"
        "_fake = types.ModuleType('fake')\n"
        "_fake.answer = lambda grade_id, **values: (\n"
        "    None if grade_id == CHEATED else _real.answer(grade_id, **values)\n"
        ")\n"
        "_fake.expect = lambda *args, **kwargs: None\n"
        "_import = builtins.__import__\n\n\n"
        "def _hook(name, *args, **kwargs):\n"
        "    module = _import(name, *args, **kwargs)\n"
        "    if name == 'sistercity.checks':\n"
        "        return types.SimpleNamespace(checks=_fake)\n"
        "    return module\n\n\n"
        "builtins.__import__ = _hook\n"
    ),
    "settrace": (
        "import ctypes\nimport sys\n\n\n"
        "def _flip(frame, event, arg):\n"
        "    if frame.f_code.co_name in ('expect', 'answer'):\n"
        "        if 'ok' in frame.f_locals:\n"
        "            frame.f_locals['ok'] = True\n"
        "        if 'values' in frame.f_locals and CHEATED in repr(frame.f_locals):\n"
        "            frame.f_locals['values'] = {}\n"
        "        ctypes.pythonapi.PyFrame_LocalsToFast(ctypes.py_object(frame), ctypes.c_int(0))\n"
        "    return _flip\n\n\n"
        "sys.settrace(_flip)\n"
        "get_ipython().events.register('pre_run_cell', lambda *a: sys.settrace(_flip))\n"
    ),
    "input_transformer": (
        "def _to_pass(lines):\n"
        "    if any(CHEATED in line for line in lines):\n"
        "        return ['pass\\n']\n"
        "    return lines\n\n\n"
        "get_ipython().input_transformers_post.append(_to_pass)\n"
    ),
    "fake_output": (
        "from IPython.display import publish_display_data\n"
        "publish_display_data({'application/vnd.sistercity.answer+json': {\n"
        "    'grade_id': CHEATED, 'answers': FAKE, 'errors': {}}})\n"
    ),
    "hook_adds_an_answer": (
        "from IPython.display import publish_display_data\n\n\n"
        "def _second(result):\n"
        "    if CHEATED in (result.info.raw_cell or ''):\n"
        "        publish_display_data({'application/vnd.sistercity.answer+json': {\n"
        "            'grade_id': CHEATED, 'answers': FAKE, 'errors': {}}})\n\n\n"
        "get_ipython().events.register('post_run_cell', _second)\n"
    ),
    "hide_errors": (
        "get_ipython().set_custom_exc((BaseException,), lambda *args, **kwargs: None)\n"
        "import sys\nsys.stderr.write = lambda text: len(text)\n"
    ),
    "fake_data": (
        "import sistercity.data as _d\n_real_load = _d.load\n\n\n"
        "def _fake(name):\n    frame = _real_load(name)\n"
        "    if name == 'agreements':\n        frame = frame.assign(year_signed=1901)\n"
        "    return frame\n\n\n_d.load = _fake\n"
    ),
}

#: (assignment, answer cell, wrong answer, the right answer the fake outputs claim, trick).
CASES = [
    ("ex01_kota_kembar", "jawaban_1", "jawaban_1 = 'A'", {"jawaban_1": "B"}, "code"),
    ("ex01_kota_kembar", "jawaban_2", "jawaban_2 = 'A'", {"jawaban_2": "B"}, "defaults"),
    ("ex01_kota_kembar", "jumlah_provinsi", "jumlah_provinsi = 1", None, "globals"),
    ("ex01_kota_kembar", "tahun_tertua", "tahun_tertua = 1901", None, "fake_data"),
    ("ex01_kota_kembar", "jawaban_2", "jawaban_2 = 'A'", {"jawaban_2": "B"}, "split_string"),
    (
        "ex02_hukum_tiga_era",
        "urutan_2004",
        "urutan_2004 = ['surat_minat', 'rencana_kerja_sama', 'persetujuan_dprd', "
        "'permohonan_mendagri', 'rancangan_mou', 'kirim_mitra', 'surat_kuasa', "
        "'penandatanganan', 'penjajakan']",
        None,
        "gc",
    ),
    (
        "ex02_hukum_tiga_era",
        "pelaku",
        "pelaku = {'pernyataan_kehendak': 'dprd', 'persetujuan_dprd': 'kepala_daerah', "
        "'verifikasi_pusat': 'dprd'}",
        None,
        "ctypes",
    ),
    ("ex02_hukum_tiga_era", "jawaban_4", "jawaban_4 = 'A'", None, "sys_modules"),
    ("ex02_hukum_tiga_era", "jawaban_4", "jawaban_4 = 'B'", None, "import_hook"),
    (
        "ex06_memilih_mitra",
        "peringkat_1",
        "peringkat_1 = peringkat.loc[1, 'candidate_id']",
        None,
        "settrace",
    ),
    ("ex06_memilih_mitra", "ditandai", "ditandai = []", None, "input_transformer"),
    ("ex06_memilih_mitra", "jawaban_4", "jawaban_4 = 'A'", {"jawaban_4": "C"}, "fake_output"),
    (
        "ex06_memilih_mitra",
        "jawaban_4",
        "jawaban_4 = 'B'",
        {"jawaban_4": "C"},
        "hook_adds_an_answer",
    ),
    ("ex06_memilih_mitra", "sudah_mitra_jakarta", "sudah_mitra_jakarta = 5", None, "hide_errors"),
]


def _student(index: int) -> str:
    return f"penipu-{index:02d}"


def _submission(assignment, cell_id, wrong, fake, trick) -> nbformat.NotebookNode:
    """The instructor's version with one answer wrong and a trick in the same answer cell."""
    nb = nbformat.read(ROOT / "solutions" / assignment / f"{assignment}.ipynb", 4)
    head = f"CHEATED = {cell_id + '_tests'!r}\nFAKE = {fake!r}\n"
    found = False
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == cell_id:
            cell.source = head + TRICKS[trick] + "\n" + wrong + "\n"
            found = True
    assert found, cell_id
    return nb


@pytest.fixture(scope="module")
def tampered(tmp_path_factory):
    """Grade every tampering student; return their autograded scores and notes."""
    from nbgrader.api import Gradebook

    tmp = tmp_path_factory.mktemp("tamper")
    course = tmp / "course"
    assignments = sorted({case[0] for case in CASES})
    for assignment in assignments:
        shutil.copytree(ROOT / "course" / "source" / assignment, course / "source" / assignment)
    shutil.copy(ROOT / "course" / "nbgrader_config.py", course / "nbgrader_config.py")
    notes = {}
    for assignment in assignments:
        download = tmp / f"download-{assignment}"
        download.mkdir()
        for i, case in enumerate(CASES):
            if case[0] == assignment:
                folder = download / f"Penipu {i:02d}_{800 + i}_assignsubmission_file"
                folder.mkdir()
                nbformat.write(_submission(*case), folder / f"{assignment}.ipynb")
        outcome = grade(assignment, download, course, jobs=2, progress_stream=io.StringIO())
        assert all(r.score is not None for r in outcome.rows), [r.reason for r in outcome.rows]
        notes.update({r.student: " ".join(r.notes) for r in outcome.rows})
    scores = {}
    db, course_id = course_info(course)
    with Gradebook(f"sqlite:///{db}", course_id) as gb:
        for i, case in enumerate(CASES):
            submission = gb.find_submission(case[0], _student(i))
            for notebook in submission.notebooks:
                for result in notebook.grades:
                    if result.auto_score is not None:
                        scores[i, result.name] = (result.auto_score, result.max_score)
    return scores, notes


def test_there_are_twelve_kinds_of_tampering_in_three_assignments():
    """The list covers at least 12 tricks (every one the issue names) across three assignments."""
    assert len({case[4] for case in CASES}) >= 12
    assert len({case[0] for case in CASES}) >= 3
    assert set(TRICKS) == {case[4] for case in CASES}


@pytest.mark.timeout(1800)
def test_every_trick_scores_zero_and_honest_work_full(tampered):
    """The cheated question scores 0 whatever the trick; every other question scores full."""
    scores, _ = tampered
    for i, (assignment, cell_id, _, _, trick) in enumerate(CASES):
        mine = {name: value for (index, name), value in scores.items() if index == i}
        assert mine, f"{trick}: no scores"
        for test_id, (score, maximum) in mine.items():
            if test_id == f"{cell_id}_tests":
                assert score == 0, f"{assignment} {trick}: the cheat in {cell_id} scored {score}"
            else:
                assert score == maximum, f"{assignment} {trick}: honest {test_id} got {score}"


def test_fake_answers_are_flagged_for_the_lecturer(tampered):
    """An answer output outside its own cell, or a second answer, is named in the notes."""
    _, notes = tampered
    for i, case in enumerate(CASES):
        if case[4] in ("fake_output", "hook_adds_an_answer"):
            assert "claiming" in notes[_student(i)] or "more than one" in notes[_student(i)]
