"""The legal eras of forming a sister city as plain objects: eras, actors, stages, requirements.

Pure standard library and pandas: no plotting, no widgets, no file access. Both simulators (the
stepper and the Monte Carlo of the pipeline), the timeline and the role-play build on these types;
:mod:`sistercity.regimes` fills them from ``data/eras.csv``, ``stages.csv``, ``actors.csv`` and
``requirements.csv``. Nothing here names an era or a stage: what a stage does in the simulators
is in its row of ``stages.csv`` (its ``decision``, its ``roles`` and the ``rule`` it enforces).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from sistercity.i18n import both, pick

PROCEDURE_PREFIX = "prosedur_"

#: Every decision a student can take, with its button label in Indonesian and English. A stage of
#: ``stages.csv`` names the one that completes it (column ``decision``).
DECISIONS: dict[str, tuple[str, str]] = {
    "take_initiative": ("Ambil prakarsa kerja sama", "Take the initiative"),
    "explore_partner": ("Jajaki calon mitra", "Explore the partner"),
    "sign_letter_of_intent": ("Tanda tangani LoI", "Sign the letter of intent"),
    "draft_plan": ("Susun rencana kerja sama", "Draft the cooperation plan"),
    "submit_to_dprd": ("Ajukan ke DPRD", "Submit to the DPRD"),
    "request_facilitation": ("Ajukan ke Mendagri", "Submit to the Home Affairs Minister"),
    "request_via_governor": ("Ajukan ke Mendagri lewat gubernur", "Submit through the governor"),
    "request_directly": (
        "Ajukan langsung ke Mendagri (tanpa gubernur)",
        "Submit directly (bypass the governor)",
    ),
    "await_review": ("Ikuti pembahasan antarinstansi", "Take part in the inter-agency review"),
    "request_foreign_minister_consideration": (
        "Minta pertimbangan Menteri Luar Negeri",
        "Request the Foreign Minister's consideration",
    ),
    "send_to_partner": ("Kirim rancangan ke mitra", "Send the draft to the partner"),
    "request_full_powers": ("Minta surat kuasa (Full Powers)", "Request full powers"),
    "draft_agreement": ("Susun rancangan Naskah Kerja Sama", "Draft the cooperation agreement"),
    "request_central_approval": ("Minta persetujuan Pemerintah Pusat", "Request central approval"),
    "write_study": ("Susun kajian", "Write the study (kajian)"),
    "request_response": (
        "Ajukan surat permohonan tanggapan kepada Mendagri (konsultasi Mendagri dan Menlu)",
        "Send the request for a response to the Home Affairs Minister (consult him and the Foreign Minister)",
    ),
    "await_confirmation": (
        "Ikuti pembahasan naskah (rapat antarkementerian; Kemlu dengan mitra; Surat Konfirmasi)",
        "Take part in reviewing the agreement (inter-ministerial meeting; Kemlu with the partner; "
        "Surat Konfirmasi)",
    ),
    "request_directly_after_deadline": (
        "Gubernur tidak meneruskan dalam 5 hari kerja: ajukan langsung ke Mendagri",
        "The governor did not forward it within 5 working days: submit directly to the Minister",
    ),
    "sign": ("Tanda tangani naskah kerja sama", "Sign the agreement"),
    "report": ("Laporkan naskah yang ditandatangani", "Report the signed agreement"),
    "plan_annual_activities": (
        "Susun rencana kegiatan tahunan dan laksanakan",
        "Draw up the annual activity plan and carry it out",
    ),
    "submit_annual_report": (
        "Sampaikan laporan pelaksanaan tahunan",
        "Send the annual implementation report",
    ),
    "request_extension": (
        "Ajukan perpanjangan kepada Mendagri",
        "Ask the Home Affairs Minister for an extension",
    ),
    "end_cooperation": (
        "Akhiri kerja sama (atau ganti dengan kesepakatan baru)",
        "End the cooperation (or replace it with a new agreement)",
    ),
    "revise": ("Revisi dokumen tahap ini", "Revise this stage's documents"),
}

#: What a stage can be besides its decision (column ``roles`` of ``stages.csv``, ';'-separated).
STAGE_ROLES: dict[str, tuple[str, str]] = {
    "routing": (
        "usulan dikirim ke pusat: provinsi langsung, kabupaten/kota memilih jalur",
        "the proposal goes to the centre: a province sends it, a regency or city picks a route",
    ),
    "central": (
        "dikerjakan Pemerintah Pusat (kendali 'pembahasan pusat' di Monte Carlo)",
        "done by the central government (the Monte Carlo's 'central review' control)",
    ),
    "dprd": (
        "persetujuan DPRD: gugur bila pemilu DPRD jatuh saat tahap berjalan (Monte Carlo)",
        "DPRD approval: lapses if a DPRD election falls while it is pending (Monte Carlo)",
    ),
    "governor_deadline": (
        "kabupaten/kota lewat gubernur; bila gubernur tidak meneruskan dalam tenggatnya, "
        "bupati/wali kota langsung ke Menteri",
        "a regency or city goes through the governor; if the governor does not forward it in "
        "time, the regent or mayor goes straight to the Minister",
    ),
    "after_signing": (
        "sesudah penandatanganan: pelaksanaan, laporan, masa berlaku (bukan bagian pembentukan)",
        "after signing: implementation, reports, term (not part of the formation)",
    ),
    "term_end": (
        "akhir masa berlaku: diperpanjang atau diakhiri",
        "end of the term: extended or ended",
    ),
}


@dataclass(frozen=True)
class Era:
    """One legal era: its name, the years it applies from, its fiscal year and its colour.

    Attributes:
        era: Its id (a row of ``eras.csv``).
        order: Its place in time, oldest = 1.
        first_year: First year the era applies; earlier years belong to the era before it, and
            years before the first era belong to no modelled era.
        fiscal_year_start_month: Month the budget (APBD) year starts (1 = January).
        colour: A hex colour for plots.
        route_from: First year in which every row of the era's full route is in force (a case
            or an example dated earlier would apply a rule before its instrument).
        instruments: The ``legal_instruments`` ids that open the era.
    """

    era: str
    order: int
    title_id: str
    title_en: str
    name_id: str
    name_en: str
    first_year: int
    fiscal_year_start_month: int
    colour: str
    legal_basis: str
    source_url: str
    status: str
    route_from: int = 0
    instruments: tuple[str, ...] = ()

    def title(self, lang: str = "id") -> str:
        """The era's title (its founding instruments) in ``lang``."""
        return pick(lang, id=self.title_id, en=self.title_en)

    def name(self, lang: str = "id") -> str:
        """The era's short name in ``lang``."""
        return pick(lang, id=self.name_id, en=self.name_en)


