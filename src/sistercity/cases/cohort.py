"""Graded cohorts: a lecturer secret that never reaches students, and the cases released without keys.

``sistercity cases --new-cohort CODE --roster FILE`` (see :func:`new_cohort`):

* makes a random secret for the cohort and stores it in the course's own configuration,
  ``<course>/cohort_secrets.json`` (next to ``nbgrader_config.py``; never under ``source/``, so
  nbgrader's generate and release never copy it; the repository's ``.gitignore`` names it);
* draws every roster student's case with that secret (:class:`~.model.Cohort`), redrawing a
  student whose key would share more than half of its points with a classmate's
  (:func:`~.model.shared_share`), and keeps the number of each student's draw with the secret;
* writes the cases **without their keys** into ``source/<assignment>/CASES_FILE``, a file nbgrader
  releases with the assignment. The notebook's ``midterm_case(NIM, KODE_ANGKATAN)`` reads the
  student's case from it (:func:`released_case`).

The grader, holding the secret, draws the same cases and their keys with :func:`key_for`. A
cohort code without a secret is the public practice mode: anyone can draw its cases and keys.
The released file is indexed by a hash of cohort and NIM, so it does not list classmates' numbers.
"""

from __future__ import annotations

import hashlib
import json
import secrets as _secrets
from collections.abc import Iterable, Mapping
from dataclasses import asdict
from pathlib import Path

from sistercity.cases.model import (
    CaseError,
    Cohort,
    Event,
    Item,
    MidtermCase,
    ScreeningCase,
    Step,
    shared_share,
    student_key,
)
from sistercity.i18n import both

#: The lecturer's secrets, in the course folder (nbgrader's ``CourseDirectory.root``).
SECRETS_FILE = "cohort_secrets.json"
#: The cases of a graded cohort, released with the assignment (no keys in it).
CASES_FILE = "kasus_angkatan.json"
#: How many draws a student may get before the least shared one is kept.
MAX_ATTEMPTS = 80
#: The most of a key (share of its points) two students of a roster may share.
MAX_SHARE = 0.5


def lookup(cohort: str, nim: str) -> str:
    """The index of a student's case in the released file: a hash of cohort code and NIM key."""
    return hashlib.sha256(f"{cohort}\x1f{student_key(nim)}".encode()).hexdigest()[:24]


# --- the lecturer's side -----------------------------------------------------------------------


def _secrets_path(course_dir) -> Path:
    return Path(course_dir) / SECRETS_FILE


def read_secrets(course_dir) -> dict:
    """The secrets file of a course (cohort code -> secret and draw numbers), ``{}`` if none."""
    if course_dir is None:  # no course (a key drawn outside one): practice mode, no secret
        return {}
    path = _secrets_path(course_dir)
    if not path.is_file():
        return {}
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CaseError(
            both(
                f"Berkas rahasia angkatan {path} tidak bisa dibaca ({error}); buat ulang dengan "
                "sistercity cases --new-cohort.",
                f"The cohort secrets file {path} cannot be read ({error}); make it again with "
                "sistercity cases --new-cohort.",
            )
        ) from error
    return value if isinstance(value, dict) else {}


def graded_cohort(course_dir, code: str, kind: str, nim: str) -> Cohort | None:
    """The sealed cohort the grader draws ``nim``'s case with, or None when ``code`` has no secret."""
    entry = read_secrets(course_dir).get(str(code))
    if not entry:
        return None
    attempt = int(entry.get("attempts", {}).get(kind, {}).get(lookup(code, nim), 0))
    return Cohort(str(code), bytes.fromhex(entry["secret"]), attempt)


