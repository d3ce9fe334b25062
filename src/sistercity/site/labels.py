"""Column labels in the page's language, for the tables the website shows to readers who do not program.

In a notebook a student needs a column's identifier (``load("agreements")["year_signed"]``); on
the website the same table is read, not programmed, so its headers read "Tahun ditandatangani" or
"Year signed". Columns named ``X_id``/``X_en`` hold ``X`` in one language and are labelled as ``X``.
An identifier with no label here is shown with its underscores as spaces.

The same holds for the values in a table's cells and row labels: a stage, a decision, an actor or
a requirement is named by an identifier in the data (``explore_partner``, ``prosedur_surat_kuasa``)
and by its name in each language in the dataset's own label columns (``name_id``/``name_en``,
``text_id``/``text_en``; :func:`value_labels`). On a page, the name in the page's language
stands for the identifier.
"""

from __future__ import annotations

import re
from functools import cache

#: Identifier -> (Indonesian label, English label).
COLUMN_LABELS: dict[str, tuple[str, str]] = {
    "accepted": ("Diterima", "Accepted"),
    "achieved": ("Tercapai", "Achieved"),
    "activity": ("Kegiatan", "Activity"),
    "activity_id_text": ("Kegiatan", "Activity"),
    "actors": ("Pelaku", "Actors"),
    "agreement_date": ("Tanggal perjanjian", "Agreement date"),
    "all": ("Semua", "All"),
    "area_km2": ("Luas (km²)", "Area (km²)"),
    "baseline": ("Data dasar", "Baseline"),
    "basis_status": ("Status dasar hukum", "Status of the legal basis"),
    "budget_wait": ("Menunggu APBD", "Budget wait"),
    "candidate_id": ("Calon", "Candidate"),
    "capacity": ("Kapasitas", "Capacity"),
    "censored": ("Belum selesai", "Censored"),
    "censored_at": ("Belum selesai per", "Censored at"),
    "city": ("Kota", "City"),
    "coastal": ("Pesisir", "Coastal"),
    "complementarity": ("Saling melengkapi", "Complementarity"),
    "concept": ("Konsep", "Concept"),
    "count": ("Jumlah", "Count"),
    "country": ("Negara", "Country"),
    "criteria": ("Kriteria", "Criteria"),
    "date": ("Tanggal", "Date"),
    "date_affiliated": ("Tanggal kerja sama", "Date affiliated"),
    "decade": ("Dasawarsa", "Decade"),
    "decision": ("Keputusan", "Decision"),
    "diplomatic_relations": ("Hubungan diplomatik", "Diplomatic relations"),
    "document": ("Dokumen", "Document"),
    "documents_in": ("Dokumen masuk", "Documents in"),
    "documents_out": ("Dokumen keluar", "Documents out"),
    "era": ("Era", "Era"),
    "event": ("Peristiwa", "Event"),
    "event_id": ("Peristiwa", "Event"),
    "field": ("Bidang", "Field"),
    "field_id": ("Bidang", "Field"),
    "first_date": ("Tanggal langkah pertama", "Date of the first step"),
    "first_step": ("Langkah pertama", "First step"),
    "first_year": ("Tahun awal", "First year"),
    "flagged": ("Ditandai", "Flagged"),
    "governor": ("Gubernur", "Governor"),
    "in_band": ("Di dalam pita model", "Inside the model's band"),
    "in_force_from": ("Berlaku sejak", "In force from"),
    "in_force_until": ("Berlaku sampai", "In force until"),
    "indonesian_level": ("Tingkat pihak Indonesia", "Indonesian level"),
    "indonesian_party": ("Pihak Indonesia", "Indonesian party"),
    "indonesian_province": ("Provinsi", "Province"),
    "jakarta_partner": ("Mitra Jakarta", "Jakarta's partner"),
    "kind": ("Jenis", "Kind"),
    "last_year": ("Tahun akhir", "Last year"),
    "lead": ("Pemimpin tahap", "Lead"),
    "legal_basis": ("Dasar hukum", "Legal basis"),
    "level": ("Tingkat", "Level"),
    "level_local": ("Tingkat (istilah setempat)", "Level (local term)"),
    "main_bottleneck": ("Hambatan utama", "Main bottleneck"),
    "management": ("Pengelolaan", "Management"),
    "measure": ("Ukuran", "Measure"),
    "median": ("Median", "Median"),
    "median_months": ("Median (bulan)", "Median (months)"),
    "met": ("Terpenuhi", "Met"),
    "model_era": ("Era model", "Model era"),
    "model_p10": ("Model p10 (bulan)", "Model p10 (months)"),
    "model_p90": ("Model p90 (bulan)", "Model p90 (months)"),
    "model_percentile": ("Persentil dalam model", "Percentile in the model"),
    "model_signed_within": (
        "Model: ditandatangani dalam waktu itu",
        "Model: signed within that time",
    ),
    "months": ("Bulan", "Months"),
    "name": ("Nama", "Name"),
    "note": ("Catatan", "Note"),
    "number": ("Nomor", "Number"),
    "order": ("Urutan", "Order"),
    "p_drop": ("Peluang gugur", "Chance of dropping"),
    "p_return": ("Peluang dikembalikan", "Chance of return"),
    "pair": ("Pasangan", "Pair"),
    "paper_says": ("Kata makalah", "What the paper says"),
    "participants": ("Peserta", "Participants"),
    "partner": ("Mitra", "Partner"),
    "partner_country": ("Negara mitra", "Partner country"),
    "partner_level": ("Tingkat mitra", "Partner level"),
    "population": ("Penduduk", "Population"),
    "population_year": ("Tahun data penduduk", "Population year"),
    "port": ("Pelabuhan", "Port"),
    "problems": ("Masalah bersama", "Shared problems"),
    "procedures": ("Prosedur", "Procedures"),
    "province": ("Provinsi", "Province"),
    "q10_months": ("10% tercepat (bulan)", "Fastest 10% (months)"),
    "q90_months": ("10% terlambat (bulan)", "Slowest 10% (months)"),
    "rank": ("Peringkat", "Rank"),
    "reason": ("Alasan", "Reason"),
    "regency": ("Kabupaten", "Regency"),
    "requirement_id": ("Syarat", "Requirement"),
    "says": ("Isi", "What it says"),
    "score": ("Skor", "Score"),
    "sectors": ("Sektor", "Sectors"),
    "share": ("Porsi", "Share"),
    "share_over_3_years": ("Porsi lebih dari 3 tahun", "Share over 3 years"),
    "share_signed": ("Porsi ditandatangani", "Share signed"),
    "signed": ("Ditandatangani", "Signed"),
    "size": ("Ukuran", "Size"),
    "soft_power": ("Soft power", "Soft power"),
    "source_url": ("Sumber", "Source"),
    "sources": ("Sumber", "Sources"),
    "spread": ("Sebaran", "Spread"),
    "stage": ("Tahap", "Stage"),
    "stage_id": ("Tahap", "Stage"),
    "stages": ("Tahap", "Stages"),
    "status": ("Status", "Status"),
    "step": ("Langkah", "Step"),
    "target": ("Target", "Target"),
    "technology": ("Alih iptek", "Technology transfer"),
    "text": ("Teks", "Text"),
    "total": ("Jumlah", "Total"),
    "typology": ("Tipologi", "Typology"),
    "year": ("Tahun", "Year"),
    "year_signed": ("Tahun ditandatangani", "Year signed"),
    "years": ("Tahun", "Years"),
}

