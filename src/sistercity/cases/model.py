"""A case for every student: an unseen proposal (midterm) and a partner shortlist (capstone); pure.

A student's case is drawn from their student key (the NIM or the id the course knows them by) and
the cohort code the lecturer sets in the assignment. The same key and cohort always give the same
case, on any machine (the seed is a SHA-256 of both, never Python's ``hash``); two students almost
always get different cases, so a neighbour's answers and the published solutions do not transfer.

The case objects hold only what the student is told (names, years, a numbered account of what a
region did); the answers are computed by :func:`midterm_answers` and :func:`screening_answers`
from the course's own model (eras, stages and rules of :mod:`sistercity.regimes`, the stepper,
the partner criteria), so a change in ``data/`` changes the key with it. Exercise items that this
module writes (activities, statements, a press release, the dates of a new proposal) are
hypothetical teaching items built from templates, and say so; the facts they test come from the
datasets. A midterm case ends with a new proposal started after every clock of
``legal_clocks.csv`` it uses is in force; its key holds the deadlines those clocks set (working
days are Monday to Friday with no holiday: an assumption, stated in the question).

This module reads no files: :mod:`sistercity.cases` passes it the datasets.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from sistercity.i18n import both, pick
from sistercity.partners.model import MEASURE_NAMES, MEASURES, check_weights, eligibility
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


@dataclass(frozen=True)
class Cohort:
    """A graded cohort: its code, the lecturer's secret and which of a student's draws is theirs.

    Only the lecturer's side builds one (:func:`sistercity.cases.key_for`, ``sistercity cases
    --new-cohort``); a plain cohort code (a ``str``) is the public practice mode, whose cases
    anyone can draw. ``attempt`` numbers a student's redraws, made so that no two students of a
    roster share more than half of a key (:func:`shared_share`).
    """

    code: str
    secret: bytes = field(default=b"", repr=False)
    attempt: int = 0

    def __str__(self) -> str:
        return self.code


def case_rng(key: str, cohort, purpose: str) -> np.random.Generator:
    """The random stream of one student's case for one ``purpose``.

    A plain cohort code seeds it with a SHA-256 of code, key and purpose (anyone can redraw it);
    a :class:`Cohort` with a secret seeds it with an HMAC-SHA-256 keyed by that secret, so only
    whoever holds the secret can draw the case and its answers.
    """
    if not str(cohort).strip():
        raise CaseError(
            both(
                "Kode angkatan kosong: dosen menetapkannya di sel KODE_ANGKATAN.",
                "The cohort code is empty: the lecturer sets it in the KODE_ANGKATAN cell.",
            )
        )
    message = f"{cohort}\x1f{key}\x1f{purpose}"
    if isinstance(cohort, Cohort) and cohort.secret:
        message += f"\x1f{cohort.attempt}"
        digest = hmac.new(cohort.secret, message.encode(), hashlib.sha256).digest()
    else:
        digest = hashlib.sha256(message.encode()).digest()
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
class Event(_Bilingual):
    """A dated event of the case's new proposal, from which the student computes a deadline."""

    item_id: str
    date: str
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
        restart_date: The day (ISO) the region starts a new proposal under the law then in force.
        events: Dated events of that new proposal (``loi``, ``dprd``, and ``gubernur`` for a
            regency or city), each the start of a legal clock of ``legal_clocks.csv``.
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
    restart_date: str = ""
    events: tuple[Event, ...] = ()

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
    # The difficulty target (:data:`DIFFICULTY`): exactly one refusal, never at the first step,
    # and only by a rule whose legal basis the data mark verified or partly.
    variants = [v for v in variants if _gradable_refusal(regime, proposal, relations, v)]
    if not variants:
        return tuple(path)
    return _pick(rng, variants)


#: The statuses of a rule or stage a graded item may rest on (``partly``: the item says so).
GRADABLE = ("verified", "partly")
#: The documented difficulty target of a midterm case, checked over 1,000 student numbers
#: (``tests/test_cases.py``): one refusal, at a step from ``first_refused_step`` on, by a
#: gradable rule; between ``stages_left`` stages left for question 2, all of gradable status.
DIFFICULTY = {"refusals": 1, "first_refused_step": 2, "stages_left": (4, 6)}


