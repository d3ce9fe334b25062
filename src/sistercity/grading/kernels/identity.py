"""Telling a grading kernel, before any student code runs, which student it grades.

Assignments with a case for every student (:mod:`sistercity.cases`) hold a locked cell
``KODE_ANGKATAN = "..."`` (the cohort code) and ask for the student's NIM. nbgrader knows the
student it autogrades (``resources["nbgrader"]["student"]``) and its gradebook holds the
student's LMS id number (``Student.lms_user_id``: ``sistercity grade --roster`` or ``nbgrader db
student import`` fills it in). ``execute.IdentifiedExecute``, nbgrader's ``Execute`` with one
more kernel argument (:func:`exec_line`), starts every kernel with an ``exec_lines`` line that imports
:mod:`sistercity.checks` and seals that identity and the cohort of the restored locked cell
(nbgrader's ``OverwriteCells`` runs before ``Execute``), so a notebook cannot claim to be
someone else's, and changing ``KODE_ANGKATAN`` in a later cell changes nothing.
"""

from __future__ import annotations

import json
import re

#: The cell that sets an assignment's cohort code (a locked cell of the master).
COHORT_PATTERN = re.compile(r"""^KODE_ANGKATAN\s*=\s*["']([^"'\n]+)["']""", re.MULTILINE)
#: The kernel argument every grading kernel starts with; ``{}`` is replaced by the identity.
EXEC_LINE_PREFIX = "--IPKernelApp.exec_lines="


def cohort_of(nb) -> str:
    """The cohort code of a notebook's locked ``KODE_ANGKATAN`` cell, or "" when it has none."""
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") != "code" or not meta.get("locked"):
            continue
        found = COHORT_PATTERN.search(cell.get("source", ""))
        if found:
            return found.group(1).strip()
    return ""


def student_keys(student: str, db_url: str | None) -> list[str]:
    """The ids a student may write as their NIM: the nbgrader id and the LMS id number, if any."""
    keys = [student]
    if db_url:
        # The one Gradebook use outside gradebook.py: kernels/ may not import the grader above it,
        # and this reads a single field before the kernel starts (tests/test_layering.py).
        from nbgrader.api import Gradebook, MissingEntry

        try:
            with Gradebook(db_url) as gradebook:
                lms_id = gradebook.find_student(student).lms_user_id
        except MissingEntry:
            lms_id = None
        if lms_id and str(lms_id).strip():
            keys.append(str(lms_id).strip())
    return keys


def exec_line(nb, resources) -> str:
    """The ``exec_lines`` kernel argument that seals whom this notebook's kernel grades."""
    info = (resources or {}).get("nbgrader", {})
    cohort = cohort_of(nb)
    student = info.get("student")
    identity = {}
    if cohort and student:
        identity = {"keys": student_keys(student, info.get("db_url")), "cohort": cohort}
    code = (
        "import sistercity.checks as _sistercity_checks; "
        f"_sistercity_checks.seal_identity({json.dumps(json.dumps(identity))}); "
        "del _sistercity_checks"
    )
    return EXEC_LINE_PREFIX + code
