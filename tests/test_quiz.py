"""The concept quiz bank: its content, the GIFT and Moodle XML exports, the command and the widget."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from sistercity import cli
from sistercity.quiz import QuizError, QuizItem, for_lesson, lessons, load_items
from sistercity.quiz.gift import escape, to_gift
from sistercity.quiz.model import validate
from sistercity.quiz.moodle_xml import to_moodle_xml

from .conftest import ROOT

ITEMS = load_items()
LANGS = ("id", "en")


def _item(**changes) -> QuizItem:
    """A valid multiple-choice item, with some fields changed."""
    fields = dict(
        item_id="t01",
        lesson="01",
        kind="multichoice",
        question_id="Soal?",
        question_en="Question?",
        options_id=("a", "b"),
        options_en=("a", "b"),
        answer="1",
        explanation_id="Karena.",
        explanation_en="Because.",
        source="Lesson 01",
        status="verified",
    )
    fields.update(changes)
    return QuizItem(**fields)


# --- content -------------------------------------------------------------------------------


def test_bank_has_at_least_sixty_items_with_unique_ids():
    """The bank holds at least 60 items and no item id repeats."""
    ids = [item.item_id for item in ITEMS]
    assert len(ids) >= 60
    assert len(set(ids)) == len(ids)


def test_every_item_is_complete_in_both_languages():
    """Question, explanation and options are filled in for Indonesian and English alike."""
    for item in ITEMS:
        for lang in LANGS:
            assert item.question(lang).strip(), item.item_id
            assert item.explanation(lang).strip(), item.item_id
            assert all(option.strip() for option in item.options(lang)), item.item_id
        assert len(item.options_id) == len(item.options_en), item.item_id
        assert item.question_id != item.question_en or item.kind == "shortanswer", item.item_id
        assert item.source.strip(), item.item_id


def test_every_lesson_referenced_exists_in_both_languages():
    """Each item's lesson has an Indonesian and an English lesson file with that number."""
    for lesson in {item.lesson for item in ITEMS}:
        assert list((ROOT / "notebooks" / "id").glob(f"{lesson}_*.md")), lesson
        assert list((ROOT / "notebooks" / "en").glob(f"{lesson}_*.md")), lesson


def test_item_ids_name_their_lesson():
    """An item id qNN_MM carries the number of the lesson it tests."""
    for item in ITEMS:
        assert re.fullmatch(r"q\d\d_\d\d", item.item_id), item.item_id
        assert item.item_id[1:3] == item.lesson, item.item_id


def test_bank_covers_every_lesson_and_every_item_type():
    """Every lesson 00–13 (each lesson file there is) has items, and all four item types are used."""
    numbers = {path.name[:2] for path in (ROOT / "notebooks" / "id").glob("[0-9][0-9]_*.md")}
    assert numbers == {f"{n:02d}" for n in range(14)}
    assert {item.lesson for item in ITEMS} == numbers
    assert {item.kind for item in ITEMS} == {"multichoice", "truefalse", "matching", "shortanswer"}


def test_lessons_11_to_13_have_six_items_or_more_of_three_types():
    """Lessons 11, 12 and 13 each have at least six items, mixing at least three item types."""
    for lesson in ("11", "12", "13"):
        items = for_lesson(ITEMS, lesson)
        assert len(items) >= 6, lesson
        assert len({item.kind for item in items}) >= 3, lesson


def test_readme_counts_items_per_lesson():
    """The quiz section of data/README.md gives the number of items of every lesson, and the total."""
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## quiz\.csv\s*$(.*?)(?=^## |\Z)", readme, re.M | re.S).group(1)
    table = dict(re.findall(r"^\| (\d\d|total) \| (\d+) \|", section, re.M))
    expected = {lesson: str(len(for_lesson(ITEMS, lesson))) for lesson in lessons(ITEMS)}
    assert table == {**expected, "total": str(len(ITEMS))}


def test_indonesian_text_keeps_the_university_register():
    """The Indonesian texts never say *kursus* or *pelajaran*."""
    for item in ITEMS:
        text = " ".join([item.question_id, item.explanation_id, *item.options_id]).lower()
        assert "kursus" not in text and "pelajaran" not in text, item.item_id


