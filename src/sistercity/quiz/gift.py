r"""Export quiz items as Moodle GIFT text (pure text generation, no file access).

The grammar followed is the one Moodle's GIFT importer (``question/format/gift``) reads:
questions are separated by blank lines; ``//`` starts a comment line (Moodle reads ``[id:…]`` and
``[tag:…]`` in it); ``::name::`` names a question; ``[html]`` sets the text format; the answers sit
in ``{…}``: ``=`` right and ``~`` wrong options, ``TRUE``/``FALSE``, ``=left -> right`` pairs, and
``####`` before the general feedback; ``$CATEGORY:`` switches the question bank category. The
characters ``~ = # { } :`` and the backslash are escaped with a backslash, and a line break is
written ``\\n``, so that text can never be read as syntax.
"""

from __future__ import annotations

import html

from sistercity.i18n import both, check_lang, pick
from sistercity.quiz.model import QuizError, QuizItem

#: The characters GIFT reserves, each written with a backslash before it.
SPECIAL = "\\~=#{}:"

#: Top of the category path; Moodle puts "$course$" categories in the course's question bank.
CATEGORY_ROOT = "$course$/top/Sister City Lab"


def escape(text: str) -> str:
    """Escape GIFT's reserved characters (and line breaks) in ``text``."""
    out = []
    for char in text.replace("\r", ""):
        if char in SPECIAL:
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        else:
            out.append(char)
    return "".join(out)


def _rich(text: str) -> str:
    """Text shown in the question's [html] format: HTML-escaped, then GIFT-escaped."""
    return escape(html.escape(text, quote=False))


def category_name(lesson: str, lang: str = "id") -> str:
    """The question-bank category of one lesson, e.g. ``…/Materi 01``."""
    return f"{CATEGORY_ROOT}/{pick(lang, id='Materi', en='Lesson')} {lesson}"


def _answers(item: QuizItem, lang: str) -> list[str]:
    """The lines inside the braces, general feedback last."""
    lines = []
    if item.kind == "multichoice":
        for number, option in enumerate(item.options(lang), start=1):
            if option.startswith("%"):
                raise QuizError(
                    both(
                        f"Soal {item.item_id}: pilihan tidak boleh diawali '%' dalam GIFT.",
                        f"Item {item.item_id}: an option may not start with '%' in GIFT.",
                    )
                )
            mark = "=" if number == item.correct_index + 1 else "~"
            lines.append(f"\t{mark}{_rich(option)}")
    elif item.kind == "truefalse":
        lines.append("\tTRUE" if item.correct_truth else "\tFALSE")
    elif item.kind == "matching":
        for left, right in item.pairs(lang):
            lines.append(f"\t={_rich(left)} -> {escape(right)}")
    else:
        for accepted in item.options(lang):
            lines.append(f"\t={escape(accepted)}")
    lines.append(f"\t####{_rich(item.explanation(lang))}")
    return lines


def question_to_gift(item: QuizItem, lang: str = "id") -> str:
    """One item as a GIFT question block (comment lines, name, text and answers)."""
    check_lang(lang)
    header = [
        f"// [id:{item.item_id}] [tag:sistercity] [tag:lesson-{item.lesson}] [tag:{item.status}]",
        f"// {pick(lang, id='sumber', en='source')}: {' '.join(item.source.split())}",
    ]
    body = f"::{escape(item.item_id)}::[html]{_rich(item.question(lang))} {{"
    return "\n".join([*header, body, *_answers(item, lang), "}"])


def to_gift(items: list[QuizItem], lang: str = "id") -> str:
    """All ``items`` as one GIFT file, with a category for each lesson, ending in a newline."""
    check_lang(lang)
    if not items:
        raise QuizError(both("Tidak ada soal untuk diekspor.", "There are no items to export."))
    blocks = [
        pick(
            lang,
            id="// Bank soal konsep Sister City Lab (CC BY 4.0). Impor: Bank soal > Impor > GIFT.",
            en="// Sister City Lab concept quiz bank (CC BY 4.0). Import: Question bank > Import > GIFT.",
        )
    ]
    current = None
    for item in items:
        if item.lesson != current:
            current = item.lesson
            blocks.append(f"$CATEGORY: {category_name(current, lang)}")
        blocks.append(question_to_gift(item, lang))
    return "\n\n".join(blocks) + "\n"
