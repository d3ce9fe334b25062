"""Nothing is lost between an LMS download and the export: every student has a row and a status."""

from __future__ import annotations

import csv
import io
import zipfile

import nbformat
import pytest

from sistercity.cli import main
from sistercity.grading import democourse, export, lms

A = democourse.ASSIGNMENT


def _zip(path, members: dict[str, bytes]):
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name, (2026, 3, 1, 10, 0, 0)), data)
    return path


def _release_like() -> bytes:
    return nbformat.writes(democourse.student_notebook(democourse.master_notebook(), None)).encode()


def test_moodle_layouts_are_read_or_named(tmp_path):
    """Folders, flat files, blind marking, groups, online text and feedback files in one zip."""
    nb = _release_like()
    source = _zip(
        tmp_path / "moodle.zip",
        {
            # Moodle's default: "Download submissions in folders".
            "Siti Nurhaliza_501_assignsubmission_file/notebook.ipynb": nb,
            "Siti Nurhaliza_501_assignsubmission_onlinetext/onlinetext.html": b"<p>catatan</p>",
            # Preference off: flat names.
            "Budi Santoso_502_assignsubmission_file_ps_demo.ipynb": nb,
            # Blind marking.
            "Participant_503_assignsubmission_file/ps_demo.ipynb": nb,
            # Group submissions, with and without a group id.
            "Kelompok Merah_77_assignsubmission_file/ps_demo.ipynb": nb,
            "Default group_assignsubmission_file/ps_demo.ipynb": nb,
            # Online text only, and the lecturer's own feedback files.
            "Dewi Lestari_504_assignsubmission_onlinetext/onlinetext.html": b"<p>lupa</p>",
            "Budi Santoso_502_assignfeedback_file/ps_demo.ipynb": nb,
            "Budi Santoso_502_assignfeedback_editpdf_feedback.pdf": b"%PDF",
        },
    )
    found, unmatched = lms.scan(source)
    assert sorted((c.student_id, c.lms_id) for c in found) == [
        ("budi-santoso", "502"),
        ("default-group", ""),
        ("kelompok-merah", "77"),
        ("participant-503", "503"),
        ("siti-nurhaliza", "501"),
    ]
    reasons = {u.path: (u.student_id, u.reason) for u in unmatched}
    assert len(reasons) == 4
    assert reasons["Dewi Lestari_504_assignsubmission_onlinetext/onlinetext.html"][0] == (
        "dewi-lestari"
    )
    assert (
        "online text"
        in reasons["Siti Nurhaliza_501_assignsubmission_onlinetext/onlinetext.html"][1]
    )
    assert "feedback" in reasons["Budi Santoso_502_assignfeedback_file/ps_demo.ipynb"][1]
    assert "feedback" in reasons["Budi Santoso_502_assignfeedback_editpdf_feedback.pdf"][1]


def test_roster_keeps_participant_ids_apart_from_id_numbers(tmp_path):
    """A worksheet's "Participant 503" maps a blind submission; the ID number stays the user's."""
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "Identifier,Full name,Email address,ID number,Group\n"
        "Participant 503,Rina Wati,rina@kampus.ac.id,2301001,Kelompok Merah\n"
        "Participant 504,Dewi Lestari,dewi@kampus.ac.id,2301002,\n"
    )
    table = export.read_roster(roster)
    assert table["rina-wati"]["idnumber"] == "2301001"
    assert table["participant-503"]["email"] == "rina@kampus.ac.id"
    assert table["participant-503"]["idnumber"] == "2301001"
    assert table["rina-wati"]["group"] == "Kelompok Merah"
    assert "503" not in {e["idnumber"] for e in table.values()}


