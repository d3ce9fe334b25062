"""Find the students' notebooks in an LMS download (Moodle, Google Classroom or a plain folder).

Patterns read (``PATTERNS_HELP`` repeats them for ``sistercity grade --help``):

* Moodle "Download all submissions": files ``<Full name>_<participant id>_assignsubmission_file_<file>``
  at the top of the zip, or per-student folders ``<Full name>_<participant id>_assignsubmission_file[_]/``
  holding the uploaded file(s) (Moodle's default, "Download submissions in folders"). Moodle
  replaces ``_`` in names by spaces, so the first ``_`` ends the name. With blind marking the
  name is ``Participant``; a group submission is ``<group name>_<group id>`` (or ``Default group``
  with no id). Online-text (``assignsubmission_onlinetext``) and feedback (``assignfeedback_*``)
  files in the same zip are listed with their owner, never graded.
* Google Classroom / Google Drive: files ``<Full name> - <file>.ipynb`` (the copy Classroom makes
  per student), or per-student folders ``<Full name>/<file>.ipynb``.
* A plain folder: ``<student id>/<file>.ipynb`` or nbgrader's ``<student id>/<assignment>/<file>.ipynb``.

The student id is a slug of the full name (``Siti Nurhaliza`` -> ``siti-nurhaliza``), the same in
every assignment (Moodle's participant id is different in each assignment, so it is kept only
as information). A name with no Latin letters gets ``s-`` plus a short hash of the name.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

PATTERNS_HELP = """\
LMS file names read / pola nama berkas yang dibaca:
  Moodle (Download all submissions, zip or unpacked folder):
    <Nama Lengkap>_<participant id>_assignsubmission_file_<berkas>.ipynb
    <Nama Lengkap>_<participant id>_assignsubmission_file[_]/<berkas>.ipynb
    Participant_<id>_... (blind marking), <Group>_<group id>_... (group submissions)
  Google Classroom / Google Drive:
    <Nama Lengkap> - <berkas>.ipynb
    <Nama Lengkap>/<berkas>.ipynb
  Plain folder / folder biasa:
    <student id>/<berkas>.ipynb   or   <student id>/<assignment>/<berkas>.ipynb
Student id = slug of the full name (e.g. siti-nurhaliza), stable across assignments.
Several notebooks of one student: the latest (zip time or file mtime) is graded, the others are
reported as superseded. Files that match no pattern are listed, never guessed.
"""

MOODLE_RE = re.compile(
    r"^(?P<name>[^_/]+?)(?:_(?P<pid>\d+))?_(?P<area>assignsubmission|assignfeedback)_"
    r"(?P<plugin>[a-z]+)_?(?P<rest>.*)$"
)
CLASSROOM_RE = re.compile(r"^(?P<name>.+?) - (?P<rest>.+)$")
#: The largest notebook read from a download; bigger files are reported, not loaded.
MAX_NOTEBOOK_BYTES = 100 * 1024 * 1024
IGNORED_PARTS = {"__MACOSX", ".ipynb_checkpoints"}


@dataclass
class Candidate:
    """One notebook file in the download that belongs to a student."""

    student_id: str
    full_name: str
    path: str
    timestamp: datetime
    source: str
    lms_id: str = ""
    data: bytes = field(default=b"", repr=False)


@dataclass
class Unmatched:
    """A file in the download that could not be attributed to a student, and why."""

    path: str
    reason: str
    student_id: str = ""
    full_name: str = ""


def slugify(name: str) -> str:
    """A stable, ASCII student id from a full name (``s-<hash>`` when no Latin letters remain)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    if not slug:
        digest = hashlib.sha1(name.strip().encode("utf-8")).hexdigest()[:8]
        slug = f"s-{digest}"
    return slug


def _moodle_owner(match: re.Match) -> tuple[str, str, str]:
    """(student id, name, participant id) of a Moodle prefix; groups and blind marking included."""
    name = match.group("name").strip()
    pid = match.group("pid") or ""
    if name.lower() == "participant" and pid:
        return f"participant-{pid}", name, pid
    return slugify(name), name, pid


def moodle_piece(relpath: str) -> re.Match | None:
    """The Moodle ``<name>_<id>_assign...`` match of a path: the file name or its nearest folder."""
    parts = PurePosixPath(relpath).parts
    for piece in [parts[-1], *reversed(parts[:-1])]:
        match = MOODLE_RE.match(piece)
        if match:
            return match
    return None


def attribute(relpath: str) -> tuple[str, str, str, str] | Unmatched:
    """Return (student_id, full_name, lms_id, source) for a notebook path, or why it is not used."""
    parts = PurePosixPath(relpath).parts
    filename = parts[-1]
    folders = [p for p in parts[:-1]]
    # Moodle: the pattern can be in the file name or in the nearest folder that has it.
    match = moodle_piece(relpath)
    if match:
        student, name, pid = _moodle_owner(match)
        if match.group("area") == "assignfeedback":
            return Unmatched(relpath, MOODLE_FEEDBACK, student, name)
        if match.group("plugin") != "file":
            return Unmatched(
                relpath,
                f"kiriman Moodle {match.group('plugin')}, bukan berkas unggahan / "
                f"Moodle {match.group('plugin')} submission, not an uploaded file",
            )
        return student, name, pid, "moodle"
    match = CLASSROOM_RE.match(filename)
    if match:
        name = match.group("name").strip()
        return slugify(name), name, "", "classroom"
    if folders:
        # A per-student folder (Classroom, Drive or nbgrader layout): the first folder that is
        # not a wrapper named after the download itself.
        name = (
            folders[-2]
            if len(folders) >= 2 and _looks_like_assignment(folders[-1])
            else folders[-1]
        )
        return slugify(name), name, "", "folder"
    return Unmatched(
        relpath,
        "nama mahasiswa tidak ada di nama berkas atau folder / no student name in the file "
        "name or folder",
    )


