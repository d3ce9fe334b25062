"""``sistercity data``: check that every dataset in ``data/`` loads."""

from __future__ import annotations

HELP = (
    "periksa setiap dataset di data/ / check every dataset in data/ and report the first problem "
    "with its file, row and column"
)


def add_arguments(parser) -> None:
    """No options: the command checks every dataset."""
    parser.add_argument(
        "action",
        nargs="?",
        default="check",
        choices=["check"],
        help="apa yang dikerjakan / what to do",
    )


def run(args) -> int:
    """Load every dataset; print one line each, or the error naming the file, row and column."""
    from sistercity.data import DataError, check_all

    try:
        for line in check_all():
            print(line)
    except DataError as error:
        print(f"galat / error: {error}")
        print(
            "Perbaiki sel itu di berkas CSV, lalu jalankan lagi `sistercity data check`. / "
            "Fix that cell in the CSV file, then run `sistercity data check` again."
        )
        return 1
    return 0
