"""The concept quiz bank as objects: items in two languages, and checking a student's answer.

Pure: the standard library and pandas only, no file access. :func:`items_from_frame` takes the
``quiz`` dataset (``sistercity.data.load("quiz")``) and returns :class:`QuizItem` objects;
:meth:`QuizItem.check` marks one answer and returns a :class:`Feedback` with the explanation.

Answers, by item type:

- ``multichoice``: the number of the chosen option, 1 = first (as the ``answer`` column);
- ``truefalse``: ``True`` or ``False``;
- ``matching``: a dict from each left-hand text to the chosen right-hand text;
- ``shortanswer``: the text typed; it is compared without regard to case or surrounding spaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from sistercity.i18n import both, check_lang, pick

TYPES = ("multichoice", "truefalse", "matching", "shortanswer")
#: Separates options in the ``options_id`` and ``options_en`` columns.
OPTION_SEPARATOR = " | "
#: Separates the two sides of a matching pair.
PAIR_SEPARATOR = " -> "
LESSON_PATTERN = re.compile(r"^\d\d$")


class QuizError(ValueError):
    """A quiz item that cannot be used, or an answer of the wrong kind, with what to do."""


@dataclass(frozen=True)
class Feedback:
    """The result of checking one answer.

    Attributes:
        correct: Whether the answer is right.
        message: "Benar." / "Correct." or the right answer, in the item's language.
        explanation: Why the right answer is right.
    """

    correct: bool
    message: str
    explanation: str


@dataclass(frozen=True)
class QuizItem:
    """One question of the bank in both languages.

    Attributes:
        item_id: Short identifier, e.g. ``q01_03``.
        lesson: The lesson it tests, two digits (``"01"``).
        kind: ``multichoice``, ``truefalse``, ``matching`` or ``shortanswer``.
        question_id: The question in Indonesian; ``question_en`` in English.
        options_id: Options in Indonesian (pairs ``left -> right`` for matching, accepted answers
            for short answer, empty for true/false); ``options_en`` in English.
        answer: Multiple choice: the 1-based number of the right option; true/false: ``"true"``
            or ``"false"``; empty otherwise.
        explanation_id: Why the answer is right, in Indonesian; ``explanation_en`` in English.
        source: Where the fact comes from.
        status: ``verified``, ``partly`` or ``unverified``.
    """

    item_id: str
    lesson: str
    kind: str
    question_id: str
    question_en: str
    options_id: tuple[str, ...]
    options_en: tuple[str, ...]
    answer: str
    explanation_id: str
    explanation_en: str
    source: str
    status: str

    def question(self, lang: str = "id") -> str:
        """The question in ``lang``."""
        return pick(lang, id=self.question_id, en=self.question_en)

    def options(self, lang: str = "id") -> tuple[str, ...]:
        """The options (or pairs, or accepted answers) in ``lang``."""
        return self.options_id if check_lang(lang) == "id" else self.options_en

    def explanation(self, lang: str = "id") -> str:
        """Why the right answer is right, in ``lang``."""
        return pick(lang, id=self.explanation_id, en=self.explanation_en)

    def pairs(self, lang: str = "id") -> tuple[tuple[str, str], ...]:
        """A matching item's (left, right) pairs in ``lang``; empty for other types."""
        if self.kind != "matching":
            return ()
        return tuple(_split_pair(option) for option in self.options(lang))

    @property
    def correct_index(self) -> int | None:
        """A multiple-choice item's right option, 0-based; ``None`` for other types."""
        return int(self.answer) - 1 if self.kind == "multichoice" else None

    @property
    def correct_truth(self) -> bool | None:
        """A true/false item's right answer; ``None`` for other types."""
        return self.answer == "true" if self.kind == "truefalse" else None

    def correct_answer_text(self, lang: str = "id") -> str:
        """The right answer as a student would read it, in ``lang``."""
        if self.kind == "multichoice":
            return self.options(lang)[self.correct_index]
        if self.kind == "truefalse":
            if self.correct_truth:
                return pick(lang, id="Benar", en="True")
            return pick(lang, id="Salah", en="False")
        if self.kind == "matching":
            return "; ".join(f"{left} → {right}" for left, right in self.pairs(lang))
        return self.options(lang)[0]

    def check(self, response, lang: str = "id") -> Feedback:
        """Mark ``response`` (see the module docstring for its kind per item type)."""
        check_lang(lang)
        correct = self._is_correct(response, lang)
        if correct:
            message = pick(lang, id="Benar.", en="Correct.")
        else:
            message = pick(
                lang,
                id=f"Belum tepat. Jawaban yang benar: {self.correct_answer_text(lang)}.",
                en=f"Not quite. The right answer: {self.correct_answer_text(lang)}.",
            )
        return Feedback(correct, message, self.explanation(lang))

    def _is_correct(self, response, lang: str) -> bool:
        if self.kind == "multichoice":
            if isinstance(response, bool) or not isinstance(response, int):
                raise QuizError(
                    both(
                        f"Soal {self.item_id}: jawaban harus nomor pilihan (1, 2, ...), bukan {response!r}.",
                        f"Item {self.item_id}: the answer must be an option number (1, 2, ...), not {response!r}.",
                    )
                )
            return response == self.correct_index + 1
        if self.kind == "truefalse":
            if not isinstance(response, bool):
                raise QuizError(
                    both(
                        f"Soal {self.item_id}: jawaban harus True atau False, bukan {response!r}.",
                        f"Item {self.item_id}: the answer must be True or False, not {response!r}.",
                    )
                )
            return response == self.correct_truth
        if self.kind == "matching":
            if not isinstance(response, dict):
                raise QuizError(
                    both(
                        f"Soal {self.item_id}: jawaban harus dict kiri -> kanan.",
                        f"Item {self.item_id}: the answer must be a dict from left to right.",
                    )
                )
            return all(response.get(left) == right for left, right in self.pairs(lang))
        typed = _normalise(str(response))
        return any(typed == _normalise(accepted) for accepted in self.options(lang))


