"""Where the course's folders are, and turning the MyST lessons into notebooks students open.

Lessons are written as MyST Markdown (``notebooks/<lang>/NN_slug.md``) and built into
``.ipynb`` files beside them. A built notebook a student has changed is never overwritten
silently: it is kept as a dated backup first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from sistercity.i18n import LANGS, check_lang

#: Environment variable naming the course folder (the repository root) explicitly.
COURSE_ENV = "SISTERCITY_COURSE"

START_PAGES = {"id": "00_mulai_di_sini", "en": "00_start_here"}


def _looks_like_course(folder: Path) -> bool:
    return (folder / "notebooks").is_dir() and (folder / "course").is_dir()


def course_root(start: Path | str | None = None) -> Path:
    """The course folder (the repository root), found the way a user would expect.

    ``$SISTERCITY_COURSE`` if set; else the nearest folder at or above ``start`` (default:
    the working directory) holding ``notebooks/`` and ``course/``; else the repository this
    package was installed from in editable mode.

    Raises:
        FileNotFoundError: when no course folder can be found, saying how to point to one.
    """
    if os.environ.get(COURSE_ENV):
        return Path(os.environ[COURSE_ENV]).resolve()
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if _looks_like_course(folder):
            return folder
    repo = Path(__file__).resolve().parents[2]
    if _looks_like_course(repo):
        return repo
    raise FileNotFoundError(
        "Folder mata kuliah tidak ditemukan: jalankan perintah ini di folder Sister City Lab atau "
        f"setel {COURSE_ENV}. / Course folder not found: run this inside the Sister City Lab "
        f"folder or set {COURSE_ENV}."
    )


@dataclass(frozen=True)
class CourseLayout:
    """Where an nbgrader course folder's parts live: the one place that knows the layout."""

    root: Path

    @property
    def repo(self) -> Path:
        """The repository (or copy) holding the course folder."""
        return self.root.parent

    @property
    def source(self) -> Path:
        """The masters: ``source/<assignment>/<assignment>.ipynb`` with solutions and hidden tests."""
        return self.root / "source"

    @property
    def release(self) -> Path:
        """The student versions nbgrader generates (``exercises/`` at the top of the repository)."""
        return self.repo / "exercises"

    @property
    def exercises(self) -> Path:
        """The same folder as :attr:`release`, by the name the repository uses."""
        return self.release

    @property
    def solutions(self) -> Path:
        """The instructor versions (``solutions/`` at the top of the repository)."""
        return self.repo / "solutions"

    @property
    def assessment(self) -> Path:
        """The assignments' points and weights, ``assessment.csv``."""
        return self.root / "assessment.csv"

    @property
    def questions(self) -> Path:
        """Every graded cell's Sub-CPMK and Bloom level, ``questions.csv``."""
        return self.root / "questions.csv"

    def rps(self, lang: str = "id") -> Path:
        """The syllabus (RPS) in ``lang``, ``rps_<lang>.md``."""
        return self.root / f"rps_{check_lang(lang)}.md"

    def master(self, assignment: str) -> Path:
        """The master notebook of ``assignment``, ``source/<assignment>/<assignment>.ipynb``."""
        return self.source / assignment / f"{assignment}.ipynb"

    @property
    def gradebook(self) -> Path:
        """The course's SQLite gradebook."""
        return self.root / "gradebook.db"

    @property
    def submitted(self) -> Path:
        """Where collected submissions are kept, ``submitted/<student>/<assignment>/``."""
        return self.root / "submitted"

    @property
    def autograded(self) -> Path:
        """Where autograded copies are kept, ``autograded/<student>/<assignment>/``."""
        return self.root / "autograded"

    @property
    def grading(self) -> Path:
        """Where ``sistercity grade`` keeps its status files, ``grading/<assignment>/``."""
        return self.root / "grading"

    @property
    def secret(self) -> tuple[Path, ...]:
        """What a student's grading kernel must never see: the course folder and the solutions."""
        return (self.root, self.solutions)


def layout(course: Path | str | None = None) -> CourseLayout:
    """The layout of the nbgrader course folder ``course`` (default: this repository's ``course/``)."""
    if course is None:
        course = Path(__file__).resolve().parents[2] / "course"
    return CourseLayout(Path(course).resolve())


@dataclass(frozen=True)
class Lesson:
    """One lesson in one language."""

    number: str
    lang: str
    source: Path

    @property
    def notebook(self) -> Path:
        """The ``.ipynb`` built from the source, beside it."""
        return self.source.with_suffix(".ipynb")


def lessons(root: Path | None = None, lang: str | None = None) -> list[Lesson]:
    """Every lesson source under ``notebooks/``, sorted by language and number."""
    root = root or course_root()
    found = []
    for language in LANGS if lang is None else (check_lang(lang),):
        for source in sorted((root / "notebooks" / language).glob("[0-9][0-9]_*.md")):
            found.append(Lesson(source.name[:2], language, source))
    return found


def start_page(root: Path, lang: str = "id") -> Path:
    """The built notebook the course opens on, relative to ``root``."""
    return Path("notebooks") / check_lang(lang) / f"{START_PAGES[lang]}.ipynb"


def _cells_fingerprint(notebook) -> str:
    """A hash of a notebook's cell types and sources: what a student can edit (not outputs)."""
    digest = hashlib.sha256()
    for cell in notebook.cells:
        digest.update(cell.cell_type.encode() + b"\0" + cell.source.encode("utf-8") + b"\0")
    return digest.hexdigest()


def _edited_by_student(path: Path) -> bool:
    """Whether the built notebook at ``path`` was changed since it was built (outputs aside)."""
    import nbformat

    try:
        notebook = nbformat.read(path, as_version=4)
    except Exception:  # noqa: BLE001 - an unreadable notebook is kept, never silently replaced
        return True
    built = notebook.metadata.get("sistercity", {}).get("built_cells")
    return built != _cells_fingerprint(notebook)


def _build_one(lesson: Lesson) -> str:
    """Build one lesson's notebook; return what was done (built, updated, up to date)."""
    import jupytext
    import nbformat

    target = lesson.notebook
    if target.exists() and target.stat().st_mtime >= lesson.source.stat().st_mtime:
        return "up to date"
    notebook = jupytext.read(lesson.source)
    notebook.metadata.pop("jupytext", None)
    # Remember what was built, so that a later build can tell a student's edits from ours.
    notebook.metadata["sistercity"] = {"built_cells": _cells_fingerprint(notebook)}
    text = nbformat.writes(notebook)
    if not target.exists():
        target.write_text(text, encoding="utf-8")
        return "built"
    if target.read_text(encoding="utf-8") == text:
        os.utime(target)
        return "up to date"
    if not _edited_by_student(target):
        target.write_text(text, encoding="utf-8")
        return "updated"
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = target.with_name(f"{target.stem}.backup-{stamp}.ipynb")
    target.rename(backup)
    target.write_text(text, encoding="utf-8")
    return (
        f"diperbarui (salinan Anda sebelumnya disimpan sebagai {backup.name}) / "
        f"updated (your previous copy is kept as {backup.name})"
    )


def build_lessons(root: Path | None = None) -> list[tuple[Lesson, str]]:
    """Build every lesson notebook that is missing or older than its source."""
    return [(lesson, _build_one(lesson)) for lesson in lessons(root)]
