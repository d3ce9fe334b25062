"""The role-play of the approval scheme: one game, several groups, each acting for one role.

Pure standard library and pandas: no widgets, no plotting, no file access. A :class:`Game` wraps
the deterministic :class:`~sistercity.stepper.model.Stepper` of one era. Who may do what comes
from the data: a :class:`Role` (a row of ``roleplay_briefs.csv``) plays some actors of
``actors.csv``; at each stage of ``stages.csv`` the role holding the stage's lead actor (the first
listed) takes the stage's decision, and the roles holding its other actors may approve, ask for a
revision or refuse. A pending revision request or hold blocks the stage until it is lifted. An
:class:`Inject` (a row of ``roleplay_injects.csv``) changes the game by the effects written in
its row. Every action, accepted or refused, is an :class:`Entry` of :attr:`Game.entries`, from
which :mod:`sistercity.roleplay.debrief` builds the debrief and the grades.

Nothing here names an era, a stage or a role: they all come from the tables.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import pandas as pd

from sistercity.i18n import both, pick
from sistercity.procedure import DECISIONS, Regime, Stage, split_cell
from sistercity.stepper.model import Proposal, Stepper, decision_label

#: What a role can do at a stage besides the stage's own decision, with the button labels.
ACTIONS: dict[str, tuple[str, str]] = {
    "approve": ("Setujui", "Approve"),
    "request_revision": ("Minta revisi", "Ask for a revision"),
    "refuse": ("Tolak / tahan", "Refuse / hold"),
}

#: What a role can be graded as pursuing (column ``interests`` of ``roleplay_briefs.csv``).
INTERESTS: dict[str, tuple[str, str]] = {
    "signed": ("naskah kerja sama ditandatangani", "the agreement is signed"),
    "scrutiny": (
        "sekurang-kurangnya sekali meminta revisi atau menahan usulan",
        "asked for a revision or held the proposal at least once",
    ),
    "lawful": ("tidak membuat kesalahan hukum", "made no legal error"),
}

#: The effects an inject can have (column ``effects`` of ``roleplay_injects.csv``). ``deemed:<role>``
#: and ``direct_route:<role>`` are the law's deadlines (``legal_clocks.csv``): the role's time ran
#: out, so its pending approval counts as given (Permendagri 25/2020 Pasal 17(3)) or the region
#: may go past it to the Minister (Pasal 18(5), 20(4)).
EFFECTS = ("revision", "hold", "return", "country", "deemed", "direct_route")

#: Columns of :attr:`Game.log`.
LOG_COLUMNS = (
    "step",
    "version",
    "time",
    "kind",
    "role_id",
    "action",
    "stage_id",
    "accepted",
    "lawful",
    "facilitator",
    "reason_id",
    "reason_en",
    "legal_basis",
    "basis_status",
    "next_stage_id",
)

#: What an entry of the log is.
ENTRY_KINDS = ("decision", "objection", "out_of_role", "blocked", "inject", "undo")


class GameError(ValueError):
    """A request the game cannot take at all (unknown role, action or inject); nothing is recorded."""


@dataclass(frozen=True)
class Role:
    """One group's role: the actors it plays, what it wants, and its confidential brief."""

    role_id: str
    actors: tuple[str, ...]
    kind: str
    level: str
    putnam_level: str
    interests: tuple[str, ...]
    name_id: str
    name_en: str
    brief_id: Mapping[str, str] = field(default_factory=dict)
    brief_en: Mapping[str, str] = field(default_factory=dict)
    legal_basis: str = ""
    source_url: str = ""
    status: str = "unverified"

    def name(self, lang: str = "id") -> str:
        """The role's name in ``lang``."""
        return pick(lang, id=self.name_id, en=self.name_en)

    def brief(self, lang: str = "id") -> Mapping[str, str]:
        """The confidential brief in ``lang``: interests, constraints, private, powers."""
        return pick(lang, id=self.brief_id, en=self.brief_en)


@dataclass(frozen=True)
class Inject:
    """An event the facilitator fires, with its effects and their legal or political reason."""

    inject_id: str
    name_id: str
    name_en: str
    description_id: str
    description_en: str
    effects: tuple[tuple[str, str], ...]
    reason_id: str
    reason_en: str
    legal_basis: str
    source_url: str
    status: str

    def name(self, lang: str = "id") -> str:
        """The inject's name in ``lang``."""
        return pick(lang, id=self.name_id, en=self.name_en)

    def description(self, lang: str = "id") -> str:
        """What happens, in ``lang``."""
        return pick(lang, id=self.description_id, en=self.description_en)


