"""What the class learned, from the gradebook's cell scores: grades, outcome attainment, item analysis.

Pure: pandas, numpy and the standard library; every input is a data frame or text given by the
caller (``sistercity report`` and :func:`sistercity.report.course_report` read the files).

Definitions (also in the lecturer guide):

* A graded cell *counts* for a student when the student's submission of its assignment was
  graded and the cell has a score (not awaiting manual grading). Work not submitted, that
  could not be graded, or awaiting manual grading is never counted as zero: its weight is
  reported as *open*.
* A cell's weight in the final grade is its assignment's ``weight_percent`` times its points'
  share of the assignment's points in ``questions.csv``. The *score so far* is the weighted
  mean of the counted cells' shares of their points (0–100); *graded weight* is the part of
  the final grade those cells carry, and the *open weight* the rest.
* The attainment of a Sub-CPMK, CPMK or CPL is the share (0–100) of the points of the counted
  cells that assess it which the student earned; a cell counts for every CPMK its Sub-CPMK
  serves (the RPS map) and for every CPL those CPMK serve, once each.
* Item analysis uses, per assignment, the students whose every cell of it counts: difficulty
  is the mean share of the points; discrimination is the correlation of the item's share with
  the student's points on the assignment's other cells (corrected item–total), and the
  upper–lower index the difference in mean share between the best and the worst 27 % by
  points on the whole assignment (ties broken by student id).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sistercity.course_map import BLOOM, sub_cpmk_table
from sistercity.errors import UserError
from sistercity.i18n import both

GRADED = "graded"
NEEDS_MANUAL = "needs manual grading"
FAILED = "failed"
NOT_SUBMITTED = "not submitted"
#: Every status a student's assignment can have in the report.
STATUSES = (GRADED, NEEDS_MANUAL, FAILED, NOT_SUBMITTED)

#: The default threshold of attainment (percent): an assumption to set per study programme.
DEFAULT_THRESHOLD = 60.0
#: Item difficulty above this share is flagged too easy, below ``TOO_HARD`` too hard.
TOO_EASY = 0.90
TOO_HARD = 0.20
#: Corrected item–total correlation below this is flagged as weak discrimination.
LOW_DISCRIMINATION = 0.20
#: The share of students in each of the upper and lower groups.
GROUP_SHARE = 0.27

#: Flags of an item, with their bilingual meaning.
FLAGS = {
    "too_easy": ("terlalu mudah", "too easy"),
    "too_hard": ("terlalu sulit", "too hard"),
    "negative": ("daya beda negatif", "negative discrimination"),
    "low": ("daya beda < 0,2", "discrimination < 0.2"),
    "no_variance": ("semua skor sama", "everyone scored the same"),
}

#: A common Indonesian letter scale (minimum inclusive, maximum exclusive, except 100), a default
#: to check against the university's academic rules.
DEFAULT_SCALE = pd.DataFrame(
    {
        "letter": ["A", "AB", "B", "BC", "C", "D", "E"],
        "min_score": [85.0, 75.0, 65.0, 60.0, 55.0, 40.0, 0.0],
        "max_score": [100.0, 85.0, 75.0, 65.0, 60.0, 55.0, 40.0],
        "grade_point": [4.0, 3.5, 3.0, 2.5, 2.0, 1.0, 0.0],
    }
)

_CPL_ROW = re.compile(r"^\|\s*(CPL-[A-Za-z]+)\b[^|]*\|([^|]*)\|\s*$", re.M)
_CPMK_ROW = re.compile(r"^\|\s*(CPMK-\d+)\s*\|([^|]*)\|([^|]*)\|\s*$", re.M)


def _codes(text: str, prefix: str) -> list[str]:
    return [code.strip() for code in text.split(",") if code.strip().startswith(prefix)]


@dataclass(frozen=True)
class OutcomeMap:
    """The RPS's outcomes: CPL wordings, CPMK wordings and CPL, Sub-CPMK wordings and CPMK."""

    cpl: dict[str, str]
    cpmk: dict[str, tuple[str, list[str]]]
    sub_cpmk: dict[str, tuple[str, list[str]]]

    def cpmk_of(self, sub: str) -> list[str]:
        """The CPMK a Sub-CPMK serves."""
        return self.sub_cpmk[sub][1]

    def cpl_of(self, cpmk: str) -> list[str]:
        """The CPL a CPMK serves."""
        return self.cpmk[cpmk][1]


