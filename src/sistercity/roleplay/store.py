"""One role-play game shared by several groups: its actions kept in a SQLite file.

The file holds the game's settings (era, proposal) and every action as an event numbered by a
version counter. Each group's session (a JupyterHub server, a notebook, the facilitator's app)
opens the same file. An action is taken inside one ``BEGIN IMMEDIATE`` transaction: read the
events, replay them into a :class:`~sistercity.roleplay.model.Game`, check that the action was
made against the current version, apply it, append it. SQLite lets one writer in at a time, so
two groups acting at the same moment are both recorded, one after the other; an action made
against an older version is refused with :class:`StaleStateError` and nothing is written.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from sistercity.i18n import both
from sistercity.roleplay.model import Entry, Game, GameError
from sistercity.stepper.model import Proposal

#: Environment variable naming the game's SQLite file.
STATE_ENV = "SISTERCITY_ROLEPLAY_STATE"
#: The file's name when it sits next to the course exchange or in the current folder.
STATE_NAME = "sistercity-roleplay.sqlite"
#: Seconds a session waits for another one's transaction before giving up.
BUSY_TIMEOUT = 30.0

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (
    version INTEGER PRIMARY KEY,
    time TEXT NOT NULL,
    kind TEXT NOT NULL,
    role_id TEXT NOT NULL,
    action TEXT NOT NULL,
    facilitator INTEGER NOT NULL,
    author TEXT NOT NULL
);
"""


class StaleStateError(RuntimeError):
    """An action made against an older version of the game; it was not recorded."""

    def __init__(self, seen: int, current: int):
        self.seen, self.current = seen, current
        super().__init__(
            both(
                f"Ditolak: papan permainan sudah berubah (versi {current}, Anda melihat versi {seen}). "
                "Keputusan Anda tidak dicatat. Lihat papan terbaru, lalu putuskan lagi.",
                f"Refused: the board has changed (version {current}, you saw version {seen}). Your "
                "decision was not recorded. Look at the latest board, then decide again.",
            )
        )


