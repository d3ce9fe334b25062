"""The report model against figures computed here another way (plain loops, statistics module)."""

from __future__ import annotations

import math
import statistics

import numpy as np
import pandas as pd
import pytest

from sistercity.errors import UserError
from sistercity.report import model

RPS = """
| CPL-A (attitude) | Integrity. |
| CPL-B | Skills. |

| CPMK-1 | Explain. | CPL-A |
| CPMK-2 | Analyse. | CPL-A, CPL-B |

| Sub-CPMK-1 | Recall things | 01 One | CPMK-1 |
| Sub-CPMK-2 | Analyse things | 02 Two | CPMK-1, CPMK-2 |
| Sub-CPMK-3 | Never assessed | 03 Three | CPMK-2 |
"""

QUESTIONS = pd.DataFrame(
    [
        ("a1", "q1", 4, "autograded", "Sub-CPMK-1", "C1"),
        ("a1", "q2", 6, "manual", "Sub-CPMK-2", "C4"),
        ("a2", "q3", 5, "autograded", "Sub-CPMK-2", "C3"),
        ("a2", "q4", 5, "manual", "Sub-CPMK-1", "C5"),
        ("a3", "q5", 10, "autograded", "Sub-CPMK-3", "C2"),
    ],
    columns=["assignment", "grade_id", "points", "kind", "sub_cpmk", "bloom"],
)
ASSESSMENT = pd.DataFrame(
    {"assignment": ["a1", "a2", "a3"], "points": [10, 10, 10], "weight_percent": [30, 50, 20]}
)
BOOK = QUESTIONS.rename(columns={"points": "max_score"})[["assignment", "grade_id", "max_score"]]
SUB = {"q1": "Sub-CPMK-1", "q2": "Sub-CPMK-2", "q3": "Sub-CPMK-2", "q4": "Sub-CPMK-1"}
CPMK = {"Sub-CPMK-1": {"CPMK-1"}, "Sub-CPMK-2": {"CPMK-1", "CPMK-2"}}
CPL = {"CPMK-1": {"CPL-A"}, "CPMK-2": {"CPL-A", "CPL-B"}}
POINTS = {"q1": 4, "q2": 6, "q3": 5, "q4": 5}
ASSIGNMENT = {"q1": "a1", "q2": "a1", "q3": "a2", "q4": "a2"}
WEIGHT = {"a1": 30, "a2": 50}


def _class(seed: int = 3, n: int = 40):
    """A random class: (cells frame, statuses frame, the scores as a plain dict for the oracle)."""
    rng = np.random.default_rng(seed)
    rows, statuses, plain = [], [], {}
    for i in range(n):
        student = f"s{i:02d}"
        ability = rng.uniform()
        for assignment, items in (("a1", ["q1", "q2"]), ("a2", ["q3", "q4"])):
            kind = rng.choice(["ok", "ok", "ok", "ok", "missing", "failed", "manual"])
            if kind in ("missing", "failed"):
                statuses.append(
                    (
                        student,
                        assignment,
                        model.NOT_SUBMITTED if kind == "missing" else model.FAILED,
                    )
                )
                continue
            for item in items:
                awaiting = kind == "manual" and item in ("q2", "q4")
                points = POINTS[item]
                score = math.nan if awaiting else float(rng.binomial(points, ability))
                rows.append((student, assignment, item, score, points, awaiting))
                if not awaiting:
                    plain[(student, item)] = score
            status = model.NEEDS_MANUAL if kind == "manual" else model.GRADED
            statuses.append((student, assignment, status))
    cells = pd.DataFrame(
        rows, columns=["student", "assignment", "grade_id", "score", "max_score", "needs_manual"]
    )
    frame = pd.DataFrame(statuses, columns=["student", "assignment", "status"])
    return cells, frame, plain, [f"s{i:02d}" for i in range(n)]


def _report(cells, statuses, **kwargs):
    return model.build_report(
        cells, statuses, BOOK, QUESTIONS, ASSESSMENT, model.outcome_map(RPS), **kwargs
    )


