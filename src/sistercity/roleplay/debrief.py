"""The debrief and the grades of a role-play game, read from its log (pure pandas, no files).

* :func:`timeline`: who decided what and when, in readable columns.
* :func:`stalls`: where the game stalled (refusals, blocked steps, objections) and why, each
  cause placed at Putnam's level (I: negotiation abroad, II: domestic ratification) and at its
  level of government (multi-level governance).
* :func:`debrief_text`: the points a lecturer raises, tied to Putnam (1988) and Hooghe & Marks (2003).
* :func:`grades`: each role's decisions scored against its brief (legal correctness over the moves
  it was required or allowed to make, interests); :func:`could_have_done` shows those moves.
* :func:`student_rows`: those grades per student, from a roster (student -> role), in the rows
  :mod:`sistercity.grading.export` writes as CSV or as Moodle's grade import.
"""

from __future__ import annotations

import pandas as pd

from sistercity.i18n import pick
from sistercity.roleplay.model import INTERESTS, Game, action_label

#: Points of each part of the grade (the participation rubric is the lecturer's, not the log's).
LEGAL_POINTS = 50
INTEREST_POINTS = 50

#: The two readings the debrief ties the game to.
READINGS = (
    "Putnam, R. D. (1988). Diplomacy and Domestic Politics: The Logic of Two-Level Games. "
    "International Organization, 42(3), 427–460.",
    "Hooghe, L., & Marks, G. (2003). Unraveling the Central State, but How? Types of Multi-level "
    "Governance. American Political Science Review, 97(2), 233–243.",
)

LEVEL_NAMES = {
    "local": ("daerah", "local"),
    "provincial": ("provinsi", "provincial"),
    "national": ("nasional", "national"),
    "international": ("internasional", "international"),
}


def _role_name(game: Game, role_id: str, lang: str) -> str:
    if not role_id:
        return pick(lang, id="fasilitator", en="facilitator")
    return game.role(role_id).name(lang)


def timeline(game: Game, lang: str = "id") -> pd.DataFrame:
    """Who decided what, when and at which stage, with the result and its reason, in ``lang``."""
    names = {s.stage_id: s.name(lang) for s in game.regime.stages}
    injects = {i.inject_id: i.name(lang) for i in game.injects}
    yes, no = pick(lang, id="diterima", en="accepted"), pick(lang, id="DITOLAK", en="REFUSED")
    rows = []
    for e in game.entries:
        if e.kind == "undo":
            what = pick(lang, id="batalkan inject: ", en="undo inject: ") + injects[e.action]
        elif e.kind == "inject":
            what = injects[e.action]
        else:
            what = action_label(e.action, lang)
        rows.append(
            {
                pick(lang, id="langkah", en="step"): e.step,
                pick(lang, id="waktu", en="time"): e.time,
                pick(lang, id="peran", en="role"): _role_name(game, e.role_id, lang),
                pick(lang, id="tindakan", en="action"): what,
                pick(lang, id="tahap", en="stage"): names.get(e.stage_id, e.stage_id),
                pick(lang, id="hasil", en="result"): yes if e.accepted else no,
                pick(lang, id="alasan", en="reason"): e.reason(lang),
                pick(lang, id="dasar hukum", en="legal basis"): e.legal_basis,
            }
        )
    return pd.DataFrame(rows)


def _cause(game: Game, entry) -> str:
    """The role a stalling entry is due to: the objector, the refused role, or the inject's target."""
    if entry.kind == "inject":
        inject = game.inject(entry.action)
        targets = [a for k, a in inject.effects if k in ("revision", "hold")]
        return targets[0] if targets else ""
    return entry.role_id


def undone_steps(game: Game) -> set[int]:
    """The steps of the injects the facilitator undid."""
    fired, undone = [], set()
    for entry in game.entries:
        if entry.kind == "inject":
            fired.append(entry.step)
        elif entry.kind == "undo" and fired:
            undone.add(fired.pop())
    return undone


def stalls(game: Game, lang: str = "id") -> pd.DataFrame:
    """Each stage where the game stalled: how many actions were refused or blocked, by whom, why."""
    rows = []
    undone = undone_steps(game)
    for stage in game.regime.stages:
        here = [
            e
            for e in game.entries
            if e.stage_id == stage.stage_id and e.kind != "undo" and e.step not in undone
        ]
        stalling = [
            e
            for e in here
            if not e.accepted
            or (e.kind == "objection" and e.action != "approve")
            or (
                e.kind == "inject" and any(k != "country" for k, _ in game.inject(e.action).effects)
            )
        ]
        if not stalling:
            continue
        causes = [c for c in dict.fromkeys(_cause(game, e) for e in stalling) if c]
        roles = [game.role(c) for c in causes]
        rows.append(
            {
                "stage_id": stage.stage_id,
                pick(lang, id="tahap", en="stage"): stage.name(lang),
                pick(lang, id="tindakan", en="actions"): len(here),
                pick(lang, id="tertahan", en="stalled"): len(stalling),
                pick(lang, id="karena", en="due to"): ", ".join(r.name(lang) for r in roles),
                pick(lang, id="level Putnam", en="Putnam level"): ", ".join(
                    sorted({r.putnam_level for r in roles})
                ),
                pick(lang, id="tingkat pemerintahan", en="level of government"): ", ".join(
                    dict.fromkeys(pick(lang, *LEVEL_NAMES[r.level]) for r in roles)
                ),
                pick(lang, id="alasan pertama", en="first reason"): stalling[0].reason(lang),
            }
        )
    return pd.DataFrame(rows)


