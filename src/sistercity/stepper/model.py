"""The step-by-step simulator of forming a sister city: pure and deterministic.

A :class:`Proposal` (an Indonesian region and its foreign partner) moves through the stages of one
legal era (a :class:`Regime`). At each stage the student takes a decision from a fixed vocabulary
(:data:`DECISIONS`). :meth:`Stepper.decide` either records it and moves on, or refuses a move the
rules do not allow and says why, with the legal basis and how sure we are of it. Every decision,
accepted or refused, goes into :attr:`Stepper.log`.

The rules are not written here: they are the procedural requirements of the era
(``requirements.csv`` rows whose id starts with ``prosedur_``, plus ``hubungan_diplomatik``), and
what each stage does is its row of ``stages.csv`` (the decision that completes it, its roles, the
rule that skipping it breaks). An era without such a row has no such refusal. This module reads no
files; :mod:`sistercity.regimes` builds the objects from the datasets.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from sistercity.i18n import both, pick
from sistercity.procedure import DECISIONS, Regime, Requirement, Stage

LEVELS = ("province", "regency", "city")

#: Columns of :attr:`Stepper.log`.
LOG_COLUMNS = (
    "step",
    "era",
    "stage_id",
    "decision",
    "accepted",
    "reason_id",
    "reason_en",
    "legal_basis",
    "basis_status",
    "next_stage_id",
    "rule_id",
)

_STATUS_NOTE = {
    "verified": ("", ""),
    "partly": (
        " (Dasar hukum terverifikasi sebagian: sumber sekunder atau praktik.)",
        " (Legal basis partly verified: a secondary source or practice.)",
    ),
    "unverified": (
        " (PERHATIAN: dasar hukum aturan ini BELUM TERVERIFIKASI; hanya disebut makalah atau praktik.)",
        " (NOTE: the legal basis of this rule is UNVERIFIED; only the paper or practice states it.)",
    ),
}


@dataclass(frozen=True)
class Proposal:
    """A proposed partnership: an Indonesian region and its foreign partner."""

    region: str = "Kota Surakarta"
    region_level: str = "city"
    partner: str = "Xi'an"
    partner_country: str = "China"
    partner_level: str = "city"

    def __post_init__(self):
        if self.region_level not in LEVELS:
            raise ValueError(
                both(
                    f"region_level harus 'province', 'regency' atau 'city', bukan {self.region_level!r}.",
                    f"region_level must be 'province', 'regency' or 'city', not {self.region_level!r}.",
                )
            )


@dataclass(frozen=True)
class Outcome:
    """What happened to one decision: accepted or refused, why, and on what legal basis."""

    step: int
    era: str
    stage_id: str
    decision: str
    accepted: bool
    reason_id: str
    reason_en: str
    legal_basis: str
    basis_status: str
    next_stage_id: str | None
    #: The requirement a refusal applies (``requirements.csv``), or "" when none does.
    rule_id: str = ""

    def reason(self, lang: str = "id") -> str:
        """The reason in ``lang``."""
        return pick(lang, id=self.reason_id, en=self.reason_en)


@dataclass(frozen=True)
class _Refusal:
    reason_id: str
    reason_en: str
    legal_basis: str
    status: str
    rule_id: str = ""


def decision_label(decision: str, lang: str = "id") -> str:
    """The button label of ``decision`` in ``lang``."""
    label_id, label_en = DECISIONS[decision]
    return pick(lang, id=label_id, en=label_en)


@dataclass
class Stepper:
    """A proposal moving through one era's stages, one decision at a time.

    Attributes:
        regime: The era's stages and rules.
        proposal: The region and partner.
        relations: Country name -> whether Indonesia has diplomatic relations with it.
        position: Index of the current stage in :attr:`route`; ``len(route)`` once finished.
        has_full_powers: Whether the signing official holds full powers (eras whose rules ask
            for them).
        records: Every decision taken so far, accepted or refused.
        after_signing: Whether the route goes on past the signature (the era's stages with role
            ``after_signing``: implementation, annual report, end of the term).
    """

    regime: Regime
    proposal: Proposal = field(default_factory=Proposal)
    relations: Mapping[str, bool] = field(default_factory=dict)
    position: int = 0
    has_full_powers: bool = False
    records: list[Outcome] = field(default_factory=list)
    after_signing: bool = False

    def __post_init__(self):
        country = self.proposal.partner_country
        if self.regime.requirement("hubungan_diplomatik") and country not in self.relations:
            listed = ", ".join(sorted(self.relations)) or "-"
            raise ValueError(
                both(
                    f"Negara '{country}' tidak ada di data/countries.csv, jadi syarat hubungan "
                    f"diplomatik tidak bisa diperiksa. Pilih salah satu: {listed}; atau tambahkan "
                    "barisnya dengan sumber.",
                    f"Country '{country}' is not in data/countries.csv, so the diplomatic-relations "
                    f"requirement cannot be checked. Choose one of: {listed}; or add its row with a "
                    "source.",
                )
            )

    @property
    def route(self) -> tuple[Stage, ...]:
        """The stages this stepper walks: the formation, then (if asked) the life after signing."""
        return self.regime.route if self.after_signing else self.regime.stages

    @property
    def finished(self) -> bool:
        """Whether the route is done: the agreement signed (and, after signing, its term over)."""
        return self.position >= len(self.route)

    @property
    def signed(self) -> bool:
        """Whether the agreement has been signed."""
        return self.position >= len(self.regime.stages)

    @property
    def current_stage(self) -> Stage | None:
        """The stage the proposal is in, or None once finished."""
        return None if self.finished else self.route[self.position]

    @property
    def completed(self) -> tuple[str, ...]:
        """The ids of the stages already completed, in order."""
        return tuple(s.stage_id for s in self.route[: self.position])

    def stage_decisions(self, stage: Stage) -> tuple[str, ...]:
        """The decisions that complete ``stage`` for this proposal."""
        if stage.has_role("term_end"):
            return (stage.decision, "end_cooperation")
        if stage.has_role("routing"):
            if self.proposal.region_level == "province":
                return (stage.decision,)
            if stage.has_role("governor_deadline"):
                return (
                    "request_via_governor",
                    "request_directly_after_deadline",
                    "request_directly",
                )
            return ("request_via_governor", "request_directly")
        if (
            stage.decision == "sign"
            and self._needs_full_powers()
            and not self.regime.stages_deciding("request_full_powers")
            and not self.has_full_powers
        ):
            return ("request_full_powers", "sign")
        return (stage.decision,)

    def allowed_decisions(self) -> list[str]:
        """The decisions a student can attempt now (some of them the rules will refuse)."""
        stage = self.current_stage
        if stage is None:
            return []
        offered = list(self.stage_decisions(stage))
        if self.position + 1 < len(self.route):
            offered.append(self.stage_decisions(self.route[self.position + 1])[0])
        if not self.signed:
            offered.append("sign")
        offered.append("revise")
        return list(dict.fromkeys(offered))

    def decide(self, decision: str) -> Outcome:
        """Take ``decision``: record it and move on, or refuse it with the reason and legal basis."""
        if decision not in DECISIONS:
            raise ValueError(
                both(
                    f"Keputusan '{decision}' tidak dikenal. Pilih salah satu: {', '.join(DECISIONS)}.",
                    f"Unknown decision '{decision}'. Choose one of: {', '.join(DECISIONS)}.",
                )
            )
        allowed = self.allowed_decisions()
        if decision not in allowed:
            raise ValueError(
                both(
                    f"Keputusan '{decision}' tidak tersedia sekarang. Yang tersedia: "
                    f"{', '.join(allowed) or '(tidak ada: proses selesai)'}.",
                    f"Decision '{decision}' is not available now. Available: "
                    f"{', '.join(allowed) or '(none: the process is finished)'}.",
                )
            )
        stage = self.current_stage
        refusal = self._refusal(decision, stage)
        if refusal is not None:
            return self._record(
                stage,
                decision,
                False,
                refusal.reason_id,
                refusal.reason_en,
                refusal.legal_basis,
                refusal.status,
                refusal.rule_id,
            )
        return self._apply(decision, stage)

    @property
    def log(self) -> pd.DataFrame:
        """Every decision so far, accepted or refused, one row each (columns :data:`LOG_COLUMNS`)."""
        return pd.DataFrame(
            [[getattr(o, c) for c in LOG_COLUMNS] for o in self.records], columns=list(LOG_COLUMNS)
        )

    def _needs_full_powers(self) -> bool:
        return self.regime.requirement("prosedur_surat_kuasa") is not None

    def _target(self, decision: str) -> int:
        """Index of the first stage from here on that ``decision`` completes."""
        for index in range(self.position, len(self.route)):
            if decision in self.stage_decisions(self.route[index]):
                return index
        return self.position

    def _refusal(self, decision: str, stage: Stage) -> _Refusal | None:
        country = self.proposal.partner_country
        relations_rule = self.regime.requirement("hubungan_diplomatik")
        if relations_rule is not None and not self.relations[country]:
            return _from_rule(
                relations_rule,
                f"{country} tidak mempunyai hubungan diplomatik dengan Indonesia; usulan tidak bisa "
                "dilanjutkan. Pilih mitra di negara lain.",
                f"{country} has no diplomatic relations with Indonesia; the proposal cannot go on. "
                "Choose a partner in another country.",
            )
        if decision == "revise":
            return None
        skipped = self.route[self.position : self._target(decision)]
        if skipped:
            names_id = _names([s.name_id for s in skipped], "tahap lagi")
            names_en = _names([s.name_en for s in skipped], "more stages")
            for missing in skipped:
                rule = self.regime.requirement(missing.rule)
                if rule is not None:
                    return _from_rule(
                        rule,
                        f"Tahap '{missing.name_id}' belum dijalani (yang dilewati: {names_id}).",
                        f"The stage '{missing.name_en}' is not done yet (skipped: {names_en}).",
                    )
            first_id, first_en = _STATUS_NOTE[stage.status]
            return _Refusal(
                f"Ditolak: tahap harus dijalani berurutan. Tahap yang belum dijalani: {names_id}."
                + first_id,
                f"Refused: the stages must be done in order. Stages not yet done: {names_en}."
                + first_en,
                stage.legal_basis,
                stage.status,
            )
        governor_rule = self.regime.requirement("prosedur_gubernur")
        if decision == "request_directly" and governor_rule is not None:
            later_id, later_en = "", ""
            if stage.has_role("governor_deadline"):
                later_id = (
                    " Jalur langsung baru terbuka bila gubernur tidak meneruskannya dalam "
                    "tenggatnya."
                )
                later_en = (
                    " The direct route opens only if the governor does not forward it in time."
                )
            return _from_rule(
                governor_rule,
                f"{self.proposal.region} adalah {_level_id(self.proposal.region_level)}: usulannya "
                "harus lewat gubernur." + later_id,
                f"{self.proposal.region} is a {self.proposal.region_level}: its request must go "
                "through the governor." + later_en,
            )
        full_powers_rule = self.regime.requirement("prosedur_surat_kuasa")
        if decision == "sign" and full_powers_rule is not None and not self.has_full_powers:
            return _from_rule(
                full_powers_rule,
                "Belum ada surat kuasa (Full Powers).",
                "There are no full powers yet.",
            )
        return None

    def _apply(self, decision: str, stage: Stage) -> Outcome:
        note_id, note_en = "", ""
        if self.position == 0 and not self.relations.get(self.proposal.partner_country, True):
            note_id = (
                f" Catatan: Indonesia tidak mempunyai hubungan diplomatik dengan "
                f"{self.proposal.partner_country}. Tidak ditemukan aturan terverifikasi era ini yang "
                "melarangnya; menurut hukum yang kini berlaku usulan ini ditolak."
            )
            note_en = (
                f" Note: Indonesia has no diplomatic relations with {self.proposal.partner_country}. "
                "No verified rule of this era forbidding it was found; under the law in force today "
                "this proposal is refused."
            )
        if decision == "revise":
            return self._record(
                stage,
                decision,
                True,
                f"Diterima: dokumen tahap '{stage.name_id}' direvisi; tahap belum selesai.",
                f"Accepted: the documents of '{stage.name_en}' were revised; the stage is not done.",
                stage.legal_basis,
                stage.status,
            )
        if decision == "request_full_powers" and stage.decision != "request_full_powers":
            self.has_full_powers = True
            rule = self.regime.requirement("prosedur_surat_kuasa")
            return self._record(
                stage,
                decision,
                True,
                "Diterima: surat kuasa penuh diperoleh; naskah sekarang boleh ditandatangani.",
                "Accepted: full powers obtained; the agreement may now be signed.",
                rule.legal_basis if rule else stage.legal_basis,
                rule.status if rule else stage.status,
            )
        if decision == "request_directly":
            note_id += (
                " Catatan: sumber yang ditemukan untuk era ini tidak menyebut apakah kabupaten/kota "
                "harus lewat gubernur, jadi simulator tidak menolaknya (belum terverifikasi)."
            )
            note_en += (
                " Note: the sources found for this era do not say whether a regency or city must go "
                "through the governor, so the simulator does not refuse it (unverified)."
            )
        if decision == "request_directly_after_deadline":
            rule = self.regime.requirement("prosedur_gubernur")
            if rule is not None:
                note_id += (
                    " Ini bukan penolakan: gubernur tidak meneruskan usulan dalam tenggatnya, jadi "
                    f"bupati/wali kota menyampaikannya langsung kepada Menteri ({rule.legal_basis})."
                )
                note_en += (
                    " This is not a refusal: the governor did not forward the proposal in time, so "
                    f"the regent or mayor sends it straight to the Minister ({rule.legal_basis})."
                )
        if stage.decision == "request_full_powers":
            self.has_full_powers = True
        self.position += 1
        if decision == "end_cooperation":
            self.position = len(self.route)
        following = self.current_stage
        if decision == "end_cooperation":
            done_id = f"Diterima: tahap '{stage.name_id}': kerja sama diakhiri."
            done_en = f"Accepted: '{stage.name_en}': the cooperation ends."
        elif following is None and self.position == len(self.regime.stages):
            done_id = (
                f"Diterima: tahap '{stage.name_id}' selesai. Naskah kerja sama ditandatangani."
            )
            done_en = f"Accepted: '{stage.name_en}' done. The agreement is signed."
        elif following is None:
            done_id = f"Diterima: tahap '{stage.name_id}' selesai; rute selesai."
            done_en = f"Accepted: '{stage.name_en}' done; the route is finished."
        else:
            done_id = (
                f"Diterima: tahap '{stage.name_id}' selesai; berikutnya '{following.name_id}'."
            )
            done_en = f"Accepted: '{stage.name_en}' done; next is '{following.name_en}'."
        return self._record(
            stage,
            decision,
            True,
            done_id + note_id,
            done_en + note_en,
            stage.legal_basis,
            stage.status,
        )

    def _record(
        self, stage, decision, accepted, reason_id, reason_en, basis, status, rule_id=""
    ) -> Outcome:
        outcome = Outcome(
            step=len(self.records) + 1,
            era=self.regime.era,
            stage_id=stage.stage_id,
            decision=decision,
            accepted=accepted,
            reason_id=reason_id,
            reason_en=reason_en,
            legal_basis=basis,
            basis_status=status,
            next_stage_id=None if self.current_stage is None else self.current_stage.stage_id,
            rule_id=rule_id,
        )
        self.records.append(outcome)
        return outcome


def _names(names: list[str], more: str) -> str:
    """Quoted, comma-separated names; after three, only how many more there are."""
    shown = ", ".join(f"'{n}'" for n in names[:3])
    return shown if len(names) <= 3 else f"{shown} (+{len(names) - 3} {more})"


def _level_id(level: str) -> str:
    return {"province": "provinsi", "regency": "kabupaten", "city": "kota"}[level]


def _from_rule(rule: Requirement, detail_id: str, detail_en: str) -> _Refusal:
    """A refusal citing ``rule``, its legal basis, and a warning when that basis is not verified."""
    note_id, note_en = _STATUS_NOTE[rule.status]
    return _Refusal(
        f"Ditolak. {detail_id} Aturannya: {rule.text_id} ({rule.legal_basis}).{note_id}",
        f"Refused. {detail_en} The rule: {rule.text_en} ({rule.legal_basis}).{note_en}",
        rule.legal_basis,
        rule.status,
        rule.requirement_id,
    )