def outcome_map(rps_text: str, where: str = "RPS") -> OutcomeMap:
    """The Sub-CPMK → CPMK → CPL map of an RPS (``course/rps_*.md`` §2.1–2.3).

    Raises:
        UserError: when a table is missing or names a CPMK or CPL the RPS does not define.
    """
    cpl = {code: text.strip() for code, text in _CPL_ROW.findall(rps_text)}
    cpmk = {
        code: (text.strip(), _codes(cpls, "CPL-"))
        for code, text, cpls in _CPMK_ROW.findall(rps_text)
    }
    sub = {
        code: (row["ability"], _codes(row["cpmk"], "CPMK-"))
        for code, row in sub_cpmk_table(rps_text).items()
    }
    if not (cpl and cpmk and sub):
        raise UserError(
            both(
                f"{where}: tabel CPL, CPMK atau Sub-CPMK (§2.1–2.3) tidak ditemukan; pakai format tabel RPS contoh.",
                f"{where}: the CPL, CPMK or Sub-CPMK table (§2.1–2.3) is missing; use the model RPS's table format.",
            )
        )
    for code, (_, targets) in cpmk.items():
        for target in targets:
            if target not in cpl:
                raise UserError(
                    both(
                        f"{where}: {code} menyebut {target}, yang tidak ada di tabel CPL; perbaiki tabelnya.",
                        f"{where}: {code} names {target}, which is not in the CPL table; fix the table.",
                    )
                )
    for code, (_, targets) in sub.items():
        for target in targets or ["(none)"]:
            if target not in cpmk:
                raise UserError(
                    both(
                        f"{where}: {code} menyebut {target}, yang tidak ada di tabel CPMK; perbaiki tabelnya.",
                        f"{where}: {code} names {target}, which is not in the CPMK table; fix the table.",
                    )
                )
    return OutcomeMap(cpl, cpmk, sub)


def check_same_map(first: OutcomeMap, second: OutcomeMap, first_name, second_name) -> None:
    """Raise a bilingual error when two RPS (the two languages) link their outcomes differently."""

    def links(found: OutcomeMap) -> tuple:
        return (
            sorted(found.cpl),
            {k: v[1] for k, v in found.cpmk.items()},
            {k: v[1] for k, v in found.sub_cpmk.items()},
        )

    if links(first) != links(second):
        raise UserError(
            both(
                f"{first_name} dan {second_name} memetakan Sub-CPMK → CPMK → CPL secara berbeda; samakan tabel §2 keduanya.",
                f"{first_name} and {second_name} map Sub-CPMK → CPMK → CPL differently; make their §2 tables agree.",
            )
        )


def check_threshold(threshold: float) -> float:
    """The threshold of attainment as a float, or a bilingual error when it is outside 0–100."""
    try:
        value = float(threshold)
    except (TypeError, ValueError):
        value = math.nan
    if not 0 <= value <= 100:
        raise UserError(
            both(
                f"Ambang capaian {threshold!r} di luar 0–100; beri persen, mis. --threshold 60.",
                f"The attainment threshold {threshold!r} is outside 0–100; give a percent, e.g. --threshold 60.",
            )
        )
    return value