@dataclass(frozen=True)
class Objection:
    """A pending revision request (lifted by a revision) or hold (lifted by its role's approval)."""

    role_id: str
    kind: str
    stage_id: str
    source: str


@dataclass(frozen=True)
class Entry:
    """One line of the game's log: who did what, when, at which stage, and what came of it."""

    step: int
    version: int
    time: str
    kind: str
    role_id: str
    action: str
    stage_id: str
    accepted: bool
    lawful: bool | None
    facilitator: bool
    reason_id: str
    reason_en: str
    legal_basis: str
    basis_status: str
    next_stage_id: str | None

    def reason(self, lang: str = "id") -> str:
        """The reason in ``lang``."""
        return pick(lang, id=self.reason_id, en=self.reason_en)


#: The parts of a confidential brief, with their headings.
BRIEF_TITLES: dict[str, tuple[str, str]] = {
    "interests": ("Kepentingan", "Interests"),
    "constraints": ("Batasan", "Constraints"),
    "private": ("Yang hanya Anda ketahui", "What only you know"),
    "powers": ("Wewenang", "Powers"),
}
BRIEF_PARTS = tuple(BRIEF_TITLES)

#: The facilitator, acting for the actors no group plays (role id ``""``).
FACILITATOR = Role("", (), "adviser", "national", "II", (), "Fasilitator", "Facilitator")


def roles_from_frame(frame: pd.DataFrame, regime: Regime) -> tuple[Role, ...]:
    """The roles of ``regime``'s era from a ``roleplay_briefs`` table.

    Raises:
        ValueError: naming the role, when it plays an actor ``actors.csv`` lacks, when two roles
            play the same actor, or when the era has no roles.
    """
    rows = frame[frame["era"].astype(str) == regime.era]
    if rows.empty:
        raise ValueError(
            both(
                f"roleplay_briefs.csv tidak punya peran untuk era {regime.era}. Tambahkan barisnya.",
                f"roleplay_briefs.csv has no roles for the {regime.era} era. Add its rows.",
            )
        )
    known = {a.actor_id for a in regime.actors}
    roles, taken = [], {}
    for r in rows.itertuples():
        actors = split_cell(r.actors)
        unknown = [a for a in actors if a not in known]
        if unknown or not actors:
            raise ValueError(
                both(
                    f"Peran '{r.role_id}' (era {regime.era}) memainkan pelaku yang tidak ada di "
                    f"actors.csv: {', '.join(unknown) or '(kosong)'}. Perbaiki kolom actors.",
                    f"Role '{r.role_id}' (era {regime.era}) plays actors missing from actors.csv: "
                    f"{', '.join(unknown) or '(none)'}. Fix the actors column.",
                )
            )
        for actor in actors:
            if actor in taken:
                raise ValueError(
                    both(
                        f"Pelaku '{actor}' dimainkan dua peran ({taken[actor]}, {r.role_id}) di era "
                        f"{regime.era}. Satu pelaku hanya boleh dimainkan satu peran.",
                        f"Actor '{actor}' is played by two roles ({taken[actor]}, {r.role_id}) in "
                        f"the {regime.era} era. Each actor belongs to one role only.",
                    )
                )
            taken[actor] = r.role_id
        roles.append(
            Role(
                role_id=r.role_id,
                actors=actors,
                kind=r.kind,
                level=r.level,
                putnam_level=r.putnam_level,
                interests=split_cell(r.interests),
                name_id=r.name_id,
                name_en=r.name_en,
                brief_id={p: getattr(r, f"{p}_id") for p in BRIEF_PARTS},
                brief_en={p: getattr(r, f"{p}_en") for p in BRIEF_PARTS},
                legal_basis=r.legal_basis,
                source_url=r.source_url,
                status=r.status,
            )
        )
    return tuple(roles)


