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


def _available_commands():
    """Yield (name, module) for every subcommand whose module is installed."""
    for name in COMMANDS:
        module_name = f"sistercity.commands.{name}"
        if importlib.util.find_spec(module_name) is not None:
            yield name, importlib.import_module(module_name)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for ``sistercity`` and all of its subcommands."""
    parser = argparse.ArgumentParser(
        prog="sistercity",
        description=(
            "Sister City Lab: lessons, simulators and graded exercises on how a sister city "
            "is formed in Indonesia. / Materi kuliah tentang pembentukan kota kembar."
        ),
    )
    parser.add_argument("--version", action="version", version=_version())
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
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
        print("Stopped. / Dihentikan.", file=sys.stderr)
        return 130
    except UserError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
