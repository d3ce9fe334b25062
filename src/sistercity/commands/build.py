"""``sistercity build``: turn the lessons into notebooks, and regenerate the exercises."""

from __future__ import annotations

HELP = (
    "bangun notebook materi dari sumbernya; --exercises juga membuat ulang exercises/ dan "
    "solutions/ / build the lesson notebooks from their sources; --exercises also regenerates "
    "exercises/ and solutions/"
)


def add_arguments(parser) -> None:
    """Options: which parts to build."""
    parser.add_argument(
        "--exercises",
        nargs="*",
        metavar="ASSIGNMENT",
        help="buat ulang juga exercises/ dan solutions/ dengan nbgrader (semua tugas, atau yang "
        "disebut) / "
        "also regenerate exercises/ and solutions/ with nbgrader (all assignments, or those named)",
    )
    parser.add_argument(
        "--quiet", action="store_true", help="cetak hanya yang berubah / print only what changed"
    )


#: How a lesson's build is reported, Indonesian first (a backup is reported by the build itself).
OUTCOMES = {
    "built": "dibangun / built",
    "updated": "diperbarui / updated",
    "up to date": "sudah terbaru / up to date",
}


def run(args) -> int:
    """Build lessons (and exercises when asked); print a line per notebook."""
    from sistercity.course import build_lessons, course_root

    root = course_root()
    for lesson, outcome in build_lessons(root):
        if not args.quiet or outcome != "up to date":
            print(f"{lesson.notebook.relative_to(root)}: {OUTCOMES.get(outcome, outcome)}")
    if args.exercises is not None:
        from sistercity.authoring import regenerate

        regenerate(args.exercises or None)
    return 0