def injects_from_frame(
    frame: pd.DataFrame, regime: Regime, roles: tuple[Role, ...], relations: Mapping[str, bool]
) -> tuple[Inject, ...]:
    """The injects of ``regime``'s era from a ``roleplay_injects`` table, their effects checked.

    Raises:
        ValueError: naming the inject and the effect, when an effect is unknown or names a role,
            a stage role or a country the data do not have.
    """
    role_ids = {r.role_id for r in roles}
    stage_roles = {role for s in regime.stages for role in s.roles}
    injects = []
    for r in frame[frame["era"].astype(str) == regime.era].itertuples():
        effects = []
        for part in split_cell(r.effects):
            kind, _, argument = part.partition(":")
            kind, argument = kind.strip(), argument.strip()
            valid = {
                "revision": role_ids,
                "hold": role_ids,
                "return": stage_roles,
                "country": set(relations),
                "deemed": role_ids,
                "direct_route": role_ids,
            }.get(kind)
            if valid is None or argument not in valid:
                raise ValueError(
                    both(
                        f"Inject '{r.inject_id}' (era {regime.era}): efek '{part}' tidak dikenal. "
                        f"Jenisnya: {', '.join(EFFECTS)}; argumennya harus peran, peran tahap atau "
                        "negara yang ada di data.",
                        f"Inject '{r.inject_id}' ({regime.era} era): unknown effect '{part}'. The "
                        f"kinds: {', '.join(EFFECTS)}; the argument must be a role, a stage role or "
                        "a country the data have.",
                    )
                )
            effects.append((kind, argument))
        injects.append(
            Inject(
                r.inject_id,
                r.name_id,
                r.name_en,
                r.description_id,
                r.description_en,
                tuple(effects),
                r.reason_id,
                r.reason_en,
                r.legal_basis,
                r.source_url,
                r.status,
            )
        )
    return tuple(injects)


def action_label(action: str, lang: str = "id") -> str:
    """The button label of ``action`` (a role-play action or a stepper decision) in ``lang``."""
    if action in ACTIONS:
        label_id, label_en = ACTIONS[action]
        return pick(lang, id=label_id, en=label_en)
    return decision_label(action, lang)


