"""The Monte Carlo app, driven headless the way a student drives it: by moving its controls."""

from __future__ import annotations

import numpy as np
import pytest

from sistercity.pipeline import ERAS, simulate, summarize
from sistercity.pipeline.widgets import MonteCarloApp


@pytest.fixture
def app():
    """A small app so that every redraw is quick."""
    return MonteCarloApp(era="2020", lang="id", n=5_000, seed=3)


def test_app_starts_with_a_result_a_picture_and_the_assumption_warning(app):
    """On start the app has simulated, drawn a PNG and says that the numbers are assumptions."""
    assert app.result.n == 5_000
    assert app.image.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert "ASUMSI" in app.warning.value
    assert "median" in app.summary_text.value
    assert set(app.era_results) == set(ERAS)


def test_duration_slider_slows_every_proposal(app):
    """Doubling all durations raises the median time to signing and redraws the picture."""
    before, picture = app.summary.median_months, app.image.value
    app.duration.value = 2.0
    assert app.params.duration_multiplier == 2.0
    assert app.summary.median_months > 1.5 * before
    assert app.image.value != picture


def test_result_is_the_model_run_with_the_sliders(app):
    """What the app shows is exactly the model run with the sliders' parameters and seed."""
    app.central.value = 2.5
    app.dprd_median.value = 10.0
    expected = simulate(app.params, app.n.value, seed=app.seed)
    assert np.array_equal(app.result.total_months, expected.total_months)
    assert app.params.stage("persetujuan_dprd").median_months == 10.0
    assert summarize(expected).median_months == app.summary.median_months


def test_governor_and_rejection_sliders_change_who_is_signed(app):
    """No rejections: every proposal is signed unless its LoI lapsed; the governor stops none today."""
    app.governor_drop.value = 0.0
    app.drop.value = 0.0
    assert app.summary.share_signed + app.summary.share_loi_lapsed == 1.0
    assert app.governor_drop.disabled  # Permendagri 25/2020: the governor can delay, not stop
    app.governor_drop.value = 1.0
    assert app.summary.share_governor_dropped == 0.0
    app.era.value = "1993"
    assert not app.governor_drop.disabled
    assert app.summary.share_signed == 1.0 - app.summary.share_governor_dropped
    assert app.summary.share_governor_dropped > 0.3


def test_the_app_shows_the_legal_clocks(app):
    """The summary names the deemed DPRD approvals and the lapsed LoIs, or says the era has none."""
    assert "45 hari kerja" in app.summary_text.value
    assert "LoI kedaluwarsa" in app.summary_text.value
    app.era.value = "2004"
    assert "22 Mei 2020" in app.summary_text.value


def test_era_and_n_controls(app):
    """Choosing another era and another number of proposals re-runs that era with that many."""
    app.era.value = "1993"
    app.n.value = 2_000
    assert app.result.params.era == "1993"
    assert app.result.n == 2_000
    assert app.dprd_median.value == app.base["1993"].stage("persetujuan_dprd").median_months


def test_english_app_speaks_english():
    """With lang="en" the warning and summary are in English."""
    app = MonteCarloApp(era="2004", lang="en", n=2_000, seed=1)
    assert "TEACHING ASSUMPTION" in app.warning.value
    assert "Signed" in app.summary_text.value


def test_charts_take_new_data_only_when_it_fits_their_frame():
    """update_* refill a chart whose axes still fit the data, and refuse data that would not fit."""
    from matplotlib.figure import Figure

    from sistercity.pipeline import adjust, default_params, simulate_eras
    from sistercity.pipeline.plot import (
        data_artists,
        plot_bottlenecks,
        plot_eras,
        plot_time_to_signing,
        update_bottlenecks,
        update_eras,
        update_time_to_signing,
    )

    base = default_params("2020")
    result = simulate(base, 5_000, seed=1)
    similar = simulate(adjust(base, duration=1.05), 5_000, seed=2)
    much_slower = simulate(adjust(base, duration=3.0), 5_000, seed=2)
    hist, bars, eras = Figure().subplots(1, 3)
    plot_time_to_signing(hist, result)
    plot_bottlenecks(bars, result)
    plot_eras(eras, simulate_eras({e: default_params(e) for e in ERAS}, 3_000, seed=1))
    assert len(data_artists(hist)) == 3 and len(data_artists(bars)) == len(base.stages)
    assert update_time_to_signing(hist, similar)
    assert not update_time_to_signing(hist, much_slower)
    assert update_bottlenecks(bars, similar)
    slow_eras = {e: adjust(default_params(e), duration=3.0) for e in ERAS}
    assert not update_eras(eras, simulate_eras(slow_eras, 3_000, seed=1))


def test_the_legal_clocks_chart_shows_the_summary_shares_or_says_there_are_none():
    """One bar per clock outcome with the summary's share and its article; none before 2020."""
    from matplotlib.figure import Figure

    from sistercity.pipeline import default_params
    from sistercity.pipeline.plot import DATA_GID, plot_legal_clocks

    summary = summarize(simulate(default_params("2020"), 20_000, seed=4))
    ax = Figure().subplots()
    plot_legal_clocks(ax, summary, "en")
    bars = [p for p in ax.patches if str(p.get_gid()).startswith(f"{DATA_GID}:clock")]
    widths = [bar.get_width() for bar in bars]
    assert widths[0] == pytest.approx(100 * summary.share_deemed_approved)
    assert widths[1] == pytest.approx(100 * summary.share_loi_lapsed)
    assert widths[-1] == 0.0  # the governor drops nothing under Permendagri 25/2020
    labels = " ".join(t.get_text() for t in ax.get_yticklabels())
    assert "Pasal 17" in labels and "Pasal 13" in labels and "Pasal 18" in labels
    old = Figure().subplots()
    plot_legal_clocks(old, summarize(simulate(default_params("1993"), 2_000, seed=4)), "id")
    assert not old.patches and "22 Mei 2020" in old.texts[0].get_text()