def _gradable_refusal(regime, proposal, relations, decisions) -> bool:
    number, rule = first_refusal(regime, proposal, relations, decisions)
    found = regime.requirement(rule) if rule else None
    return (
        number >= DIFFICULTY["first_refused_step"]
        and found is not None
        and (found.status in GRADABLE)
    )


def gradable_eras(eras: Sequence[Era], regimes: Mapping[str, Regime]) -> list[Era]:
    """The eras a graded midterm case may fall in: stage orders and a rule verified or partly.

    Every formation stage and at least one procedural rule must be marked ``verified`` or
    ``partly`` (the 1993 route rests on secondary sources, so no graded case falls in it).
    """
    return [
        era
        for era in eras
        if all(s.status in GRADABLE for s in regimes[era.era].stages)
        and any(r.status in GRADABLE for r in regimes[era.era].procedures)
    ]


def lawful_partners(candidates: pd.DataFrame, regimes, relations: Mapping[str, bool]):
    """``candidates`` without partners the law forbids in some era a case may fall in.

    A partner whose country has no diplomatic relations with Indonesia (Taipei) is kept only
    when every era's rules refuse it for that reason (``hubungan_diplomatik``); otherwise it is
    not drawn, so no case names a forbidden partner that its era's rules let through.
    """
    refused_everywhere = all(
        regime.requirement("hubungan_diplomatik") is not None for regime in regimes.values()
    )
    if refused_everywhere:
        return candidates
    allowed = candidates["country"].map(lambda c: c == "Indonesia" or relations.get(c, True))
    return candidates[allowed.astype(bool)]


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
    rules = [(r.text_id + ".", r.text_en + ".") for r in regime.procedures if r.status in GRADABLE]
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
    """The right answers of one midterm case (computed from the course's model, never shown).

    ``deadlines``: event -> the last day (ISO) its clock allows; ``deadlines_also``: event ->
    other days accepted where the text leaves the count open (the LoI's year).
    """

    era: str
    remaining_stages: tuple[str, ...]
    refused_step: int
    broken_rule: str
    typology: dict
    statements: dict
    false_claim: str
    deadlines: dict = field(default_factory=dict)
    deadlines_also: dict = field(default_factory=dict)


# --- the new proposal: dated events and the deadlines the law's clocks set ---------------------

#: The deadlines a midterm case asks for: item -> (clock of ``legal_clocks.csv``, the region
#: levels it applies to). The governor forwards only a regency's or city's plan (Permendagri
#: 25/2020 Pasal 18 ayat (4)), so a province's case has no ``gubernur`` item.
DEADLINE_CLOCKS = {
    "loi": ("loi_validity", ("province", "regency", "city")),
    "dprd": ("dprd_deemed_approval", ("province", "regency", "city")),
    "gubernur": ("governor_forward_plan", ("regency", "city")),
}
#: Years after the case's own year (and after every clock is in force) the new proposal starts in.
RESTART_SPAN = 3
_WEEKDAYS = (
    ("Senin", "Monday"),
    ("Selasa", "Tuesday"),
    ("Rabu", "Wednesday"),
    ("Kamis", "Thursday"),
    ("Jumat", "Friday"),
    ("Sabtu", "Saturday"),
    ("Minggu", "Sunday"),
)
_EVENT_TEXT = {
    "loi": (
        "Pernyataan Kehendak Kerja Sama (LoI) dengan {partner} ditandatangani pada **{date}** "
        "({day_id}).",
        "The statement of intent (LoI) with {partner} is signed on **{date}** ({day_en}).",
    ),
    "dprd": (
        "Sekretariat DPRD menerima surat permohonan persetujuan DPRD atas Rencana Kerja Sama pada "
        "**{date}** ({day_id}).",
        "The DPRD's secretariat receives the request for the DPRD's approval of the cooperation "
        "plan on **{date}** ({day_en}).",
    ),
    "gubernur": (
        "Sesudah DPRD menyetujui, Gubernur {province} menerima usulan rencana kerja sama {region} "
        "pada **{date}** ({day_id}).",
        "After the DPRD's approval, the Governor of {province} receives the cooperation plan of "
        "{region} on **{date}** ({day_en}).",
    ),
}