@dataclass(frozen=True)
class Actor:
    """Someone who takes part in forming a sister city: one swimlane of the flow diagram."""

    actor_id: str
    name_id: str
    name_en: str
    lane_order: int

    def name(self, lang: str = "id") -> str:
        """The actor's name in ``lang``."""
        return pick(lang, id=self.name_id, en=self.name_en)


@dataclass(frozen=True)
class Stage:
    """One stage of an era's procedure, with who acts, the documents, its roles and legal basis.

    Attributes:
        decision: The decision (a key of :data:`DECISIONS`) that completes the stage.
        roles: What else the stage is (keys of :data:`STAGE_ROLES`).
        rule: The procedural requirement that skipping this stage breaks, or ``""``.
        letter: Its letter in the article that lists the era's stages (Permendagri 25/2020
            Pasal 9), or ``""`` for a step the text sets inside a stage.
        instruments: The ``legal_instruments`` ids the stage needs in force.
        in_force_from: First year it applies, or None: from its era's first year.
        in_force_until: Last year it applies, or None: to its era's end.
        quote: The article's words, verbatim, where the text was read.
    """

    era: str
    order: int
    stage_id: str
    name_id: str
    name_en: str
    actors: tuple[str, ...]
    documents_in: tuple[str, ...]
    documents_out: tuple[str, ...]
    description_id: str
    description_en: str
    legal_basis: str
    source_url: str
    status: str
    decision: str = "revise"
    roles: tuple[str, ...] = ()
    rule: str = ""
    letter: str = ""
    instruments: tuple[str, ...] = ()
    in_force_from: int | None = None
    in_force_until: int | None = None
    quote: str = ""

    def in_force(self, year: int) -> bool:
        """Whether the stage applies in ``year`` (its own dates; None bounds are open)."""
        return _within(year, self.in_force_from, self.in_force_until)

    @property
    def lead(self) -> str:
        """The actor who leads the stage (the first one listed)."""
        return self.actors[0]

    def has_role(self, role: str) -> bool:
        """Whether the stage has ``role`` (a key of :data:`STAGE_ROLES`)."""
        return role in self.roles

    def name(self, lang: str = "id") -> str:
        """The stage's name in ``lang``."""
        return pick(lang, id=self.name_id, en=self.name_en)

    def description(self, lang: str = "id") -> str:
        """What happens in the stage, in ``lang``."""
        return pick(lang, id=self.description_id, en=self.description_en)


