"""Check a submitted notebook before nbgrader sees it, and say in plain words what is wrong.

nbgrader's own reactions to a broken submission are opaque (a traceback, a silent 0, or
"needs manual grading" forever; see ``docs/stack.md``). These checks run first and return
either a reason the notebook cannot be graded or notes the lecturer should see next to the score.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from sistercity.grading.which import HIDDEN_BLOCK, MARK_SCHEME


def _released_forms(master: str) -> set[str]:
    """A locked cell as a student may hold it: the student version, or the instructor's."""
    forms = {master, HIDDEN_BLOCK.sub("", master), MARK_SCHEME.sub("", master)}
    return {_normalise(form) for form in forms}


@dataclass
class Expected:
    """What the gradebook says one assignment notebook contains."""

    assignment: str
    notebook: str
    grade_ids: set[str]
    cell_types: dict[str, str]
    locked_sources: dict[str, str]
    other_assignments: dict[str, set[str]] = field(default_factory=dict)
    #: Locked cells of the other masters (``grading.which``): tells another assignment apart.
    other_locked: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass
class Verdict:
    """The outcome of the checks: ``error`` set means "do not grade"; ``notes`` are warnings."""

    error: str = ""
    notes: list[str] = field(default_factory=list)
    #: The assignment the notebook belongs to, when it is another one.
    other: str = ""


def load_expected(db_path: Path, course_id: str, assignment: str) -> Expected:
    """Read the assignment's grade ids, cell types and locked cell sources from the gradebook."""
    from nbgrader.api import MissingEntry

    from sistercity.errors import UserError
    from sistercity.grading.gradebook import open_gradebook
    from sistercity.i18n import both

    with open_gradebook(db_path, course_id) as gb:
        try:
            found = gb.find_assignment(assignment)
        except MissingEntry:
            names = ", ".join(a.name for a in gb.assignments) or "-"
            raise UserError(
                both(
                    f"tugas {assignment!r} tidak ada di gradebook maupun di course/source "
                    f"(yang ada: {names}); periksa ejaan nama tugas",
                    f"assignment {assignment!r} is neither in the gradebook nor in course/source "
                    f"(there are: {names}); check the assignment's name",
                )
            ) from None
        if len(found.notebooks) != 1:
            raise UserError(
                both(
                    f"tugas {assignment!r} punya {len(found.notebooks)} notebook; hanya 1 yang "
                    "didukung",
                    f"assignment {assignment!r} has {len(found.notebooks)} notebooks; only 1 is "
                    "supported",
                )
            )
        notebook = found.notebooks[0]
        grade_ids = {c.name for c in notebook.source_cells}
        cell_types = {c.name: c.cell_type for c in notebook.source_cells}
        locked = {c.name: c.source for c in notebook.source_cells if c.locked}
        others = {}
        for other in gb.assignments:
            if other.name != assignment:
                others[other.name] = {c.name for nb in other.notebooks for c in nb.source_cells}
    return Expected(assignment, notebook.name, grade_ids, cell_types, locked, others)


