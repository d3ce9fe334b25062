"""Scoring a candidate partner against a home region on the partner criteria of a legal era.

Pure layer: pandas, numpy and the standard library only; no plotting, no widgets, no file access.
The model has six **measures** (status, size, character, problems, technology, complementarity),
first built for the six criteria (a)–(f) of SE Mendagri 193/1652/PUOD. Which measures stand for
which criterion of an era is data (``data/partner_criteria.csv``), passed in as a
:class:`CriteriaSet`; without one, all six measures are scored. No rule gives a formula or weights:
every formula below, the mapping of criteria to measures and the equal default weights are the
course's teaching assumptions, and the explanations say so.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from sistercity.i18n import both, check_lang, pick

#: The model's six scoring measures, in the order of the circular's criteria (a)–(f).
MEASURES = ("status", "size", "character", "problems", "technology", "complementarity")

#: The former name of :data:`MEASURES` (lessons and exercises use it).
CRITERIA = MEASURES

CRITERION_NAMES = {
    "status": {
        "id": "(a) Kesamaan kedudukan dan status administrasi",
        "en": "(a) Same administrative status",
    },
    "size": {"id": "(b) Kesamaan ukuran dan fungsi", "en": "(b) Similar size and function"},
    "character": {"id": "(c) Kesamaan karakteristik", "en": "(c) Similar characteristics"},
    "problems": {"id": "(d) Kesamaan permasalahan", "en": "(d) Similar problems"},
    "technology": {
        "id": "(e) Iptek yang dapat dialihkan",
        "en": "(e) Transferable science and technology",
    },
    "complementarity": {
        "id": "(f) Saling melengkapi di bidang ekonomi",
        "en": "(f) Economic complementarity",
    },
}

#: What each measure compares, whatever era's criterion it stands for.
MEASURE_NAMES = {
    "status": {"id": "status (tingkat, ibu kota)", "en": "status (level, capital)"},
    "size": {"id": "ukuran (penduduk, luas, pelabuhan)", "en": "size (population, area, port)"},
    "character": {"id": "karakter (pesisir, sektor)", "en": "character (coast, sectors)"},
    "problems": {"id": "masalah bersama", "en": "shared problems"},
    "technology": {"id": "iptek yang dapat dialihkan", "en": "transferable know-how"},
    "complementarity": {"id": "saling melengkapi (sektor)", "en": "complementarity (sectors)"},
}

#: Short labels for charts.
CRITERION_SHORT = {
    "status": {"id": "status", "en": "status"},
    "size": {"id": "ukuran", "en": "size"},
    "character": {"id": "karakter", "en": "character"},
    "problems": {"id": "masalah", "en": "problems"},
    "technology": {"id": "iptek", "en": "know-how"},
    "complementarity": {"id": "saling melengkapi", "en": "complementarity"},
}

#: The fixed vocabulary of urban problems (documented in data/README.md).
PROBLEMS = (
    "flooding",
    "congestion",
    "waste",
    "air_pollution",
    "land_subsidence",
    "housing",
    "water_supply",
    "ageing",
    "tourism_pressure",
    "earthquake_risk",
)

#: The fixed vocabulary of economic sectors (documented in data/README.md).
SECTORS = (
    "finance",
    "trade",
    "manufacturing",
    "logistics",
    "tourism",
    "government",
    "technology",
    "education",
    "agriculture",
    "energy",
    "creative",
)

#: Sectors whose presence the course takes as a sign of know-how to share (assumption for (e)).
KNOWLEDGE_SECTORS = frozenset({"technology", "education"})

DEFAULT_WEIGHTS = dict.fromkeys(MEASURES, 1.0)


@dataclass(frozen=True)
class CriteriaSet:
    """The partner criteria of one era: which measures score them, and which no data can score.

    Attributes:
        era: The era's id (a row of ``eras.csv``).
        measures: The measures scored, in the model's order.
        criteria: For each measure scored, the name of the era's criterion it stands for,
            ``{"id": ..., "en": ...}``.
        reasons: For each measure scored, why it stands for that criterion (an assumption).
        unscored: The era's criteria no measure scores, each ``{"id": name, "en": name,
            "why_id": ..., "why_en": ...}``.
    """

    era: str
    measures: tuple[str, ...]
    criteria: dict[str, dict[str, str]]
    reasons: dict[str, dict[str, str]] = field(default_factory=dict)
    unscored: tuple[dict[str, str], ...] = ()

    def label(self, measure: str, lang: str = "id") -> str:
        """The era's criterion a measure stands for, then what the measure compares."""
        check_lang(lang)
        return f"{self.criteria[measure][lang]}: {MEASURE_NAMES[measure][lang]}"

    def unscored_names(self, lang: str = "id") -> list[str]:
        """The names of the era's criteria that are not scored, in ``lang``."""
        check_lang(lang)
        return [item[lang] for item in self.unscored]