def key_for(kind: str, nim: str, cohort: str, course_dir):
    """The key of ``nim``'s ``kind`` case (``midterm``/``capstone``) in ``cohort``, for the grader.

    With a secret for ``cohort`` in ``course_dir``'s configuration, the key of the case released
    to the student; without one, the public practice key (anyone can draw it).
    """
    from sistercity import cases

    draw = {"midterm": cases._midterm_draw, "capstone": cases._capstone_draw}
    if kind not in draw:
        raise CaseError(
            both(
                f"Jenis kasus {kind!r} tidak dikenal: pakai 'midterm' atau 'capstone'.",
                f"Unknown kind of case {kind!r}: use 'midterm' or 'capstone'.",
            )
        )
    sealed = graded_cohort(course_dir, cohort, kind, nim)
    return draw[kind](nim, sealed or str(cohort))[1]


def _assign(kind: str, code: str, secret: bytes, keys: Iterable[str]) -> tuple[dict, dict, float]:
    """Each student's draw number and case, so that no two keys share more than half."""
    from sistercity import cases

    draw = {"midterm": cases._midterm_draw, "capstone": cases._capstone_draw}[kind]
    data = {"midterm": cases._midterm_data, "capstone": cases._capstone_data}[kind]()
    attempts, released, accepted = {}, {}, []
    worst = 0.0
    for key in dict.fromkeys(keys):
        best = None
        for attempt in range(MAX_ATTEMPTS):
            case, answers = draw(key, Cohort(code, secret, attempt), data)
            share = max((shared_share(kind, answers, other) for other in accepted), default=0.0)
            if best is None or share < best[0]:
                best = (share, attempt, case, answers)
            if share <= MAX_SHARE:
                break
        share, attempt, case, answers = best
        worst = max(worst, share)
        accepted.append(answers)
        attempts[lookup(code, key)] = attempt
        released[lookup(code, key)] = _case_record(case)
    return attempts, released, worst


def _case_record(case) -> dict:
    """A case as released: what the student is told, without the decision behind each step."""
    record = asdict(case)
    record["key"] = ""  # the notebook fills in the NIM it looked the case up with
    for step in record.get("steps", ()):
        step["decision"] = ""
    return record


def new_cohort(course_dir, code: str, roster: Iterable[str], kinds: Mapping[str, str]) -> dict:
    """Make a secret for ``code``, draw the roster's cases, release them without keys.

    Args:
        course_dir: The nbgrader course folder (its ``source/`` holds the masters).
        code: The new cohort code (already written into the masters' KODE_ANGKATAN cells).
        roster: Every id a student may write as their NIM (LMS ID number, nbgrader id).
        kinds: Assignment -> kind of case (``midterm``/``capstone``).

    Returns:
        Assignment -> the largest share of a key two students of the roster have in common.
    """
    keys = [student_key(k) for k in roster if str(k).strip()]
    if not keys:
        raise CaseError(
            both(
                "Roster kosong: beri daftar mahasiswa (CSV dengan kolom student_id atau ID number).",
                "The roster is empty: give the class list (a CSV with a student_id or ID number "
                "column).",
            )
        )
    secret = _secrets.token_bytes(32)
    entry = {"secret": secret.hex(), "attempts": {}}
    worst = {}
    for assignment, kind in kinds.items():
        attempts, released, worst[assignment] = _assign(kind, code, secret, keys)
        entry["attempts"][kind] = attempts
        path = Path(course_dir) / "source" / assignment / CASES_FILE
        path.write_text(
            json.dumps(
                {"cohort": code, "kind": kind, "cases": released}, ensure_ascii=False, indent=1
            )
            + "\n",
            encoding="utf-8",
        )
    stored = read_secrets(course_dir)
    stored[code] = entry
    target = _secrets_path(course_dir)
    target.write_text(json.dumps(stored, indent=1) + "\n", encoding="utf-8")
    target.chmod(0o600)
    return worst


# --- the student's side ------------------------------------------------------------------------


def released_cases(cohort: str, kind: str, folder=".") -> dict | None:
    """The released cases of ``cohort`` in ``folder`` (the notebook's own), or None if not graded."""
    path = Path(folder) / CASES_FILE
    if not path.is_file():
        return None
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if value.get("cohort") != str(cohort) or value.get("kind") != kind:
        return None
    return value.get("cases", {})