_LANG_INDEX = {"id": 0, "en": 1}


#: The verification status every dataset row carries, in words.
STATUS_LABELS: dict[str, tuple[str, str]] = {
    "verified": ("terverifikasi", "verified"),
    "partly": ("terverifikasi sebagian", "partly verified"),
    "unverified": ("belum terverifikasi", "unverified"),
}

#: The values of the legal clocks' units and effects (``legal_clocks.csv``), in words.
CHOICE_LABELS: dict[str, tuple[str, str]] = {
    "working_days": ("hari kerja", "working days"),
    "months": ("bulan", "months"),
    "years": ("tahun", "years"),
    "week_of_january": ("pekan ke-n bulan Januari", "n-th week of January"),
    "times_a_year": ("kali setahun", "times a year"),
    "lapse": ("gugur", "lapses"),
    "deemed_approval": ("dianggap disetujui", "deemed approved"),
    "direct_route": ("langsung ke Menteri", "straight to the Minister"),
    "limit_only": ("batas waktu saja", "a time limit only"),
    "no_limit": ("tanpa batas waktu", "no time limit"),
    "term": ("jangka waktu", "term"),
    "extension_notice": ("pemberitahuan perpanjangan", "notice of extension"),
    "report_due": ("batas waktu laporan", "report due"),
    "sanction": ("sanksi", "sanction"),
    "supervision": ("pengawasan", "supervision"),
}

