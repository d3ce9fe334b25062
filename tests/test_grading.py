"""Tests of the lecturer's grading workflow: LMS names, pre-checks, limits, grade/feedback/export."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import subprocess
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import nbformat
import pytest

from sistercity.cli import main
from sistercity.grading import democourse, export, lms, precheck
from sistercity.grading.preprocessors import ScrubHiddenTests

from .notebook_tools import solved_notebook

ROOT = Path(__file__).resolve().parents[1]


def _zip(path: Path, members: dict[str, bytes], when=(2026, 3, 1, 10, 0, 0)) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=when), data)
    return path


def _expected() -> precheck.Expected:
    master = democourse.master_notebook()
    ids = {c.metadata["nbgrader"]["grade_id"] for c in master.cells}
    return precheck.Expected(
        assignment=democourse.ASSIGNMENT,
        notebook=democourse.ASSIGNMENT,
        grade_ids=ids,
        cell_types={c.metadata["nbgrader"]["grade_id"]: c.cell_type for c in master.cells},
        locked_sources={
            c.metadata["nbgrader"]["grade_id"]: c.source
            for c in master.cells
            if c.metadata["nbgrader"]["locked"]
        },
        other_assignments={"ps_other": {"q_other"}},
    )


def _release_like() -> nbformat.NotebookNode:
    nb = democourse.master_notebook()
    nb.cells[2].source = precheck.HIDDEN_BLOCK.sub("", nb.cells[2].source)
    return nb


def test_moodle_zip_files_and_folders_are_attributed(tmp_path):
    """Moodle's flat files and per-student folders both give the name slug and participant id."""
    nb = nbformat.writes(_release_like()).encode()
    source = _zip(
        tmp_path / "moodle.zip",
        {
            "Siti Nurhaliza_123456_assignsubmission_file_ex01.ipynb": nb,
            "Budi Santoso_123457_assignsubmission_file/tugas satu.ipynb": nb,
            "Budi Santoso_123457_assignsubmission_onlinetext_onlinetext.html": b"<p>hi</p>",
            "README.txt": b"x",
            "loose.ipynb": nb,
        },
    )
    found, unmatched = lms.scan(source)
    assert {(c.student_id, c.lms_id, c.source) for c in found} == {
        ("siti-nurhaliza", "123456", "moodle"),
        ("budi-santoso", "123457", "moodle"),
    }
    assert {u.path for u in unmatched} == {
        "Budi Santoso_123457_assignsubmission_onlinetext_onlinetext.html",
        "README.txt",
        "loose.ipynb",
    }


def test_classroom_names_and_student_folders(tmp_path):
    """Google Classroom's "Name - file" copies and per-student folders are both read."""
    data = nbformat.writes(_release_like())
    (tmp_path / "Dewi Lestari - ex01.ipynb").write_text(data)
    (tmp_path / "Rizky Pratama").mkdir()
    (tmp_path / "Rizky Pratama" / "ex01.ipynb").write_text(data)
    found, unmatched = lms.scan(tmp_path)
    assert sorted((c.student_id, c.source) for c in found) == [
        ("dewi-lestari", "classroom"),
        ("rizky-pratama", "folder"),
    ]
    assert unmatched == []


def test_slug_is_stable_and_handles_non_latin_names():
    """Accents are folded, and a name without Latin letters still gets a stable id."""
    assert lms.slugify("Ñoño Sánchez") == "nono-sanchez"
    cyrillic = lms.slugify("Иван Петров")
    assert cyrillic.startswith("s-") and cyrillic == lms.slugify("Иван Петров")
    assert cyrillic != lms.slugify("Ольга Петрова")


def test_same_name_two_participants_are_kept_apart(tmp_path):
    """Two Moodle participants with the same name do not collapse into one student."""
    nb = nbformat.writes(_release_like()).encode()
    source = _zip(
        tmp_path / "m.zip",
        {
            "Agus_11_assignsubmission_file_a.ipynb": nb,
            "Agus_12_assignsubmission_file_a.ipynb": nb,
        },
    )
    found, _ = lms.scan(source)
    assert sorted(c.student_id for c in found) == ["agus-11", "agus-12"]


