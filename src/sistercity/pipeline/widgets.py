"""The Monte Carlo app: sliders for the assumptions, live charts. A thin layer over the model."""

from __future__ import annotations

import io

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from sistercity.i18n import check_lang, pick
from sistercity.pipeline import default_params, stage_labels
from sistercity.pipeline.model import (
    PipelineParams,
    PipelineResult,
    PipelineSummary,
    adjust,
    clock_lines,
    simulate,
    simulate_eras,
    summarize,
    summary_lines,
)
from sistercity.pipeline.plot import (
    data_artists,
    era_colours,
    plot_bottlenecks,
    plot_eras,
    plot_time_to_signing,
    update_bottlenecks,
    update_eras,
    update_time_to_signing,
)
from sistercity.regimes import check_era, era_ids

#: Proposals per era in the comparison chart: enough for smooth curves, cheap to redraw.
COMPARE_N = 20_000


class MonteCarloApp(widgets.VBox):
    """Sliders for the assumptions of one era, its charts, and the three eras side by side."""

    def __init__(
        self, era: str | None = None, lang: str = "id", n: int = 100_000, seed: int = 7
    ) -> None:
        self.lang = check_lang(lang)
        self.seed = seed
        era = check_era(era)
        self.eras = era_ids()
        self.colours = era_colours()
        self.base = {e: default_params(e) for e in self.eras}
        self.result: PipelineResult
        self.summary: PipelineSummary
        self.era_results: dict[str, PipelineResult] = {}
        text = lambda id, en: pick(lang, id=id, en=en)  # noqa: E731
        style = {"description_width": "initial"}
        layout = widgets.Layout(width="420px")

        def slider(kind, description, **kw):
            return kind(
                description=description, style=style, layout=layout, continuous_update=False, **kw
            )

        self.era = widgets.ToggleButtons(options=list(self.eras), value=era, description="era")
        self.duration = slider(
            widgets.FloatSlider,
            text("Lama semua tahap ×", "All stage durations ×"),
            value=1.0,
            min=0.25,
            max=3.0,
            step=0.05,
        )
        self.dprd_median = slider(
            widgets.FloatSlider,
            text("Median persetujuan DPRD (bulan)", "Median DPRD approval (months)"),
            value=self._dprd_median(era),
            min=0.0,
            max=24.0,
            step=0.5,
        )
        self.central = slider(
            widgets.FloatSlider,
            text("Lama kajian pusat ×", "Central review time ×"),
            value=1.0,
            min=0.25,
            max=4.0,
            step=0.05,
        )
        self.drop = slider(
            widgets.FloatSlider,
            text("Peluang ditolak per tahap ×", "Chance of rejection per stage ×"),
            value=1.0,
            min=0.0,
            max=3.0,
            step=0.1,
        )
        self.governor_drop = slider(
            widgets.FloatSlider,
            text("Peluang gubernur baru membatalkan", "Chance a new governor drops it"),
            value=self.base[era].events.p_governor_drop,
            min=0.0,
            max=1.0,
            step=0.05,
        )
        # From Permendagri 25/2020 the governor can delay, not stop (Pasal 18(5), 20(4)).
        self.governor_drop.disabled = self.base[era].clocks.governor_cannot_stop
        self.n = slider(
            widgets.IntSlider,
            text("Jumlah usulan", "Number of proposals"),
            value=n,
            min=1_000,
            max=200_000,
            step=1_000,
        )
        self.warning = widgets.HTML(
            "<b>⚠ "
            + text(
                "Semua lama dan peluang di sini adalah ASUMSI PENGAJARAN. Yang bukan asumsi hanya "
                "batas waktu dari teks hukum (Permendagri 25/2020, sejak 22 Mei 2020): DPRD 45 hari "
                "kerja, LoI 1 tahun, gubernur 5 hari kerja. Ubah, lalu pertanyakan.",
                "Every duration and chance here is a TEACHING ASSUMPTION. Only the time limits of the "
                "legal texts (Permendagri 25/2020, from 22 May 2020) are not: DPRD 45 working days, "
                "LoI 1 year, governor 5 working days. Change them, then question them.",
            )
            + "</b>"
        )
        self.summary_text = widgets.HTML()
        self.image = widgets.Image(format="png")
        # One figure, reused, outside pyplot: nothing is shown twice and no figures pile up.
        self.figure = Figure(figsize=(13, 3.8), dpi=72)
        FigureCanvasAgg(self.figure)
        axes = self.figure.subplots(1, 3, gridspec_kw={"width_ratios": [1.0, 0.8, 1.0]})
        # A fixed layout: tight_layout on every redraw would cost more than the simulation.
        self.figure.subplots_adjust(left=0.05, right=0.99, bottom=0.14, top=0.92, wspace=0.9)
        self.axes = list(axes)
        self.labels = {e: stage_labels(e, lang) for e in self.eras}
        self._background = None  # the charts' frames, kept so that only data are redrawn
        self._drawn_era: str | None = None
        controls = [
            self.era,
            self.duration,
            self.dprd_median,
            self.central,
            self.drop,
            self.governor_drop,
            self.n,
        ]
        for control in controls:
            control.observe(self._on_change, names="value")
        # Sliders and the summary side by side, the charts below: all fit a 1280x720 projector.
        self.summary_text.layout = widgets.Layout(
            flex="1 1 300px", min_width="0", max_height="220px", overflow="auto"
        )
        self.summary_text.add_class("sistercity-montecarlo-summary")
        self.image.layout = widgets.Layout(width="100%", max_width="1100px")
        super().__init__(
            [
                self.warning,
                widgets.HBox(
                    [widgets.VBox(controls[:4]), widgets.VBox(controls[4:]), self.summary_text],
                    layout=widgets.Layout(flex_flow="row wrap"),
                ),
                self.image,
            ]
        )
        # A stable hook for the browser tests and for lecturers' custom styles.
        self.add_class("sistercity-montecarlo")
        self.refresh()

    def _dprd_median(self, era: str) -> float:
        """Median months of the era's DPRD approval stage (0 if the era has none)."""
        base = self.base[era]
        dprd = base.events.election_stages
        return base.stage(dprd[0]).median_months if dprd else 0.0

    def params_for(self, era: str) -> PipelineParams:
        """The era's assumptions with the sliders applied."""
        dprd = self.dprd_median.value if era == self.era.value else None
        return adjust(
            self.base[era],
            duration=self.duration.value,
            dprd_median=dprd,
            central=self.central.value,
            drop=self.drop.value,
            governor_drop=self.governor_drop.value,
        )

    @property
    def params(self) -> PipelineParams:
        """The assumptions of the era on show, with the sliders applied."""
        return self.params_for(self.era.value)

    def _on_change(self, change) -> None:
        """Re-run and redraw after a control moved (a new era also resets the DPRD slider)."""
        if change["owner"] is self.era:
            self.dprd_median.unobserve(self._on_change, names="value")
            self.dprd_median.value = self._dprd_median(self.era.value)
            self.dprd_median.observe(self._on_change, names="value")
            self.governor_drop.disabled = self.base[self.era.value].clocks.governor_cannot_stop
        self.refresh()

    def refresh(self) -> None:
        """Simulate with the current sliders, update the summary and redraw the one figure."""
        era = self.era.value
        self.result = simulate(self.params, self.n.value, seed=self.seed)
        self.summary = summarize(self.result)
        compare = {e: self.params_for(e) for e in self.eras}
        self.era_results = simulate_eras(compare, min(COMPARE_N, self.n.value), seed=self.seed)
        lines = summary_lines(self.summary, self.lang, self.labels[era])
        legal = clock_lines(self.summary, self.lang, self.labels[era])
        self.summary_text.value = "<br>".join(lines[:4] + legal)
        self._draw(era)

    def static_svg(self, phone: bool = False) -> str | None:
        """The three charts as SVG, for the website's static picture (data drawn, not blitted).

        With ``phone``, the charts stacked and their labels enlarged for a phone's width.
        """
        from sistercity.figures import figure_svg, phone_figure_svg

        artists = [a for ax in self.axes for a in data_artists(ax)]
        for artist in artists:
            artist.set_animated(False)
        try:
            return phone_figure_svg(self.figure) if phone else figure_svg(self.figure)
        finally:
            for artist in artists:
                artist.set_animated(True)

    def _draw(self, era: str) -> None:
        """Redraw the charts: only their data if they fit the old frame, else everything."""
        canvas = self.figure.canvas
        fits = (
            self._background is not None
            and self._drawn_era == era
            and update_time_to_signing(self.axes[0], self.result, self.lang)
            and update_bottlenecks(self.axes[1], self.result)
            and update_eras(self.axes[2], self.era_results)
        )
        if not fits:
            for ax in self.axes:
                ax.clear()
            plot_time_to_signing(
                self.axes[0], self.result, self.lang, animated=True, colours=self.colours
            )
            plot_bottlenecks(self.axes[1], self.result, self.lang, self.labels[era], animated=True)
            plot_eras(
                self.axes[2], self.era_results, self.lang, animated=True, colours=self.colours
            )
            canvas.draw()  # the frames: axes, ticks, labels; data artists are left out
            self._background = canvas.copy_from_bbox(self.figure.bbox)
            self._drawn_era = era
        canvas.restore_region(self._background)
        for ax in self.axes:
            for artist in data_artists(ax):
                ax.draw_artist(artist)
        pixels = np.asarray(canvas.buffer_rgba())
        buffer = io.BytesIO()
        Image.fromarray(pixels).save(buffer, format="png", compress_level=1)  # fast, still small
        self.image.value = buffer.getvalue()
