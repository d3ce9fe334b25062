"""One class full of broken and hostile submissions is graded without harming anyone else."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import sqlite3
import zipfile

import nbformat
import pytest

from sistercity.grading import democourse, lms
from sistercity.grading.grade import grade
from sistercity.grading.kernels import isolation
from sistercity.grading.status import FAILED, GRADED, NEEDS_MANUAL, SUPERSEDED

pytestmark = pytest.mark.nbgrader

A = democourse.ASSIGNMENT
CORRECT = democourse.CORRECT_ANSWERS[0]
EARLY = (2026, 3, 1, 9, 0, 0)
LATE = (2026, 3, 2, 9, 0, 0)


def _moodle(name: str, pid: int) -> str:
    return f"{name}_{pid}_assignsubmission_file_{A}.ipynb"


def _nb(release, answer=CORRECT):
    return democourse.student_notebook(release, answer, "Penjelasan saya.")


def _bytes(nb) -> bytes:
    return nbformat.writes(nb).encode("utf-8")


def _hostile_class(release, course_gradebook: str) -> dict[str, tuple[bytes, tuple]]:
    """File name -> (bytes, zip time) for every case of the brief, plus three correct students."""
    files = {}
    for i, name in enumerate(["Alya Putri", "Bagus Wicaksono", "Citra Dewi"]):
        files[_moodle(name, 200 + i)] = (_bytes(_nb(release)), EARLY)
    good = _bytes(_nb(release))
    files[_moodle("Invalid Json", 301)] = (good[: len(good) // 2], EARLY)
    files[_moodle("Empty File", 302)] = (b"", EARLY)
    other = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "x = 1",
                metadata={
                    "nbgrader": {
                        "grade_id": "q_other",
                        "solution": True,
                        "grade": False,
                        "locked": False,
                        "schema_version": 3,
                    }
                },
            )
        ]
    )
    files[_moodle("Other Assignment", 303)] = (_bytes(other), EARLY)
    deleted = _nb(release)
    deleted.cells = [
        c for c in deleted.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "test_squares"
    ]
    files[_moodle("Deleted Cell", 304)] = (_bytes(deleted), EARLY)
    dup = _nb(release)
    dup.cells.insert(
        2, nbformat.v4.new_code_cell(dup.cells[1].source, metadata=dup.cells[1].metadata)
    )
    files[_moodle("Duplicated Cell", 305)] = (_bytes(dup), EARLY)
    split = _nb(release)
    first, second = (
        "def squares(n):\n    pass",
        "def squares(n):\n    return [i * i for i in range(1, n + 1)]",
    )
    split.cells[1].source = first
    split.cells.insert(2, nbformat.v4.new_code_cell(second, metadata=split.cells[1].metadata))
    files[_moodle("Split Cell", 306)] = (_bytes(split), EARLY)
    retyped = _nb(release)
    retyped.cells[1] = nbformat.v4.new_markdown_cell(
        retyped.cells[1].source, metadata=retyped.cells[1].metadata
    )
    files[_moodle("Changed Type", 307)] = (_bytes(retyped), EARLY)
    cheat = _nb(release, democourse.WRONG_ANSWER)
    cheat.cells[2].source = "assert True"
    files[_moodle("Edited Locked", 308)] = (_bytes(cheat), EARLY)
    files[_moodle("Infinite Loop", 309)] = (
        _bytes(_nb(release, CORRECT + "\nwhile True:\n    pass")),
        EARLY,
    )
    stubborn = CORRECT + (
        "\nimport time\nwhile True:\n    try:\n        time.sleep(100)\n"
        "    except KeyboardInterrupt:\n        pass"
    )
    files[_moodle("Ignores Interrupt", 310)] = (_bytes(_nb(release, stubborn)), EARLY)
    files[_moodle("Os Exit", 311)] = (_bytes(_nb(release, "import os\nos._exit(3)")), EARLY)
    files[_moodle("Sys Exit", 312)] = (_bytes(_nb(release, "import sys\nsys.exit(1)")), EARLY)
    files[_moodle("Big Output", 313)] = (
        _bytes(_nb(release, CORRECT + "\nprint('x' * (50 * 1024 * 1024))")),
        EARLY,
    )
    hog = CORRECT + "\nhog = []\nwhile True:\n    hog.append(bytearray(64 * 2**20))"
    files[_moodle("Memory Hog", 314)] = (_bytes(_nb(release, hog)), EARLY)
    snoop = CORRECT + (
        "\nimport glob, os\n"
        "others = glob.glob('../../../**/*.ipynb', recursive=True)\n"
        "print('OTHERS', len([p for p in others if 'snoop' not in p]))\n"
        "targets = glob.glob('../../../**/*.db', recursive=True) + glob.glob('../../../../**/*.sqlite',"
        " recursive=True)\n"
        f"targets.append({course_gradebook!r})\n"
        "for t in targets:\n"
        "    try:\n"
        "        with open(t, 'r+b') as f:\n"
        "            f.write(b'CORRUPTED' * 200)\n"
        "    except OSError:\n"
        "        pass\n"
        "print('TARGETS', len(targets))"
    )
    files[_moodle("Snoop Writer", 315)] = (_bytes(_nb(release, snoop)), EARLY)
    files[_moodle("Иван Петров", 316)] = (_bytes(_nb(release)), EARLY)
    files[_moodle("Dewi Lestari", 317)] = (_bytes(_nb(release)), EARLY)
    files["Dewi Lestari_317_assignsubmission_file/revisi.ipynb"] = (
        _bytes(_nb(release, democourse.WRONG_ANSWER)),
        LATE,
    )
    files["catatan.txt"] = (b"bukan tugas", EARLY)
    return files


def _write_zip(path, files):
    with zipfile.ZipFile(path, "w") as archive:
        for name, (data, when) in files.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=when), data)


def _scores(db):
    con = sqlite3.connect(db)
    try:
        return dict(
            con.execute(
                "SELECT sa.student_id, SUM(COALESCE(g.auto_score, 0)) FROM grade g "
                "JOIN submitted_notebook sn ON g.notebook_id = sn.id "
                "JOIN submitted_assignment sa ON sn.assignment_id = sa.id GROUP BY sa.student_id"
            ).fetchall()
        )
    finally:
        con.close()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """Grade the hostile class in one course and the three correct students alone in another."""
    tmp = tmp_path_factory.mktemp("hostile")
    course = democourse.build_course(tmp / "h")
    clean_course = tmp / "clean" / "course"
    shutil.copytree(course.parent, clean_course.parent)
    release = democourse.release_notebook(course)
    files = _hostile_class(release, str(course / "gradebook.db"))
    download = tmp / "moodle.zip"
    _write_zip(download, files)
    zip_hash = hashlib.sha256(download.read_bytes()).hexdigest()
    limits = dict(wall_seconds=25, memory_mb=2048, cell_timeout=5, progress_stream=io.StringIO())
    outcome = grade(A, download, course, jobs=2, **limits)
    clean_zip = tmp / "clean.zip"
    _write_zip(
        clean_zip,
        {k: v for k, v in files.items() if any(n in k for n in ("Alya", "Bagus", "Citra"))},
    )
    clean = grade(A, clean_zip, clean_course, jobs=2, **limits)
    return {
        "course": course,
        "clean_course": clean_course,
        "outcome": outcome,
        "clean": clean,
        "rows": {r.student: r for r in outcome.rows},
        "download": download,
        "zip_hash": zip_hash,
        "files": files,
    }


def _row(hostile, name):
    return hostile["rows"][lms.slugify(name)]


def test_every_student_gets_a_row_and_the_class_is_graded(hostile):
    """All twenty students get a status; the unusable text file is named, not guessed."""
    rows = hostile["rows"]
    assert len(rows) == 20
    assert {u.path for u in hostile["outcome"].unmatched} == {"catatan.txt"}
    assert all(r.status in (GRADED, NEEDS_MANUAL, FAILED) for r in rows.values())


def test_correct_students_score_as_in_a_clean_run(hostile):
    """Hostile classmates change nothing for the correct students."""
    clean = {r.student: r.score for r in hostile["clean"].rows}
    assert clean == {"alya-putri": 2.0, "bagus-wicaksono": 2.0, "citra-dewi": 2.0}
    for student, score in clean.items():
        assert hostile["rows"][student].score == score
    db_scores = _scores(hostile["course"] / "gradebook.db")
    assert {s: db_scores[s] for s in clean} == clean


def test_gradebook_is_intact_despite_a_kernel_that_overwrote_it(hostile):
    """The kernel that scribbled on the course gradebook is detected and the gradebook is sound."""
    db = hostile["course"] / "gradebook.db"
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    changed = any("changed during the run" in n for n in hostile["outcome"].gradebook_notes)
    # Boxed in, the kernel cannot even reach the course gradebook; unboxed, the change is caught.
    assert changed != isolation.available()[0]
    snoop = _row(hostile, "Snoop Writer")
    assert snoop.status in (GRADED, NEEDS_MANUAL) and snoop.score == 2.0
    graded = hostile["course"] / "autograded" / snoop.student / A / f"{A}.ipynb"
    text = graded.read_text()
    assert "OTHERS 0" in text  # no other student's notebook is visible from its folder


def test_broken_files_get_clear_reasons(hostile):
    """Invalid JSON, an empty file and another assignment are refused with plain reasons."""
    assert "JSON" in _row(hostile, "Invalid Json").reason
    assert "empty" in _row(hostile, "Empty File").reason
    assert "no cell of ps_demo" in _row(hostile, "Other Assignment").reason
    for name in ("Invalid Json", "Empty File", "Other Assignment"):
        assert _row(hostile, name).status == FAILED


def test_structural_edits_are_repaired_and_noted(hostile):
    """Deleted, duplicated, split and retyped cells are graded, with a note for the lecturer."""
    deleted = _row(hostile, "Deleted Cell")
    assert deleted.score == 2.0 and "test_squares" in " ".join(deleted.notes)
    assert _row(hostile, "Duplicated Cell").score == 2.0
    assert "duplicated" in " ".join(_row(hostile, "Split Cell").notes)
    retyped = _row(hostile, "Changed Type")
    assert retyped.score == 2.0 and "type changed" in " ".join(retyped.notes)
    cheat = _row(hostile, "Edited Locked")
    assert cheat.score == 0.0 and any(n.startswith("FLAG") for n in cheat.notes)


def test_runaway_code_is_stopped_with_a_status(hostile):
    """Loops, exits, floods of output and memory hogs end in a clear status, not a hang."""
    loop = _row(hostile, "Infinite Loop")
    # The loop after the definition is interrupted at the cell limit; the function still counts.
    assert loop.score == 2.0 and "time limit" in " ".join(loop.notes)
    stubborn = _row(hostile, "Ignores Interrupt")
    assert stubborn.status == FAILED and "did not respond to the interrupt" in stubborn.reason
    exited = _row(hostile, "Os Exit")
    assert exited.status == FAILED and "ended the Python kernel" in exited.reason
    assert _row(hostile, "Sys Exit").status in (GRADED, NEEDS_MANUAL)
    big = _row(hostile, "Big Output")
    assert big.score == 2.0 and "output cut" in " ".join(big.notes)
    graded = hostile["course"] / "autograded" / big.student / A / f"{A}.ipynb"
    assert graded.stat().st_size < 5 * 2**20
    hog = _row(hostile, "Memory Hog")
    assert hog.status == FAILED or "memory" in " ".join(hog.notes)


def test_non_latin_name_and_duplicate_submissions(hostile):
    """A Cyrillic name is graded under a stable id; the later of two uploads wins."""
    ivan = _row(hostile, "Иван Петров")
    assert ivan.student.startswith("s-") and ivan.score == 2.0
    dewi = _row(hostile, "Dewi Lestari")
    assert dewi.file.endswith("revisi.ipynb") and dewi.score == 0.0
    superseded = [r for r in hostile["outcome"].superseded if r.student == "dewi-lestari"]
    assert len(superseded) == 1 and superseded[0].status == SUPERSEDED


def test_submitted_files_are_never_changed(hostile):
    """The download is untouched and the course keeps each student's exact bytes."""
    download = hostile["download"]
    assert hashlib.sha256(download.read_bytes()).hexdigest() == hostile["zip_hash"]
    for row in hostile["outcome"].rows:
        data = hostile["files"][row.file][0]
        copy = hostile["course"] / "submitted" / row.student / A / f"{A}.ipynb"
        assert copy.read_bytes() == data


def test_status_file_is_saved_for_export(hostile):
    """The run's statuses are kept for ``sistercity export``."""
    path = hostile["course"] / "grading" / A / "status.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["empty-file"]["status"] == FAILED
