"""Advice that is never lost, and alerts that reach a person, end to end: the database refusing
the record (locked, or text the driver rejects), /resume during a safety pause, one follow-up
reminder per patient, alerts to the admins when there is no active therapist, folding and
defanged links."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError
from sqlmodel import col

from bot.clock import FakeClock
from bot.db import store
from bot.db.engine import create_engine, session_factory
from bot.db.models import Escalation
from bot.delivery import escalations as escalation_jobs
from bot.deps import BOT_DATA_KEY, Deps
from bot.domain.triage.engine import assess
from bot.services.safety import Source
from handlers import safety as safety_handlers
from tests.e2e.content import pattern, shown
from tests.e2e.harness import BotHarness, buttons, onboard, plain, running_harness

PAT, PAT2, ADMIN = 7_500_000_001, 7_500_000_002, 7_500_000_900
EMERGENCY_TEXT = "my foot has gone cold and blue and I can't feel my toes"
URGENT_TEXT = "there is pus and spreading redness around my toenail"


@pytest.fixture
async def harness(database_url: str, clock: FakeClock) -> AsyncIterator[BotHarness]:
    async with running_harness(database_url, clock, admin_ids=frozenset({ADMIN})) as h:
        await h.send(ADMIN, "/start")  # Telegram: a bot writes only to those who wrote first
        yield h


def _deps(harness: BotHarness) -> Deps:
    assert harness.app is not None
    deps: Deps = harness.app.bot_data[BOT_DATA_KEY]
    return deps


def _text(harness: BotHarness, key: str, **values: object) -> str:
    return re.sub(r"<[^>]+>", "", _deps(harness).text(key, **values))


def _action(harness: BotHarness, level: str) -> str:
    advice = _deps(harness).content.redflags.advice[level]
    return re.sub(r"<[^>]+>", "", advice.split("</b>")[0])


async def _escalations(harness: BotHarness, user_id: int = PAT) -> list[Escalation]:
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session:
            rows = await session.scalars(
                select(Escalation)
                .where(col(Escalation.user_id) == user_id)
                .order_by(col(Escalation.id))
            )
            return list(rows.all())
    finally:
        await engine.dispose()


class _Locked:
    """The app's database refuses every escalation insert, as SQLite does while another
    connection holds the write lock past the busy timeout (no real waiting here)."""

    def __init__(self, harness: BotHarness) -> None:
        self.engine = _deps(harness).engine.sync_engine

    def _refuse(self, _conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO ESCALATIONS"):
            raise OperationalError(
                statement, params, sqlite3.OperationalError("database is locked")
            )

    def __enter__(self) -> _Locked:
        event.listen(self.engine, "before_cursor_execute", self._refuse)
        return self

    def __exit__(self, *_: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._refuse)


async def _outbox(harness: BotHarness) -> int:
    assert harness.app is not None
    return await escalation_jobs.deliver_all(_deps(harness))


async def test_locked_database_still_advises_and_the_record_follows(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    with _Locked(harness):
        out = await harness.send(PAT, EMERGENCY_TEXT)
        assert plain(out, harness.sandbox).startswith(_action(harness, "emergency"))
        # Nobody can be named as alerted while the record is not stored.
        assert _text(harness, "safety.alert_notice.none") in plain(out, harness.sandbox)
        assert await _escalations(harness) == []
        await _outbox(harness)  # still locked: kept for the next run
        assert await _escalations(harness) == []
    await _outbox(harness)
    [esc] = await _escalations(harness)
    assert (esc.level, esc.source, esc.pauses_prompts) == ("emergency", "message", True)
    assert esc.delivered_at is not None and esc.text == EMERGENCY_TEXT
    # Delivered already: the outbox did not send it a second time, and the alert followed.
    advice = [
        m
        for m in harness.sandbox.messages(PAT)
        if m.plain.startswith(_action(harness, "emergency"))
    ]
    assert len(advice) == 1
    assert esc.therapist_alerted_at is not None
    # The level in the alert is the code's name for it, the rest is content.
    assert shown(harness.sandbox.messages(ADMIN)[-1].plain, "therapist.alert", level="EMERGENCY")
    await _outbox(harness)
    assert len(await _escalations(harness)) == 1


async def test_nul_in_a_message_is_stored_without_it(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    out = await harness.send(PAT, f"{URGENT_TEXT} \x00 ok")
    assert plain(out, harness.sandbox).startswith(_action(harness, "urgent"))
    [esc] = await _escalations(harness)
    assert esc.text == f"{URGENT_TEXT}  ok" and esc.delivered_at is not None


@pytest.mark.parametrize("junk", ["\ud800", "\udfff and \x00"])
async def test_lone_surrogates_are_stored_replaced(harness: BotHarness, junk: str) -> None:
    # The sandbox cannot carry a lone surrogate in an update (it encodes UTF-8), so the text
    # goes straight into the escalation path, as a client's broken UTF-16 would arrive.
    await onboard(harness, PAT)
    d = _deps(harness)
    async with d.transaction() as session:
        user = await store.get_user(session, user_id=PAT)
    assert user is not None and harness.app is not None
    text = f"{URGENT_TEXT} {junk}"
    await safety_handlers.escalate(
        harness.app.bot,
        d,
        user,
        source=Source.MESSAGE,
        assessment=assess(text, diabetes=user.diabetes),
        text=text,
    )
    assert harness.sandbox.messages(PAT)[-1].plain.startswith(_action(harness, "urgent"))
    [esc] = await _escalations(harness)
    assert esc.text is not None and esc.text.startswith(URGENT_TEXT)
    assert "\x00" not in esc.text and "\ufffd" in esc.text
    assert esc.delivered_at is not None


async def test_resume_during_a_safety_pause_says_what_it_waits_for(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    await harness.send(PAT, "/pause 2099-01-01")
    await harness.send(PAT, URGENT_TEXT)
    out = await harness.send(PAT, "/resume")
    assert plain(out, harness.sandbox) == _text(harness, "safety.resume_held")
    assert buttons(out[-1]) == [_deps(harness).text("safety.confirm_button")]
    out = await harness.press(PAT, _deps(harness).text("safety.confirm_button"))
    assert plain(out, harness.sandbox) == _text(harness, "safety.confirm_thanks")
    out = await harness.send(PAT, "/resume")
    assert pattern("reminders.resumed").match(plain(out, harness.sandbox))


async def test_one_follow_up_per_patient_after_two_hours_then_daily(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    await harness.send(PAT, URGENT_TEXT)
    harness.clock.advance(dt.timedelta(minutes=30))
    await harness.send(PAT, EMERGENCY_TEXT)
    assert harness.app is not None
    reminder = _text(harness, "safety.reminder")

    async def reminders_after(delta: dt.timedelta) -> int:
        assert harness.app is not None
        harness.clock.advance(delta)
        before = len(harness.sandbox.messages(PAT))
        await escalation_jobs.remind_all(_deps(harness))
        return sum(m.plain == reminder for m in harness.sandbox.messages(PAT)[before:])

    assert await reminders_after(dt.timedelta(hours=1)) == 0
    assert await reminders_after(dt.timedelta(hours=1)) == 1  # two open, one reminder
    assert buttons(harness.sandbox.messages(PAT)[-1]) == [
        _deps(harness).text("safety.confirm_button")
    ]
    assert await reminders_after(dt.timedelta(hours=3)) == 0
    assert await reminders_after(dt.timedelta(hours=21)) == 1  # a day after the last
    await harness.press(PAT, _deps(harness).text("safety.confirm_button"))
    assert await reminders_after(dt.timedelta(days=2)) == 0  # confirmed: no more


async def test_no_therapist_alerts_the_admins_and_folds_repeats(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    base = len(harness.sandbox.messages(ADMIN))

    def alerts() -> list[str]:
        return [m.plain for m in harness.sandbox.messages(ADMIN)[base:]]

    out = await harness.send(PAT, f"{URGENT_TEXT}, photo at https://evil.example.com/x")
    assert _text(harness, "safety.alert_notice.team") in plain(out, harness.sandbox)
    [first] = alerts()
    assert shown(first, "therapist.alert", level="URGENT")
    assert _text(harness, "safety.alert_to_team") in first
    assert "hxxps://evil[.]example[.]com/x" in first and "https://evil" not in first
    # Two more urgent messages within the window: folded, no new alert yet.
    harness.clock.advance(dt.timedelta(minutes=2))
    await harness.send(PAT, URGENT_TEXT)
    harness.clock.advance(dt.timedelta(minutes=2))
    await harness.send(PAT, "my toe is red, hot and swollen")
    await _outbox(harness)
    assert len(alerts()) == 1
    # The window since the last alert passes: one alert lists what was folded.
    harness.clock.advance(dt.timedelta(minutes=11))
    await _outbox(harness)
    await _outbox(harness)
    assert len(alerts()) == 2
    assert _text(harness, "safety.alert_more_header") in alerts()[-1]
    # Within the new window an urgent waits, but an emergency is never held back (and
    # carries the one waiting).
    harness.clock.advance(dt.timedelta(minutes=1))
    await harness.send(PAT, URGENT_TEXT)
    assert len(alerts()) == 2
    harness.clock.advance(dt.timedelta(minutes=1))
    await harness.send(PAT, EMERGENCY_TEXT)
    assert len(alerts()) == 3
    assert shown(alerts()[-1], "therapist.alert", level="EMERGENCY")
    assert _text(harness, "safety.alert_more_header") in alerts()[-1]
    assert all(e.therapist_alerted_at is not None for e in await _escalations(harness))


async def test_nobody_to_alert_promises_nobody(database_url: str, clock: FakeClock) -> None:
    async with running_harness(database_url, clock) as harness:
        await onboard(harness, PAT2)
        out = await harness.send(PAT2, URGENT_TEXT)
        text = plain(out, harness.sandbox)
        assert text.startswith(_action(harness, "urgent"))
        assert _text(harness, "safety.alert_notice.none") in text
        assert _text(harness, "safety.alert_notice.therapist") not in text
        [esc] = await _escalations(harness, PAT2)
        assert esc.therapist_alerted_at is None
