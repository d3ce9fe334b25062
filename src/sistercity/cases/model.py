"""A case for every student: an unseen proposal (midterm) and a partner shortlist (capstone); pure.

A student's case is drawn from their student key (the NIM or the id the course knows them by) and
the cohort code the lecturer sets in the assignment. The same key and cohort always give the same
case, on any machine (the seed is a SHA-256 of both, never Python's ``hash``); two students almost
always get different cases, so a neighbour's answers and the published solutions do not transfer.

The case objects hold only what the student is told (names, years, a numbered account of what a
region did); the answers are computed by :func:`midterm_answers` and :func:`screening_answers`
from the course's own model (eras, stages and rules of :mod:`sistercity.regimes`, the stepper,
the partner criteria), so a change in ``data/`` changes the key with it. Exercise items that this
module writes (activities, statements, a press release) are hypothetical teaching items built
from templates, and say so; the facts they test come from the datasets.

This module reads no files: :mod:`sistercity.cases` passes it the datasets.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sistercity.i18n import both, pick
from sistercity.procedure import Era, Regime
from sistercity.stepper.model import Proposal, Stepper

#: The typology of lesson 01 (G2G, G2P, P2G, P2P).
TYPES = ("G2G", "G2P", "P2G", "P2P")
LETTERS = ("A", "B", "C", "D")
#: Years after an era's first year that a case's initiative may fall in (the last era has no end).
LAST_ERA_SPAN = 12


class CaseError(ValueError):
    """A student key or cohort code that cannot make a case, with what to do."""


def student_key(text) -> str:
    """The normalised key of a NIM or student id: lower case letters and digits only.

    Spaces, dots, dashes and capitals do not matter (``22.106.11001`` is ``2210611001``, and the
    name slug ``siti-nurhaliza`` matches ``Siti Nurhaliza``).
    """
    if not isinstance(text, str):
        raise CaseError(
            both(
                'Tulis NIM Anda sebagai teks dalam tanda kutip, mis. NIM = "2210611001".',
                'Write your student number as text in quotes, e.g. NIM = "2210611001".',
            )
        )
    key = re.sub(r"[^0-9a-z]+", "", text.lower())
    if not key or key in ("isinimanda", "yourstudentnumber"):
        raise CaseError(
            both(
                "NIM masih kosong: isi NIM Anda (seperti tercatat di LMS atau nama pengguna "
                "JupyterHub Anda) di sel NIM, lalu jalankan lagi.",
                "The student number is empty: fill in your student number (as the LMS records it, "
                "or your JupyterHub user name) in the NIM cell, then run it again.",
            )
        )
    return key


def case_rng(key: str, cohort: str, purpose: str) -> np.random.Generator:
    """The random stream of one student's case for one ``purpose``, from a SHA-256 of all three."""
    if not str(cohort).strip():
        raise CaseError(
            both(
                "Kode angkatan kosong: dosen menetapkannya di sel KODE_ANGKATAN.",
                "The cohort code is empty: the lecturer sets it in the KODE_ANGKATAN cell.",
            )
        )
    digest = hashlib.sha256(f"{cohort}\x1f{key}\x1f{purpose}".encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "big"))


def _pick(rng: np.random.Generator, items: Sequence):
    return items[int(rng.integers(len(items)))]


# --- the midterm case: an unseen proposal -------------------------------------------------------


class _Bilingual:
    """A text of the case in both languages (``text_id``, ``text_en``)."""

    def text(self, lang: str = "id") -> str:
        """The text as the student reads it in ``lang``."""
        return pick(lang, id=self.text_id, en=self.text_en)


@dataclass(frozen=True)
class Step(_Bilingual):
    """One thing the region did, as the case tells it (the decision behind it is not shown)."""

    number: int
    text_id: str
    text_en: str
    decision: str


@dataclass(frozen=True)
class Item(_Bilingual):
    """A short text the student classifies or judges (an activity, a statement, a claim)."""

    item_id: str
    text_id: str
    text_en: str