def test_right_answers_are_marked_right_and_others_wrong():
    """Checking the stored right answer says correct; another answer says not quite."""
    for item in ITEMS:
        for lang in LANGS:
            if item.kind == "multichoice":
                right, wrong = (
                    item.correct_index + 1,
                    (item.correct_index + 1) % len(item.options(lang)) + 1,
                )
            elif item.kind == "truefalse":
                right, wrong = item.correct_truth, not item.correct_truth
            elif item.kind == "matching":
                pairs = item.pairs(lang)
                right = dict(pairs)
                wrong = {left: pairs[(n + 1) % len(pairs)][1] for n, (left, _) in enumerate(pairs)}
            else:
                right, wrong = "  " + item.options(lang)[0].upper() + " ", "not an answer"
            assert item.check(right, lang).correct, item.item_id
            feedback = item.check(wrong, lang)
            assert not feedback.correct and feedback.explanation == item.explanation(lang)


def test_an_answer_of_the_wrong_kind_is_a_bilingual_error():
    """Answering a multiple-choice item with text raises a QuizError in both languages."""
    with pytest.raises(QuizError, match="harus nomor pilihan.*must be an option number"):
        _item().check("a")


def test_invalid_items_are_refused_with_what_to_fix():
    """An answer out of range or a matching item with too few pairs is refused, bilingually."""
    with pytest.raises(QuizError, match="antara 1 dan 2.*from 1 to 2"):
        validate(_item(answer="3"))
    with pytest.raises(QuizError, match="tiga pasangan.*three"):
        validate(_item(kind="matching", options_id=("a -> b",), options_en=("a -> b",), answer=""))


def test_unknown_lesson_lists_the_lessons_that_have_items():
    """Asking for a lesson without items names the lessons there are, in both languages."""
    with pytest.raises(QuizError, match="Pilih salah satu: 00, 01.*Choose one of: 00, 01"):
        for_lesson(ITEMS, "99")
    assert for_lesson(ITEMS, 1) == for_lesson(ITEMS, "01")


# --- GIFT: Moodle's own reading rules -----------------------------------------------------------

_PLACEHOLDERS = {
    "\\:": ":",
    "\\#": "#",
    "\\=": "=",
    "\\{": "{",
    "\\}": "}",
    "\\~": "~",
    "\\n": "\n",
}


def _moodle_pre(text: str) -> str:
    """Replace escaped characters by private placeholders, as Moodle's importer does first."""
    text = text.replace("\\\\", "\x00")
    for n, escaped in enumerate(_PLACEHOLDERS):
        text = text.replace(escaped, chr(0xE000 + n))
    return text.replace("\x00", "\\")


def _moodle_post(text: str) -> str:
    """Turn the placeholders back into the characters they stand for."""
    for n, char in enumerate(_PLACEHOLDERS.values()):
        text = text.replace(chr(0xE000 + n), char)
    return text


def _strip_format(text: str) -> str:
    text = text.strip()
    if text.startswith("[html]"):
        text = text[len("[html]") :]
    import html

    return html.unescape(_moodle_post(text).strip())


def read_gift_as_moodle(gift: str) -> list[dict]:
    """Read GIFT text by the rules of Moodle's importer (question/format/gift/format.php)."""
    questions, category = [], None
    for block in re.split(r"\n\s*\n", gift):
        lines = [line for line in block.split("\n") if not line.strip().startswith("//")]
        text = _moodle_pre("\n".join(lines).strip())
        if not text:
            continue
        if text.startswith("$CATEGORY:"):
            category = text[len("$CATEGORY:") :].strip()
            continue
        assert text.startswith("::"), text
        name, _, text = text[2:].partition("::")
        start, end = text.find("{"), text.find("}")
        assert 0 <= start < end == len(text.rstrip()) - 1, f"braces in {name}"
        answer = text[start + 1 : end].strip()
        question = _strip_format(text[:start])
        general = ""
        if "####" in answer:
            cut = answer.rfind("####")
            answer, general = answer[:cut].strip(), _strip_format(answer[cut + 4 :])
        if answer.startswith("#"):
            kind = "numerical"
        elif "~" in answer:
            kind = "multichoice"
        elif "=" in answer and "->" in answer:
            kind = "matching"
        elif answer.split("#")[0].strip() in ("T", "TRUE", "F", "FALSE"):
            kind = "truefalse"
        else:
            kind = "shortanswer"
        entry = {"name": _moodle_post(name), "kind": kind, "question": question}
        entry.update(category=category, general=general)
        if kind == "multichoice":
            options = [o.strip() for o in answer.replace("=", "~=").split("~") if o.strip()]
            entry["options"] = [_strip_format(o.lstrip("=").split("#")[0]) for o in options]
            entry["right"] = [n for n, o in enumerate(options) if o.startswith("=")]
        elif kind == "truefalse":
            entry["truth"] = answer.split("#")[0].strip() in ("T", "TRUE")
        elif kind == "matching":
            pairs = [p.strip() for p in answer.split("=") if p.strip()]
            entry["pairs"] = [
                (_strip_format(p.split("->")[0]), _moodle_post(p.split("->", 1)[1]).strip())
                for p in pairs
            ]
        else:
            entry["answers"] = [_moodle_post(a).strip() for a in answer.split("=") if a.strip()]
        questions.append(entry)
    return questions


