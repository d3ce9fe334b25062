"""Fact checks on the curated datasets: the corrections the course teaches stay true in the data."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from sistercity.data import load

FACT_DATASETS = [
    "agreements",
    "jakarta_partners",
    "tokyo_partners",
    "legal_instruments",
    "jakarta_tokyo_timeline",
    "programme_activities",
]
JAKARTA_TOKYO = dt.date(1989, 10, 23)


def _instrument(instrument_id: str) -> pd.Series:
    """The row of legal_instruments.csv with this identifier."""
    frame = load("legal_instruments").set_index("instrument_id")
    return frame.loc[instrument_id]


def _timeline_row(*words: str) -> pd.Series:
    """The only timeline row whose English text contains all ``words``."""
    frame = load("jakarta_tokyo_timeline")
    mask = pd.Series(True, index=frame.index)
    for word in words:
        mask &= frame["event_en"].str.contains(word, regex=False)
    assert mask.sum() == 1, f"expected one timeline row with {words}, found {mask.sum()}"
    return frame[mask].iloc[0]


@pytest.mark.parametrize("name", FACT_DATASETS)
def test_every_source_is_an_address_or_the_seed_paper(name):
    """Each source cell lists web addresses or the seed paper, separated by ' ; '."""
    for cell in load(name)["source_url"]:
        for part in cell.split(" ; "):
            assert part.startswith(("http://", "https://", "seed paper: ")), (name, part)


def test_tokyo_has_twelve_partners_in_date_order():
    """TMG lists twelve partners, numbered 1 to 12 in the order of their affiliation dates."""
    tokyo = load("tokyo_partners").sort_values("order")
    assert list(tokyo["order"]) == list(range(1, 13))
    assert tokyo["date_affiliated"].is_monotonic_increasing
    assert tokyo.iloc[0]["partner"] == "New York City"


def test_jakarta_is_tokyos_sixth_partner_on_23_october_1989():
    """Jakarta is Tokyo's sixth partner, affiliated on 1989-10-23."""
    tokyo = load("tokyo_partners").set_index("partner")
    assert tokyo.loc["Jakarta", "order"] == 6
    assert tokyo.loc["Jakarta", "date_affiliated"] == JAKARTA_TOKYO


def test_jakarta_is_tokyos_only_southeast_asian_partner():
    """No other Tokyo partner lies in a Southeast Asian country."""
    southeast_asia = {"Indonesia", "Malaysia", "Singapore", "Thailand", "Vietnam", "Philippines"}
    countries = load("tokyo_partners")["country"]
    assert list(countries[countries.isin(southeast_asia)]) == ["Indonesia"]


def test_the_circular_postdates_the_jakarta_tokyo_affiliation():
    """SE Mendagri 193/1652/PUOD (26 April 1993) came after the 1989 affiliation, so it cannot have governed it."""
    circular = _instrument("se_mendagri_193_1652_puod_1993")
    assert circular["date"] == dt.date(1993, 4, 26)
    tokyo = load("tokyo_partners").set_index("partner")
    assert circular["date"] > tokyo.loc["Jakarta", "date_affiliated"]
    assert _instrument("permendagri_1_1992")["year"] > JAKARTA_TOKYO.year


def test_treaty_law_is_uu_24_of_2000_not_1999():
    """The law on international agreements is UU 24/2000 of 23 October 2000; no row calls it UU 24/1999."""
    law = _instrument("uu_24_2000")
    assert (law["kind"], law["number"], law["year"]) == ("UU", "24", 2000)
    assert law["date"] == dt.date(2000, 10, 23)
    frame = load("legal_instruments")
    wrong = frame[(frame["kind"] == "UU") & (frame["number"] == "24") & (frame["year"] == 1999)]
    assert wrong.empty


def test_the_2006_guide_is_a_foreign_minister_regulation():
    """09/A/KP/XII/2006/01 is a Permenlu, not a Peraturan Pemerintah as the seed paper says."""
    guide = load("legal_instruments").set_index("number").loc["09/A/KP/XII/2006/01"]
    assert guide["kind"] == "Permenlu"