@dataclass(frozen=True)
class Requirement:
    """A criterion or procedural requirement a proposal must meet in one era.

    ``instruments``, ``in_force_from``, ``in_force_until`` and ``quote`` mean what they mean for a
    :class:`Stage`.
    """

    era: str
    requirement_id: str
    text_id: str
    text_en: str
    legal_basis: str
    source_url: str
    status: str
    instruments: tuple[str, ...] = ()
    in_force_from: int | None = None
    in_force_until: int | None = None
    quote: str = ""

    def in_force(self, year: int) -> bool:
        """Whether the requirement applies in ``year`` (its own dates; None bounds are open)."""
        return _within(year, self.in_force_from, self.in_force_until)

    @property
    def is_procedure(self) -> bool:
        """Whether this is a step the procedure must follow (id starts with ``prosedur_``)."""
        return self.requirement_id.startswith(PROCEDURE_PREFIX)

    def text(self, lang: str = "id") -> str:
        """The requirement in ``lang``."""
        return pick(lang, id=self.text_id, en=self.text_en)


@dataclass(frozen=True)
class Regime:
    """One legal era with its stages in order, its requirements and the actors taking part.

    ``stages`` are the stages of forming the cooperation, ending with the signature;
    ``after_signing`` are the stages of its life after signing (role ``after_signing``).
    """

    info: Era
    stages: tuple[Stage, ...]
    requirements: tuple[Requirement, ...]
    actors: tuple[Actor, ...]
    after_signing: tuple[Stage, ...] = ()
    year: int | None = None

    def in_year(self, year: int) -> Regime:
        """The same era with only the stages and requirements in force in ``year``.

        A row applies from its own ``in_force_from``, else from the era's first year, through its
        ``in_force_until`` (else open); a year outside the era keeps no row that starts with it.
        """
        first = self.info.first_year

        def applies(row) -> bool:
            start = row.in_force_from if row.in_force_from is not None else first
            return _within(year, start, row.in_force_until)

        return Regime(
            self.info,
            tuple(s for s in self.stages if applies(s)),
            tuple(r for r in self.requirements if applies(r)),
            self.actors,
            tuple(s for s in self.after_signing if applies(s)),
            year,
        )

    @property
    def route(self) -> tuple[Stage, ...]:
        """Every stage: the formation, then the life after signing."""
        return self.stages + self.after_signing

    @property
    def era(self) -> str:
        """The era's id."""
        return self.info.era

    @property
    def title_id(self) -> str:
        """The era's title in Indonesian."""
        return self.info.title_id

    @property
    def title_en(self) -> str:
        """The era's title in English."""
        return self.info.title_en

    def title(self, lang: str = "id") -> str:
        """The era's title in ``lang``."""
        return self.info.title(lang)

    @property
    def stage_ids(self) -> tuple[str, ...]:
        """The stage ids in order."""
        return tuple(s.stage_id for s in self.stages)

    def stage(self, stage_id: str) -> Stage:
        """The stage called ``stage_id`` (formation or after signing); a clear error if none."""
        for stage in self.route:
            if stage.stage_id == stage_id:
                return stage
        raise KeyError(
            both(
                f"Era {self.era} tidak punya tahap '{stage_id}'. Tahapnya: {', '.join(self.stage_ids)}.",
                f"The {self.era} era has no stage '{stage_id}'. Its stages: {', '.join(self.stage_ids)}.",
            )
        )

    def stages_with_role(self, role: str) -> tuple[Stage, ...]:
        """The stages that have ``role``, in order."""
        return tuple(s for s in self.stages if s.has_role(role))

    def stages_deciding(self, decision: str) -> tuple[Stage, ...]:
        """The stages completed by ``decision``, in order."""
        return tuple(s for s in self.stages if s.decision == decision)

    def requirement(self, requirement_id: str) -> Requirement | None:
        """The requirement called ``requirement_id``, or None if the era has no such rule."""
        for requirement in self.requirements:
            if requirement.requirement_id == requirement_id:
                return requirement
        return None

    @property
    def criteria(self) -> tuple[Requirement, ...]:
        """The substantive criteria (everything that is not a procedural step)."""
        return tuple(r for r in self.requirements if not r.is_procedure)

    @property
    def procedures(self) -> tuple[Requirement, ...]:
        """The procedural requirements, which the stepper enforces."""
        return tuple(r for r in self.requirements if r.is_procedure)

    def actor(self, actor_id: str) -> Actor:
        """The actor called ``actor_id``."""
        for actor in self.actors:
            if actor.actor_id == actor_id:
                return actor
        raise KeyError(f"unknown actor {actor_id!r}")

    def lanes(self) -> list[Actor]:
        """The actors that take part in this era's formation, top lane first."""
        used = {a for stage in self.stages for a in stage.actors}
        return sorted((a for a in self.actors if a.actor_id in used), key=lambda a: a.lane_order)