@dataclass(frozen=True)
class MidtermCase:
    """What a student is told about their unseen proposal (no answer is stored here).

    Attributes:
        key: The student's normalised key; cohort: the lecturer's cohort code.
        region, region_level, region_province: The proposing Indonesian region.
        partner, partner_country, partner_level: The foreign partner (level province or city).
        year: The year the initiative starts.
        done_stage_name_id, done_stage_name_en: The last stage the region has completed (by name).
        steps: What the region did, in order, as a numbered account.
        activities: Planned activities to classify with the G2G–P2P typology.
        statements: Statements about the simulation of this proposal: assumption or rule.
        claims: A press release about the proposal: four claims, one of them false.
        promise_months: Months within which the head of region promises the signing.
        seed: The seed of this student's simulation.
    """

    key: str
    cohort: str
    region: str
    region_level: str
    region_province: str
    partner: str
    partner_country: str
    partner_level: str
    year: int
    done_stage_name_id: str
    done_stage_name_en: str
    steps: tuple[Step, ...]
    activities: tuple[Item, ...]
    statements: tuple[Item, ...]
    claims: tuple[Item, ...]
    promise_months: int
    seed: int

    @property
    def proposal(self) -> Proposal:
        """The region and partner as the stepper takes them."""
        return Proposal(
            region=self.region,
            region_level=self.region_level,
            partner=self.partner,
            partner_country=self.partner_country,
            partner_level=self.partner_level,
        )

    def markdown(self, lang: str = "id") -> str:
        """The case as the student reads it, in ``lang``."""
        return _midterm_markdown(self, lang)

    def _repr_markdown_(self) -> str:
        return self.markdown("id") + "\n\n---\n\n" + self.markdown("en")


_LEVEL = {
    "province": ("provinsi", "province"),
    "regency": ("kabupaten", "regency"),
    "city": ("kota", "city"),
}
_HEAD = {
    "province": ("Gubernur", "The governor"),
    "regency": ("Bupati", "The regent"),
    "city": ("Wali Kota", "The mayor"),
}

#: How the account tells each decision, in words other than the stepper's buttons.
_STEP_TEXT: dict[str, tuple[str, str]] = {
    "take_initiative": (
        "{head} menyampaikan gagasan bekerja sama dengan {partner} dalam rapat pimpinan daerah.",
        "{head_en} puts forward the idea of cooperating with {partner} at a meeting of the "
        "region's leaders.",
    ),
    "explore_partner": (
        "Bagian kerja sama menjajaki {partner}: surat-menyurat, kunjungan, bantuan Perwakilan RI.",
        "The cooperation office explores {partner}: letters, a visit, help from the Indonesian "
        "mission.",
    ),
    "write_study": (
        "Pemda meminta sebuah perguruan tinggi menulis kajian tentang manfaat kerja sama dengan "
        "{partner}.",
        "The regional government asks a university to write a study of the benefits of "
        "cooperating with {partner}.",
    ),
    "request_response": (
        "{head} menyurati Menteri Dalam Negeri meminta tanggapan atas rencana kerja sama dengan "
        "{partner}, dan jawaban tertulisnya datang.",
        "{head_en} writes to the Minister of Home Affairs asking for a response to the plan to "
        "cooperate with {partner}, and the written answer arrives.",
    ),
    "await_confirmation": (
        "Rancangan naskah dibahas dalam rapat antarkementerian, dirundingkan Kemlu dengan "
        "{partner}, dan Surat Konfirmasi terbit.",
        "The draft is discussed at an inter-ministerial meeting, negotiated by the Foreign "
        "Ministry with {partner}, and a letter of confirmation is issued.",
    ),
    "request_directly_after_deadline": (
        "Seminggu berlalu tanpa surat dari Gubernur {province}; Pemda mengirim usulan langsung "
        "ke Kementerian Dalam Negeri.",
        "A week passes with no letter from the Governor of {province}; the regional government "
        "sends the proposal straight to the Ministry of Home Affairs.",
    ),
    "sign_letter_of_intent": (
        "{head} dan pimpinan {partner} menandatangani pernyataan kehendak untuk bekerja sama.",
        "{head_en} and the leader of {partner} sign a statement of their intent to cooperate.",
    ),
    "draft_plan": (
        "Pemda menyusun rencana kerja sama: bidang, kegiatan, jangka waktu dan pembagian biaya.",
        "The regional government drafts the cooperation plan: fields, activities, duration and "
        "cost sharing.",
    ),
    "submit_to_dprd": (
        "Rencana kerja sama dikirim ke dewan perwakilan rakyat daerah {region} dan disetujui.",
        "The cooperation plan is sent to the regional parliament of {region} and approved.",
    ),
    "request_facilitation": (
        "Pemda mengirim usulan kerja sama kepada Menteri Dalam Negeri.",
        "The regional government sends the proposal to the Minister of Home Affairs.",
    ),
    "request_via_governor": (
        "Pemda mengirim usulan kepada Menteri Dalam Negeri melalui Gubernur {province}.",
        "The regional government sends the proposal to the Minister of Home Affairs through the "
        "Governor of {province}.",
    ),
    "request_directly": (
        "Pemda mengirim usulan langsung ke Kementerian Dalam Negeri, tanpa melalui gubernur.",
        "The regional government sends the proposal straight to the Ministry of Home Affairs, "
        "without the governor.",
    ),
    "await_review": (
        "Utusan pemda menghadiri rapat pembahasan rancangan dengan instansi-instansi pusat.",
        "The region's delegates attend the meeting where central agencies review the draft.",
    ),
    "request_foreign_minister_consideration": (
        "Rancangan naskah dibahas dengan pusat dan dimintakan pertimbangan Menteri Luar Negeri.",
        "The draft agreement is reviewed with the centre and the Foreign Minister's consideration "
        "is asked for.",
    ),
    "send_to_partner": (
        "Rancangan dikirim kepada {partner} melalui Perwakilan RI dan jawabannya diterima.",
        "The draft is sent to {partner} through the Indonesian mission and its reply comes back.",
    ),
    "request_full_powers": (
        "Pemda memohon surat kuasa penuh (Full Powers) kepada Menteri Luar Negeri.",
        "The regional government asks the Foreign Minister for Full Powers.",
    ),
    "draft_agreement": (
        "Pemda dan {partner} menyusun rancangan naskah kerja sama.",
        "The regional government and {partner} draft the cooperation agreement.",
    ),
    "request_central_approval": (
        "Pemda memohon persetujuan Menteri Dalam Negeri atas nama Pemerintah Pusat.",
        "The regional government asks the Minister of Home Affairs for approval on behalf of the "
        "central government.",
    ),
    "sign": (
        "{head} dan pimpinan {partner} menandatangani naskah kerja sama.",
        "{head_en} and the leader of {partner} sign the cooperation agreement.",
    ),
}

