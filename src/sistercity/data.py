"""The course's datasets: the one module that knows where ``data/`` is.

Every CSV in ``data/`` has a schema here (its columns, their types, which must be filled in,
which columns form its key). Loading checks the file against it and, when something is wrong,
raises :class:`DataError` naming the file, the row and the column, and saying what to do.
Row numbers are the ones a spreadsheet shows: the header is row 1, the first record row 2.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from dataclasses import dataclass, field, replace
from functools import cache
from importlib.resources import files
from pathlib import Path

import pandas as pd

from sistercity.procedure import DECISIONS, STAGE_ROLES

#: Environment variable that points the course at another data folder (a lecturer's own copy).
DATA_ENV = "SISTERCITY_DATA"

VERIFIED_STATUSES = ("verified", "partly", "unverified")


class DataError(ValueError):
    """A dataset file that cannot be loaded, with the file, row and column that are wrong."""

    def __init__(
        self,
        path: Path | str,
        message: str,
        row: int | None = None,
        column: str | None = None,
        message_id: str = "",
    ):
        self.path = Path(path)
        self.row = row
        self.column = column
        where_id = where_en = str(self.path)
        if row is not None:
            where_id += f", baris {row}"
            where_en += f", row {row}"
        if column is not None:
            where_id += f", kolom '{column}'"
            where_en += f", column '{column}'"
        # Indonesian first, as every bilingual message of the course.
        text = f"{where_en}: {message}"
        if message_id:
            text = f"{where_id}: {message_id} / {text}"
        super().__init__(text)


@dataclass(frozen=True)
class Column:
    """One column of a dataset.

    Attributes:
        name: Header name in the CSV.
        kind: ``str``, ``int``, ``float``, ``date`` (YYYY-MM-DD), ``choice``, ``choices`` (several
            of ``choices``, ';'-separated) or ``era`` (an era of ``eras.csv`` in the same folder, or
            one of ``choices``).
        required: Whether every row must fill it in.
        choices: The allowed values when ``kind`` is ``choice`` or ``choices``; extra allowed
            values when it is ``era``.
        description: What the column holds (documented in ``data/README.md``).
    """

    name: str
    kind: str = "str"
    required: bool = True
    choices: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class Schema:
    """What a dataset must look like.

    Attributes:
        filename: File name inside the data folder.
        title: One line saying what the dataset is.
        columns: The columns, in order.
        key: Columns whose values together must be unique.
    """

    filename: str
    title: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    extra: dict = field(default_factory=dict)

    @property
    def column_names(self) -> list[str]:
        """The header the file must have, in order."""
        return [c.name for c in self.columns]


def _in_force_columns() -> tuple[Column, ...]:
    """The columns a stage or requirement row uses to say which instruments it needs, when, and their words."""
    return (
        Column(
            "instruments",
            required=False,
            description="instrument_id values of legal_instruments.csv it needs in force, ';'-separated",
        ),
        Column(
            "in_force_from",
            "int",
            required=False,
            description="First year it applies, where its instrument starts later than its era",
        ),
        Column(
            "in_force_until",
            "int",
            required=False,
            description="Last year it applies, where its instrument ends before its era",
        ),
        Column(
            "quote",
            required=False,
            description="The article's words, verbatim (Indonesian), where the text was read",
        ),
    )


def _status(description: str = "verified, partly or unverified") -> Column:
    return Column("status", "choice", choices=VERIFIED_STATUSES, description=description)


def _source() -> Column:
    return Column("source_url", description="Where the fact comes from; ' ; ' separates several")


LEVELS_ID = ("province", "regency", "city")

SCHEMAS: dict[str, Schema] = {}


def register(schema: Schema) -> Schema:
    """Add a dataset's schema to :data:`SCHEMAS` under its name (the file name without .csv)."""
    SCHEMAS[schema.filename.removesuffix(".csv")] = schema
    return schema


