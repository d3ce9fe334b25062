"""The role-play on screen: the facilitator's board for the projector and one group's role view.

A thin layer over :class:`~sistercity.roleplay.store.GameStore`: every button calls
``store.act`` (or ``store.fire``) with the version the screen shows, so a decision made on a
board another group has just changed is refused as stale and the screen reloads. Each view
checks the file every ``poll`` seconds and redraws when the game has moved on, so a decision
taken in one session appears in the others.
"""

from __future__ import annotations

import html
import io
import os
import threading

import ipywidgets as widgets
from matplotlib.figure import Figure

from sistercity.i18n import check_lang, pick
from sistercity.roleplay.debrief import could_have_done, debrief_text, stalls, timeline
from sistercity.roleplay.model import BRIEF_TITLES, FACILITATOR, Game, GameError, action_label
from sistercity.roleplay.plot import plot_game
from sistercity.roleplay.store import GameStore, StaleStateError, default_state_path

STATE_COLOURS = {"done": "#cfe8cf", "current": "#ffd966", "todo": "#ffffff"}


def _label(game: Game, role_id: str, action: str, lang: str) -> str:
    """A button label: an approver completing its stage reads 'complete', not the proposer's verb."""
    stage = game.current_stage
    role = game.role(role_id) if role_id else FACILITATOR
    if (
        stage is not None
        and role.kind != "proposer"
        and action in game.stepper.stage_decisions(stage)
        and game.lead_role(stage) == (role if role_id else None)
    ):
        return pick(
            lang,
            id=f"Selesaikan tahap ({action_label(action, lang)})",
            en=f"Complete the stage ({action_label(action, lang)})",
        )
    return action_label(action, lang)


