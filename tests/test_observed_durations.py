"""Observed LoI-to-agreement durations: the dataset, the pure comparison and the check of the default assumptions."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from sistercity.data import load
from sistercity.pipeline import (
    EventParams,
    PipelineParams,
    compare_observed,
    compare_with_observed,
    default_params,
    letter_of_intent_stage,
    months_after_stage,
    observed_band_lines,
    observed_durations,
    observed_months,
    simulate,
)
from sistercity.regimes import era_ids, get_regime


def test_observed_durations_match_the_documented_dates():
    """Berlin ≈ 11.7, Paris ≈ 9 and Yamagata ≈ 42 months; the open paths are censored and have no agreement."""
    table = observed_durations().set_index("pair")
    assert table.loc["DKI Jakarta – Berlin", "months"] == pytest.approx(11.7, abs=0.1)
    assert table.loc["DKI Jakarta – Paris", "months"] == pytest.approx(9.0, abs=0.1)
    assert table.loc["Irian Jaya (Papua) – Yamagata Prefecture", "months"] == pytest.approx(
        41.8, abs=0.2
    )
    raw = load("observed_durations").set_index("pair")
    for pair, row in raw.iterrows():
        assert pd.isna(row["agreement_date"]) != pd.isna(row["censored_at"]), pair
        assert table.loc[pair, "censored"] == pd.isna(row["agreement_date"])
        assert table.loc[pair, "months"] >= 0, pair
    assert table.loc["Kota Ambon – Darwin", "era"] == ""
    assert table.loc["DKI Jakarta – Kuala Lumpur", "era"] == era_ids()[-1]


def test_a_month_only_date_counts_as_its_fifteenth_and_a_bad_date_is_named():
    """YYYY-MM is read as the 15th; an unreadable date raises in both languages."""
    frame = pd.DataFrame(
        {
            "pair": ["a", "b"],
            "first_date": ["2000-01", "2000-01-15"],
            "agreement_date": ["2000-02-15", None],
            "censored_at": [None, "2000-03"],
        }
    )
    months = observed_months(frame)
    assert months["months"].tolist() == pytest.approx([31 / (365.25 / 12), 60 / (365.25 / 12)])
    assert months["censored"].tolist() == [False, True]
    with pytest.raises(ValueError, match="Tanggal.* / .*date"):
        observed_months(frame.assign(first_date=["2000/01", "x"]))


def test_every_era_has_a_stage_to_match_an_observed_letter_of_intent():
    """The match is the stage that signs the LoI where the era has one, else its first stage."""
    for era in era_ids():
        stage = letter_of_intent_stage(era)
        regime = get_regime(era)
        deciding = regime.stages_deciding("sign_letter_of_intent")
        assert stage == (deciding[0].stage_id if deciding else regime.stages[0].stage_id)


def test_without_randomness_the_span_after_a_stage_is_the_sum_of_the_later_medians():
    """With no spread or events, every proposal needs the later stages' medians; the band is that point."""
    base = default_params(era_ids()[-1])
    stages = tuple(replace(s, spread=0.0, p_return=0.0, p_drop=0.0) for s in base.stages)
    events = EventParams(p_governor_drop=0.0, p_budget_planned=1.0, election_stages=())
    params = PipelineParams(base.era, stages, events)
    result = simulate(params, 500, seed=1)
    stage = letter_of_intent_stage(base.era)
    after = sum(s.median_months for s in stages[params.stage_ids.index(stage) + 1 :])
    months, signed = months_after_stage(result, stage)
    assert signed.all() and np.allclose(months, after, rtol=1e-5)
    observed = pd.DataFrame(
        {"pair": ["fast", "slow", "open"], "months": [after - 1, after + 1, after - 1]}
    ).assign(censored=[False, False, True])
    table = compare_with_observed(result, observed, stage).set_index("pair")
    assert table.loc["fast", "model_signed_within"] == 0
    assert table.loc["slow", "model_signed_within"] == 1
    assert table.loc["slow", "model_percentile"] == 1
    assert not table.loc["fast", "in_band"] and not table.loc["slow", "in_band"]
    assert table.loc["open", "in_band"]  # nothing signed yet at that time: consistent


def test_the_default_assumptions_against_the_observed_durations(capsys):
    """The default model can produce every observed span of a modelled era; where one falls outside its 10–90 % band is reported."""
    table = compare_observed(n=20_000, seed=0)
    assert len(table) == len(load("observed_durations"))
    modelled = table[(table["era"] != "") & ~table["censored"]]
    assert not modelled.empty
    assert (modelled["model_percentile"] > 0).all(), modelled
    assert modelled["in_band"].any(), modelled
    open_paths = table[table["censored"]]
    assert open_paths["model_signed_within"].between(0, 1).all()
    outside = table[~table["in_band"]]
    with capsys.disabled():
        print("\nObserved durations outside the model's 10–90 % band (n is small):")
        for row in outside.itertuples():
            print(
                f"  {row.pair}: {row.months:.1f} months, model band {row.model_p10:.1f}–"
                f"{row.model_p90:.1f} ({row.model_era} model; era {row.era or 'none'})"
            )


def test_the_plain_summary_counts_the_paths_outside_the_band_in_both_languages():
    """observed_band_lines names every completed path outside the band, and the count, in id and en."""
    table = compare_observed(n=5_000, seed=7)
    done = table[~table["censored"]]
    outside = done[~done["in_band"]]
    english = observed_band_lines(table, "en")
    indonesian = observed_band_lines(table, "id")
    verb = "falls" if len(outside) == 1 else "fall"
    assert english[0] == (
        f"Of {len(done)} completed paths, {len(outside)} {verb} outside the model's 10–90 % band."
    )
    assert indonesian[0].startswith(f"Dari {len(done)} jalur yang selesai, {len(outside)} jatuh")
    for pair in outside["pair"]:
        assert any(pair in line for line in english) and any(pair in line for line in indonesian)
    assert len(english) == len(outside) + 2 == len(indonesian)
