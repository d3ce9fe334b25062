"""Column labels in the page's language, for the tables the website shows to readers who do not program.

In a notebook a student needs a column's identifier (``load("agreements")["year_signed"]``); on
the website the same table is read, not programmed, so its headers read "Tahun ditandatangani" or
"Year signed". Columns named ``X_id``/``X_en`` hold ``X`` in one language and are labelled as ``X``.
An identifier with no label here is shown with its underscores as spaces.
"""

from __future__ import annotations

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


def label(column, lang: str):
    """The label of a column identifier in ``lang``; anything that is not an identifier stays."""
    if not isinstance(column, str) or " " in column or not column.islower():
        return column
    if column in COLUMN_LABELS:
        return COLUMN_LABELS[column][_LANG_INDEX[lang]]
    base, _, suffix = column.rpartition("_")
    if suffix in _LANG_INDEX and base in COLUMN_LABELS:
        return COLUMN_LABELS[base][_LANG_INDEX[lang]]
    if "_" not in column:
        return column
    text = (base if suffix in _LANG_INDEX and base else column).replace("_", " ")
    return text[:1].upper() + text[1:]


def labelled(frame, lang: str):
    """A copy of ``frame`` whose column and index names are labels in ``lang``."""
    out = frame.rename(columns=lambda c: label(c, lang))
    names = [label(n, lang) if n is not None else None for n in out.index.names]
    out.index = out.index.set_names(names)
    if hasattr(out.columns, "names"):
        out.columns = out.columns.set_names(
            [label(n, lang) if n is not None else None for n in out.columns.names]
        )
    return out
