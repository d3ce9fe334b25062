"""The grader's verdict step, without a kernel: answers in, scores and reasons out."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from sistercity.grading import migrate, verdicts
from sistercity.grading.protocol import ANSWER_MIME, HANDED_OVER

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "course" / "source"

KEY = {
    "grade_id": "q_tests",
    "answers": ["q"],
    "code": ['_sc.expect(q, {"a": 1, "b": 2, "c": 3, "d": 4}, "Belum. / Not yet.")\n'],
}


def _cell(grade_id="q_tests", outputs=(), points=4):
    """A graded test cell of a master, with the outputs a kernel left."""
    cell = new_code_cell("...")
    cell.metadata["nbgrader"] = {
        "grade": True,
        "solution": False,
        "locked": True,
        "grade_id": grade_id,
        "points": points,
    }
    cell.outputs = list(outputs)
    return cell


def _answer(grade_id="q_tests", **answers):
    """The display output ``sistercity.checks.answer`` leaves."""
    payload = {"grade_id": grade_id, "answers": answers, "errors": {}}
    return new_output("display_data", data={ANSWER_MIME: payload, "text/plain": "x"})


def _note():
    """The stderr note ``sistercity.checks.answer`` leaves."""
    return new_output("stream", name="stderr", text=HANDED_OVER.format(names="q"))


def _judge(cell, key=KEY, context=None):
    return verdicts.judge_cell(cell, key, context or verdicts.Context())


def test_a_right_answer_scores_full_and_a_dict_half_right_scores_half():
    """Per-item partial credit: the share of the dict's items that are right, times the points."""
    full = _judge(_cell(outputs=[_answer(q={"a": 1, "b": 2, "c": 3, "d": 4}), _note()]))
    half = _judge(_cell(outputs=[_answer(q={"a": 1, "b": 2, "c": 0, "d": 0}), _note()]))
    assert (full.score, full.reasons) == (4, [])
    assert half.score == 2
    assert "Partly right" in half.reasons[0]


def test_share_counts_items_of_lists_and_sets():
    """Lists are compared position by position, sets by the items both sides name."""
    assert verdicts.share(["a", "b", "x", "d"], ["a", "b", "c", "d"]) == 0.75
    assert verdicts.share(["a", "b"], ["a", "b", "c", "d"]) == 0.5
    assert verdicts.share({"a", "b", "z"}, ["a", "b", "c"], how="set") == 0.5
    assert verdicts.share("b ", "B", how="letter") == 1
    assert verdicts.share(3.04, 3.0, tol=0.1) == 1
    assert verdicts.share(float("nan"), 3.0, tol=0.1) == 0


@pytest.mark.parametrize(
    ("outputs", "reason"),
    [
        ([], verdicts.NO_ANSWER),
        ([_note()], verdicts.NO_ANSWER),
        ([_answer(q={}), _answer(q={})], verdicts.TWO_ANSWERS),
        (
            [
                _answer(q={"a": 1, "b": 2, "c": 3, "d": 4}),
                new_output("error", ename="E", evalue="x"),
            ],
            "stopped with an error",
        ),
        ([_answer(grade_id="other_tests", q={"a": 1, "b": 2, "c": 3, "d": 4})], "claiming"),
        ([_answer(r=1)], "was not received"),
    ],
)
def test_no_silent_pass(outputs, reason):
    """No answer, two answers, an error, another cell's answer or a missing name: 0 and why."""
    verdict = _judge(_cell(outputs=outputs))
    assert verdict.score == 0
    assert any(reason in text for text in verdict.reasons), verdict.reasons


def test_an_answer_that_is_not_plain_data_scores_zero_and_is_flagged():
    """The kernel reports an answer that is not plain data; the grader flags it for the lecturer."""
    payload = {"grade_id": "q_tests", "answers": {}, "errors": {"q": "not_plain"}}
    output = new_output("display_data", data={ANSWER_MIME: payload})
    verdict = _judge(_cell(outputs=[output]))
    assert verdict.score == 0 and verdict.flags


def test_the_result_reaches_nbgrader_through_its_own_grading_rule():
    """The rule of nbgrader (``determine_grade``) reads the verdict: full, partial and zero."""
    from nbgrader.utils import determine_grade

    for answer, expected in [({"a": 1, "b": 2, "c": 3, "d": 4}, 4), ({"a": 1}, 1), ({}, 0)]:
        nb = new_notebook(cells=[_cell(outputs=[_answer(q=answer), _note()])])
        found, flags = verdicts.judge_notebook(nb, {"q_tests": KEY}, verdicts.Context())
        assert found["q_tests"].score == expected and not flags
        assert determine_grade(nb.cells[0]) == (expected, 4)


def test_without_the_verdict_step_a_handed_over_answer_scores_zero():
    """Fail-closed: stock nbgrader gives 0 to a cell that only handed its answer over."""
    from nbgrader.utils import determine_grade

    cell = _cell(outputs=[_answer(q={"a": 1, "b": 2, "c": 3, "d": 4}), _note()])
    assert determine_grade(cell) == (0, 4)