def _rebuild(kind: str, record: dict, key: str):
    record = {**record, "key": key}
    if kind == "midterm":
        fields = dict(record)
        fields["steps"] = tuple(Step(**s) for s in record["steps"])
        for name in ("activities", "statements", "claims"):
            fields[name] = tuple(Item(**i) for i in record[name])
        fields["events"] = tuple(Event(**e) for e in record.get("events", ()))
        return MidtermCase(**fields)
    return ScreeningCase(**{**record, "shortlist": tuple(record["shortlist"])})


def released_case(kind: str, nim: str, cohort: str, folder="."):
    """The case of ``nim`` released for a graded ``cohort``, or None when the cohort is not graded."""
    found = released_cases(cohort, kind, folder)
    if found is None:
        return None
    record = found.get(lookup(cohort, nim))
    if record is None:
        raise CaseError(
            both(
                f"NIM {student_key(nim)} tidak ada dalam daftar kasus angkatan {cohort}: periksa "
                "NIM Anda (seperti tercatat di LMS); bila sudah benar, hubungi dosen.",
                f"Student number {student_key(nim)} is not in the case list of cohort {cohort}: "
                "check your number (as the LMS records it); if it is right, ask your lecturer.",
            )
        )
    return _rebuild(kind, record, student_key(nim))


# --- a NIM written in the notebook that is not the roster's ------------------------------------

#: The answer variable of each part-A question -> the key field it is marked against.
ANSWER_FIELDS = {
    "midterm": {
        "era_kasus": "era",
        "tahap_tersisa": "remaining_stages",
        "langkah_ditolak": "refused_step",
        "aturan_dilanggar": "broken_rule",
        "tipologi": "typology",
        "asumsi_atau_aturan": "statements",
        "pernyataan_keliru": "false_claim",
        "tenggat": "deadlines",
    },
    "capstone": {
        "sudah_bermitra": "already_partnered",
        "memenuhi_syarat": "eligible",
        "mitra_terbaik": "best",
        "masalah_bersama": "shared_problems",
        "skor_tertimbang": "weighted_score",
    },
}


def score_answers(kind: str, answers: Mapping, key) -> float:
    """The part-A points ``answers`` (answer variable -> value) earn against ``key``, per item."""
    from sistercity.cases.model import KEY_POINTS, item_share

    total = 0.0
    for variable, name in ANSWER_FIELDS[kind].items():
        if variable not in answers:
            continue
        mine, right = answers[variable], getattr(key, name)
        if name == "false_claim" and isinstance(mine, str):
            mine = mine.strip().upper()
        if name == "deadlines" and isinstance(mine, dict):
            also = key.deadlines_also
            mine = {k: right.get(k) if v in also.get(k, ()) else v for k, v in mine.items()}
        try:
            got = item_share(name, mine, right)
        except TypeError:
            got = 0.0
        total += KEY_POINTS[kind][name] * got
    return total


def mismatch_scores(
    kind: str, answers: Mapping, written: str, roster: Iterable[str], cohort: str, course_dir
) -> dict | None:
    """Both scores of a notebook whose NIM is not one of the student's roster ids, else None.

    Returns ``{"nim_written", "nim_roster", "score_roster_case", "score_written_case"}``: the
    part-A points against the roster's case and against the case of the number written, for the
    lecturer to decide (an honest typo must not look like a copy).
    """
    ids = [student_key(r) for r in roster if str(r).strip()]
    try:
        mine = student_key(written)
    except CaseError:
        mine = ""
    if not ids or mine in ids:
        return None
    roster_key = key_for(kind, ids[0], cohort, course_dir)
    result = {
        "nim_written": mine,
        "nim_roster": ids[0],
        "score_roster_case": score_answers(kind, answers, roster_key),
        "score_written_case": None,
    }
    if mine:
        result["score_written_case"] = score_answers(
            kind, answers, key_for(kind, mine, cohort, course_dir)
        )
    return result