def test_precheck_reports_broken_submissions_clearly():
    """Empty, non-JSON, foreign and tampered notebooks each get a specific message."""
    expected = _expected()
    assert "empty" in precheck.check(b"", expected).error
    assert "JSON" in precheck.check(b'{"cells": [', expected).error
    other = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "x = 1", metadata={"nbgrader": {"grade_id": "q_other", "solution": True}}
            )
        ]
    )
    assert "ps_other" in precheck.check(nbformat.writes(other).encode(), expected).error
    nb = _release_like()
    nb.cells.insert(2, nbformat.v4.new_code_cell(nb.cells[1].source, metadata=nb.cells[1].metadata))
    nb.cells[3].source = "assert True"
    del nb.cells[4]
    verdict = precheck.check(nbformat.writes(nb).encode(), expected)
    assert verdict.error == ""
    text = " ".join(verdict.notes)
    assert "answer_squares" in text and "FLAG" in text and "explain_q" in text


def test_precheck_repairs_changed_cell_type_in_the_grading_copy_only():
    """A code answer turned into Markdown is set back to code in the copy that is graded."""
    nb = _release_like()
    nb.cells[1] = nbformat.v4.new_markdown_cell(nb.cells[1].source, metadata=nb.cells[1].metadata)
    data = nbformat.writes(nb).encode()
    verdict = precheck.check(data, _expected())
    assert "answer_squares" in " ".join(verdict.notes)
    repaired = nbformat.reads(precheck.repair(data, _expected()).decode(), 4)
    assert repaired.cells[1].cell_type == "code"
    assert nbformat.reads(data.decode(), 4).cells[1].cell_type == "markdown"


def test_scrub_hidden_tests_removes_traceback_context():
    """A traceback quoting a hidden-test line is cut down to the error name and message."""
    nb = democourse.master_notebook()
    nb.cells[2].outputs = [
        nbformat.v4.new_output(
            "error",
            ename="AssertionError",
            evalue="",
            traceback=["\x1b[32m----> 4\x1b[39m " + democourse.HIDDEN_ASSERT.replace(" ", "  ")],
        ),
        nbformat.v4.new_output("stream", name="stdout", text="visible output\n"),
    ]
    ScrubHiddenTests().preprocess(nb, {})
    assert "RAHASIA" not in json.dumps(nb.cells[2].outputs)
    assert nb.cells[2].outputs[0]["ename"] == "AssertionError"
    assert nb.cells[2].outputs[1]["text"] == "visible output\n"


def test_kernel_wrapper_enforces_wall_clock_and_memory(tmp_path):
    """The wrapper kills a process at the wall-clock limit and caps its address space."""
    report = tmp_path / "report.json"
    code = subprocess.run(
        [
            sys.executable,
            "-m",
            "sistercity.grading.kernels.kernel_wrapper",
            "0:0:1:0",
            str(report),
            "--",
            sys.executable,
            "-c",
            "import time; time.sleep(30)",
        ],
        timeout=20,
    ).returncode
    assert code == 137
    assert json.loads(report.read_text())["reason"] == "wall_clock"
    hog = subprocess.run(
        [
            sys.executable,
            "-m",
            "sistercity.grading.kernels.kernel_wrapper",
            "300:0:0:0",
            "",
            "--",
            sys.executable,
            "-c",
            "x = bytearray(600 * 2**20)",
        ],
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert hog.returncode == 1 and "MemoryError" in hog.stderr


def test_moodle_export_maps_roster_and_leaves_failures_empty(tmp_path):
    """The Moodle CSV takes email and ID number from a roster and never turns a failure into 0."""
    rows = [
        {
            "assignment": "ex01",
            "student_id": "siti-nurhaliza",
            "name": "Siti Nurhaliza",
            "score": 4.0,
            "max_score": 5.0,
            "status": "graded",
            "comment": "",
        },
        {
            "assignment": "ex01",
            "student_id": "budi-santoso",
            "name": "Budi Santoso",
            "score": "",
            "max_score": 5.0,
            "status": "could not be graded",
            "comment": "empty file",
        },
    ]
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "First name,Last name,ID number,Email address\n"
        "Siti,Nurhaliza,2301,siti@kampus.ac.id\nBudi,Santoso,2302,budi@kampus.ac.id\n"
    )
    text, missing = export.to_moodle(rows, export.read_roster(roster))
    table = {r["Full name"]: r for r in csv.DictReader(io.StringIO(text))}
    assert missing == []
    assert table["Siti Nurhaliza"]["Email address"] == "siti@kampus.ac.id"
    assert table["Siti Nurhaliza"]["ex01"] == "4.0"
    assert table["Budi Santoso"]["ex01"] == ""
    assert "empty file" in table["Budi Santoso"]["ex01 - feedback"]