register(
    Schema(
        "agreements.csv",
        "Indonesian sister-city and sister-province agreements",
        (
            Column("indonesian_party", description="Indonesian province, regency or city"),
            Column("indonesian_level", "choice", choices=LEVELS_ID),
            Column(
                "indonesian_province",
                description="Province the party lies in (itself if a province)",
            ),
            Column("partner", description="Foreign partner"),
            Column("partner_country"),
            Column("partner_level", description="Partner's level in its own country's terms"),
            Column(
                "year_signed",
                "int",
                required=False,
                description="Year of the agreement; empty if unknown",
            ),
            Column(
                "document", required=False, description="Kind of document and what is known of it"
            ),
            _source(),
            _status(),
        ),
        key=("indonesian_party", "partner"),
    )
)
register(
    Schema(
        "jakarta_partners.csv",
        "DKI Jakarta's sister cities and provinces",
        (
            Column("partner"),
            Column("country"),
            Column(
                "year",
                "int",
                required=False,
                description="Year the relationship began; empty if unknown",
            ),
            Column("detail", required=False, description="Documents and dates known"),
            _source(),
            _status(),
        ),
        key=("partner",),
    )
)
register(
    Schema(
        "tokyo_partners.csv",
        "The Tokyo Metropolitan Government's twelve sister and friendship cities and states",
        (
            Column("order", "int", description="Order of affiliation, 1 = first"),
            Column("partner"),
            Column("country"),
            Column("date_affiliated", "date", description="Date of affiliation (YYYY-MM-DD)"),
            _source(),
            _status(),
        ),
        key=("partner",),
    )
)
register(
    Schema(
        "legal_instruments.csv",
        "The legal instruments that govern a region's cooperation abroad",
        (
            Column("instrument_id", description="Short identifier, e.g. uu_23_2014"),
            Column(
                "kind", description="UU, PP, Permendagri, Permenlu, SE Mendagri, Surat Presiden"
            ),
            Column("number", description="Its number as written in its title"),
            Column("year", "int"),
            Column("date", "date", required=False, description="Date set or promulgated, if known"),
            Column("title"),
            Column("era", "era", choices=("all",), description="An era of eras.csv, or all"),
            Column("in_force_from", "int", required=False, description="First year it applied"),
            Column(
                "in_force_until",
                "int",
                required=False,
                description="Last year it applied; empty if in force",
            ),
            Column(
                "in_force",
                "choice",
                required=False,
                choices=("no",),
                description="no: enacted but not yet in force (e.g. waiting for a Keppres); else empty",
            ),
            Column("says_id", description="What it says about cooperation abroad, in Indonesian"),
            Column("says_en", description="What it says about cooperation abroad, in English"),
            _source(),
            _status(),
        ),
        key=("instrument_id",),
    )
)
register(
    Schema(
        "jakarta_tokyo_timeline.csv",
        "A timeline of the Jakarta–Tokyo relationship",
        (
            Column("date", description="YYYY, YYYY-MM or YYYY-MM-DD, as precise as the source"),
            Column("event_id", description="What happened, in Indonesian"),
            Column("event_en", description="What happened, in English"),
            Column(
                "paper_says",
                required=False,
                description="What the seed paper says, where it differs",
            ),
            _source(),
            _status(),
        ),
        key=("date", "event_en"),
    )
)

YES_NO = ("yes", "no")

register(
    Schema(
        "eras.csv",
        "The legal eras of forming a sister city: what opens each, from when, its budget year",
        (
            Column("era", description="Short identifier used by every other table's era column"),
            Column("order", "int", description="Place in time, oldest = 1"),
            Column(
                "title_id", description="Title naming the instruments that frame it, Indonesian"
            ),
            Column("title_en", description="The same title in English"),
            Column("name_id", description="Short name for timelines, Indonesian"),
            Column("name_en", description="Short name for timelines, English"),
            Column(
                "first_year",
                "int",
                description="First year it applies; years before the first era belong to none",
            ),
            Column(
                "fiscal_year_start_month",
                "int",
                description="Month the budget (APBD) year starts: 4 (April) before 2001, else 1",
            ),
            Column("colour", description="Hex colour for plots, e.g. #3182bd"),
            Column("legal_basis", description="The instruments (and articles) that open the era"),
            _source(),
            _status(),
            Column(
                "route_from",
                "int",
                required=False,
                description="First year every stage and requirement of its full route is in force",
            ),
            Column(
                "instruments",
                required=False,
                description="instrument_id values of legal_instruments.csv that open it, ';'-separated",
            ),
        ),
        key=("era",),
    )
)