def _assert_same(item: QuizItem, read: dict, lang: str) -> None:
    """A question read back from GIFT carries the item's texts and right answer."""
    assert read["name"] == item.item_id
    assert read["kind"] == item.kind
    assert read["question"] == item.question(lang)
    assert read["general"] == item.explanation(lang)
    if item.kind == "multichoice":
        assert read["options"] == list(item.options(lang))
        assert read["right"] == [item.correct_index]
    elif item.kind == "truefalse":
        assert read["truth"] == item.correct_truth
    elif item.kind == "matching":
        assert read["pairs"] == list(item.pairs(lang))
    else:
        assert read["answers"] == list(item.options(lang))


@pytest.mark.parametrize("lang", LANGS)
def test_gift_export_reads_back_by_moodles_rules(lang):
    """Every item read back by Moodle's importer rules has its type, texts and right answer."""
    read = read_gift_as_moodle(to_gift(ITEMS, lang))
    assert len(read) == len(ITEMS)
    for item, question in zip(ITEMS, read, strict=True):
        _assert_same(item, question, lang)
        assert question["category"].endswith(f" {item.lesson}")


SPECIAL_TEXT = 'a~b=c#d{e}f:g\\h <i> & "j"\nk'


def test_gift_escaping_of_special_characters():
    """GIFT's reserved characters, backslashes, HTML and line breaks survive the export unchanged."""
    assert escape("~=#{}:") == "\\~\\=\\#\\{\\}\\:"
    assert escape("a\\b\nc") == "a\\\\b\\nc"
    item = _item(
        question_en=SPECIAL_TEXT,
        options_en=(SPECIAL_TEXT + " right", "=wrong~"),
        explanation_en="why: " + SPECIAL_TEXT,
    )
    gift = to_gift([item], "en")
    body = gift.split("::t01::", 1)[1]
    assert body.count("{") - body.count("\\{") == 1 and body.count("}") - body.count("\\}") == 1
    [read] = read_gift_as_moodle(gift)
    _assert_same(item, read, "en")
    matching = _item(
        kind="matching",
        options_en=("x: 1 -> {one}", "y = 2 -> #two", "z -> ~three"),
        options_id=("x -> 1", "y -> 2", "z -> 3"),
        answer="",
    )
    [read] = read_gift_as_moodle(to_gift([matching], "en"))
    _assert_same(matching, read, "en")


# --- GIFT: a parser from PyPI ---------------------------------------------------------------


def _pypi_parse(gift: str):
    """Parse with pygiftparserrgmf, the PyPI GIFT parser (a ply grammar of the format)."""
    parser = pytest.importorskip("pygiftparser.parser", reason="pip install -e .[test]")
    return parser.parse(gift)


def _pypi_unescape(text: str) -> str:
    for escaped, char in _PLACEHOLDERS.items():
        text = text.replace(escaped, char)
    return text


PYPI_KINDS = {
    "multichoice": "MultipleChoiceRadio",
    "truefalse": "TrueFalse",
    "matching": "Matching",
    "shortanswer": "Short",
}


