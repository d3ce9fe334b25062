"""The lessons' statements about the law agree with the data, in Bahasa Indonesia and in English."""

from __future__ import annotations

import re

import pytest

from sistercity.data import load
from sistercity.quiz import load_items

from .conftest import ROOT

LESSON_02 = {
    "id": ROOT / "notebooks" / "id" / "02_hukum_tiga_era.md",
    "en": ROOT / "notebooks" / "en" / "02_law_three_eras.md",
}
LESSON_04 = {
    "id": ROOT / "notebooks" / "id" / "04_mengapa_butuh_bertahun_tahun.md",
    "en": ROOT / "notebooks" / "en" / "04_why_it_takes_years.md",
}
LAW_LESSONS = [
    ROOT / "notebooks" / lang / name
    for lang, names in {
        "id": ["02_hukum_tiga_era.md", "03_membentuk_langkah_demi_langkah.md"],
        "en": ["02_law_three_eras.md", "03_forming_step_by_step.md"],
    }.items()
    for name in names
]
#: How each language cites an article: "Pasal 17" in Indonesian, "Article 17" or "Art. 17" in English.
ARTICLE = {"id": r"Pasal {n}\b", "en": r"(?:Article|Art\.) {n}\b"}
#: The clocks a lesson must state: those with a consequence in the formation or the term.
TAUGHT_EFFECTS = ("lapse", "deemed_approval", "direct_route", "term")


def _article_numbers(article: str) -> list[str]:
    """The article numbers a clock's ``article`` names (``Pasal 18 ayat (4) dan (5)`` gives 18)."""
    return re.findall(r"Pasal (\d+)", article)


def _clocks():
    clocks = load("legal_clocks")
    return clocks[clocks["effect"].isin(TAUGHT_EFFECTS)].itertuples()


@pytest.mark.parametrize("lang", ["id", "en"])
def test_lesson_02_states_every_legal_time_limit_with_its_article(lang):
    """Each limit of legal_clocks.csv that has a consequence is in lesson 02 with its number and article."""
    text = LESSON_02[lang].read_text(encoding="utf-8")
    for clock in _clocks():
        value = str(int(clock.limit_value))
        assert re.search(rf"\b{value}\b", text), (lang, clock.clock_id, value)
        for number in _article_numbers(clock.article):
            assert re.search(ARTICLE[lang].format(n=number), text), (lang, clock.clock_id, number)


@pytest.mark.parametrize("path", LAW_LESSONS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_law_lessons_no_longer_say_the_current_texts_were_unread(path):
    """Lessons 02 and 03 quote PP 28/2018 and Permendagri 25/2020 instead of calling them unreadable."""
    text = path.read_text(encoding="utf-8")
    for phrase in ("tidak terbaca", "could not be read", "Perda DIY 1/2023 Pasal 12(2) dan Perda"):
        assert phrase not in text, phrase
    for instrument in ("PP 28/2018", "Permendagri 25/2020", "Surat Konfirmasi"):
        assert instrument in text, instrument


def test_quiz_items_on_the_current_route_agree_with_the_clocks():
    """The quiz's deemed-approval item states the DPRD's limit that legal_clocks.csv holds."""
    clocks = load("legal_clocks").set_index("clock_id")
    limit = str(int(clocks.loc["dprd_deemed_approval", "limit_value"]))
    items = {item.item_id: item for item in load_items()}
    for lang in ("id", "en"):
        assert limit in items["q03_09"].question(lang), lang


@pytest.mark.parametrize("lang", ["id", "en"])
def test_lesson_04_states_the_observed_band_from_the_data_not_from_prose(lang):
    """Lesson 04 prints the observed-band verdict from the data and names each path outside the band (G11)."""
    from sistercity.pipeline import compare_observed

    observed = compare_observed(n=20_000, seed=7)
    done = observed[~observed["censored"]]
    most_outside = (~done["in_band"]).sum() > len(done) / 2
    text = LESSON_04[lang].read_text(encoding="utf-8")
    assert "observed_band_lines(observed, LANG)" in text
    claim = {
        "id": "Sebagian besar jalur era 1993 yang selesai jatuh di luar pita model",
        "en": "Most completed observed paths of the 1993 era fall outside the model's band",
    }[lang]
    assert (claim in text) <= bool(most_outside), (lang, done[["pair", "in_band"]])
    for row in done[~done["in_band"]].itertuples():
        partner = row.pair.split("–")[-1].split()[0]
        assert partner in text, (lang, row.pair)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_lesson_02_explains_each_era_boundary_the_data_use(lang):
    """Lesson 02's paragraph on era boundaries names each later era's first year and route year."""
    text = LESSON_02[lang].read_text(encoding="utf-8")
    start = text.index("`route_from`")
    paragraph = text[start : text.index({"id": "Kedua,", "en": "Second,"}[lang], start)]
    eras = load("eras").sort_values("order")
    for era in eras.iloc[1:].itertuples():
        for year in (era.first_year, era.route_from):
            assert str(int(year)) in paragraph, (lang, era.era, year)


LESSON_05 = {
    "id": ROOT / "notebooks" / "id" / "05_studi_kasus_jakarta_tokyo.md",
    "en": ROOT / "notebooks" / "en" / "05_case_jakarta_tokyo.md",
}
#: Lesson 05's timeline rows, by their first cell, and the date of the same row in the dataset.
TIMELINE_ROWS = {
    "September 1988": "1988-09",
    "23 October 1989": "1989-10-23",
    "23 Oktober 1989": "1989-10-23",
    "11 April 1990": "1990-04-11",
    "9 April 1993": "1993-04-09",
    "2 December 2023": "2023-12-02",
    "2 Desember 2023": "2023-12-02",
}
STATUS_WORDS = {
    "id": {"terverifikasi": "verified", "sebagian": "partly", "belum terverifikasi": "unverified"},
    "en": {"verified": "verified", "partly": "partly", "unverified": "unverified"},
}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_lesson_05_timeline_labels_are_the_datasets(lang):
    """The status lesson 05's timeline table gives a dated row is the status of that row in the data (F18)."""
    data = load("jakarta_tokyo_timeline").set_index("date")["status"]
    checked = 0
    for line in LESSON_05[lang].read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) == 4 and cells[0] in TIMELINE_ROWS:
            assert STATUS_WORDS[lang][cells[3]] == data[TIMELINE_ROWS[cells[0]]], (lang, cells[0])
            checked += 1
    assert checked == 5, checked
