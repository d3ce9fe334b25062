"""``sistercity data``: check that every dataset in ``data/`` loads."""

from __future__ import annotations

HELP = "check every dataset in data/ and report the first problem with its file, row and column"


def add_arguments(parser) -> None:
    """No options: the command checks every dataset."""
    parser.add_argument("action", nargs="?", default="check", choices=["check"], help="what to do")


def run(args) -> int:
    """Load every dataset; print one line each, or the error naming the file, row and column."""
    from sistercity.data import DataError, check_all

    try:
        for line in check_all():
            print(line)
    except DataError as error:
        print(f"error: {error}")
        return 1
    return 0