#: Templates of the typology items: who takes part on each side decides the type (lesson 01).
_ACTIVITY_TEXT: dict[str, tuple[tuple[str, str], ...]] = {
    "G2G": (
        (
            "Staf dinas {field_id} {region} magang tiga minggu di kantor pemerintah {partner}.",
            "Staff of {region}'s {field_en} office spend a three-week placement at {partner}'s "
            "government offices.",
        ),
        (
            "Pejabat kedua pemerintah daerah bertukar pengalaman tata kelola {field_id}.",
            "Officials of both local governments exchange experience in governing {field_en}.",
        ),
    ),
    "G2P": (
        (
            "Pemerintah {partner} melatih para pemuda {region} (bukan pegawai pemerintah) di "
            "bidang {field_id}.",
            "The government of {partner} trains young people from {region} (not civil servants) "
            "in {field_en}.",
        ),
        (
            "Pemerintah {partner} memberi beasiswa {field_id} kepada mahasiswa dari {region}.",
            "The government of {partner} gives {field_en} scholarships to students from {region}.",
        ),
    ),
    "P2G": (
        (
            "Sebuah komunitas warga {region} mengusulkan program {field_id} kepada pemerintah "
            "{partner}.",
            "A citizens' group from {region} proposes a {field_en} programme to the government of "
            "{partner}.",
        ),
        (
            "Asosiasi pengusaha {region} mempresentasikan rencana investasi {field_id} di depan "
            "pemerintah {partner}.",
            "A business association from {region} presents a {field_en} investment plan to the "
            "government of {partner}.",
        ),
    ),
    "P2P": (
        (
            "Siswa sekolah di {region} dan di {partner} bertanding sepak bola, diatur oleh kedua "
            "pemerintah daerah.",
            "School pupils from {region} and {partner} play football matches arranged by both "
            "local governments.",
        ),
        (
            "Kelompok seni warga {region} dan {partner} berlatih dan tampil bersama.",
            "Community arts groups from {region} and {partner} rehearse and perform together.",
        ),
    ),
}
_FIELDS = (
    ("pengelolaan air", "water management"),
    ("pengelolaan sampah", "waste management"),
    ("pariwisata", "tourism"),
    ("transportasi", "transport"),
    ("kesehatan", "health"),
    ("pertanian", "agriculture"),
)


def _short_name(region: str) -> str:
    """A region's name without its level (``Kota Padang`` -> ``Padang``), as a title uses it."""
    return re.sub(r"^(Kota|Kabupaten|Provinsi)\s+", "", region)