@dataclass
class Game:
    """One role-play game: the stepper of one era, the roles playing it and everything done so far.

    Attributes:
        stepper: The deterministic simulator that checks the procedural rules.
        roles: The groups' roles.
        injects: The events the facilitator may fire.
        objections: The revision requests and holds still pending.
        entries: Every action so far, accepted or refused, in order.
    """

    stepper: Stepper
    roles: tuple[Role, ...]
    injects: tuple[Inject, ...] = ()
    objections: list[Objection] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    fired: list[str] = field(default_factory=list)
    #: The state before each inject still undoable, by its step: (stepper, objections, fired).
    snapshots: dict[int, tuple] = field(default_factory=dict, repr=False)

    @property
    def regime(self) -> Regime:
        """The era's stages and rules."""
        return self.stepper.regime

    @property
    def version(self) -> int:
        """How many actions the game has taken (a stale view has a smaller number)."""
        return len(self.entries)

    @property
    def finished(self) -> bool:
        """Whether the agreement has been signed."""
        return self.stepper.finished

    @property
    def current_stage(self) -> Stage | None:
        """The stage the proposal is in, or None once signed."""
        return self.stepper.current_stage

    def role(self, role_id: str) -> Role:
        """The role called ``role_id``; a :class:`GameError` naming the roles otherwise."""
        for role in self.roles:
            if role.role_id == role_id:
                return role
        raise GameError(
            both(
                f"Peran '{role_id}' tidak ada dalam permainan ini. Perannya: "
                f"{', '.join(r.role_id for r in self.roles)}.",
                f"There is no role '{role_id}' in this game. The roles: "
                f"{', '.join(r.role_id for r in self.roles)}.",
            )
        )

    def inject(self, inject_id: str) -> Inject:
        """The inject called ``inject_id``; a :class:`GameError` naming the injects otherwise."""
        for inject in self.injects:
            if inject.inject_id == inject_id:
                return inject
        raise GameError(
            both(
                f"Tidak ada inject '{inject_id}' untuk era ini. Pilih: "
                f"{', '.join(i.inject_id for i in self.injects)}.",
                f"There is no inject '{inject_id}' for this era. Choose one of: "
                f"{', '.join(i.inject_id for i in self.injects)}.",
            )
        )

    def role_of_actor(self, actor_id: str) -> Role | None:
        """The role playing ``actor_id``, or None when no group plays it (the facilitator does)."""
        return next((r for r in self.roles if actor_id in r.actors), None)

    def lead_role(self, stage: Stage) -> Role | None:
        """The role holding ``stage``'s decision: the one playing its lead actor.

        At a routing stage the proposing government chooses its own route (through the governor
        or directly), so the proposer role holds the decision when it takes part in the stage.
        """
        if stage.has_role("routing"):
            for actor in stage.actors:
                role = self.role_of_actor(actor)
                if role is not None and role.kind == "proposer":
                    return role
        return self.role_of_actor(stage.lead)

    def roles_at(self, stage: Stage) -> tuple[Role, ...]:
        """The roles taking part in ``stage`` (lead first), in the order of its actors."""
        lead = self.lead_role(stage)
        found = [lead] if lead is not None else []
        for actor in stage.actors:
            role = self.role_of_actor(actor)
            if role is not None and role not in found:
                found.append(role)
        return tuple(found)

    def stages_of(self, role_id: str) -> tuple[Stage, ...]:
        """The stages ``role_id`` takes part in, in order."""
        return tuple(s for s in self.regime.stages if self.role(role_id) in self.roles_at(s))

    def available(self, role_id: str) -> list[str]:
        """The actions ``role_id`` can attempt now (the rules may still refuse some of them).

        The role ``""`` is the facilitator, who takes the decision of a stage no group leads.
        """
        stage = self.current_stage
        if stage is None:
            return []
        if role_id == FACILITATOR.role_id:
            return (
                list(self.stepper.stage_decisions(stage)) if self.lead_role(stage) is None else []
            )
        role = self.role(role_id)
        offered: list[str] = []
        at_stage = role in self.roles_at(stage)
        if self.lead_role(stage) == role:
            # Only this stage's decisions: a role is never offered another stage's (no signing
            # at the DPRD's stage); trying one out of turn is still refused by the rules.
            offered += self.stepper.stage_decisions(stage)
            if role.kind == "proposer":
                offered.append("revise")
            else:
                offered += ["request_revision", "refuse"]
        elif at_stage:
            offered += list(ACTIONS)
            if role.kind == "proposer":
                offered.append("revise")
        if any(o.role_id == role_id and o.kind == "hold" for o in self.objections):
            offered.append("approve")
        return list(dict.fromkeys(offered))

    def next_moves(self) -> list[tuple[Role, str]]:
        """Whose move it is: each (role, action) that moves the game on now, in order.

        A pending hold waits for its role's approval and a revision request for the proposer's
        revision; otherwise the stage's decision is due from the role holding it (the
        facilitator when no group plays its lead actor).
        """
        stage = self.current_stage
        if stage is None:
            return []
        moves: list[tuple[Role, str]] = []
        for objection in self.objections:
            if objection.kind == "hold":
                moves.append((self.role(objection.role_id), "approve"))
        if any(o.kind == "revision" for o in self.objections):
            proposer = next(
                (r for r in self.roles_at(stage) if r.kind == "proposer"),
                next((r for r in self.roles if r.kind == "proposer"), None),
            )
            if proposer is not None:
                moves.append((proposer, "revise"))
        if not moves:
            lead = self.lead_role(stage) or FACILITATOR
            moves += [(lead, d) for d in self.stepper.stage_decisions(stage)]
        unique: list[tuple[Role, str]] = []
        for move in moves:
            if move not in unique:
                unique.append(move)
        return unique

    def next_text(self, lang: str = "id") -> str:
        """Whose move it is, as a sentence in ``lang``."""
        moves = self.next_moves()
        if not moves:
            return pick(lang, id="Naskah sudah ditandatangani.", en="The agreement is signed.")
        parts = [f"{role.name(lang)} ({action_label(action, lang)})" for role, action in moves]
        return pick(lang, id="Giliran: ", en="Next move: ") + "; ".join(parts) + "."

    def undoable(self) -> Entry | None:
        """The inject the facilitator can still undo: the latest one with no accepted move since."""
        for entry in reversed(self.entries):
            if entry.kind == "inject":
                return entry if entry.step in self.snapshots else None
            if entry.accepted:
                return None
        return None

    def undo(self, time: str = "") -> Entry:
        """Undo the latest inject (nothing accepted since): restore the game, log the undo.

        Raises:
            GameError: when there is no inject to undo; nothing is recorded.
        """
        entry = self.undoable()
        if entry is None:
            raise GameError(
                both(
                    "Tidak ada inject yang dapat dibatalkan: hanya inject terakhir, sebelum ada "
                    "tindakan lain yang diterima, yang dapat dibatalkan.",
                    "There is no inject to undo: only the latest inject, before any other move "
                    "is accepted, can be undone.",
                )
            )
        stepper, objections, fired = self.snapshots.pop(entry.step)
        self.stepper, self.objections, self.fired = stepper, objections, fired
        inject = self.inject(entry.action)
        stage = self.current_stage
        return self._record(
            "undo",
            "",
            entry.action,
            stage,
            True,
            None,
            True,
            f"Inject '{inject.name_id}' (langkah {entry.step}) dibatalkan fasilitator; permainan "
            "kembali seperti sebelum inject itu.",
            f"Inject '{inject.name_en}' (step {entry.step}) undone by the facilitator; the game "
            "is back as it was before it.",
            "",
            "",
            time,
        )

    def act(self, role_id: str, action: str, time: str = "", facilitator: bool = False) -> Entry:
        """Take ``action`` for ``role_id``: record it, or record why it is refused.

        Raises:
            GameError: for an unknown role or action, or once the game is finished; nothing is
                recorded then.
        """
        role = FACILITATOR if role_id == FACILITATOR.role_id else self.role(role_id)
        if action not in DECISIONS and action not in ACTIONS:
            raise GameError(
                both(
                    f"Tindakan '{action}' tidak dikenal. Pilih salah satu: "
                    f"{', '.join([*DECISIONS, *ACTIONS])}.",
                    f"Unknown action '{action}'. Choose one of: {', '.join([*DECISIONS, *ACTIONS])}.",
                )
            )
        stage = self.current_stage
        if stage is None:
            raise GameError(
                both(
                    "Permainan selesai: naskah sudah ditandatangani. Mulai permainan baru.",
                    "The game is over: the agreement is signed. Start a new game.",
                )
            )
        if action not in self.available(role_id):
            return self._out_of_role(role, action, stage, time, facilitator)
        if action in ACTIONS:
            return self._objection(role, action, stage, time, facilitator)
        return self._decide(role, action, stage, time, facilitator)

    def fire(self, inject_id: str, time: str = "") -> Entry:
        """Fire the inject ``inject_id``: apply its effects and record them with their reason."""
        inject = self.inject(inject_id)
        stage = self.current_stage
        if stage is None:
            raise GameError(
                both(
                    "Permainan selesai: inject tidak bisa lagi dijalankan.",
                    "The game is over: no inject can be fired any more.",
                )
            )
        before = (copy.deepcopy(self.stepper), list(self.objections), list(self.fired))
        done_id, done_en = [], []
        for kind, argument in inject.effects:
            here = self.current_stage
            if kind in ("revision", "hold"):
                self.objections.append(Objection(argument, kind, here.stage_id, inject_id))
                name = self.role(argument)
                if kind == "revision":
                    done_id.append(f"{name.name_id} meminta revisi")
                    done_en.append(f"{name.name_en} asks for a revision")
                else:
                    done_id.append(f"{name.name_id} menahan usulan sampai menyetujuinya lagi")
                    done_en.append(f"{name.name_en} holds the proposal until it approves again")
            elif kind == "return":
                target = self.regime.stages_with_role(argument)[0]
                index = self.regime.stage_ids.index(target.stage_id)
                if self.stepper.position > index:
                    self.stepper.position = index
                    self.stepper.has_full_powers = False
                    done_id.append(f"usulan kembali ke tahap '{target.name_id}'")
                    done_en.append(f"the proposal goes back to '{target.name_en}'")
                else:
                    done_id.append(
                        f"tahap '{target.name_id}' belum dilewati, tidak ada yang mundur"
                    )
                    done_en.append(f"'{target.name_en}' is not passed yet, nothing goes back")
            elif kind == "deemed":
                said_id, said_en = self._deadline_deemed(argument, here)
                done_id.append(said_id)
                done_en.append(said_en)
            elif kind == "direct_route":
                said_id, said_en = self._deadline_direct(argument, here)
                done_id.append(said_id)
                done_en.append(said_en)
            else:
                self.stepper.proposal = replace(self.stepper.proposal, partner_country=argument)
                relation_id = "mempunyai" if self.stepper.relations[argument] else "TIDAK mempunyai"
                relation_en = "has" if self.stepper.relations[argument] else "has NO"
                done_id.append(
                    f"mitra kini kota di {argument}, yang {relation_id} hubungan diplomatik dengan "
                    "Indonesia"
                )
                done_en.append(
                    f"the partner is now a city in {argument}, which {relation_en} diplomatic "
                    "relations with Indonesia"
                )
        self.fired.append(inject_id)
        self.snapshots[len(self.entries) + 1] = before
        return self._record(
            "inject",
            "",
            inject_id,
            stage,
            True,
            None,
            False,
            f"Inject '{inject.name_id}': {'; '.join(done_id)}. {inject.reason_id}",
            f"Inject '{inject.name_en}': {'; '.join(done_en)}. {inject.reason_en}",
            inject.legal_basis,
            inject.status,
            time,
        )

    def _deadline_deemed(self, role_id: str, stage: Stage) -> tuple[str, str]:
        """The deadline of ``role_id`` passed at ``stage``: its approval counts as given.

        A hold the role put on the proposal is a refusal given in time, so nothing is deemed; its
        pending revision requests lapse; the stage's decision is then taken as the law deems it,
        unless another role still holds the proposal or the rules refuse it.
        """
        role = self.role(role_id)
        if role not in self.roles_at(stage):
            return (
                f"{role.name_id} tidak sedang memutuskan tahap '{stage.name_id}', jadi tidak ada "
                "yang dianggap disetujui",
                f"{role.name_en} is not deciding '{stage.name_en}' now, so nothing is deemed "
                "approved",
            )
        if any(o.role_id == role_id and o.kind == "hold" for o in self.objections):
            return (
                f"{role.name_id} sudah menolak dalam batas waktu (penahanannya masih berlaku), "
                "jadi tidak ada persetujuan anggapan",
                f"{role.name_en} refused within the limit (its hold stands), so nothing is "
                "deemed approved",
            )
        self.objections = [o for o in self.objections if o.role_id != role_id]
        said_id = (
            f"batas waktu {role.name_id} lewat tanpa pernyataan: permohonan dianggap disetujui"
        )
        said_en = f"{role.name_en}'s time ran out without an answer: the request counts as approved"
        if self.objections:
            return (
                f"{said_id}; tahap masih tertahan oleh: {'; '.join(self.objection_texts('id'))}",
                f"{said_en}; the stage is still held by: {'; '.join(self.objection_texts('en'))}",
            )
        outcome = self.stepper.decide(self.stepper.stage_decisions(stage)[0])
        if not outcome.accepted:
            return (
                f"{said_id}, tetapi aturan lain tetap berlaku: {outcome.reason_id}",
                f"{said_en}, but the other rules still apply: {outcome.reason_en}",
            )
        nxt = self.current_stage
        return (
            f"{said_id}; usulan lanjut ke "
            + (f"tahap '{nxt.name_id}'" if nxt else "penandatanganan selesai"),
            f"{said_en}; the proposal moves on to "
            + (f"'{nxt.name_en}'" if nxt else "the end: signed"),
        )

    def _deadline_direct(self, role_id: str, stage: Stage) -> tuple[str, str]:
        """The forwarding deadline of ``role_id`` passed at ``stage``: the direct route opens.

        The role's holds and revision requests lapse: it can delay, not stop. The proposer then
        sends the file to the Minister itself (the stepper's direct-route decision).
        """
        role = self.role(role_id)
        if role not in self.roles_at(stage):
            return (
                f"{role.name_id} tidak sedang memegang berkas pada tahap '{stage.name_id}', jadi "
                "tidak ada yang berubah",
                f"{role.name_en} does not hold the file at '{stage.name_en}' now, so nothing "
                "changes",
            )
        lifted = [o for o in self.objections if o.role_id == role_id]
        self.objections = [o for o in self.objections if o.role_id != role_id]
        gone_id = " dan keberatannya gugur" if lifted else ""
        gone_en = " and its objections lapse" if lifted else ""
        return (
            f"{role.name_id} tidak meneruskan berkas dalam batas waktu{gone_id}: bupati/wali kota "
            "kini dapat menyampaikannya langsung kepada Menteri",
            f"{role.name_en} did not forward the file in time{gone_en}: the regent or mayor may "
            "now send it to the Minister directly",
        )

    @property
    def log(self) -> pd.DataFrame:
        """Every action so far, one row each (columns :data:`LOG_COLUMNS`)."""
        return pd.DataFrame(
            [[getattr(e, c) for c in LOG_COLUMNS] for e in self.entries], columns=list(LOG_COLUMNS)
        )

    def pending(self) -> list[Objection]:
        """The revision requests and holds still pending."""
        return list(self.objections)

    def board(self, lang: str = "id") -> pd.DataFrame:
        """Every stage with its lead role, the other roles, and whether it is done, current or to come."""
        position = self.stepper.position
        rows = []
        for index, stage in enumerate(self.regime.stages):
            lead = self.lead_role(stage)
            state = "done" if index < position else "current" if index == position else "todo"
            rows.append(
                {
                    "order": stage.order,
                    "stage_id": stage.stage_id,
                    "stage": stage.name(lang),
                    "lead": lead.name(lang)
                    if lead
                    else pick(lang, "(fasilitator)", "(facilitator)"),
                    "others": ", ".join(r.name(lang) for r in self.roles_at(stage) if r != lead),
                    "state": state,
                    "status": stage.status,
                }
            )
        return pd.DataFrame(rows)

    def _rule_refusal(self) -> Entry | None:
        """What the stepper would say now to the stage's own decision, if it refuses it."""
        stage = self.current_stage
        trial = copy.deepcopy(self.stepper)
        outcome = trial.decide(trial.stage_decisions(stage)[0])
        return None if outcome.accepted else outcome

    def _out_of_role(self, role, action, stage, time, facilitator) -> Entry:
        holder_id, holder_en = self._holder(action, stage)
        mine = self.stages_of(role.role_id) if role.role_id else ()
        where_id = (
            ", ".join(f"'{s.name_id}'" for s in mine) or "(tidak ada tahap dalam data era ini)"
        )
        where_en = ", ".join(f"'{s.name_en}'" for s in mine) or "(no stage in this era's data)"
        return self._record(
            "out_of_role",
            role.role_id,
            action,
            stage,
            False,
            False,
            facilitator,
            f"Ditolak: di luar peran. {role.name_id} tidak memegang '{action_label(action, 'id')}' "
            f"pada tahap '{stage.name_id}'. {holder_id} Peran Anda bertindak pada tahap: {where_id}. "
            + self.next_text("id"),
            f"Refused: out of role. {role.name_en} does not hold '{action_label(action, 'en')}' "
            f"at the stage '{stage.name_en}'. {holder_en} Your role acts at: {where_en}. "
            + self.next_text("en"),
            stage.legal_basis,
            stage.status,
            time,
        )

    def _holder(self, action: str, stage: Stage) -> tuple[str, str]:
        """Who holds ``action`` now, as a sentence in each language."""
        if action in ACTIONS:
            names = self.roles_at(stage)
            return (
                "Yang dapat menyetujui atau menolak di tahap ini: "
                f"{', '.join(r.name_id for r in names) or '(fasilitator)'}.",
                "Who may approve or refuse at this stage: "
                f"{', '.join(r.name_en for r in names) or '(the facilitator)'}.",
            )
        # The stage the decision would complete: the first from here on, else the current one.
        later = next(
            (
                s
                for s in self.regime.stages[self.stepper.position :]
                if action in self.stepper.stage_decisions(s)
            ),
            stage,
        )
        lead, actor = self.lead_role(later), self.regime.actor(later.lead)
        return (
            f"Keputusan tahap '{later.name_id}' dipegang "
            f"{lead.name_id if lead else 'fasilitator'} (pelaku pemimpinnya: {actor.name_id}).",
            f"The decision of '{later.name_en}' is held by "
            f"{lead.name_en if lead else 'the facilitator'} (its lead actor: {actor.name_en}).",
        )

    def _objection(self, role, action, stage, time, facilitator) -> Entry:
        refusal = self._rule_refusal()
        if action == "approve":
            lifted = [o for o in self.objections if o.role_id == role.role_id]
            self.objections = [o for o in self.objections if o.role_id != role.role_id]
            lawful = refusal is None
            if lawful:
                text_id = f"Dicatat: {role.name_id} menyetujui tahap '{stage.name_id}'."
                text_en = f"Recorded: {role.name_en} approves '{stage.name_en}'."
            else:
                text_id = (
                    f"Dicatat, tetapi KELIRU secara hukum: {role.name_id} menyetujui usulan yang "
                    f"ditolak aturan. {refusal.reason_id}"
                )
                text_en = (
                    f"Recorded, but legally WRONG: {role.name_en} approves a proposal the rules "
                    f"refuse. {refusal.reason_en}"
                )
            if lifted:
                text_id += " Penahanannya dicabut."
                text_en += " Its hold is lifted."
        else:
            kind = "revision" if action == "request_revision" else "hold"
            self.objections.append(Objection(role.role_id, kind, stage.stage_id, "role"))
            lawful = True
            if kind == "revision":
                text_id = (
                    f"Dicatat: {role.name_id} meminta revisi. Tahap '{stage.name_id}' tidak bisa "
                    "diselesaikan sebelum dokumennya direvisi."
                )
                text_en = (
                    f"Recorded: {role.name_en} asks for a revision. '{stage.name_en}' cannot be "
                    "completed until its documents are revised."
                )
            else:
                text_id = (
                    f"Dicatat: {role.name_id} menolak dan menahan usulan sampai ia menyetujuinya."
                )
                text_en = (
                    f"Recorded: {role.name_en} refuses and holds the proposal until it approves."
                )
            if refusal is not None:
                text_id += f" Sesuai aturan: {refusal.reason_id}"
                text_en += f" In line with the rules: {refusal.reason_en}"
        basis = refusal.legal_basis if refusal is not None else stage.legal_basis
        status = refusal.basis_status if refusal is not None else stage.status
        return self._record(
            "objection",
            role.role_id,
            action,
            stage,
            True,
            lawful,
            facilitator,
            text_id,
            text_en,
            basis,
            status,
            time,
        )

    def _decide(self, role, action, stage, time, facilitator) -> Entry:
        if action != "revise" and self.objections:
            names_id = "; ".join(self._objection_text(o, "id") for o in self.objections)
            names_en = "; ".join(self._objection_text(o, "en") for o in self.objections)
            # Waiting for an inject's objection is not a legal error; ignoring a group's own
            # objection on the board, or a decision the rules refuse anyway, is.
            trial = copy.deepcopy(self.stepper)
            wrong = not trial.decide(action).accepted or any(
                o.source == "role" for o in self.objections
            )
            return self._record(
                "blocked",
                role.role_id,
                action,
                stage,
                False,
                False if wrong else None,
                facilitator,
                f"Ditolak: masih ada keberatan yang belum selesai ({names_id}). "
                + self.next_text("id"),
                f"Refused: objections are still pending ({names_en}). " + self.next_text("en"),
                stage.legal_basis,
                stage.status,
                time,
            )
        outcome = self.stepper.decide(action)
        if action == "revise" and outcome.accepted:
            self.objections = [o for o in self.objections if o.kind != "revision"]
        return self._record(
            "decision",
            role.role_id,
            action,
            stage,
            outcome.accepted,
            outcome.accepted,
            facilitator,
            outcome.reason_id,
            outcome.reason_en,
            outcome.legal_basis,
            outcome.basis_status,
            time,
        )

    def _objection_text(self, objection: Objection, lang: str) -> str:
        name = self.role(objection.role_id).name(lang)
        if objection.kind == "revision":
            return pick(lang, id=f"{name} meminta revisi", en=f"{name} asks for a revision")
        return pick(lang, id=f"{name} menahan usulan", en=f"{name} holds the proposal")

    def objection_texts(self, lang: str = "id") -> list[str]:
        """The pending objections as sentences in ``lang``."""
        return [self._objection_text(o, lang) for o in self.objections]

    def _record(
        self,
        kind,
        role_id,
        action,
        stage,
        accepted,
        lawful,
        facilitator,
        reason_id,
        reason_en,
        basis,
        status,
        time,
    ) -> Entry:
        entry = Entry(
            step=len(self.entries) + 1,
            version=len(self.entries) + 1,
            time=time,
            kind=kind,
            role_id=role_id,
            action=action,
            stage_id=stage.stage_id,
            accepted=accepted,
            lawful=lawful,
            facilitator=facilitator,
            reason_id=reason_id,
            reason_en=reason_en,
            legal_basis=basis,
            basis_status=status,
            next_stage_id=None if self.current_stage is None else self.current_stage.stage_id,
        )
        self.entries.append(entry)
        return entry


def new_game(
    regime: Regime,
    briefs: pd.DataFrame,
    injects: pd.DataFrame,
    proposal: Proposal,
    relations: Mapping[str, bool],
) -> Game:
    """A game of ``regime`` for ``proposal``, with its roles and injects taken from the tables."""
    roles = roles_from_frame(briefs, regime)
    return Game(
        Stepper(regime, proposal, dict(relations)),
        roles,
        injects_from_frame(injects, regime, roles, relations),
    )