register(
    Schema(
        "actors.csv",
        "Who takes part in forming a sister city (the swimlanes of the flow diagrams)",
        (
            Column("actor_id", description="Short identifier used in stages.csv"),
            Column("name_id", description="Name in Indonesian"),
            Column("name_en", description="Name in English"),
            Column("lane_order", "int", description="Position of its swimlane, top = 1"),
        ),
        key=("actor_id",),
    )
)
register(
    Schema(
        "stages.csv",
        "The stages of forming a sister city in each legal era, with their legal basis",
        (
            Column("era", "era", description="An era of eras.csv"),
            Column("order", "int", description="Position of the stage in its era, first = 1"),
            Column("stage_id", description="Short identifier, unique within the era"),
            Column("name_id", description="Name in Indonesian"),
            Column("name_en", description="Name in English"),
            Column(
                "actors",
                description="actor_id values from actors.csv, separated by ';'; the first leads",
            ),
            Column(
                "documents_in",
                required=False,
                description="Documents the stage needs, ';'-separated",
            ),
            Column(
                "documents_out",
                required=False,
                description="Documents the stage produces, ';'-separated",
            ),
            Column("description_id", description="What happens, in Indonesian"),
            Column("description_en", description="What happens, in English"),
            Column(
                "legal_basis",
                description="Instrument and article, or 'practice' where no rule was found",
            ),
            _source(),
            _status(
                "verified, partly or unverified: how sure we are that the law requires this stage"
            ),
            Column(
                "decision",
                "choice",
                choices=tuple(DECISIONS),
                description="The simulator decision that completes the stage",
            ),
            Column(
                "roles",
                "choices",
                required=False,
                choices=tuple(STAGE_ROLES),
                description="What else the stage is, ';'-separated: a key of STAGE_ROLES",
            ),
            Column(
                "rule",
                required=False,
                description="requirement_id (same era) that skipping this stage breaks",
            ),
            Column(
                "letter",
                required=False,
                description="Its letter in Permendagri 25/2020 Pasal 9 (a-k); empty for a sub-step",
            ),
            *_in_force_columns(),
        ),
        key=("era", "stage_id"),
    )
)
register(
    Schema(
        "requirements.csv",
        "The criteria and requirements a proposal must meet in each era",
        (
            Column("era", "era", description="An era of eras.csv"),
            Column("requirement_id"),
            Column("text_id", description="The requirement, in Indonesian"),
            Column("text_en", description="The requirement, in English"),
            Column("legal_basis"),
            _source(),
            _status(),
            *_in_force_columns(),
        ),
        key=("era", "requirement_id"),
    )
)
register(
    Schema(
        "countries.csv",
        "Whether Indonesia has diplomatic relations with a country (requirement 1 of the 2020 era)",
        (
            Column("country"),
            Column("diplomatic_relations", "choice", choices=YES_NO),
            Column("note", required=False),
            _source(),
            _status(),
        ),
        key=("country",),
    )
)
register(
    Schema(
        "pipeline_assumptions.csv",
        "Teaching assumptions for the Monte Carlo of the pipeline: not legal time limits",
        (
            Column("era", "era", description="An era of eras.csv"),
            Column("stage_id", description="A stage_id of stages.csv in the same era"),
            Column(
                "median_months", "float", description="Typical time the stage takes (assumption)"
            ),
            Column("spread", "float", description="Log-normal sigma of that time (assumption)"),
            Column(
                "p_return",
                "float",
                description="Chance the stage sends the proposal back once (assumption)",
            ),
            Column(
                "p_drop", "float", description="Chance the stage ends the proposal (assumption)"
            ),
            Column(
                "needs_budget",
                "choice",
                choices=YES_NO,
                description="Whether the stage needs money in the APBD, e.g. travel (assumption)",
            ),
            Column("note", required=False, description="Why this value was chosen"),
        ),
        key=("era", "stage_id"),
    )
)
register(
    Schema(
        "candidates.csv",
        "Candidate cities and provinces for a partnership, with sourced attributes",
        (
            Column("candidate_id", description="Short identifier"),
            Column("name"),
            Column("country"),
            Column("level", "choice", choices=("city", "province")),
            Column("level_local", description="Its level in its own country's terms"),
            Column("population", "int"),
            Column("population_year", "int"),
            Column("area_km2", "float"),
            Column("national_capital", "choice", choices=YES_NO),
            Column("coastal", "choice", choices=YES_NO),
            Column("port", "choice", choices=YES_NO),
            Column("sectors", description="Main economic sectors, ';'-separated"),
            Column(
                "problems",
                description="Shared urban problems, ';'-separated, from the README vocabulary",
            ),
            Column("jakarta_partner", "choice", choices=YES_NO),
            Column(
                "note",
                required=False,
                description="Why a value is coded as it is, where that needs saying (sourced)",
            ),
            _source(),
            _status(),
        ),
        key=("candidate_id",),
    )
)
register(
    Schema(
        "programme_activities.csv",
        "Activities of the Jakarta–Tokyo sister-city programme",
        (
            Column("activity_id"),
            Column("field_id", description="Field of cooperation, in Indonesian"),
            Column("field_en", description="Field of cooperation, in English"),
            Column("activity_id_text", description="The activity, in Indonesian"),
            Column("activity_en", description="The activity, in English"),
            Column("participants", description="Who takes part"),
            Column("kind", "choice", choices=("G2G", "G2P", "P2G", "P2P")),
            Column("years", required=False, description="When, as the source gives it"),
            _source(),
            _status(),
        ),
        key=("activity_id",),
    )
)

