"""The step-by-step simulator as a widget: the era's flow, decision buttons, the reasons and the log.

A thin layer: :class:`~sistercity.stepper.model.Stepper` decides, :func:`stepper_html` draws the
flow as HTML boxes (readable on a projector), and this module only wires buttons to them. The
diagram, the buttons and the latest message fit a 1280x720 screen; the log follows below. Everything is public so tests can click buttons
(``app.buttons["sign"].click()``) and read ``app.stepper.log``.
"""

from __future__ import annotations

import html
import os

import ipywidgets as widgets
import pandas as pd

from sistercity.i18n import check_lang, pick
from sistercity.stepper import new_stepper
from sistercity.stepper.model import Outcome, Proposal, Stepper, decision_label
from sistercity.stepper.plot import stepper_html

STATUS_LABELS = {
    "verified": ("terverifikasi", "verified"),
    "partly": ("terverifikasi sebagian", "partly verified"),
    "unverified": ("BELUM terverifikasi", "UNVERIFIED"),
}
LEVEL_LABELS = {
    "province": ("provinsi", "province"),
    "regency": ("kabupaten", "regency"),
    "city": ("kota", "city"),
}


def _status(status: str, lang: str) -> str:
    label_id, label_en = STATUS_LABELS[status]
    return pick(lang, id=label_id, en=label_en)


def _sources(source_url: str) -> str:
    """Source cell as HTML: links for web addresses, plain text for anything else."""
    parts = [p.strip() for p in source_url.split(" ; ") if p.strip()]
    shown = []
    for part in parts:
        text = html.escape(part)
        if part.startswith("http"):
            shown.append(f'<a href="{text}" target="_blank">{text}</a>')
        else:
            shown.append(text)
    return "; ".join(shown)


def log_table(stepper: Stepper, lang: str = "id") -> pd.DataFrame:
    """The stepper's log with readable column names, stage names and decision labels in ``lang``."""
    log = stepper.log
    names = {s.stage_id: s.name(lang) for s in stepper.regime.stages}
    reason = "reason_id" if lang == "id" else "reason_en"
    yes, no = pick(lang, id="diterima", en="accepted"), pick(lang, id="DITOLAK", en="REFUSED")
    return pd.DataFrame(
        {
            pick(lang, id="langkah", en="step"): log["step"],
            pick(lang, id="tahap", en="stage"): log["stage_id"].map(names),
            pick(lang, id="keputusan", en="decision"): [
                decision_label(d, lang) for d in log["decision"]
            ],
            pick(lang, id="hasil", en="result"): [yes if a else no for a in log["accepted"]],
            pick(lang, id="alasan", en="reason"): log[reason],
            pick(lang, id="dasar hukum", en="legal basis"): log["legal_basis"],
        }
    )