def midterm_regions(agreements: pd.DataFrame) -> pd.DataFrame:
    """The Indonesian regions a midterm case can start from: every party of ``agreements``."""
    regions = (
        agreements[["indonesian_party", "indonesian_level", "indonesian_province"]]
        .drop_duplicates("indonesian_party")
        .sort_values("indonesian_party")
    )
    return regions.reset_index(drop=True)


def midterm_partners(candidates: pd.DataFrame) -> pd.DataFrame:
    """The foreign partners a midterm case can name: every candidate outside Indonesia."""
    foreign = candidates[candidates["country"] != "Indonesia"]
    return foreign.sort_values("candidate_id").reset_index(drop=True)


def era_years(eras: Sequence[Era]) -> dict[str, tuple[int, int]]:
    """For each era, the years (first, last) a case's initiative may start in.

    A case starts only once every instrument of its era's full route is in force, and after the
    year that instrument came into force (``route_from`` + 1: a mid-year instrument does not
    govern the whole of its first year); the last era runs :data:`LAST_ERA_SPAN` years from
    its first year.
    """
    ordered = sorted(eras, key=lambda e: e.first_year)
    spans = {}
    for index, era in enumerate(ordered):
        first = max(era.first_year, era.route_from) + 1
        last = (
            ordered[index + 1].first_year - 1
            if index + 1 < len(ordered)
            else era.first_year + LAST_ERA_SPAN
        )
        spans[era.era] = (first, max(first, last))
    return spans


def _lawful_path(regime: Regime, proposal: Proposal, relations: Mapping[str, bool]) -> list[str]:
    """The decisions that take the proposal through every stage, as far as the rules let it go."""
    probe = Stepper(regime, proposal, dict(relations))
    via_governor = regime.requirement("prosedur_gubernur") is not None
    path = []
    while not probe.finished:
        options = probe.stage_decisions(probe.current_stage)
        decision = options[0]
        if "request_via_governor" in options:
            decision = "request_via_governor" if via_governor else "request_directly"
        if not probe.decide(decision).accepted:
            break
        path.append(decision)
    return path


def first_refusal(
    regime: Regime, proposal: Proposal, relations: Mapping[str, bool], decisions: Sequence[str]
) -> tuple[int, str]:
    """The number (from 1) of the first decision the stepper refuses and its rule; (0, "") if none."""
    stepper = Stepper(regime, proposal, dict(relations))
    for number, decision in enumerate(decisions, start=1):
        if decision not in stepper.allowed_decisions():
            return number, ""
        outcome = stepper.decide(decision)
        if not outcome.accepted:
            return number, outcome.rule_id
    return 0, ""


def _account(regime, proposal, relations, rng) -> tuple[str, ...]:
    """What the region did: the lawful path with at most one unlawful step that a rule refuses."""
    path = _lawful_path(regime, proposal, relations)
    if len(path) < len(regime.stages):  # the rules stop it at once (no diplomatic relations)
        unchecked = _lawful_path(regime, proposal, {proposal.partner_country: True})
        return tuple(unchecked[: int(rng.integers(3, 6))])
    variants = []
    for index in range(1, len(path)):
        wrongs = {"sign"}
        if index + 1 < len(regime.stages):
            wrongs.add(regime.stages[index + 1].decision)
        if path[index] == "request_via_governor":
            wrongs.add("request_directly")
        for wrong in sorted(wrongs - {path[index]}):
            # The account goes on as the region would: after skipping a stage it does the one
            # after the stage it did; after signing there is nothing more.
            if wrong == "sign":
                tail = []
            elif index + 1 < len(path) and wrong == path[index + 1]:
                tail = path[index + 2 : index + 4]
            else:
                tail = path[index + 1 : index + 3]
            decisions = path[:index] + [wrong] + tail
            number, rule = first_refusal(regime, proposal, relations, decisions)
            if number == index + 1 and rule:
                variants.append(tuple(decisions))
    if not variants or rng.random() < 0.15:
        return tuple(path)
    return _pick(rng, variants)


def _steps(decisions: Sequence[str], names: Mapping[str, str]) -> tuple[Step, ...]:
    return tuple(
        Step(
            number,
            _STEP_TEXT[decision][0].format(**names),
            _STEP_TEXT[decision][1].format(**names),
            decision,
        )
        for number, decision in enumerate(decisions, start=1)
    )


