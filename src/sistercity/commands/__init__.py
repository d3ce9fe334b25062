"""Subcommands of ``sistercity``: one module each, listed in :data:`sistercity.cli.COMMANDS`."""


def add_course_option(parser) -> None:
    """Add ``--course``, the nbgrader course folder every grading command reads (default: course/)."""
    parser.add_argument(
        "--course",
        default=None,
        help="folder mata kuliah nbgrader / nbgrader course folder (bawaan / default: course/)",
    )