class StepperApp(widgets.VBox):
    """The simulator on screen: flow diagram, stage details, decision buttons, message and log.

    Attributes:
        stepper: The model; its ``log`` holds every decision taken.
        buttons: Decision id -> the button that takes it (rebuilt after every step).
        plot: The flow diagram as HTML (empty while nbgrader executes the notebook).
        stage_info: What happens in the current stage, who acts, documents and legal basis.
        message: The outcome of the last decision, with its reason and legal basis.
        log_view: The log as an HTML table.
        restart: Starts the same proposal again from the first stage.
    """

    def __init__(
        self,
        era: str | None = None,
        lang: str = "id",
        proposal: Proposal | None = None,
        stepper: Stepper | None = None,
    ):
        self.lang = check_lang(lang)
        self.proposal = proposal or Proposal()
        self.stepper = stepper or new_stepper(era, self.proposal)
        self.era = self.stepper.regime.era
        # Under nbgrader the notebook runs unattended: skip drawing so nothing slows or blocks it.
        self.draw = not os.environ.get("NBGRADER_EXECUTION")
        self.header = widgets.HTML()
        self.plot = widgets.HTML(layout=widgets.Layout(width="100%"))
        # The website shows this HTML as the widget's static picture (sistercity.site.kernel).
        self.plot.add_class("sistercity-static")
        self.stage_info = widgets.HTML()
        self.button_box = widgets.HBox(layout=widgets.Layout(flex_flow="row wrap"))
        self.buttons: dict[str, widgets.Button] = {}
        self.message = widgets.HTML()
        self.log_view = widgets.HTML()
        self.log_view.add_class("sistercity-log")
        self.restart = widgets.Button(
            description=pick(lang, id="Mulai lagi", en="Start again"), icon="refresh"
        )
        self.restart.on_click(lambda _button: self.start_again())
        self.highlighted: str | None = None
        self.plot.layout = widgets.Layout(width="100%")
        self.stage_info.add_class("sistercity-stage-info")
        self.stage_info.layout = widgets.Layout(
            flex="2 1 300px", min_width="0", margin="0 0 0 12px"
        )
        controls = widgets.VBox(
            [self.button_box, self.message, self.restart],
            layout=widgets.Layout(flex="3 1 380px", min_width="0"),
        )
        controls.add_class("sistercity-stepper-controls")
        # The diagram across the screen, then the buttons and the latest message beside the
        # stage's details: all of it fits a 1280x720 projector; the log follows below.
        super().__init__(
            [
                self.header,
                self.plot,
                widgets.HBox(
                    [controls, self.stage_info],
                    layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start"),
                ),
                self.log_view,
            ]
        )
        # Stable hooks for the browser tests and for lecturers' custom styles.
        self.add_class("sistercity-stepper")
        self.refresh()

    def choose(self, decision: str) -> Outcome:
        """Take ``decision`` in the model, show the outcome and redraw."""
        outcome = self.stepper.decide(decision)
        colour = "#e3f1e0" if outcome.accepted else "#fbe3e0"
        basis = pick(self.lang, id="Dasar hukum", en="Legal basis")
        self.message.value = (
            f'<div class="sistercity-message" style="background:{colour};padding:6px;'
            f'border-radius:4px;font-size:15px;line-height:1.35"><b>{html.escape(decision_label(decision, self.lang))}</b>: '
            f"{html.escape(outcome.reason(self.lang))}<br><i>{basis}:</i> "
            f"{html.escape(outcome.legal_basis)} ({_status(outcome.basis_status, self.lang)})</div>"
        )
        self.refresh()
        return outcome

    def start_again(self) -> None:
        """Start the same era and proposal again from the first stage, with an empty log."""
        self.stepper = Stepper(self.stepper.regime, self.stepper.proposal, self.stepper.relations)
        self.message.value = ""
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the buttons and redraw the diagram, the stage details and the log."""
        lang, stepper = self.lang, self.stepper
        p = stepper.proposal
        level_id, level_en = LEVEL_LABELS[p.region_level]
        self.header.value = (
            f"<p style='margin:0'><b>{html.escape(stepper.regime.title(lang))}</b> · "
            + pick(lang, id="Usulan", en="Proposal")
            + f": <b>{html.escape(p.region)}</b> ({pick(lang, level_id, level_en)}) – "
            f"<b>{html.escape(p.partner)}</b>, {html.escape(p.partner_country)}</p>"
        )
        stage = stepper.current_stage
        self.highlighted = None if stage is None else stage.stage_id
        self.buttons = {}
        for decision in stepper.allowed_decisions():
            button = widgets.Button(
                description=decision_label(decision, lang),
                tooltip=decision,
                layout=widgets.Layout(width="auto"),
            )
            button.add_class("sistercity-decision")
            button.on_click(lambda _button, d=decision: self.choose(d))
            self.buttons[decision] = button
        self.button_box.children = tuple(self.buttons.values())
        # Long addresses wrap inside the column instead of running off the screen.
        self.stage_info.value = f'<div style="overflow-wrap:anywhere">{self._stage_html()}</div>'
        table = log_table(stepper, lang)
        self.log_view.value = (
            "<b>"
            + pick(lang, id="Catatan keputusan", en="Decision log")
            + "</b>"
            + table.to_html(index=False, escape=True, border=0)
            if len(table)
            else ""
        )
        if self.draw:
            self.plot.value = stepper_html(stepper, lang)

    def _stage_html(self) -> str:
        lang, stage = self.lang, self.stepper.current_stage
        if stage is None:
            return (
                "<p><b>"
                + pick(
                    lang,
                    id="Selesai: naskah kerja sama sudah ditandatangani.",
                    en="Done: the agreement has been signed.",
                )
                + "</b></p>"
            )
        regime = self.stepper.regime
        actors = ", ".join(
            (
                f"<b>{html.escape(regime.actor(a).name(lang))}</b>"
                if i == 0
                else html.escape(regime.actor(a).name(lang))
            )
            for i, a in enumerate(stage.actors)
        )
        docs_in = html.escape("; ".join(stage.documents_in) or "-")
        docs_out = html.escape("; ".join(stage.documents_out) or "-")
        return (
            f"<p><b>{stage.order}. {html.escape(stage.name(lang))}</b>: "
            f"{html.escape(stage.description(lang))}</p><ul>"
            f"<li>{pick(lang, 'Pelaku (pemimpin ditebalkan)', 'Actors (lead in bold)')}: {actors}</li>"
            f"<li>{pick(lang, 'Dokumen masuk', 'Documents in')}: {docs_in}; "
            f"{pick(lang, 'dokumen keluar', 'documents out')}: {docs_out}</li>"
            f"<li>{pick(lang, 'Dasar hukum', 'Legal basis')}: {html.escape(stage.legal_basis)} "
            f"(<i>{_status(stage.status, lang)}</i>)</li>"
            f"<li>{pick(lang, 'Sumber', 'Sources')}: {_sources(stage.source_url)}</li></ul>"
        )
