"""Tests of choosing a partner: the candidates data, the scoring model, its charts and the explorer."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest
from matplotlib.figure import Figure

from sistercity.data import load
from sistercity.partners import load_countries
from sistercity.partners.model import (
    CRITERIA,
    CRITERION_NAMES,
    PROBLEMS,
    SECTORS,
    check_weights,
    find_region,
    rank_candidates,
    score_pair,
    split_list,
)
from sistercity.partners.plot import plot_breakdown, plot_ranking
from sistercity.partners.widgets import PartnerExplorer

JAKARTA_PARTNERS = (
    "Tokyo",
    "Seoul",
    "Beijing",
    "Berlin",
    "Paris",
    "Rotterdam",
    "New South Wales",
    "Bangkok",
    "Hanoi",
    "Moscow",
    "Istanbul",
    "Los Angeles",
    "Jeddah",
    "Casablanca",
    "Islamabad Capital Territory",
)


@pytest.fixture(scope="module")
def candidates() -> pd.DataFrame:
    """The candidates table as the course ships it."""
    return load("candidates")


@pytest.fixture(scope="module")
def jakarta(candidates) -> pd.Series:
    """DKI Jakarta's row."""
    return find_region(candidates, "DKI Jakarta")


def test_dataset_has_at_least_30_rows_with_jakartas_partners(candidates):
    """The table has 30+ candidates, Jakarta's partners among them and marked as partners."""
    assert len(candidates) >= 30
    partners = candidates.set_index("name")
    for name in JAKARTA_PARTNERS:
        assert partners.loc[name, "jakarta_partner"] == "yes", name
    assert (candidates["country"] == "Indonesia").sum() >= 6


def test_every_row_is_sourced_and_uses_the_vocabularies(candidates):
    """Each row cites a web source, has a status, and lists only known sectors and problems."""
    for _, row in candidates.iterrows():
        urls = [u.strip() for u in row["source_url"].split(" ; ")]
        assert urls and all(u.startswith("http") for u in urls), row["name"]
        assert row["status"] in ("verified", "partly"), row["name"]
        assert split_list(row["sectors"]) <= set(SECTORS), row["name"]
        assert split_list(row["problems"]) <= set(PROBLEMS), row["name"]
        assert split_list(row["problems"]), row["name"]
        assert 1900 < row["population_year"] <= 2025 and row["population"] > 0


@pytest.mark.parametrize("home", ["DKI Jakarta", "Bali", "Bandung"])
def test_every_score_lies_between_zero_and_one(candidates, home):
    """Total and sub-scores stay in 0..1 for every candidate and home region."""
    ranking = rank_candidates(home, candidates)
    for column in ("total", *CRITERIA):
        assert ranking[column].between(0, 1).all(), column


def test_identical_pair_scores_highest_on_size_and_problems(candidates, jakarta):
    """A region compared with itself scores 1 on size and problems, more than any candidate."""
    itself = score_pair(jakarta, jakarta)
    assert itself.scores["size"] == pytest.approx(1.0)
    assert itself.scores["problems"] == pytest.approx(1.0)
    assert itself.scores["complementarity"] == pytest.approx(0.0)
    ranking = rank_candidates("DKI Jakarta", candidates)
    assert ranking["size"].max() < 1.0 and ranking["problems"].max() < 1.0


def test_weights_on_one_criterion_rank_by_that_criterion(candidates):
    """With all weight on one criterion the ranking follows that sub-score, and orders differ."""
    by_problems = rank_candidates("DKI Jakarta", candidates, {"problems": 1})
    by_economy = rank_candidates("DKI Jakarta", candidates, {"complementarity": 1})
    assert by_problems["problems"].is_monotonic_decreasing
    assert by_economy["complementarity"].is_monotonic_decreasing
    assert by_problems.iloc[0]["name"] != by_economy.iloc[0]["name"]


