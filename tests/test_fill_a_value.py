"""Every activity by filling a value: ex01's counting questions come with a prepared cell to read."""

from __future__ import annotations

import nbformat
import pandas as pd

from sistercity.data import load

from .conftest import ROOT

EXERCISE = ROOT / "exercises" / "ex01_kota_kembar" / "ex01_kota_kembar.ipynb"


def _cells() -> dict[str, nbformat.NotebookNode]:
    """The student version's cells by id."""
    notebook = nbformat.read(EXERCISE, as_version=4)
    return {cell.get("id"): cell for cell in notebook.cells}


def _run(source: str):
    """The value of a prepared cell's expression, run on the course's agreements."""
    return eval(source, {"agreements": load("agreements"), "pd": pd})  # noqa: S307 - our own cell


def test_question_3_prepared_cell_shows_the_count_to_fill_in():
    """Q3's locked cell, given to the student, shows the province count the hidden test expects."""
    cells = _cells()
    prepared = cells["count_levels"]
    assert prepared.metadata["nbgrader"]["locked"] and not prepared.metadata["nbgrader"]["grade"]
    counts = _run(prepared.source)
    data = load("agreements")
    assert counts.loc["province"] == (data["indonesian_level"] == "province").sum()
    order = list(cells)
    assert order.index("q3") < order.index("count_levels") < order.index("jumlah_provinsi")
    assert "sudah menghitung" in cells["q3"].source and "already counts" in cells["q3"].source


def test_question_4_prepared_cell_shows_the_oldest_year_first():
    """Q4's locked cell lists the agreements oldest first, so the student reads the year off row one."""
    cells = _cells()
    table = _run(cells["sort_years"].source)
    assert table["year_signed"].iloc[0] == load("agreements")["year_signed"].min()
    order = list(cells)
    assert order.index("q4") < order.index("sort_years") < order.index("tahun_tertua")