def check_scale(scale: pd.DataFrame, where: str = "grade_scale.csv") -> pd.DataFrame:
    """The letter scale sorted from the top, or a bilingual error on gaps, overlaps or bad rows.

    The rows (``letter``, ``min_score``, ``max_score``, ``grade_point``) must cover 0–100 exactly:
    each row's minimum is inclusive, its maximum exclusive (the top row includes 100).
    """
    needed = ["letter", "min_score", "max_score", "grade_point"]

    def fail(id_text: str, en_text: str) -> UserError:
        return UserError(
            both(
                f"{where}: {id_text}; perbaiki berkas itu (lihat course/grade_scale.csv).",
                f"{where}: {en_text}; fix that file (see course/grade_scale.csv).",
            )
        )

    missing = [c for c in needed if c not in scale.columns]
    if missing or scale.empty:
        raise fail(
            f"kolom {', '.join(missing) or needed} tidak ada atau tidak ada baris",
            f"columns {', '.join(missing) or needed} missing or no rows",
        )
    table = scale[needed].copy()
    try:
        for column in needed[1:]:
            table[column] = table[column].astype(float)
    except (TypeError, ValueError) as error:
        raise fail(f"angka tidak terbaca ({error})", f"a number cannot be read ({error})") from None
    table["letter"] = table["letter"].astype(str).str.strip()
    table = table.sort_values("min_score", ascending=False).reset_index(drop=True)
    if table["letter"].duplicated().any():
        raise fail("huruf yang sama dua kali", "a letter appears twice")
    if (table["min_score"] >= table["max_score"]).any():
        bad = table.loc[table["min_score"] >= table["max_score"], "letter"].iloc[0]
        raise fail(
            f"{bad}: min_score tidak di bawah max_score", f"{bad}: min_score is not below max_score"
        )
    if table["min_score"].iloc[-1] != 0 or table["max_score"].iloc[0] != 100:
        raise fail("skala tidak mencakup 0 sampai 100", "the scale does not cover 0 to 100")
    for upper, lower in zip(table.itertuples(), table.iloc[1:].itertuples(), strict=False):
        if lower.max_score < upper.min_score:
            raise fail(
                f"celah antara {lower.letter} ({lower.max_score:g}) dan {upper.letter} ({upper.min_score:g})",
                f"a gap between {lower.letter} ({lower.max_score:g}) and {upper.letter} ({upper.min_score:g})",
            )
        if lower.max_score > upper.min_score:
            raise fail(
                f"{lower.letter} dan {upper.letter} bertumpang tindih ({upper.min_score:g}–{lower.max_score:g})",
                f"{lower.letter} and {upper.letter} overlap ({upper.min_score:g}–{lower.max_score:g})",
            )
    return table


def letter_of(score: float, scale: pd.DataFrame) -> tuple[str, float]:
    """The letter and grade point of a score (0–100, rounded to 2 decimals) on a checked scale."""
    if score is None or (isinstance(score, float) and math.isnan(score)):
        return "", math.nan
    value = round(float(score), 2)
    for letter, low, high, point in zip(
        scale["letter"], scale["min_score"], scale["max_score"], scale["grade_point"], strict=True
    ):
        if low <= value < high or (value >= 100 and high == 100):
            return letter, point
    return "", math.nan


@dataclass
class Report:
    """Everything ``sistercity report`` shows: per student, per class and per item."""

    #: Per student: name, score (0–100 so far), letter, grade_point, graded_weight, open weights
    #: (open_weight and its parts), and the status of every assignment of the report.
    students: pd.DataFrame
    #: Students × Sub-CPMK / CPMK / CPL / Bloom level: attainment 0–100 (NaN: nothing counted yet).
    sub_cpmk: pd.DataFrame
    cpmk: pd.DataFrame
    cpl: pd.DataFrame
    bloom: pd.DataFrame
    #: Per outcome (rows) of each level: mean attainment, students with data, share reaching.
    class_summary: dict[str, pd.DataFrame]
    #: One row per graded cell: difficulty, discrimination, counts and flags.
    items: pd.DataFrame
    #: The letters and how many students have each (and "" for no grade yet).
    letters: pd.Series
    assignments: list[str]
    threshold: float
    total_weight: float
    outcomes: OutcomeMap
    #: The letter scale used, from the top letter down.
    scale: pd.DataFrame
    notes: list[str] = field(default_factory=list)