def _activities(rng, names: Mapping[str, str]) -> tuple[tuple[Item, ...], dict[str, str]]:
    combos = [
        (kind, template, field)
        for kind in TYPES
        for template in _ACTIVITY_TEXT[kind]
        for field in _FIELDS
    ]
    items, key, used = [], {}, set()
    for index in rng.permutation(len(combos)):
        kind, (text_id, text_en), (field_id, field_en) = combos[int(index)]
        if (kind, text_id) in used:
            continue  # one use of each template, so no two activities read the same
        used.add((kind, text_id))
        fill = dict(names, field_id=field_id, field_en=field_en)
        item_id = f"k{len(items) + 1}"
        items.append(Item(item_id, text_id.format(**fill), text_en.format(**fill)))
        key[item_id] = kind
        if len(items) == 4:
            break
    return tuple(items), key


def _statement_pool(regime: Regime, assumptions: pd.DataFrame) -> tuple[list, list]:
    """Rules (the era's procedure requirements) and assumptions (its Monte Carlo rows) as texts."""
    rules = [(r.text_id + ".", r.text_en + ".") for r in regime.procedures]
    rows = assumptions[assumptions["era"].astype(str) == regime.era]
    names = {s.stage_id: (s.name_id, s.name_en) for s in regime.stages}
    guesses = []
    for row in rows.itertuples():
        if row.stage_id not in names:
            continue
        name_id, name_en = names[row.stage_id]
        months = f"{float(row.median_months):g}"
        guesses.append(
            (
                f"Tahap '{name_id}' biasanya selesai dalam sekitar {months} bulan.",
                f"The stage '{name_en}' usually takes about {months} months.",
            )
        )
        if float(row.p_drop) > 0:
            share = f"{100 * float(row.p_drop):g}"
            guesses.append(
                (
                    f"Sekitar {share}% usulan berhenti di tahap '{name_id}'.",
                    f"About {share}% of proposals stop at the stage '{name_en}'.",
                )
            )
    return rules, guesses


def _statements(rng, regime, assumptions) -> tuple[tuple[Item, ...], dict[str, str]]:
    rules, guesses = _statement_pool(regime, assumptions)
    chosen = [("aturan", rules[int(i)]) for i in rng.permutation(len(rules))[:2]]
    chosen += [("asumsi", guesses[int(i)]) for i in rng.permutation(len(guesses))[:2]]
    items, key = [], {}
    for number, index in enumerate(rng.permutation(len(chosen)), start=1):
        kind, (text_id, text_en) = chosen[int(index)]
        items.append(Item(f"s{number}", text_id, text_en))
        key[f"s{number}"] = kind
    return tuple(items), key


def _claim_templates(names, regime: Regime, eras: Sequence[Era], relations, rng) -> list:
    """(true, false) renderings of the claims a press release about the proposal could make."""
    region, partner, country = names["region"], names["partner"], names["country"]
    own = next(e for e in eras if e.era == regime.era)
    others = [e for e in eras if e.era != regime.era]
    other = _pick(rng, others)
    templates = [
        (
            (
                f"Usulan ini tunduk pada kerangka hukum era '{own.name_id}'.",
                f"This proposal falls under the legal framework of the era '{own.name_en}'.",
            ),
            (
                f"Usulan ini tunduk pada kerangka hukum era '{other.name_id}'.",
                f"This proposal falls under the legal framework of the era '{other.name_en}'.",
            ),
        )
    ]
    dprd = regime.requirement("prosedur_dprd")
    if dprd is not None and dprd.status != "unverified":
        templates.append(
            (
                (
                    f"Rencana kerja sama harus disetujui DPRD {region}.",
                    f"The cooperation plan must be approved by the DPRD of {region}.",
                ),
                (
                    "Rencana kerja sama harus disetujui DPR RI (parlemen nasional).",
                    "The cooperation plan must be approved by the DPR (the national parliament).",
                ),
            )
        )
    if country in relations:
        yes = (
            f"Indonesia mempunyai hubungan diplomatik dengan {country}.",
            f"Indonesia has diplomatic relations with {country}.",
        )
        no = (
            f"Indonesia tidak mempunyai hubungan diplomatik dengan {country}.",
            f"Indonesia has no diplomatic relations with {country}.",
        )
        templates.append((yes, no) if relations[country] else (no, yes))
    loi = regime.stages_deciding("sign_letter_of_intent")
    dprd_stage = regime.stages_deciding("submit_to_dprd")
    if loi and dprd_stage:
        before = (
            f"Pernyataan kehendak (LoI) dengan {partner} ditandatangani sebelum DPRD menyetujui "
            "rencana kerja sama.",
            f"The statement of intent (LoI) with {partner} is signed before the DPRD approves "
            "the cooperation plan.",
        )
        after = (
            f"Pernyataan kehendak (LoI) dengan {partner} baru boleh ditandatangani sesudah DPRD "
            "menyetujui rencana kerja sama.",
            f"The statement of intent (LoI) with {partner} may only be signed after the DPRD has "
            "approved the cooperation plan.",
        )
        earlier = loi[0].order < dprd_stage[0].order
        templates.append((before, after) if earlier else (after, before))
    if regime.requirement("prosedur_surat_kuasa") is not None:
        templates.append(
            (
                (
                    "Yang menandatangani naskah harus memegang surat kuasa (Full Powers) dari "
                    "Menteri Luar Negeri.",
                    "Whoever signs the agreement must hold Full Powers from the Foreign Minister.",
                ),
                (
                    "Yang menandatangani naskah harus memegang surat kuasa (Full Powers) dari "
                    "Menteri Dalam Negeri.",
                    "Whoever signs the agreement must hold Full Powers from the Minister of Home "
                    "Affairs.",
                ),
            )
        )
    return templates