def test_outcome_map_reads_all_three_tables():
    """The map reads CPL codes with a parenthesis, and several CPMK or CPL per row."""
    found = model.outcome_map(RPS)
    assert list(found.cpl) == ["CPL-A", "CPL-B"]
    assert found.cpl_of("CPMK-2") == ["CPL-A", "CPL-B"]
    assert found.cpmk_of("Sub-CPMK-2") == ["CPMK-1", "CPMK-2"]


def test_scores_open_weight_and_attainment_match_a_plain_computation():
    """Score so far, open weight, and Sub-CPMK/CPMK/CPL/Bloom attainment, student by student."""
    cells, statuses, plain, students = _class()
    result = _report(cells, statuses)
    assert result.assignments == ["a1", "a2"]
    bloom = dict(zip(QUESTIONS["grade_id"], QUESTIONS["bloom"], strict=True))
    for student in students:
        mine = {item: s for (who, item), s in plain.items() if who == student}
        weight = {item: WEIGHT[ASSIGNMENT[item]] * POINTS[item] / 10 for item in mine}
        row = result.students.loc[student]
        if mine:
            expected = (
                100 * sum(weight[i] * mine[i] / POINTS[i] for i in mine) / sum(weight.values())
            )
            assert row["score"] == pytest.approx(round(expected, 2))
        else:
            assert math.isnan(row["score"]) and row["letter"] == ""
        assert row["graded_weight"] == pytest.approx(sum(weight.values()))
        assert row["open_weight"] == pytest.approx(100 - sum(weight.values()))
        assert row["open_not_assessed"] == 20
        parts = row[["open_manual", "open_failed", "open_not_submitted", "open_not_assessed"]]
        assert parts.sum() == pytest.approx(row["open_weight"])

        def share(selected, mine=mine):
            chosen = [i for i in mine if selected(i)]
            if not chosen:
                return math.nan
            return 100 * sum(mine[i] for i in chosen) / sum(POINTS[i] for i in chosen)

        for table, codes, test in (
            (result.sub_cpmk, ["Sub-CPMK-1", "Sub-CPMK-2"], lambda i, c: SUB[i] == c),
            (result.cpmk, ["CPMK-1", "CPMK-2"], lambda i, c: c in CPMK[SUB[i]]),
            (
                result.cpl,
                ["CPL-A", "CPL-B"],
                lambda i, c: any(c in CPL[k] for k in CPMK[SUB[i]]),
            ),
            (result.bloom, ["C1", "C3", "C4", "C5"], lambda i, c: bloom[i] == c),
        ):
            for code in codes:
                got = table.loc[student, code]
                want = share(lambda i, c=code, t=test: t(i, c))
                assert (math.isnan(got) and math.isnan(want)) or got == pytest.approx(want)
        assert math.isnan(result.sub_cpmk.loc[student, "Sub-CPMK-3"])


def test_not_submitted_failed_and_awaiting_work_is_open_not_zero():
    """A hand-built class: missing, failed and awaiting work adds to the open weight, never to zero."""
    cells = pd.DataFrame(
        [
            ("ana", "a1", "q1", 4.0, 4, False),
            ("ana", "a1", "q2", 3.0, 6, False),
            ("ana", "a2", "q3", 5.0, 5, False),
            ("ana", "a2", "q4", math.nan, 5, True),
            ("budi", "a1", "q1", 0.0, 4, False),
            ("budi", "a1", "q2", 0.0, 6, False),
        ],
        columns=["student", "assignment", "grade_id", "score", "max_score", "needs_manual"],
    )
    statuses = pd.DataFrame(
        [("budi", "a2", model.NOT_SUBMITTED), ("cici", "a1", model.FAILED)],
        columns=["student", "assignment", "status"],
    )
    result = _report(cells, statuses)
    ana, budi, cici = (result.students.loc[s] for s in ("ana", "budi", "cici"))
    # ana: a1 7/10 of 30, a2 q3 5/5 of 25 (half of a2's 50); q4 awaits grading.
    assert ana["score"] == pytest.approx(round(100 * (30 * 0.7 + 25) / 55, 2))
    assert (ana["open_manual"], ana["open_weight"]) == (25, 45)
    assert ana["status:a2"] == model.NEEDS_MANUAL
    assert (budi["score"], budi["letter"], budi["open_not_submitted"]) == (0, "E", 50)
    assert cici["status:a1"] == model.FAILED and cici["status:a2"] == model.NOT_SUBMITTED
    assert math.isnan(cici["score"]) and cici["open_weight"] == 100
    assert cici["open_failed"] == 30 and cici["open_not_submitted"] == 50
    assert math.isnan(result.cpmk.loc["cici", "CPMK-1"])
    assert result.letters[""] == 1


