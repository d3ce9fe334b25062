"""A synthetic class of 64 graded through real nbgrader: every figure of the report checked by hand.

Two small assignments are built from master notebooks, 64 students' notebooks are generated
with answer patterns whose difficulty and discrimination are known (an easy item, a
discriminating one, one the weak students get right, a hard one), some students send nothing
or a broken file, and the manual answers are marked through nbgrader's Gradebook API (some
left ungraded). ``sistercity grade`` grades them; the report must equal what this file computes
from the patterns with plain Python.
"""

from __future__ import annotations

import csv
import math
import statistics
import subprocess
import sys

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from sistercity.cli import main
from sistercity.grading import democourse

N = 64
#: Items: (assignment, grade_id, points, kind, Sub-CPMK, Bloom).
ITEMS = [
    ("rp_a", "q1_tests", 2, "autograded", "Sub-CPMK-1", "C1"),
    ("rp_a", "q2_tests", 3, "autograded", "Sub-CPMK-2", "C3"),
    ("rp_a", "q3_tests", 1, "autograded", "Sub-CPMK-1", "C2"),
    ("rp_a", "essay", 4, "manual", "Sub-CPMK-2", "C5"),
    ("rp_b", "q4_tests", 2, "autograded", "Sub-CPMK-3", "C4"),
    ("rp_b", "q5_tests", 3, "autograded", "Sub-CPMK-3", "C4"),
    ("rp_b", "plan", 5, "manual", "Sub-CPMK-2", "C6"),
]
POINTS = {i[1]: i[2] for i in ITEMS}
OWNER = {i[1]: i[0] for i in ITEMS}
SUB = {i[1]: i[4] for i in ITEMS}
BLOOMS = {i[1]: i[5] for i in ITEMS}
WEIGHTS = {"rp_a": 40, "rp_b": 35, "rp_c": 25}  # rp_c is planned but not graded yet
RPS = {
    "id": """# RPS

## 1. Identitas

| Butir | Isi |
| --- | --- |
| Nama | Kelas uji |

## 2. Capaian

| CPL-S | Sikap. |
| CPL-KU | Keterampilan umum. |

| Kode | Rumusan | CPL |
| --- | --- | --- |
| CPMK-1 | Menjelaskan. | CPL-S |
| CPMK-2 | Menganalisis. | CPL-S, CPL-KU |

| Kode | Kemampuan | Materi | CPMK |
| --- | --- | --- | --- |
| Sub-CPMK-1 | Mengingat | 01 Satu | CPMK-1 |
| Sub-CPMK-2 | Menerapkan | 02 Dua | CPMK-1, CPMK-2 |
| Sub-CPMK-3 | Menganalisis | 03 Tiga | CPMK-2 |

## 3. Lain
""",
}
RPS["en"] = RPS["id"].replace("Identitas", "Identity").replace("Capaian", "Outcomes")
CPMK = {"Sub-CPMK-1": {"CPMK-1"}, "Sub-CPMK-2": {"CPMK-1", "CPMK-2"}, "Sub-CPMK-3": {"CPMK-2"}}
CPL = {"CPMK-1": {"CPL-S"}, "CPMK-2": {"CPL-S", "CPL-KU"}}


def _meta(grade_id, **flags):
    return {
        "nbgrader": {
            "grade": False,
            "locked": False,
            "solution": False,
            "schema_version": 3,
            "grade_id": grade_id,
            **flags,
        }
    }


def _master(assignment: str):
    """A master with one answer cell and one test cell per autograded item, and a manual answer."""
    cells = [new_markdown_cell("# Uji / Test", id="intro", metadata=_meta("intro", locked=True))]
    for _, grade_id, points, kind, _, _ in (i for i in ITEMS if i[0] == assignment):
        name = grade_id.removesuffix("_tests")
        if kind == "manual":
            cells.append(
                new_markdown_cell(
                    "Jawaban. / Answer.",
                    id=name,
                    metadata=_meta(name, grade=True, solution=True, points=points),
                )
            )
            continue
        cells.append(
            new_code_cell(
                f"### BEGIN SOLUTION\n{name} = 1\n### END SOLUTION",
                id=f"a_{name}",
                metadata=_meta(f"a_{name}", solution=True),
            )
        )
        cells.append(
            new_code_cell(
                f"### BEGIN HIDDEN TESTS\nassert {name} == 1\n### END HIDDEN TESTS",
                id=grade_id,
                metadata=_meta(grade_id, grade=True, locked=True, points=points),
            )
        )
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return nb