def _claims(rng, names, regime, eras, relations) -> tuple[tuple[Item, ...], str]:
    templates = _claim_templates(names, regime, eras, relations, rng)
    order = rng.permutation(len(templates))[: len(LETTERS)]
    wrong = int(rng.integers(len(order)))
    items = []
    for position, index in enumerate(order):
        true_text, false_text = templates[int(index)]
        text_id, text_en = false_text if position == wrong else true_text
        items.append(Item(LETTERS[position], text_id, text_en))
    return tuple(items), LETTERS[wrong]


@dataclass(frozen=True)
class MidtermKey:
    """The right answers of one midterm case (computed from the course's model, never shown)."""

    era: str
    remaining_stages: tuple[str, ...]
    refused_step: int
    broken_rule: str
    typology: dict
    statements: dict
    false_claim: str


def _draw_midterm(key, cohort, eras, regimes, agreements, candidates, relations, assumptions):
    key = student_key(key)
    rng = case_rng(key, cohort, "midterm")
    spans = era_years(eras)
    era = _pick(rng, sorted(spans))
    first, last = spans[era]
    year = int(rng.integers(first, last + 1))
    regions = midterm_regions(agreements)
    region = regions.iloc[int(rng.integers(len(regions)))]
    partners = midterm_partners(candidates)
    partner = partners.iloc[int(rng.integers(len(partners)))]
    regime = regimes[era]
    proposal = Proposal(
        region=region["indonesian_party"],
        region_level=region["indonesian_level"],
        partner=partner["name"],
        partner_country=partner["country"],
        partner_level="province" if partner["level"] == "province" else "city",
    )
    level = proposal.region_level
    names = {
        "region": proposal.region,
        "province": region["indonesian_province"],
        "partner": proposal.partner,
        "country": proposal.partner_country,
        "head": f"{_HEAD[level][0]} {_short_name(proposal.region)}",
        "head_en": f"{_HEAD[level][1]} of {_short_name(proposal.region)}",
    }
    decisions = _account(regime, proposal, relations, rng)
    done_index = int(rng.integers(1, len(regime.stages) - 2))
    done = regime.stages[done_index - 1]
    activities, typology = _activities(rng, names)
    statements, kinds = _statements(rng, regime, assumptions)
    claims, false_claim = _claims(rng, names, regime, eras, relations)
    case = MidtermCase(
        key=key,
        cohort=str(cohort),
        region=proposal.region,
        region_level=level,
        region_province=names["province"],
        partner=proposal.partner,
        partner_country=proposal.partner_country,
        partner_level=proposal.partner_level,
        year=year,
        done_stage_name_id=done.name_id,
        done_stage_name_en=done.name_en,
        steps=_steps(decisions, names),
        activities=activities,
        statements=statements,
        claims=claims,
        promise_months=int(rng.integers(2, 9)) * 6,
        seed=int(rng.integers(1, 2**31 - 1)),
    )
    refused, rule = first_refusal(regime, proposal, relations, decisions)
    answers = MidtermKey(
        era=era,
        remaining_stages=regime.stage_ids[done_index:],
        refused_step=refused,
        broken_rule=rule,
        typology=typology,
        statements=kinds,
        false_claim=false_claim,
    )
    return case, answers


