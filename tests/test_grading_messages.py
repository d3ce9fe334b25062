"""Every message grade, export and feedback give for bad input is in both languages, Indonesian first."""

from __future__ import annotations

import nbformat
import pytest

from sistercity.cli import main
from sistercity.grading import democourse

A = democourse.ASSIGNMENT


@pytest.fixture
def course(tmp_path):
    """A course folder with the demo master and the course's settings (nothing graded yet)."""
    folder = tmp_path / "course"
    (folder / "source" / A).mkdir(parents=True)
    (folder / "nbgrader_config.py").write_text(democourse.CONFIG, encoding="utf-8")
    nbformat.write(democourse.master_notebook(), folder / "source" / A / f"{A}.ipynb")
    return folder


CASES = [
    (["grade", A], 2, "beri --from", "give --from"),
    (["grade", A, "--from", "{tmp}/nowhere.zip"], 2, "tidak ada", "does not exist"),
    (["grade", A, "--from", "{tmp}/notes.txt"], 2, "bukan zip", "is not a zip"),
    (["grade", "ps_dmo", "--from", "{tmp}"], 2, "Maksud Anda ps_demo?", "Did you mean ps_demo?"),
    (["grade", A, "siti"], 2, "hanya dipakai bersama --forget", "only used with --forget"),
    (["grade", "--forget", A], 2, "tidak ada catatan penilaian", "nothing was recorded"),
    (["export", "--roster", "{tmp}/missing.csv"], 2, "tidak bisa dibaca", "cannot be read"),
    (["feedback", "ps_dmo"], 2, "Tugas 'ps_dmo' tidak ada", "There is no assignment 'ps_dmo'"),
    (["feedback", A], 1, "Belum ada tugas ps_demo", "No autograded submissions of ps_demo"),
]


@pytest.mark.nbgrader
@pytest.mark.parametrize(("args", "code", "indonesian", "english"), CASES)
def test_bad_input_is_answered_in_both_languages(course, capsys, args, code, indonesian, english):
    """A mistake gets its exit code and one message with the Indonesian text before the English."""
    tmp = course.parent
    (tmp / "notes.txt").write_text("not a zip", encoding="utf-8")
    argv = [a.replace("{tmp}", str(tmp)) for a in args] + ["--course", str(course)]
    assert main(argv) == code
    out = capsys.readouterr()
    text = out.out + out.err
    assert indonesian in text and english in text, text
    assert text.index(indonesian) < text.index(english), text


@pytest.mark.parametrize("command", ["grade", "export", "feedback"])
def test_a_folder_that_is_no_course_is_named_in_both_languages(tmp_path, capsys, command):
    """--course pointing at a folder without nbgrader_config.py says so, Indonesian first."""
    args = [command, *([A] if command != "export" else []), "--course", str(tmp_path)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.index("bukan folder mata kuliah") < err.index("is not an nbgrader course folder")


@pytest.mark.parametrize("command", ["grade", "export", "feedback"])
def test_help_is_in_both_languages(capsys, command):
    """The description and every option of --help are in Indonesian, then English."""
    with pytest.raises(SystemExit):
        main([command, "--help"])
    out = capsys.readouterr().out
    assert "folder mata kuliah nbgrader / nbgrader course folder" in out
    first = {"grade": "nilai satu kelas", "export": "ekspor nilai", "feedback": "tulis umpan"}
    assert first[command] in out