def test_commands_have_help(capsys):
    """grade, feedback and export each answer --help, and grade's help names the LMS patterns."""
    for name in ("grade", "feedback", "export"):
        with pytest.raises(SystemExit) as stop:
            main([name, "--help"])
        assert stop.value.code == 0
        out = capsys.readouterr().out
        assert "--course" in out
        if name == "grade":
            assert "assignsubmission_file" in out and "<Nama Lengkap> - <berkas>" in out


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    """A demo course with five graded Moodle submissions, from a zip download."""
    tmp = tmp_path_factory.mktemp("grading")
    course = democourse.build_course(tmp)
    folder = tmp / "download"
    expected = democourse.write_class(course, folder, 5)
    members = {p.name: p.read_bytes() for p in sorted(folder.iterdir())}
    download = _zip(tmp / "moodle.zip", members)
    out = io.StringIO()
    sys_stdout = sys.stdout
    sys.stdout = out
    try:
        code = main(
            ["grade", democourse.ASSIGNMENT, "--from", str(download), "--course", str(course)]
        )
    finally:
        sys.stdout = sys_stdout
    return course, expected, code, out.getvalue(), members


@pytest.mark.nbgrader
def test_grade_prints_one_row_per_student_with_scores(graded_class):
    """Every student of the zip gets a row whose auto score matches the submission."""
    course, expected, code, table, _ = graded_class
    assert code == 0
    status = json.loads((course / "grading" / democourse.ASSIGNMENT / "status.json").read_text())
    assert {s: row["score"] for s, row in status.items()} == expected
    for student in expected:
        assert student in table
    assert "needs manual grading" in table


@pytest.mark.nbgrader
def test_grade_keeps_submitted_files_byte_for_byte(graded_class):
    """The course's submitted copies are exactly the students' bytes, with a timestamp."""
    course, _, _, _, members = graded_class
    for name, data in members.items():
        student = lms.slugify(name.split("_")[0])
        folder = course / "submitted" / student / democourse.ASSIGNMENT
        assert (folder / f"{democourse.ASSIGNMENT}.ipynb").read_bytes() == data
        assert (folder / "timestamp.txt").read_text().startswith("2026-03-01 10:00:00")


@pytest.mark.nbgrader
def test_feedback_never_contains_hidden_tests(graded_class, capsys):
    """No feedback page quotes a hidden assert, in source or traceback, escaped or not."""
    course, expected, _, _, _ = graded_class
    assert main(["feedback", democourse.ASSIGNMENT, "--course", str(course)]) == 0
    pages = list((course / "feedback").glob(f"*/{democourse.ASSIGNMENT}/*.html"))
    assert len(pages) == len(expected)
    wrong = [p for p in pages if "contoh-002" in str(p)]
    assert wrong, "a failing student must be among the pages"
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for variant in (text, html.unescape(text)):
            assert "RAHASIA-HIDDEN-7" not in variant
            assert "squares(7)" not in variant.replace('<span class="ansi-green-fg">', "")
    # The grader's verdict replaces the test cell's traceback: the student reads why, not the code.
    shown = html.unescape(wrong[0].read_text(encoding="utf-8"))
    assert "The test cell stopped with an error" in shown
    assert "squares(1) harus [1]" in shown


