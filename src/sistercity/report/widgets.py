"""A live view of the report with filters (assignments, outcome level, threshold): ``sistercity app report``."""

from __future__ import annotations

import html

import ipywidgets as widgets
import matplotlib.pyplot as plt

from sistercity.i18n import check_lang, pick
from sistercity.report import model, plot

#: The outcome levels the view offers, with their labels.
LEVELS = {
    "cpmk": ("CPMK", "CPMK"),
    "cpl": ("CPL", "CPL"),
    "sub_cpmk": ("Sub-CPMK", "Sub-CPMK"),
    "bloom": ("Tingkat Bloom", "Bloom level"),
}


def _number(value: float) -> str:
    return "–" if value != value else f"{value:.2f}"  # NaN: not computable


class ReportApp(widgets.VBox):
    """Choose assignments, an outcome level and a threshold; see who reaches what, and flagged items."""

    def __init__(self, lang: str = "id", course=None, inputs: dict | None = None):
        """Read the course's gradebook (or take ``inputs`` of ``build_report``) and draw the view."""
        self.lang = check_lang(lang)
        self.message = widgets.HTML()
        self.output = widgets.Output()
        try:
            if inputs is None:
                from sistercity.report import report_inputs

                inputs = report_inputs(course)
            self.inputs = inputs
            graded = sorted(set(inputs["cells"]["assignment"]))
        except Exception as error:  # noqa: BLE001 - shown to the lecturer instead of a traceback
            self.message.value = f"<p><b>{html.escape(str(error))}</b></p>"
            super().__init__([self.message])
            return
        self.assignments = widgets.SelectMultiple(
            options=graded,
            value=tuple(graded),
            rows=min(8, max(2, len(graded))),
            description=pick(lang, id="Tugas", en="Assignments"),
            style={"description_width": "initial"},
        )
        self.level = widgets.Dropdown(
            options=[(pick(lang, id=i, en=e), key) for key, (i, e) in LEVELS.items()],
            value="cpmk",
            description=pick(lang, id="Capaian", en="Outcome"),
        )
        self.threshold = widgets.FloatSlider(
            value=model.DEFAULT_THRESHOLD,
            min=0,
            max=100,
            step=5,
            description=pick(lang, id="Ambang %", en="Threshold %"),
            style={"description_width": "initial"},
            continuous_update=False,
        )
        for control in (self.assignments, self.level, self.threshold):
            control.observe(lambda _change: self.redraw(), names="value")
        controls = widgets.HBox([self.assignments, widgets.VBox([self.level, self.threshold])])
        super().__init__([controls, self.message, self.output])
        self.redraw()

    def _flags(self, flags: str) -> str:
        return ", ".join(self._flag(f) for f in flags.split(",") if f)

    def _flag(self, flag: str) -> str:
        id_text, en_text = model.FLAGS[flag]
        return pick(self.lang, id=id_text, en=en_text)

    def report(self) -> model.Report:
        """The report for the chosen assignments and threshold."""
        return model.build_report(
            **self.inputs,
            threshold=self.threshold.value,
            assignments=list(self.assignments.value) or None,
        )

    def redraw(self) -> None:
        """Recompute the report and draw the share reaching each outcome and the flagged items."""
        try:
            report = self.report()
        except Exception as error:  # noqa: BLE001 - a bad choice is said, not raised
            self.message.value = f"<p><b>{html.escape(str(error))}</b></p>"
            return
        flagged = report.items[report.items["flags"] != ""]
        rows = "".join(
            f"<tr><td>{html.escape(r.assignment)}</td><td>{html.escape(r.grade_id)}</td>"
            f"<td>{_number(r.difficulty)}</td><td>{_number(r.item_total_r)}</td>"
            f"<td>{html.escape(self._flags(r.flags))}</td></tr>"
            for r in flagged.itertuples()
        )
        self.message.value = (
            f"<p>{len(report.students)} {pick(self.lang, id='mahasiswa', en='students')}; "
            f"{len(flagged)} {pick(self.lang, id='butir ditandai', en='items flagged')}</p>"
            f"<table><tr><th></th><th></th><th>p</th><th>r</th><th></th></tr>{rows}</table>"
        )
        with self.output:
            self.output.clear_output(wait=True)
            fig, axes = plt.subplots(1, 2, figsize=(11, 3.8))
            plot.plot_reached(axes[0], report, self.level.value, self.lang)
            plot.plot_items(axes[1], report, self.lang)
            fig.tight_layout()
            plt.show()