@pytest.fixture(scope="module")
def broken_class(tmp_path_factory):
    """A graded class with every kind of failure, plus a roster with a student who sent nothing."""
    tmp = tmp_path_factory.mktemp("export")
    course = democourse.build_course(tmp)
    release = democourse.release_notebook(course)
    good = nbformat.writes(democourse.student_notebook(release, democourse.CORRECT_ANSWERS[0]))
    wrong = nbformat.writes(democourse.student_notebook(release, democourse.WRONG_ANSWER))
    exits = nbformat.writes(democourse.student_notebook(release, "import os\nos._exit(3)"))
    members = {
        "Ayu Lestari_601_assignsubmission_file/ps_demo.ipynb": good.encode(),
        "Bima Sakti_602_assignsubmission_file/ps_demo.ipynb": wrong.encode(),
        "Candra Putra_603_assignsubmission_file/ps_demo.ipynb": good.encode()[:700],
        "Dina Rahma_604_assignsubmission_file/ps_demo.ipynb": b"",
        "Eko Prasetyo_605_assignsubmission_file/ps_demo.ipynb": exits.encode(),
        "Fajar Nugroho_606_assignsubmission_onlinetext/onlinetext.html": b"<p>lupa</p>",
    }
    download = _zip(tmp / "moodle.zip", members)
    roster = tmp / "roster.csv"
    roster.write_text(
        "First name,Last name,Email address,ID number\n"
        "Ayu,Lestari,ayu@kampus.ac.id,1\nBima,Sakti,bima@kampus.ac.id,2\n"
        "Candra,Putra,candra@kampus.ac.id,3\nDina,Rahma,dina@kampus.ac.id,4\n"
        "Eko,Prasetyo,eko@kampus.ac.id,5\nFajar,Nugroho,fajar@kampus.ac.id,6\n"
        "Gita,Savitri,gita@kampus.ac.id,7\n"
    )
    assert main(["grade", A, "--from", str(download), "--course", str(course), "--jobs", "2"]) == 0
    return course, roster


STUDENTS = {
    "ayu-lestari": "graded",
    "bima-sakti": "graded",
    "candra-putra": "failed",
    "dina-rahma": "failed",
    "eko-prasetyo": "failed",
    "fajar-nugroho": "not submitted",
    "gita-savitri": "not submitted",
}


@pytest.mark.nbgrader
@pytest.mark.slow
def test_csv_export_has_one_row_per_student_with_a_status(broken_class, tmp_path, capsys):
    """Truncated, empty and os._exit notebooks, online text only and roster only: all exported."""
    course, roster = broken_class
    target = tmp_path / "grades.csv"
    args = ["export", "--course", str(course), "--roster", str(roster), "--output", str(target)]
    assert main(args) == 0
    capsys.readouterr()
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert sorted(r["student_id"] for r in rows) == sorted(STUDENTS)
    by_id = {r["student_id"]: r for r in rows}
    for student, status in STUDENTS.items():
        row = by_id[student]
        assert row["status"].split(":")[0] == status.split(":")[0], (student, row["status"])
        if status == "graded":
            assert row["score"] != ""
        else:
            assert row["score"] == "", f"{student} has score {row['score']!r} with nothing to score"
    assert by_id["ayu-lestari"]["score"] == "2.0" and by_id["bima-sakti"]["score"] == "0.0"
    assert by_id["eko-prasetyo"]["status"].startswith("failed: ")
    assert "online text" in by_id["fajar-nugroho"]["comment"]


@pytest.mark.nbgrader
@pytest.mark.slow
def test_moodle_export_has_one_row_per_student_and_no_zero_for_failures(broken_class, capsys):
    """Moodle's CSV: one row per student, identified by the roster, empty grades where none exist."""
    course, roster = broken_class
    assert (
        main(["export", "--course", str(course), "--format", "moodle", "--roster", str(roster)])
        == 0
    )
    out = capsys.readouterr()
    table = list(csv.DictReader(io.StringIO(out.out)))
    assert len(table) == len(STUDENTS)
    assert all(r["Email address"] for r in table)
    grades = {r["Email address"].split("@")[0]: r[A] for r in table}
    assert grades == {
        "ayu": "2.0",
        "bima": "0.0",
        "candra": "",
        "dina": "",
        "eko": "",
        "fajar": "",
        "gita": "",
    }
    feedback = {r["Email address"].split("@")[0]: r[f"{A} - feedback"] for r in table}
    assert feedback["eko"].startswith("tidak bisa dinilai / could not be graded: ")
    assert feedback["gita"] == "tidak mengumpulkan / not submitted"