MOODLE_FEEDBACK = (
    "berkas umpan balik Moodle (milik dosen, bukan tugas) / Moodle feedback file (the "
    "lecturer's, not a submission)"
)


def _not_a_notebook(relpath: str) -> Unmatched:
    """Why a file that is not a notebook is not used, with its owner when Moodle names one."""
    match = moodle_piece(relpath)
    if not match:
        return Unmatched(relpath, "bukan notebook (.ipynb) / not a notebook (.ipynb)")
    student, name, _pid = _moodle_owner(match)
    if match.group("area") == "assignfeedback":
        return Unmatched(relpath, MOODLE_FEEDBACK, student, name)
    plugin = match.group("plugin")
    if plugin == "onlinetext":
        reason = "teks daring Moodle, bukan notebook / Moodle online text, not a notebook"
    elif plugin == "file":
        reason = "unggahan yang bukan notebook (.ipynb) / an upload that is not a notebook (.ipynb)"
    else:
        reason = f"berkas Moodle {plugin}, bukan notebook / Moodle {plugin} file, not a notebook"
    return Unmatched(relpath, reason, student, name)


def _looks_like_assignment(folder: str) -> bool:
    return bool(re.match(r"^(ex|ps)\d", folder))


def _zip_time(info: zipfile.ZipInfo) -> datetime:
    try:
        return datetime(*info.date_time)
    except ValueError:
        return datetime(1980, 1, 1)


def _entries(source: Path):
    """Yield (relative path, timestamp, size, reader) for every file in a folder or zip."""
    if source.is_file():
        with zipfile.ZipFile(source) as archive:
            for info in archive.infolist():
                if info.is_dir():
                    continue
                yield (
                    info.filename,
                    _zip_time(info),
                    info.file_size,
                    lambda info=info: archive.read(info),
                )
        return
    for path in sorted(source.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(source).as_posix()
        stat = path.stat()
        yield rel, datetime.fromtimestamp(stat.st_mtime), stat.st_size, path.read_bytes


def scan(source: Path | str) -> tuple[list[Candidate], list[Unmatched]]:
    """Every student notebook in ``source`` (folder or zip) and every file that was not used."""
    source = Path(source)
    if not source.exists():
        from sistercity.errors import UserError
        from sistercity.i18n import both

        raise UserError(
            both(
                f"{source} tidak ada: beri folder atau zip unduhan LMS",
                f"{source} does not exist: give the LMS download folder or zip",
            )
        )
    if source.is_file() and not zipfile.is_zipfile(source):
        from sistercity.errors import UserError
        from sistercity.i18n import both

        raise UserError(
            both(
                f"{source} bukan zip: beri folder atau zip unduhan LMS",
                f"{source} is not a zip: give the LMS download folder or zip",
            )
        )
    candidates, unmatched = [], []
    for rel, stamp, size, read in _entries(source):
        parts = PurePosixPath(rel).parts
        if any(p in IGNORED_PARTS or p.startswith("._") for p in parts):
            continue
        if not rel.lower().endswith(".ipynb"):
            unmatched.append(_not_a_notebook(rel))
            continue
        if size > MAX_NOTEBOOK_BYTES:
            limit = MAX_NOTEBOOK_BYTES // 2**20
            unmatched.append(
                Unmatched(rel, f"lebih besar dari {limit} MB / larger than {limit} MB")
            )
            continue
        found = attribute(rel)
        if isinstance(found, Unmatched):
            unmatched.append(found)
            continue
        student, name, lms_id, kind = found
        candidates.append(Candidate(student, name, rel, stamp, kind, lms_id, read()))
    _split_name_clashes(candidates)
    return _drop_wrapper_folders(candidates, unmatched)


def _drop_wrapper_folders(candidates, unmatched):
    """A plain folder holding three or more notebooks is a wrapper, not one student: do not guess."""
    counts: dict[str, int] = {}
    for cand in candidates:
        if cand.source == "folder":
            counts[cand.student_id] = counts.get(cand.student_id, 0) + 1
    kept = []
    for cand in candidates:
        if cand.source == "folder" and counts[cand.student_id] >= 3:
            unmatched.append(
                Unmatched(
                    cand.path,
                    "folder berisi beberapa notebook tanpa pola nama: milik siapa? / folder holds "
                    "several notebooks and no name pattern: whose file is it?",
                )
            )
        else:
            kept.append(cand)
    return kept, unmatched


def _split_name_clashes(candidates: list[Candidate]) -> None:
    """Two Moodle participants with the same name slug get their participant id appended."""
    pids: dict[str, set[str]] = {}
    for cand in candidates:
        if cand.lms_id:
            pids.setdefault(cand.student_id, set()).add(cand.lms_id)
    for cand in candidates:
        if cand.lms_id and len(pids.get(cand.student_id, ())) > 1:
            cand.student_id = f"{cand.student_id}-{cand.lms_id}"
