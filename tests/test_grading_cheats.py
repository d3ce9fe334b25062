"""Answers that try to fool the hidden tests get no points; honest answers beside them get all."""

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

ALWAYS_EQUAL = """class Anything:
    def __eq__(self, other):
        return True

    def __str__(self):
        return "A"

    __hash__ = object.__hash__


"""

#: (assignment, student name, {answer cell id: code}): every code here cheats one question.
CHEATS = [
    (
        "ex01_kota_kembar",
        "Curang Satu",
        {
            "jawaban_1": ALWAYS_EQUAL + "jawaban_1 = Anything()",
            "jumlah_provinsi": (
                "class Number(int):\n    def __eq__(self, other):\n        return True\n\n"
                "    __hash__ = int.__hash__\n\n\njumlah_provinsi = Number(1)"
            ),
        },
    ),
    (
        "ex01_kota_kembar",
        "Curang Dua",
        {
            "jawaban_2": (
                "class Text(str):\n    def __eq__(self, other):\n        return True\n\n"
                "    __hash__ = str.__hash__\n\n    def upper(self):\n        return Text('B')\n\n"
                "    def strip(self):\n        return self\n\n\njawaban_2 = Text('A')"
            ),
            "tahun_tertua": (
                "import sistercity.data as _d\n_real = _d.load\n\n\ndef _fake(name):\n"
                "    frame = _real(name)\n    if name == 'agreements':\n"
                "        frame = frame.assign(year_signed=1901)\n    return frame\n\n\n"
                "_d.load = _fake\ntahun_tertua = 1901"
            ),
        },
    ),
    (
        "ex02_hukum_tiga_era",
        "Curang Tiga",
        {
            "urutan_2004": (
                "class Order(list):\n    def __eq__(self, other):\n        return True\n\n\n"
                "_s = load('stages')\n"
                "urutan_2004 = Order(sorted(_s[_s['era'] == '2004']['stage_id']))"
            ),
            "instrumen_2022": (
                "set = lambda *args, **kwargs: {1}\nlen = lambda x: 9\n"
                "sorted = lambda x, **kwargs: x\ninstrumen_2022 = []"
            ),
        },
    ),
    (
        "ex02_hukum_tiga_era",
        "Curang Empat",
        {
            "jawaban_4": (
                "isinstance = lambda *args: True\n"
                "AssertionError = type('AssertionError', (Warning,), {})\njawaban_4 = 'A'"
            ),
        },
    ),
    (
        "ex06_memilih_mitra",
        "Curang Lima",
        {
            "peringkat_1": (
                "get_ipython().set_custom_exc((BaseException,), lambda *args, **kwargs: None)\n"
                "peringkat_1 = peringkat.loc[1, 'candidate_id']"
            ),
            "jawaban_4": (
                "import sistercity.checks as _c\n\n"
                "for _attempt in (lambda: setattr(_c, 'expect', lambda *a, **k: None),\n"
                "                 lambda: _c.__dict__.update(expect=lambda *a, **k: None)):\n"
                "    try:\n        _attempt()\n    except AttributeError:\n        pass\n"
                "jawaban_4 = 'A'"
            ),
            "sudah_mitra_jakarta": (
                "import sistercity.partners as _p\n_real_rank = _p.rank_candidates\n\n\n"
                "def _fake_rank(*args, **kwargs):\n    table = _real_rank(*args, **kwargs)\n"
                "    table['jakarta_partner'] = 'yes'\n    return table\n\n\n"
                "_p.rank_candidates = _fake_rank\nsudah_mitra_jakarta = 5"
            ),
        },
    ),
]


def _submission(assignment: str, answers: dict[str, str]) -> nbformat.NotebookNode:
    """The instructor's version (every answer right) with some answers replaced by cheats."""
    nb = nbformat.read(ROOT / "solutions" / assignment / f"{assignment}.ipynb", 4)
    found = set()
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
            found.add(grade_id)
    assert found == set(answers)
    return nb


@pytest.fixture(scope="module")
def cheated(tmp_path_factory):
    """Grade every cheating student of the three assignments; return per-question scores."""
    tmp = tmp_path_factory.mktemp("cheats")
    course = tmp / "course"
    for assignment in sorted({a for a, _, _ in CHEATS}):
        shutil.copytree(ROOT / "course" / "source" / assignment, course / "source" / assignment)
    shutil.copy(ROOT / "course" / "nbgrader_config.py", course / "nbgrader_config.py")
    from nbgrader.api import Gradebook

    scores = {}
    notes = {}
    for assignment in sorted({a for a, _, _ in CHEATS}):
        download = tmp / f"download-{assignment}"
        download.mkdir()
        for i, (name_assignment, name, answers) in enumerate(CHEATS):
            if name_assignment == assignment:
                nb = _submission(assignment, answers)
                path = download / f"{name}_{700 + i}_assignsubmission_file" / f"{assignment}.ipynb"
                path.parent.mkdir()
                nbformat.write(nb, path)
        outcome = grade(assignment, download, course, jobs=2, progress_stream=io.StringIO())
        assert all(r.score is not None for r in outcome.rows), [r.reason for r in outcome.rows]
        notes.update({(assignment, r.student): " ".join(r.notes) for r in outcome.rows})
    db, course_id = course_info(course)
    with Gradebook(f"sqlite:///{db}", course_id) as gb:
        for assignment, name, _ in CHEATS:
            student = name.lower().replace(" ", "-")
            submission = gb.find_submission(assignment, student)
            for notebook in submission.notebooks:
                for result in notebook.grades:
                    if result.auto_score is not None:
                        scores[assignment, student, result.name] = (
                            result.auto_score,
                            result.max_score,
                        )
    return scores, notes


def test_every_cheat_scores_zero_and_honest_work_full(cheated):
    """Ten kinds of cheat in three assignments: 0 for each cheated question, full marks elsewhere."""
    cheated, _ = cheated
    assert sum(len(answers) for _, _, answers in CHEATS) >= 8
    for assignment, name, answers in CHEATS:
        student = name.lower().replace(" ", "-")
        mine = {k[2]: v for k, v in cheated.items() if k[:2] == (assignment, student)}
        assert mine, f"{student} has no autograded scores"
        for test_id, (score, maximum) in mine.items():
            answer_id = test_id.removesuffix("_tests")
            if answer_id in answers:
                assert score == 0, f"{assignment} {student}: cheat in {answer_id} scored {score}"
            else:
                assert score == maximum, f"{assignment} {student}: honest {answer_id} got {score}"


def test_code_that_reaches_into_the_checks_is_flagged_for_the_lecturer(cheated):
    """Hiding errors and swapping the checker are named in a FLAG note; plain cheats are not."""
    _, notes = cheated
    flagged = notes["ex06_memilih_mitra", "curang-lima"]
    assert (
        "reaches into" in flagged and "sistercity.checks" in flagged and "set_custom_exc" in flagged
    )
    assert "reaches into" not in notes["ex01_kota_kembar", "curang-satu"]