def criteria_from_frames(
    era: str, partner_criteria: pd.DataFrame, requirements: pd.DataFrame
) -> CriteriaSet:
    """Build the :class:`CriteriaSet` of ``era`` from ``partner_criteria.csv`` and ``requirements.csv``.

    Raises:
        ValueError: in both languages, if the era has no partner criteria or a row names a
            requirement the era does not have.
    """
    rows = partner_criteria[partner_criteria["era"] == era]
    if rows.empty:
        raise ValueError(
            both(
                f"Era {era} tidak punya baris di partner_criteria.csv. Tambahkan kriteria mitranya.",
                f"Era {era} has no rows in partner_criteria.csv. Add its partner criteria there.",
            )
        )
    texts = requirements[requirements["era"] == era].set_index("requirement_id")
    missing = sorted(set(rows["requirement_id"]) - set(texts.index))
    if missing:
        raise ValueError(
            both(
                f"partner_criteria.csv menyebut syarat yang tidak ada di requirements.csv untuk era "
                f"{era}: {', '.join(missing)}. Samakan requirement_id di kedua berkas.",
                f"partner_criteria.csv names requirements that requirements.csv lacks for era "
                f"{era}: {', '.join(missing)}. Make the requirement_id values agree.",
            )
        )
    criteria: dict[str, dict[str, str]] = {}
    reasons: dict[str, dict[str, str]] = {}
    unscored = []
    for _, row in rows.iterrows():
        name = {
            "id": str(texts.loc[row["requirement_id"], "text_id"]),
            "en": str(texts.loc[row["requirement_id"], "text_en"]),
        }
        if row["measure"] == "none":
            unscored.append({**name, "why_id": row["note_id"], "why_en": row["note_en"]})
        else:
            criteria[row["measure"]] = name
            reasons[row["measure"]] = {"id": row["note_id"], "en": row["note_en"]}
    measures = tuple(m for m in MEASURES if m in criteria)
    return CriteriaSet(era, measures, criteria, reasons, tuple(unscored))


def _measures_of(criteria: CriteriaSet | None) -> tuple[str, ...]:
    return MEASURES if criteria is None else criteria.measures


# A tenfold difference in population or area counts as "not similar at all" (assumption).
_LOG_SPAN = 1.0


@dataclass(frozen=True)
class PairScore:
    """The score of one candidate for one home region.

    Attributes:
        home: Name of the home region.
        candidate: Name of the candidate.
        total: Weighted mean of the sub-scores, 0..1.
        scores: Sub-score of each criterion, 0..1.
        weights: The normalised weights used (they sum to 1).
        explanations: For each criterion, ``{"id": ..., "en": ...}`` with the numbers.
        diplomatic_relations: ``"yes"``, ``"no"`` or ``"unknown"`` for the candidate's country.
    """

    home: str
    candidate: str
    total: float
    scores: dict[str, float]
    weights: dict[str, float]
    explanations: dict[str, dict[str, str]]
    diplomatic_relations: str = "unknown"
    notes: list[dict[str, str]] = field(default_factory=list)
    criteria: CriteriaSet | None = None

    @property
    def measures(self) -> tuple[str, ...]:
        """The measures that make up the total (all six without an era's criteria)."""
        return _measures_of(self.criteria)

    def explain(self, lang: str = "id") -> list[str]:
        """One line per criterion scored, then the criteria not scored, then any notes, in ``lang``."""
        check_lang(lang)
        lines = []
        for c in self.measures:
            score = f"{self.scores[c]:.2f}"
            if lang == "id":
                score = score.replace(".", ",")
            name = (
                CRITERION_NAMES[c][lang] if self.criteria is None else self.criteria.label(c, lang)
            )
            lines.append(f"{name}: {score} — {self.explanations[c][lang]}")
        if self.criteria is not None and self.criteria.unscored:
            lines.append(
                pick(lang, id="Tidak dinilai dari data: ", en="Not scored from the data: ")
                + "; ".join(self.criteria.unscored_names(lang))
                + "."
            )
        lines += [note[lang] for note in self.notes]
        return lines


