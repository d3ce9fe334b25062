"""Tests of the legal-instrument timeline: the pure model and its thin widget."""

import subprocess
import sys

import pandas as pd
import pytest
from matplotlib.figure import Figure

from sistercity.data import load
from sistercity.timeline import (
    assumed_last_year,
    era_for_year,
    era_name,
    instrument_spans,
    instruments_in_force,
)
from sistercity.timeline_widgets import TimelineApp, describe_year, plot_timeline


def test_timeline_model_imports_no_ui_library():
    """Importing sistercity.timeline in a fresh interpreter loads no plotting or widget library."""
    code = (
        "import sys, sistercity.timeline; "
        "sys.exit(any(m in sys.modules for m in ('matplotlib', 'ipywidgets', 'IPython')))"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def _frame() -> pd.DataFrame:
    """A small legal_instruments-shaped table with one open-ended and two bounded instruments."""
    rows = [
        ("old_letter", "Surat Presiden", "2826/HK", 1960, "all", None, None, "verified"),
        ("circular", "SE Mendagri", "193/1652/PUOD", 1993, "1993", 1993, 2007, "verified"),
        ("later_rule", "Permendagri", "3", 2008, "2004", 2008, 2020, "partly"),
    ]
    columns = [
        "instrument_id",
        "kind",
        "number",
        "year",
        "era",
        "in_force_from",
        "in_force_until",
        "status",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    for column in ("year", "in_force_from", "in_force_until"):
        frame[column] = frame[column].astype("Int64")
    frame["says_id"] = "isi"
    frame["says_en"] = "content"
    return frame


@pytest.mark.parametrize(
    ("year", "era"),
    [
        (1960, None),
        (1989, None),
        (1993, "1993"),
        (2000, "1993"),
        (2001, "2004"),
        (2014, "2004"),
        (2017, "2004"),
        (2018, "2020"),
        (2030, "2020"),
    ],
)
def test_era_for_year_follows_the_founding_laws(year, era):
    """1993–2000 is the 1993 era, 2001–2017 the 2004 era, 2018 on (PP 28/2018) the 2020 era."""
    assert era_for_year(year) == era


@pytest.mark.parametrize("bad", ["1989a", 1989.5, None])
def test_era_for_year_rejects_a_year_that_is_not_whole(bad):
    """A year that is not a whole number raises an error that says so in both languages."""
    with pytest.raises(ValueError, match="bilangan bulat.*whole number"):
        era_for_year(bad)


def test_era_name_differs_by_language_and_rejects_unknown_eras():
    """An era has an Indonesian and an English name, and an unknown era is refused."""
    assert era_name("2020", "id") != era_name("2020", "en")
    with pytest.raises(ValueError, match="1993, 2004, 2020"):
        era_name("1974")


def test_start_falls_back_to_the_year_made_when_in_force_from_is_empty():
    """An instrument without in_force_from starts in the year it was made."""
    spans = instrument_spans(_frame()).set_index("instrument_id")
    assert spans.loc["old_letter", "start"] == 1960
    assert pd.isna(spans.loc["old_letter", "end"])


def test_an_unsourced_end_is_assumed_at_the_next_era_and_flagged():
    """An era-bound instrument with no sourced end is assumed to end when the next era starts."""
    frame = _frame()
    frame.loc[frame["instrument_id"] == "circular", "in_force_until"] = pd.NA
    spans = instrument_spans(frame).set_index("instrument_id")
    assert assumed_last_year("1993") == 2001
    assert spans.loc["circular", "end"] == 2001
    assert bool(spans.loc["circular", "end_assumed"])
    assert not bool(spans.loc["later_rule", "end_assumed"])
    assert "circular" not in set(instruments_in_force(frame, 2002)["instrument_id"])


def test_a_later_instrument_with_the_same_title_ends_an_unsourced_one():
    """A later instrument of the same kind and title is assumed to replace one with no end."""
    frame = _frame()
    frame["title"] = ["letter", "Pemerintahan Daerah", "Pemerintahan Daerah"]
    frame["kind"] = ["Surat Presiden", "UU", "UU"]
    frame.loc[frame["instrument_id"] == "circular", "in_force_until"] = pd.NA
    spans = instrument_spans(frame).set_index("instrument_id")
    assert spans.loc["circular", "end"] == 2008
    assert bool(spans.loc["circular", "end_assumed"])


def test_a_circular_of_1993_was_not_in_force_in_1989():
    """An instrument that starts in 1993 is not in force in 1989 but is in 1993 itself."""
    assert "circular" not in set(instruments_in_force(_frame(), 1989)["instrument_id"])
    assert "circular" in set(instruments_in_force(_frame(), 1993)["instrument_id"])


def test_in_force_until_is_inclusive_and_open_end_lasts():
    """An instrument applies through its last year; one with no end applies in every later year."""
    assert "circular" in set(instruments_in_force(_frame(), 2007)["instrument_id"])
    assert "circular" not in set(instruments_in_force(_frame(), 2008)["instrument_id"])
    assert list(instruments_in_force(_frame(), 2021)["instrument_id"]) == ["old_letter"]


def test_instruments_in_force_names_missing_columns():
    """A table lacking the timeline's columns raises an error naming them and how to load data."""
    with pytest.raises(ValueError, match="in_force_until.*legal_instruments"):
        instruments_in_force(_frame().drop(columns="in_force_until"), 1990)


def test_the_course_data_do_not_put_the_1993_circular_in_force_in_1989():
    """In the course's dataset SE Mendagri 193/1652/PUOD is not in force in 1989 but is in 1995."""
    frame = load("legal_instruments")
    is_circular = frame["number"].str.contains("193/1652")
    circular_ids = set(frame.loc[is_circular, "instrument_id"])
    assert circular_ids, "the dataset should list SE Mendagri 193/1652/PUOD"
    assert not circular_ids & set(instruments_in_force(frame, 1989)["instrument_id"])
    assert circular_ids <= set(instruments_in_force(frame, 1995)["instrument_id"])


def test_plot_timeline_draws_one_bar_per_instrument_and_returns_the_axes():
    """The timeline draws a bar for every instrument and returns the Axes it was given."""
    ax = Figure().add_subplot()
    assert plot_timeline(ax, _frame(), 1995, "en") is ax
    assert len(ax.patches) >= len(_frame())
    assert "1995" in ax.get_title()


def test_timeline_app_redraws_when_the_slider_moves():
    """Moving the year slider changes the picture and the list of instruments in force."""
    app = TimelineApp(_frame(), year=1989, lang="en")
    before_image, before_text = app.image.value, app.text.value
    assert "SE Mendagri" not in before_text
    app.year.value = 1995
    assert app.image.value != before_image
    assert "SE Mendagri" in app.text.value
    assert app.text.value == describe_year(_frame(), 1995, "en")


def test_an_enacted_law_not_yet_in_force_is_never_counted_in_force():
    """UU 2/2024 (DKJ) waits for the Keppres: it is drawn but never in force, so Jakarta stays capital."""
    frame = load("legal_instruments")
    assert frame.loc[frame["instrument_id"] == "uu_2_2024", "in_force"].item() == "no"
    for year in (2024, 2026):
        assert "uu_2_2024" not in set(instruments_in_force(frame, year)["instrument_id"])
    assert "uu_29_2007" in set(instruments_in_force(frame, 2026)["instrument_id"])
