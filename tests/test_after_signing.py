"""The calendar after signing: term, yearly reports and extension notice, from legal_clocks.csv."""

from __future__ import annotations

import datetime as dt

import pytest

from sistercity.data import load
from sistercity.pipeline import calendar_after_signing

CLOCKS = load("legal_clocks").set_index("clock_id")


def test_a_2023_agreement_gets_its_reports_extension_notice_and_end_with_articles():
    """Signed 31 Jan 2023 (Denpasar–Mossel Bay's renewal): five-year term, reports each January."""
    table = calendar_after_signing(dt.date(2023, 1, 31))
    term = int(CLOCKS.loc["term", "limit_value"])
    end = table[table["effect"] == "term"].iloc[0]
    assert end["date"] == dt.date(2023 + term, 1, 31)
    assert "Pasal 32" in end["article"]
    reports = table[table["effect"] == "report_due"]
    week = int(CLOCKS.loc["annual_report_kabkota", "limit_value"])
    assert list(reports["date"]) == [dt.date(y, 1, 7 * week) for y in range(2024, 2024 + term)]
    assert reports["article"].str.contains("Pasal 35").all()
    notice = table[table["effect"] == "extension_notice"].iloc[0]
    months = int(CLOCKS.loc["extension_notice", "limit_value"])
    assert notice["date"] == dt.date(2023 + term - 1, 1 + 12 - months, 31)
    assert "paling lama 6 (enam) bulan" in CLOCKS.loc["extension_notice", "quote"]
    assert "two readings" in notice["event_en"] and "dua bacaan" in notice["event_id"]
    assert list(table["date"]) == sorted(table["date"])


def test_a_province_reports_in_the_second_week_and_a_short_term_is_kept():
    """A province reports by 14 January (Pasal 36); a two-year term ends two years on."""
    table = calendar_after_signing(dt.date(2021, 6, 30), "provinsi", term_years=2)
    reports = table[table["effect"] == "report_due"]
    assert list(reports["date"]) == [dt.date(2022, 1, 14), dt.date(2023, 1, 14)]
    assert reports["article"].str.contains("Pasal 36").all()
    assert table.iloc[-1]["date"] == dt.date(2023, 6, 30)


def test_no_calendar_before_the_instrument_and_bad_arguments_are_named():
    """An agreement signed before 22 May 2020 gets no dated clock; a bad level or term is refused."""
    assert calendar_after_signing(dt.date(2019, 1, 31)).empty
    with pytest.raises(ValueError, match="level .* / .*level"):
        calendar_after_signing(dt.date(2023, 1, 31), "desa")
    with pytest.raises(ValueError, match="Pasal 32"):
        calendar_after_signing(dt.date(2023, 1, 31), term_years=7)