#: Columns holding a dataset's labels, in the order they are preferred: ``X_id``/``X_en`` pairs.
LABEL_COLUMNS = ("name", "title", "label", "text")

#: What an identifier looks like in the data: lower case, digits and underscores.
IDENTIFIER = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")


def value_labels() -> dict[str, tuple[str, str]]:
    """Every identifier value of the datasets and the simulators -> (Indonesian, English) label.

    An identifier column of a dataset (``stage_id``, ``actor_id``, ``requirement_id``, ...) is
    labelled by the same row's label columns (``name_id``/``name_en``, ``text_id``/``text_en``);
    a decision by its button label (``sistercity.procedure.DECISIONS``); a legal clock's unit
    and effect by :data:`CHOICE_LABELS`; a measure or concept by its column label. Where an
    identifier's label differs between eras, this gives its latest era's.
    """
    return _labels()[0]


def era_labels() -> dict[tuple[str, str], tuple[str, str]]:
    """(era, identifier) -> (Indonesian, English) label, for the datasets with one row per era."""
    return _labels()[1]


@cache
def _labels() -> tuple[dict, dict]:
    """The labels of :func:`value_labels` and of :func:`era_labels`, read once per process."""
    from sistercity.data import SCHEMAS, load
    from sistercity.procedure import DECISIONS

    found: dict[str, tuple[str, str]] = {**STATUS_LABELS, **CHOICE_LABELS}
    by_era: dict[tuple[str, str], tuple[str, str]] = {}
    for name in sorted(SCHEMAS):
        try:
            frame = load(name)
        except Exception:  # noqa: BLE001 - a dataset that does not load has no labels to give
            continue
        pair = next((c for c in LABEL_COLUMNS if f"{c}_id" in frame and f"{c}_en" in frame), None)
        # A dataset with one name for both languages (a foreign city's) gives it for both.
        names = (f"{pair}_id", f"{pair}_en") if pair else ("name", "name")
        if names[0] not in frame:
            continue
        keys = [c for c in frame.columns if c.endswith("_id") and c not in names]
        eras = frame["era"].astype(str) if "era" in frame else [None] * len(frame)
        for key in keys:
            for value, era, text_id, text_en in zip(
                frame[key], eras, frame[names[0]], frame[names[1]], strict=True
            ):
                if isinstance(value, str) and IDENTIFIER.fullmatch(value) and text_id and text_en:
                    # The rows run from the first era to the last: the latest label is kept.
                    found[value] = (str(text_id), str(text_en))
                    if era is not None:
                        by_era[(era, value)] = found[value]
    for decision, labels in DECISIONS.items():
        found.setdefault(decision, labels)
    # A measure or a concept named in a row (``soft_power``, ``city``) reads as its column does.
    for identifier, labels in COLUMN_LABELS.items():
        found.setdefault(identifier, labels)
    return found, by_era