@pytest.mark.nbgrader
def test_export_csv_and_moodle(graded_class, tmp_path, capsys):
    """The CSV export has a row per student with score, maximum and status; Moodle's has columns."""
    course, expected, _, _, _ = graded_class
    target = tmp_path / "grades.csv"
    assert main(["export", "--course", str(course), "--output", str(target)]) == 0
    capsys.readouterr()
    rows = list(csv.DictReader(target.open()))
    assert {r["student_id"]: float(r["score"]) for r in rows} == expected
    assert {r["max_score"] for r in rows} == {"5.0"}
    assert main(["export", "--course", str(course), "--format", "moodle"]) == 0
    header = capsys.readouterr().out.splitlines()[0]
    assert header == "Email address,ID number,Full name,ps_demo,ps_demo - feedback,ps_demo - notes"


@pytest.mark.nbgrader
def test_comment_bank_lists_manual_questions_in_both_languages(graded_class, capsys):
    """--comments shows the bank for the manual question, in Indonesian and English."""
    course, _, _, _, _ = graded_class
    (course / "comment_bank.csv").write_bytes((ROOT / "course" / "comment_bank.csv").read_bytes())
    assert main(["grade", democourse.ASSIGNMENT, "--comments", "--course", str(course)]) == 0
    out = capsys.readouterr().out
    assert "explain (3 poin / points)" in out
    assert "Penjelasan tepat" in out and "Correct explanation" in out
    assert (course / "grading" / democourse.ASSIGNMENT / "comment_bank.html").exists()