def _item_oracle(scores: dict[str, dict[str, float]], items: list[str]):
    """Difficulty, corrected item-total r and the 27 % index of each item, computed by hand."""
    students = sorted(scores)
    totals = {s: sum(scores[s].values()) for s in students}
    ranked = sorted(students, key=lambda s: (-totals[s], s))
    k = max(1, round(0.27 * len(students)))
    out = {}
    for item in items:
        x = [scores[s][item] / POINTS[item] for s in students]
        rest = [totals[s] - scores[s][item] for s in students]
        try:
            r = statistics.correlation(x, rest)
        except statistics.StatisticsError:
            r = math.nan
        up = statistics.fmean(scores[s][item] / POINTS[item] for s in ranked[:k])
        low = statistics.fmean(scores[s][item] / POINTS[item] for s in ranked[-k:])
        out[item] = (statistics.fmean(x), r, up - low, len(students))
    return out


def test_item_analysis_matches_a_plain_computation():
    """Difficulty, discrimination, the 27 % index and counts, over the fully graded students only."""
    cells, statuses, plain, _ = _class(seed=11, n=60)
    result = _report(cells, statuses)
    for items in (["q1", "q2"], ["q3", "q4"]):
        complete = {
            s: {i: plain[(s, i)] for i in items}
            for s in {who for who, _ in plain}
            if all((s, i) in plain for i in items)
        }
        oracle = _item_oracle(complete, items)
        for item in items:
            row = result.items.set_index("grade_id").loc[item]
            difficulty, r, index, n = oracle[item]
            assert row["n"] == n
            assert row["difficulty"] == pytest.approx(difficulty)
            assert row["item_total_r"] == pytest.approx(r)
            assert row["upper_lower"] == pytest.approx(index)
            assert row["at_zero"] == sum(v[item] == 0 for v in complete.values())
            assert row["at_full"] == sum(v[item] == POINTS[item] for v in complete.values())


def test_item_flags_follow_the_thresholds():
    """An item everyone gets right is too easy (no variance); one favouring the weak is negative."""
    rows = []
    for i in range(20):
        strong = i < 10
        rows += [
            (f"s{i:02d}", "a1", "q1", 4.0, 4, False),
            (f"s{i:02d}", "a1", "q2", 6.0 if strong else 0.0, 6, False),
            (f"s{i:02d}", "a2", "q3", 0.0 if strong else 1.0, 5, False),
            (f"s{i:02d}", "a2", "q4", 5.0 if strong else 0.0, 5, False),
        ]
    cells = pd.DataFrame(
        rows, columns=["student", "assignment", "grade_id", "score", "max_score", "needs_manual"]
    )
    empty = pd.DataFrame(columns=["student", "assignment", "status"])
    result = _report(cells, empty, case_items=[("a2", "q4")])
    flags = dict(zip(result.items["grade_id"], result.items["flags"], strict=True))
    assert flags["q1"] == "too_easy,no_variance"
    assert flags["q3"] == "too_hard,negative"
    assert flags["q2"] == ""
    assert result.items.set_index("grade_id")["per_student_case"].to_dict() == {
        "q1": False,
        "q2": False,
        "q3": False,
        "q4": True,
    }


