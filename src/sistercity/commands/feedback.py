"""``sistercity feedback``: one HTML feedback page per student, without hidden tests."""

from __future__ import annotations

import sys

from sistercity.commands import add_course_option

HELP = (
    "tulis umpan balik HTML tiap mahasiswa yang dinilai (tanpa tes tersembunyi) dan satu halaman "
    "tanda dan catatan untuk dosen / write HTML feedback for each graded student (hidden tests "
    "removed, tracebacks too) and one page of flags and notes for the lecturer"
)


def add_arguments(parser) -> None:
    """Options of ``sistercity feedback``."""
    parser.add_argument("assignment", help="nama tugas / assignment name, e.g. ex01_kota_kembar")
    add_course_option(parser)


def run(args) -> int:
    """Generate the feedback and list where each page went; exit 1 if any student has none.

    Students whose manual grading is pending are named on stderr: their pages say which answers
    await grading. Last comes the lecturer's page (flags and notes), which no student gets.
    """
    from sistercity.grading import lecturer_page, names, pending
    from sistercity.grading.feedback import generate
    from sistercity.grading.paths import resolve_course
    from sistercity.i18n import both

    course = resolve_course(args.course)
    names.check(course, args.assignment)
    results = generate(course, args.assignment)
    if not results:
        print(
            both(
                f"Belum ada tugas {args.assignment} yang dinilai otomatis: jalankan "
                "`sistercity grade` dahulu.",
                f"No autograded submissions of {args.assignment}: run `sistercity grade` first.",
            )
        )
        return 1
    failed = 0
    for result in results:
        if result.path:
            print(f"{result.student:<28} {result.path.relative_to(course)}")
        else:
            failed += 1
            print(
                f"{result.student:<28} "
                + both("TANPA UMPAN BALIK", "NO FEEDBACK")
                + f": {result.error}"
            )
    print(
        both(
            f"{len(results) - failed} halaman umpan balik di {course / 'feedback'}",
            f"{len(results) - failed} feedback pages in {course / 'feedback'}",
        )
    )
    warning = pending.feedback_warning(args.assignment, pending.waiting(course, args.assignment))
    if warning:
        print(warning, file=sys.stderr)
    pages = {result.student: (result.path, result.error) for result in results}
    lecturer = lecturer_page.write(course, args.assignment, pages)
    print(
        both(
            f"Halaman untuk dosen (tanda dan catatan; jangan dibagikan kepada mahasiswa): {lecturer}",
            f"Page for the lecturer (flags and notes; do not share with students): {lecturer}",
        )
    )
    return 1 if failed else 0