def debrief_text(game: Game, lang: str = "id") -> list[str]:
    """The debrief's points in ``lang``: what happened, where it stalled, and the two readings."""
    entries = game.entries
    stalled = stalls(game, lang)
    putnam = pick(lang, id="level Putnam", en="Putnam level")
    level_one = sum("I" in str(v).split(", ") for v in stalled.get(putnam, []))
    level_two = sum("II" in str(v).split(", ") for v in stalled.get(putnam, []))
    refused = sum(not e.accepted for e in entries)
    signed = game.finished
    points = [
        pick(
            lang,
            id=f"{len(entries)} tindakan, {refused} ditolak; naskah "
            + ("ditandatangani." if signed else "belum ditandatangani."),
            en=f"{len(entries)} actions, {refused} refused; the agreement "
            + ("was signed." if signed else "was not signed."),
        ),
        pick(
            lang,
            id=f"Permainan tertahan di {len(stalled)} tahap: {level_two} karena pelaku level II "
            f"(ratifikasi domestik: DPRD, pemda, pusat) dan {level_one} karena pelaku level I "
            "(perundingan dengan pihak luar negeri).",
            en=f"The game stalled at {len(stalled)} stages: {level_two} due to level II actors "
            f"(domestic ratification: DPRD, regional and central government) and {level_one} due "
            "to level I actors (negotiating with the foreign side).",
        ),
        pick(
            lang,
            id="Putnam (1988): perunding di level I hanya bisa menyepakati apa yang dapat "
            "diratifikasi di level II (win-set). Di mana DPRD atau pusat mempersempit win-set "
            "pemda dalam permainan ini?",
            en="Putnam (1988): a negotiator at level I can agree only to what can be ratified at "
            "level II (the win-set). Where did the DPRD or the centre narrow the regional "
            "government's win-set in this game?",
        ),
        pick(
            lang,
            id="Hooghe & Marks (2003): kewenangan tersebar di beberapa tingkat pemerintahan. "
            "Hitung berapa tingkat (daerah, provinsi, nasional, internasional) yang harus setuju "
            "sebelum satu naskah kota kembar dapat ditandatangani.",
            en="Hooghe & Marks (2003): authority is dispersed across levels of government. Count "
            "how many levels (local, provincial, national, international) had to agree before one "
            "sister-city agreement could be signed.",
        ),
    ]
    return points


def _interest_met(game: Game, role_id: str, interest: str) -> bool:
    mine = [e for e in game.entries if e.role_id == role_id and e.kind not in ("inject", "undo")]
    if interest == "signed":
        return game.finished
    if interest == "scrutiny":
        return any(e.kind == "objection" and e.action != "approve" for e in mine)
    return not any(e.lawful is False for e in mine)


def opportunities(game: Game, role_id: str) -> dict[str, list[str]]:
    """The stage ids where ``role_id`` had to decide, could approve or object, and missed a move.

    A stage counts once the game has reached it. ``required``: stages whose decision the role
    holds; ``allowed``: stages where it may approve, ask for a revision or refuse; ``missed``:
    required stages the game has passed without an accepted decision of the role (a stage the
    game still waits at is not missed: the move is still open).
    """
    reached = game.regime.stages[: game.stepper.position + (0 if game.finished else 1)]
    passed = game.regime.stages[: game.stepper.position]
    role = game.role(role_id)
    required = [s.stage_id for s in reached if game.lead_role(s) == role]
    allowed = [
        s.stage_id for s in reached if role in game.roles_at(s) and game.lead_role(s) != role
    ]
    decided = {
        e.stage_id
        for e in game.entries
        if e.role_id == role_id and e.kind == "decision" and e.accepted
    }
    missed = [s.stage_id for s in passed if s.stage_id in required and s.stage_id not in decided]
    return {"required": required, "allowed": allowed, "missed": missed}


def _stage_names(game: Game, stage_ids: list[str], lang: str) -> str:
    names = {s.stage_id: s.name(lang) for s in game.regime.stages}
    return "; ".join(names[s] for s in stage_ids) or "-"


