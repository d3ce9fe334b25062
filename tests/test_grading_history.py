"""Re-grading keeps what earlier runs recorded; pending manual grading never goes out unwarned.

One copy of the real course (a fresh clone: no gradebook) is graded three times, as a lecturer
would over a semester, with nbgrader and the course's ex01 and ex02 masters.
"""

from __future__ import annotations

import contextlib
import csv
import html
import io
import re
import shutil
import sqlite3
import zipfile
from pathlib import Path

import nbformat
import pytest

from sistercity.cli import main

from .notebook_tools import solved_notebook

ROOT = Path(__file__).resolve().parents[1]
A = "ex01_kota_kembar"
OTHER = "ex02_hukum_tiga_era"


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name, (2026, 3, 1, 10, 0, 0)), data)
    return path


def _solved(assignment: str) -> bytes:
    """The released notebook with every answer cell of the solution filled in."""
    return nbformat.writes(solved_notebook(assignment)).encode()


def fresh_course(tmp: Path) -> Path:
    """A copy of the repository's course as a fresh clone has it (no gradebook, no results)."""
    shutil.copytree(
        ROOT / "course",
        tmp / "course",
        ignore=shutil.ignore_patterns(
            "gradebook.db*", "grading", "submitted", "autograded", "feedback"
        ),
    )
    shutil.copytree(ROOT / "exercises", tmp / "exercises")
    shutil.copytree(ROOT / "solutions", tmp / "solutions")
    return tmp / "course"


def _run(capsys, *args) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(scope="module")
def semester(tmp_path_factory):
    """Three downloads graded in turn: first uploads, a re-download, another assignment's."""
    tmp = tmp_path_factory.mktemp("semester")
    course = fresh_course(tmp)
    ex01 = _solved(A)
    blank = (ROOT / "exercises" / A / f"{A}.ipynb").read_bytes()
    first = _zip(
        tmp / "first.zip",
        {
            f"Siti Nurhaliza_4242_assignsubmission_file/{A}.ipynb": ex01,
            f"Budi Santoso_4243_assignsubmission_file/{A}.ipynb": blank,
            f"Dewi Lestari_4244_assignsubmission_file/{A}.ipynb": ex01,
            f"Fajar Nugroho_4247_assignsubmission_file/{A}.ipynb": ex01,
        },
    )
    second = _zip(
        tmp / "second.zip",
        {
            # Her newest upload is a Word file; his is online text; Dewi is not in it at all.
            "Siti Nurhaliza_4242_assignsubmission_file/esai siti.docx": b"PK\x03\x04 docx",
            "Budi Santoso_4243_assignsubmission_onlinetext/onlinetext.html": b"<p>maaf</p>",
            f"Citra Ayu_4245_assignsubmission_file/{A}.ipynb": ex01,
            # A newer upload that cannot be graded (an empty file).
            f"Fajar Nugroho_4247_assignsubmission_file/{A}.ipynb": b"",
        },
    )
    wrong = _zip(
        tmp / "ex02.zip",
        {f"Eko Prasetyo_4246_assignsubmission_file/{OTHER}.ipynb": _solved(OTHER)},
    )
    runs = {}
    for name, download in (("first", first), ("second", second), ("wrong", wrong)):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(
                ["grade", A, "--from", str(download), "--course", str(course), "--jobs", "2"]
            )
        assert code == 0, err.getvalue()[-3000:]
        runs[name] = out.getvalue()
    return course, runs


def _export(capsys, course, *extra) -> tuple[list[dict], str]:
    code, out, err = _run(capsys, "export", "--course", str(course), *extra)
    assert code == 0, err
    return list(csv.DictReader(io.StringIO(out))), err