def _normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


def _split_pair(option: str) -> tuple[str, str]:
    left, _, right = option.partition(PAIR_SEPARATOR)
    return left.strip(), right.strip()


def _options(cell) -> tuple[str, ...]:
    if cell is None or (isinstance(cell, float) and pd.isna(cell)) or str(cell).strip() == "":
        return ()
    return tuple(part.strip() for part in str(cell).split(OPTION_SEPARATOR.strip()))


def _text(cell) -> str:
    if cell is None or (isinstance(cell, float) and pd.isna(cell)):
        return ""
    return str(cell).strip()


def _fail(item_id: str, problem_id: str, problem_en: str) -> QuizError:
    return QuizError(
        both(
            f"Soal {item_id} di data/quiz.csv: {problem_id}",
            f"Item {item_id} in data/quiz.csv: {problem_en}",
        )
    )


def validate(item: QuizItem) -> QuizItem:
    """Return ``item`` if it is usable, else raise a QuizError saying what to fix in the CSV."""
    i = item.item_id
    if item.kind not in TYPES:
        raise _fail(i, f"jenis '{item.kind}' tidak dikenal.", f"unknown type '{item.kind}'.")
    if not LESSON_PATTERN.match(item.lesson):
        raise _fail(
            i,
            f"lesson harus dua angka, misalnya 01, bukan '{item.lesson}'.",
            f"lesson must be two digits, e.g. 01, not '{item.lesson}'.",
        )
    for name in ("question_id", "question_en", "explanation_id", "explanation_en"):
        if not getattr(item, name):
            raise _fail(i, f"kolom {name} kosong.", f"column {name} is empty.")
    if len(item.options_id) != len(item.options_en):
        raise _fail(
            i,
            "jumlah pilihan options_id dan options_en berbeda.",
            "options_id and options_en have different numbers of options.",
        )
    if item.kind == "multichoice":
        if len(item.options_id) < 2:
            raise _fail(i, "perlu sedikitnya dua pilihan.", "it needs at least two options.")
        if not item.answer.isdigit() or not 1 <= int(item.answer) <= len(item.options_id):
            raise _fail(
                i,
                f"answer harus nomor pilihan antara 1 dan {len(item.options_id)}.",
                f"answer must be an option number from 1 to {len(item.options_id)}.",
            )
    elif item.kind == "truefalse":
        if item.answer not in ("true", "false") or item.options_id:
            raise _fail(
                i,
                "answer harus true atau false, dan options dikosongkan.",
                "answer must be true or false, and the options left empty.",
            )
    elif item.kind == "matching":
        for lang in ("id", "en"):
            pairs = item.pairs(lang)
            if len(pairs) < 3 or not all(left and right for left, right in pairs):
                raise _fail(
                    i,
                    "perlu sedikitnya tiga pasangan 'kiri -> kanan'.",
                    "it needs at least three 'left -> right' pairs.",
                )
            if len({right for _, right in pairs}) != len(pairs):
                raise _fail(
                    i,
                    "sisi kanan pasangan harus berbeda-beda.",
                    "the right-hand sides must differ.",
                )
    elif not item.options_id:
        raise _fail(
            i,
            "tulis sedikitnya satu jawaban yang diterima di options.",
            "write at least one accepted answer in the options.",
        )
    return item


def items_from_frame(frame: pd.DataFrame) -> list[QuizItem]:
    """Turn the ``quiz`` dataset into checked :class:`QuizItem` objects, in the file's order."""
    items = []
    for row in frame.to_dict("records"):
        item = QuizItem(
            item_id=_text(row["item_id"]),
            lesson=_text(row["lesson"]),
            kind=_text(row["type"]),
            question_id=_text(row["question_id"]),
            question_en=_text(row["question_en"]),
            options_id=_options(row["options_id"]),
            options_en=_options(row["options_en"]),
            answer=_text(row["answer"]).lower(),
            explanation_id=_text(row["explanation_id"]),
            explanation_en=_text(row["explanation_en"]),
            source=_text(row["source"]),
            status=_text(row["status"]),
        )
        items.append(validate(item))
    return items


def lessons(items: list[QuizItem]) -> list[str]:
    """The lessons that have items, sorted."""
    return sorted({item.lesson for item in items})


def for_lesson(items: list[QuizItem], lesson: str | int | None) -> list[QuizItem]:
    """The items of one lesson (``"01"`` or ``1``); all items when ``lesson`` is None.

    Raises:
        QuizError: for a lesson with no items, listing the lessons that have some.
    """
    if lesson is None:
        return list(items)
    text = str(lesson).strip()
    if text.isdigit():
        text = f"{int(text):02d}"
    chosen = [item for item in items if item.lesson == text]
    if not chosen:
        known = ", ".join(lessons(items))
        raise QuizError(
            both(
                f"Tidak ada soal untuk materi '{lesson}'. Pilih salah satu: {known}.",
                f"There are no items for lesson '{lesson}'. Choose one of: {known}.",
            )
        )
    return chosen
