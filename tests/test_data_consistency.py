"""The datasets in data/ agree with one another: countries, stages, actors and Jakarta's partners."""

from __future__ import annotations

import pandas as pd

from sistercity.data import load

HOME_COUNTRY = "Indonesia"


def _is_letter_of_intent_only(detail: str) -> bool:
    """Whether a jakarta_partners detail says the link is only a Letter of Intent, not an agreement."""
    return "letter of intent only" in str(detail).lower()


def _matches(candidate: pd.Series, partner: pd.Series) -> bool:
    """Whether a candidate row names the same place as a jakarta_partners row."""
    if candidate["country"] != partner["country"]:
        return False
    name, wanted = candidate["name"].lower(), partner["partner"].lower()
    # "Islamabad" on the Jakarta list is "Islamabad Capital Territory" among the candidates.
    return name == wanted or name.startswith(wanted + " ")


def test_every_agreement_country_has_a_diplomatic_relations_row():
    """Every partner country in agreements.csv has a row in countries.csv."""
    known = set(load("countries")["country"])
    missing = sorted(set(load("agreements")["partner_country"]) - known)
    assert not missing, f"add these countries to data/countries.csv: {missing}"


def test_every_foreign_candidate_country_has_a_diplomatic_relations_row():
    """Every foreign candidate's country in candidates.csv has a row in countries.csv."""
    known = set(load("countries")["country"])
    countries = set(load("candidates")["country"]) - {HOME_COUNTRY}
    missing = sorted(countries - known)
    assert not missing, f"add these countries to data/countries.csv: {missing}"


def test_home_regions_are_the_only_indonesian_candidates_and_lack_a_country_row():
    """Indonesia appears in candidates.csv only for home regions, which are never flagged as partners."""
    candidates = load("candidates")
    home = candidates[candidates["country"] == HOME_COUNTRY]
    assert len(home) > 0
    assert set(home["jakarta_partner"]) == {"no"}
    assert HOME_COUNTRY not in set(load("countries")["country"])


def test_pipeline_assumptions_and_stages_name_the_same_stages_in_each_era():
    """Each era's formation stage_ids in pipeline_assumptions.csv are exactly those in stages.csv.

    The stages after signing (role ``after_signing``) are not part of the formation the Monte
    Carlo times, so they need no assumption row.
    """
    stages = load("stages")
    stages = stages[~stages["roles"].fillna("").str.contains("after_signing")]
    assumptions = load("pipeline_assumptions")
    stage_keys = set(zip(stages["era"].astype(str), stages["stage_id"], strict=True))
    assumption_keys = set(zip(assumptions["era"].astype(str), assumptions["stage_id"], strict=True))
    assert sorted(assumption_keys - stage_keys) == [], "assumptions for unknown stages"
    assert sorted(stage_keys - assumption_keys) == [], "stages without an assumption"


def test_every_actor_named_in_stages_exists_in_actors():
    """Every actor_id a stage lists in stages.csv has a row in actors.csv."""
    known = set(load("actors")["actor_id"])
    named = {
        actor.strip()
        for actors in load("stages")["actors"]
        for actor in str(actors).split(";")
        if actor.strip()
    }
    assert sorted(named - known) == []


def test_jakarta_partners_among_candidates_are_flagged_as_partners():
    """Each Jakarta partner with an agreement that is also a candidate has jakarta_partner=yes."""
    candidates = load("candidates")
    partners = load("jakarta_partners")
    agreed = partners[~partners["detail"].map(_is_letter_of_intent_only)]
    unflagged = [
        candidate["name"]
        for _, candidate in candidates.iterrows()
        if any(_matches(candidate, partner) for _, partner in agreed.iterrows())
        and candidate["jakarta_partner"] != "yes"
    ]
    assert unflagged == []


def test_candidates_flagged_as_partners_are_on_jakartas_list():
    """Each candidate with jakarta_partner=yes is a Jakarta partner with an agreement."""
    partners = load("jakarta_partners")
    agreed = partners[~partners["detail"].map(_is_letter_of_intent_only)]
    flagged = load("candidates").query("jakarta_partner == 'yes'")
    strays = [
        candidate["name"]
        for _, candidate in flagged.iterrows()
        if not any(_matches(candidate, partner) for _, partner in agreed.iterrows())
    ]
    assert len(flagged) > 0
    assert strays == []