def _within(year: int, first: int | None, last: int | None) -> bool:
    """Whether ``year`` lies between ``first`` and ``last`` (None: open), both included."""
    return (first is None or year >= first) and (last is None or year <= last)


def _year_cell(value) -> int | None:
    """An optional year cell as an int, or None when it is empty."""
    if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "":
        return None
    return int(value)


def _text_cell(value) -> str:
    """An optional text cell as a string ("" when empty)."""
    return value if isinstance(value, str) else ""


def split_cell(value) -> tuple[str, ...]:
    """Split a ';'-separated cell into its stripped, non-empty parts."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ()
    return tuple(part.strip() for part in str(value).split(";") if part.strip())


def eras_from_frame(frame: pd.DataFrame) -> tuple[Era, ...]:
    """The eras of an ``eras`` table, oldest first."""
    eras = tuple(
        Era(
            era=str(r.era),
            order=int(r.order),
            title_id=r.title_id,
            title_en=r.title_en,
            name_id=r.name_id,
            name_en=r.name_en,
            first_year=int(r.first_year),
            fiscal_year_start_month=int(r.fiscal_year_start_month),
            colour=r.colour,
            legal_basis=r.legal_basis,
            source_url=r.source_url,
            status=r.status,
            route_from=_year_cell(getattr(r, "route_from", None)) or int(r.first_year),
            instruments=split_cell(getattr(r, "instruments", None)),
        )
        for r in frame.itertuples()
    )
    return tuple(sorted(eras, key=lambda e: e.order))


def era_for_year(eras: tuple[Era, ...], year: int) -> Era | None:
    """The era that applies in ``year``, or None for a year before the first era."""
    current = None
    for era in sorted(eras, key=lambda e: e.first_year):
        if year >= era.first_year:
            current = era
    return current


def regime_from_frames(
    info: Era, actors: pd.DataFrame, stages: pd.DataFrame, requirements: pd.DataFrame
) -> Regime:
    """Build the :class:`Regime` of the era ``info`` from the actors, stages and requirements tables.

    Raises:
        ValueError: naming the stage, when the era has no stages, a stage names an unknown actor,
            or a stage's ``rule`` is not a requirement of its era.
    """
    era = info.era
    cast = [Actor(r.actor_id, r.name_id, r.name_en, int(r.lane_order)) for r in actors.itertuples()]
    known = {a.actor_id for a in cast}
    rows = stages[stages["era"].astype(str) == era].sort_values("order")
    if rows.empty:
        raise ValueError(
            both(
                f"Tidak ada tahap untuk era '{era}' di stages.csv. Tambahkan tahapnya.",
                f"There are no stages for era '{era}' in stages.csv. Add its stages.",
            )
        )
    reqs = tuple(
        Requirement(
            era,
            r.requirement_id,
            r.text_id,
            r.text_en,
            r.legal_basis,
            r.source_url,
            r.status,
            instruments=split_cell(getattr(r, "instruments", None)),
            in_force_from=_year_cell(getattr(r, "in_force_from", None)),
            in_force_until=_year_cell(getattr(r, "in_force_until", None)),
            quote=_text_cell(getattr(r, "quote", None)),
        )
        for r in requirements[requirements["era"].astype(str) == era].itertuples()
    )
    rule_ids = {r.requirement_id for r in reqs}
    built = []
    for r in rows.itertuples():
        names = split_cell(r.actors)
        unknown = [a for a in names if a not in known]
        if not names or unknown:
            raise ValueError(
                both(
                    f"Tahap '{r.stage_id}' (era {era}) menyebut pelaku yang tidak ada di actors.csv: "
                    f"{', '.join(unknown) or '(kosong)'}. Tambahkan pelaku itu atau perbaiki ejaannya.",
                    f"Stage '{r.stage_id}' (era {era}) names actors missing from actors.csv: "
                    f"{', '.join(unknown) or '(none)'}. Add them or fix the spelling.",
                )
            )
        rule = r.rule if isinstance(r.rule, str) else ""
        if rule and rule not in rule_ids:
            raise ValueError(
                both(
                    f"Tahap '{r.stage_id}' (era {era}) menegakkan aturan '{rule}', tetapi "
                    f"requirements.csv tidak punya aturan itu untuk era {era}. Tambahkan barisnya "
                    "atau kosongkan kolom rule.",
                    f"Stage '{r.stage_id}' (era {era}) enforces rule '{rule}', but requirements.csv "
                    f"has no such rule for era {era}. Add its row or empty the rule column.",
                )
            )
        built.append(
            Stage(
                era=era,
                order=int(r.order),
                stage_id=r.stage_id,
                name_id=r.name_id,
                name_en=r.name_en,
                actors=names,
                documents_in=split_cell(r.documents_in),
                documents_out=split_cell(r.documents_out),
                description_id=r.description_id,
                description_en=r.description_en,
                legal_basis=r.legal_basis,
                source_url=r.source_url,
                status=r.status,
                decision=r.decision,
                roles=split_cell(r.roles),
                rule=rule,
                letter=_text_cell(getattr(r, "letter", None)),
                instruments=split_cell(getattr(r, "instruments", None)),
                in_force_from=_year_cell(getattr(r, "in_force_from", None)),
                in_force_until=_year_cell(getattr(r, "in_force_until", None)),
                quote=_text_cell(getattr(r, "quote", None)),
            )
        )
    formation = tuple(s for s in built if not s.has_role("after_signing"))
    after = tuple(s for s in built if s.has_role("after_signing"))
    return Regime(info, formation, reqs, tuple(cast), after)