def check_weights(
    weights: Mapping[str, float] | None, measures: tuple[str, ...] = MEASURES
) -> dict[str, float]:
    """Return the weights of ``measures`` normalised to sum 1; a bilingual ValueError if unusable.

    Weights given for a known measure that ``measures`` leaves out (one the era does not score)
    are ignored; a name that is no measure at all is an error.
    """
    if weights is None:
        weights = DEFAULT_WEIGHTS
    unknown = sorted(set(weights) - set(MEASURES))
    if unknown:
        raise ValueError(
            both(
                f"Bobot untuk kriteria yang tidak dikenal: {', '.join(unknown)}. "
                f"Gunakan: {', '.join(measures)}.",
                f"Weights for unknown criteria: {', '.join(unknown)}. Use: {', '.join(measures)}.",
            )
        )
    values = {c: float(weights.get(c, 0.0)) for c in measures}
    bad = [c for c, w in values.items() if not math.isfinite(w) or w < 0]
    if bad:
        raise ValueError(
            both(
                f"Bobot harus berupa angka 0 atau lebih; periksa: {', '.join(bad)}.",
                f"Weights must be numbers of 0 or more; check: {', '.join(bad)}.",
            )
        )
    total = sum(values.values())
    if total == 0:
        raise ValueError(
            both(
                "Semua bobot nol. Beri setidaknya satu kriteria bobot lebih dari 0.",
                "All weights are zero. Give at least one criterion a weight above 0.",
            )
        )
    return {c: w / total for c, w in values.items()}


def split_list(value) -> frozenset[str]:
    """The set of items in a ';'-separated cell (empty for a missing cell)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return frozenset()
    return frozenset(item.strip() for item in str(value).split(";") if item.strip())


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared items over all items of two sets; 1.0 when both are empty."""
    union = a | b
    return 1.0 if not union else len(a & b) / len(union)


def log_similarity(x: float, y: float) -> float:
    """1 for equal positive numbers, falling linearly to 0 at a tenfold difference (assumption)."""
    if x <= 0 or y <= 0:
        return 0.0
    return max(0.0, 1.0 - abs(math.log10(x) - math.log10(y)) / _LOG_SPAN)


def _yes(value) -> bool:
    return str(value).strip().lower() == "yes"


def _id_decimals(text: str) -> str:
    """Write two-decimal numbers with a decimal comma, as Indonesian does (0.25 -> 0,25)."""
    return re.sub(r"(?<![\d.])(\d+)\.(\d{2})(?![\d.])", r"\1,\2", text)


def _fmt_int(n) -> str:
    return f"{int(n):,}".replace(",", ".")


def _names(items, lang: str) -> str:
    if not items:
        return pick(lang, id="tidak ada", en="none")
    return ", ".join(sorted(items))