def value_label(value, lang: str, era=None):
    """A cell's or row's value in ``lang`` when it is a known identifier (or a ';' list of them).

    With ``era`` (the row's era), an identifier whose label differs between eras gets that era's.
    """
    if not isinstance(value, str) or not value or value != value.strip():
        return value
    known, by_era = _labels()
    parts = value.split(";")
    if all(IDENTIFIER.fullmatch(part) and part in known for part in parts):
        named = [by_era.get((str(era), part), known[part]) for part in parts]
        return "; ".join(labels[_LANG_INDEX[lang]] for labels in named)
    return value


def label(column, lang: str):
    """The label of a column identifier in ``lang``; anything that is not an identifier stays."""
    if not isinstance(column, str) or " " in column or not column.islower():
        return column
    if column in COLUMN_LABELS:
        return COLUMN_LABELS[column][_LANG_INDEX[lang]]
    if column in value_labels():
        return value_labels()[column][_LANG_INDEX[lang]]
    base, _, suffix = column.rpartition("_")
    if suffix in _LANG_INDEX and base in COLUMN_LABELS:
        return COLUMN_LABELS[base][_LANG_INDEX[lang]]
    if "_" not in column:
        return column
    text = (base if suffix in _LANG_INDEX and base else column).replace("_", " ")
    return text[:1].upper() + text[1:]


def labelled(frame, lang: str):
    """A copy of ``frame`` in ``lang``: labels for its column and index names and identifier values.

    A column of identifiers whose labels are another column of the same table (``stage_id``
    beside ``name_en``) is left out rather than shown twice.
    """
    import pandas as pd

    out = frame.copy()
    # A stage's or a requirement's label depends on the era of its row, when the table shows it.
    era = out["era"] if "era" in out.columns and not isinstance(out["era"], type(out)) else None
    if era is None and "era" in out.index.names:
        era = out.index.get_level_values("era")
    eras = [None] * len(out) if era is None else [str(e) for e in era]
    for column in list(out.columns):
        values = out[column]
        if isinstance(values, type(out)) or not _holds_text(values):
            continue
        named = pd.Series(
            [value_label(v, lang, e) for v, e in zip(values, eras, strict=True)],
            index=values.index,
            dtype=object,
        )
        if list(named) == list(values):
            continue
        twin = [
            c
            for c in out.columns
            if c != column and not isinstance(out[c], type(out)) and list(out[c]) == list(named)
        ]
        if twin:
            out = out.drop(columns=column)
        else:
            out[column] = named
    rows = [_index_value(v, lang, e) for v, e in zip(out.index, eras, strict=True)]
    if rows != list(out.index):
        out.index = (
            pd.MultiIndex.from_tuples(rows, names=out.index.names)
            if isinstance(out.index, pd.MultiIndex)
            else pd.Index(rows, name=out.index.name)
        )
    out = out.rename(columns=lambda c: label(c, lang))
    names = [label(n, lang) if n is not None else None for n in out.index.names]
    out.index = out.index.set_names(names)
    if hasattr(out.columns, "names"):
        out.columns = out.columns.set_names(
            [label(n, lang) if n is not None else None for n in out.columns.names]
        )
    return out


def _index_value(value, lang: str, era=None):
    """A row label (a tuple for several levels) with its identifiers labelled."""
    if isinstance(value, tuple):
        return tuple(value_label(part, lang, era) for part in value)
    return value_label(value, lang, era)


def _holds_text(values) -> bool:
    """Whether a column holds strings (object or string dtype), where identifiers may be."""
    from pandas.api.types import is_object_dtype, is_string_dtype

    return is_object_dtype(values.dtype) or is_string_dtype(values.dtype)