def test_class_summary_counts_students_at_the_threshold():
    """The share reaching a CPMK counts only students with points for it, at or above the threshold."""
    cells, statuses, _, _ = _class(seed=5)
    result = _report(cells, statuses, threshold=55)
    for code in ("CPMK-1", "CPMK-2"):
        column = [v for v in result.cpmk[code] if not math.isnan(v)]
        row = result.class_summary["cpmk"].loc[code]
        assert row["students"] == len(column)
        assert row["share_reached"] == pytest.approx(
            100 * sum(v >= 55 for v in column) / len(column)
        )


def test_letters_follow_the_scale_at_its_boundaries():
    """A minimum is inclusive and a maximum exclusive; 100 is the top letter."""
    scale = model.check_scale(model.DEFAULT_SCALE)
    assert model.letter_of(85.0, scale) == ("A", 4.0)
    assert model.letter_of(84.999, scale) == ("A", 4.0)  # rounded to 2 decimals first
    assert model.letter_of(84.99, scale) == ("AB", 3.5)
    assert model.letter_of(100.0, scale) == ("A", 4.0)
    assert model.letter_of(0.0, scale) == ("E", 0.0)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"max_score": [100, 85, 75, 65, 60, 55, 39]}, "gap"),
        ({"max_score": [100, 85, 75, 65, 60, 56, 40]}, "overlap"),
        ({"min_score": [85, 75, 65, 60, 55, 40, 5]}, "0 to 100"),
        ({"letter": ["A", "A", "B", "BC", "C", "D", "E"]}, "twice"),
    ],
)
def test_a_bad_scale_is_named(change, words):
    """Gaps, overlaps, a scale not starting at 0 and a repeated letter are refused, naming the file."""
    scale = model.DEFAULT_SCALE.assign(**change)
    with pytest.raises(UserError, match=words) as error:
        model.check_scale(scale, where="my_scale.csv")
    assert "my_scale.csv" in str(error.value)


@pytest.mark.parametrize("value", [-1, 100.5, "lots"])
def test_a_threshold_outside_0_100_is_refused(value):
    """A threshold outside 0–100 (or not a number) is a bilingual error."""
    with pytest.raises(UserError, match="0–100"):
        model.check_threshold(value)


def test_bad_inputs_name_the_file():
    """No graded assignment, a row naming no gradebook cell, and a cell with no row are refused."""
    cells, statuses, _, _ = _class()
    empty = cells.iloc[:0]
    with pytest.raises(UserError, match="no assignment has been graded"):
        _report(empty, statuses)
    extra = pd.concat(
        [
            QUESTIONS,
            pd.DataFrame(
                [("a1", "gone", 1, "manual", "Sub-CPMK-1", "C1")], columns=QUESTIONS.columns
            ),
        ]
    )
    with pytest.raises(UserError, match=r"questions\.csv: row a1/gone names a cell"):
        model.build_report(cells, statuses, BOOK, extra, ASSESSMENT, model.outcome_map(RPS))
    with pytest.raises(UserError, match="a1/q2 of the gradebook has no row"):
        model.build_report(
            cells,
            statuses,
            BOOK,
            QUESTIONS[QUESTIONS.grade_id != "q2"],
            ASSESSMENT,
            model.outcome_map(RPS),
        )
    with pytest.raises(UserError, match="not in the gradebook"):
        _report(cells, statuses, assignments=["a9"])


def test_two_rps_that_map_differently_are_refused():
    """The Indonesian and English RPS must link Sub-CPMK, CPMK and CPL the same way."""
    same = model.outcome_map(RPS)
    model.check_same_map(same, model.outcome_map(RPS), "rps_id.md", "rps_en.md")
    moved = model.outcome_map(RPS.replace("| 03 Three | CPMK-2 |", "| 03 Three | CPMK-1 |"))
    with pytest.raises(UserError, match="rps_id.md and rps_en.md map"):
        model.check_same_map(same, moved, "rps_id.md", "rps_en.md")