def test_raising_a_weight_moves_a_candidate_that_is_strong_on_it_up(candidates):
    """Weighting problems more lifts the candidate with most shared problems in the ranking."""
    equal = rank_candidates("DKI Jakarta", candidates)
    best_on_problems = equal.sort_values("problems", ascending=False).iloc[0]["name"]
    heavy = rank_candidates("DKI Jakarta", candidates, {c: 1 for c in CRITERIA} | {"problems": 10})
    before = equal.set_index("name").loc[best_on_problems, "rank"]
    after = heavy.set_index("name").loc[best_on_problems, "rank"]
    assert after <= before


@pytest.mark.parametrize(
    "weights",
    [
        dict.fromkeys(CRITERIA, 0),
        {"status": -1, "size": 1},
        {"size": math.nan},
        {"population": 1},
    ],
)
def test_invalid_weights_raise_a_bilingual_error(weights):
    """Zero, negative, missing-number and unknown weights raise a ValueError in both languages."""
    with pytest.raises(ValueError, match=r"(?s)[Bb]obot.* / .*[Ww]eight"):
        check_weights(weights)


def test_weights_are_normalised():
    """Weights are rescaled to sum to 1, keeping their proportions."""
    w = check_weights({"status": 2, "size": 2})
    assert sum(w.values()) == pytest.approx(1)
    assert w["status"] == pytest.approx(0.5) and w["problems"] == 0


@pytest.mark.parametrize("lang", ["id", "en"])
def test_explanation_names_each_criterion_with_its_numbers(candidates, jakarta, lang):
    """The explanation has a line per criterion with its name, its score and the data behind it."""
    tokyo = find_region(candidates, "Tokyo")
    result = score_pair(jakarta, tokyo)
    lines = result.explain(lang)
    for criterion, line in zip(CRITERIA, lines, strict=False):
        assert line.startswith(CRITERION_NAMES[criterion][lang])
    text = "\n".join(lines)
    population = "13.953.577" if lang == "id" else "13,953,577"
    assert population in text
    assert ("asumsi" if lang == "id" else "assumption") in text


def test_ranking_leaves_out_home_and_its_own_country(candidates):
    """The home region and other Indonesian regions are not their own candidates."""
    ranking = rank_candidates("DKI Jakarta", candidates)
    assert "DKI Jakarta" not in set(ranking["name"])
    assert "Indonesia" not in set(ranking["country"])
    assert list(ranking["rank"]) == list(range(1, len(ranking) + 1))
    assert ranking["total"].is_monotonic_decreasing


def test_candidates_without_diplomatic_relations_are_flagged(candidates, jakarta):
    """A country marked 'no' flags its candidates and the explanation warns; others are not flagged."""
    countries = pd.DataFrame(
        {"country": ["Taiwan", "Japan"], "diplomatic_relations": ["no", "yes"]}
    )
    ranking = rank_candidates("DKI Jakarta", candidates, countries=countries).set_index("name")
    assert ranking.loc["Taipei", "flagged"]
    assert not ranking.loc["Tokyo", "flagged"]
    assert ranking.loc["Paris", "diplomatic_relations"] == "unknown"
    warning = score_pair(jakarta, find_region(candidates, "Taipei"), None, "no").explain("en")
    assert any("no diplomatic relations" in line for line in warning)


def test_ranking_works_without_a_countries_table(candidates):
    """Without countries data every relation is 'unknown' and nothing is flagged."""
    ranking = rank_candidates("DKI Jakarta", candidates, countries=None)
    assert set(ranking["diplomatic_relations"]) == {"unknown"}
    assert not ranking["flagged"].any()


def test_shipped_countries_table_flags_taipei_when_present(candidates):
    """If the course's countries table is there, Taipei (Taiwan) is flagged for Jakarta."""
    countries = load_countries()
    if countries is None:
        pytest.skip("data/countries.csv is not in this checkout")
    ranking = rank_candidates("DKI Jakarta", candidates, countries=countries).set_index("name")
    assert ranking.loc["Taipei", "flagged"]


