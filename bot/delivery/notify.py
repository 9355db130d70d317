"""The production :class:`~bot.domain.notice.Notifier`: every bot-initiated message that is not
a reminder prompt (digests, therapist alerts, escalation advice and its reminders, self-test
prompts, "patient left" notices) leaves through :class:`DeliveryNotifier`.

One notice goes through four steps:

1. **Claim** (one short transaction): a ``deliveries`` row is inserted for its key with
   ``INSERT ... ON CONFLICT DO NOTHING``, status ``sending`` under a lease. The unique key is
   the claim: of two processes sending the same notice, one inserts and sends, the other gets
   :attr:`Outcome.DUPLICATE` once it is ``sent``. A key already ``sent`` is a duplicate; one
   ``sending`` under a live lease is :attr:`Outcome.IN_FLIGHT` (not settled: that send may
   still fail, and the caller's next run must not take it as delivered); a key that
   ``failed`` or was ``blocked`` before, or whose lease ran out (its process died), is taken
   over with one conditional UPDATE and sent again. A crash while a
   request is on the wire can therefore repeat that one message after the lease: for advice
   and alerts a repeat is better than a gap. Notices without a key are recorded, never
   deduplicated.
2. **Split**: a text over Telegram's 4,096 characters goes as several messages, cut at line
   boundaries (a single longer line at a space, else hard), the buttons on the last; the row
   counts the parts sent, so a retried notice with the same text (a short hash of it is kept)
   resumes after them instead of repeating them; a changed text starts again.
3. **Send** through the process's one :class:`~bot.delivery.ratelimit.RateLimiter` (shared
   with the dispatcher: about 30/s overall, 1/s per chat). 429 waits ``retry_after`` and
   resends (bounded); 5xx, timeouts and dropped connections back off exponentially up to
   ``max_attempts``; 403 means the recipient blocked the bot; 400 and other refusals fail at
   once, since sending the same request again cannot succeed.
4. **Record** (one transaction): the row becomes ``sent``, ``failed`` or ``blocked`` with the
   attempts and the error (type and Bot API description, never the text). A 403 marks the
   user inactive exactly as the dispatcher does for patients (``users.active`` false, no next
   due reminder); a therapist who blocked the bot is a user like any other, and writing to
   the bot again reactivates them (``store.reactivate``).

:meth:`DeliveryNotifier.send_all` sends to different chats concurrently (a bounded number at
a time) and to one chat in order; one recipient's failure never stops the others.
No message text is stored or logged: it may carry health data.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import logging
import os
import socket
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker
from sqlmodel import SQLModel
from telegram import InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.clock import Clock
from bot.db.models import Delivery, DeliveryStatus, Schedule, User
from bot.delivery.ratelimit import RateLimiter, Sleep
from bot.delivery.senders import (
    MAX_MESSAGE_CHARS,
    Sender,
    error_text,
    markup,
    retry_seconds,
    split_text,
)
from bot.domain.notice import Notice, Outcome

__all__ = [
    "MAX_MESSAGE_CHARS",
    "DeliveryNotifier",
    "NotifyConfig",
    "RecordingNotifier",
    "forget_deliveries",
    "markup",
    "split_text",
]

log = logging.getLogger(__name__)

_DL = SQLModel.metadata.tables[Delivery.__tablename__]
_U = SQLModel.metadata.tables[User.__tablename__]
_S = SQLModel.metadata.tables[Schedule.__tablename__]

_RETRYABLE = (DeliveryStatus.FAILED.value, DeliveryStatus.BLOCKED.value)


@dataclass(frozen=True)
class NotifyConfig:
    """Knobs of the notifier; the defaults are the production values (as the dispatcher's)."""

    max_attempts: int = 4
    # 429 answers honoured per message before it is recorded failed (they are not attempts).
    max_retry_after: int = 5
    backoff: float = 0.5  # first 5xx/network retry waits this long, then doubles
    # Must outlast one notice's sending with its retries (a few parts, back-offs, one 429).
    lease: dt.timedelta = dt.timedelta(minutes=5)
    concurrency: int = 16

    def __post_init__(self) -> None:
        if self.max_attempts < 1 or self.concurrency < 1:
            raise ValueError("max_attempts and concurrency must be at least 1")


@dataclass(slots=True)
class _Claim:
    """A notice this process may send now: its row and how many parts already went."""

    row_id: int
    parts_sent: int = 0


@dataclass(slots=True)
class _Result:
    status: DeliveryStatus
    attempts: int = 0
    parts_sent: int = 0
    error: str | None = None


class DeliveryNotifier:
    """Rate-limited, recorded, at-most-once-per-key delivery of notices (module docstring).

    `limiter` is the process's one limiter, shared with the dispatcher; `sleep` drives the
    retry back-off, so tests inject a fake and never wait.
    """

    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        sender: Sender,
        limiter: RateLimiter,
        clock: Clock,
        config: NotifyConfig | None = None,
        owner: str | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._sessions = sessions
        self._sender = sender
        self.limiter = limiter
        self._clock = clock
        self.config = config or NotifyConfig()
        default_owner = f"notify-{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self.owner = (owner or default_owner)[:64]
        self._sleep = sleep

    async def send(self, notice: Notice) -> Outcome:
        """Deliver one notice; never raises for a Telegram refusal (see the module docstring)."""
        claim = await self._claim(notice, _text_hash(notice.text))
        if not isinstance(claim, _Claim):
            return claim
        try:
            result = await self._deliver(notice, claim)
        except asyncio.CancelledError:
            # Stopped mid-send: hand the claim back, with the parts already sent, so the next
            # run (here or elsewhere) sends the rest.
            await asyncio.shield(self._release(claim))
            raise
        await self._record(notice, claim, result)
        return {
            DeliveryStatus.SENT: Outcome.SENT,
            DeliveryStatus.BLOCKED: Outcome.BLOCKED,
        }.get(result.status, Outcome.FAILED)

    async def send_all(self, notices: Sequence[Notice]) -> list[Outcome]:
        """Deliver every notice: chats concurrently (bounded), one chat's notices in order;
        one recipient's failure, or a bug, never stops the others."""
        outcomes: list[Outcome] = [Outcome.FAILED] * len(notices)
        by_chat: dict[int, list[int]] = {}
        for index, notice in enumerate(notices):
            by_chat.setdefault(notice.chat_id, []).append(index)
        gate = asyncio.Semaphore(self.config.concurrency)

        async def one_chat(indexes: list[int]) -> None:
            async with gate:
                for index in indexes:
                    outcomes[index] = await self._send_guarded(notices[index])

        await asyncio.gather(*(one_chat(indexes) for indexes in by_chat.values()))
        return outcomes

    async def _send_guarded(self, notice: Notice) -> Outcome:
        try:
            return await self.send(notice)
        except Exception:
            # A database error or a bug costs this notice, not the rest of the batch.
            log.exception(
                "notice of kind %s to %s failed unexpectedly", notice.kind, notice.chat_id
            )
            return Outcome.FAILED

    # -------------------------------------------------------------------- claim

    async def _claim(self, notice: Notice, text_hash: str) -> _Claim | Outcome:
        """Insert the notice's row (its key is the claim) or take over a retryable one; else
        DUPLICATE (the key is sent) or IN_FLIGHT (another live claim holds it)."""
        now = self._clock()
        lease_until = now + self.config.lease
        async with self._sessions() as session, session.begin():
            conn = await session.connection()
            insert = (sqlite_insert if conn.dialect.name == "sqlite" else pg_insert)(_DL)
            row = {
                "kind": notice.kind[:32],
                "key": notice.key,
                "chat_id": notice.chat_id,
                "status": DeliveryStatus.SENDING.value,
                "attempts": 0,
                "parts_sent": 0,
                "text_hash": text_hash,
                "lease_until": lease_until,
                "lease_owner": self.owner,
                "created_at": now,
            }
            stmt = insert.values(row).on_conflict_do_nothing(index_elements=["key"])
            inserted = (await conn.execute(stmt.returning(_DL.c.id))).scalar_one_or_none()
            if inserted is not None:
                return _Claim(row_id=int(inserted))
            assert notice.key is not None  # a row without a key never conflicts
            taken = await self._take_over(conn, notice.key, text_hash, now, lease_until)
            if taken is not None:
                return taken
            status = await conn.scalar(select(_DL.c.status).where(_DL.c.key == notice.key))
            return Outcome.DUPLICATE if status == DeliveryStatus.SENT.value else Outcome.IN_FLIGHT

    async def _take_over(
        self,
        conn: AsyncConnection,
        key: str,
        text_hash: str,
        now: dt.datetime,
        lease_until: dt.datetime,
    ) -> _Claim | None:
        """One conditional UPDATE: only a failed, blocked or abandoned key is taken."""
        result = await conn.execute(
            update(_DL)
            .where(
                _DL.c.key == key,
                or_(
                    _DL.c.status.in_(_RETRYABLE),
                    (_DL.c.status == DeliveryStatus.SENDING.value) & (_DL.c.lease_until < now),
                ),
            )
            .values(
                status=DeliveryStatus.SENDING.value,
                lease_until=lease_until,
                lease_owner=self.owner,
                error=None,
            )
            .returning(_DL.c.id, _DL.c.parts_sent, _DL.c.text_hash)
        )
        taken = result.first()
        if taken is None:
            return None
        # Resume after the parts sent only if they were parts of this very text; a text
        # re-rendered differently (a digest with a new item) goes again from its start.
        same = taken.text_hash == text_hash
        if not same:
            await conn.execute(
                update(_DL).where(_DL.c.id == taken.id).values(text_hash=text_hash, parts_sent=0)
            )
        return _Claim(row_id=int(taken.id), parts_sent=taken.parts_sent if same else 0)

    async def _release(self, claim: _Claim) -> None:
        async with self._sessions() as session, session.begin():
            await session.execute(
                update(_DL)
                .where(_DL.c.id == claim.row_id, _DL.c.lease_owner == self.owner)
                .values(
                    status=DeliveryStatus.FAILED.value,
                    parts_sent=claim.parts_sent,
                    lease_until=None,
                    error="stopped",
                )
            )

    # -------------------------------------------------------------------- send

    async def _deliver(self, notice: Notice, claim: _Claim) -> _Result:
        """Send the parts not sent yet, each with its retries; stop at the first that fails."""
        parts = split_text(notice.text)
        keyboard = markup(notice.buttons)
        result = _Result(DeliveryStatus.SENT, parts_sent=claim.parts_sent)
        for index in range(claim.parts_sent, len(parts)):
            last = index == len(parts) - 1
            failure = await self._send_part(
                notice.chat_id, parts[index], keyboard if last else None, result
            )
            if failure is not None:
                result.status, result.error = failure
                return result
            result.parts_sent = claim.parts_sent = index + 1
        return result

    async def _send_part(
        self,
        chat_id: int,
        text: str,
        keyboard: InlineKeyboardMarkup | None,
        result: _Result,
    ) -> tuple[DeliveryStatus, str] | None:
        """One message with its retries: None once sent, else the final status and error."""
        attempts = flood_waits = 0
        while True:
            await self.limiter.acquire(chat_id)
            attempts += 1
            result.attempts += 1
            try:
                await self._sender.send(chat_id, text, keyboard)
            except RetryAfter as exc:
                # Flood control is Telegram pacing us, not a failed attempt.
                attempts -= 1
                result.attempts -= 1
                flood_waits += 1
                if flood_waits > self.config.max_retry_after:
                    return DeliveryStatus.FAILED, error_text(exc)
                await self._sleep(retry_seconds(exc))
                continue
            except Forbidden as exc:
                return DeliveryStatus.BLOCKED, error_text(exc)
            except NetworkError as exc:
                # BadRequest is a NetworkError in PTB: a refusal, not worth another try.
                if _refused(exc) or attempts >= self.config.max_attempts:
                    return DeliveryStatus.FAILED, error_text(exc)
                await self._sleep(self.config.backoff * 2 ** (attempts - 1))
                continue
            except TelegramError as exc:  # ChatMigrated, InvalidToken, Conflict...
                return DeliveryStatus.FAILED, error_text(exc)
            except Exception as exc:
                # A bug in a sender must cost this notice, recorded, not leave it claimed.
                log.exception("sending a notice to %s failed unexpectedly", chat_id)
                return DeliveryStatus.FAILED, error_text(exc)
            return None

    # -------------------------------------------------------------------- record

    async def _record(self, notice: Notice, claim: _Claim, result: _Result) -> None:
        now = self._clock()
        async with self._sessions() as session, session.begin():
            conn = await session.connection()
            await conn.execute(
                update(_DL)
                .where(_DL.c.id == claim.row_id)
                .values(
                    status=result.status.value,
                    attempts=_DL.c.attempts + result.attempts,
                    parts_sent=result.parts_sent,
                    error=result.error,
                    lease_until=None,
                    sent_at=now if result.status is DeliveryStatus.SENT else None,
                )
            )
            if result.status is DeliveryStatus.BLOCKED:
                await _mark_blocked(conn, notice.chat_id, now)
        if result.status is not DeliveryStatus.SENT:
            log.warning(
                "notice of kind %s to %s %s (%s)",
                notice.kind,
                notice.chat_id,
                result.status.value,
                (result.error or "").split(":", 1)[0],
            )


def _text_hash(text: str) -> str:
    # Only to tell whether a retried notice carries the same text (the text is not stored).
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _refused(exc: NetworkError) -> bool:
    # PTB raises BadRequest (a NetworkError subclass) for 400: the same request fails again.
    return isinstance(exc, BadRequest)


async def _mark_blocked(conn: AsyncConnection, chat_id: int, now: dt.datetime) -> None:
    """The recipient blocked the bot: inactive, as the dispatcher marks a blocked patient
    (private chats: the chat id is the user's id), and no reminder due until they are back."""
    users = select(_U.c.id).where(_U.c.chat_id == chat_id)
    await conn.execute(
        update(_U).where(_U.c.chat_id == chat_id).values(active=False, updated_at=now)
    )
    await conn.execute(update(_S).where(_S.c.user_id.in_(users)).values(next_due_at=None))


async def forget_deliveries(session: AsyncSession, *, before: dt.datetime) -> None:
    """Housekeeping: delivery records created before `before` (no job resends that late)."""
    await session.execute(delete(_DL).where(_DL.c.created_at < before))


class RecordingNotifier:
    """A fake :class:`~bot.domain.notice.Notifier` for tests: keeps what it was given, honours
    keys (a repeated key is a duplicate) and answers `outcome` for every other notice."""

    def __init__(self, outcome: Outcome = Outcome.SENT) -> None:
        self.outcome = outcome
        self.sent: list[Notice] = []
        self._keys: set[str] = set()

    async def send(self, notice: Notice) -> Outcome:
        """Record the notice (unless its key was seen) and answer the configured outcome."""
        if notice.key is not None and notice.key in self._keys:
            return Outcome.DUPLICATE
        self.sent.append(notice)
        if notice.key is not None and self.outcome is Outcome.SENT:
            self._keys.add(notice.key)
        return self.outcome

    async def send_all(self, notices: Sequence[Notice]) -> list[Outcome]:
        """Each notice in order."""
        return [await self.send(n) for n in notices]