def _check_inputs(
    cells: pd.DataFrame,
    gradebook_cells: pd.DataFrame,
    questions: pd.DataFrame,
    assessment: pd.DataFrame,
    outcomes: OutcomeMap,
    assignments: list[str] | None,
    where: dict[str, str],
) -> list[str]:
    """The assignments of the report, after checking that the files and the gradebook agree."""
    gradebook_name = where["gradebook"]
    graded = sorted(set(cells["assignment"]))
    if not graded:
        raise UserError(
            both(
                f"{gradebook_name}: belum ada tugas yang dinilai; jalankan dulu `sistercity grade <tugas>`.",
                f"{gradebook_name}: no assignment has been graded yet; run `sistercity grade <assignment>` first.",
            )
        )
    weights = set(assessment["assignment"])
    if assignments:
        unknown = [a for a in assignments if a not in set(gradebook_cells["assignment"])]
        if unknown:
            raise UserError(
                both(
                    f"{gradebook_name}: tugas {', '.join(unknown)} tidak ada di buku nilai; pilih dari {', '.join(graded)}.",
                    f"{gradebook_name}: assignment {', '.join(unknown)} is not in the gradebook; choose from {', '.join(graded)}.",
                )
            )
        chosen = list(dict.fromkeys(assignments))
    else:
        chosen = graded
    for name in chosen:
        if name not in weights:
            raise UserError(
                both(
                    f"{where['assessment']}: tugas {name} di buku nilai tidak punya baris; tambahkan bobotnya.",
                    f"{where['assessment']}: assignment {name} of the gradebook has no row; add its weight.",
                )
            )
    book = {
        (r.assignment, r.grade_id): r.max_score
        for r in gradebook_cells.itertuples()
        if r.assignment in chosen
    }
    rows = {(r.assignment, r.grade_id): r for r in questions.itertuples() if r.assignment in chosen}
    for key, row in rows.items():
        if key not in book:
            raise UserError(
                both(
                    f"{where['questions']}: baris {key[0]}/{key[1]} menyebut sel yang tidak ada di buku nilai; "
                    "perbaiki atau hapus barisnya (atau nilai ulang dengan naskah induk yang baru).",
                    f"{where['questions']}: row {key[0]}/{key[1]} names a cell that is not in the gradebook; "
                    "fix or delete the row (or grade again with the new master).",
                )
            )
        if not math.isclose(float(row.points), float(book[key])):
            raise UserError(
                both(
                    f"{where['questions']}: {key[0]}/{key[1]} bernilai {row.points} poin, buku nilai {book[key]:g}; samakan.",
                    f"{where['questions']}: {key[0]}/{key[1]} is worth {row.points} points, the gradebook {book[key]:g}; make them agree.",
                )
            )
        if row.sub_cpmk not in outcomes.sub_cpmk:
            raise UserError(
                both(
                    f"{where['questions']}: {key[0]}/{key[1]}: {row.sub_cpmk} tidak ada di tabel Sub-CPMK {where['rps']}.",
                    f"{where['questions']}: {key[0]}/{key[1]}: {row.sub_cpmk} is not in the Sub-CPMK table of {where['rps']}.",
                )
            )
        if row.bloom not in BLOOM:
            raise UserError(
                both(
                    f"{where['questions']}: {key[0]}/{key[1]}: bloom {row.bloom!r} tidak dikenal; pakai C1–C6.",
                    f"{where['questions']}: {key[0]}/{key[1]}: bloom {row.bloom!r} is unknown; use C1–C6.",
                )
            )
    for key in book:
        if key not in rows:
            raise UserError(
                both(
                    f"{where['questions']}: sel {key[0]}/{key[1]} di buku nilai tidak punya baris; tambahkan Sub-CPMK dan Bloom-nya.",
                    f"{where['questions']}: cell {key[0]}/{key[1]} of the gradebook has no row; add its Sub-CPMK and Bloom level.",
                )
            )
    return chosen


def _attainment(counted: pd.DataFrame, key: str, columns: Iterable[str]) -> pd.DataFrame:
    """Students × ``key`` values: 100 × earned / available points over the counted cells."""
    sums = counted.groupby(["student", key])[["score", "max_score"]].sum()
    share = (100 * sums["score"] / sums["max_score"]).unstack(key)
    return share.reindex(columns=list(columns))