def test_unknown_home_region_raises_a_bilingual_error(candidates):
    """Asking for a region that is not in the data names it in both languages."""
    with pytest.raises(ValueError, match="Atlantis.* / .*Atlantis"):
        rank_candidates("Atlantis", candidates)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_plots_draw_on_the_given_axes(candidates, lang):
    """The ranking chart draws six segments per shown candidate; the breakdown draws six bars."""
    ranking = rank_candidates("DKI Jakarta", candidates)
    figure = Figure()
    left, right = figure.subplots(1, 2)
    assert plot_ranking(left, ranking, None, lang, top=5) is left
    assert len(left.patches) == 5 * len(CRITERIA)
    assert plot_breakdown(right, ranking.iloc[0], lang) is right
    assert len(right.patches) == len(CRITERIA)
    assert ("Peringkat" if lang == "id" else "Ranking") in left.get_title()


def test_widget_reacts_to_a_weight_change(candidates):
    """Moving the sliders re-ranks, redraws and explains; all at zero shows a message instead."""
    app = PartnerExplorer(candidates=candidates, lang="en")
    image = app.image.value
    for criterion, slider in app.sliders.items():
        slider.value = 3.0 if criterion == "complementarity" else 0.0
    expected = rank_candidates("DKI Jakarta", candidates, {"complementarity": 1})
    assert list(app.ranking["name"]) == list(expected["name"])
    assert app.image.value != image
    assert "Complementarity" in app.explanation.value
    app.sliders["complementarity"].value = 0.0
    assert "All weights are zero" in app.message.value


def test_widget_changes_home_region_and_selected_candidate(candidates):
    """Choosing another home region and candidate updates the table and the explanation."""
    app = PartnerExplorer(candidates=candidates, lang="id")
    app.home.value = "Bali"
    assert "Bali" not in set(app.ranking["name"])
    app.candidate.value = "Kyoto Prefecture"
    assert "Kyoto Prefecture" in app.explanation.value
    assert "<table>" in app.table.value


def test_partner_criteria_name_requirements_of_their_era_and_the_models_measures():
    """Every row of partner_criteria.csv names a criterion of requirements.csv in its era and a model measure."""
    from sistercity.data import PARTNER_MEASURES
    from sistercity.partners.model import MEASURES

    assert PARTNER_MEASURES == MEASURES
    criteria = load("partner_criteria")
    requirements = load("requirements")
    known = set(zip(requirements["era"], requirements["requirement_id"], strict=True))
    for row in criteria.itertuples():
        assert (row.era, row.requirement_id) in known, row
        assert not row.requirement_id.startswith("prosedur_"), row
        if row.measure != "none":
            assert row.note_en.startswith("Assumption."), row
            assert row.note_id.startswith("Asumsi."), row


def test_every_era_scores_some_measures_and_says_which_criteria_it_cannot():
    """Each era of eras.csv has partner criteria; the 2004 and 2020 eras list criteria no data scores."""
    from sistercity.partners import era_criteria
    from sistercity.regimes import era_ids

    for era in era_ids():
        assert era_criteria(era).measures, era
    assert era_criteria("1993").measures == CRITERIA
    assert set(era_criteria("2004").measures) == {
        "status",
        "character",
        "problems",
        "complementarity",
    }
    now = era_criteria("2020")
    assert set(now.measures) == {"status", "size", "technology", "complementarity"}
    assert "Improved people-to-people relations" in now.unscored_names("en")
    assert "Peningkatan hubungan kerja sama" in era_criteria("2004").unscored_names("id")


def test_package_ranking_scores_by_the_era_in_force_and_ignores_other_measures(candidates):
    """sistercity.partners ranks by the current era's criteria; a weight on an unscored measure changes nothing."""
    from sistercity.partners import DEFAULT_WEIGHTS, era_criteria
    from sistercity.partners import rank_candidates as rank_by_era
    from sistercity.regimes import current_era

    now = rank_by_era("kota_surabaya", candidates)
    explicit = rank_candidates("kota_surabaya", candidates, criteria=era_criteria(current_era()))
    assert list(now["candidate_id"]) == list(explicit["candidate_id"])
    measures = era_criteria(current_era()).measures
    mean = now[list(measures)].mean(axis=1)
    assert now["total"].to_numpy() == pytest.approx(mean.to_numpy())
    if "problems" not in measures:
        heavy = rank_by_era("kota_surabaya", candidates, dict(DEFAULT_WEIGHTS, problems=3))
        assert list(heavy["candidate_id"]) == list(now["candidate_id"])
    old = rank_by_era("kota_surabaya", candidates, era="1993")
    assert list(old["candidate_id"]) == list(
        rank_candidates("kota_surabaya", candidates)["candidate_id"]
    )


