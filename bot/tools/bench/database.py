"""The benchmark's database: wiped and migrated, then seeded with patients due now."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import SQLModel

from bot.db import models
from bot.db.engine import create_engine, is_sqlite, migrate

FIRST_USER_ID = 1_000_000
# A spread of zones, so the next-due and follow-up maths runs on real DST rules.
ZONES = (
    "Europe/Berlin",
    "America/New_York",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Europe/Lisbon",
    "America/Los_Angeles",
    "Asia/Kolkata",
    "UTC",
)
_SEED_CHUNK = 5_000


async def fresh_database(url: str) -> None:
    """Drop toebot's tables at `url` (a new SQLite file has none) and migrate to the head."""
    engine = create_engine(url)
    try:
        if not is_sqlite(url):
            async with engine.begin() as conn:
                # Only our own tables (and Alembic's bookkeeping) go, not the whole schema.
                await conn.run_sync(SQLModel.metadata.drop_all)
                await conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        await migrate(engine)
    finally:
        await engine.dispose()


async def seed(engine: AsyncEngine, *, users: int, due: dt.datetime) -> None:
    """Bulk-insert `users` consenting patients with a daily schedule due at `due`."""
    users_t = SQLModel.metadata.tables[models.User.__tablename__]
    schedules_t = SQLModel.metadata.tables[models.Schedule.__tablename__]
    for start in range(0, users, _SEED_CHUNK):
        ids = range(FIRST_USER_ID + start, FIRST_USER_ID + min(start + _SEED_CHUNK, users))
        async with engine.begin() as conn:
            await conn.execute(insert(users_t), [_user_row(uid, due) for uid in ids])
            await conn.execute(insert(schedules_t), [_schedule_row(uid, due) for uid in ids])


def _user_row(uid: int, due: dt.datetime) -> dict[str, Any]:
    return {
        "id": uid,
        "chat_id": uid,
        "role": "patient",
        "consent": "given",
        "consent_at": due,
        "onboarding_step": "done",
        "timezone": ZONES[uid % len(ZONES)],
        "diabetes": False,
        "active": True,
        "programme_id": "default",
        "created_at": due,
        "updated_at": due,
    }


def _schedule_row(uid: int, due: dt.datetime) -> dict[str, Any]:
    return {
        "user_id": uid,
        "times": "08:00,19:30",
        "weekdays": 0b1111111,
        "next_due_at": due,
        "paused": False,
        "stopped": False,
        "created_at": due,
        "updated_at": due,
    }


async def count_sent(engine: AsyncEngine) -> int:
    """How many prompts are recorded as sent so far (the progress line)."""
    prompts_t = SQLModel.metadata.tables[models.Prompt.__tablename__]
    async with engine.connect() as conn:
        result = await conn.execute(
            select(func.count())
            .select_from(prompts_t)
            .where(prompts_t.c.status == models.PromptStatus.SENT.value)
        )
        return int(result.scalar_one())