def test_an_answer_in_a_student_cell_is_removed_and_flagged():
    """Output claiming to be a hidden test's answer in any other cell: removed and flagged."""
    student = new_code_cell("display(...)")
    student.outputs = [_answer(q={"a": 1, "b": 2, "c": 3, "d": 4})]
    nb = new_notebook(cells=[student, _cell(outputs=[_answer(q={"a": 0}), _note()])])
    found, flags = verdicts.judge_notebook(nb, {"q_tests": KEY}, verdicts.Context())
    assert found["q_tests"].score == 0
    assert flags and not student.outputs
    from sistercity.grading.export import LECTURER_ONLY

    assert all(f.startswith(LECTURER_ONLY) for f in flags), "a flag would reach the students"


def test_a_per_student_key_refuses_another_students_nim():
    """The case key is drawn in the grader, and only for the graded student's own NIM."""
    spec = {
        "grade_id": "era_tests",
        "answers": ["NIM", "era_kasus"],
        "code": [
            '_k = _sc.case_key("midterm", NIM, KODE_ANGKATAN)\n',
            "_sc.expect(era_kasus, _k.era, 'x')\n",
        ],
    }
    from sistercity import cases

    right = cases.midterm_key("2301234567", "HI-2030").era
    context = verdicts.Context(student_keys=("2301234567",), cohort="HI-2030")
    own = verdicts.run_key(spec, {"NIM": "2301234567", "era_kasus": right}, 2, context)
    other = verdicts.run_key(spec, {"NIM": "2309999999", "era_kasus": right}, 2, context)
    assert own.score == 2
    assert other.score == 0 and verdicts.NOT_YOURS in other.reasons


def test_no_hidden_test_of_a_master_judges_in_the_kernel():
    """Every hidden block of every master only hands answers over, and has a key in the grader."""
    masters = sorted(SOURCE.glob("*/*.ipynb"))
    assert len(masters) >= 14
    for path in masters:
        keys = verdicts.read_keys(SOURCE, path.parent.name)
        nb = nbformat.read(path, 4)
        for cell in nb.cells:
            parts = migrate.split_hidden(cell.source) if cell.cell_type == "code" else None
            if parts is None:
                continue
            gid = cell.metadata["nbgrader"]["grade_id"]
            assert migrate.is_converted(parts[1]), f"{path.name}:{gid} still judges in the kernel"
            assert "assert" not in parts[1], f"{path.name}:{gid} asserts in its hidden block"
            assert gid in keys and keys[gid]["answers"], f"{path.name}:{gid} has no key"
            for name in keys[gid]["answers"]:
                assert f"{name}={name}" in parts[1]


def test_keys_never_reach_students():
    """No key file is copied to the student versions or the instructor versions."""
    assert list(SOURCE.glob(f"*/{verdicts.KEY_FILE}"))
    for folder in ("exercises", "solutions"):
        assert not list((ROOT / folder).glob(f"**/{verdicts.KEY_FILE}"))


def test_migration_converts_the_old_style_and_is_idempotent(tmp_path):
    """An old-style hidden test is converted once; a second run changes nothing."""
    source = tmp_path / "source"
    shutil.copytree(SOURCE / "ex02_hukum_tiga_era", source / "ex02_hukum_tiga_era")
    master = source / "ex02_hukum_tiga_era" / "ex02_hukum_tiga_era.ipynb"
    nb = nbformat.read(master, 4)
    cell = next(
        c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "jawaban_4_tests"
    )
    before, _, after = migrate.split_hidden(cell.source)
    old = 'import sistercity.checks as _sc\n\n_sc.expect(jawaban_4, "D", "Tidak. / No.", how="letter")\n'
    cell.source = before + old + after
    nbformat.write(nb, master)
    changed, problems = migrate.migrate(source)
    assert not problems and str(master) in changed
    keys = json.loads((master.parent / verdicts.KEY_FILE).read_text())["cells"]
    assert '"D"' in "".join(keys["jawaban_4_tests"]["code"])
    assert keys["jawaban_4_tests"]["answers"] == ["jawaban_4"]
    text = master.read_text()
    assert migrate.migrate(source) == ([], [])
    assert master.read_text() == text


def test_free_names_are_the_notebooks_variables():
    """The names a key reads from the notebook, not the ones it binds or the grader supplies."""
    code = (
        "_k = _sc.case_key('midterm', NIM, KODE_ANGKATAN)\n"
        "for _d in _sc.plain(keputusan):\n    _x = [y for y in _d]\n"
        "_sc.expect(len(_x), _k.era, 'x')\n"
    )
    assert migrate.free_names(code) == ["NIM", "keputusan"]


def _expected_from_master(assignment: str):
    """What the gradebook holds for an assignment, read from its master (as generate stores it)."""
    from sistercity.grading import precheck

    nb = nbformat.read(SOURCE / assignment / f"{assignment}.ipynb", 4)
    cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id")]
    ids = {c.metadata["nbgrader"]["grade_id"]: c for c in cells}
    return precheck.Expected(
        assignment=assignment,
        notebook=assignment,
        grade_ids=set(ids),
        cell_types={g: c.cell_type for g, c in ids.items()},
        locked_sources={
            g: c.source for g, c in ids.items() if c.metadata["nbgrader"].get("locked")
        },
    )


