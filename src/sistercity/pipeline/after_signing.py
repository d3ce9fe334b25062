"""The law's clocks after signing: a KSDPL's term, its yearly reports and the extension notice.

Pure model layer (standard library and pandas, no file access): the rows of ``legal_clocks.csv``
arrive as a DataFrame. From a signing date this builds the calendar that Permendagri 25/2020 sets
for the life of the agreement (Pasal 32, 33, 35, 36, 38), each date with its article. Nothing here
names a clock id: the rows are found by their ``effect``.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from sistercity.i18n import both

#: The kinds of region, which report on different days (Pasal 35 and 36).
LEVELS = ("provinsi", "kabupaten_kota")

COLUMNS = ("date", "effect", "event_id", "event_en", "article", "reading_id", "reading_en")


def _add_years(day: dt.date, years: int) -> dt.date:
    """``day`` moved ``years`` years on (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved ``months`` months (negative: back), clipped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def calendar_after_signing(
    clocks: pd.DataFrame,
    signed: dt.date,
    level: str = "kabupaten_kota",
    term_years: int | None = None,
) -> pd.DataFrame:
    """The dated deadlines of an agreement signed on ``signed``, in order, each with its article.

    Args:
        clocks: Rows of ``legal_clocks.csv``; only those in force on ``signed`` count (whether
            the reports also bind an agreement signed earlier the text does not settle: Pasal 42
            only keeps such agreements running to their end).
        signed: The signing date.
        level: ``provinsi`` (reports by the second week of January, Pasal 36) or
            ``kabupaten_kota`` (to the governor by the first week, Pasal 35).
        term_years: The agreement's term; None takes the longest the law allows (Pasal 32(1)).

    Returns:
        Columns :data:`COLUMNS`: the yearly reports, the extension notice (Pasal 33, with both
        readings of its wording) and the end of the term. Empty when no clock was in force.

    Raises:
        ValueError: for an unknown ``level`` or a term longer than the law allows (bilingual).
    """
    if level not in LEVELS:
        raise ValueError(
            both(
                f"level harus salah satu dari {', '.join(LEVELS)}, bukan {level!r}.",
                f"level must be one of {', '.join(LEVELS)}, not {level!r}.",
            )
        )
    in_force = clocks[pd.to_datetime(clocks["in_force_from"]) <= pd.Timestamp(signed)]
    in_force = in_force[in_force["applies_to"] == "after_signing"]
    by_effect = {effect: rows for effect, rows in in_force.groupby("effect")}
    rows: list[dict] = []
    if "term" not in by_effect:
        return pd.DataFrame(rows, columns=list(COLUMNS))
    term = by_effect["term"].iloc[0]
    longest = int(term.limit_value)
    years = longest if term_years is None else term_years
    if not isinstance(years, int) or not 1 <= years <= longest:
        raise ValueError(
            both(
                f"term_years harus 1 sampai {longest} tahun ({term.article}), bukan {term_years!r}.",
                f"term_years must be 1 to {longest} years ({term.article}), not {term_years!r}.",
            )
        )
    end = _add_years(signed, years)
    if "report_due" in by_effect:
        reports = by_effect["report_due"]
        governor = reports["actor"] == "gubernur"
        report = reports[governor if level == "provinsi" else ~governor].iloc[0]
        week = int(report.limit_value)
        for year in range(signed.year + 1, end.year + 1):
            due = dt.date(year, 1, 7 * week)
            rows.append(
                {
                    "date": due,
                    "effect": "report_due",
                    "event_id": f"batas laporan pelaksanaan tahun {year - 1} (minggu ke-{week} Januari)",
                    "event_en": f"report on {year - 1} due (week {week} of January)",
                    "article": f"{report.instrument} {report.article}",
                    "reading_id": report.reading_id,
                    "reading_en": report.reading_en,
                }
            )
    if "extension_notice" in by_effect:
        notice = by_effect["extension_notice"].iloc[0]
        rows.append(
            {
                "date": _add_months(end, -int(notice.limit_value)),
                "effect": "extension_notice",
                "event_id": f"perpanjangan diajukan: 'paling lama {int(notice.limit_value)} bulan "
                "sebelum berakhirnya' (dua bacaan)",
                "event_en": f"extension request: 'paling lama {int(notice.limit_value)} bulan "
                "sebelum berakhirnya' (two readings)",
                "article": f"{notice.instrument} {notice.article}",
                "reading_id": notice.reading_id,
                "reading_en": notice.reading_en,
            }
        )
    rows.append(
        {
            "date": end,
            "effect": "term",
            "event_id": f"jangka waktu {years} tahun berakhir, kecuali diperpanjang",
            "event_en": f"the {years}-year term ends unless extended",
            "article": f"{term.instrument} {term.article}",
            "reading_id": term.reading_id,
            "reading_en": term.reading_en,
        }
    )
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    return frame.sort_values("date", kind="stable").reset_index(drop=True)