class _GameView(widgets.VBox):
    """What both views share: the store, the board, the message, the log and the polling."""

    css = "sistercity-roleplay"

    def __init__(self, state=None, lang: str = "id", poll: float = 2.0):
        self.lang = check_lang(lang)
        self.store = GameStore(state or default_state_path())
        self.header = widgets.HTML()
        self.now = widgets.HTML()
        self.now.add_class("sistercity-roleplay-now")
        self.board = widgets.HTML()
        self.board.add_class("sistercity-roleplay-board")
        self.button_box = widgets.HBox(layout=widgets.Layout(flex_flow="row wrap"))
        self.buttons: dict[str, widgets.Button] = {}
        self.message = widgets.HTML()
        self.log_view = widgets.HTML()
        self.log_view.add_class("sistercity-roleplay-log")
        self.reload = widgets.Button(
            description=pick(lang, id="Muat ulang papan", en="Reload the board"), icon="refresh"
        )
        self.reload.on_click(lambda _b: self.refresh())
        self.version = -1
        self.game: Game | None = None
        self._stop = threading.Event()
        # The watcher thread and a button's callback may redraw at the same moment: one at a time.
        self._lock = threading.RLock()
        super().__init__(self._children())
        self.add_class(self.css)
        self.refresh()
        if poll and not os.environ.get("NBGRADER_EXECUTION"):
            threading.Thread(target=self._watch, args=(poll,), daemon=True).start()

    def _children(self) -> list:
        return [
            self.header,
            self.now,
            self.board,
            self.button_box,
            self.message,
            self.log_view,
            self.reload,
        ]

    def _watch(self, poll: float) -> None:
        while not self._stop.wait(poll):
            try:
                if self.store.version() != self.version:
                    self.refresh()
            except Exception:  # noqa: BLE001 - a broken file shows on the next click instead
                continue

    def close(self):
        """Stop watching the file and close the widgets."""
        self._stop.set()
        super().close()

    def refresh(self) -> None:
        """Read the game from the file and redraw everything."""
        with self._lock:
            self._redraw()

    def _redraw(self) -> None:
        self.game = self.store.game()
        self.version = self.game.version
        lang, game = self.lang, self.game
        self.board.value = self._board_html()
        self.now.value = self._now_html()
        self._buttons()
        table = timeline(game, lang)
        self.log_view.value = (
            "<b>"
            + pick(lang, id="Catatan permainan", en="Game log")
            + "</b>"
            + table.iloc[::-1].to_html(index=False, escape=True, border=0)
            if len(table)
            else ""
        )
        # The version shown last: once it changes, the rest of the screen is already redrawn.
        p = game.stepper.proposal
        self.header.value = (
            f"<p style='margin:0;line-height:1.3'><b>{html.escape(game.regime.title(lang))}</b> · "
            + pick(lang, id="Usulan", en="Proposal")
            + f": <b>{html.escape(p.region)}</b> – <b>{html.escape(p.partner)}</b>, "
            f"{html.escape(p.partner_country)} · "
            + pick(lang, id="versi", en="version")
            + f" <span class='sistercity-roleplay-version'>{self.version}</span></p>"
        )

    def _now_html(self) -> str:
        """The current stage and whose move it is, in large type."""
        lang, game = self.lang, self.game
        stage = game.current_stage
        others = ""
        if stage is None:
            where = pick(lang, "Selesai: naskah ditandatangani.", "Done: the agreement is signed.")
        else:
            where = (
                pick(lang, "Tahap sekarang", "Current stage")
                + f": {stage.order}. {stage.name(lang)}"
            )
            lead = game.lead_role(stage)
            names = [r.name(lang) for r in game.roles_at(stage) if r != lead]
            if names:
                others = (
                    "<div style='font-size:16px'>"
                    + html.escape(
                        pick(lang, "Ikut menyetujui", "Also approve") + ": " + ", ".join(names)
                    )
                    + "</div>"
                )
        return (
            "<div style='font-size:20px;line-height:1.3'>"
            f"<b>{html.escape(where)}</b><br>{html.escape(game.next_text(lang))}</div>{others}"
        )

    def _board_html(self) -> str:
        lang, game = self.lang, self.game
        rows = []
        for row in game.board(lang).itertuples():
            colour = STATE_COLOURS[row.state]
            rows.append(
                f"<tr style='background:{colour};line-height:1.2'><td>{row.order}</td>"
                f"<td><b>{html.escape(row.stage)}</b></td><td>{html.escape(row.lead)}</td></tr>"
            )
        # Who else approves is shown for the current stage above the board (it keeps the board
        # short enough for a projector).
        head = (
            f"<tr><th>#</th><th>{pick(lang, 'Tahap', 'Stage')}</th>"
            f"<th>{pick(lang, 'Memutuskan', 'Decides')}</th></tr>"
        )
        pending = game.objection_texts(lang)
        note = (
            "<p><b>" + pick(lang, "Keberatan tertunda", "Pending objections") + ":</b> "
            f"{html.escape('; '.join(pending))}</p>"
            if pending
            else ""
        )
        done = (
            "<p><b>"
            + pick(lang, "Selesai: naskah ditandatangani.", "Done: the agreement is signed.")
            + "</b></p>"
            if game.finished
            else ""
        )
        return (
            "<div style='font-size:15px;line-height:1.2'>"
            f"<table style='border-collapse:collapse'>{head}{''.join(rows)}</table>{note}{done}</div>"
        )

    def _make_button(self, label: str, tooltip: str, callback) -> widgets.Button:
        button = widgets.Button(
            description=label, tooltip=tooltip, layout=widgets.Layout(width="auto")
        )
        button.add_class("sistercity-decision")
        button.on_click(lambda _b: callback())
        return button

    def _buttons(self) -> None:
        raise NotImplementedError

    def take(self, role_id: str, action: str, facilitator: bool = False):
        """Take ``action`` for ``role_id`` against the version on screen, show the outcome, redraw."""
        author = os.environ.get("JUPYTERHUB_USER") or os.environ.get("USER", "")
        try:
            entry = self.store.act(
                role_id, action, self.version, facilitator=facilitator, author=author
            )
        except (StaleStateError, GameError) as error:
            self._show(False, str(error))
            self.refresh()
            return None
        self._show(entry.accepted, entry.reason(self.lang), entry.legal_basis)
        self.refresh()
        return entry

    def _show(self, ok: bool, text: str, basis: str = "") -> None:
        colour = "#e3f1e0" if ok else "#fbe3e0"
        extra = (
            f"<br><i>{pick(self.lang, 'Dasar hukum', 'Legal basis')}:</i> {html.escape(basis)}"
            if basis
            else ""
        )
        self.message.value = (
            f'<div class="sistercity-roleplay-message" style="background:{colour};padding:6px;'
            f'border-radius:4px">{html.escape(text)}{extra}</div>'
        )


