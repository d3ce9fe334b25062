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


def test_every_option_help_is_bilingual():
    """Every argument and option of every command is helped in Indonesian, then English."""
    import argparse

    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    for name in COMMANDS:
        for action in subparsers.choices[name]._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            assert " / " in (action.help or ""), f"{name} {action.dest}: {action.help!r}"


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_has_help(name):
    """`sistercity COMMAND --help` exits 0 and describes the command."""
    result = _run(name, "--help")
    assert result.returncode == 0, result.stderr
    assert "cara pakai / usage: sistercity " + name in result.stdout


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_is_described_in_indonesian_then_english(name):
    """Every command's one-line help is bilingual, Indonesian first (a few Indonesian words lead it)."""
    import importlib

    text = importlib.import_module(f"sistercity.commands.{name}").HELP
    indonesian, separator, english = text.partition(" / ")
    assert separator and indonesian and english, text
    words = set(indonesian.lower().replace(",", " ").replace(":", " ").split())
    assert words & INDONESIAN_WORDS, f"{name}: the help does not start in Indonesian: {text!r}"


#: Words one of which every Indonesian help line uses (and no English one).
INDONESIAN_WORDS = {"dan", "atau", "di", "ke", "setiap", "tiap", "per", "satu", "dari", "pada"}


def test_console_script_is_installed():
    """The `sistercity` console command is installed beside the interpreter."""
    from pathlib import Path

    script = Path(sys.executable).with_name("sistercity")
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("sistercity ")


def _broken_data(tmp_path):
    """A copy of the course's data folder with one bad year in agreements.csv."""
    import shutil

    from sistercity.data import data_dir

    folder = tmp_path / "data"
    shutil.copytree(data_dir(), folder)
    path = folder / "agreements.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("year_signed")] = "nineteen"
    lines[1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


BAD_INPUT = [
    (["nosuch"], "pilihan 'nosuch' tidak dikenal", "invalid choice: 'nosuch'"),
    (["data", "frobnicate"], "tidak dikenal", "invalid choice"),
    (["roleplay"], "argumen berikut wajib diberikan", "the following arguments are required"),
    (["roleplay", "new", "--port", "x"], "nilai 'x' tidak sah", "invalid int value"),
    (["site", "--no-such-option"], "argumen tidak dikenal", "unrecognized arguments"),
    (["simulate", "--n"], "perlu satu nilai", "expected one argument"),
    (
        ["roleplay", "briefs", "--pdf", "--era", "1993"],
        "tidak punya brief",
        "has no role-play briefs",
    ),
]


@pytest.mark.parametrize(("args", "indonesian", "english"), BAD_INPUT)
def test_bad_input_is_answered_in_both_languages_indonesian_first(args, indonesian, english):
    """A mistyped command, option or value is refused with the usage and the error in both languages."""
    result = _run(*args)
    assert result.returncode == 2, (result.stdout, result.stderr)
    text = result.stderr
    assert indonesian in text and english in text, text
    assert text.index(indonesian) < text.index(english), text
    assert "cara pakai / usage:" in text or "galat / error:" in text


def test_data_check_names_the_bad_cell_in_both_languages(tmp_path):
    """`sistercity data check` on a broken CSV names file, row and column in Indonesian, then English."""
    import os

    env = {**os.environ, "SISTERCITY_DATA": str(_broken_data(tmp_path))}
    result = subprocess.run(
        [sys.executable, "-m", "sistercity.cli", "data", "check"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert result.returncode == 1
    text = result.stdout
    assert "baris 2, kolom 'year_signed'" in text and "row 2, column 'year_signed'" in text, text
    assert "bukan bilangan bulat" in text and "is not a whole number" in text
    assert text.index("bukan bilangan bulat") < text.index("is not a whole number")
    good = _run("data", "check")
    assert good.returncode == 0 and "baris OK / " in good.stdout


def test_help_headings_are_bilingual():
    """`--help` gives the usage and the headings in Indonesian and English."""
    result = _run("data", "--help")
    assert "cara pakai / usage: sistercity data" in result.stdout
    assert "opsi / options" in result.stdout
    assert "tampilkan bantuan ini lalu keluar / show this help and exit" in result.stdout


@pytest.mark.parametrize(("lang", "title"), [("id", "Isi halaman"), ("en", "Contents")])
def test_the_handouts_contents_heading_follows_the_page_language(lang, title):
    """A site page (and so its handout) titles its contents in the page's own language."""
    from types import SimpleNamespace

    from sistercity.site.source import Page
    from sistercity.site.sphinx_ext import on_page_context

    page = Page(f"{lang}/01_x", lang, "lesson", "01", "X")
    env = SimpleNamespace(_sistercity_pages={page.docname: page}, nb_metadata={})
    app = SimpleNamespace(env=env)
    context = {}
    on_page_context(app, page.docname, "page.html", context, None)
    assert context["theme_toc_title"] == title and context["language"] == lang
