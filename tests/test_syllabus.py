"""The syllabus (RPS) in both languages agrees with the assessment the exercises actually carry."""

from __future__ import annotations

import csv
import re

import pytest

from .conftest import ROOT

ROW = re.compile(r"^\|\s*((?:ex\d\d|uts)_[a-z_]+)\s*\|.*\|\s*(\d+)\s*\|\s*(\d+)%\s*\|\s*$", re.M)


def _assessment():
    with (ROOT / "course" / "assessment.csv").open(encoding="utf-8") as handle:
        return {row["assignment"]: row for row in csv.DictReader(handle)}


@pytest.mark.parametrize("rps", ["rps_id.md", "rps_en.md"])
def test_syllabus_assessment_table_matches_the_exercises(rps):
    """Each exercise's points and weight in the RPS assessment table are those of assessment.csv."""
    text = (ROOT / "course" / rps).read_text(encoding="utf-8")
    table = {name: (int(points), int(weight)) for name, points, weight in ROW.findall(text)}
    expected = {
        name: (int(row["points"]), int(row["weight_percent"]))
        for name, row in _assessment().items()
    }
    assert table == expected


@pytest.mark.parametrize("rps", ["rps_id.md", "rps_en.md"])
def test_syllabus_maps_every_lesson_and_exercise(rps):
    """The weekly plan names every lesson 01–13 and every exercise."""
    text = (ROOT / "course" / rps).read_text(encoding="utf-8")
    for assignment in _assessment():
        assert f"**{assignment}**" in text, assignment
    for number in range(1, 14):
        assert re.search(rf"\*\*{number:02d} ", text), f"lesson {number:02d}"


@pytest.mark.parametrize("rps", ["rps_id.md", "rps_en.md"])
@pytest.mark.parametrize("plan", ["### 4.1", "### 4.2"])
def test_weekly_plans_give_each_assignment_its_weight(rps, plan):
    """In both weekly plans the row that sets an assignment carries its assessment.csv weight."""
    text = (ROOT / "course" / rps).read_text(encoding="utf-8")
    start = text.index(plan)
    ends = [text.find(mark, start + 1) for mark in ("\n## ", "\n### ")]
    table = text[start : min(end for end in ends if end > 0)]
    for assignment, row in _assessment().items():
        rows = [line for line in table.splitlines() if f"**{assignment}**" in line]
        assert rows, f"{plan}: {assignment} has no week"
        assert any(f"{row['weight_percent']}%" in line.split("|")[-2] for line in rows), (
            f"{plan}: {assignment} should weigh {row['weight_percent']}%"
        )
