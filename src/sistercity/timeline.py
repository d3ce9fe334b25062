"""Which legal instruments applied in a given year, and which legal era that year belongs to.

Pure pandas and standard library: no plotting, no widgets, no file access. The lesson on the three
legal eras and its timeline widget compute everything they show here.
"""

from __future__ import annotations

import pandas as pd

from sistercity.i18n import both, check_lang, pick

#: The three legal eras, oldest first, with the first year each applies (``None``: from the start).
#: An era applies from the year its first law was enacted: UU 22/1999 opens the "2004" era and
#: UU 23/2014 the "2020" era. In those transition years the older law still applied for part of
#: the year.
ERA_FIRST_YEAR: dict[str, int | None] = {"1993": None, "2004": 1999, "2020": 2014}

#: How each era is named in the course, in Indonesian and in English.
ERA_NAMES: dict[str, dict[str, str]] = {
    "1993": {
        "id": "sebelum otonomi daerah (UU 5/1974; SE Mendagri 193/1652/PUOD sejak 1993)",
        "en": "before regional autonomy (UU 5/1974; Home Affairs circular 193/1652/PUOD from 1993)",
    },
    "2004": {
        "id": "otonomi daerah (UU 22/1999, UU 32/2004, Permendagri 3/2008)",
        "en": "regional autonomy (UU 22/1999, UU 32/2004, Permendagri 3/2008)",
    },
    "2020": {
        "id": "kerangka kini (UU 23/2014, PP 28/2018, Permendagri 25/2020)",
        "en": "current framework (UU 23/2014, PP 28/2018, Permendagri 25/2020)",
    },
}

REQUIRED_COLUMNS = (
    "instrument_id",
    "kind",
    "number",
    "year",
    "era",
    "in_force_from",
    "in_force_until",
)


def _check_year(year: int) -> int:
    """Return ``year`` as an int; a ValueError in both languages if it is not a whole year."""
    if isinstance(year, bool) or not isinstance(year, int):
        try:
            as_int = int(year)
        except (TypeError, ValueError):
            as_int = None
        if as_int is None or as_int != year:
            raise ValueError(
                both(
                    f"Tahun harus bilangan bulat, misalnya 1989, bukan {year!r}.",
                    f"The year must be a whole number such as 1989, not {year!r}.",
                )
            )
        year = as_int
    return int(year)


def era_for_year(year: int) -> str:
    """Return the legal era (``"1993"``, ``"2004"`` or ``"2020"``) that applies in ``year``."""
    year = _check_year(year)
    current = "1993"
    for era, first in ERA_FIRST_YEAR.items():
        if first is not None and year >= first:
            current = era
    return current


def era_name(era: str, lang: str = "id") -> str:
    """Return the course's name for ``era`` in ``lang``; a clear error for an unknown era."""
    check_lang(lang)
    if era not in ERA_NAMES:
        known = ", ".join(ERA_NAMES)
        raise ValueError(
            both(
                f"Era {era!r} tidak dikenal; pilih salah satu: {known}.",
                f"Unknown era {era!r}; use one of: {known}.",
            )
        )
    return pick(lang, id=ERA_NAMES[era]["id"], en=ERA_NAMES[era]["en"])


def _check_columns(frame: pd.DataFrame) -> None:
    """Raise a ValueError in both languages if ``frame`` lacks a column the timeline needs."""
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        names = ", ".join(missing)
        raise ValueError(
            both(
                f"Tabel instrumen hukum tidak punya kolom {names}. "
                "Muat tabel itu dengan load('legal_instruments').",
                f"The legal-instruments table lacks the column(s) {names}. "
                "Load it with load('legal_instruments').",
            )
        )


def assumed_last_year(era: str) -> int | None:
    """Return the last year an instrument of ``era`` is assumed to apply when no source gives it.

    The assumption: such an instrument applied until the next era began, including that transition
    year. ``None`` for the current era and for instruments that span all eras (``"all"``).
    """
    eras = list(ERA_FIRST_YEAR)
    if era not in eras or eras.index(era) == len(eras) - 1:
        return None
    return ERA_FIRST_YEAR[eras[eras.index(era) + 1]]


def _successor_start(spans: pd.DataFrame, row: pd.Series) -> int | None:
    """Start year of the next instrument of the same kind and title as ``row``, if there is one."""
    same = spans[
        (spans["kind"] == row["kind"])
        & (spans["title"] == row["title"])
        & (spans["start"] > row["start"])
    ]
    return None if same.empty else int(same["start"].min())


def instrument_spans(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with ``start``, ``end`` and ``end_assumed``: the years each instrument applied.

    ``start`` is ``in_force_from``, or the year the instrument was made where that is empty.
    ``end`` is ``in_force_until`` where a source gives it. Where none does, the end is an
    assumption (``end_assumed`` is True): the instrument is taken to apply until a later
    instrument of the same kind and title starts (UU 22/1999 until UU 32/2004, both "Pemerintahan
    Daerah"), else until its era ends (:func:`assumed_last_year`). An instrument of the current
    era, or of all eras, with no sourced end stays open (``end`` is ``<NA>``).
    """
    _check_columns(frame)
    spans = frame.copy()
    spans["start"] = spans["in_force_from"].fillna(spans["year"]).astype("Int64")
    ends, assumed = [], []
    for _, row in spans.iterrows():
        if not pd.isna(row["in_force_until"]):
            ends.append(int(row["in_force_until"]))
            assumed.append(False)
            continue
        guess = _successor_start(spans, row) if "title" in spans.columns else None
        if guess is None:
            guess = assumed_last_year(row["era"])
        ends.append(guess)
        assumed.append(guess is not None)
    spans["end"] = pd.array(ends, dtype="Int64")
    spans["end_assumed"] = assumed
    return spans.sort_values(["start", "instrument_id"], kind="stable").reset_index(drop=True)


def instruments_in_force(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """Return the rows of ``frame`` (``legal_instruments``) for instruments in force in ``year``.

    An instrument is in force from its ``start`` year through its ``end`` year inclusive, as
    :func:`instrument_spans` computes them; an empty ``end`` means it still applies. The rows come
    back oldest first, with the ``start``, ``end`` and ``end_assumed`` columns added.
    """
    year = _check_year(year)
    spans = instrument_spans(frame)
    started = spans["start"].le(year).fillna(False)
    not_ended = spans["end"].isna() | spans["end"].ge(year).fillna(False)
    return spans[started & not_ended].reset_index(drop=True)