@pytest.mark.parametrize("assignment", sorted(p.name for p in SOURCE.iterdir() if p.is_dir()))
def test_honest_versions_handed_in_carry_no_flag(assignment):
    """The instructor's and the student's versions, handed in unchanged, raise no flag or note."""
    from sistercity.grading import precheck

    expected = _expected_from_master(assignment)
    for folder in ("solutions", "exercises"):
        data = (ROOT / folder / assignment / f"{assignment}.ipynb").read_bytes()
        verdict = precheck.check(data, expected)
        assert not verdict.error and not verdict.notes, (folder, verdict)


def _solution_answers(assignment: str) -> dict:
    """The values of the instructor's version, run cell by cell in this process (no kernel)."""
    nb = nbformat.read(ROOT / "solutions" / assignment / f"{assignment}.ipynb", 4)
    namespace = {"__name__": "__solution__", "display": lambda *a, **k: None}
    for cell in nb.cells:
        if cell.cell_type == "code":
            lines = [
                ln for ln in cell.source.splitlines() if not ln.lstrip().startswith(("%", "!"))
            ]
            exec(compile("\n".join(lines), assignment, "exec"), namespace)  # noqa: S102
    return namespace


@pytest.mark.slow
@pytest.mark.parametrize("assignment", sorted(p.name for p in SOURCE.iterdir() if p.is_dir()))
def test_the_keys_give_the_instructors_version_full_marks(assignment, monkeypatch):
    """Run in the grader's way, every key gives the solution's answers every point."""
    import matplotlib

    matplotlib.use("Agg")
    monkeypatch.chdir(ROOT / "solutions" / assignment)
    values = _solution_answers(assignment)
    nim = str(values.get("NIM", ""))
    context = verdicts.Context(student_keys=(nim,), cohort=str(values.get("KODE_ANGKATAN", "")))
    keys = verdicts.read_keys(SOURCE, assignment)
    assert keys
    for gid, spec in keys.items():
        answers = {name: verdicts.plain(values[name]) for name in spec["answers"]}
        answers = json.loads(json.dumps(answers, default=sorted))
        verdict = verdicts.run_key(spec, answers, 3, context)
        assert verdict.score == 3, (gid, verdict.reasons)


def test_a_mistyped_nim_is_named_with_the_scores_of_both_cases(tmp_path):
    """One digit wrong: the cells score 0, and one note names both NIMs and both cases' points."""
    from sistercity import cases

    cohort, roster, typed = "HI-2030", "2301234567", "2301234568"
    code = '_k = _sc.case_key("midterm", NIM, KODE_ANGKATAN)\n'
    keys = {
        "era_tests": {
            "answers": ["NIM", "era_kasus"],
            "code": [code, "_sc.expect(era_kasus, _k.era, 'x')\n"],
        },
        "tipe_tests": {
            "answers": ["NIM", "tipologi"],
            "code": [code, "_sc.expect(tipologi, _k.typology, 'x')\n"],
        },
    }
    (tmp_path / "source" / "uts").mkdir(parents=True)
    (tmp_path / "source" / "uts" / verdicts.KEY_FILE).write_text(json.dumps({"cells": keys}))
    right, other = cases.midterm_key(roster, cohort), cases.midterm_key(typed, cohort)
    locked = new_code_cell(f'KODE_ANGKATAN = "{cohort}"')
    locked.metadata["nbgrader"] = {"locked": True, "grade_id": "kode", "grade": False}
    nb = new_notebook(
        cells=[
            locked,
            _cell("era_tests", [_answer("era_tests", NIM=typed, era_kasus=right.era)], 3),
            _cell("tipe_tests", [_answer("tipe_tests", NIM=typed, tipologi=right.typology)], 2),
        ]
    )
    step = verdicts.JudgeAnswers(source_dir=str(tmp_path / "source"))
    nb, _ = step.preprocess(nb, {"nbgrader": {"assignment": "uts", "student": roster}})
    meta = nb.metadata["sistercity"]
    assert all(v["score"] == 0 for v in meta["verdicts"].values())
    notes = [f for f in meta["flags"] if typed in f]
    assert len(notes) == 1 and roster in notes[0] and notes[0].startswith("UNTUK DOSEN")
    written = 3 * (right.era == other.era) + 2 * (right.typology == other.typology)
    own = verdicts.Context(student_keys=(roster,), cohort=cohort)
    answers = {"NIM": roster, "era_kasus": right.era, "tipologi": right.typology}
    earned = sum(
        verdicts.run_key({**spec, "grade_id": gid}, answers, p, own).score
        for (gid, spec), p in zip(keys.items(), (3, 2), strict=True)
    )
    assert f"{earned:g} dari 5 poin terhadap kasus NIM daftar" in notes[0] and earned == 5
    assert f"{written:g} dari 5 poin terhadap kasus NIM tertulis" in notes[0]
    assert f"{written:g} of 5 against the written number's case" in notes[0]
