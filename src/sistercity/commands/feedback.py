"""``sistercity feedback``: one HTML feedback page per student, without hidden tests."""

from __future__ import annotations

HELP = "write HTML feedback for each graded student (hidden tests removed, tracebacks too)"


def add_arguments(parser) -> None:
    """Options of ``sistercity feedback``."""
    parser.add_argument("assignment", help="assignment name, e.g. ex01_kota_kembar")
    parser.add_argument("--course", default=None, help="nbgrader course folder (default: course/)")


def run(args) -> int:
    """Generate the feedback and list where each page went; exit 1 if any student has none."""
    from sistercity.grading.feedback import generate
    from sistercity.grading.paths import resolve_course

    course = resolve_course(args.course)
    results = generate(course, args.assignment)
    if not results:
        print(
            f"No autograded submissions of {args.assignment}: run `sistercity grade` first. / "
            "Belum ada tugas yang dinilai otomatis."
        )
        return 1
    failed = 0
    for result in results:
        if result.path:
            print(f"{result.student:<28} {result.path.relative_to(course)}")
        else:
            failed += 1
            print(f"{result.student:<28} NO FEEDBACK: {result.error}")
    print(f"{len(results) - failed} feedback pages in {course / 'feedback'}")
    return 1 if failed else 0