def test_permendagri_1_1992_is_taught_as_unverified():
    """Permendagri 1/1992 has no source for its content, so its row says so in both languages."""
    row = _instrument("permendagri_1_1992")
    assert row["status"] == "unverified"
    assert "tidak terverifikasi" in row["says_id"]
    assert "unverified" in row["says_en"]


def test_permendagri_25_2020_repeals_the_2008_and_2012_rules():
    """Permendagri 25/2020 (22 May 2020) ends Permendagri 3/2008 and 74/2012 in 2020."""
    current = _instrument("permendagri_25_2020")
    assert current["date"] == dt.date(2020, 5, 22)
    assert current["era"] == "2020" and pd.isna(current["in_force_until"])
    for old in ("permendagri_3_2008", "permendagri_74_2012"):
        assert _instrument(old)["in_force_until"] == 2020


def test_instrument_years_and_spans_are_consistent():
    """No instrument applies before it was made or stops before it starts."""
    frame = load("legal_instruments")
    dated = frame.dropna(subset=["date"])
    assert all(d.year == y for d, y in zip(dated["date"], dated["year"], strict=True))
    started = frame.dropna(subset=["in_force_from"])
    assert (started["in_force_from"] >= started["year"]).all()
    spans = frame.dropna(subset=["in_force_from", "in_force_until"])
    assert (spans["in_force_until"] >= spans["in_force_from"]).all()


def test_istanbul_summit_is_dated_1988_and_the_paper_error_is_recorded():
    """The second summit of major cities was in Istanbul, 25–30 May 1988; the paper's 1986 is kept as its claim."""
    row = _timeline_row("Istanbul", "Second Summit")
    assert row["date"] == "1988-05-25"
    assert "1986" in row["paper_says"]
    assert row["status"] == "verified"


def test_first_summit_was_tokyo_1985():
    """The first summit of major cities was held in Tokyo from 20 May 1985."""
    assert _timeline_row("First Summit", "Tokyo")["date"] == "1985-05-20"


def test_claims_only_the_paper_makes_are_not_verified():
    """Timeline rows resting on the seed paper alone are never marked verified."""
    frame = load("jakarta_tokyo_timeline")
    only_paper = frame["source_url"].map(
        lambda cell: all(p.startswith("seed paper: ") for p in cell.split(" ; "))
    )
    assert only_paper.any()
    assert (frame.loc[only_paper, "status"] != "verified").all()
    assert _timeline_row("Wiyogo", "visits Tokyo", "draft")["date"] == "1988-09"


def test_u14_tournament_was_first_held_in_2008():
    """The Tokyo U-14 tournament began in 2008; the paper's 2009 is recorded as its claim."""
    row = _timeline_row("U-14", "first held")
    assert row["date"] == "2008"
    assert "2009" in row["paper_says"]


def test_governors_in_office_at_the_1989_signing():
    """Wiyogo governed Jakarta (from 1987-10-06) and Suzuki Tokyo (from 1979-04-23) on 1989-10-23."""
    wiyogo = _timeline_row("Wiyogo Atmodarminto takes office")
    suzuki = _timeline_row("Suzuki takes office")
    next_jakarta = _timeline_row("Surjadi Soedirdja takes office")
    for row in (wiyogo, suzuki):
        assert dt.date.fromisoformat(row["date"]) < JAKARTA_TOKYO
    assert dt.date.fromisoformat(next_jakarta["date"]) > JAKARTA_TOKYO


def test_affiliation_row_matches_tmg():
    """The timeline's affiliation row carries TMG's date and the paper's unverified document claim."""
    row = _timeline_row("become sister cities")
    assert row["date"] == JAKARTA_TOKYO.isoformat()
    assert "metro.tokyo.lg.jp" in row["source_url"]
    assert "Pernyataan Bersama" in row["paper_says"]


