"""The ``sistercity`` command: one entry point, one module per subcommand.

Each subcommand lives in ``sistercity.commands.<name>`` and provides ``HELP`` (one line),
``add_arguments(parser)`` and ``run(args) -> int``. Command modules import heavy libraries
inside ``run`` so that ``sistercity --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import re
import sys

from sistercity.errors import UserError

__all__ = ["COMMANDS", "UserError", "build_parser", "main"]

#: Subcommands in the order ``--help`` lists them.
COMMANDS = (
    "start",
    "build",
    "site",
    "data",
    "regimes",
    "simulate",
    "app",
    "grade",
    "feedback",
    "export",
    "report",
    "questions",
    "cases",
    "quiz",
    "roleplay",
    "bench",
)


#: argparse's own messages (Python 3.11+) and their Indonesian, as regular expressions.
ARGPARSE_ID = (
    (r"the following arguments are required: (.*)", r"argumen berikut wajib diberikan: \1"),
    (
        r"argument (.*?): invalid choice: (.*) \(choose from (.*)\)",
        r"argumen \1: pilihan \2 tidak dikenal (pilih dari \3)",
    ),
    (r"unrecognized arguments: (.*)", r"argumen tidak dikenal: \1"),
    (r"argument (.*?): expected one argument", r"argumen \1: perlu satu nilai"),
    (
        r"argument (.*?): expected at least one argument",
        r"argumen \1: perlu sekurangnya satu nilai",
    ),
    (r"argument (.*?): expected at most one argument", r"argumen \1: paling banyak satu nilai"),
    (r"argument (.*?): expected (\d+) arguments?", r"argumen \1: perlu \2 nilai"),
    (
        r"argument (.*?): invalid (\w+) value: (.*)",
        r"argumen \1: nilai \3 tidak sah (harus \2)",
    ),
    (r"argument (.*?): not allowed with argument (.*)", r"argumen \1 tidak boleh bersama \2"),
    (r"one of the arguments (.*) is required", r"salah satu argumen \1 wajib diberikan"),
    (r"ambiguous option: (.*?) could match (.*)", r"opsi \1 ambigu: bisa berarti \2"),
    (r"argument (.*?): ignored explicit argument (.*)", r"argumen \1: nilai \2 diabaikan"),
)


def translate_argparse(message: str) -> str:
    """The Indonesian of one of argparse's error messages (the English itself if unknown)."""
    for pattern, replacement in ARGPARSE_ID:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, replacement, message)
    return message


def _bilingual_usage(text: str) -> str:
    """``text`` with argparse's leading 'usage:' made bilingual."""
    prefix = "usage: "
    return "cara pakai / " + text if text.startswith(prefix) else text


class BilingualParser(argparse.ArgumentParser):
    """An argument parser whose usage, headings and errors are in Bahasa Indonesia and English."""

    def __init__(self, *args, **kwargs):
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "argumen / arguments"
        self._optionals.title = "opsi / options"
        if add_help:
            self.add_argument(
                "-h",
                "--help",
                action="help",
                default=argparse.SUPPRESS,
                help="tampilkan bantuan ini lalu keluar / show this help and exit",
            )

    def format_usage(self) -> str:
        """The usage line, headed 'cara pakai / usage:'."""
        return _bilingual_usage(super().format_usage())

    def format_help(self) -> str:
        """The help, its usage headed 'cara pakai / usage:'."""
        return _bilingual_usage(super().format_help())

    def error(self, message: str):
        """Print the usage and the error in both languages, with where to find help; exit 2."""
        self.print_usage(sys.stderr)
        indonesian = translate_argparse(message)
        self.exit(
            2,
            f"{self.prog}: galat: {indonesian}\n{self.prog}: error: {message}\n"
            f"Bantuan / help: {self.prog} --help\n",
        )


def _available_commands():
    """Yield (name, module) for every subcommand whose module is installed."""
    for name in COMMANDS:
        module_name = f"sistercity.commands.{name}"
        if importlib.util.find_spec(module_name) is not None:
            yield name, importlib.import_module(module_name)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for ``sistercity`` and all of its subcommands."""
    parser = BilingualParser(
        prog="sistercity",
        description=(
            "Sister City Lab: materi, simulator dan tugas bernilai tentang pembentukan kota "
            "kembar di Indonesia. / Sister City Lab: lessons, simulators and graded exercises on "
            "how a sister city is formed in Indonesia."
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=_version(),
        help="tampilkan versi lalu keluar / show the version and exit",
    )
    subparsers = parser.add_subparsers(
        dest="command", metavar="COMMAND", title="perintah / commands"
    )
    for name, module in _available_commands():
        sub = subparsers.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(sub)
        sub.set_defaults(_run=module.run)
    return parser


def _version() -> str:
    from sistercity import __version__

    return f"sistercity {__version__}"


def main(argv: list[str] | None = None) -> int:
    """Run the ``sistercity`` command line; return the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    # Commands start nbgrader and Jupyter programs by name (nbgrader runs `alembic`): let them be
    # found even when the lecturer calls .venv/bin/sistercity without activating the environment.
    from sistercity.grading.settings import scripts_environment

    os.environ.update(scripts_environment())
    if not getattr(args, "_run", None):
        parser.print_help()
        return 0
    try:
        return int(args._run(args) or 0)
    except KeyboardInterrupt:
        print("Dihentikan. / Stopped.", file=sys.stderr)
        return 130
    except UserError as error:
        print(f"galat / error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
