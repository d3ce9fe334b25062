"""The datasets in data/: each loads, is documented, and a broken file is reported precisely."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from sistercity import data
from sistercity.data import SCHEMAS, DataError, read_checked

from .conftest import ROOT

NAMES = sorted(SCHEMAS)


@pytest.mark.parametrize("name", NAMES)
def test_every_dataset_loads_with_its_columns(name):
    """Each dataset loads through sistercity.data with exactly its schema's columns."""
    frame = data.load(name)
    assert list(frame.columns) == SCHEMAS[name].column_names
    assert len(frame) > 0


@pytest.mark.parametrize("name", NAMES)
def test_every_dataset_is_in_the_manifest(name):
    """data/README.md has a section for each dataset that names every one of its columns."""
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    filename = SCHEMAS[name].filename
    match = re.search(rf"^## `?{re.escape(filename)}`?\s*$(.*?)(?=^## |\Z)", readme, re.M | re.S)
    assert match, f"data/README.md has no '## {filename}' section"
    section = match.group(1)
    for column in SCHEMAS[name].column_names:
        assert f"`{column}`" in section, f"{filename}: column {column} is not documented"
    assert re.search(r"[Ll]icen[cs]e", section), f"{filename}: no licence stated"
    assert re.search(r"[Ss]ource", section), f"{filename}: no source stated"


def test_no_csv_without_a_schema():
    """Every CSV file in data/ is a dataset the loader knows."""
    known = {schema.filename for schema in SCHEMAS.values()}
    assert {p.name for p in (ROOT / "data").glob("*.csv")} <= known


@pytest.mark.parametrize("name", ["agreements", "legal_instruments"])
def test_every_row_cites_a_source(name):
    """No fact in the core datasets lacks a source address."""
    frame = data.load(name)
    assert frame["source_url"].str.len().min() > 5


def test_data_dir_is_the_repository_folder_in_an_editable_install():
    """In the editable install used here, the data folder is the repository's data/."""
    assert data.data_dir().resolve() == (ROOT / "data").resolve()


SCHEMA = SCHEMAS["tokyo_partners"]
GOOD = ROOT / "data" / SCHEMA.filename


def _broken(tmp_path, edit):
    """Write a copy of tokyo_partners.csv changed by ``edit`` and return its path."""
    lines = GOOD.read_text(encoding="utf-8").splitlines()
    path = tmp_path / SCHEMA.filename
    path.write_text("\n".join(edit(lines)) + "\n", encoding="utf-8")
    return path


def _replace_cell(line, column, value):
    import csv
    import io

    cells = next(csv.reader([line]))
    cells[SCHEMA.column_names.index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    return out.getvalue()


def test_wrong_type_names_file_row_and_column(tmp_path):
    """A date that is not a date is reported with the file, the spreadsheet row and the column."""
    path = _broken(
        tmp_path, lambda ls: [ls[0], ls[1], _replace_cell(ls[2], "date_affiliated", "23/10/1989")]
    )
    with pytest.raises(DataError) as caught:
        read_checked(path, SCHEMA)
    error = caught.value
    assert (error.path, error.row, error.column) == (path, 3, "date_affiliated")
    assert "YYYY-MM-DD" in str(error) and str(path) in str(error)


def test_missing_column_is_named(tmp_path):
    """A header without a required column names that column on row 1."""

    def drop_country(lines):
        import csv
        import io

        rows = list(csv.reader(lines))
        index = rows[0].index("country")
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows([r[:index] + r[index + 1 :] for r in rows])
        return out.getvalue().splitlines()

    with pytest.raises(DataError) as caught:
        read_checked(_broken(tmp_path, drop_country), SCHEMA)
    assert (caught.value.row, caught.value.column) == (1, "country")


def test_empty_required_cell_is_named(tmp_path):
    """An empty cell in a required column is reported at its row and column."""
    path = _broken(tmp_path, lambda ls: [ls[0], _replace_cell(ls[1], "partner", "")] + ls[2:])
    with pytest.raises(DataError) as caught:
        read_checked(path, SCHEMA)
    assert (caught.value.row, caught.value.column) == (2, "partner")
    assert "empty" in str(caught.value)


def test_duplicate_key_is_named(tmp_path):
    """A second row with the same key names both rows."""
    path = _broken(tmp_path, lambda ls: ls + [ls[1]])
    with pytest.raises(DataError) as caught:
        read_checked(path, SCHEMA)
    assert caught.value.row == len(GOOD.read_text(encoding="utf-8").splitlines()) + 1
    assert caught.value.column == "partner"
    assert "row 2" in str(caught.value)


def test_empty_file_is_reported(tmp_path):
    """An empty source file is an error that says the file is empty."""
    path = tmp_path / SCHEMA.filename
    path.write_text("", encoding="utf-8")
    with pytest.raises(DataError, match="empty"):
        read_checked(path, SCHEMA)


def test_short_row_is_reported(tmp_path):
    """A row with a missing comma is reported at its row, with a hint about quoting."""
    path = _broken(tmp_path, lambda ls: [ls[0], ls[1].rsplit(",", 1)[0]] + ls[2:])
    with pytest.raises(DataError) as caught:
        read_checked(path, SCHEMA)
    assert caught.value.row == 2 and "comma" in str(caught.value)


def test_bad_choice_lists_the_allowed_values(tmp_path):
    """A status outside verified/partly/unverified lists the values allowed."""
    path = _broken(tmp_path, lambda ls: [ls[0], _replace_cell(ls[1], "status", "maybe")] + ls[2:])
    with pytest.raises(DataError, match="verified, partly, unverified"):
        read_checked(path, SCHEMA)


def test_cli_check_reports_a_malformed_file(tmp_path):
    """`sistercity data check` on a malformed data folder exits 1 naming file, row and column."""
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    broken = folder / SCHEMA.filename
    lines = broken.read_text(encoding="utf-8").splitlines()
    lines[4] = _replace_cell(lines[4], "order", "sixth")
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "sistercity.cli", "data", "check"],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "SISTERCITY_DATA": str(folder)},
    )
    assert result.returncode == 1
    assert f"{broken}, row 5, column 'order'" in result.stdout


def test_cli_check_passes_on_the_shipped_data():
    """`sistercity data check` passes on the repository's data."""
    result = subprocess.run(
        [sys.executable, "-m", "sistercity.cli", "data", "check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("rows OK") == len(SCHEMAS)
