"""The concept quiz bank: items from ``data/quiz.csv``, checking answers, GIFT and Moodle XML export.

``model`` is pure (items and answer checking), ``gift`` and ``moodle_xml`` generate text, and
``widgets`` lets a student take one lesson's quiz in a notebook. This package re-exports the model
and a loader; it never imports the widget layer.
"""

from __future__ import annotations

from sistercity.data import load
from sistercity.quiz.model import (
    TYPES,
    Feedback,
    QuizError,
    QuizItem,
    for_lesson,
    items_from_frame,
    lessons,
)

__all__ = [
    "TYPES",
    "Feedback",
    "QuizError",
    "QuizItem",
    "for_lesson",
    "items_from_frame",
    "lessons",
    "load_items",
]


def load_items(lesson: str | int | None = None) -> list[QuizItem]:
    """The quiz items of ``lesson`` (``"01"`` or ``1``), or all items, from the ``quiz`` dataset."""
    return for_lesson(items_from_frame(load("quiz")), lesson)