def test_an_era_explanation_names_its_criteria_and_those_not_scored(candidates, jakarta):
    """Scored by the 2020 criteria, the explanation cites requirements.csv and lists what it cannot score."""
    from sistercity.partners import score_pair as score_by_era

    lines = score_by_era(jakarta, find_region(candidates, "Tokyo"), era="2020").explain("id")
    assert lines[0].startswith("Kesetaraan status administrasi dan/atau kesetaraan wilayah")
    assert any(line.startswith("Tidak dinilai dari data") for line in lines)
    assert not any("masalah bersama:" in line for line in lines)


def test_taipei_is_not_coded_a_national_capital(candidates):
    """Official courseware follows Indonesia's one-China policy: Taipei is no national capital, and the row says why."""
    taipei = find_region(candidates, "Taipei")
    assert taipei["national_capital"] == "no"
    assert "one-China" in taipei["note"]
    assert load("countries").set_index("country").loc["Taiwan", "diplomatic_relations"] == "no"


def test_widget_switches_era_and_shows_its_criteria(candidates):
    """Choosing an era changes the sliders to its measures and the legend to its criteria."""
    from sistercity.partners import era_criteria
    from sistercity.regimes import current_era

    app = PartnerExplorer(candidates=candidates, lang="en")
    assert app.era.value == current_era()
    assert [s.description for s in app.slider_box.children] == [
        app.sliders[m].description for m in era_criteria(current_era()).measures
    ]
    app.era.value = "2004"
    assert len(app.slider_box.children) == 4
    assert "Closer cooperation" in app.legend.value
    assert "Not scored" in app.legend.value
    app.era.value = "1993"
    assert len(app.slider_box.children) == 6
    assert "Similar problems" in app.legend.value


def test_every_verified_real_pair_meets_the_checked_requirements():
    """Each verified agreement between two regions of the candidates table passes eligibility."""
    from sistercity.cases.model import already_partnered
    from sistercity.partners.model import eligibility, relations_lookup

    candidates, agreements = load("candidates"), load("agreements")
    relations = relations_lookup(load("countries"))
    verified = agreements[agreements["status"] == "verified"]
    homes = candidates[candidates["country"] == "Indonesia"]
    foreign = candidates[candidates["country"] != "Indonesia"]
    pairs = [
        (home, partner)
        for _, home in homes.iterrows()
        for _, partner in foreign.iterrows()
        if already_partnered(home["name"], partner["name"], verified)
    ]
    assert len(pairs) >= 5  # Jakarta-Tokyo, -Seoul, -Berlin, -Rotterdam, Surabaya-Busan, ...
    for home, partner in pairs:
        verdict = eligibility(home, partner, relations)
        assert verdict.eligible, (home["name"], partner["name"], verdict.reasons("en"))


def test_another_level_is_judged_on_territory_and_says_why():
    """A city with a province-level partner is eligible when the territories are comparable, and
    each verdict names the requirement, its article and the area assumption.
    """
    from sistercity.partners.model import COMPARABLE_AREA_RATIO, eligibility, relations_lookup

    table = load("candidates").set_index("candidate_id", drop=False)
    relations = relations_lookup(load("countries"))
    busan = eligibility(table.loc["kota_surabaya"], table.loc["busan"], relations)
    assert busan.eligible and not busan.same_status and busan.comparable_territory
    assert busan.area_ratio <= COMPARABLE_AREA_RATIO
    far = eligibility(table.loc["kota_semarang"], table.loc["ho_chi_minh_city"], relations)
    assert not far.eligible and far.relations and far.area_ratio > COMPARABLE_AREA_RATIO
    assert "asumsi" in far.reasons("id")[2] and "Pasal 6" in far.reasons("id")[1]
    taipei = eligibility(table.loc["dki_jakarta"], table.loc["taipei"], relations)
    assert not taipei.eligible and not taipei.relations and "Pasal 5" in taipei.reasons("en")[0]