@pytest.mark.parametrize("lang", LANGS)
def test_gift_export_round_trips_through_the_pypi_parser(lang):
    """The PyPI GIFT parser finds every question, its type, category, text and right answers."""
    import html

    result = _pypi_parse(to_gift(ITEMS, lang))
    assert len(result.questions) == len(ITEMS)
    for item, question in zip(ITEMS, result.questions, strict=True):
        assert question.name == item.item_id
        assert type(question.answer).__name__ == PYPI_KINDS[item.kind], item.item_id
        assert question.category.endswith(f" {item.lesson}")
        assert html.unescape(question.text.removeprefix("[html]")) == item.question(lang)
        options = question.answer.options
        texts = [html.unescape(_pypi_unescape(o.text)).strip() for o in options]
        if item.kind == "multichoice":
            assert texts == list(item.options(lang))
            assert [o.percentage for o in options].index(1.0) == item.correct_index
        elif item.kind == "truefalse":
            assert texts == ["True" if item.correct_truth else "False"]
        elif item.kind == "matching":
            pairs = [question.answer.get_pair(o) for o in options]
            got = [(html.unescape(_pypi_unescape(p["first"])), p["second"]) for p in pairs]
            assert got == list(item.pairs(lang))
        else:
            assert texts == list(item.options(lang))
        # The parser keeps "####general feedback" as the last option's feedback, "###" included.
        general = options[-1].feedback.removeprefix("###")
        assert html.unescape(_pypi_unescape(general)) == item.explanation(lang)


def test_pypi_parser_reads_escaped_question_and_option_text():
    """Escaped special characters in a question and its options come back from the PyPI parser."""
    import html

    item = _item(question_en="Q: {a} = b ~ c # d?", options_en=("x = {1}", "y ~ #2"))
    [question] = _pypi_parse(to_gift([item], "en")).questions
    assert html.unescape(question.text.removeprefix("[html]")) == item.question_en
    texts = [html.unescape(_pypi_unescape(o.text)).strip() for o in question.answer.options]
    assert texts == list(item.options_en)


# --- Moodle XML ------------------------------------------------------------------------------

XML_KINDS = {"multichoice", "truefalse", "matching", "shortanswer", "category"}


def _rich_text(element: ET.Element, tag: str) -> str:
    """The text of ``<tag format="html"><text>`` under ``element``, HTML entities decoded."""
    import html

    found = element.find(tag)
    assert found is not None and found.get("format") == "html", tag
    return html.unescape(found.findtext("text"))


@pytest.mark.parametrize("lang", LANGS)
def test_moodle_xml_is_well_formed_and_has_the_documented_structure(lang):
    """The XML parses, has a category per lesson and each question's documented elements."""
    root = ET.fromstring(to_moodle_xml(ITEMS, lang).encode("utf-8"))
    assert root.tag == "quiz"
    questions = root.findall("question")
    assert {q.get("type") for q in questions} <= XML_KINDS
    categories = [q for q in questions if q.get("type") == "category"]
    assert len(categories) == len({item.lesson for item in ITEMS})
    assert all(c.findtext("category/text").startswith("$course$/top/") for c in categories)
    real = [q for q in questions if q.get("type") != "category"]
    assert len(real) == len(ITEMS)
    for item, question in zip(ITEMS, real, strict=True):
        assert question.get("type") == item.kind
        assert question.findtext("name/text") == item.item_id
        assert question.findtext("idnumber") == item.item_id
        assert _rich_text(question, "questiontext") == item.question(lang)
        assert _rich_text(question, "generalfeedback") == item.explanation(lang)
        assert float(question.findtext("defaultgrade")) == 1
        assert 0 <= float(question.findtext("penalty")) <= 1
        assert question.findtext("hidden") == "0"
        answers = question.findall("answer")
        fractions = [float(a.get("fraction")) for a in answers]
        assert all(0 <= f <= 100 for f in fractions)
        if item.kind == "multichoice":
            assert question.findtext("single") == "true"
            assert [
                _rich_text(question, f"answer[{n}]") for n in range(1, len(answers) + 1)
            ] == list(item.options(lang))
            assert fractions.index(100) == item.correct_index and fractions.count(100) == 1
        elif item.kind == "truefalse":
            by_text = {a.findtext("text"): float(a.get("fraction")) for a in answers}
            assert by_text == {
                "true": 100 * item.correct_truth,
                "false": 100 * (not item.correct_truth),
            }
        elif item.kind == "matching":
            subs = question.findall("subquestion")
            got = [
                (_rich_text(question, f"subquestion[{n}]"), s.findtext("answer/text"))
                for n, s in enumerate(subs, 1)
            ]
            assert got == list(item.pairs(lang)) and len(subs) >= 3
        else:
            assert [a.findtext("text") for a in answers] == list(item.options(lang))
            assert fractions == [100] * len(answers)