def _class_summary(table: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """Per column: mean attainment, students with data, and the share of them at the threshold."""
    with_data = table.notna().sum()
    reached = (table >= threshold - 1e-9).sum()
    return pd.DataFrame(
        {
            "mean": table.mean(),
            "students": with_data.astype(int),
            "reached": reached.astype(int),
            "share_reached": 100 * reached / with_data.where(with_data > 0),
        }
    )


def item_statistics(scores: pd.DataFrame, maxima: pd.Series) -> pd.DataFrame:
    """Difficulty and discrimination of each item of one assignment (students × items of points).

    ``scores`` holds only students whose every item counts; ``maxima`` the items' points.
    """
    n = len(scores)
    points = scores.to_numpy(float)
    top = maxima.reindex(scores.columns).to_numpy(float)
    shares = points / top if n else points
    totals = points.sum(axis=1)
    order = sorted(range(n), key=lambda i: (-totals[i], str(scores.index[i])))
    k = max(1, int(round(GROUP_SHARE * n))) if n else 0
    upper, lower = order[:k], order[n - k :] if k else []
    rows = []
    for j, item in enumerate(scores.columns):
        x = shares[:, j]
        rest = totals - points[:, j]
        r = math.nan
        if n >= 3 and x.std() > 0 and rest.std() > 0:
            r = float(np.corrcoef(x, rest)[0, 1])
        index = float(x[upper].mean() - x[lower].mean()) if n >= 2 else math.nan
        rows.append(
            {
                "grade_id": item,
                "n": n,
                "difficulty": float(x.mean()) if n else math.nan,
                "sd": float(x.std()) if n else math.nan,
                "item_total_r": r,
                "upper_lower": index,
                "at_zero": int((points[:, j] <= 0).sum()),
                "at_full": int((points[:, j] >= top[j] - 1e-9).sum()),
            }
        )
    return pd.DataFrame(rows)


def _flags(row) -> list[str]:
    found = []
    if row.n == 0:
        return found
    if row.difficulty > TOO_EASY:
        found.append("too_easy")
    if row.difficulty < TOO_HARD:
        found.append("too_hard")
    if row.n >= 2 and row.sd == 0:
        found.append("no_variance")
    elif math.isnan(row.item_total_r):
        pass
    elif row.item_total_r < 0:
        found.append("negative")
    elif row.item_total_r < LOW_DISCRIMINATION:
        found.append("low")
    return found


def build_report(
    cells: pd.DataFrame,
    statuses: pd.DataFrame,
    gradebook_cells: pd.DataFrame,
    questions: pd.DataFrame,
    assessment: pd.DataFrame,
    outcomes: OutcomeMap,
    *,
    scale: pd.DataFrame | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    assignments: list[str] | None = None,
    names: dict[str, str] | None = None,
    case_items: Iterable[tuple[str, str]] = (),
    where: dict[str, str] | None = None,
) -> Report:
    """The report of a class from its cell scores and the course's tables.

    Args:
        cells: one row per graded cell of each submission: ``student``, ``assignment``,
            ``grade_id``, ``score`` (NaN while awaiting manual grading), ``max_score``,
            ``needs_manual`` (bool).
        statuses: ``student``, ``assignment``, ``status`` (one of :data:`STATUSES`); a student
            and assignment missing here take their status from ``cells``.
        gradebook_cells: ``assignment``, ``grade_id``, ``max_score`` of every graded cell the
            gradebook knows.
        questions: rows of ``questions.csv``.
        assessment: rows of ``assessment.csv``.
        outcomes: the RPS's map (:func:`outcome_map`).
        scale: the letter scale (default :data:`DEFAULT_SCALE`).
        threshold: the attainment threshold, percent.
        assignments: the assignments to report on (default: every graded one).
        names: the students' names.
        case_items: (assignment, grade_id) of the items that differ per student (own case).
        where: the names of the files for messages (``gradebook``, ``questions``,
            ``assessment``, ``rps``).

    Raises:
        UserError: for bad input, naming the file and what to do.
    """
    where = {
        "gradebook": "gradebook.db",
        "questions": "questions.csv",
        "assessment": "assessment.csv",
        "rps": "RPS",
        "scale": "grade_scale.csv",
        **(where or {}),
    }
    threshold = check_threshold(threshold)
    scale = check_scale(DEFAULT_SCALE if scale is None else scale, where["scale"])
    questions = questions.copy()
    questions["points"] = questions["points"].astype(float)
    assessment = assessment.copy()
    assessment["weight_percent"] = assessment["weight_percent"].astype(float)
    chosen = _check_inputs(
        cells, gradebook_cells, questions, assessment, outcomes, assignments, where
    )
    total_weight = float(assessment["weight_percent"].sum())
    weight_of = dict(zip(assessment["assignment"], assessment["weight_percent"], strict=True))

    q = questions[questions["assignment"].isin(chosen)].copy()
    q["weight"] = (
        q["assignment"].map(weight_of)
        * q["points"]
        / q.groupby("assignment")["points"].transform("sum")
    )
    cells = cells[cells["assignment"].isin(chosen)].copy()
    cells["score"] = cells["score"].astype(float)
    cells["max_score"] = cells["max_score"].astype(float)
    cells["needs_manual"] = cells["needs_manual"].astype(bool)

    # Every student x assignment status: the given one, else what the cells say.
    students = sorted(
        set(cells["student"]) | set(statuses["student"]) | set((names or {}).keys()), key=str
    )
    given = {
        (r.student, r.assignment): r.status for r in statuses.itertuples() if r.assignment in chosen
    }
    pending = cells.groupby(["student", "assignment"])["needs_manual"].any().to_dict()
    status = {}
    for student in students:
        for name in chosen:
            found = given.get((student, name))
            if found in (FAILED, NOT_SUBMITTED):
                pass
            elif (student, name) in pending:
                found = NEEDS_MANUAL if pending[(student, name)] else GRADED
            else:
                # Scored in a run but gone from the gradebook: as ``sistercity export`` says.
                found = FAILED if found in (GRADED, NEEDS_MANUAL) else NOT_SUBMITTED
            status[(student, name)] = found
    status_frame = pd.Series(status, dtype=object)
    status_frame.index = status_frame.index.set_names(["student", "assignment"])

    merged = cells.merge(
        q[["assignment", "grade_id", "sub_cpmk", "bloom", "weight"]],
        on=["assignment", "grade_id"],
        how="inner",
    )
    keys = pd.MultiIndex.from_arrays([merged["student"], merged["assignment"]])
    merged["status"] = status_frame.reindex(keys).to_numpy()
    counts = merged["status"].isin([GRADED, NEEDS_MANUAL]) & ~merged["needs_manual"]
    counts &= merged["score"].notna()
    counted = merged[counts].copy()
    counted["share"] = counted["score"] / counted["max_score"]

    # Per student: score so far, graded weight and where the open weight is.
    graded_weight = counted.groupby("student")["weight"].sum().reindex(students, fill_value=0.0)
    weighted = (counted["weight"] * counted["share"]).groupby(counted["student"]).sum()
    score = (100 * weighted / graded_weight.where(graded_weight > 0)).reindex(students)
    awaiting = (
        merged[~counts & merged["status"].isin([GRADED, NEEDS_MANUAL])]
        .groupby("student")["weight"]
        .sum()
        .reindex(students, fill_value=0.0)
    )
    by_status = {
        kind: pd.Series(
            {s: sum(weight_of[a] for a in chosen if status[(s, a)] == kind) for s in students},
            dtype=float,
        )
        for kind in (FAILED, NOT_SUBMITTED)
    }
    chosen_weight = sum(weight_of[a] for a in chosen)
    table = pd.DataFrame(index=pd.Index(students, name="student"))
    table["name"] = [(names or {}).get(s, "") for s in students]
    table["score"] = score.round(2)
    letters = [letter_of(v, scale) for v in table["score"]]
    table["letter"] = [x[0] for x in letters]
    table["grade_point"] = [x[1] for x in letters]
    table["graded_weight"] = graded_weight.round(4)
    table["open_weight"] = (total_weight - graded_weight).round(4)
    table["open_manual"] = awaiting.round(4)
    table["open_failed"] = by_status[FAILED].round(4)
    table["open_not_submitted"] = by_status[NOT_SUBMITTED].round(4)
    table["open_not_assessed"] = round(total_weight - chosen_weight, 4)
    for name in chosen:
        table[f"status:{name}"] = [status[(s, name)] for s in students]

    # Outcomes: Sub-CPMK, then CPMK and CPL through the RPS map (each cell once per outcome).
    sub_codes = list(outcomes.sub_cpmk)
    sub = _attainment(counted, "sub_cpmk", sub_codes).reindex(students)
    cpmk_links = pd.DataFrame(
        [(s, c) for s in sub_codes for c in outcomes.cpmk_of(s)], columns=["sub_cpmk", "cpmk"]
    )
    cpmk = _attainment(counted.merge(cpmk_links, on="sub_cpmk"), "cpmk", outcomes.cpmk)
    cpmk = cpmk.reindex(students)
    cpl_links = pd.DataFrame(
        sorted(
            {(s, cpl) for s in sub_codes for c in outcomes.cpmk_of(s) for cpl in outcomes.cpl_of(c)}
        ),
        columns=["sub_cpmk", "cpl"],
    )
    cpl = _attainment(counted.merge(cpl_links, on="sub_cpmk"), "cpl", outcomes.cpl)
    cpl = cpl.reindex(students)
    bloom = _attainment(counted, "bloom", BLOOM).reindex(students)
    for frame in (sub, cpmk, cpl, bloom):
        frame.index.name = "student"
        frame.columns.name = None

    # Item analysis, one assignment at a time.
    case = set(case_items)
    item_tables = []
    merged["counts"] = counts
    complete = merged.groupby(["assignment", "student"])["counts"].all()
    wide = merged[merged["counts"]].pivot_table(
        index="student", columns=["assignment", "grade_id"], values="score", aggfunc="sum"
    )
    for name in chosen:
        items = q[q["assignment"] == name]
        maxima = pd.Series(items["points"].to_numpy(), index=items["grade_id"])
        done = complete.loc[name] if name in complete.index.get_level_values(0) else complete[:0]
        who = done[done].index
        full = (
            wide[name].reindex(index=who, columns=maxima.index).dropna()
            if name in wide.columns.get_level_values(0)
            else pd.DataFrame(columns=maxima.index, dtype=float)
        )
        stats = item_statistics(full, maxima)
        stats.insert(0, "assignment", name)
        item_tables.append(stats)
    items = pd.concat(item_tables, ignore_index=True)
    items = items.merge(
        q[["assignment", "grade_id", "points", "kind", "sub_cpmk", "bloom"]],
        on=["assignment", "grade_id"],
    )
    items["per_student_case"] = [
        (a, g) in case for a, g in zip(items["assignment"], items["grade_id"], strict=True)
    ]
    items["flags"] = [",".join(_flags(row)) for row in items.itertuples()]

    summary = {
        "sub_cpmk": _class_summary(sub, threshold),
        "cpmk": _class_summary(cpmk, threshold),
        "cpl": _class_summary(cpl, threshold),
        "bloom": _class_summary(bloom, threshold),
    }
    letter_counts = table["letter"].value_counts().reindex([*scale["letter"], ""], fill_value=0)
    notes = []
    if (table["open_manual"] > 0).any():
        notes.append(
            both(
                f"{int((table['open_manual'] > 0).sum())} mahasiswa masih menunggu penilaian manual.",
                f"{int((table['open_manual'] > 0).sum())} students still await manual grading.",
            )
        )
    return Report(
        students=table,
        sub_cpmk=sub,
        cpmk=cpmk,
        cpl=cpl,
        bloom=bloom,
        class_summary=summary,
        items=items,
        letters=letter_counts,
        assignments=chosen,
        threshold=threshold,
        total_weight=total_weight,
        outcomes=outcomes,
        scale=scale,
        notes=notes,
    )