def score_pair(
    home: Mapping,
    candidate: Mapping,
    weights: Mapping[str, float] | None = None,
    diplomatic_relations: str = "unknown",
    criteria: CriteriaSet | None = None,
) -> PairScore:
    """Score ``candidate`` for ``home`` (two rows of candidates.csv) on an era's partner criteria.

    Args:
        home: The home region's row (a mapping or a pandas Series).
        candidate: The candidate's row.
        weights: Weight of each measure (non-negative, not all zero); equal weights if None.
        diplomatic_relations: Whether Indonesia has diplomatic relations with the candidate's
            country: ``"yes"``, ``"no"`` or ``"unknown"``.
        criteria: The era's criteria (:class:`CriteriaSet`); None scores all six measures.

    Returns:
        The total over the era's measures, every sub-score and an explanation of each in both
        languages.
    """
    measures = _measures_of(criteria)
    w = check_weights(weights, measures)
    scores: dict[str, float] = {}
    text: dict[str, dict[str, str]] = {}
    hn, cn = str(home["name"]), str(candidate["name"])

    # (a) status: the same level (city/province) and the same position (national capital or not).
    same_level = home["level"] == candidate["level"]
    same_capital = _yes(home["national_capital"]) == _yes(candidate["national_capital"])
    scores["status"] = 0.5 * same_level + 0.5 * same_capital
    lv = {"city": ("kota", "city"), "province": ("provinsi", "province")}
    text["status"] = {
        "id": (
            f"tingkat {lv[home['level']][0]} vs {lv[candidate['level']][0]} "
            f"({'sama' if same_level else 'beda'}); ibu kota negara: "
            f"{'sama' if same_capital else 'beda'}. Skor = 0,5×tingkat + 0,5×ibu kota (asumsi)."
        ),
        "en": (
            f"level {lv[home['level']][1]} vs {lv[candidate['level']][1]} "
            f"({'same' if same_level else 'different'}); national capital: "
            f"{'same' if same_capital else 'different'}. Score = 0.5×level + 0.5×capital (assumption)."
        ),
    }

    # (b) size and function: log-similarity of population and area, plus the port function.
    pop = log_similarity(float(home["population"]), float(candidate["population"]))
    area = log_similarity(float(home["area_km2"]), float(candidate["area_km2"]))
    same_port = _yes(home["port"]) == _yes(candidate["port"])
    area_h_id = f"{home['area_km2']:g}".replace(".", ",")
    area_c_id = f"{candidate['area_km2']:g}".replace(".", ",")
    scores["size"] = 0.4 * pop + 0.4 * area + 0.2 * same_port
    text["size"] = {
        "id": (
            f"penduduk {_fmt_int(home['population'])} vs {_fmt_int(candidate['population'])} "
            f"(kemiripan {pop:.2f}); luas {area_h_id} vs {area_c_id} km² "
            f"(kemiripan {area:.2f}); pelabuhan {'sama' if same_port else 'beda'}. "
            "Kemiripan 0 pada selisih 10 kali lipat (asumsi)."
        ),
        "en": (
            f"population {int(home['population']):,} vs {int(candidate['population']):,} "
            f"(similarity {pop:.2f}); area {home['area_km2']:g} vs {candidate['area_km2']:g} km² "
            f"(similarity {area:.2f}); port {'same' if same_port else 'different'}. "
            "Similarity reaches 0 at a tenfold difference (assumption)."
        ),
    }

    # (c) characteristics: coastal or not, and the overlap of main sectors.
    hs, cs = split_list(home["sectors"]), split_list(candidate["sectors"])
    same_coast = _yes(home["coastal"]) == _yes(candidate["coastal"])
    sector_overlap = jaccard(hs, cs)
    scores["character"] = 0.5 * same_coast + 0.5 * sector_overlap
    text["character"] = {
        "id": (
            f"pesisir {'sama' if same_coast else 'beda'}; sektor bersama: {_names(hs & cs, 'id')} "
            f"(Jaccard {sector_overlap:.2f})."
        ),
        "en": (
            f"coastal {'same' if same_coast else 'different'}; shared sectors: "
            f"{_names(hs & cs, 'en')} (Jaccard {sector_overlap:.2f})."
        ),
    }

    # (d) problems: Jaccard overlap of the urban problems.
    hp, cp = split_list(home["problems"]), split_list(candidate["problems"])
    shared = hp & cp
    scores["problems"] = jaccard(hp, cp)
    text["problems"] = {
        "id": (
            f"masalah bersama: {_names(shared, 'id')} ({len(shared)} dari {len(hp | cp)} "
            "masalah gabungan; Jaccard)."
        ),
        "en": (
            f"shared problems: {_names(shared, 'en')} ({len(shared)} of {len(hp | cp)} "
            "problems in all; Jaccard)."
        ),
    }

    # (e) technology: a city that faces a problem has had to build answers to it; a knowledge
    # sector makes those answers easier to pass on. Both halves are the course's assumption.
    covered = len(shared) / len(hp) if hp else 0.0
    knowledge = bool(cs & KNOWLEDGE_SECTORS)
    scores["technology"] = covered * (0.5 + 0.5 * knowledge)
    text["technology"] = {
        "id": (
            f"{len(shared)} dari {len(hp)} masalah {hn} juga dihadapi {cn}; sektor iptek/pendidikan "
            f"{'ada' if knowledge else 'tidak ada'} (pengali {'1' if knowledge else '0,5'}). "
            "Proksi ini asumsi bahan ini, bukan ketentuan peraturan."
        ),
        "en": (
            f"{len(shared)} of {hn}'s {len(hp)} problems are also faced by {cn}; technology/education "
            f"sector {'present' if knowledge else 'absent'} (factor {'1' if knowledge else '0.5'}). "
            "This proxy is the course's assumption, not a rule of any regulation."
        ),
    }

    # (f) complementarity: sectors one side has and the other lacks, as a share of all sectors.
    only_home, only_cand = hs - cs, cs - hs
    scores["complementarity"] = 1.0 - sector_overlap if (hs | cs) else 0.0
    text["complementarity"] = {
        "id": (
            f"hanya di {cn}: {_names(only_cand, 'id')}; hanya di {hn}: {_names(only_home, 'id')} "
            f"(1 − Jaccard = {scores['complementarity']:.2f})."
        ),
        "en": (
            f"only in {cn}: {_names(only_cand, 'en')}; only in {hn}: {_names(only_home, 'en')} "
            f"(1 − Jaccard = {scores['complementarity']:.2f})."
        ),
    }

    for criterion in CRITERIA:
        text[criterion]["id"] = _id_decimals(text[criterion]["id"])
    total = sum(w[c] * scores[c] for c in measures)
    notes = []
    relations = diplomatic_relations if diplomatic_relations in ("yes", "no") else "unknown"
    if relations == "no":
        notes.append(
            {
                "id": (
                    f"PERHATIAN: Indonesia tidak punya hubungan diplomatik dengan "
                    f"{candidate['country']}; sejak 2020 itu syarat kerja sama dengan pemerintah "
                    "daerah di luar negeri."
                ),
                "en": (
                    f"WARNING: Indonesia has no diplomatic relations with {candidate['country']}; "
                    "since 2020 that is a requirement for cooperation with a foreign local government."
                ),
            }
        )
    elif relations == "unknown":
        notes.append(
            {
                "id": f"Hubungan diplomatik Indonesia dengan {candidate['country']} belum tercatat di data.",
                "en": f"Indonesia's diplomatic relations with {candidate['country']} are not in the data.",
            }
        )
    return PairScore(hn, cn, total, scores, w, text, relations, notes, criteria)


