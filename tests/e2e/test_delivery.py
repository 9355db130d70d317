"""The real app's delivery path through the sandbox: the weekly digest goes out through the
app's own notifier (its sender, its rate limiter), and a therapist who blocked the bot costs
only their own digest, never the others' (it used to stop every therapist after them)."""

from __future__ import annotations

from sqlalchemy import insert, select
from sqlmodel import SQLModel

from bot.db.engine import create_engine
from bot.delivery import jobs
from bot.deps import BOT_DATA_KEY, Deps
from tests.e2e.content import t
from tests.e2e.harness import BotHarness, plain

ANN, BOB, CAT = 9_600_000_001, 9_600_000_002, 9_600_000_003
USERS = SQLModel.metadata.tables["users"]
THERAPISTS = SQLModel.metadata.tables["therapists"]
DELIVERIES = SQLModel.metadata.tables["deliveries"]


async def _therapists(harness: BotHarness, *user_ids: int) -> None:
    """Therapists (no patients yet) who have written to the bot."""
    for uid in user_ids:
        await harness.send(uid, "/help")  # a bot may only message who wrote first
    now = harness.clock()
    engine = create_engine(harness.settings.database_url)
    try:
        async with engine.begin() as conn:
            for uid in user_ids:
                known = await conn.execute(select(USERS.c.id).where(USERS.c.id == uid))
                if known.first() is None:
                    await conn.execute(
                        insert(USERS).values(
                            id=uid,
                            chat_id=uid,
                            role="therapist",
                            consent="pending",
                            onboarding_step="consent",
                            active=True,
                            programme_id="default",
                            created_at=now,
                            updated_at=now,
                        )
                    )
                await conn.execute(
                    insert(THERAPISTS).values(
                        user_id=uid, display_name=f"T{uid}", active=True, created_at=now
                    )
                )
    finally:
        await engine.dispose()


async def _column(harness: BotHarness, query: object) -> list[object]:
    engine = create_engine(harness.settings.database_url)
    try:
        async with engine.connect() as conn:
            return list((await conn.execute(query)).scalars())  # type: ignore[call-overload]
    finally:
        await engine.dispose()


async def test_a_blocked_therapist_does_not_stop_the_others_digests(harness: BotHarness) -> None:
    await _therapists(harness, ANN, BOB, CAT)
    harness.sandbox.block(BOB)
    assert harness.app is not None
    d: Deps = harness.app.bot_data[BOT_DATA_KEY]
    before = {uid: len(harness.sandbox.messages(uid)) for uid in (ANN, BOB, CAT)}

    assert await jobs.send_digests(d) == 2

    for uid in (ANN, CAT):
        new = harness.sandbox.messages(uid)[before[uid] :]
        assert len(new) == 1 and t("therapist.digest_empty") in plain(new, harness.sandbox)
    assert len(harness.sandbox.messages(BOB)) == before[BOB]
    assert await _column(harness, select(USERS.c.active).where(USERS.c.id == BOB)) == [False]
    statuses = await _column(harness, select(DELIVERIES.c.status).order_by(DELIVERIES.c.chat_id))
    assert statuses == ["sent", "blocked", "sent"]
    # Once a week: nobody gets a second digest, and the blocked therapist is not retried.
    assert await jobs.send_digests(d) == 0
    assert [len(harness.sandbox.messages(uid)) - before[uid] for uid in (ANN, BOB, CAT)] == [
        1,
        0,
        1,
    ]