def could_have_done(game: Game, lang: str = "id") -> pd.DataFrame:
    """For each group: the moves it had to make, the moves it could make, what it did and missed."""
    rows = []
    for role in game.roles:
        chances = opportunities(game, role.role_id)
        mine = [e for e in game.entries if e.role_id == role.role_id and e.kind != "inject"]
        rows.append(
            {
                "role_id": role.role_id,
                pick(lang, id="peran", en="role"): role.name(lang),
                pick(lang, id="wajib memutuskan", en="had to decide"): _stage_names(
                    game, chances["required"], lang
                ),
                pick(lang, id="boleh menyetujui/menahan", en="could approve/object"): _stage_names(
                    game, chances["allowed"], lang
                ),
                pick(lang, id="tindakan", en="actions"): len(mine),
                pick(lang, id="terlewat", en="missed"): _stage_names(game, chances["missed"], lang),
            }
        )
    return pd.DataFrame(rows)


def grades(game: Game, lang: str = "id") -> pd.DataFrame:
    """One row per role: its actions, legal errors, interests met, and points out of 100.

    The legal part is scored over the moves the role was required or allowed to make: each of
    its judged actions counts, right or wrong, and so does each required decision it missed. A
    role that made no judged move and missed nothing made no legal error: full legal points.
    """
    rows = []
    for role in game.roles:
        mine = [e for e in game.entries if e.role_id == role.role_id and e.kind != "inject"]
        judged = [e for e in mine if e.lawful is not None]
        correct = sum(bool(e.lawful) for e in judged)
        errors = len(judged) - correct
        chances = opportunities(game, role.role_id)
        missed = len(chances["missed"])
        counted = len(judged) + missed
        share = correct / counted if counted else 1.0
        legal = LEGAL_POINTS * share
        met = [i for i in role.interests if _interest_met(game, role.role_id, i)]
        interest = INTEREST_POINTS * (len(met) / len(role.interests) if role.interests else 0.0)
        not_met = [i for i in role.interests if i not in met]
        required = _stage_names(game, chances["required"], lang)
        allowed = _stage_names(game, chances["allowed"], lang)
        comment = pick(
            lang,
            id=f"{len(mine)} tindakan, {errors} kesalahan hukum, {missed} keputusan wajib "
            f"terlewat. Wajib memutuskan: {required}; boleh menyetujui/menahan: {allowed}. "
            f"Kepentingan tercapai: {'; '.join(INTERESTS[i][0] for i in met) or '-'}; belum: "
            f"{'; '.join(INTERESTS[i][0] for i in not_met) or '-'}.",
            en=f"{len(mine)} actions, {errors} legal errors, {missed} required decisions "
            f"missed. Had to decide: {required}; could approve/object: {allowed}. Interests "
            f"met: {'; '.join(INTERESTS[i][1] for i in met) or '-'}; not met: "
            f"{'; '.join(INTERESTS[i][1] for i in not_met) or '-'}.",
        )
        rows.append(
            {
                "role_id": role.role_id,
                "role": role.name(lang),
                "actions": len(mine),
                "legal_correct": correct,
                "legal_errors": errors,
                "missed": missed,
                "interests_met": ";".join(met),
                "legal_points": round(legal, 1),
                "interest_points": round(interest, 1),
                "score": round(legal + interest, 1),
                "max_score": LEGAL_POINTS + INTEREST_POINTS,
                "comment": comment,
            }
        )
    return pd.DataFrame(rows)


def student_rows(
    table: pd.DataFrame, roster: pd.DataFrame, assignment: str = "roleplay"
) -> list[dict]:
    """Rows for :mod:`sistercity.grading.export`: each student of ``roster`` gets their role's grade.

    Args:
        table: The output of :func:`grades`.
        roster: Columns ``student_id`` and ``role_id`` (optionally ``name``).
        assignment: The grade item's name in the export.

    Raises:
        ValueError: naming the students whose role the game does not have.
    """
    by_role = table.set_index("role_id")
    unknown = sorted(set(roster["role_id"]) - set(by_role.index))
    if unknown:
        raise ValueError(
            f"Peran di roster tidak ada dalam permainan / roles in the roster that the game does "
            f"not have: {', '.join(unknown)}. Roles: {', '.join(by_role.index)}."
        )
    rows = []
    for student in roster.itertuples():
        grade = by_role.loc[student.role_id]
        rows.append(
            {
                "assignment": assignment,
                "student_id": student.student_id,
                "name": getattr(student, "name", "") or "",
                "score": grade["score"],
                "max_score": grade["max_score"],
                "status": "graded",
                "comment": f"{grade['role']}: {grade['comment']}",
            }
        )
    return rows
