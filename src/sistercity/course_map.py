"""What the graded questions assess: Sub-CPMK coverage and the weight resting on C4–C6 (pure).

``course/questions.csv`` gives every graded cell of every nbgrader master (``grade_id``, points,
``kind``) the Sub-CPMK of the RPS it assesses and its level in the revised Bloom taxonomy
(C1 remember … C6 create). :func:`profile` weighs each question by its share of its assignment's
points times the assignment's ``weight_percent`` in ``course/assessment.csv``, so the figures are
shares of the final grade. Everything here takes text, rows and notebooks as arguments; the
``sistercity questions`` command reads the files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sistercity.i18n import both, pick

#: The levels of the revised Bloom taxonomy as Indonesian syllabi write them.
BLOOM = {
    "C1": ("mengingat", "remember"),
    "C2": ("memahami", "understand"),
    "C3": ("menerapkan", "apply"),
    "C4": ("menganalisis", "analyse"),
    "C5": ("mengevaluasi", "evaluate"),
    "C6": ("mencipta", "create"),
}
#: The higher-order levels whose share of the final grade the report gives.
HIGHER_ORDER = ("C4", "C5", "C6")
#: The share of the final grade that should rest on C4–C6, in percent.
TARGET_PERCENT = 50.0
#: The two kinds of graded cell: a hidden-test cell, or an answer or task a person grades.
KINDS = ("autograded", "manual")

_SUB_CPMK_ROW = re.compile(
    r"^\|\s*(Sub-CPMK-\d+)\s*\|([^|]*)\|\s*(\d\d)\b[^|]*\|([^|]*)\|\s*$", re.M
)


@dataclass(frozen=True)
class GradedCell:
    """One graded cell of a master: its ``grade_id``, points and kind."""

    grade_id: str
    points: float
    kind: str


def graded_cells(notebook: Mapping) -> list[GradedCell]:
    """The graded cells of an nbgrader notebook, in order: test cells, graded answers and tasks.

    A code cell with ``grade: true`` is autograded (its hidden tests give the points); a graded
    Markdown answer and a task cell (``task: true``, graded by hand) are manual.
    """
    cells = []
    for cell in notebook["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if not (meta.get("grade") or meta.get("task")):
            continue
        autograded = cell["cell_type"] == "code" and meta.get("grade") and not meta.get("solution")
        kind = "autograded" if autograded else "manual"
        cells.append(GradedCell(meta["grade_id"], float(meta.get("points", 0)), kind))
    return cells


def sub_cpmk_table(rps_text: str) -> dict[str, dict]:
    """The Sub-CPMK rows of an RPS (``course/rps_*.md`` §2.3): code → ability, lesson, CPMK."""
    return {
        code: {"ability": ability.strip(), "lesson": lesson, "cpmk": cpmk.strip()}
        for code, ability, lesson, cpmk in _SUB_CPMK_ROW.findall(rps_text)
    }


@dataclass(frozen=True)
class Profile:
    """What the graded questions assess, as shares (percent) of the final grade."""

    by_bloom: dict[str, float]
    by_sub_cpmk: dict[str, float]
    questions_per_sub_cpmk: dict[str, int]
    #: Per assignment: (its weight in percent, the percent of its points on C4–C6 questions).
    by_assignment: dict[str, tuple[float, float]]

    @property
    def higher_order_percent(self) -> float:
        """The share of the final grade resting on C4–C6 questions."""
        return sum(self.by_bloom[level] for level in HIGHER_ORDER)

    @property
    def target_met(self) -> bool:
        """Whether at least :data:`TARGET_PERCENT` of the final grade rests on C4–C6."""
        return self.higher_order_percent >= TARGET_PERCENT - 1e-9

    @property
    def assessed(self) -> list[str]:
        """The Sub-CPMK that at least one graded question assesses, in RPS order."""
        return [code for code, count in self.questions_per_sub_cpmk.items() if count]

    @property
    def never_assessed(self) -> list[str]:
        """The Sub-CPMK of the RPS that no graded question assesses, in RPS order."""
        return [code for code, count in self.questions_per_sub_cpmk.items() if not count]


def profile(
    questions: Iterable[Mapping], assessment: Iterable[Mapping], sub_cpmk: Iterable[str]
) -> Profile:
    """Weigh each question by its points' share of its assignment times the assignment's weight.

    ``questions`` are rows of ``questions.csv`` (``assignment``, ``points``, ``sub_cpmk``,
    ``bloom``), ``assessment`` rows of ``assessment.csv`` (``assignment``, ``points``,
    ``weight_percent``) and ``sub_cpmk`` the codes of the RPS, in its order.

    Raises:
        ValueError: for a question whose assignment, Bloom level or Sub-CPMK is unknown, saying
            which row to fix.
    """
    weights = {
        row["assignment"]: (float(row["points"]), float(row["weight_percent"]))
        for row in assessment
    }
    codes = list(sub_cpmk)
    by_bloom = dict.fromkeys(BLOOM, 0.0)
    by_sub_cpmk = dict.fromkeys(codes, 0.0)
    counts = dict.fromkeys(codes, 0)
    higher = dict.fromkeys(weights, 0.0)
    for row in questions:
        where = f"{row['assignment']}/{row.get('grade_id', '?')}"
        if row["assignment"] not in weights:
            raise ValueError(
                both(
                    f"{where}: tugas ini tidak ada di assessment.csv; tambahkan atau perbaiki namanya.",
                    f"{where}: this assignment is not in assessment.csv; add it or fix the name.",
                )
            )
        if row["bloom"] not in BLOOM:
            raise ValueError(
                both(
                    f"{where}: bloom {row['bloom']!r} tidak dikenal; pakai C1–C6.",
                    f"{where}: bloom {row['bloom']!r} is unknown; use C1–C6.",
                )
            )
        if row["sub_cpmk"] not in by_sub_cpmk:
            raise ValueError(
                both(
                    f"{where}: {row['sub_cpmk']!r} tidak ada di tabel Sub-CPMK RPS; pakai kodenya.",
                    f"{where}: {row['sub_cpmk']!r} is not in the RPS Sub-CPMK table; use its code.",
                )
            )
        total_points, weight = weights[row["assignment"]]
        share = weight * float(row["points"]) / total_points
        by_bloom[row["bloom"]] += share
        by_sub_cpmk[row["sub_cpmk"]] += share
        counts[row["sub_cpmk"]] += 1
        if row["bloom"] in HIGHER_ORDER:
            higher[row["assignment"]] += 100 * float(row["points"]) / total_points
    per_assignment = {name: (weights[name][1], higher[name]) for name in weights}
    return Profile(by_bloom, by_sub_cpmk, counts, per_assignment)


def report(result: Profile, lang: str = "id") -> str:
    """The profile as text for a lecturer: C4–C6 share against the target, Bloom, Sub-CPMK."""

    def say(id_text: str, en_text: str) -> str:
        return pick(lang, id=id_text, en=en_text)

    share = result.higher_order_percent
    verdict = (
        say("tercapai", "met")
        if result.target_met
        else say(
            f"belum tercapai (kurang {TARGET_PERCENT - share:.1f} poin persentase)",
            f"not met ({TARGET_PERCENT - share:.1f} percentage points short)",
        )
    )
    lines = [
        say(
            f"Bagian nilai akhir pada soal C4–C6: {share:.1f}% (target {TARGET_PERCENT:.0f}%: {verdict})",
            f"Share of the final grade on C4–C6 questions: {share:.1f}% "
            f"(target {TARGET_PERCENT:.0f}%: {verdict})",
        ),
        "",
        say("Menurut tingkat Bloom (% nilai akhir):", "By Bloom level (% of the final grade):"),
    ]
    for level, (name_id, name_en) in BLOOM.items():
        lines.append(f"  {level} {say(name_id, name_en):<13} {result.by_bloom[level]:5.1f}%")
    lines += [
        "",
        say(
            "Menurut tugas (bobot; % poin tugas pada soal C4–C6):",
            "By assignment (weight; % of the assignment's points on C4–C6 questions):",
        ),
    ]
    for name, (weight, percent) in result.by_assignment.items():
        lines.append(f"  {name:<26} {weight:5.1f}%  {percent:5.1f}%")
    lines += [
        "",
        say(
            "Menurut Sub-CPMK (% nilai akhir, jumlah soal):",
            "By Sub-CPMK (% of the final grade, questions):",
        ),
    ]
    for code, percent in result.by_sub_cpmk.items():
        count = result.questions_per_sub_cpmk[code]
        lines.append(f"  {code:<12} {percent:5.1f}%  {count:2d}")
    lines += [
        "",
        say("Dinilai minimal sekali: ", "Assessed at least once: ")
        + (", ".join(result.assessed) or "-"),
        say("Tidak pernah dinilai: ", "Never assessed: ")
        + (", ".join(result.never_assessed) or "-"),
    ]
    return "\n".join(lines)


def differences(
    questions: Iterable[Mapping], cells: Mapping[str, Iterable[GradedCell]]
) -> list[str]:
    """Where ``questions.csv`` no longer matches the masters' graded cells (empty when it does).

    ``cells`` maps each assignment to its master's :func:`graded_cells`. A graded cell missing
    from the rows, a row naming no graded cell, a row given twice, and different points or kind
    are each reported in both languages.
    """
    rows: dict[tuple[str, str], list[Mapping]] = {}
    for row in questions:
        rows.setdefault((row["assignment"], row["grade_id"]), []).append(row)
    found = []
    for assignment, graded in cells.items():
        for cell in graded:
            key = (assignment, cell.grade_id)
            mine = rows.pop(key, [])
            where = f"{assignment}/{cell.grade_id}"
            if not mine:
                found.append(
                    both(f"{where}: sel bernilai tanpa baris", f"{where}: graded cell with no row")
                )
                continue
            if len(mine) > 1:
                found.append(both(f"{where}: {len(mine)} baris", f"{where}: {len(mine)} rows"))
            row = mine[0]
            if float(row["points"]) != cell.points or row["kind"] != cell.kind:
                found.append(
                    both(
                        f"{where}: baris {row['points']} poin {row['kind']}, master {cell.points:g} poin {cell.kind}",
                        f"{where}: row {row['points']} points {row['kind']}, master {cell.points:g} points {cell.kind}",
                    )
                )
    for assignment, grade_id in rows:
        where = f"{assignment}/{grade_id}"
        found.append(
            both(f"{where}: baris tanpa sel bernilai", f"{where}: row names no graded cell")
        )
    return found