@pytest.mark.nbgrader
def test_regrade_keeps_an_earlier_result_when_the_new_upload_is_no_notebook(semester, capsys):
    """A .docx or online text in a newer download keeps the earlier graded notebook, noted."""
    course, runs = semester
    second = runs["second"]
    kept = second[second.index("Nilai sebelumnya dipertahankan") :]
    assert "siti-nurhaliza: esai siti.docx" in kept and "budi-santoso: onlinetext.html" in kept
    assert re.search(r"fajar-nugroho: .*empty file", kept)
    assert re.search(r"Tidak ada di unduhan ini.*: dewi-lestari", second)
    assert re.search(r"Dinilai pertama kali / Graded for the first time: citra-ayu", second)
    rows, _ = _export(capsys, course)
    by_id = {r["student_id"]: r for r in rows if r["assignment"] == A}
    # 7 autograded points of 10; the written answers wait for the lecturer.
    for student in ("siti-nurhaliza", "dewi-lestari", "citra-ayu", "fajar-nugroho"):
        assert by_id[student]["score"] == "7.0", by_id[student]
        assert by_id[student]["status"] == "needs manual grading"
    assert "esai siti.docx" in by_id["siti-nurhaliza"]["comment"]
    assert "earlier result kept" in by_id["siti-nurhaliza"]["comment"]
    assert by_id["budi-santoso"]["status"] == "graded" and by_id["budi-santoso"]["score"] == "0.0"
    assert "onlinetext.html" in by_id["budi-santoso"]["comment"]
    assert "empty file" in by_id["fajar-nugroho"]["comment"]
    # The graded copies stay: the empty upload did not replace Fajar's notebook or its results.
    assert (course / "submitted" / "fajar-nugroho" / A / f"{A}.ipynb").stat().st_size > 0
    assert (course / "autograded" / "fajar-nugroho" / A / f"{A}.ipynb").exists()
    assert "dewi-lestari" not in runs["second"].split("----\n", 2)[1]  # not a row of the run
    # The graded copy is still the notebook, not the Word file.
    submitted = course / "submitted" / "siti-nurhaliza" / A / f"{A}.ipynb"
    assert nbformat.reads(submitted.read_text(encoding="utf-8"), 4).cells


@pytest.mark.nbgrader
def test_pending_manual_grading_stays_out_of_moodle_and_is_named(semester, capsys):
    """Export names who awaits manual grading; Moodle gets no grade for them unless asked."""
    course, _ = semester
    rows, err = _export(capsys, course, "--format", "moodle")
    grades = {r["Full name"]: r for r in rows}
    assert grades["Siti Nurhaliza"][A] == ""
    assert "menunggu penilaian manual" in grades["Siti Nurhaliza"][f"{A} - feedback"]
    assert "awaiting manual grading" in grades["Siti Nurhaliza"][f"{A} - feedback"]
    assert grades["Budi Santoso"][A] == "0.0"
    assert "menunggu penilaian manual" in err and "await manual grading" in err
    warning = next(line for line in err.splitlines() if "await manual grading" in line)
    assert warning.endswith(": citra-ayu, dewi-lestari, fajar-nugroho, siti-nurhaliza")
    rows, err = _export(capsys, course, "--format", "moodle", "--include-pending")
    assert {r["Full name"]: r[A] for r in rows}["Siti Nurhaliza"] == "7.0"
    assert "--include-pending" in err


