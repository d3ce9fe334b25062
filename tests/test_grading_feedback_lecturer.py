"""The feedback for the lecturer: every student's flags and notes on one page no student gets."""

from __future__ import annotations

import html
import io
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from sistercity.cli import main
from sistercity.grading import democourse, lecturer_page
from sistercity.grading.feedback_page import DropFlags
from sistercity.grading.status import FAILED, GRADED, NEEDS_MANUAL, status_path

A = "ps_demo"
LOCKED_FLAG = (
    "FLAG: sel terkunci diubah mahasiswa, isi asli dipulihkan / locked cells edited, "
    "originals restored: intro"
)
NIM_NOTE = (
    "UNTUK DOSEN: NIM tertulis 2301234567 bukan NIM di daftar (2301111111) / FOR THE LECTURER"
)
TIME_NOTE = "sel melewati batas waktu / a cell hit the time limit"
FOREIGN_FLAG = "Sel answer_squares berisi keluaran yang mengaku jawaban sel test_squares. / ..."


class _Table(HTMLParser):
    """The text of each body row's cells, the scopes of its header cells, and the links."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[str]] = []
        self.scopes: list[str] = []
        self.links: dict[str, list[str]] = {}
        self._in_body = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        """Open a row or cell; remember header scopes and link targets."""
        attrs = dict(attrs)
        if tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self.rows.append([])
        elif tag in ("td", "th"):
            self.scopes.append(attrs.get("scope", ""))
            self._cell = []
        elif tag in ("li", "br") and self._cell is not None:
            self._cell.append("\n")
        elif tag == "a" and self._in_body and self.rows:
            self.links.setdefault(self.rows[-1][0] if self.rows[-1] else "", []).append(
                attrs["href"]
            )

    def handle_endtag(self, tag):
        """Close a cell into its row."""
        if tag in ("td", "th") and self._cell is not None:
            if self._in_body:
                self.rows[-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tbody":
            self._in_body = False

    def handle_data(self, data):
        """Collect a cell's text."""
        if self._cell is not None:
            self._cell.append(data)


def _parse(text: str) -> _Table:
    """The lecturer page's table, parsed."""
    table = _Table()
    table.feed(text)
    return table


def _row_of(table: _Table, student: str) -> list[str]:
    """The cells of the row whose header names ``student``."""
    found = [row for row in table.rows if row[0].split()[0] == student]
    assert len(found) == 1, table.rows
    return found[0]


def _course_with_status(tmp_path: Path) -> tuple[Path, dict]:
    """A course folder with a status.json of a flagged, a clean and a failed student, and pages."""
    course = tmp_path / "course"
    status = {
        "budi": {
            "student": "budi",
            "name": "Budi Santoso",
            "status": GRADED,
            "score": 2.0,
            "max_score": 5.0,
            "reason": "",
            "notes": [LOCKED_FLAG, NIM_NOTE, TIME_NOTE],
        },
        "siti": {
            "student": "siti",
            "name": "Siti Nurhaliza",
            "status": NEEDS_MANUAL,
            "score": 5.0,
            "max_score": 5.0,
            "reason": "",
            "notes": [],
        },
        "ayu": {
            "student": "ayu",
            "name": "Ayu",
            "status": FAILED,
            "score": None,
            "max_score": None,
            "reason": "notebook rusak / broken notebook",
            "notes": [],
        },
    }
    path = status_path(course, A)
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(status), encoding="utf-8")
    pages = {}
    for student in ("budi", "siti"):
        page = course / "feedback" / student / A / f"{A}.html"
        page.parent.mkdir(parents=True)
        page.write_text("<html></html>", encoding="utf-8")
        pages[student] = (page, "")
    return course, pages


def test_flags_and_notes_of_a_flagged_student_are_on_the_lecturer_page(tmp_path):
    """The flagged student's row lists both flags under flags and the plain note under notes."""
    course, pages = _course_with_status(tmp_path)
    path = lecturer_page.write(course, A, pages)
    table = _parse(path.read_text(encoding="utf-8"))
    student, status, score, flags, notes, link = _row_of(table, "budi")
    assert "Budi Santoso" in student
    assert "dinilai / graded" in status
    assert score == "2 / 5"
    assert LOCKED_FLAG in flags and NIM_NOTE in flags
    assert TIME_NOTE not in flags
    assert TIME_NOTE in notes and LOCKED_FLAG not in notes
    assert "umpan balik / feedback" in link


