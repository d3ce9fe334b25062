"""The simulator widget, driven headless: clicking buttons changes the log, highlight and diagram."""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from sistercity.regimes import get_regime
from sistercity.stepper import Proposal, new_stepper
from sistercity.stepper.plot import plot_flow, plot_stepper
from sistercity.stepper.widgets import StepperApp, log_table

CITY = Proposal("Kota Bandung", "city", "Suwon", "South Korea", "city")


def stage_states(ax) -> dict[str, str]:
    """Map stage id -> drawn state (done, current, todo) from the boxes' gids."""
    states = {}
    for patch in ax.patches:
        gid = patch.get_gid() or ""
        if gid.startswith("stage:"):
            _, stage_id, state = gid.split(":")
            states[stage_id] = state
    return states


def test_plot_marks_current_and_completed_stages():
    """The diagram draws one box per stage, the current one highlighted and the done ones ticked."""
    regime = get_regime("2004")
    fig, ax = plt.subplots(figsize=(11, 5))
    returned = plot_flow(ax, regime, current="persetujuan_dprd", completed=regime.stage_ids[:3])
    assert returned is ax
    states = stage_states(ax)
    assert len(states) == len(regime.stages)
    assert states["persetujuan_dprd"] == "current"
    assert [states[s] for s in regime.stage_ids[:3]] == ["done"] * 3
    assert states["penandatanganan"] == "todo"
    assert any(t.get_text().startswith("✓ 1.") for t in ax.texts)
    plt.close(fig)


def test_plot_lanes_are_the_eras_actors_in_lane_order():
    """The swimlanes are the actors taking part in the era, top lane first, labelled in English."""
    regime = get_regime("1993")
    fig, ax = plt.subplots()
    plot_flow(ax, regime, lang="en")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == [a.name_en for a in regime.lanes()]
    assert "Foreign partner" in labels and "Indonesian missions abroad" not in labels
    plt.close(fig)


def test_plot_stepper_follows_the_model():
    """plot_stepper highlights the model's current stage and nothing once the agreement is signed."""
    stepper = new_stepper("2020", CITY)
    stepper.decide("take_initiative")
    ax = Figure().add_subplot()
    assert stage_states(plot_stepper(ax, stepper))["penjajakan"] == "current"
    while not stepper.finished:
        stepper.decide(stepper.stage_decisions(stepper.current_stage)[0])
    ax = Figure().add_subplot()
    assert set(stage_states(plot_stepper(ax, stepper)).values()) == {"done"}


def test_clicking_buttons_updates_log_highlight_and_buttons():
    """Clicking an accepted decision moves the highlight; a refused one is logged and explained."""
    app = StepperApp(era="2004", lang="en", proposal=CITY)
    assert app.highlighted == "penjajakan" and app.plot.value
    assert set(app.buttons) == {"explore_partner", "sign_letter_of_intent", "sign", "revise"}
    first_image = app.plot.value

    app.buttons["sign"].click()
    assert app.stepper.log["accepted"].tolist() == [False]
    assert "REFUSED" in app.log_view.value and "DPRD" in app.message.value
    assert app.highlighted == "penjajakan"

    app.buttons["explore_partner"].click()
    assert app.stepper.log["accepted"].tolist() == [False, True]
    assert app.highlighted == "surat_minat"
    assert "explore_partner" not in app.buttons and "draft_plan" in app.buttons
    assert app.plot.value != first_image
    assert "Letter of Intent signed" in app.stage_info.value


def test_widget_speaks_indonesian():
    """In Indonesian the buttons, stage details and log use Indonesian labels."""
    app = StepperApp(era="2020", lang="id", proposal=CITY)
    assert app.buttons["take_initiative"].description == "Ambil prakarsa kerja sama"
    app.buttons["sign"].click()
    assert "DITOLAK" in app.log_view.value and "Dasar hukum" in app.message.value
    assert list(log_table(app.stepper, "id").columns)[0] == "langkah"


def test_start_again_clears_the_log():
    """The restart button starts the same proposal again from the first stage with an empty log."""
    app = StepperApp(era="1993", lang="id", proposal=CITY)
    app.buttons["draft_plan"].click()
    app.restart.click()
    assert app.highlighted == "perencanaan" and app.stepper.log.empty
    assert app.stepper.proposal == CITY


def test_nbgrader_execution_skips_drawing(monkeypatch):
    """Under nbgrader the widget draws no image but still works, so autograding never waits on it."""
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    app = StepperApp(era="2020", lang="en", proposal=CITY)
    assert app.plot.value == ""
    app.buttons["take_initiative"].click()
    assert app.highlighted == "penjajakan"


def test_the_html_flow_diagram_marks_each_stage_and_uses_large_text():
    """The HTML diagram has one box per stage with its state, lead actor and text of at least 16 px."""
    import re

    from sistercity.regimes import get_regime
    from sistercity.stepper.plot import FLOW_FONT_PX, flow_html

    regime = get_regime("2020")
    markup = flow_html(
        regime, current=regime.stage_ids[2], completed=regime.stage_ids[:2], lang="en"
    )
    states = re.findall(r'data-state="(\w+)"', markup)
    assert states == ["done", "done", "current"] + ["todo"] * (len(regime.stages) - 3)
    sizes = [int(x) for x in re.findall(r"font-size:(\d+)px", markup)]
    assert sizes and min(sizes) >= FLOW_FONT_PX >= 16
    assert regime.actor(regime.stages[0].lead).name("en") in markup
    assert "overflow-wrap:anywhere" in markup
