"""The partner explorer: era and home-region menus, weight sliders, the ranking chart, a table and explanations.

A thin layer: every number comes from :mod:`sistercity.partners.model`, every drawing from
:mod:`sistercity.partners.plot`. Setting a control's ``value`` in code does what a student's click does.
"""

from __future__ import annotations

import html
import io

import ipywidgets as widgets
import pandas as pd
from matplotlib.figure import Figure

from sistercity.i18n import check_lang, pick
from sistercity.partners import era_criteria, load_candidates, load_countries
from sistercity.partners.model import (
    CRITERION_SHORT,
    MEASURES,
    CriteriaSet,
    find_region,
    rank_candidates,
    score_pair,
)
from sistercity.partners.plot import plot_breakdown, plot_ranking
from sistercity.regimes import check_era, eras

RELATION_TEXT = {
    "yes": {"id": "ada", "en": "yes"},
    "no": {"id": "TIDAK ADA", "en": "NONE"},
    "unknown": {"id": "belum tercatat", "en": "not recorded"},
}


def ranking_table_html(
    ranking: pd.DataFrame,
    lang: str = "id",
    top: int = 10,
    measures: tuple[str, ...] = MEASURES,
) -> str:
    """Return an HTML table of the ``top`` candidates with their total and the sub-scores of ``measures``."""
    check_lang(lang)
    head = [
        "#",
        pick(lang, id="Calon", en="Candidate"),
        pick(lang, id="Negara", en="Country"),
        "Total",
        *[CRITERION_SHORT[c][lang] for c in measures],
        pick(lang, id="Hub. diplomatik", en="Diplomatic rel."),
    ]
    cells = "".join(f"<th>{h}</th>" for h in head)
    body = []
    for _, row in ranking.head(top).iterrows():
        scores = "".join(f"<td>{row[c]:.2f}</td>" for c in measures)
        star = " ★" if row["jakarta_partner"] == "yes" else ""
        relation = RELATION_TEXT[row["diplomatic_relations"]][lang]
        body.append(
            f"<tr><td>{row['rank']}</td><td>{html.escape(row['name'])}{star}</td>"
            f"<td>{html.escape(row['country'])}</td><td><b>{row['total']:.2f}</b></td>{scores}"
            f"<td>{relation}</td></tr>"
        )
    return f"<table><tr>{cells}</tr>{''.join(body)}</table>"


def criteria_legend_html(criteria: CriteriaSet, lang: str = "id") -> str:
    """The era's criteria the sliders weigh, the ones no data can score, and the assumption note."""
    check_lang(lang)
    scored = "".join(
        f"<li><b>{html.escape(CRITERION_SHORT[m][lang])}</b>: {html.escape(criteria.label(m, lang))}</li>"
        for m in criteria.measures
    )
    unscored = "".join(
        f"<li>{html.escape(item[lang])} <i>({html.escape(item['why_' + lang])})</i></li>"
        for item in criteria.unscored
    )
    era = next(e for e in eras() if e.era == criteria.era)
    parts = [
        f"<b>{html.escape(era.title(lang))}</b>",
        pick(lang, id="Kriteria yang dinilai:", en="Criteria scored:") + f"<ul>{scored}</ul>",
    ]
    if unscored:
        parts.append(
            pick(lang, id="Tidak dinilai dari data:", en="Not scored from the data:")
            + f"<ul>{unscored}</ul>"
        )
    parts.append(
        "<i>"
        + pick(
            lang,
            id="Bobot, rumus skor, dan pasangan kriteria–ukuran adalah asumsi bahan ini; "
            "peraturan tidak menetapkannya.",
            en="The weights, the score formulas and which measure stands for which criterion "
            "are the course's assumptions; no regulation sets them.",
        )
        + "</i>"
    )
    return "<br>".join(parts)