def _pattern(i: int) -> dict[str, float | None]:
    """Student ``i``'s points per item: ability falls with ``i``; None = left for manual grading."""
    top = i < N // 2
    return {
        "q1_tests": 0.0 if i in (5, 40) else 2.0,  # easy: 62 of 64
        "q2_tests": 3.0 if top else 0.0,  # discriminating
        "q3_tests": 0.0 if top else 1.0,  # the weak get it right: negative
        "essay": None if i % 16 == 3 else float(4 - (4 * i) // N),  # ability, some ungraded
        "q4_tests": 2.0 if i < N // 3 else 0.0,
        "q5_tests": 3.0 if i in (1, 2, 3, 50, 60) else 0.0,  # hard: 5 of 64
        "plan": None if i % 20 == 7 else float(5 - (5 * i) // N),
    }


MISSING_B = {10, 33, 61}  # sent nothing for rp_b
BROKEN_A = {22, 47}  # rp_a file cannot be read


def _sid(i: int) -> str:
    return f"mahasiswa-uji-{i:03d}"


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    """Build the course, grade both assignments with ``sistercity grade``, mark the manual cells."""
    tmp = tmp_path_factory.mktemp("report")
    course = tmp / "course"
    (course / "source").mkdir(parents=True)
    (course / "nbgrader_config.py").write_text(democourse.CONFIG, encoding="utf-8")
    for lang, text in RPS.items():
        (course / f"rps_{lang}.md").write_text(text, encoding="utf-8")
    with open(course / "questions.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["assignment", "grade_id", "points", "kind", "sub_cpmk", "bloom", "lesson", "note"]
        )
        for row in ITEMS:
            writer.writerow([*row, "01", "uji"])
    with open(course / "assessment.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["assignment", "title_id", "title_en", "points", "weight_percent"])
        for name, weight in WEIGHTS.items():
            writer.writerow([name, f"Tugas {name}", f"Assignment {name}", 10, weight])
    for assignment in ("rp_a", "rp_b"):
        (course / "source" / assignment).mkdir()
        nbformat.write(_master(assignment), course / "source" / assignment / f"{assignment}.ipynb")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "nbgrader",
                "generate_assignment",
                assignment,
                "--create",
                "--force",
            ],
            cwd=course,
            check=True,
            capture_output=True,
            env=democourse.child_env(),
        )
    for assignment in ("rp_a", "rp_b"):
        release = nbformat.read(tmp / "exercises" / assignment / f"{assignment}.ipynb", 4)
        folder = tmp / f"download_{assignment}"
        folder.mkdir()
        for i in range(N):
            if assignment == "rp_b" and i in MISSING_B:
                continue
            target = (
                folder
                / f"Mahasiswa Uji {i:03d}_{1000 + i}_assignsubmission_file_{assignment}.ipynb"
            )
            if assignment == "rp_a" and i in BROKEN_A:
                target.write_bytes(b"")
                continue
            pattern = _pattern(i)
            nb = nbformat.from_dict(release)
            for cell in nb.cells:
                gid = cell.metadata.get("nbgrader", {}).get("grade_id", "")
                if gid in ("essay", "plan"):
                    cell.source = f"Jawaban mahasiswa {i}. / Student {i}'s answer."
                if gid.startswith("a_"):
                    right = pattern[gid[2:] + "_tests"] > 0
                    cell.source = f"{gid[2:]} = {1 if right else 0}"
            nbformat.write(nb, target)
        args = ["grade", assignment, "--from", str(folder), "--course", str(course), "--jobs", "2"]
        assert main(args) == 0
    from nbgrader.api import Gradebook

    from sistercity.grading.status import course_info

    db_path, course_id = course_info(course)
    with Gradebook(f"sqlite:///{db_path}", course_id) as gb:
        for i in range(N):
            for grade_id, assignment in (("essay", "rp_a"), ("plan", "rp_b")):
                score = _pattern(i)[grade_id]
                if (
                    score is None
                    or (assignment == "rp_a" and i in BROKEN_A)
                    or (assignment == "rp_b" and i in MISSING_B)
                ):
                    continue
                grade = gb.find_grade(grade_id, assignment, assignment, _sid(i))
                grade.manual_score = score
                grade.needs_manual_grade = False
        gb.db.commit()
    roster = tmp / "roster.csv"
    roster.write_text("student_id,Full name\nmahasiswa-baru,Mahasiswa Baru\n", encoding="utf-8")
    return course, roster


def _expected():
    """Per student: the points of every item that counts (graded), and the statuses."""
    counted, status = {}, {}
    for i in range(N):
        pattern = _pattern(i)
        for assignment in ("rp_a", "rp_b"):
            if (assignment == "rp_a" and i in BROKEN_A) or (
                assignment == "rp_b" and i in MISSING_B
            ):
                status[(_sid(i), assignment)] = (
                    "failed" if assignment == "rp_a" else "not submitted"
                )
                continue
            items = [g for g in POINTS if OWNER[g] == assignment]
            waiting = any(pattern[g] is None for g in items)
            status[(_sid(i), assignment)] = "needs manual grading" if waiting else "graded"
            for g in items:
                if pattern[g] is not None:
                    counted[(_sid(i), g)] = pattern[g]
    for assignment in ("rp_a", "rp_b"):
        status[("mahasiswa-baru", assignment)] = "not submitted"
    return counted, status


@pytest.mark.nbgrader
@pytest.mark.slow
def test_report_of_a_graded_class_equals_the_hand_computation(graded_class, tmp_path, capsys):
    """Scores, letters, open weight, outcomes, Bloom and every item figure equal the plain computation."""
    from sistercity.report import course_report
    from sistercity.report.model import DEFAULT_SCALE, check_scale, letter_of

    course, roster = graded_class
    report = course_report(course, roster=roster)
    counted, status = _expected()
    students = sorted({s for s, _ in status})
    assert sorted(report.students.index) == students
    scale = check_scale(DEFAULT_SCALE)
    for student in students:
        row = report.students.loc[student]
        for assignment in ("rp_a", "rp_b"):
            assert row[f"status:{assignment}"] == status[(student, assignment)], (
                student,
                assignment,
            )
        mine = {g: s for (who, g), s in counted.items() if who == student}
        weight = {g: WEIGHTS[OWNER[g]] * POINTS[g] / 10 for g in mine}
        if mine:
            expected = round(
                100 * sum(weight[g] * mine[g] / POINTS[g] for g in mine) / sum(weight.values()), 2
            )
            assert row["score"] == pytest.approx(expected)
            assert row["letter"] == letter_of(expected, scale)[0]
        else:
            assert math.isnan(row["score"])
        assert row["open_weight"] == pytest.approx(100 - sum(weight.values()))
        assert row["open_not_assessed"] == 25

        def share(test, mine=mine):
            chosen = [g for g in mine if test(g)]
            return (
                100 * sum(mine[g] for g in chosen) / sum(POINTS[g] for g in chosen)
                if chosen
                else math.nan
            )

        for table, codes, test in (
            (report.sub_cpmk, ["Sub-CPMK-1", "Sub-CPMK-2", "Sub-CPMK-3"], lambda g, c: SUB[g] == c),
            (report.cpmk, ["CPMK-1", "CPMK-2"], lambda g, c: c in CPMK[SUB[g]]),
            (report.cpl, ["CPL-S", "CPL-KU"], lambda g, c: any(c in CPL[k] for k in CPMK[SUB[g]])),
            (report.bloom, ["C1", "C2", "C3", "C4", "C5", "C6"], lambda g, c: BLOOMS[g] == c),
        ):
            for code in codes:
                want = share(lambda g, c=code, t=test: t(g, c))
                got = table.loc[student, code]
                assert (math.isnan(want) and math.isnan(got)) or got == pytest.approx(want), (
                    student,
                    code,
                )
    assert (
        report.students.loc[_sid(22), "open_failed"],
        report.students.loc[_sid(10), "open_not_submitted"],
    ) == (40, 35)
    assert report.students.loc[_sid(3), "open_manual"] == pytest.approx(40 * 4 / 10)

    # Items: over the students whose whole assignment counts.
    for assignment in ("rp_a", "rp_b"):
        items = [g for g in POINTS if OWNER[g] == assignment]
        full = {
            s: {g: counted[(s, g)] for g in items}
            for s in students
            if all((s, g) in counted for g in items)
        }
        totals = {s: sum(v.values()) for s, v in full.items()}
        ranked = sorted(full, key=lambda s: (-totals[s], s))
        k = round(0.27 * len(full))
        for g in items:
            row = report.items.set_index(["assignment", "grade_id"]).loc[(assignment, g)]
            x = [full[s][g] / POINTS[g] for s in sorted(full)]
            rest = [totals[s] - full[s][g] for s in sorted(full)]
            assert row["n"] == len(full)
            assert row["difficulty"] == pytest.approx(statistics.fmean(x))
            assert row["item_total_r"] == pytest.approx(statistics.correlation(x, rest))
            upper = statistics.fmean(full[s][g] / POINTS[g] for s in ranked[:k])
            lower = statistics.fmean(full[s][g] / POINTS[g] for s in ranked[-k:])
            assert row["upper_lower"] == pytest.approx(upper - lower)
            assert row["at_zero"] == sum(v[g] == 0 for v in full.values())
            assert row["at_full"] == sum(v[g] == POINTS[g] for v in full.values())
    flags = report.items.set_index("grade_id")["flags"]
    assert "too_easy" in flags["q1_tests"] and "negative" in flags["q3_tests"]
    assert "too_hard" in flags["q5_tests"] and flags["q2_tests"] == ""

    # The command writes every file; the CSV has a row per student, empty where nothing is graded.
    out = tmp_path / "out"
    assert (
        main(["report", "--course", str(course), "--roster", str(roster), "--output", str(out)])
        == 0
    )
    capsys.readouterr()
    for name in (
        "report.html",
        "report.pdf",
        "students.csv",
        "portofolio_id.md",
        "portofolio_en.md",
    ):
        assert (out / name).stat().st_size > 500, name
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "http://" not in page and "https://" not in page
    rows = {r["student"]: r for r in csv.DictReader((out / "students.csv").open(encoding="utf-8"))}
    assert len(rows) == len(students) and rows["mahasiswa-baru"]["score"] == ""
    assert rows["mahasiswa-baru"]["open_weight"] == "100.00"
    portfolio = (out / "portofolio_en.md").read_text(encoding="utf-8")
    assert "## 7. Improvement plan" in portfolio and "CPMK-2" in portfolio
    text = subprocess.run(
        ["pdftotext", str(out / "report.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "Item analysis" in text


@pytest.mark.nbgrader
@pytest.mark.slow
def test_a_questions_row_missing_from_the_gradebook_is_named(graded_class, tmp_path, capsys):
    """A questions.csv row whose cell the gradebook does not have stops the report with its name."""
    import shutil

    course, _ = graded_class
    copy = tmp_path / "course"
    shutil.copytree(course, copy, ignore=shutil.ignore_patterns("submitted", "autograded"))
    with open(copy / "questions.csv", "a", encoding="utf-8") as handle:
        handle.write("rp_a,old_cell,1,manual,Sub-CPMK-1,C1,01,uji\n")
    assert main(["report", "--course", str(copy), "--no-pdf", "--output", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "questions.csv: row rp_a/old_cell" in err and "baris rp_a/old_cell" in err