QUIZ_TYPES = ("multichoice", "truefalse", "matching", "shortanswer")

register(
    Schema(
        "quiz.csv",
        "The concept quiz bank: one question per row, in Indonesian and English",
        (
            Column("item_id", description="Short identifier, qNN_MM (NN = the lesson)"),
            Column("lesson", description="The lesson the item tests, two digits (00-13)"),
            Column("type", "choice", choices=QUIZ_TYPES),
            Column("question_id", description="The question, in Indonesian"),
            Column("question_en", description="The question, in English"),
            Column(
                "options_id",
                required=False,
                description="Options in Indonesian, ' | '-separated; matching: 'left -> right'; "
                "short answer: the accepted answers; empty for true/false",
            ),
            Column(
                "options_en",
                required=False,
                description="The same options in English, in the same order",
            ),
            Column(
                "answer",
                required=False,
                description="Multiple choice: the number of the correct option (1 = first); "
                "true/false: true or false; empty for matching and short answer",
            ),
            Column("explanation_id", description="Why the answer is right, in Indonesian"),
            Column("explanation_en", description="Why the answer is right, in English"),
            Column(
                "source",
                description="The lesson section, dataset or legal text the fact comes from",
            ),
            _status("verified, partly or unverified: how sure the course is of the fact tested"),
        ),
        key=("item_id",),
    )
)

# --- partner criteria by era (fixes branch) -------------------------------------------------
#: The scoring measures of :mod:`sistercity.partners.model` (``MEASURES`` there; a test checks they
#: agree), plus ``none`` for an era's criterion that no measure scores.
PARTNER_MEASURES = ("status", "size", "character", "problems", "technology", "complementarity")

register(
    Schema(
        "partner_criteria.csv",
        "Which scoring measure of the partner model stands for each partner criterion of an era",
        (
            Column("era", "era", description="An era of eras.csv"),
            Column(
                "requirement_id",
                description="The era's criterion: a requirement_id of requirements.csv, same era",
            ),
            Column(
                "measure",
                "choice",
                choices=(*PARTNER_MEASURES, "none"),
                description="The partner model's measure that scores it, or none if no data can",
            ),
            Column(
                "note_id", description="Why this measure (an assumption), or why none, Indonesian"
            ),
            Column("note_en", description="The same in English"),
        ),
        key=("era", "requirement_id", "measure"),
    )
)

# --- observed durations (fixes branch) ------------------------------------------------------
register(
    Schema(
        "observed_durations.csv",
        "Observed times from a first signed step (LoI) to the agreement, for checking the Monte Carlo",
        (
            Column("pair", description="Indonesian party – foreign partner"),
            Column("first_step", description="The document that opened the path (LoI, statement)"),
            Column("first_date", description="YYYY-MM or YYYY-MM-DD, as precise as the source"),
            Column(
                "agreement_date",
                required=False,
                description="YYYY-MM or YYYY-MM-DD of the agreement; empty if none is known yet",
            ),
            Column(
                "censored_at",
                required=False,
                description="YYYY-MM-DD up to which no agreement is known (right-censored rows)",
            ),
            Column("note", required=False, description="What the sources say and any caveat"),
            _source(),
            _status(),
        ),
        key=("pair", "first_date"),
    )
)

