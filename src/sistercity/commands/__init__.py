"""Subcommands of ``sistercity``: one module each, listed in :data:`sistercity.cli.COMMANDS`."""


def add_lang_option(parser, what_id: str = "bahasa", what_en: str = "language") -> None:
    """Add ``--lang`` (id or en, default id); argparse refuses any other value in both languages."""
    from sistercity.i18n import LANGS

    parser.add_argument(
        "--lang",
        choices=LANGS,
        default="id",
        help=f"{what_id} (bawaan: id) / {what_en} (default: id)",
    )


def add_course_option(parser) -> None:
    """Add ``--course``, the nbgrader course folder every grading command reads (default: course/)."""
    parser.add_argument(
        "--course",
        default=None,
        help="folder mata kuliah nbgrader / nbgrader course folder (bawaan / default: course/)",
    )