@pytest.mark.nbgrader
def test_feedback_says_written_answers_await_grading(semester, capsys):
    """The feedback page of a pending student never shows 0 points as final; both languages."""
    course, _ = semester
    code, out, err = _run(capsys, "feedback", A, "--course", str(course))
    assert code == 0, out + err
    assert "siti-nurhaliza" in err and "menunggu penilaian manual" in err
    assert "halaman umpan balik" in out and "feedback pages" in out
    page = (course / "feedback" / "siti-nurhaliza" / A / f"{A}.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))
    assert '<html lang="id">' in page
    assert "Nilai sementara / Provisional score: 7.0 / 10.0" in text
    assert "menunggu penilaian dosen / awaits the lecturer's grading" in text
    assert "Score: 0.0 / 3.0" not in text and "Written response" not in text
    assert "Jawaban Anda / Your answer" in text
    graded = (course / "feedback" / "budi-santoso" / A / f"{A}.html").read_text(encoding="utf-8")
    assert "menunggu penilaian" not in graded and "Nilai / Score: 0.0 / 10.0" in html.unescape(
        re.sub(r"<[^>]+>", " ", graded)
    )


@pytest.mark.nbgrader
def test_another_assignment_is_named_and_forget_removes_it(semester, capsys):
    """ex02 graded as ex01 is "another assignment" (no FLAG); --forget leaves a sound gradebook."""
    from nbgrader.api import Gradebook, MissingEntry

    course, runs = semester
    line = next(x for x in runs["wrong"].splitlines() if x.startswith("eko-prasetyo"))
    assert "another assignment" in line and OTHER in line and "FLAG" not in line
    assert "KeyError" not in runs["wrong"]
    assert f"sistercity grade --forget {A}" in runs["wrong"]
    assert not (course / "submitted" / "eko-prasetyo").exists()
    rows, _ = _export(capsys, course)
    assert "eko-prasetyo" in {r["student_id"] for r in rows}
    code, out, _ = _run(capsys, "grade", A, "eko-prasetyo", "--forget", "--course", str(course))
    assert code == 0 and "eko-prasetyo" in out
    rows, _ = _export(capsys, course)
    assert "eko-prasetyo" not in {r["student_id"] for r in rows}
    assert not [r for r in rows if r["status"].startswith("failed")]
    # Forget a graded student: the gradebook loses her submission and stays sound.
    db = course / "gradebook.db"
    code, _, _ = _run(capsys, "grade", "--forget", A, "dewi-lestari", "--course", str(course))
    assert code == 0
    with Gradebook(f"sqlite:///{db}", "sistercity") as gb:
        with pytest.raises(MissingEntry):
            gb.find_submission(A, "dewi-lestari")
        with pytest.raises(MissingEntry):
            gb.find_student("dewi-lestari")
        assert gb.find_submission(A, "siti-nurhaliza").score == 7.0
        left = {s.student_id for s in gb.find_assignment(A).submissions}
    assert left == {"siti-nurhaliza", "budi-santoso", "citra-ayu", "fajar-nugroho"}
    assert not (course / "autograded" / "dewi-lestari").exists()
    assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows, _ = _export(capsys, course)
    assert "dewi-lestari" not in {r["student_id"] for r in rows}
    # The whole assignment.
    code, out, _ = _run(capsys, "grade", "--forget", A, "--course", str(course))
    assert code == 0
    with Gradebook(f"sqlite:///{db}", "sistercity") as gb:
        assert gb.find_assignment(A).submissions == []
        assert gb.students == []
    assert not (course / "grading" / A / "status.json").exists()
    code, _, err = _run(capsys, "grade", "--forget", A, "--course", str(course))
    assert code == 2 and "nothing was recorded" in err


@pytest.mark.nbgrader
def test_a_mistyped_assignment_lists_the_masters_in_a_fresh_course(tmp_path, capsys):
    """In a fresh clone (no gradebook) a misspelt name lists course/source and suggests the nearest."""
    course = fresh_course(tmp_path)
    download = _zip(tmp_path / "d.zip", {"Siti_1_assignsubmission_file/a.ipynb": b"{}"})
    code, _, err = _run(
        capsys, "grade", "ex01_kota_kembr", "--from", str(download), "--course", str(course)
    )
    assert code == 2
    assert "Maksud Anda ex01_kota_kembar?" in err and "Did you mean ex01_kota_kembar?" in err
    masters = sorted(p.name for p in (course / "source").iterdir() if p.is_dir())
    assert len(masters) > 10
    for name in masters:
        assert name in err
    assert "(there are: -)" not in err
    assert not (course / "gradebook.db").exists()