def working_day(day: dt.date) -> dt.date:
    """``day`` when it falls Monday to Friday, else the next Monday (holidays are not modelled)."""
    return np.busday_offset(np.datetime64(day, "D"), 0, roll="forward").astype(dt.date)


def add_working_days(day: dt.date, count: int) -> dt.date:
    """The ``count``-th working day after ``day`` (day 1 is the first working day after it).

    Working days are Monday to Friday and no holiday is counted: an ASSUMPTION of the exam (the
    Monte Carlo of lesson 04 makes the same one), not the regulation's words.
    """
    return np.busday_offset(np.datetime64(day, "D"), count, roll="forward").astype(dt.date)


def add_years(day: dt.date, count: int) -> dt.date:
    """The same calendar date ``count`` years later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + count)
    except ValueError:
        return day.replace(year=day.year + count, day=28)


def clock_deadline(start: dt.date, clock: Mapping) -> tuple[dt.date, tuple[dt.date, ...]]:
    """The last day a clock of ``legal_clocks.csv`` allows from ``start``, and other accepted days.

    ``working_days``: the limit's last working day after ``start``. ``years``: the same date that
    many years later; the day before is accepted too, since the text ("paling lama 1 (satu) tahun
    sejak ... ditandatangani") does not say how the year is counted.
    """
    value, unit = int(clock["limit_value"]), clock["limit_unit"]
    if unit == "working_days":
        return add_working_days(start, value), ()
    if unit == "years":
        end = add_years(start, value)
        return end, (end - dt.timedelta(days=1),)
    raise CaseError(f"No deadline for the unit {unit!r} of clock {clock['clock_id']}.")


def _clock_rows(clocks: pd.DataFrame) -> dict[str, Mapping]:
    rows = clocks.set_index("clock_id")
    return {
        item: {"clock_id": clock_id, **rows.loc[clock_id].to_dict()}
        for item, (clock_id, _levels) in DEADLINE_CLOCKS.items()
    }


def _day_in(rng, start: dt.date, low: int, high: int) -> dt.date:
    day = start + dt.timedelta(days=int(rng.integers(low, high + 1)))
    if (day.month, day.day) == (2, 29):
        day += dt.timedelta(days=1)
    return working_day(day)


def _new_proposal(rng, year: int, level: str, names: Mapping[str, str], clocks: pd.DataFrame):
    """The dated events of the case's new proposal and the deadlines their clocks set.

    The new proposal starts after the case's year and after every clock it uses came into force
    (no rule before its instrument), so the deadlines are those of the law in force then.
    """
    rows = _clock_rows(clocks)
    in_force = max(dt.date.fromisoformat(str(r["in_force_from"])) for r in rows.values())
    first = max(year + 1, in_force.year + 1) + int(rng.integers(0, RESTART_SPAN))
    restart = _day_in(rng, dt.date(first, 1, 1), 0, 300)
    starts = {"loi": _day_in(rng, restart, 20, 120)}
    starts["dprd"] = _day_in(rng, starts["loi"], 40, 300)
    starts["gubernur"] = _day_in(rng, starts["dprd"], 20, 100)
    events, deadlines, also = [], {}, {}
    for item, (_clock_id, levels) in DEADLINE_CLOCKS.items():
        if level not in levels:
            continue
        day = starts[item]
        weekday_id, weekday_en = _WEEKDAYS[day.weekday()]
        fill = dict(names, date=day.isoformat(), day_id=weekday_id, day_en=weekday_en)
        text_id, text_en = _EVENT_TEXT[item]
        events.append(Event(item, day.isoformat(), text_id.format(**fill), text_en.format(**fill)))
        end, others = clock_deadline(day, rows[item])
        deadlines[item] = end.isoformat()
        also[item] = tuple(d.isoformat() for d in others)
    return restart.isoformat(), tuple(events), deadlines, also


def _draw_midterm(
    key, cohort, eras, regimes, agreements, candidates, relations, assumptions, clocks
):
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
    low, high = DIFFICULTY["stages_left"]
    done_index = len(regime.stages) - int(rng.integers(low, high + 1))
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
    # Drawn last, so the rest of a case is the same as before the new proposal was added.
    restart, events, deadlines, also = _new_proposal(rng, year, level, names, clocks)
    case = replace(case, restart_date=restart, events=events)
    refused, rule = first_refusal(regime, proposal, relations, decisions)
    answers = MidtermKey(
        era=era,
        remaining_stages=regime.stage_ids[done_index:],
        refused_step=refused,
        broken_rule=rule,
        typology=typology,
        statements=kinds,
        false_claim=false_claim,
        deadlines=deadlines,
        deadlines_also=also,
    )
    return case, answers


def draw_midterm(key: str, cohort: str, **data) -> MidtermCase:
    """The unseen proposal of the student ``key`` in ``cohort``, drawn from the course's data.

    ``data`` holds ``eras``, ``regimes`` (era id -> :class:`Regime`), ``agreements``,
    ``candidates``, ``relations`` (country -> bool), ``assumptions`` (the Monte Carlo table) and
    ``clocks`` (``legal_clocks.csv``).
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
    if case.events:
        lines += [
            "",
            t(
                f"**Usulan baru (untuk soal 8 dan 11; tanggal rekaan):** misalkan pada "
                f"**{case.restart_date}** daerah itu memulai usulan yang sama dari awal, menurut "
                "kerangka hukum yang berlaku pada tanggal itu. Dalam usulan baru itu:",
                f"**The new proposal (for questions 8 and 11; invented dates):** suppose that on "
                f"**{case.restart_date}** the region starts the same proposal again from the "
                "beginning, under the legal framework in force on that day. In the new proposal:",
            ),
            "",
        ]
        lines += [f"- `{event.item_id}`: {event.text(lang)}" for event in case.events]
    return "\n".join(lines)


# --- the capstone case: screening a shortlist of partners -------------------------------------

#: How many candidate partners a capstone shortlist holds.
SHORTLIST = 4

#: The weights the head of region's brief may give a criterion measure (an exercise assumption:
#: no rule weighs the partner criteria), drawn per student so the weighted score of question 5
#: differs from case to case.
BRIEF_WEIGHTS = (1, 2, 3, 4, 5)

#: How far a weighted score (0-1) may be from the key and still count (a three-decimal answer).
SCORE_TOLERANCE = 0.001


@dataclass(frozen=True)
class ScreeningCase:
    """A home region and a shortlist of candidate partners to screen (no answer is stored here)."""

    key: str
    cohort: str
    home: str
    home_name: str
    shortlist: tuple[str, ...]
    weights: dict[str, int] = field(default_factory=dict)

    def markdown(self, lang: str = "id") -> str:
        """The case as the student reads it, in ``lang``."""
        ids = ", ".join(f"`{c}`" for c in self.shortlist)
        text = pick(
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
        if not self.weights:
            return text
        listed = ", ".join(f"{MEASURE_NAMES[m][lang]} `{m}` = {w}" for m, w in self.weights.items())
        return text + pick(
            lang,
            id=(
                f"\n\nArahan kepala daerah (soal 5): bobot kriteria {listed}. Bobot ini asumsi "
                "latihan, bukan aturan: tidak ada peraturan yang menetapkan bobot kriteria mitra."
            ),
            en=(
                f"\n\nThe head of region's brief (question 5): criterion weights {listed}. These "
                "weights are an assumption of the exercise, not a rule: no regulation weighs the "
                "partner criteria."
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
    weighted_score: float = 0.0


@functools.lru_cache(maxsize=4096)
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


def weighted_best(
    ranking: pd.DataFrame, weights: Mapping[str, float], allowed, measures=MEASURES
) -> float:
    """The highest total among the ``allowed`` candidates of ``ranking`` under ``weights`` (0-1).

    The totals are recomputed from the ranking's sub-scores the way
    :func:`sistercity.partners.model.score_pair` sums them (normalised weights of ``measures``);
    0.0 when no candidate is allowed.
    """
    normalised = check_weights(weights, tuple(measures))
    rows = ranking[ranking["candidate_id"].isin(list(allowed))]
    totals = [sum(normalised[m] * row[m] for m in measures) for _, row in rows.iterrows()]
    return round(max(totals), 4) if totals else 0.0


def _draw_screening(key, cohort, candidates, agreements, ranking, relations, measures=MEASURES):
    # The answers are computed here and nowhere else: no function takes a home region and a
    # shortlist and returns their key, so the cases released for a graded cohort give no key.
    key = student_key(key)
    rng = case_rng(key, cohort, "capstone")
    homes = sorted(candidates.loc[candidates["country"] == "Indonesia", "candidate_id"])
    foreign = sorted(candidates.loc[candidates["country"] != "Indonesia", "candidate_id"])
    table = candidates.set_index("candidate_id")
    for _attempt in range(50):
        home = _pick(rng, homes)
        home_row = table.loc[home]
        pool = list(foreign)
        chosen = [pool[int(i)] for i in rng.permutation(len(pool))[:SHORTLIST]]
        existing = [
            c
            for c in foreign
            if already_partnered(home_row["name"], table.loc[c, "name"], agreements)
        ]
        if existing and not set(existing) & set(chosen) and rng.random() < 0.5:
            chosen[int(rng.integers(SHORTLIST))] = _pick(rng, existing)
        shortlist = tuple(sorted(chosen))
        already = tuple(c for c in shortlist if c in existing)
        eligible = tuple(
            c
            for c in shortlist
            if eligibility(
                home_row, table.loc[c].to_dict() | {"candidate_id": c}, relations
            ).eligible
        )
        order = [c for c in ranking(home)["candidate_id"] if c in eligible and c not in already]
        best = order[0] if order else ""
        if best:
            break
    shared = ()
    if best:
        theirs = set(str(table.loc[best, "problems"]).split(";"))
        shared = tuple(p for p in str(home_row["problems"]).split(";") if p in theirs)
    # Drawn after the shortlist, so the weights leave every earlier answer of a case as it was.
    weights = {m: int(_pick(rng, BRIEF_WEIGHTS)) for m in measures}
    allowed = [c for c in eligible if c not in already]
    score = weighted_best(ranking(home), weights, allowed, measures)
    answers = ScreeningKey(tuple(sorted(already)), tuple(sorted(eligible)), best, shared, score)
    case = ScreeningCase(key, str(cohort), home, str(home_row["name"]), shortlist, weights)
    return case, answers


def draw_screening(key: str, cohort: str, **data) -> ScreeningCase:
    """The capstone shortlist of ``key`` in ``cohort``.

    ``data`` holds ``candidates``, ``agreements``, ``ranking`` (a function: home candidate_id ->
    its ranking by the criteria in force), ``relations`` (lower-case country -> "yes"/"no") and
    optionally ``measures``, the measures those criteria score (the brief's weights; all six if
    left out).
    """
    return _draw_screening(key, cohort, **data)[0]


def screening_answers(key: str, cohort: str, **data) -> ScreeningKey:
    """The right answers of the capstone shortlist of ``key`` in ``cohort``."""
    return _draw_screening(key, cohort, **data)[1]


# --- how much of a key two students share ------------------------------------------------------

#: The points each answer of a key is worth in its assignment (uts_kasus part A, ex10 part A).
#: The midterm's low-variety answers (era, refused step, rule) weigh 1 point each and its dated
#: deadlines 6, so that a roster's keys can share at most half (:func:`shared_share`).
KEY_POINTS = {
    "midterm": {
        "era": 1,
        "remaining_stages": 2,
        "refused_step": 1,
        "broken_rule": 1,
        "typology": 2,
        "statements": 2,
        "false_claim": 2,
        "deadlines": 6,
    },
    "capstone": {
        "already_partnered": 2,
        "eligible": 3,
        "best": 3,
        "shared_problems": 2,
        "weighted_score": 6,
    },
}
_AS_SETS = {"already_partnered", "eligible", "shared_problems"}


def item_share(name: str, first, second) -> float:
    """How much of answer ``name`` two values share, item by item as the grader credits it (0-1).

    A dictionary counts the keys of either side that hold the same value on both; a list or
    tuple, the positions of the longer one that hold the same item; a set answer (``_AS_SETS``),
    the shared items among all items either side names; anything else is all or nothing
    (:func:`sistercity.grading.verdicts.share`), a weighted score within :data:`SCORE_TOLERANCE`.
    """
    if name == "weighted_score":
        try:
            return 1.0 if abs(float(first) - float(second)) <= SCORE_TOLERANCE + 1e-9 else 0.0
        except (TypeError, ValueError):
            return 0.0
    if name in _AS_SETS:
        a, b = frozenset(first), frozenset(second)
        return len(a & b) / len(a | b) if a | b else 1.0
    if isinstance(first, dict) and isinstance(second, dict):
        keys = set(first) | set(second)
        if not keys:
            return 1.0
        same = sum(1 for k in keys if k in first and k in second and first[k] == second[k])
        return same / len(keys)
    if isinstance(first, list | tuple) and isinstance(second, list | tuple) and (first or second):
        same = sum(1 for a, b in zip(first, second, strict=False) if a == b)
        return same / max(len(first), len(second))
    return 1.0 if first == second else 0.0


#: Whether a kind's :func:`shared_share` counts each answer item by item, as the grader credits
#: it. Both do. The capstone's first four answers alone could not stay at half (issue #20): two
#: keys with the same home region and best partner share 5.43 of their 10 points, and 8 homes
#: times 31 candidates give fewer such pairs than a 300-student roster; question 5's weighted
#: score (6 points, weights drawn per student) is what lets a roster's keys differ enough.
PER_ITEM = {"midterm": True, "capstone": True}


def _whole(name: str, value):
    return frozenset(value) if name in _AS_SETS else value


def shared_share(kind: str, first, second) -> float:
    """The share of the points of ``kind``'s per-student answers that two keys have in common (0-1).

    For the midterm, whoever copies a neighbour's answers earns this share of the points at
    most: each answer counts with its points times :func:`item_share` (the grader's per-item
    credit), so two typologies that agree on one activity of four share a quarter of that
    answer's points. The capstone counts the same way (:data:`PER_ITEM`; two weighted scores
    within :data:`SCORE_TOLERANCE` count as shared, and so do two empty ``already_partnered``).
    """
    points = KEY_POINTS[kind]
    same = 0.0
    for name, weight in points.items():
        mine, theirs = getattr(first, name), getattr(second, name)
        if PER_ITEM[kind]:
            same += weight * item_share(name, mine, theirs)
        else:
            same += weight * (_whole(name, mine) == _whole(name, theirs))
    return same / sum(points.values())


# --- an order the texts fix only in part ----------------------------------------------------------


def fixed_stages(regime: Regime) -> frozenset[str]:
    """The stages whose place in the order a verified text fixes (status ``verified``)."""
    return frozenset(s.stage_id for s in regime.stages if s.status == "verified")


def order_accepted(answer: Sequence[str], expected: Sequence[str], fixed: frozenset[str]) -> bool:
    """Whether ``answer`` is an order of ``expected`` that the texts allow.

    The answer must hold exactly the expected stages; the stages in ``fixed`` (a verified text
    fixes their order) must come in the expected order, and each stage whose order is only
    ``partly`` known may stand anywhere between the fixed stages around it in ``expected``.
    """
    answer, expected = list(answer), list(expected)
    if sorted(answer) != sorted(expected) or len(set(answer)) != len(answer):
        return False
    position = {stage: index for index, stage in enumerate(answer)}
    anchors = [s for s in expected if s in fixed]
    if [s for s in answer if s in fixed] != anchors:
        return False
    for index, stage in enumerate(expected):
        if stage in fixed:
            continue
        before = [s for s in expected[:index] if s in fixed]
        after = [s for s in expected[index + 1 :] if s in fixed]
        if before and position[stage] < position[before[-1]]:
            return False
        if after and position[stage] > position[after[0]]:
            return False
    return True