def draw_midterm(key: str, cohort: str, **data) -> MidtermCase:
    """The unseen proposal of the student ``key`` in ``cohort``, drawn from the course's data.

    ``data`` holds ``eras``, ``regimes`` (era id -> :class:`Regime`), ``agreements``,
    ``candidates``, ``relations`` (country -> bool) and ``assumptions`` (the Monte Carlo table).
    """
    return _draw_midterm(key, cohort, **data)[0]


def midterm_answers(key: str, cohort: str, **data) -> MidtermKey:
    """The right answers of the midterm case of ``key`` in ``cohort`` (same data as the draw)."""
    return _draw_midterm(key, cohort, **data)[1]


def _midterm_markdown(case: MidtermCase, lang: str) -> str:
    t = lambda id_, en: pick(lang, id=id_, en=en)  # noqa: E731 - a local shorthand
    level = _LEVEL[case.region_level][0 if lang == "id" else 1]
    partner_level = _LEVEL[case.partner_level][0 if lang == "id" else 1]
    lines = [
        t(
            f"### Kasus Anda (NIM `{case.key}`, angkatan `{case.cohort}`)",
            f"### Your case (student `{case.key}`, cohort `{case.cohort}`)",
        ),
        "",
        t(
            f"Pada **{case.year}**, {case.region} ({level}, {case.region_province}) memprakarsai "
            f"kerja sama dengan **{case.partner}** ({partner_level}, {case.partner_country}). "
            f"Kepala daerahnya berjanji naskah kerja sama ditandatangani dalam "
            f"**{case.promise_months} bulan**.",
            f"In **{case.year}**, {case.region} ({level}, {case.region_province}) takes the "
            f"initiative to cooperate with **{case.partner}** ({partner_level}, "
            f"{case.partner_country}). Its head of region promises the agreement will be signed "
            f"within **{case.promise_months} months**.",
        ),
        "",
        t("**Apa yang dilakukan daerah itu (berurutan):**", "**What the region did (in order):**"),
        "",
    ]
    lines += [f"{step.number}. {step.text(lang)}" for step in case.steps]
    lines += [
        "",
        t(
            f"**Untuk soal 2:** misalkan daerah itu baru menyelesaikan tahap "
            f"'{case.done_stage_name_id}' menurut era yang berlaku.",
            f"**For question 2:** suppose the region has just completed the stage "
            f"'{case.done_stage_name_en}' of the era that applies.",
        ),
    ]
    sections = (
        (
            "**Kegiatan yang direncanakan (contoh rekaan):**",
            "**Planned activities (hypothetical examples):**",
            case.activities,
            "- `{}`: {}",
        ),
        (
            "**Pernyataan tentang simulasi usulan ini:**",
            "**Statements about the simulation of this proposal:**",
            case.statements,
            "- `{}`: {}",
        ),
        (
            "**Siaran pers pemda (contoh rekaan) tentang usulan ini:**",
            "**The region's press release (hypothetical) about this proposal:**",
            case.claims,
            "- **{}.** {}",
        ),
    )
    for title_id, title_en, items, form in sections:
        lines += ["", t(title_id, title_en), ""]
        lines += [form.format(item.item_id, item.text(lang)) for item in items]
    return "\n".join(lines)


# --- the capstone case: screening a shortlist of partners -------------------------------------

#: How many candidate partners a capstone shortlist holds.
SHORTLIST = 4


@dataclass(frozen=True)
class ScreeningCase:
    """A home region and a shortlist of candidate partners to screen (no answer is stored here)."""

    key: str
    cohort: str
    home: str
    home_name: str
    shortlist: tuple[str, ...]

    def markdown(self, lang: str = "id") -> str:
        """The case as the student reads it, in ``lang``."""
        ids = ", ".join(f"`{c}`" for c in self.shortlist)
        return pick(
            lang,
            id=(
                f"### Kasus Anda (NIM `{self.key}`, angkatan `{self.cohort}`)\n\n"
                f"Daerah asal: **{self.home_name}** (`{self.home}`). Daftar pendek calon mitra: "
                f"{ids}."
            ),
            en=(
                f"### Your case (student `{self.key}`, cohort `{self.cohort}`)\n\n"
                f"Home region: **{self.home_name}** (`{self.home}`). Shortlist of candidate "
                f"partners: {ids}."
            ),
        )

    def _repr_markdown_(self) -> str:
        return self.markdown("id") + "\n\n" + self.markdown("en")


