"""The `sistercity` command: its help lists every subcommand, and each has its own help."""

from __future__ import annotations

import subprocess
import sys

import pytest

from sistercity.cli import COMMANDS, build_parser


def _run(*args):
    return subprocess.run(
        [sys.executable, "-m", "sistercity.cli", *args], capture_output=True, text=True, timeout=120
    )


def test_help_lists_every_command():
    """`sistercity --help` names every subcommand of the course."""
    result = _run("--help")
    assert result.returncode == 0
    for name in COMMANDS:
        assert name in result.stdout, f"{name} missing from --help"


def test_every_listed_command_is_implemented():
    """Every name in COMMANDS has a module with HELP, add_arguments and run."""
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    assert set(subparsers.choices) == set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_has_help(name):
    """`sistercity COMMAND --help` exits 0 and describes the command."""
    result = _run(name, "--help")
    assert result.returncode == 0, result.stderr
    assert "usage: sistercity " + name in result.stdout


def test_console_script_is_installed():
    """The `sistercity` console command is installed beside the interpreter."""
    from pathlib import Path

    script = Path(sys.executable).with_name("sistercity")
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("sistercity ")
