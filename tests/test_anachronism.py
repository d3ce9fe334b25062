"""No rule before its instrument: eras, stages, requirements, the timeline and midterm cases.

Every era, stage and requirement row names the instruments it rests on (``instruments``, ids of
``legal_instruments.csv``); an instrument counts from the year it came into force
(``in_force_from``, else the year it was made). A row applies from its own ``in_force_from`` or
else from its era's ``first_year``, so neither may come before its instruments.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from sistercity.cases import _midterm_data
from sistercity.cases.model import DEADLINE_CLOCKS, draw_midterm, era_years, midterm_answers
from sistercity.data import load
from sistercity.regimes import all_regimes, eras
from sistercity.timeline import era_for_year, instrument_spans, instruments_in_force

NIMS = 1_200
#: How legal_clocks.csv names an instrument -> its id in legal_instruments.csv.
_INSTRUMENT_OF = {"Permendagri 25/2020": "permendagri_25_2020", "PP 28/2018": "pp_28_2018"}


def _starts() -> dict[str, int]:
    """instrument_id -> first year in force."""
    frame = load("legal_instruments")
    start = frame["in_force_from"].fillna(frame["year"]).astype(int)
    return dict(zip(frame["instrument_id"], start, strict=True))


def _short(instrument_id: str) -> str:
    """How a legal basis names an instrument: ``UU 23/2014``, ``PP 28/2018``, ``193/1652/PUOD``."""
    frame = load("legal_instruments").set_index("instrument_id")
    row = frame.loc[instrument_id]
    if row["kind"] in ("UU", "PP", "Permendagri"):
        return f"{row['kind']} {row['number']}/{int(row['year'])}"
    return str(row["number"])


def _rows():
    """Every stage and requirement of every era, with the era it belongs to."""
    for regime in all_regimes():
        for row in (*regime.route, *regime.requirements):
            yield regime.info, row


def test_every_named_instrument_exists_and_is_named_in_the_legal_basis():
    """An ``instruments`` id is a row of legal_instruments.csv that the row's legal basis names."""
    starts = _starts()
    for era, row in _rows():
        for instrument in row.instruments:
            assert instrument in starts, f"{era.era}/{row}: unknown instrument {instrument}"
            assert _short(instrument) in row.legal_basis, (era.era, instrument, row.legal_basis)
    for era in eras():
        assert era.instruments and set(era.instruments) <= set(starts), era.era


def test_no_era_begins_before_the_instruments_that_open_it():
    """An era's first year is never earlier than the year its opening instruments came into force."""
    starts = _starts()
    for era in eras():
        assert era.first_year >= max(starts[i] for i in era.instruments), era.era


def test_no_stage_or_requirement_applies_before_its_instrument():
    """A row's first year (its own, else its era's) is never before any of its instruments."""
    starts = _starts()
    checked = 0
    for era, row in _rows():
        first = row.in_force_from if row.in_force_from is not None else era.first_year
        for instrument in row.instruments:
            assert first >= starts[instrument], (era.era, getattr(row, "stage_id", row), instrument)
            checked += 1
        if row.in_force_until is not None:
            assert row.in_force_until >= first
    assert checked > 40  # the test checks real rows, not an empty table


def test_route_from_is_the_year_the_whole_route_is_in_force():
    """``route_from`` of each era is the latest first year among its rows (so cases can trust it)."""
    for regime in all_regimes():
        era = regime.info
        firsts = [
            r.in_force_from if r.in_force_from is not None else era.first_year
            for r in (*regime.stages, *regime.requirements)
        ]
        assert era.route_from == max(firsts), era.era


@pytest.mark.parametrize("year", [2017, 2018, 2019, 2020, 2021])
def test_a_year_keeps_only_the_rows_in_force(year):
    """The current era's route for a year never holds a Permendagri 25/2020 row before 2020."""
    regime = next(r for r in all_regimes() if r.info.first_year <= 2018 <= r.info.route_from)
    in_year = regime.in_year(year)
    starts = _starts()
    for row in (*in_year.route, *in_year.requirements):
        assert all(starts[i] <= year for i in row.instruments), (year, row)
    has_study = any("permendagri_25_2020" in s.instruments for s in in_year.route)
    assert has_study == (year >= 2020)


def test_the_timeline_never_shows_an_instrument_before_it_started():
    """For every year 1960–2035 the instruments in force have started, and the year's era too."""
    frame = load("legal_instruments")
    spans = instrument_spans(frame).set_index("instrument_id")
    starts = _starts()
    known = {e.era: e for e in eras()}
    for year in range(1960, 2036):
        shown = instruments_in_force(frame, year)
        assert (shown["start"] <= year).all(), year
        era = era_for_year(year)
        if era is not None:
            assert all(starts[i] <= year for i in known[era].instruments), (year, era)
    assert int(spans.loc["pp_28_2018", "start"]) == 2018
    assert era_for_year(1985) is None and era_for_year(2017) != era_for_year(2018)


def test_no_timeline_instrument_is_placed_in_an_era_that_ends_before_it_starts():
    """An era-bound instrument (not ``all``) starts before its era's successor begins."""
    frame = load("legal_instruments")
    spans = instrument_spans(frame)
    ordered = sorted(eras(), key=lambda e: e.first_year)
    next_start = {e.era: n.first_year for e, n in zip(ordered, ordered[1:], strict=False)}
    for _, row in spans.iterrows():
        if row["era"] in next_start:
            assert row["start"] < next_start[row["era"]], row["instrument_id"]


def test_case_years_start_after_every_instrument_of_the_era():
    """The midterm draws a year only after its era's whole route (``route_from``) is in force."""
    starts = _starts()
    spans = era_years(eras())
    for regime in all_regimes():
        first, last = spans[regime.era]
        rows = (*regime.stages, *regime.requirements)
        assert first > max(starts[i] for row in rows for i in row.instruments)
        assert first > regime.info.route_from and first <= last
        assert era_for_year(first) == era_for_year(last) == regime.era


@pytest.mark.slow
def test_no_midterm_case_or_key_applies_an_instrument_before_its_date():
    """In 1,200 drawn cases, the case year is after every instrument its key's route uses, and
    every dated event of the new proposal is after the instrument of the clock it starts.
    """
    data = _midterm_data()
    starts = _starts()
    regimes = data["regimes"]
    clocks = data["clocks"].set_index("clock_id")
    years = []
    for number in range(1, NIMS + 1):
        key = f"2601{number:06d}"
        case_key = midterm_answers(key, "HI-2026", **data)
        case = draw_midterm(key, "HI-2026", **data)
        regime = regimes[case_key.era]
        assert era_for_year(case.year) == case_key.era, (key, case.year, case_key.era)
        used = [regime.stage(s) for s in case_key.remaining_stages]
        used += list(regime.stages) + list(regime.requirements)
        if case_key.broken_rule:
            used.append(regime.requirement(case_key.broken_rule))
        for row in used:
            for instrument in row.instruments:
                assert starts[instrument] < case.year, (key, case.year, instrument)
            if row.in_force_from is not None:
                assert row.in_force_from < case.year, (key, case.year, row)
        for event in case.events:  # the new proposal's clocks are in force on its dates
            clock = clocks.loc[DEADLINE_CLOCKS[event.item_id][0]]
            assert clock["in_force_from"] < date.fromisoformat(event.date), (key, event)
            assert starts[_INSTRUMENT_OF[clock["instrument"]]] < int(event.date[:4]), (key, event)
        years.append(case.year)
    assert len(years) == NIMS and pd.Series(years).nunique() > 10