class RoleView(_GameView):
    """One group's screen: its confidential brief, the board, and the actions its role holds now."""

    css = "sistercity-roleplay-role"

    def __init__(self, role: str, state=None, lang: str = "id", poll: float = 2.0):
        self.role_id = role
        self.brief = widgets.HTML()
        super().__init__(state, lang, poll)
        self.children = [self.brief, *self._children()]

    def _buttons(self) -> None:
        lang, game = self.lang, self.game
        role = game.role(self.role_id)
        parts = "".join(
            f"<p><b>{pick(lang, *BRIEF_TITLES[k])}.</b> {html.escape(v)}</p>"
            for k, v in role.brief(lang).items()
        )
        self.brief.value = (
            f"<details><summary><b>{html.escape(role.name(lang))}</b> – "
            + pick(lang, "brief rahasia (klik)", "confidential brief (click)")
            + f"</summary>{parts}<p><i>{pick(lang, 'Dasar hukum', 'Legal basis')}:</i> "
            f"{html.escape(role.legal_basis)} ({html.escape(role.status)})</p></details>"
        )
        self.buttons = {
            action: self._make_button(
                _label(game, self.role_id, action, lang),
                action,
                lambda a=action: self.take(self.role_id, a),
            )
            for action in game.available(self.role_id)
        }
        waiting = widgets.HTML(
            pick(lang, "Belum giliran peran Anda.", "Not your role's turn yet.")
            if not self.buttons and not game.finished
            else ""
        )
        self.button_box.children = (*self.buttons.values(), waiting)