# --- the law's clocks (law-clocks branch) ----------------------------------------------------
CLOCK_UNITS = ("working_days", "months", "years", "week_of_january", "times_a_year", "none")
CLOCK_EFFECTS = (
    "lapse",
    "deemed_approval",
    "direct_route",
    "limit_only",
    "no_limit",
    "term",
    "extension_notice",
    "report_due",
    "sanction",
    "supervision",
)
register(
    Schema(
        "legal_clocks.csv",
        "The time limits the texts set (and the steps they leave without one), quoted verbatim",
        (
            Column("clock_id", description="Short identifier"),
            Column("instrument", description="The regulation that sets the limit"),
            Column("article", description="Its article and paragraph"),
            Column("in_force_from", "date", description="Date the instrument took effect"),
            Column("actor", description="The actor of actors.csv who must act in time"),
            Column(
                "applies_to",
                description="What the clock governs: role:<stage role>, decision:<decision> or "
                "after_signing",
            ),
            Column(
                "carried_to",
                required=False,
                description="For a validity: the step that must be taken while still valid "
                "(role:<stage role>), a reading",
            ),
            Column("limit_value", "float", required=False, description="The limit's number"),
            Column("limit_unit", "choice", choices=CLOCK_UNITS, description="Its unit"),
            Column("effect", "choice", choices=CLOCK_EFFECTS, description="What the limit does"),
            Column(
                "modelled",
                "choices",
                choices=("monte_carlo", "roleplay", "none"),
                description="Where the course uses it",
            ),
            Column("quote", description="The article's words, verbatim (Indonesian)"),
            Column("reading_id", description="What it means and how the course reads it"),
            Column("reading_en", description="The same in English"),
            _source(),
            _status(),
        ),
        key=("clock_id",),
    )
)


def data_dir() -> Path:
    """Folder holding the course's CSV files.

    ``$SISTERCITY_DATA`` if set; else the copy inside an installed wheel; else the
    repository's top-level ``data/`` (an editable install).
    """
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV])
    shipped = Path(str(files("sistercity"))) / "data"
    if shipped.is_dir():
        return shipped
    return Path(__file__).resolve().parents[2] / "data"


def dataset_path(name: str) -> Path:
    """Path of the dataset called ``name`` (its file name without ``.csv``)."""
    return data_dir() / schema_for(name).filename


def schema_for(name: str) -> Schema:
    """The schema of dataset ``name``; a clear error for an unknown name."""
    try:
        return SCHEMAS[name]
    except KeyError:
        known = ", ".join(sorted(SCHEMAS))
        raise KeyError(f"No dataset called '{name}'. The datasets are: {known}.") from None


def _parse(value: str, column: Column, path: Path, row: int):
    """Turn one cell's text into a Python value, or raise a DataError naming the cell."""
    text = value.strip()
    if text == "":
        if column.required:
            raise DataError(
                path,
                "this cell is empty but must be filled in.",
                row,
                column.name,
                "sel ini kosong padahal wajib diisi.",
            )
        return None
    if column.kind == "str":
        return text
    if column.kind == "int":
        try:
            return int(text)
        except ValueError:
            raise DataError(
                path,
                f"'{text}' is not a whole number. Write digits only, e.g. 1989.",
                row,
                column.name,
                f"'{text}' bukan bilangan bulat. Tulis angka saja, mis. 1989.",
            ) from None
    if column.kind == "float":
        try:
            return float(text)
        except ValueError:
            raise DataError(
                path,
                f"'{text}' is not a number. Use a dot for decimals, e.g. 10.5.",
                row,
                column.name,
                f"'{text}' bukan angka. Pakai titik untuk desimal, mis. 10.5.",
            ) from None
    if column.kind == "date":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise DataError(
                path,
                f"'{text}' is not a date. Write it as YYYY-MM-DD, e.g. 1989-10-23.",
                row,
                column.name,
                f"'{text}' bukan tanggal. Tulis sebagai YYYY-MM-DD, mis. 1989-10-23.",
            ) from None
    if column.kind in ("choice", "era"):
        if text not in column.choices:
            allowed = ", ".join(column.choices)
            raise DataError(
                path,
                f"'{text}' is not allowed here. Use one of: {allowed}.",
                row,
                column.name,
                f"'{text}' tidak diperbolehkan di sini. Pakai salah satu dari: {allowed}.",
            )
        return text
    if column.kind == "choices":
        parts = [part.strip() for part in text.split(";") if part.strip()]
        wrong = [part for part in parts if part not in column.choices]
        if wrong:
            allowed = ", ".join(column.choices)
            raise DataError(
                path,
                f"'{wrong[0]}' is not allowed here. Use one or more of: {allowed}, separated by ';'.",
                row,
                column.name,
                f"'{wrong[0]}' tidak diperbolehkan di sini. Pakai satu atau lebih dari: {allowed}, "
                "dipisah ';'.",
            )
        return ";".join(parts)
    raise ValueError(f"unknown column kind {column.kind!r}")  # a bug in a schema, not in the data