def test_a_student_without_flags_shows_none(tmp_path):
    """A clean student's flags and notes cells say "tidak ada / none", Indonesian first."""
    course, pages = _course_with_status(tmp_path)
    table = _parse(lecturer_page.write(course, A, pages).read_text(encoding="utf-8"))
    _, status, _, flags, notes, _ = _row_of(table, "siti")
    assert flags == "tidak ada / none"
    assert notes == "tidak ada / none"
    assert "perlu penilaian manual / needs manual grading" in status


def test_a_failed_student_is_listed_with_the_reason_and_no_page(tmp_path):
    """A student who could not be graded is on the page, with the reason and no link."""
    course, pages = _course_with_status(tmp_path)
    table = _parse(lecturer_page.write(course, A, pages).read_text(encoding="utf-8"))
    _, status, score, flags, notes, link = _row_of(table, "ayu")
    assert "tidak bisa dinilai / could not be graded" in status
    assert score == "–"
    assert "notebook rusak / broken notebook" in notes
    assert "tidak ada halaman / no page" in link
    assert "ayu" not in table.links


def test_links_lead_to_each_students_feedback_page(tmp_path):
    """Each link, read relative to the lecturer page, is the student's own feedback page."""
    course, pages = _course_with_status(tmp_path)
    path = lecturer_page.write(course, A, pages)
    table = _parse(path.read_text(encoding="utf-8"))
    for student, (page, _) in pages.items():
        (href,) = [h for h in table.links[_row_of(table, student)[0]] if not h.startswith("#")]
        assert (path.parent / href).resolve() == page.resolve()


def test_the_lecturer_page_is_never_inside_the_released_feedback(tmp_path):
    """The page lives outside feedback/<student>/<assignment>/, the folders nbgrader releases."""
    course, pages = _course_with_status(tmp_path)
    path = lecturer_page.write(course, A, pages)
    assert path.exists()
    assert course / "feedback" not in path.parents
    assert path.parent == status_path(course, A).parent


def test_the_lecturer_page_is_accessible_and_bilingual(tmp_path):
    """One h1, a caption, column headers with scope=col, a row header per student, lang="id"."""
    course, pages = _course_with_status(tmp_path)
    text = lecturer_page.write(course, A, pages).read_text(encoding="utf-8")
    assert '<html lang="id">' in text
    assert text.count("<h1>") == 1 and "<caption>" in text
    table = _parse(text)
    assert table.scopes.count("col") == 6
    assert table.scopes.count("row") == len(table.rows) == 3
    assert text.index("Umpan balik untuk dosen") < text.index("Feedback for the lecturer")
    assert '<span lang="en">Flags</span>' in text
    summary = html.unescape(re.sub(r"<[^>]+>", "", text))
    assert "1 dari 3 mahasiswa bertanda" in summary and "1 of 3 students flagged" in summary


def test_flags_left_in_the_autograded_notebook_count_without_status(tmp_path):
    """A student graded outside `sistercity grade` shows the verdict step's flags, as flags."""
    course = tmp_path / "course"
    folder = course / "autograded" / "dewi" / A
    folder.mkdir(parents=True)
    nb = nbformat.v4.new_notebook()
    nb.metadata["sistercity"] = {"verdicts": {}, "flags": [FOREIGN_FLAG]}
    nbformat.write(nb, folder / f"{A}.ipynb")
    table = _parse(
        lecturer_page.write(course, A, {"dewi": (None, "no page")}).read_text(encoding="utf-8")
    )
    _, status, _, flags, notes, _ = _row_of(table, "dewi")
    assert FOREIGN_FLAG in flags
    assert notes == "tidak ada / none"
    assert "not recorded by `sistercity grade`" in status


