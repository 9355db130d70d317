"""Records kept by the bot itself: one-use confirmations, the audit log, periodic job runs
and the deliveries of bot-initiated notices."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import BigInteger, Column, ForeignKey, Index, String, Text
from sqlmodel import Field, SQLModel

from bot.db.models.columns import utc_field


class Confirmation(SQLModel, table=True):
    """A one-use button offered to one user: accept this invite, erase my data, withdraw my
    consent. The button carries `nonce`; it works only for `user_id`, before `expires_at`,
    once (the row is deleted when used)."""

    __tablename__ = "confirmations"

    id: int | None = Field(default=None, primary_key=True)
    nonce: str = Field(sa_column=Column(String(16), nullable=False, unique=True))
    user_id: int = Field(
        sa_column=Column(
            BigInteger, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    action: str = Field(sa_column=Column(String(16), nullable=False))
    # What is confirmed, e.g. the invite id; None for actions on the user themselves.
    ref: int | None = Field(default=None, sa_column=Column(BigInteger))
    created_at: dt.datetime = utc_field(nullable=False)
    expires_at: dt.datetime = utc_field(nullable=False)


class AuditEntry(SQLModel, table=True):
    """Who saw or changed what: ids, an action name and a small non-text detail (such as the
    new programme id); never message text or health data."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = utc_field(nullable=False, index=True)
    # None: the bot itself (the retention job) or an erased patient.
    # Indexed: erasure anonymises the lines a patient acted in.
    actor_id: int | None = Field(default=None, sa_column=Column(BigInteger, index=True))
    action: str = Field(sa_column=Column(String(32), nullable=False))
    # The patient (or therapist) acted on; set to None when that patient is erased.
    target_user_id: int | None = Field(default=None, sa_column=Column(BigInteger, index=True))
    invite_id: int | None = None
    detail: str | None = Field(default=None, sa_column=Column(String(64)))


class JobRun(SQLModel, table=True):
    """When a periodic job that must run once across all processes last ran; a process claims
    its turn with one conditional UPDATE of this row."""

    __tablename__ = "job_runs"

    name: str = Field(sa_column=Column(String(32), primary_key=True))
    last_run_at: dt.datetime | None = utc_field()
    owner: str | None = Field(default=None, sa_column=Column(String(64)))


class DeliveryStatus(enum.StrEnum):
    """What became of one bot-initiated notice (digest, alert, advice, self-test prompt...)."""

    SENDING = "sending"  # claimed by a process (under a lease) and being sent
    SENT = "sent"
    BLOCKED = "blocked"  # 403: the recipient blocked the bot
    FAILED = "failed"  # refused (400) or given up after retries (429/5xx/network)


class Delivery(SQLModel, table=True):
    """One notice sent through `bot.delivery.notify`: who, what kind, what became of it.

    No message text is stored (it may carry health data); `key` is the idempotency key, unique,
    so two processes sending the same notice insert one row and only the winner sends it.
    """

    __tablename__ = "deliveries"
    __table_args__ = (Index("ix_deliveries_created_at", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(sa_column=Column(String(32), nullable=False))
    # None: a notice that may go more than once (recorded, but nothing to deduplicate).
    key: str | None = Field(default=None, sa_column=Column(String(128), unique=True))
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    status: str = Field(sa_column=Column(String(16), nullable=False))
    attempts: int = 0
    # A long text goes as several messages: a retry resumes after the parts already sent,
    # if the text is the same (a short hash of it tells; the text itself is never stored).
    parts_sent: int = 0
    text_hash: str | None = Field(default=None, sa_column=Column(String(16)))
    error: str | None = Field(default=None, sa_column=Column(String(200)))
    lease_until: dt.datetime | None = utc_field()
    lease_owner: str | None = Field(default=None, sa_column=Column(String(64)))
    created_at: dt.datetime = utc_field(nullable=False)
    sent_at: dt.datetime | None = utc_field()


class InboxStatus(enum.StrEnum):
    """Where an update stands in the inbox."""

    PENDING = "pending"  # stored, not yet handled (perhaps claimed by a worker)
    DONE = "done"  # handled; its payload is gone, the row keeps update_id unique a while
    FAILED = "failed"  # could not be parsed, or crashed its worker too often: not retried


class InboxUpdate(SQLModel, table=True):
    """One update from Telegram, stored before Telegram is told it arrived (the durable
    inbox, `bot.inbox`). Workers handle a chat's updates one at a time in `update_id` order:
    only the lowest pending update of a chat can be claimed, and a claim is a lease, so a
    crashed worker's updates are handled again once it runs out. The raw payload holds
    someone's message, so it is dropped as soon as the update is handled."""

    __tablename__ = "inbox_updates"
    __table_args__ = (
        # The claim looks up the lowest pending update of each chat.
        Index("ix_inbox_updates_chat", "chat_key", "status", "update_id"),
        Index("ix_inbox_updates_status", "status", "update_id"),
    )

    # Telegram's own id: unique, so an update delivered twice (a webhook retry) is stored once.
    update_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    # The chat (or, for updates without one, the user) whose updates must stay in order.
    chat_key: int = Field(sa_column=Column(BigInteger, nullable=False))
    status: str = Field(sa_column=Column(String(8), nullable=False))
    payload: str | None = Field(default=None, sa_column=Column(Text))
    attempts: int = 0
    lease_owner: str | None = Field(default=None, sa_column=Column(String(64)))
    lease_until: dt.datetime | None = utc_field()
    received_at: dt.datetime = utc_field(nullable=False)
    done_at: dt.datetime | None = utc_field()
