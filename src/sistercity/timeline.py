"""Which legal instruments applied in a given year, and which legal era that year belongs to.

Pure pandas and standard library: no plotting, no widgets. The lesson on the legal eras and its
timeline widget compute everything they show here. The eras are those of ``data/eras.csv``: each
function takes them as ``eras`` (a sequence of :class:`~sistercity.procedure.Era`), and when that
is omitted asks :func:`sistercity.regimes.eras` for the course's own. An era applies from its
``first_year``; a year before the first era belongs to no modelled era (``None``), so the rules
of the 1993 circular are never silently applied to a 1960 or 1985 agreement.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from sistercity import procedure
from sistercity.i18n import both, check_lang, pick
from sistercity.procedure import Era

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


def _eras(eras: Sequence[Era] | None) -> tuple[Era, ...]:
    """``eras`` oldest first, or the course's eras from ``data/eras.csv`` when None."""
    if eras is None:
        from sistercity.regimes import eras as course_eras

        return course_eras()
    return tuple(sorted(eras, key=lambda e: e.first_year))


def era_for_year(year: int, eras: Sequence[Era] | None = None) -> str | None:
    """Return the id of the legal era that applies in ``year``; None before the first era."""
    found = procedure.era_for_year(_eras(eras), _check_year(year))
    return None if found is None else found.era


def era_name(era: str | None, lang: str = "id", eras: Sequence[Era] | None = None) -> str:
    """Return the course's name for ``era`` in ``lang`` (None: before the first era)."""
    check_lang(lang)
    known = _eras(eras)
    if era is None:
        first = known[0]
        return pick(
            lang,
            id=f"sebelum {first.first_year}: di luar era yang dimodelkan bahan ini",
            en=f"before {first.first_year}: outside the eras this material models",
        )
    for item in known:
        if item.era == era:
            return item.name(lang)
    names = ", ".join(e.era for e in known)
    raise ValueError(
        both(
            f"Era {era!r} tidak dikenal; pilih salah satu: {names}.",
            f"Unknown era {era!r}; use one of: {names}.",
        )
    )


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


def assumed_last_year(era: str, eras: Sequence[Era] | None = None) -> int | None:
    """Return the last year an instrument of ``era`` is assumed to apply when no source gives it.

    The assumption: such an instrument applied until the next era began, including that transition
    year. ``None`` for the current era and for instruments that span all eras (``"all"``).
    """
    ids = [e.era for e in _eras(eras)]
    if era not in ids or ids.index(era) == len(ids) - 1:
        return None
    return _eras(eras)[ids.index(era) + 1].first_year


def _successor_start(spans: pd.DataFrame, row: pd.Series) -> int | None:
    """Start year of the next instrument of the same kind and title as ``row``, if there is one."""
    same = spans[
        (spans["kind"] == row["kind"])
        & (spans["title"] == row["title"])
        & (spans["start"] > row["start"])
    ]
    return None if same.empty else int(same["start"].min())


def instrument_spans(frame: pd.DataFrame, eras: Sequence[Era] | None = None) -> pd.DataFrame:
    """Return ``frame`` with ``start``, ``end`` and ``end_assumed``: the years each instrument applied.

    ``start`` is ``in_force_from``, or the year the instrument was made where that is empty.
    ``end`` is ``in_force_until`` where a source gives it. Where none does, the end is an
    assumption (``end_assumed`` is True): the instrument is taken to apply until a later
    instrument of the same kind and title starts (UU 22/1999 until UU 32/2004, both "Pemerintahan
    Daerah"), else until its era ends (:func:`assumed_last_year`). An instrument of the current
    era, or of all eras, with no sourced end stays open (``end`` is ``<NA>``).
    """
    _check_columns(frame)
    known = _eras(eras)
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
            guess = assumed_last_year(row["era"], known)
        ends.append(guess)
        assumed.append(guess is not None)
    spans["end"] = pd.array(ends, dtype="Int64")
    spans["end_assumed"] = assumed
    # Enacted but not yet in force (e.g. waiting for a Keppres): drawn, never counted in force.
    pending = spans["in_force"] if "in_force" in spans.columns else pd.Series("", index=spans.index)
    spans["pending"] = pending.fillna("").astype(str).eq("no")
    return spans.sort_values(["start", "instrument_id"], kind="stable").reset_index(drop=True)


def instruments_in_force(
    frame: pd.DataFrame, year: int, eras: Sequence[Era] | None = None
) -> pd.DataFrame:
    """Return the rows of ``frame`` (``legal_instruments``) for instruments in force in ``year``.

    An instrument is in force from its ``start`` year through its ``end`` year inclusive, as
    :func:`instrument_spans` computes them; an empty ``end`` means it still applies. The rows come
    back oldest first, with the ``start``, ``end`` and ``end_assumed`` columns added.
    """
    year = _check_year(year)
    spans = instrument_spans(frame, eras)
    started = spans["start"].le(year).fillna(False)
    not_ended = spans["end"].isna() | spans["end"].ge(year).fillna(False)
    return spans[started & not_ended & ~spans["pending"]].reset_index(drop=True)


def after_signing(year: int, regime: procedure.Regime | None = None) -> pd.DataFrame:
    """Return the stages after signing that apply to an agreement signed in ``year``.

    One row per stage (``stage_id``, ``name_id``, ``name_en``, ``legal_basis``, ``quote``,
    ``status``), in order, from the regime of the era that applies in ``year`` (or ``regime``), keeping
    only the rows in force that year: an agreement signed in 2019 has only the report of PP 28/2018
    Pasal 43, the rest coming from Permendagri 25/2020. The deadlines' dates are in
    :mod:`sistercity.pipeline` (law-clocks' calendar after signing).
    """
    year = _check_year(year)
    if regime is None:
        era = era_for_year(year)
        if era is None:
            return pd.DataFrame(columns=_AFTER_COLUMNS)
        from sistercity.regimes import get_regime

        regime = get_regime(era)
    rows = [[getattr(s, c) for c in _AFTER_COLUMNS] for s in regime.in_year(year).after_signing]
    return pd.DataFrame(rows, columns=list(_AFTER_COLUMNS))


_AFTER_COLUMNS = ("stage_id", "name_id", "name_en", "legal_basis", "quote", "status")