def default_state_path() -> Path:
    """``$SISTERCITY_ROLEPLAY_STATE``; else the file next to the course exchange; else here."""
    if os.environ.get(STATE_ENV):
        return Path(os.environ[STATE_ENV])
    from sistercity.grading.settings import EXCHANGE_ENV

    if os.environ.get(EXCHANGE_ENV):
        return Path(os.environ[EXCHANGE_ENV]) / STATE_NAME
    return Path.cwd() / STATE_NAME


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class GameStore:
    """The SQLite file of one game: create it, replay it, act on it safely from many processes."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        if not self.path.is_file():
            raise FileNotFoundError(
                both(
                    f"Belum ada permainan di {self.path}. Fasilitator membuatnya dengan "
                    "`sistercity roleplay new --state PATH`; pakai PATH yang sama.",
                    f"There is no game at {self.path}. The facilitator creates it with "
                    "`sistercity roleplay new --state PATH`; use the same PATH.",
                )
            )

    @classmethod
    def create(
        cls,
        path: Path | str,
        era: str | None = None,
        proposal: Proposal | None = None,
        overwrite: bool = False,
    ) -> GameStore:
        """Create a new game's file at ``path`` for ``era`` and ``proposal``; refuse to overwrite."""
        from sistercity.regimes import check_era

        path = Path(path)
        era = check_era(era)
        proposal = proposal or Proposal()
        if path.exists():
            if not overwrite:
                raise FileExistsError(
                    both(
                        f"Sudah ada permainan di {path}. Pakai --overwrite untuk menggantinya "
                        "(log lama hilang) atau pilih --state lain.",
                        f"A game already exists at {path}. Use --overwrite to replace it (the old "
                        "log is lost) or choose another --state.",
                    )
                )
            path.unlink()
        path.parent.mkdir(parents=True, exist_ok=True)
        with _connect(path) as connection:
            connection.executescript(SCHEMA)
            connection.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                [
                    ("era", era),
                    ("proposal", json.dumps(asdict(proposal))),
                    ("created", _now()),
                ],
            )
        connection.close()
        # Every group's session may run as another user (JupyterHub): let them all write.
        os.chmod(path, 0o666)
        store = cls(path)
        store.game()  # the era's roles and injects load, or the error shows now
        return store

    @property
    def era(self) -> str:
        """The game's era."""
        return self._meta()["era"]

    @property
    def proposal(self) -> Proposal:
        """The game's proposal (as created; injects may change the partner's country)."""
        return Proposal(**json.loads(self._meta()["proposal"]))

    def version(self) -> int:
        """The number of actions recorded so far."""
        connection = _connect(self.path)
        try:
            return connection.execute("SELECT COALESCE(MAX(version), 0) FROM events").fetchone()[0]
        finally:
            connection.close()

    def events(self) -> list[dict]:
        """Every recorded event, in order."""
        connection = _connect(self.path)
        try:
            return _events(connection)
        finally:
            connection.close()

    def game(self) -> Game:
        """The game as it stands: a replay of every recorded event."""
        connection = _connect(self.path)
        try:
            return self._replay(connection)
        finally:
            connection.close()

    def act(
        self,
        role_id: str,
        action: str,
        expected_version: int | None = None,
        facilitator: bool = False,
        author: str = "",
    ) -> Entry:
        """Take ``action`` for ``role_id`` and record it; ``expected_version`` guards against staleness.

        Raises:
            StaleStateError: the game has moved on since ``expected_version``; nothing recorded.
            GameError: an unknown role or action, or a finished game; nothing recorded.
        """
        return self._write("act", role_id, action, expected_version, facilitator, author)

    def fire(self, inject_id: str, expected_version: int | None = None, author: str = "") -> Entry:
        """Fire the inject ``inject_id`` (the facilitator) and record it."""
        return self._write("inject", "", inject_id, expected_version, True, author)

    def undo(self, expected_version: int | None = None, author: str = "") -> Entry:
        """Undo the latest inject (the facilitator) and record the undo in the log."""
        return self._write("undo", "", "", expected_version, True, author)

    def _write(self, kind, role_id, action, expected_version, facilitator, author) -> Entry:
        connection = _connect(self.path)
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                game = self._replay(connection)
                current = game.version
                if expected_version is not None and expected_version != current:
                    raise StaleStateError(expected_version, current)
                time = _now()
                if kind == "inject":
                    entry = game.fire(action, time=time)
                elif kind == "undo":
                    entry = game.undo(time=time)
                    action = entry.action
                else:
                    entry = game.act(role_id, action, time=time, facilitator=facilitator)
                connection.execute(
                    "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (current + 1, time, kind, role_id, action, int(facilitator), author),
                )
                connection.execute("COMMIT")
                return entry
            except BaseException:
                connection.execute("ROLLBACK")
                raise
        finally:
            connection.close()

    def _meta(self) -> dict[str, str]:
        connection = _connect(self.path)
        try:
            return dict(connection.execute("SELECT key, value FROM meta").fetchall())
        finally:
            connection.close()

    def _replay(self, connection) -> Game:
        from sistercity.roleplay import game_for

        meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
        game = game_for(meta["era"], Proposal(**json.loads(meta["proposal"])))
        for event in _events(connection):
            if event["kind"] == "inject":
                game.fire(event["action"], time=event["time"])
            elif event["kind"] == "undo":
                game.undo(time=event["time"])
            else:
                game.act(
                    event["role_id"],
                    event["action"],
                    time=event["time"],
                    facilitator=bool(event["facilitator"]),
                )
        return game


def _connect(path: Path) -> sqlite3.Connection:
    """A connection that waits for other writers and leaves transactions to the caller."""
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
    connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
    return connection


def _events(connection) -> list[dict]:
    cursor = connection.execute(
        "SELECT version, time, kind, role_id, action, facilitator, author FROM events "
        "ORDER BY version"
    )
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


__all__ = ["GameError", "GameStore", "StaleStateError", "default_state_path"]
