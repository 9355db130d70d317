"""What the terminal sandbox remembers between runs: who is who, its clock, its message ids.

The bot's database outlives a sandbox run, so the sandbox must come back as the same world:
``!as alice`` must be the same account (the same user id) as last time, the ``!advance``d
clock must not fall back to today (due times stored by the bot were computed with it), and a
chat's message ids must go on where they stopped (the bot keys some records by chat and
message id, so a reused id would look like an edit of an old message).

All of it is one small JSON file next to the sandbox's database (``toebot-sandbox.db`` gives
``toebot-sandbox.db-sandbox.json``, beside SQLite's own ``-wal`` and ``-shm``), written
atomically. A missing file means a first run; an unreadable one is reported in one line and
replaced by fresh state, never a crash: it is a developer convenience, not data.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FIRST_USER_ID = 1001
ADMIN_ID = 1000  # "!as admin": the sandbox's admin, added to ADMIN_IDS
STATE_VERSION = 1
STATE_SUFFIX = "-sandbox.json"
# For a database that is not a file (PostgreSQL): the state stays in the working directory.
SERVER_DB_STATE = Path("toebot-sandbox-state.json")

__all__ = [
    "ADMIN_ID",
    "FIRST_USER_ID",
    "SandboxSession",
    "database_file",
    "load_session",
    "save_session",
    "state_path",
]


def _default_users() -> dict[str, int]:
    return {"pat": FIRST_USER_ID, "admin": ADMIN_ID}


def _default_names() -> dict[int, str]:
    return {FIRST_USER_ID: "Pat", ADMIN_ID: "Admin"}


@dataclass
class SandboxSession:
    """The identities, clock offset and chat counters of the terminal sandbox."""

    # Lower-cased name -> user id, and user id -> the name as typed (shown in output).
    users: dict[str, int] = field(default_factory=_default_users)
    names: dict[int, str] = field(default_factory=_default_names)
    # 1002 is skipped for new names, as it always was (the first new name got 1003).
    next_user_id: int = FIRST_USER_ID + 2
    current: int = FIRST_USER_ID
    offset: dt.timedelta = dt.timedelta(0)
    # The latest time the bot's clock showed; a restart never starts the clock before it.
    clock_seen: dt.datetime | None = None
    # Chat id -> the next message id in that chat.
    chats: dict[int, int] = field(default_factory=dict)

    def new_user_id(self) -> int:
        """An id no user of this sandbox has had (numeric `!as 1005` ids included)."""
        taken = {*self.users.values(), *self.names, *self.chats}
        uid = max(self.next_user_id, max(taken, default=0) + 1)
        self.next_user_id = uid + 1
        return uid

    def forget_names(self) -> None:
        """Names stop meaning anyone; ids are never handed out again, the clock stays."""
        keep_ids = {*self.users.values(), *self.names, *self.chats}
        self.next_user_id = max(self.next_user_id, max(keep_ids, default=0) + 1)
        self.users = {"admin": ADMIN_ID}
        self.names = {ADMIN_ID: "Admin"}
        pat = self.new_user_id()
        self.users["pat"] = pat
        self.names[pat] = "Pat"
        self.current = pat

    def to_json(self) -> dict[str, Any]:
        return {
            "version": STATE_VERSION,
            "users": dict(sorted(self.users.items())),
            "names": {str(uid): name for uid, name in sorted(self.names.items())},
            "next_user_id": self.next_user_id,
            "current": self.current,
            "clock_offset_seconds": self.offset.total_seconds(),
            "clock_seen": None if self.clock_seen is None else self.clock_seen.isoformat(),
            "chats": {str(cid): nxt for cid, nxt in sorted(self.chats.items())},
        }

    @classmethod
    def from_json(cls, data: Any) -> SandboxSession:
        """Parse :meth:`to_json`'s output; ValueError (or TypeError) names what is wrong."""
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        if data.get("version") != STATE_VERSION:
            raise ValueError(f"unknown version {data.get('version')!r}")
        users = {str(k).lower(): _positive(v) for k, v in _obj(data, "users").items()}
        names = {_positive(k): str(v) for k, v in _obj(data, "names").items()}
        chats = {_positive(k): _positive(v) for k, v in _obj(data, "chats").items()}
        offset = dt.timedelta(seconds=float(data["clock_offset_seconds"]))
        if offset < dt.timedelta(0):
            raise ValueError("negative clock offset")
        seen_raw = data.get("clock_seen")
        seen = None if seen_raw is None else dt.datetime.fromisoformat(str(seen_raw))
        if seen is not None and seen.tzinfo is None:
            raise ValueError("clock_seen has no time zone")
        session = cls(
            users=users,
            names=names,
            next_user_id=_positive(data["next_user_id"]),
            current=_positive(data["current"]),
            offset=offset,
            clock_seen=None if seen is None else seen.astimezone(dt.UTC),
            chats=chats,
        )
        # The admin must stay the admin: only ADMIN_ID is in ADMIN_IDS.
        session.users["admin"] = ADMIN_ID
        session.names.setdefault(ADMIN_ID, "Admin")
        for uid in session.users.values():
            session.names.setdefault(uid, f"User{uid}")
        session.names.setdefault(session.current, f"User{session.current}")
        return session


def _obj(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data[key]
    if not isinstance(value, dict):
        raise ValueError(f"{key!r} is not an object")
    return value


def _positive(value: Any) -> int:
    # bool is an int to Python but never a valid id or counter here.
    if isinstance(value, bool) or int(value) <= 0:
        raise ValueError(f"{value!r} is not a positive integer")
    return int(value)


def database_file(database_url: str) -> Path | None:
    """The SQLite file of a (normalised) database URL; None for memory or a server."""
    scheme, sep, rest = database_url.partition("://")
    if not sep or not scheme.lower().startswith("sqlite"):
        return None
    # sqlite:///rel.db -> "/rel.db" after the scheme; sqlite:////abs.db -> "//abs.db".
    path = rest.split("?", 1)[0][1:] if rest.startswith("/") else ""
    if not path or path == ":memory:":
        return None
    return Path(path)


def state_path(database_url: str) -> Path | None:
    """Where the sandbox keeps its state for this database; None if it should keep none.

    An in-memory database forgets its users at exit, so the sandbox forgets too.
    """
    db = database_file(database_url)
    if db is not None:
        return db.with_name(db.name + STATE_SUFFIX)
    if database_url.lower().startswith("sqlite"):
        return None
    return SERVER_DB_STATE


def load_session(path: Path | None) -> tuple[SandboxSession, str | None]:
    """The saved state (fresh if there is none) and a one-line warning if it was unusable."""
    if path is None:
        return SandboxSession(), None
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return SandboxSession(), None
    except OSError as exc:
        return SandboxSession(), _unusable(path, exc.strerror or type(exc).__name__)
    try:
        return SandboxSession.from_json(json.loads(raw)), None
    except (ValueError, TypeError, KeyError, OverflowError) as exc:
        reason = f"missing {exc}" if isinstance(exc, KeyError) else str(exc) or type(exc).__name__
        return SandboxSession(), _unusable(path, reason)


def _unusable(path: Path, reason: str) -> str:
    return (
        f"(sandbox state {path} is unreadable ({reason[:80]}); starting with fresh users and "
        "today's clock, and it will be overwritten)"
    )


def save_session(path: Path, session: SandboxSession) -> None:
    """Write the state atomically: a temporary file in the same directory, then a rename."""
    text = json.dumps(session.to_json(), indent=2, ensure_ascii=False) + "\n"
    directory = path.parent
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