def relations_lookup(countries: pd.DataFrame | None) -> dict[str, str]:
    """Map a lower-case country name to ``"yes"``/``"no"`` from a countries table (empty if None)."""
    if countries is None or countries.empty:
        return {}
    return {
        str(country).strip().lower(): str(rel).strip().lower()
        for country, rel in zip(
            countries["country"], countries["diplomatic_relations"], strict=True
        )
    }


def find_region(candidates: pd.DataFrame, name: str) -> pd.Series:
    """The row of ``candidates`` whose name or candidate_id is ``name``; a bilingual error if none."""
    match = candidates[(candidates["name"] == name) | (candidates["candidate_id"] == name)]
    if match.empty:
        raise ValueError(
            both(
                f"Daerah '{name}' tidak ada di data kandidat. Pilih salah satu nama di kolom 'name'.",
                f"There is no region '{name}' in the candidates data. Pick a name from its 'name' column.",
            )
        )
    return match.iloc[0]


def rank_candidates(
    home: str | Mapping,
    candidates: pd.DataFrame,
    weights: Mapping[str, float] | None = None,
    countries: pd.DataFrame | None = None,
    foreign_only: bool = True,
    criteria: CriteriaSet | None = None,
) -> pd.DataFrame:
    """Score every candidate for ``home`` and return them sorted, best first.

    Args:
        home: The home region's name or candidate_id, or its row.
        candidates: The candidates table (``sistercity.data.load("candidates")``).
        weights: Weight of each measure; equal weights if None.
        countries: Optional table with ``country`` and ``diplomatic_relations`` (yes/no);
            candidates whose country has none are flagged, not removed.
        foreign_only: Leave out candidates in the home region's own country.
        criteria: The era's criteria (:class:`CriteriaSet`); None scores all six measures.

    Returns:
        One row per candidate: rank, name, country, total (over the era's measures), all six
        sub-scores, ``diplomatic_relations`` and ``flagged``.
    """
    home_row = find_region(candidates, home) if isinstance(home, str) else home
    lookup = relations_lookup(countries)
    rows = []
    for _, cand in candidates.iterrows():
        if cand["candidate_id"] == home_row["candidate_id"]:
            continue
        if foreign_only and cand["country"] == home_row["country"]:
            continue
        rel = lookup.get(str(cand["country"]).strip().lower(), "unknown")
        result = score_pair(home_row, cand, weights, rel, criteria)
        rows.append(
            {
                "candidate_id": cand["candidate_id"],
                "name": cand["name"],
                "country": cand["country"],
                "jakarta_partner": cand["jakarta_partner"],
                "total": result.total,
                **result.scores,
                "diplomatic_relations": rel,
                "flagged": rel == "no",
            }
        )
    ranking = pd.DataFrame(rows)
    if ranking.empty:
        return ranking
    ranking = ranking.sort_values(["total", "name"], ascending=[False, True]).reset_index(drop=True)
    ranking.insert(0, "rank", range(1, len(ranking) + 1))
    return ranking