def read_checked(path: Path | str, schema: Schema) -> pd.DataFrame:
    """Read ``path`` and check it against ``schema``; return it as a DataFrame.

    Raises:
        DataError: naming the file, and the row and column where there is one.
    """
    path = Path(path)
    if not path.is_file():
        raise DataError(
            path,
            "the file is missing. Restore it from the course repository.",
            message_id="berkasnya tidak ada. Pulihkan dari repositori mata kuliah.",
        )
    with path.open(newline="", encoding="utf-8-sig") as handle:
        try:
            rows = list(csv.reader(handle))
        except (csv.Error, UnicodeDecodeError) as error:
            raise DataError(
                path,
                f"the file is not readable as CSV ({error}). Save it as UTF-8 CSV.",
                message_id=f"berkas tidak terbaca sebagai CSV ({error}). Simpan sebagai CSV UTF-8.",
            ) from None
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise DataError(
            path,
            "the file is empty. It needs a header row and at least one record.",
            message_id="berkasnya kosong. Perlu baris judul kolom dan sekurang-kurangnya satu baris data.",
        )
    header, records = [h.strip() for h in rows[0]], rows[1:]
    expected = schema.column_names
    missing = [c for c in expected if c not in header]
    if missing:
        raise DataError(
            path,
            f"the header lacks the column(s) {', '.join(missing)}. Add them to row 1.",
            1,
            missing[0],
            f"baris judul tidak memuat kolom {', '.join(missing)}. Tambahkan ke baris 1.",
        )
    unknown = [c for c in header if c not in expected]
    if unknown:
        raise DataError(
            path,
            f"the header has column(s) the course does not know: {', '.join(unknown)}.",
            1,
            unknown[0],
            f"baris judul memuat kolom yang tidak dikenal: {', '.join(unknown)}.",
        )
    if not records:
        raise DataError(
            path,
            "the file has a header but no records.",
            2,
            message_id="berkas punya baris judul tetapi tidak punya baris data.",
        )
    by_name = {c.name: _with_eras(c, path) for c in schema.columns}
    parsed: list[dict] = []
    seen: dict[tuple, int] = {}
    for index, record in enumerate(records, start=2):
        if len(record) != len(header):
            raise DataError(
                path,
                f"this row has {len(record)} cells but the header has {len(header)}. "
                "Check for a missing or extra comma (quote cells that contain commas).",
                index,
                message_id=f"baris ini punya {len(record)} sel, baris judul {len(header)}. Periksa "
                "koma yang hilang atau berlebih (beri tanda kutip pada sel yang memuat koma).",
            )
        values = {
            name: _parse(cell, by_name[name], path, index)
            for name, cell in zip(header, record, strict=True)
        }
        key = tuple(values[k] for k in schema.key)
        if key in seen:
            shown = ", ".join(f"{k}={v}" for k, v in zip(schema.key, key, strict=True))
            raise DataError(
                path,
                f"duplicate key ({shown}); row {seen[key]} has it too. Merge the two rows or remove one.",
                index,
                schema.key[0],
                f"kunci ganda ({shown}); baris {seen[key]} juga memilikinya. Gabungkan kedua baris "
                "atau hapus salah satunya.",
            )
        seen[key] = index
        parsed.append(values)
    frame = pd.DataFrame(parsed, columns=expected)
    for column in schema.columns:
        if column.kind == "int":
            frame[column.name] = frame[column.name].astype("Int64")
        elif column.kind == "float":
            frame[column.name] = frame[column.name].astype("float64")
    return frame