def test_comment_bank_has_both_languages_in_every_row():
    """Every comment in the course's bank is written in Indonesian and in English."""
    with open(ROOT / "course" / "comment_bank.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    for row in rows:
        assert row["comment_id"].strip() and row["comment_en"].strip()
        assert row["comment_id"] != row["comment_en"]


def test_progress_bar_is_plain_text_without_tty():
    """Without a terminal the progress bar writes one plain line per finished student."""
    from sistercity.grading.report import Progress

    stream = io.StringIO()
    bar = Progress(2, stream)
    bar.step("a")
    bar.step("b")
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2 and lines[-1].startswith("[" + "#" * 30 + "] 2/2")
    assert "\r" not in stream.getvalue()


def test_timestamps_are_taken_from_the_zip(tmp_path):
    """The zip entry time is each candidate's timestamp, so the latest upload can win."""
    nb = nbformat.writes(_release_like()).encode()
    source = _zip(
        tmp_path / "m.zip", {"A B_1_assignsubmission_file_x.ipynb": nb}, (2026, 4, 2, 8, 30, 0)
    )
    found, _ = lms.scan(source)
    assert found[0].timestamp == datetime(2026, 4, 2, 8, 30)


@pytest.mark.nbgrader
@pytest.mark.skipif(
    not (ROOT / "course" / "source" / "ex01_kota_kembar").exists(), reason="ex01 not written yet"
)
def test_real_ex01_grades_solution_full_and_blank_zero(tmp_path, capsys):
    """The course's ex01: the instructor version earns every autograded point, the blank none."""
    import shutil

    course = tmp_path / "course"
    shutil.copytree(
        ROOT / "course" / "source" / "ex01_kota_kembar", course / "source" / "ex01_kota_kembar"
    )
    shutil.copy(ROOT / "course" / "nbgrader_config.py", course / "nbgrader_config.py")
    subprocess.run(
        [sys.executable, "-m", "nbgrader", "generate_assignment", "ex01_kota_kembar", "--create"],
        cwd=course,
        check=True,
        capture_output=True,
        env=democourse.child_env(),
    )
    download = tmp_path / "classroom"
    download.mkdir()
    shutil.copy(
        ROOT / "solutions" / "ex01_kota_kembar" / "ex01_kota_kembar.ipynb",
        download / "Siti Nurhaliza - ex01_kota_kembar.ipynb",
    )
    shutil.copy(
        tmp_path / "exercises" / "ex01_kota_kembar" / "ex01_kota_kembar.ipynb",
        download / "Budi Santoso - ex01_kota_kembar.ipynb",
    )
    assert (
        main(["grade", "ex01_kota_kembar", "--from", str(download), "--course", str(course)]) == 0
    )
    capsys.readouterr()
    status = json.loads((course / "grading" / "ex01_kota_kembar" / "status.json").read_text())
    assert status["siti-nurhaliza"]["score"] == 7.0
    assert status["budi-santoso"]["score"] == 0.0
    assert main(["feedback", "ex01_kota_kembar", "--course", str(course)]) == 0
    master = nbformat.read(course / "source" / "ex01_kota_kembar" / "ex01_kota_kembar.ipynb", 4)
    hidden = []
    for cell in master.cells:
        for block in precheck.HIDDEN_BLOCK.findall(cell.source):
            hidden += [ln.strip() for ln in block.splitlines()[1:-1] if len(ln.strip()) > 12]
    # Text that the student version shows too (``jumlah_provinsi,``) is no secret.
    released = nbformat.read(
        tmp_path / "exercises" / "ex01_kota_kembar" / "ex01_kota_kembar.ipynb", 4
    )
    visible = "\n".join(cell.source for cell in released.cells)
    hidden = [line for line in hidden if line not in visible]
    assert hidden
    for page in (course / "feedback").glob("*/ex01_kota_kembar/*.html"):
        text = html.unescape(page.read_text(encoding="utf-8"))
        text = re.sub(r"<[^>]+>", "", text)
        for line in hidden:
            assert line not in text, f"hidden test line leaked into {page.name}: {line}"


@pytest.mark.nbgrader
@pytest.mark.timeout(600)
def test_first_grading_on_a_fresh_clone_needs_no_nbgrader_knowledge(tmp_path):
    """On a fresh clone (no gradebook) and without the venv on PATH, `grade` adds the assignment and grades."""
    import os
    import shutil

    assignment = "ex01_kota_kembar"
    repo = tmp_path / "repo"
    shutil.copytree(
        ROOT / "course",
        repo / "course",
        ignore=shutil.ignore_patterns(
            "gradebook.db*", "grading", "submitted", "autograded", "feedback"
        ),
    )
    shutil.copytree(ROOT / "exercises", repo / "exercises")
    shutil.copytree(ROOT / "solutions", repo / "solutions")
    released = solved_notebook(assignment)
    download = tmp_path / "moodle"
    download.mkdir()
    nbformat.write(
        released, download / f"Siti Nurhaliza_4242_assignsubmission_file_{assignment}.ipynb"
    )
    env = {k: v for k, v in os.environ.items() if k != "SISTERCITY_COURSE"}
    env["PATH"] = (
        "/usr/bin:/bin"  # as when a lecturer runs .venv/bin/sistercity without activating it
    )
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("sistercity")),
            "grade",
            assignment,
            "--from",
            str(download),
            "--course",
            str(repo / "course"),
            "--jobs",
            "1",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=550,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "added to the gradebook" in result.stderr
    row = next(line for line in result.stdout.splitlines() if "siti-nurhaliza" in line)
    # 7 autograded points of 10; the 3 manual points wait for the lecturer.
    assert "7/10" in row and "needs manual grading" in row and "FLAG" not in row, result.stdout
    assert not (repo / "exercises" / assignment / ".ipynb_checkpoints").exists()
    assert (repo / "exercises" / assignment / f"{assignment}.ipynb").read_bytes() == (
        ROOT / "exercises" / assignment / f"{assignment}.ipynb"
    ).read_bytes()