class PartnerExplorer(widgets.VBox):
    """Pick an era and a home region, weigh the era's partner criteria and see who ranks first."""

    def __init__(
        self,
        home: str = "DKI Jakarta",
        lang: str = "id",
        candidates: pd.DataFrame | None = None,
        countries: pd.DataFrame | None = None,
        top: int = 10,
        era: str | None = None,
    ):
        self.lang = check_lang(lang)
        self.candidates = load_candidates() if candidates is None else candidates
        self.countries = load_countries() if countries is None else countries
        self.top = top
        find_region(self.candidates, home)  # a clear error for an unknown home region
        homes = sorted(self.candidates.loc[self.candidates["country"] == "Indonesia", "name"])
        self.era = widgets.Dropdown(
            options=[(e.title(lang), e.era) for e in eras()],
            value=check_era(era),
            description=pick(lang, id="Era hukum", en="Legal era"),
            layout=widgets.Layout(width="32em"),
        )
        self.home = widgets.Dropdown(
            options=homes, value=home, description=pick(lang, id="Daerah asal", en="Home region")
        )
        self.sliders = {
            c: widgets.FloatSlider(
                value=1.0,
                min=0.0,
                max=3.0,
                step=0.5,
                description=CRITERION_SHORT[c][lang],
                continuous_update=False,
            )
            for c in MEASURES
        }
        self.candidate = widgets.Dropdown(description=pick(lang, id="Lihat calon", en="Explain"))
        self.message = widgets.HTML()
        self.image = widgets.Image(format="png")
        self.table = widgets.HTML()
        self.explanation = widgets.HTML()
        self.legend = widgets.HTML()
        self.slider_box = widgets.VBox()
        self.ranking = pd.DataFrame()
        self.criteria = era_criteria(self.era.value)
        self._quiet = False
        self.era.observe(lambda _c: self.change_era(), names="value")
        self.home.observe(lambda _c: self.update(), names="value")
        for slider in self.sliders.values():
            slider.observe(lambda _c: self.update(), names="value")
        self.candidate.observe(lambda _c: self.explain(), names="value")
        # The legend beside the sliders scrolls in its own box, so the chart stays on screen.
        self.legend.layout = widgets.Layout(
            flex="1 1 300px", max_height="220px", overflow="auto", min_width="0"
        )
        controls = widgets.HBox([widgets.VBox([self.era, self.home, self.slider_box]), self.legend])
        # The chart beside the selected candidate's explanation, the table below: the controls,
        # the chart and the explanation fit a 1280x720 projector.
        self.image.layout = widgets.Layout(
            flex="3 1 520px", min_width="0", max_width="860px", height="auto"
        )
        self.explanation.add_class("sistercity-partners-explanation")
        self.explanation.layout = widgets.Layout(max_height="320px", overflow="auto")
        beside = widgets.VBox(
            [self.candidate, self.explanation], layout=widgets.Layout(flex="2 1 300px")
        )
        super().__init__(
            [
                controls,
                self.message,
                widgets.HBox(
                    [self.image, beside],
                    layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start"),
                ),
                self.table,
            ]
        )
        # A stable hook for the browser tests and for lecturers' custom styles.
        self.add_class("sistercity-partners")
        self.change_era()

    @property
    def weights(self) -> dict[str, float]:
        """The weights the sliders of the era's measures show now."""
        return {c: self.sliders[c].value for c in self.criteria.measures}

    def change_era(self) -> None:
        """Show the chosen era's criteria and sliders, then rank again."""
        self.criteria = era_criteria(self.era.value)
        self.slider_box.children = [self.sliders[c] for c in self.criteria.measures]
        for c in self.criteria.measures:
            self.sliders[c].tooltip = self.criteria.label(c, self.lang)
        self.legend.value = criteria_legend_html(self.criteria, self.lang)
        self.update()

    def static_svg(self, phone: bool = False) -> str | None:
        """The chart as SVG, for the website's static picture (with ``phone``, drawn for a phone's width)."""
        from sistercity.figures import figure_svg, phone_figure_svg

        figure = getattr(self, "figure", None)
        if figure is None:
            return None
        return phone_figure_svg(figure) if phone else figure_svg(figure)

    def update(self) -> None:
        """Rank again for the current era, home region and weights, and redraw everything."""
        try:
            self.ranking = rank_candidates(
                self.home.value,
                self.candidates,
                self.weights,
                self.countries,
                criteria=self.criteria,
            )
        except ValueError as error:
            # All sliders at zero: say so and keep the last chart rather than fail.
            self.message.value = f"<p style='color:#b00020'>{html.escape(str(error))}</p>"
            return
        self.message.value = ""
        measures = self.criteria.measures
        figure = Figure(figsize=(10, 4.4), layout="constrained")
        left, right = figure.subplots(1, 2, width_ratios=[3, 2])
        plot_ranking(
            left, self.ranking, self.weights, self.lang, self.top, self.home.value, measures
        )
        plot_breakdown(right, self.ranking.iloc[0], self.lang, measures)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=85)
        self.image.value = buffer.getvalue()
        self.figure = figure
        self.table.value = ranking_table_html(self.ranking, self.lang, self.top, measures)
        names = list(self.ranking["name"])
        keep = self.candidate.value if self.candidate.value in names else names[0]
        self._quiet = True  # options and value change together; explain once, at the end
        self.candidate.options = names
        self.candidate.value = keep
        self._quiet = False
        self.explain()

    def explain(self) -> None:
        """Show, criterion by criterion, why the selected candidate scores what it does."""
        if self._quiet or self.candidate.value is None or self.ranking.empty:
            return
        row = self.ranking[self.ranking["name"] == self.candidate.value].iloc[0]
        result = score_pair(
            find_region(self.candidates, self.home.value),
            find_region(self.candidates, self.candidate.value),
            self.weights,
            row["diplomatic_relations"],
            self.criteria,
        )
        lines = "".join(f"<li>{html.escape(line)}</li>" for line in result.explain(self.lang))
        head = pick(
            self.lang,
            id=f"<b>{html.escape(result.candidate)}</b>: peringkat {row['rank']}, total {result.total:.2f}",
            en=f"<b>{html.escape(result.candidate)}</b>: rank {row['rank']}, total {result.total:.2f}",
        )
        self.explanation.value = f"<p>{head}</p><ul>{lines}</ul>"
