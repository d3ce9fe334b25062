"""``sistercity quiz export``: write the concept quiz bank as Moodle GIFT or Moodle XML."""

from __future__ import annotations

from sistercity.commands import add_lang_option

HELP = (
    "ekspor bank kuis konsep sebagai Moodle GIFT atau Moodle XML (--format gift|xml) / export the "
    "concept quiz bank as Moodle GIFT or Moodle XML (--format gift|xml)"
)

FORMATS = ("gift", "xml")


def add_arguments(parser) -> None:
    """Options: the format, the language, one lesson only, and the output file."""
    parser.add_argument(
        "action", choices=["export"], help="yang dilakukan: export / what to do: export"
    )
    parser.add_argument(
        "--format",
        default="gift",
        help="gift (Moodle GIFT) atau xml (Moodle XML) / gift (Moodle GIFT) or xml (Moodle XML)",
    )
    add_lang_option(parser, "bahasa soal", "language of the questions")
    parser.add_argument(
        "--lesson", help="hanya butir soal materi ini, mis. 01 / only this lesson's items, e.g. 01"
    )
    parser.add_argument(
        "-o",
        "--output",
        help="berkas tujuan; tanpa opsi ini teksnya dicetak / "
        "file to write; without it the text is printed",
    )


def run(args) -> int:
    """Build the export and write it; a bad format, language or lesson is a user error."""
    from pathlib import Path

    from sistercity.errors import UserError
    from sistercity.i18n import both
    from sistercity.quiz import QuizError, load_items

    if args.format not in FORMATS:
        raise UserError(
            both(
                f"format '{args.format}' tidak dikenal. Pakai --format gift atau --format xml.",
                f"unknown format '{args.format}'. Use --format gift or --format xml.",
            )
        )
    try:
        items = load_items(args.lesson)
    except QuizError as error:
        raise UserError(str(error)) from None
    if args.format == "gift":
        from sistercity.quiz.gift import to_gift

        text = to_gift(items, args.lang)
    else:
        from sistercity.quiz.moodle_xml import to_moodle_xml

        text = to_moodle_xml(items, args.lang)
    if args.output is None:
        print(text, end="")
        return 0
    path = Path(args.output)
    if not path.parent.is_dir():
        raise UserError(
            both(
                f"folder {path.parent} tidak ada. Buat dulu foldernya atau pilih -o lain.",
                f"the folder {path.parent} does not exist. Create it or choose another -o.",
            )
        )
    path.write_text(text, encoding="utf-8")
    print(
        both(
            f"{len(items)} soal ditulis ke {path}.",
            f"{len(items)} items written to {path}.",
        )
    )
    return 0