def test_jakarta_has_the_2019_list_and_a_kuala_lumpur_loi():
    """Jakarta's list holds the 21 partners of 2019 plus Kuala Lumpur, which is only an LoI and partly verified."""
    partners = load("jakarta_partners").set_index("partner")
    assert len(partners) == 22
    kuala_lumpur = partners.loc["Kuala Lumpur"]
    assert kuala_lumpur["status"] == "partly" and "Letter of Intent" in kuala_lumpur["detail"]
    assert partners.loc["Tokyo", "year"] == 1989
    assert partners.loc["Jeddah", "year"] == min(partners["year"].dropna())


def test_a_status_of_verified_comes_with_a_year_and_unverified_without():
    """Verified agreements and partners have a year; unverified ones have none."""
    for name, column in (("agreements", "year_signed"), ("jakarta_partners", "year")):
        frame = load(name)
        assert frame.loc[frame["status"] == "verified", column].notna().all(), name
        assert frame.loc[frame["status"] == "unverified", column].isna().all(), name


def test_jakarta_years_agree_between_datasets():
    """Jakarta's partners carry the same year in agreements.csv and jakarta_partners.csv."""
    agreements = load("agreements")
    jakarta = agreements[agreements["indonesian_party"] == "DKI Jakarta"]
    partners = load("jakarta_partners")
    checked = 0
    for _, partner in partners.iterrows():
        match = jakarta[jakarta["partner"].str.startswith(partner["partner"])]
        assert len(match) == 1, partner["partner"]
        year, expected = match.iloc[0]["year_signed"], partner["year"]
        assert (pd.isna(year) and pd.isna(expected)) or year == expected, partner["partner"]
        checked += 1
    assert checked == len(partners)


def test_provinces_lie_in_themselves():
    """A province's indonesian_province is its own name; every Jakarta row lies in DKI Jakarta."""
    agreements = load("agreements")
    provinces = agreements[agreements["indonesian_level"] == "province"]
    names = provinces["indonesian_party"].str.removeprefix("Provinsi ")
    assert (names == provinces["indonesian_province"]).all()
    assert set(agreements["indonesian_level"]) <= {"province", "regency", "city"}


def test_oldest_links_are_bandung_1960_and_diy_kyoto_1985():
    """Bandung–Braunschweig (1960) is the oldest city link and DIY–Kyoto (1985) the oldest province link."""
    agreements = load("agreements").dropna(subset=["year_signed"])
    oldest = agreements.loc[agreements["year_signed"].idxmin()]
    assert (oldest["indonesian_party"], oldest["partner"], oldest["year_signed"]) == (
        "Kota Bandung",
        "Braunschweig",
        1960,
    )
    provinces = agreements[agreements["indonesian_level"] == "province"]
    provinces = provinces[provinces["indonesian_party"] != "DKI Jakarta"]
    first = provinces.loc[provinces["year_signed"].idxmin()]
    assert (first["partner"], first["year_signed"]) == ("Kyoto Prefecture", 1985)


def test_programmes_of_1990_and_1993_have_the_papers_counts():
    """The paper lists five activities in the 1990 programme and fourteen in the 1993 programme."""
    years = load("programme_activities")["years"].fillna("")
    assert years.str.startswith("1990 programme").sum() == 5
    assert years.str.startswith("1993 programme").sum() == 14


def test_programme_activities_cite_the_paper_and_are_not_verified():
    """Every activity comes from the seed paper, a single secondary source, so none is verified."""
    frame = load("programme_activities")
    assert frame["source_url"].str.contains("seed paper: ", regex=False).all()
    assert (frame["status"] != "verified").all()


def test_programme_activities_span_government_and_people():
    """The paper's programme has government-to-government and people-to-people activities."""
    kinds = set(load("programme_activities")["kind"])
    assert {"G2G", "P2P"} <= kinds
    sport = load("programme_activities").query("field_en == 'Sport'")
    assert (sport["kind"] == "P2P").all() and len(sport) >= 2
