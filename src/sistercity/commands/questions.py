"""``sistercity questions``: what the graded questions assess, weighted by the final grade."""

from __future__ import annotations

from sistercity.commands import add_course_option, add_lang_option

HELP = (
    "cetak porsi nilai akhir pada soal C4–C6 (target: 50 persen) dan cakupan Sub-CPMK, dari "
    "course/questions.csv dan course/assessment.csv / print the share of the final grade on C4–C6 "
    "questions (target: 50 percent) and the Sub-CPMK coverage, from course/questions.csv and "
    "course/assessment.csv"
)


def add_arguments(parser) -> None:
    """Options: the course folder and the language of the report."""
    add_course_option(parser)
    add_lang_option(parser)


def _rows(path) -> list[dict]:
    import csv

    from sistercity.errors import UserError
    from sistercity.i18n import both

    if not path.exists():
        raise UserError(
            both(
                f"{path} tidak ada; buat berkas itu (lihat course/README.md).",
                f"{path} does not exist; create it (see course/README.md).",
            )
        )
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def run(args) -> int:
    """Print the report; warn first where questions.csv no longer matches the masters."""
    import sys

    import nbformat

    from sistercity.course import layout
    from sistercity.course_map import differences, graded_cells, profile, report, sub_cpmk_table
    from sistercity.errors import UserError
    from sistercity.grading.paths import resolve_course
    from sistercity.i18n import both

    course = layout(resolve_course(args.course))
    questions = _rows(course.questions)
    assessment = _rows(course.assessment)
    codes = sub_cpmk_table(course.rps(args.lang).read_text(encoding="utf-8"))
    cells = {
        row["assignment"]: graded_cells(nbformat.read(course.master(row["assignment"]), 4))
        for row in assessment
        if course.master(row["assignment"]).exists()
    }
    problems = differences(questions, cells)
    for problem in problems:
        print(f"peringatan / warning: {problem}", file=sys.stderr)
    if problems:
        print(
            both(
                f"{course.questions} tidak cocok lagi dengan naskah induk: perbarui barisnya "
                "(lihat course/README.md); angka di bawah memakai baris yang ada.",
                f"{course.questions} no longer matches the masters: update its rows (see "
                "course/README.md); the figures below use the rows as they are.",
            ),
            file=sys.stderr,
        )
    try:
        result = profile(questions, assessment, codes)
    except ValueError as error:
        raise UserError(str(error)) from None
    print(report(result, args.lang))
    return 0