@pytest.mark.nbgrader
@pytest.mark.slow
def test_nbgrader_zip_collect_reads_moodle_names_with_the_course_plugin(tmp_path):
    """``nbgrader zip_collect`` with the course's collector files Moodle uploads under each student."""
    import subprocess
    import sys

    course = democourse.build_course(tmp_path)
    nb = _release_like()
    archive = course / "downloaded" / A / "archive"
    archive.mkdir(parents=True)
    _zip(
        archive / "moodle.zip",
        {
            "Siti Nurhaliza_501_assignsubmission_file/tugas saya.ipynb": nb,
            "Budi Santoso_502_assignsubmission_file_ps_demo.ipynb": nb,
            "Participant_503_assignsubmission_file/ps_demo.ipynb": nb,
            "Dewi Lestari_504_assignsubmission_onlinetext/onlinetext.html": b"<p>x</p>",
        },
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "nbgrader",
            "zip_collect",
            A,
            "--collector=sistercity.grading.plugins.LmsCollectorPlugin",
        ],
        cwd=course,
        capture_output=True,
        text=True,
        env=democourse.child_env(),
    )
    assert done.returncode == 0, done.stderr[-2000:]
    collected = sorted(
        p.relative_to(course / "submitted").as_posix()
        for p in (course / "submitted").glob("*/*/*.ipynb")
    )
    assert collected == [
        f"budi-santoso/{A}/{A}.ipynb",
        f"participant-503/{A}/{A}.ipynb",
        f"siti-nurhaliza/{A}/{A}.ipynb",
    ]


@pytest.mark.nbgrader
@pytest.mark.slow
def test_nbgrader_export_writes_the_course_formats(broken_class, tmp_path):
    """``nbgrader export`` with the course's exporters gives the same rows as ``sistercity export``."""
    import subprocess
    import sys

    course, roster = broken_class
    for plugin, name in (("CsvExportPlugin", "long.csv"), ("MoodleExportPlugin", "moodle.csv")):
        target = tmp_path / name
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "nbgrader",
                "export",
                f"--exporter=sistercity.grading.plugins.{plugin}",
                f"--to={target}",
                f"--{plugin}.roster={roster}",
            ],
            cwd=course,
            capture_output=True,
            text=True,
            env=democourse.child_env(),
        )
        assert done.returncode == 0, done.stderr[-2000:]
        rows = list(csv.DictReader(target.open(encoding="utf-8")))
        assert len(rows) == len(STUDENTS)
    by_id = {r["student_id"]: r for r in csv.DictReader((tmp_path / "long.csv").open())}
    assert by_id["dina-rahma"]["status"].startswith("failed") and by_id["dina-rahma"]["score"] == ""
    # Without --exporter, the course's configuration chooses the course's CSV.
    done = subprocess.run(
        [sys.executable, "-m", "nbgrader", "export", f"--CsvExportPlugin.roster={roster}"],
        cwd=course,
        capture_output=True,
        text=True,
        env=democourse.child_env(),
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert (course / "grades.csv").read_text(encoding="utf-8") == (tmp_path / "long.csv").read_text(
        encoding="utf-8"
    )


@pytest.mark.parametrize("content", [None, b"\xff\xfe\x00not utf-8"])
def test_an_unreadable_roster_says_what_to_give(tmp_path, content):
    """A missing or non-UTF-8 roster is a bilingual error naming the file, not a traceback."""
    from sistercity.errors import UserError
    from sistercity.grading.export import read_roster

    path = tmp_path / "roster.csv"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(UserError, match="roster.csv") as error:
        read_roster(path)
    assert "Plain text file" in str(error.value) and " / " in str(error.value)


def test_lecturer_notes_stay_out_of_the_students_comment():
    """Tampering flags and the lecturer's NIM note reach the notes column, not the feedback."""
    from types import SimpleNamespace

    saved = {"notes": ["FLAG: x", "UNTUK DOSEN: NIM ... / FOR THE LECTURER: ...", "a / b"]}
    assert export._comment(SimpleNamespace(notebooks=[]), saved) == "a / b"