def _with_eras(column: Column, path: Path) -> Column:
    """``column`` with the eras of ``eras.csv`` added to its choices, if it holds an era.

    The eras are those beside ``path`` when that folder has an ``eras.csv`` (a data folder), else
    the course's own (a lecturer's single edited file, e.g. ``simulate --assumptions``).
    """
    if column.kind != "era":
        return column
    beside = path.parent / SCHEMAS["eras"].filename
    eras = read_checked(beside if beside.is_file() else dataset_path("eras"), SCHEMAS["eras"])
    return replace(column, choices=tuple(eras["era"]) + column.choices)


@cache
def _load_cached(path: Path, name: str, mtime: float) -> pd.DataFrame:
    return read_checked(path, schema_for(name))


def load(name: str) -> pd.DataFrame:
    """Load the dataset ``name`` (e.g. ``"agreements"``), checked against its schema.

    Each call returns a fresh copy, so a notebook may change it freely.
    """
    path = dataset_path(name)
    mtime = path.stat().st_mtime if path.exists() else 0.0
    return _load_cached(path, name, mtime).copy()


def check_all() -> list[str]:
    """Load every dataset; return one line per dataset that loads, raising on the first that fails."""
    report = []
    for name in sorted(SCHEMAS):
        frame = load(name)
        report.append(f"{SCHEMAS[name].filename}: {len(frame)} baris OK / {len(frame)} rows OK")
    return report


# --- Role-play datasets (sistercity.roleplay). Kept as one block at the end for easy merges. ---

#: The kinds of role: who proposes, who approves, who advises, who is the foreign partner.
ROLE_KINDS = ("proposer", "approver", "adviser", "partner")
#: The levels of government (Hooghe & Marks's multi-level governance) a role sits at.
ROLE_LEVELS = ("local", "provincial", "national", "international")
#: What a role wants, scored from the game's log (see sistercity.roleplay.model.INTERESTS).
ROLE_INTERESTS = ("signed", "scrutiny", "lawful")

register(
    Schema(
        "roleplay_briefs.csv",
        "Confidential role briefs for the classroom role-play, one per era and role",
        (
            Column("era", "era", description="An era of eras.csv"),
            Column("role_id", description="Short identifier of the role (the group)"),
            Column(
                "actors",
                description="actor_id values of actors.csv the role plays, ';'-separated",
            ),
            Column("kind", "choice", choices=ROLE_KINDS, description="proposer, approver, ..."),
            Column("level", "choice", choices=ROLE_LEVELS, description="Level of government"),
            Column(
                "putnam_level",
                "choice",
                choices=("I", "II"),
                description="Putnam's level: I = negotiation abroad, II = domestic ratification",
            ),
            Column(
                "interests",
                "choices",
                choices=ROLE_INTERESTS,
                description="What the role is graded as pursuing, ';'-separated",
            ),
            Column("name_id", description="The role's name, Indonesian"),
            Column("name_en", description="The role's name, English"),
            Column("interests_id", description="Its interests, Indonesian"),
            Column("interests_en", description="Its interests, English"),
            Column("constraints_id", description="Its constraints, Indonesian"),
            Column("constraints_en", description="Its constraints, English"),
            Column("private_id", description="What it knows that others do not, Indonesian"),
            Column("private_en", description="What it knows that others do not, English"),
            Column("powers_id", description="What it may decide, Indonesian"),
            Column("powers_en", description="What it may decide, English"),
            Column("legal_basis", description="The legal basis of its powers"),
            _source(),
            _status("how sure the course is of the legal basis of its powers"),
        ),
        key=("era", "role_id"),
    )
)
register(
    Schema(
        "roleplay_injects.csv",
        "Events the facilitator fires in the role-play, with the rule each applies",
        (
            Column("era", "era", description="An era of eras.csv"),
            Column("inject_id", description="Short identifier, unique within the era"),
            Column("name_id", description="Its name, Indonesian"),
            Column("name_en", description="Its name, English"),
            Column("description_id", description="What happens, Indonesian"),
            Column("description_en", description="What happens, English"),
            Column(
                "effects",
                description="';'-separated kind:argument: revision:ROLE, hold:ROLE, "
                "return:STAGE_ROLE, country:COUNTRY, deemed:ROLE, direct_route:ROLE",
            ),
            Column("reason_id", description="The legal or political reason, Indonesian"),
            Column("reason_en", description="The legal or political reason, English"),
            Column("legal_basis", description="The instrument, or 'asumsi permainan'"),
            _source(),
            _status(),
        ),
        key=("era", "inject_id"),
    )
)
