"""Take one lesson's quiz in a notebook: each question with its controls, a check button and feedback.

A thin layer: :mod:`sistercity.quiz.model` marks the answers; this module only shows the items and
wires buttons to :meth:`~sistercity.quiz.model.QuizItem.check`. Everything is public so tests can
answer headless (``app.cards[0].control.value = 2; app.cards[0].check_button.click()``).
"""

from __future__ import annotations

import html
import random

import ipywidgets as widgets

from sistercity.i18n import check_lang, pick
from sistercity.quiz import QuizItem, load_items


class QuestionCard(widgets.VBox):
    """One question: its text, the answer control, a check button and the feedback shown."""

    def __init__(self, item: QuizItem, number: int, lang: str = "id", seed: int = 0):
        self.item = item
        self.lang = check_lang(lang)
        self.result = None
        self.selectors: dict[str, widgets.Dropdown] = {}
        title = widgets.HTML(f"<b>{number}.</b> {html.escape(item.question(lang))}")
        self.control = self._control(seed)
        self.check_button = widgets.Button(
            description=pick(lang, id="Periksa", en="Check"), button_style="primary"
        )
        self.feedback = widgets.HTML("")
        self.check_button.on_click(lambda _button: self.check())
        super().__init__([title, self.control, self.check_button, self.feedback])

    def _control(self, seed: int):
        item, lang = self.item, self.lang
        layout = widgets.Layout(width="auto")
        if item.kind == "multichoice":
            # Shown in a shuffled order (each option keeps its number), as Moodle shows them: in
            # the file the right option is often the first.
            options = [(text, n) for n, text in enumerate(item.options(lang), start=1)]
            random.Random(f"{seed}-{item.item_id}").shuffle(options)
            return widgets.RadioButtons(options=options, value=None, layout=layout)
        if item.kind == "truefalse":
            options = [(pick(lang, id="Benar", en="True"), True)]
            options.append((pick(lang, id="Salah", en="False"), False))
            return widgets.RadioButtons(options=options, value=None, layout=layout)
        if item.kind == "matching":
            rights = [right for _, right in item.pairs(lang)]
            random.Random(f"{seed}-{item.item_id}").shuffle(rights)
            rows = []
            for left, _ in item.pairs(lang):
                choice = widgets.Dropdown(options=[("—", None)] + [(r, r) for r in rights])
                self.selectors[left] = choice
                rows.append(widgets.HBox([widgets.Label(left), choice]))
            return widgets.VBox(rows)
        placeholder = pick(lang, id="Ketik jawaban Anda", en="Type your answer")
        return widgets.Text(placeholder=placeholder)

    def response(self):
        """The answer now chosen in the control, or None when nothing is chosen yet."""
        if self.item.kind == "matching":
            chosen = {left: box.value for left, box in self.selectors.items()}
            return None if any(value is None for value in chosen.values()) else chosen
        value = self.control.value
        if self.item.kind == "shortanswer":
            return value if value.strip() else None
        return value

    def check(self):
        """Mark the chosen answer and show whether it is right, with the explanation."""
        response = self.response()
        if response is None:
            self.result = None
            self.feedback.value = html.escape(
                pick(
                    self.lang,
                    id="Pilih atau isi jawaban dulu.",
                    en="Choose or type an answer first.",
                )
            )
            return None
        self.result = self.item.check(response, self.lang)
        colour = "#1a7f37" if self.result.correct else "#b35900"
        label = pick(self.lang, id="Penjelasan", en="Explanation")
        source = pick(self.lang, id="Sumber", en="Source")
        self.feedback.value = (
            f'<p style="color:{colour}"><b>{html.escape(self.result.message)}</b></p>'
            f"<p><i>{label}:</i> {html.escape(self.result.explanation)}</p>"
            f"<p><small>{source}: {html.escape(self.item.source)}</small></p>"
        )
        return self.result


class QuizApp(widgets.VBox):
    """The quiz of one lesson (or of every lesson), with a running score."""

    def __init__(self, lesson: str | int | None = None, lang: str = "id", seed: int = 0):
        self.lang = check_lang(lang)
        self.items = load_items(lesson)
        self.cards = [
            QuestionCard(item, number, lang, seed)
            for number, item in enumerate(self.items, start=1)
        ]
        self.score = widgets.HTML("")
        for card in self.cards:
            card.check_button.on_click(lambda _button: self._update_score())
        heading = pick(lang, id="Kuis konsep", en="Concept quiz")
        if lesson is not None:
            heading += pick(
                lang, id=f" · materi {self.items[0].lesson}", en=f" · lesson {self.items[0].lesson}"
            )
        self._update_score()
        super().__init__(
            [widgets.HTML(f"<h3>{html.escape(heading)}</h3>"), *self.cards, self.score]
        )

    def _update_score(self):
        done = [card.result for card in self.cards if card.result is not None]
        right = sum(result.correct for result in done)
        self.score.value = html.escape(
            pick(
                self.lang,
                id=f"Skor: {right} benar dari {len(done)} yang diperiksa ({len(self.cards)} soal).",
                en=f"Score: {right} right of {len(done)} checked ({len(self.cards)} questions).",
            )
        )
