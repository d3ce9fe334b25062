"""``sistercity bench report``: the report on a faculty-sized class, timed on this machine.

A synthetic gradebook is filled through nbgrader's ``Gradebook`` API with every assignment of
the course (the graded cells of its masters) and ``--students`` students (default 300) with
random scores, a few missing submissions and some manual answers still ungraded. Printed:
the time to read the gradebook, to compute the report model and to write the HTML (medians
of ``--repeats`` runs, wall clock and CPU seconds, with the load average: on a shared machine the
CPU seconds say what an idle one would take); the targets are under 2 s for the model and 10 s
for the HTML. ``--folder`` keeps the synthetic gradebook there and reuses it next time.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path


def build_gradebook(folder: Path, students: int, seed: int = 0) -> Path:
    """A course folder at ``folder`` whose gradebook holds every assignment of the course, graded."""
    import shutil

    import nbformat
    import numpy as np
    from sqlalchemy import text

    from sistercity.course import layout
    from sistercity.course_map import graded_cells
    from sistercity.grading import democourse
    from sistercity.grading.gradebook import open_gradebook
    from sistercity.grading.status import course_info

    real = layout()
    course = Path(folder) / "course"
    course.mkdir(parents=True)
    (course / "nbgrader_config.py").write_text(democourse.CONFIG, encoding="utf-8")
    for name in ("questions.csv", "assessment.csv", "rps_id.md", "rps_en.md"):
        shutil.copy(real.root / name, course / name)
    import csv

    with open(real.assessment, encoding="utf-8") as handle:
        assignments = [row["assignment"] for row in csv.DictReader(handle)]
    rng = np.random.default_rng(seed)
    ability = rng.beta(4, 2, size=students)
    db_path, course_id = course_info(course)
    with open_gradebook(db_path, course_id) as gb, gb.db.no_autoflush:
        # A throwaway gradebook: no fsync on every commit (as grading's private copies).
        gb.db.execute(text("PRAGMA synchronous=OFF"))
        for i in range(students):
            gb.add_student(f"mhs-{i:04d}", first_name=f"Mahasiswa {i:04d}", last_name="")
        for name in assignments:
            master = nbformat.read(real.master(name), 4)
            cells = graded_cells(master)
            gb.add_assignment(name)
            gb.update_or_create_notebook(name, name)
            for cell in cells:
                gb.update_or_create_grade_cell(
                    cell.grade_id,
                    name,
                    name,
                    max_score=cell.points,
                    cell_type="code" if cell.kind == "autograded" else "markdown",
                )
            for i in range(students):
                if rng.uniform() < 0.04:
                    continue  # not submitted
                submission = gb.add_submission(name, f"mhs-{i:04d}")
                points = {c.grade_id: c for c in cells}
                for grade in submission.notebooks[0].grades:
                    cell = points[grade.name]
                    if cell.kind == "autograded":
                        grade.auto_score = cell.points * float(rng.uniform() < ability[i])
                        grade.needs_manual_grade = False
                    elif rng.uniform() < 0.1:
                        grade.needs_manual_grade = True
                    else:
                        grade.manual_score = round(cell.points * rng.binomial(4, ability[i]) / 4, 1)
                        grade.needs_manual_grade = False
            gb.db.commit()
    return course


def _median_seconds(action, repeats: int):
    """Median wall-clock and CPU seconds of ``repeats`` runs of ``action``, and its result."""
    walls, cpus, result = [], [], None
    for _ in range(repeats):
        started, cpu = time.perf_counter(), time.process_time()
        result = action()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def _load() -> str:
    import os

    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "unknown"


def run(args) -> int:
    """Build the synthetic gradebook, then time reading it, the model and the HTML."""
    import pandas as pd

    from sistercity.course import layout
    from sistercity.report import model
    from sistercity.report.document import to_html
    from sistercity.report.gradebook import read_gradebook

    students = getattr(args, "students", 300)
    repeats = max(1, getattr(args, "repeats", 3))
    keep = getattr(args, "folder", None)
    with tempfile.TemporaryDirectory() as tmp:
        where = Path(keep or tmp) / f"report-{students}"
        started = time.perf_counter()
        if (where / "course" / "gradebook.db").exists():
            course, built = where / "course", "reused"
        else:
            import shutil

            shutil.rmtree(where, ignore_errors=True)
            course = build_gradebook(where, students)
            built = f"built in {time.perf_counter() - started:.0f} s"
        folder = layout(course)
        questions = pd.read_csv(folder.questions, dtype=str, keep_default_na=False)
        assessment = pd.read_csv(folder.assessment, dtype=str, keep_default_na=False)
        outcomes = model.outcome_map(folder.rps("id").read_text(encoding="utf-8"))
        print(f"load average before: {_load()}")
        read_s, read_cpu, data = _median_seconds(lambda: read_gradebook(course), repeats)

        def build():
            return model.build_report(
                data.cells,
                data.statuses,
                data.gradebook_cells,
                questions,
                assessment,
                outcomes,
                names=data.names,
                case_items=data.case_items,
            )

        model_s, model_cpu, report = _median_seconds(build, repeats)
        html_s, html_cpu, page = _median_seconds(lambda: to_html(report), repeats)
    print(
        f"synthetic gradebook: {students} students x {len(report.assignments)} assignments, "
        f"{len(data.cells):,} graded cells ({built})"
    )
    print(f"read gradebook: {read_s:.2f} s, CPU {read_cpu:.2f} s (median of {repeats})")
    print(f"report model:   {model_s:.2f} s, CPU {model_cpu:.2f} s (target < 2 s)")
    print(
        f"HTML report:    {html_s:.2f} s, CPU {html_cpu:.2f} s (target < 10 s; "
        f"{len(page) / 1e6:.1f} MB)"
    )
    print(f"load average after: {_load()}")
    print(f"read_s={read_s:.3f} model_s={model_s:.3f} html_s={html_s:.3f}")
    return 0