# --- the KSDPL partner requirements the data can check (2020 framework) -----------------------

#: An assumption of the course, not a rule: no text says how alike two territories must be for
#: "kesetaraan wilayah" (Permendagri 25/2020 Pasal 5 ayat (3) huruf a); here two territories are
#: comparable when the larger area is at most this many times the smaller.
COMPARABLE_AREA_RATIO = 3.0
#: Where the checked requirements come from (quoted verbatim in :func:`eligibility`'s reasons).
ELIGIBILITY_BASIS = {
    "relations": "Permendagri 25/2020 Pasal 5 ayat (1) huruf a; PP 28/2018 Pasal 27 ayat (1) huruf a",
    "equality": "Permendagri 25/2020 Pasal 5 ayat (3) huruf a; PP 28/2018 Pasal 27 ayat (3) huruf a",
    "equivalent": "Permendagri 25/2020 Pasal 6 ayat (2) dan (3)",
}
_LEVEL_WORDS = {"province": ("provinsi", "province"), "city": ("kabupaten/kota", "regency/city")}


@dataclass(frozen=True)
class Eligibility:
    """Whether a candidate meets the KSDPL requirements the data can check, and why (both languages).

    Attributes:
        candidate_id: The candidate.
        eligible: Diplomatic relations, and equal administrative status or comparable territory.
        relations: Indonesia has diplomatic relations with the candidate's country.
        same_status: The candidate's level is the home region's ("atau yang setingkat": the
            ``level`` column gives a foreign unit's Indonesian equivalent, ``level_local`` its own).
        comparable_territory: The areas are comparable (:data:`COMPARABLE_AREA_RATIO`, an assumption).
        area_ratio: The larger area divided by the smaller (NaN when an area is missing).
    """

    candidate_id: str
    eligible: bool
    relations: bool
    same_status: bool
    comparable_territory: bool
    area_ratio: float
    reasons_id: tuple[str, ...]
    reasons_en: tuple[str, ...]

    def reasons(self, lang: str = "id") -> tuple[str, ...]:
        """The reasons in ``lang``, one per requirement checked."""
        return pick(lang, id=self.reasons_id, en=self.reasons_en)