class FacilitatorApp(_GameView):
    """The projector's screen: whose move it is, that role's actions, injects apart, the debrief.

    The role picker offers only the roles that can act now and starts at the one whose move it
    is. Injects sit in their own box: a click asks for confirmation, and the latest inject can
    be undone (the undo is logged).
    """

    css = "sistercity-roleplay-facilitator"

    def __init__(self, state=None, lang: str = "id", poll: float = 2.0):
        self.role_choice = widgets.Dropdown(
            description=pick(lang, "Untuk peran", "For role"),
            style={"description_width": "initial"},
        )
        self.role_choice.observe(lambda _c: self._role_buttons(), names="value")
        self.inject_box = widgets.HBox(layout=widgets.Layout(flex_flow="row wrap"))
        self.inject_buttons: dict[str, widgets.Button] = {}
        self.pending_inject: str | None = None
        self.confirm_text = widgets.HTML()
        self.confirm_button = widgets.Button(
            description=pick(lang, "Ya, jalankan inject", "Yes, fire the inject"),
            button_style="danger",
            layout=widgets.Layout(width="auto"),
        )
        self.confirm_button.add_class("sistercity-inject-confirm")
        self.confirm_button.on_click(lambda _b: self.confirm())
        self.cancel_button = widgets.Button(
            description=pick(lang, "Batal", "Cancel"), layout=widgets.Layout(width="auto")
        )
        self.cancel_button.on_click(lambda _b: self.ask(None))
        self.confirm_box = widgets.HBox(
            [self.confirm_text, self.confirm_button, self.cancel_button],
            layout=widgets.Layout(display="none", flex_flow="row wrap", align_items="center"),
        )
        self.undo_button = widgets.Button(
            description=pick(lang, "Batalkan inject terakhir", "Undo the latest inject"),
            icon="undo",
            layout=widgets.Layout(width="auto"),
        )
        self.undo_button.add_class("sistercity-inject-undo")
        self.undo_button.on_click(lambda _b: self.undo())
        self.injects_panel = widgets.VBox(
            [
                widgets.HTML(
                    "<b>"
                    + pick(
                        lang,
                        "Inject: peristiwa dari fasilitator (bukan keputusan kelompok)",
                        "Injects: events the facilitator fires (not a group's decision)",
                    )
                    + "</b>"
                ),
                self.inject_box,
                self.confirm_box,
                self.undo_button,
            ],
            layout=widgets.Layout(border="2px dashed #8e6c00", padding="4px", margin="8px 0 0 0"),
        )
        self.injects_panel.add_class("sistercity-roleplay-injects")
        self.debrief_button = widgets.Button(
            description=pick(lang, "Tampilkan debrief", "Show the debrief"), icon="bar-chart"
        )
        self.debrief_button.on_click(lambda _b: self.show_debrief())
        self.debrief = widgets.VBox()
        self._shown_version = -1
        super().__init__(state, lang, poll)
        controls = widgets.VBox(
            [self.role_choice, self.button_box, self.message, self.injects_panel],
            layout=widgets.Layout(width="43%", min_width="360px", margin="0 0 0 10px"),
        )
        controls.add_class("sistercity-roleplay-controls")
        left = widgets.VBox([self.now, self.board], layout=widgets.Layout(width="56%"))
        self.children = [
            self.header,
            widgets.HBox([left, controls], layout=widgets.Layout(width="100%")),
            self.log_view,
            widgets.HBox([self.reload, self.debrief_button]),
            self.debrief,
        ]

    def _buttons(self) -> None:
        lang, game = self.lang, self.game
        acting = [r for r in (*game.roles, FACILITATOR) if game.available(r.role_id)]
        options = [(r.name(lang), r.role_id) for r in acting]
        moves = game.next_moves()
        first = moves[0][0].role_id if moves else None
        current = self.role_choice.value
        if list(self.role_choice.options) != options:
            self.role_choice.options = options
        values = [v for _, v in options]
        if self._shown_version != self.version or current not in values:
            # The game moved on: show the role whose move it is.
            chosen = first if first in values else (values[0] if values else None)
            if self.role_choice.value != chosen:
                self.role_choice.value = chosen
        self._shown_version = self.version
        self._role_buttons()
        self.inject_buttons = {}
        for inject in game.injects:
            button = widgets.Button(
                description=inject.name(lang),
                tooltip=inject.description(lang),
                # Amber like a warning, with dark text that keeps WCAG AA contrast (axe-core).
                style=widgets.ButtonStyle(button_color="#ffd58a", text_color="#3b2300"),
                layout=widgets.Layout(width="auto"),
            )
            button.add_class("sistercity-inject")
            button.on_click(lambda _b, i=inject.inject_id: self.ask(i))
            button.disabled = game.finished
            self.inject_buttons[inject.inject_id] = button
        self.inject_box.children = tuple(self.inject_buttons.values())
        undoable = game.undoable()
        self.undo_button.disabled = undoable is None
        self.undo_button.tooltip = (
            game.inject(undoable.action).name(lang) if undoable is not None else ""
        )

    def _role_buttons(self) -> None:
        lang, game = self.lang, self.game
        role_id = self.role_choice.value
        if role_id is None or game is None:
            self.buttons = {}
            self.button_box.children = ()
            return
        self.buttons = {
            action: self._make_button(
                _label(game, role_id, action, lang),
                action,
                lambda a=action: self.take(self.role_choice.value, a, facilitator=True),
            )
            for action in game.available(role_id)
        }
        self.button_box.children = tuple(self.buttons.values())

    def ask(self, inject_id: str | None) -> None:
        """Ask the facilitator to confirm firing ``inject_id`` (None: hide the question)."""
        self.pending_inject = inject_id
        if inject_id is None:
            self.confirm_box.layout.display = "none"
            return
        inject = self.game.inject(inject_id)
        self.confirm_text.value = (
            "<span style='font-size:16px'>"
            + html.escape(
                pick(self.lang, "Jalankan inject", "Fire the inject")
                + f" '{inject.name(self.lang)}'? {inject.description(self.lang)}"
            )
            + "</span>"
        )
        self.confirm_box.layout.display = "flex"

    def confirm(self):
        """Fire the inject awaiting confirmation."""
        inject_id, self.pending_inject = self.pending_inject, None
        self.confirm_box.layout.display = "none"
        return self.fire(inject_id) if inject_id else None

    def fire(self, inject_id: str):
        """Fire an inject against the version on screen and redraw (the confirmed step)."""
        try:
            entry = self.store.fire(inject_id, self.version)
        except (StaleStateError, GameError) as error:
            self._show(False, str(error))
            self.refresh()
            return None
        self._show(True, entry.reason(self.lang), entry.legal_basis)
        self.refresh()
        return entry

    def undo(self):
        """Undo the latest inject (logged as an undo) and redraw."""
        try:
            entry = self.store.undo(self.version)
        except (StaleStateError, GameError) as error:
            self._show(False, str(error))
            self.refresh()
            return None
        self._show(True, entry.reason(self.lang))
        self.refresh()
        return entry

    def show_debrief(self) -> None:
        """Show the timeline plot, the stalls and the debrief's points."""
        lang, game = self.lang, self.game
        figure = Figure(figsize=(11, 5), layout="constrained")
        plot_game(figure.add_subplot(), game, lang)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=80)
        points = "".join(f"<li>{html.escape(p)}</li>" for p in debrief_text(game, lang))
        table = stalls(game, lang)
        self.debrief.children = [
            widgets.Image(value=buffer.getvalue(), format="png"),
            widgets.HTML(
                f"<ul>{points}</ul>"
                + (table.to_html(index=False, escape=True, border=0) if len(table) else "")
                + "<b>"
                + pick(lang, "Yang dapat dilakukan tiap kelompok", "What each group could do")
                + "</b>"
                + could_have_done(game, lang)
                .drop(columns="role_id")
                .to_html(index=False, escape=True, border=0)
            ),
        ]
