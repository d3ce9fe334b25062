"""Export quiz items as Moodle XML (pure text generation with the standard library's ElementTree).

The structure follows Moodle's documented "Moodle XML format" (docs.moodle.org, and the reader in
``question/format/xml``): a ``<quiz>`` root; a ``<question type="category">`` before each lesson's
items; and for every item a ``<question type="…">`` with ``<name>``, ``<questiontext format="html">``,
``<generalfeedback>``, ``<defaultgrade>``, ``<penalty>``, ``<hidden>``, ``<idnumber>`` and the
type's own elements (``<answer fraction="…">`` for multiple choice, true/false and short answer;
``<subquestion>`` for matching). Moodle publishes no XSD for this format, so the tests check the
documented structure element by element.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET

from sistercity.i18n import both, check_lang, pick
from sistercity.quiz.gift import category_name
from sistercity.quiz.model import QuizError, QuizItem

#: Moodle's question type names in XML, by the bank's item type.
XML_TYPES = {
    "multichoice": "multichoice",
    "truefalse": "truefalse",
    "matching": "matching",
    "shortanswer": "shortanswer",
}


def _text(parent: ET.Element, tag: str, text: str, rich: bool = True) -> ET.Element:
    """Add ``<tag format="html"><text>…</text></tag>`` (or a plain ``<tag><text>``)."""
    element = ET.SubElement(parent, tag, {"format": "html"} if rich else {})
    ET.SubElement(element, "text").text = html.escape(text, quote=False) if rich else text
    return element


def _value(parent: ET.Element, tag: str, value: str) -> None:
    ET.SubElement(parent, tag).text = value


def _answer(parent: ET.Element, fraction: int, text: str, rich: bool = True) -> ET.Element:
    attributes = {"fraction": str(fraction)}
    if rich:
        attributes["format"] = "html"
    answer = ET.SubElement(parent, "answer", attributes)
    ET.SubElement(answer, "text").text = html.escape(text, quote=False) if rich else text
    feedback = ET.SubElement(answer, "feedback", {"format": "html"})
    ET.SubElement(feedback, "text").text = ""
    return answer


def question_element(item: QuizItem, lang: str = "id") -> ET.Element:
    """One item as a Moodle XML ``<question>`` element."""
    check_lang(lang)
    question = ET.Element("question", {"type": XML_TYPES[item.kind]})
    name = ET.SubElement(question, "name")
    ET.SubElement(name, "text").text = item.item_id
    _text(question, "questiontext", item.question(lang))
    _text(question, "generalfeedback", item.explanation(lang))
    _value(question, "defaultgrade", "1")
    _value(question, "penalty", "1" if item.kind == "truefalse" else "0.3333333")
    _value(question, "hidden", "0")
    _value(question, "idnumber", item.item_id)
    if item.kind == "multichoice":
        _value(question, "single", "true")
        _value(question, "shuffleanswers", "true")
        _value(question, "answernumbering", "abc")
        for number, option in enumerate(item.options(lang), start=1):
            _answer(question, 100 if number == item.correct_index + 1 else 0, option)
    elif item.kind == "truefalse":
        _answer(question, 100 if item.correct_truth else 0, "true", rich=False)
        _answer(question, 0 if item.correct_truth else 100, "false", rich=False)
    elif item.kind == "matching":
        _value(question, "shuffleanswers", "true")
        for left, right in item.pairs(lang):
            sub = _text(question, "subquestion", left)
            answer = ET.SubElement(sub, "answer")
            ET.SubElement(answer, "text").text = right
    else:
        _value(question, "usecase", "0")
        for accepted in item.options(lang):
            _answer(question, 100, accepted, rich=False)
    tags = ET.SubElement(question, "tags")
    for tag in ("sistercity", f"lesson-{item.lesson}", item.status):
        ET.SubElement(ET.SubElement(tags, "tag"), "text").text = tag
    return question


def _category(lesson: str, lang: str) -> ET.Element:
    question = ET.Element("question", {"type": "category"})
    category = ET.SubElement(question, "category")
    ET.SubElement(category, "text").text = category_name(lesson, lang)
    return question


def to_moodle_xml(items: list[QuizItem], lang: str = "id") -> str:
    """All ``items`` as one Moodle XML document (UTF-8 declaration, a category per lesson)."""
    check_lang(lang)
    if not items:
        raise QuizError(both("Tidak ada soal untuk diekspor.", "There are no items to export."))
    quiz = ET.Element("quiz")
    quiz.append(
        ET.Comment(
            pick(
                lang,
                id=" Bank soal konsep Sister City Lab (CC BY 4.0). Impor: Bank soal > Impor > Moodle XML. ",
                en=" Sister City Lab concept quiz bank (CC BY 4.0). Import: Question bank > Import > Moodle XML. ",
            )
        )
    )
    current = None
    for item in items:
        if item.lesson != current:
            current = item.lesson
            quiz.append(_category(current, lang))
        quiz.append(question_element(item, lang))
    ET.indent(quiz)
    body = ET.tostring(quiz, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