def test_drop_flags_removes_the_verdict_steps_flags_only():
    """The student's page is made from a notebook without flags; the verdicts stay."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["sistercity"] = {"verdicts": {"q": {"score": 1}}, "flags": [FOREIGN_FLAG]}
    out, _ = DropFlags().preprocess(nb, {})
    assert "flags" not in out.metadata["sistercity"]
    assert out.metadata["sistercity"]["verdicts"] == {"q": {"score": 1}}


def test_the_feedback_run_drops_flags_before_anything_renders():
    """`sistercity feedback`'s nbgrader config runs DropFlags first, before any other step."""
    from traitlets.config import Config

    from sistercity.grading import feedback_page

    config = Config()
    feedback_page.configure(config)
    steps = config.GenerateFeedback.preprocessors
    assert steps[0] == "sistercity.grading.feedback_page.DropFlags"
    assert "sistercity.grading.feedback_page.MarkPending" in steps


@pytest.fixture(scope="module")
def flagged_class(tmp_path_factory):
    """A demo course graded from a folder where one student edited a locked cell."""
    tmp = tmp_path_factory.mktemp("flagged")
    course = democourse.build_course(tmp)
    folder = tmp / "download"
    democourse.write_class(course, folder, 2)
    release = democourse.release_notebook(course)
    nb = democourse.student_notebook(release, democourse.CORRECT_ANSWERS[0], "Penjelasan.")
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "intro":
            cell.source = "# Latihan yang saya ubah sendiri"
    name = "Mahasiswa Curang 099"
    nbformat.write(nb, folder / f"{name}_100099_assignsubmission_file_{A}.ipynb")
    out = io.StringIO()
    sys_stdout, sys.stdout = sys.stdout, out
    try:
        code = main(["grade", A, "--from", str(folder), "--course", str(course)])
    finally:
        sys.stdout = sys_stdout
    assert code == 0, out.getvalue()
    return course


@pytest.mark.nbgrader
@pytest.mark.slow
def test_feedback_command_writes_the_lecturer_page_and_keeps_flags_from_students(
    flagged_class, capsys
):
    """`sistercity feedback` names the lecturer page; flags show there and in no student's page."""
    course = flagged_class
    assert main(["feedback", A, "--course", str(course)]) == 0
    out = capsys.readouterr().out
    path = lecturer_page.page_path(course, A)
    last = out.strip().splitlines()[-1]
    assert "Halaman untuk dosen" in last and "Page for the lecturer" in last
    assert last.count(str(path)) == 2
    saved = json.loads(status_path(course, A).read_text(encoding="utf-8"))
    flags = saved["mahasiswa-curang-099"]["notes"]
    assert any(flag.startswith("FLAG") for flag in flags), flags
    table = _parse(path.read_text(encoding="utf-8"))
    assert all(flag in _row_of(table, "mahasiswa-curang-099")[3] for flag in flags)
    assert _row_of(table, "mahasiswa-contoh-000")[3] == "tidak ada / none"
    pages = list((course / "feedback").glob(f"*/{A}/*.html"))
    assert len(pages) == 3
    for page in pages:
        text = html.unescape(page.read_text(encoding="utf-8"))
        for flag in flags:
            assert flag not in text, page
        assert "FLAG" not in text and "locked cells edited" not in text, page


def test_forgetting_a_student_removes_the_stale_lecturer_page(tmp_path):
    """After `grade --forget` the lecturer page, which would still list the student, is gone."""
    from sistercity.grading import lecturer_page
    from sistercity.grading.forget import forget
    from sistercity.grading.status import status_path

    course = tmp_path / "course"
    status = status_path(course, "ex01_kota_kembar")
    status.parent.mkdir(parents=True)
    status.write_text(json.dumps({"siti": {"status": "graded"}, "budi": {"status": "graded"}}))
    page = lecturer_page.page_path(course, "ex01_kota_kembar")
    page.write_text("<p>siti</p>", encoding="utf-8")
    assert forget(course, "ex01_kota_kembar", "siti") == ["siti"]
    assert not page.exists()
    assert set(json.loads(status.read_text())) == {"budi"}
