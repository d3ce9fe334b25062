"""The partner explorer: a home-region menu, weight sliders, the ranking chart, a table and explanations.

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
from sistercity.partners import load_candidates, load_countries
from sistercity.partners.model import (
    CRITERIA,
    CRITERION_NAMES,
    find_region,
    rank_candidates,
    score_pair,
)
from sistercity.partners.plot import plot_breakdown, plot_ranking

RELATION_TEXT = {
    "yes": {"id": "ada", "en": "yes"},
    "no": {"id": "TIDAK ADA", "en": "NONE"},
    "unknown": {"id": "belum tercatat", "en": "not recorded"},
}


def ranking_table_html(ranking: pd.DataFrame, lang: str = "id", top: int = 10) -> str:
    """Return an HTML table of the ``top`` candidates with their total and sub-scores."""
    check_lang(lang)
    head = [
        "#",
        pick(lang, id="Calon", en="Candidate"),
        pick(lang, id="Negara", en="Country"),
        "Total",
        *[c for c in "abcdef"],
        pick(lang, id="Hub. diplomatik", en="Diplomatic rel."),
    ]
    cells = "".join(f"<th>{h}</th>" for h in head)
    body = []
    for _, row in ranking.head(top).iterrows():
        scores = "".join(f"<td>{row[c]:.2f}</td>" for c in CRITERIA)
        star = " ★" if row["jakarta_partner"] == "yes" else ""
        relation = RELATION_TEXT[row["diplomatic_relations"]][lang]
        body.append(
            f"<tr><td>{row['rank']}</td><td>{html.escape(row['name'])}{star}</td>"
            f"<td>{html.escape(row['country'])}</td><td><b>{row['total']:.2f}</b></td>{scores}"
            f"<td>{relation}</td></tr>"
        )
    return f"<table><tr>{cells}</tr>{''.join(body)}</table>"


class PartnerExplorer(widgets.VBox):
    """Pick a home region, weigh the six criteria of the 1993 circular and see who ranks first."""

    def __init__(
        self,
        home: str = "DKI Jakarta",
        lang: str = "id",
        candidates: pd.DataFrame | None = None,
        countries: pd.DataFrame | None = None,
        top: int = 10,
    ):
        self.lang = check_lang(lang)
        self.candidates = load_candidates() if candidates is None else candidates
        self.countries = load_countries() if countries is None else countries
        self.top = top
        find_region(self.candidates, home)  # a clear error for an unknown home region
        homes = sorted(self.candidates.loc[self.candidates["country"] == "Indonesia", "name"])
        self.home = widgets.Dropdown(
            options=homes, value=home, description=pick(lang, id="Daerah asal", en="Home region")
        )
        self.sliders = {
            c: widgets.FloatSlider(
                value=1.0,
                min=0.0,
                max=3.0,
                step=0.5,
                description=CRITERION_NAMES[c][lang].split(" ")[0],
                tooltip=CRITERION_NAMES[c][lang],
                continuous_update=False,
            )
            for c in CRITERIA
        }
        self.candidate = widgets.Dropdown(description=pick(lang, id="Lihat calon", en="Explain"))
        self.message = widgets.HTML()
        self.image = widgets.Image(format="png")
        self.table = widgets.HTML()
        self.explanation = widgets.HTML()
        self.ranking = pd.DataFrame()
        self._quiet = False
        legend = widgets.HTML(
            "<br>".join(f"<b>{CRITERION_NAMES[c][lang]}</b>" for c in CRITERIA)
            + "<br><i>"
            + pick(
                lang,
                id="Bobot dan rumus skor adalah asumsi kursus; SE 1993 tidak menetapkannya.",
                en="The weights and score formulas are the course's assumptions; the 1993 circular sets none.",
            )
            + "</i>"
        )
        self.home.observe(lambda _c: self.update(), names="value")
        for slider in self.sliders.values():
            slider.observe(lambda _c: self.update(), names="value")
        self.candidate.observe(lambda _c: self.explain(), names="value")
        controls = widgets.HBox([widgets.VBox([self.home, *self.sliders.values()]), legend])
        super().__init__(
            [controls, self.message, self.image, self.table, self.candidate, self.explanation]
        )
        # A stable hook for the browser tests and for lecturers' custom styles.
        self.add_class("sistercity-partners")
        self.update()

    @property
    def weights(self) -> dict[str, float]:
        """The weights the sliders show now."""
        return {c: s.value for c, s in self.sliders.items()}

    def update(self) -> None:
        """Rank again for the current home region and weights, and redraw everything."""
        try:
            self.ranking = rank_candidates(
                self.home.value, self.candidates, self.weights, self.countries
            )
        except ValueError as error:
            # All sliders at zero: say so and keep the last chart rather than fail.
            self.message.value = f"<p style='color:#b00020'>{html.escape(str(error))}</p>"
            return
        self.message.value = ""
        figure = Figure(figsize=(10, 4.4), layout="constrained")
        left, right = figure.subplots(1, 2, width_ratios=[3, 2])
        plot_ranking(left, self.ranking, self.weights, self.lang, self.top, self.home.value)
        plot_breakdown(right, self.ranking.iloc[0], self.lang)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=85)
        self.image.value = buffer.getvalue()
        self.table.value = ranking_table_html(self.ranking, self.lang, self.top)
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
        )
        lines = "".join(f"<li>{html.escape(line)}</li>" for line in result.explain(self.lang))
        head = pick(
            self.lang,
            id=f"<b>{html.escape(result.candidate)}</b>: peringkat {row['rank']}, total {result.total:.2f}",
            en=f"<b>{html.escape(result.candidate)}</b>: rank {row['rank']}, total {result.total:.2f}",
        )
        self.explanation.value = f"<p>{head}</p><ul>{lines}</ul>"