@dataclass(frozen=True)
class ScreeningKey:
    """The right answers of one capstone shortlist."""

    already_partnered: tuple[str, ...]
    eligible: tuple[str, ...]
    best: str
    shared_problems: tuple[str, ...]


def _words(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", str(name).lower()).strip()


def already_partnered(home_name: str, candidate_name: str, agreements: pd.DataFrame) -> bool:
    """Whether ``agreements`` holds a pair of this home region and candidate (names matched loosely).

    The home region is matched by the last word of its name (``Surabaya`` in ``Kota Surabaya``),
    the partner when either name contains the other (``Tokyo`` in ``Tokyo (Tokyo Metropolitan
    Government)``), ignoring case and punctuation.
    """
    home_word = _words(home_name).split()[-1]
    partner = _words(candidate_name)
    for party, other in zip(agreements["indonesian_party"], agreements["partner"], strict=True):
        other = _words(other)
        if home_word in _words(party).split() and (partner in other or other in partner):
            return True
    return False


def screening_key(
    home: str,
    shortlist: Sequence[str],
    candidates: pd.DataFrame,
    agreements: pd.DataFrame,
    ranking: pd.DataFrame,
    relations: Mapping[str, str],
) -> ScreeningKey:
    """The answers for a shortlist: existing pairs, those meeting the checked 2020 rules, the best.

    Args:
        home: The home region's candidate_id.
        shortlist: Candidate ids of the shortlist.
        candidates: The candidates table.
        agreements: The agreements table.
        ranking: The home region's ranking by the criteria in force (``rank_candidates``).
        relations: Lower-case country -> ``"yes"``/``"no"``.
    """
    table = candidates.set_index("candidate_id")
    home_row = table.loc[home]
    already = tuple(
        c
        for c in shortlist
        if already_partnered(home_row["name"], table.loc[c, "name"], agreements)
    )
    eligible = tuple(
        c
        for c in shortlist
        if relations.get(str(table.loc[c, "country"]).lower()) == "yes"
        and table.loc[c, "level"] == home_row["level"]
    )
    order = [c for c in ranking["candidate_id"] if c in eligible and c not in already]
    best = order[0] if order else ""
    shared = ()
    if best:
        mine = str(home_row["problems"]).split(";")
        theirs = set(str(table.loc[best, "problems"]).split(";"))
        shared = tuple(p for p in mine if p in theirs)
    return ScreeningKey(tuple(sorted(already)), tuple(sorted(eligible)), best, shared)


def _draw_screening(key, cohort, candidates, agreements, ranking, relations):
    key = student_key(key)
    rng = case_rng(key, cohort, "capstone")
    homes = sorted(candidates.loc[candidates["country"] == "Indonesia", "candidate_id"])
    foreign = sorted(candidates.loc[candidates["country"] != "Indonesia", "candidate_id"])
    table = candidates.set_index("candidate_id")
    for _attempt in range(50):
        home = _pick(rng, homes)
        pool = list(foreign)
        chosen = [pool[int(i)] for i in rng.permutation(len(pool))[:SHORTLIST]]
        existing = [
            c
            for c in foreign
            if already_partnered(table.loc[home, "name"], table.loc[c, "name"], agreements)
        ]
        if existing and not set(existing) & set(chosen) and rng.random() < 0.5:
            chosen[int(rng.integers(SHORTLIST))] = _pick(rng, existing)
        shortlist = tuple(sorted(chosen))
        answers = screening_key(home, shortlist, candidates, agreements, ranking(home), relations)
        if answers.best:
            break
    case = ScreeningCase(key, str(cohort), home, str(table.loc[home, "name"]), shortlist)
    return case, answers


def draw_screening(key: str, cohort: str, **data) -> ScreeningCase:
    """The capstone shortlist of ``key`` in ``cohort``.

    ``data`` holds ``candidates``, ``agreements``, ``ranking`` (a function: home candidate_id ->
    its ranking by the criteria in force) and ``relations`` (lower-case country -> "yes"/"no").
    """
    return _draw_screening(key, cohort, **data)[0]


def screening_answers(key: str, cohort: str, **data) -> ScreeningKey:
    """The right answers of the capstone shortlist of ``key`` in ``cohort``."""
    return _draw_screening(key, cohort, **data)[1]