def _normalise(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def check(data: bytes, expected: Expected) -> Verdict:
    """Check one submission's bytes against the assignment; never raises."""
    import nbformat

    verdict = Verdict()
    if not data.strip():
        verdict.error = (
            "berkas kosong (0 byte): minta mahasiswa mengunggah lagi / empty file (0 bytes): "
            "ask the student to upload again"
        )
        return verdict
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        verdict.error = (
            "bukan JSON yang sah: berkas rusak atau bukan notebook / not valid JSON: the file is "
            f"damaged or not a notebook ({type(error).__name__}: {str(error)[:80]})"
        )
        return verdict
    if not isinstance(raw, dict) or "cells" not in raw:
        verdict.error = (
            "JSON tetapi bukan notebook Jupyter (tanpa 'cells') / JSON but not a Jupyter notebook "
            "(no 'cells')"
        )
        return verdict
    try:
        nb = nbformat.reads(json.dumps(raw), as_version=4)
        nbformat.validate(nb)
    except Exception as error:  # nbformat raises several unrelated types for bad notebooks
        verdict.error = (
            "struktur notebook tidak sah / not a valid notebook: "
            f"{type(error).__name__}: {str(error).splitlines()[0][:120]}"
        )
        return verdict

    seen: dict[str, int] = {}
    types: dict[str, str] = {}
    sources: dict[str, str] = {}
    for cell in nb.cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id:
            seen[grade_id] = seen.get(grade_id, 0) + 1
            types.setdefault(grade_id, cell.cell_type)
            sources.setdefault(grade_id, cell.source)
    found = set(seen)
    from sistercity.grading.which import guess as guess_other

    other = guess_other(sources, expected.locked_sources, expected.other_locked)
    guess = [other] if other else []
    if not guess and not found & expected.grade_ids:
        guess = [name for name, ids in expected.other_assignments.items() if found & ids]
    if guess:
        verdict.other = ", ".join(sorted(guess))
        verdict.error = (
            f"ini notebook tugas lain ({verdict.other}), bukan {expected.assignment} / "
            f"another assignment: this is {verdict.other}, not {expected.assignment}"
        )
        return verdict
    if not found & expected.grade_ids:
        verdict.error = (
            f"tidak ada sel tugas {expected.assignment} di notebook ini (notebook baru atau lain?) "
            f"/ no cell of {expected.assignment} in this notebook (a new or different notebook?)"
        )
        return verdict
    missing = sorted(expected.grade_ids - found)
    if missing:
        verdict.notes.append(
            f"sel yang hilang dipulihkan dari master / missing cells restored from the master: "
            f"{', '.join(missing)}"
        )
    duplicated = sorted(g for g, n in seen.items() if n > 1)
    if duplicated:
        verdict.notes.append(
            "sel terduplikasi atau terbelah, semua salinan dijalankan, yang terakhir memegang "
            "grade id / duplicated or split cells, all copies run, the last keeps the grade id: "
            f"{', '.join(duplicated)}"
        )
    changed = sorted(
        g for g, t in types.items() if g in expected.cell_types and expected.cell_types[g] != t
    )
    if changed:
        verdict.notes.append(
            "jenis sel diubah, dipulihkan sebelum dinilai / cell type changed, restored before "
            f"grading: {', '.join(changed)}"
        )
    edited = sorted(
        g
        for g, master in expected.locked_sources.items()
        if g in sources and _normalise(sources[g]) not in _released_forms(master)
    )
    if edited:
        verdict.notes.append(
            "FLAG: sel terkunci diubah mahasiswa, isi asli dipulihkan / locked cells edited, "
            f"originals restored: {', '.join(edited)}"
        )
    suspicious = tampering(
        cell.source
        for cell in nb.cells
        if cell.cell_type == "code"
        and cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        not in expected.locked_sources
    )
    if suspicious:
        verdict.notes.append(
            "FLAG: kode yang mengutak-atik mekanisme tes, periksa manual / code that reaches into "
            f"the tests' machinery, check by hand: {', '.join(suspicious)}"
        )
    return verdict


#: What a course answer never needs but code that gets round ``sistercity.checks`` would.
TAMPERING = {
    "sys.modules": re.compile(r"\bsys\s*\.\s*modules\b"),
    "builtins": re.compile(r"\b__builtins__\b|\bimport\s+builtins\b|\bfrom\s+builtins\b"),
    "__dict__": re.compile(r"\.__dict__\b"),
    "__globals__/__code__": re.compile(r"\.__(globals|code|closure|subclasses)__\b"),
    "gc/ctypes": re.compile(r"\bimport\s+(gc|ctypes)\b|\bfrom\s+(gc|ctypes)\b"),
    "sistercity.checks": re.compile(
        r"\bsistercity\s*\.\s*checks\b|from\s+sistercity\s+import\s+checks"
    ),
    "set_custom_exc": re.compile(r"\bset_custom_exc\b|\bshowtraceback\b"),
    # A case's answer key: the notebook shows the case, the answers come from the student.
    "case keys": re.compile(
        r"\b(midterm_key|capstone_key|midterm_answers|screening_answers|case_key|key_for)\b"
    ),
    # The grader's keys and answer channel: a notebook has no business with either.
    "grader keys": re.compile(
        r"verdicts\.json|cohort_secrets|sistercity\.grading|vnd\.sistercity\.answer"
    ),
}


def tampering(sources) -> list[str]:
    """The kinds of test-tampering code found in the students' code cells, by name."""
    text = "\n".join(sources)
    return [name for name, pattern in TAMPERING.items() if pattern.search(text)]


def repair(data: bytes, expected: Expected) -> bytes:
    """A copy for grading nbgrader can grade: cell types set back, duplicate grade ids removed.

    nbgrader 0.9.6's own ``DeduplicateIds`` leaves an empty ``nbgrader`` entry that then crashes
    ``OverwriteCells`` (``KeyError: 'grade_id'``); like it, the last copy keeps the id here.
    """
    import nbformat

    nb = nbformat.reads(data.decode("utf-8-sig"), as_version=4)
    changed = False
    seen: set[str] = set()
    for cell in reversed(nb.cells):
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id in seen:
            del cell.metadata["nbgrader"]
            changed = True
        elif grade_id:
            seen.add(grade_id)
    for index, cell in enumerate(nb.cells):
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        want = expected.cell_types.get(grade_id)
        if want and want != cell.cell_type:
            meta, source = cell.metadata, cell.source
            new = nbformat.v4.new_code_cell if want == "code" else nbformat.v4.new_markdown_cell
            nb.cells[index] = new(source=source, metadata=meta)
            if "id" in cell:
                nb.cells[index]["id"] = cell["id"]
            changed = True
    return nbformat.writes(nb).encode("utf-8") if changed else data