def eligibility(home: Mapping, candidate: Mapping, relations: Mapping[str, str]) -> Eligibility:
    """The checkable KSDPL requirements for ``candidate`` as partner of ``home``, with reasons.

    "KSDPL harus memenuhi persyaratan: a. kesetaraan status administrasi dan/atau kesetaraan
    wilayah" (Permendagri 25/2020 Pasal 5 ayat (3)); a province twins with a foreign "Pemerintah
    Daerah Provinsi atau yang setingkat", a regency or city with a "Pemerintah Daerah
    Kabupaten/Kota atau yang setingkat" (Pasal 6 ayat (2) and (3)); and the partner's country
    must have diplomatic relations with Indonesia (Pasal 5 ayat (1) huruf a). A candidate of
    another level is not excluded for that alone: it is eligible when its territory is comparable.

    Args:
        home: The home region's row of the candidates table.
        candidate: The candidate's row of the candidates table.
        relations: Lower-case country -> ``"yes"``/``"no"`` (:func:`relations_lookup`).
    """
    has_relations = relations.get(str(candidate["country"]).strip().lower()) == "yes"
    same = str(candidate["level"]) == str(home["level"])
    try:
        areas = sorted((float(home["area_km2"]), float(candidate["area_km2"])))
        ratio = areas[1] / areas[0] if areas[0] > 0 else math.nan
    except (KeyError, TypeError, ValueError):
        ratio = math.nan
    comparable = not math.isnan(ratio) and ratio <= COMPARABLE_AREA_RATIO
    name, local = candidate["name"], candidate.get("level_local", "") or ""
    level_id, level_en = _LEVEL_WORDS.get(str(candidate["level"]), (candidate["level"],) * 2)
    home_id, home_en = _LEVEL_WORDS.get(str(home["level"]), (home["level"],) * 2)
    reasons_id = [
        f"Hubungan diplomatik dengan {candidate['country']}: {'ada' if has_relations else 'tidak ada'}"
        f' ({ELIGIBILITY_BASIS["relations"]}: "mempunyai hubungan diplomatik").',
        f"Status administrasi: {name} ({local}) setingkat {level_id}, daerah asal {home_id}: "
        f'{"setara" if same else "tidak setara"} ({ELIGIBILITY_BASIS["equivalent"]}: "atau yang '
        'setingkat di luar negeri").',
        f"Wilayah: luas berbanding {ratio:.1f} kali; {'sebanding' if comparable else 'tidak sebanding'}"
        f" menurut asumsi mata kuliah (paling banyak {COMPARABLE_AREA_RATIO:g} kali; tidak ada "
        f'aturan yang menetapkan angkanya) ({ELIGIBILITY_BASIS["equality"]}: "kesetaraan status '
        'administrasi dan/atau kesetaraan wilayah").',
    ]
    reasons_en = [
        f"Diplomatic relations with {candidate['country']}: {'yes' if has_relations else 'none'}"
        f" ({ELIGIBILITY_BASIS['relations']}).",
        f"Administrative status: {name} ({local}) is at the level of a {level_en}, the home region "
        f"a {home_en}: {'equal' if same else 'not equal'} ({ELIGIBILITY_BASIS['equivalent']}: "
        '"or the equivalent abroad").',
        f"Territory: the areas differ {ratio:.1f} times; {'comparable' if comparable else 'not comparable'}"
        f" by the course's assumption (at most {COMPARABLE_AREA_RATIO:g} times; no rule sets the "
        f"number) ({ELIGIBILITY_BASIS['equality']}: equal administrative status and/or territory).",
    ]
    return Eligibility(
        str(candidate["candidate_id"]),
        has_relations and (same or comparable),
        has_relations,
        same,
        comparable,
        ratio,
        tuple(reasons_id),
        tuple(reasons_en),
    )
