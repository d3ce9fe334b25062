"""Every status label is earned by the rule in data/README.md, as far as a program can check it.

The rule: ``verified`` = the primary text (article named) or two sources shown to be independent;
``partly`` = one secondary source; ``unverified`` = the seed paper alone or nothing. A program
cannot judge independence, so these tests check what is necessary: a ``verified`` row has two
sources, or an official one (a government's own site: the party itself), or, for a law row, names
the article it rests on; a row resting on the seed paper alone is ``unverified``.
"""

from __future__ import annotations

import re

import pytest

from sistercity.data import SCHEMAS, load

#: Hosts that are a government's (or its official registry's) own site: a primary source.
OFFICIAL = re.compile(
    r"https?://[^/ ]*("
    r"\.go\.id|\.lg\.jp|\.go\.jp|pref\.[a-z]+\.jp|clair\.or\.jp"
    r"|\.gov\b|\.gov\.[a-z]{2}|\.gouv\.[a-z]{2}|\.gob\.[a-z]{2}"
    r")",
    re.IGNORECASE,
)
#: Law tables: a verified row there must name the article of the primary text it rests on.
LAW_TABLES = ("stages", "requirements", "legal_instruments")
ARTICLE = re.compile(r"\bPasal \d+|\bArt(icle|\.) \d+", re.IGNORECASE)

STATUS_TABLES = sorted(
    name for name, schema in SCHEMAS.items() if {"status", "source_url"} <= set(schema.column_names)
)


def sources(cell) -> list[str]:
    """The sources of a ``source_url`` cell."""
    return [part.strip() for part in str(cell).split(" ; ") if part.strip()]


def paper_only(cell) -> bool:
    """Whether the only source of a row is the course's seed paper."""
    return all(s.lower().startswith("seed paper") for s in sources(cell))


def test_the_rule_is_checked_on_the_datasets_that_carry_a_status():
    """The fact tables are found, so the rule tests below cannot pass vacuously."""
    assert {"agreements", "stages", "requirements", "legal_instruments"} <= set(STATUS_TABLES)


def names_article(row) -> bool:
    """Whether a law row names the article of the text it rests on (its basis, or what it says)."""
    return bool(ARTICLE.search(f"{row.get('legal_basis', '')} {row.get('says_id', '')}"))


@pytest.mark.parametrize("name", STATUS_TABLES)
def test_a_verified_row_has_two_sources_or_a_primary_one(name):
    """A ``verified`` row names two sources, a government's own page, or (law) the article read."""
    frame = load(name)
    verified = frame[frame["status"] == "verified"]
    weak = [
        f"row {index + 2}: {row['source_url'][:80]}"
        for index, row in verified.iterrows()
        if len(sources(row["source_url"])) < 2
        and not any(OFFICIAL.search(s) for s in sources(row["source_url"]))
        and not (name in LAW_TABLES and names_article(row))
    ]
    assert not weak, f"{name}.csv: verified on one secondary source, make it partly: {weak}"


@pytest.mark.parametrize("name", LAW_TABLES)
def test_a_verified_law_row_names_its_article_or_two_sources(name):
    """A ``verified`` stage or requirement names the article it rests on, or gives two sources."""
    frame = load(name)
    verified = frame[frame["status"] == "verified"]
    unnamed = [
        f"row {index + 2} ({row['era']})"
        for index, row in verified.iterrows()
        if not names_article(row) and len(sources(row["source_url"])) < 2
    ]
    assert not unnamed, f"{name}.csv: verified without an article or two sources: {unnamed}"


@pytest.mark.parametrize("name", STATUS_TABLES)
def test_a_row_resting_on_the_paper_alone_is_unverified(name):
    """A row whose only source is the seed paper is ``unverified``."""
    frame = load(name)
    wrong = [
        f"row {index + 2}"
        for index, row in frame.iterrows()
        if paper_only(row["source_url"]) and row["status"] != "unverified"
    ]
    assert not wrong, f"{name}.csv: the paper alone is not enough for partly or verified: {wrong}"