def test_moodle_xml_escapes_markup_and_special_characters():
    """HTML and XML special characters in a question come back exactly from the XML."""
    item = _item(question_en=SPECIAL_TEXT, options_en=("<b>x</b> & y", "z"))
    xml_text = to_moodle_xml([item], "en")
    question = ET.fromstring(xml_text.encode("utf-8")).find("question[@type='multichoice']")
    assert _rich_text(question, "questiontext") == SPECIAL_TEXT
    assert _rich_text(question, "answer[1]") == "<b>x</b> & y"
    assert "<b>x</b>" not in xml_text


# --- the command -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["gift", "xml"])
def test_cli_exports_a_lesson_to_a_file(tmp_path, capsys, fmt):
    """`sistercity quiz export` writes one lesson's items and exits 0."""
    out = tmp_path / f"quiz.{fmt}"
    code = cli.main(
        ["quiz", "export", "--format", fmt, "--lang", "en", "--lesson", "05", "-o", str(out)]
    )
    assert code == 0
    text = out.read_text(encoding="utf-8")
    expected = len(for_lesson(ITEMS, "05"))
    if fmt == "gift":
        assert len(read_gift_as_moodle(text)) == expected
    else:
        assert len(ET.fromstring(text.encode()).findall("question")) == expected + 1
    assert f"{expected} items written" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args",
    [["--format", "docx"], ["--lesson", "99"], ["--lang", "fr"]],
    ids=["format", "lesson", "lang"],
)
def test_cli_bad_option_is_a_bilingual_error_with_exit_code_2(capsys, args):
    """A bad format, lesson or language exits 2 and says what to use, in both languages."""
    try:
        code = cli.main(["quiz", "export", *args])
    except SystemExit as stop:  # argparse refuses a bad choice itself
        code = stop.code
    err = capsys.readouterr().err
    assert code == 2
    assert " / " in err and re.search(r"tidak dikenal|Tidak ada soal", err)
    assert re.search(r"unknown|invalid choice|There are no items", err)


# --- the widget ------------------------------------------------------------------------------


def test_widget_answers_a_question_headless():
    """Choosing an option and pressing Check shows the verdict, the explanation and the score."""
    from sistercity.quiz.widgets import QuizApp

    app = QuizApp(lesson="01", lang="id")
    assert len(app.cards) == len(for_lesson(ITEMS, "01"))
    card = next(c for c in app.cards if c.item.kind == "multichoice")
    card.check_button.click()
    assert "jawaban dulu" in card.feedback.value and card.result is None
    card.control.value = card.item.correct_index + 1
    card.check_button.click()
    assert card.result.correct and "Benar." in card.feedback.value
    assert card.item.explanation("id")[:30] in card.feedback.value.replace("&#x27;", "'")
    assert "Skor: 1 benar dari 1" in app.score.value


def test_widget_marks_every_item_type_in_english():
    """True/false, matching and short-answer cards mark right and wrong answers in English."""
    from sistercity.quiz.widgets import QuizApp

    app = QuizApp(lang="en")
    by_kind = {}
    for card in app.cards:
        by_kind.setdefault(card.item.kind, card)
    tf = by_kind["truefalse"]
    tf.control.value = not tf.item.correct_truth
    tf.check_button.click()
    assert not tf.result.correct and "Not quite" in tf.feedback.value
    match = by_kind["matching"]
    for left, right in match.item.pairs("en"):
        match.selectors[left].value = right
    match.check_button.click()
    assert match.result.correct
    short = by_kind["shortanswer"]
    short.control.value = short.item.options("en")[0]
    short.check_button.click()
    assert short.result.correct and "Explanation" in short.feedback.value


def test_widget_does_not_always_put_the_right_option_first():
    """Multiple-choice options are shown shuffled, so the first one is not a give-away."""
    from sistercity.quiz.widgets import QuizApp

    app = QuizApp(lang="id")
    cards = [c for c in app.cards if c.item.kind == "multichoice"]
    first_right = [c.control.options[0][1] == c.item.correct_index + 1 for c in cards]
    assert len(cards) >= 20 and sum(first_right) <= 0.5 * len(cards)
    assert QuizApp(lang="id").cards[0].control.options == app.cards[0].control.options
