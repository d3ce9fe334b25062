"""Eras are data: a fourth era written only as CSV rows works everywhere, and no code names an era."""

from __future__ import annotations

import ast
import csv
import json
import shutil
from pathlib import Path

import pytest

from sistercity.cli import main
from sistercity.data import data_dir, load
from sistercity.regimes import era_ids

ROOT = Path(__file__).resolve().parents[1]
NEW_ERA, NEW_STAGE = "2030", "kajian_dampak"


def _rows(path: Path) -> tuple[list[str], list[dict]]:
    """The header and the records of a CSV file."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames), list(reader)


def _write(path: Path, header: list[str], rows: list[dict]) -> None:
    """Write ``rows`` under ``header`` to ``path``."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def fourth_era(tmp_path, monkeypatch):
    """A copy of the course data with a fourth era: the current era's rows plus one more stage."""
    folder = tmp_path / "data"
    shutil.copytree(data_dir(), folder)
    current = era_ids()[-1]

    header, eras = _rows(folder / "eras.csv")
    base = next(e for e in eras if e["era"] == current)
    eras.append(
        {
            **base,
            "era": NEW_ERA,
            "order": str(len(eras) + 1),
            "first_year": NEW_ERA,
            "title_id": "Era 2030 (latihan)",
            "title_en": "2030 era (exercise)",
            "colour": "#2ca25f",
        }
    )
    _write(folder / "eras.csv", header, eras)

    header, stages = _rows(folder / "stages.csv")
    copied = [{**s, "era": NEW_ERA} for s in stages if s["era"] == current]
    extra = {
        **copied[0],
        "stage_id": NEW_STAGE,
        "name_id": "Kajian dampak",
        "name_en": "Impact review",
        "actors": "mendagri;pemda",
        "decision": "await_review",
        "roles": "central",
        "rule": "",
    }
    copied.insert(len(copied) - 1, extra)
    for order, stage in enumerate(copied, start=1):
        stage["order"] = str(order)
    _write(folder / "stages.csv", header, stages + copied)

    header, requirements = _rows(folder / "requirements.csv")
    requirements += [{**r, "era": NEW_ERA} for r in requirements if r["era"] == current]
    _write(folder / "requirements.csv", header, requirements)

    header, assumptions = _rows(folder / "pipeline_assumptions.csv")
    more = [{**a, "era": NEW_ERA} for a in assumptions if a["era"] == current]
    more.append({**more[0], "stage_id": NEW_STAGE, "median_months": "2", "needs_budget": "no"})
    _write(folder / "pipeline_assumptions.csv", header, assumptions + more)

    monkeypatch.setenv("SISTERCITY_DATA", str(folder))
    return folder


def test_a_fourth_era_from_csv_rows_only_drives_the_stepper(fourth_era):
    """The stepper walks the new era, including its extra stage, to a signed agreement."""
    from sistercity.stepper import Proposal, new_stepper

    assert era_ids()[-1] == NEW_ERA
    stepper = new_stepper(NEW_ERA, Proposal("Kota Bandung", "city", "Suwon", "South Korea", "city"))
    while not stepper.finished:
        outcome = stepper.decide(stepper.stage_decisions(stepper.current_stage)[0])
        assert outcome.accepted, outcome.reason_en
    assert NEW_STAGE in stepper.completed
    assert new_stepper().regime.era == NEW_ERA  # the newest era is the default


def test_a_fourth_era_from_csv_rows_only_drives_simulate_and_regimes(fourth_era, capsys):
    """``simulate`` and ``regimes --json`` accept the new era and show its extra stage."""
    assert main(["simulate", "--regime", NEW_ERA, "--n", "2000", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["era"] == NEW_ERA and NEW_STAGE in summary["bottlenecks"]
    assert main(["regimes", "--json"]) == 0
    eras = json.loads(capsys.readouterr().out)["eras"]
    assert [e["era"] for e in eras][-1] == NEW_ERA
    assert NEW_STAGE in [s["stage_id"] for s in eras[-1]["stages"]]


def test_a_fourth_era_from_csv_rows_only_drives_the_timeline(fourth_era):
    """The timeline puts years from the new era's first year in it and draws its band."""
    from matplotlib.figure import Figure

    from sistercity.timeline import era_for_year, era_name
    from sistercity.timeline_widgets import describe_year, plot_timeline

    assert era_for_year(int(NEW_ERA)) == NEW_ERA
    assert era_for_year(int(NEW_ERA) - 1) == era_ids()[-2]
    assert era_name(NEW_ERA, "en")
    frame = load("legal_instruments")
    ax = plot_timeline(Figure().add_subplot(), frame, int(NEW_ERA), "en", last_year=2035)
    assert f"era {NEW_ERA}" in [t.get_text() for t in ax.texts]
    assert f"the {NEW_ERA} era" in describe_year(frame, int(NEW_ERA), "en")


def test_a_fourth_era_from_csv_rows_only_drives_the_monte_carlo_app(fourth_era):
    """The Monte Carlo app offers the new era and compares all four."""
    from sistercity.pipeline.widgets import MonteCarloApp

    app = MonteCarloApp(era=NEW_ERA, n=2_000, seed=1)
    assert NEW_ERA in app.era.options and set(app.era_results) == set(era_ids())


def test_a_stage_with_an_unknown_decision_names_file_row_and_column(fourth_era):
    """A stage row with a decision the simulator does not know is refused with its cell."""
    from sistercity.data import DataError

    header, stages = _rows(fourth_era / "stages.csv")
    stages[-1]["decision"] = "bribe_the_official"
    _write(fourth_era / "stages.csv", header, stages)
    with pytest.raises(DataError, match=r"row \d+, column 'decision'"):
        load("stages")


def test_an_unknown_era_in_a_table_names_file_row_and_column(fourth_era):
    """A requirements row for an era missing from eras.csv is refused with its cell."""
    from sistercity.data import DataError

    header, rows = _rows(fourth_era / "requirements.csv")
    rows[0]["era"] = "1945"
    _write(fourth_era / "requirements.csv", header, rows)
    with pytest.raises(DataError, match=r"requirements.csv, row 2, column 'era'.*1945"):
        load("requirements")


def test_no_module_under_src_spells_an_era_id():
    """No literal in the package's code equals an era id: eras come from data/eras.csv only."""
    ids = set(era_ids())
    found = []
    for path in sorted((ROOT / "src").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and str(node.value) in ids:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value!r}")
    assert not found, found
