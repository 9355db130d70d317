"""A therapist's chat at real size, end to end: /patients and /invites in pages at any size
(0, 1, 49, 50 and 500 patients; 95 and 300 invites), every item reachable and its button
working on every page, no message over Telegram's 4,096 characters; stale and forged page
buttons answered kindly; the therapist's time zone asked when enrolled (a warning sign typed
instead is triaged, and the question asked again), changeable with /timezone, and every time
they read in it and labelled; the weekly digest of 500 patients arriving whole in several
messages, at DIGEST_HOUR on the therapist's clock, flags in plain words."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from collections.abc import AsyncIterator

import pytest

from bot.callbacks import InvitesPage, PatientsPage
from bot.clock import FakeClock
from bot.db.engine import create_engine, session_factory
from bot.db.models import DrillSession, Escalation, InviteKind, Therapist
from bot.delivery import jobs
from bot.delivery.notify import DeliveryNotifier
from bot.delivery.ratelimit import RateLimiter
from bot.deps import Deps
from bot.sandbox.server import SentMessage
from bot.services import invitations
from tests.conftest import JumpTime
from tests.e2e.content import shown, t
from tests.e2e.harness import BotHarness, plain, running_harness
from tests.e2e.staff import invite_link, new_therapist, patient_row

ADMIN, ANN, BOB, PAT = 9_000_000_001, 9_000_000_002, 9_000_000_003, 9_000_000_004
FIRST_PATIENT = 9_200_000_000
LIMIT = 4096
# Long names with characters HTML must escape: the pages must stay short all the same.
LONG = "Ångström & <Co> " + "x" * 100


@pytest.fixture
async def harness(database_url: str, clock: FakeClock) -> AsyncIterator[BotHarness]:
    async with running_harness(database_url, clock, admin_ids=frozenset({ADMIN})) as h:
        yield h


async def _therapist(harness: BotHarness, user_id: int, name: str, zone: str) -> None:
    """Enrol `user_id` through an admin's invite, answering the zone question by typing."""
    text = await new_therapist(harness, ADMIN, user_id, name)
    assert shown(text, "therapist.zone_question", zone="UTC")
    out = await harness.send(user_id, zone)
    assert shown(plain(out, harness.sandbox), "therapist.zone_set")


async def _seed_patients(harness: BotHarness, therapist: int, first: int, n: int) -> None:
    """`n` consenting, onboarded patients of `therapist` (long names, every tenth with an
    urgent alert open), straight into the database: the bot would take minutes for 500."""
    engine = create_engine(harness.settings.database_url)
    now = harness.clock.now
    try:
        async with session_factory(engine)() as session, session.begin():
            for uid in range(first, first + n):
                name = f"{uid - FIRST_PATIENT:04d} {LONG}"
                session.add(patient_row(uid, therapist=therapist, name=name, now=now))
            await session.flush()
            for uid in range(first, first + n):
                session.add(
                    Escalation(
                        user_id=uid,
                        chat_id=uid,
                        source="message",
                        level="urgent" if uid % 10 == 0 else "routine",
                        flags="numbness,abnormal_sensation",
                        advice="-",
                        created_at=now - dt.timedelta(days=1),
                        delivered_at=now - dt.timedelta(days=1),
                        therapist_alerted_at=now - dt.timedelta(days=1),
                        pauses_prompts=uid % 10 == 0,
                    )
                )
    finally:
        await engine.dispose()


def _number(label: str) -> int:
    return int(label.split(" ", 1)[0])


def _latest(harness: BotHarness, user_id: int) -> SentMessage:
    return next(m for m in reversed(harness.sandbox.messages(user_id)) if m.keyboard)


def _data(message: SentMessage, label_key: str) -> str | None:
    label = t(label_key)
    found = [data for row in message.keyboard for text, data in row if text == label]
    return found[0] if found else None


async def _walk(harness: BotHarness, user_id: int, command: str, button_key: str) -> list[str]:
    """Every page of `command`, by Next: each page's item buttons (labels), checking no page
    is over Telegram's limit and each comes back by Previous as it was."""
    out = await harness.send(user_id, command)
    assert len(out) == 1
    seen: list[str] = []
    message = out[0]
    pages = 0
    while True:
        pages += 1
        assert len(message.plain) <= LIMIT and len(message.text or "") <= LIMIT
        nav = {t("therapist.page_previous"), t("therapist.page_next")}
        labels = [text for row in message.keyboard for text, _ in row if text not in nav]
        assert all(shown(label, button_key) for label in labels)
        seen.extend(labels)
        assert sum(len(row) for row in message.keyboard) <= 100
        following = _data(message, "therapist.page_next")
        if following is None:
            break
        before = message.plain
        await harness.press_data(user_id, message.message_id, following)
        message = harness.sandbox.messages(user_id)[-1]
        assert message.plain != before  # edited in place to the next page
        if pages == 1:
            back = _data(message, "therapist.page_previous")
            assert back is not None
            await harness.press_data(user_id, message.message_id, back)
            assert harness.sandbox.messages(user_id)[-1].plain == before
            await harness.press_data(user_id, message.message_id, following)
    if pages > 1:
        assert shown(message.plain, "therapist.page_header", page=pages, pages=pages)
    return seen


async def test_patients_page_at_every_size(harness: BotHarness) -> None:
    await _therapist(harness, ANN, "Ann", "Berlin")
    out = await harness.send(ANN, "/patients")
    assert plain(out, harness.sandbox) == t("therapist.patients_none")
    total = 0
    for size in (1, 49, 50, 500):
        await _seed_patients(harness, ANN, FIRST_PATIENT + total, size - total)
        total = size
        labels = await _walk(harness, ANN, "/patients", "therapist.buttons.detail")
        # Every patient once, alerts first (every tenth has one open).
        numbers = [_number(label) for label in labels]
        assert sorted(numbers) == list(range(size))
        alerts = sorted(n for n in range(size) if n % 10 == 0)
        assert numbers[: len(alerts)] == alerts
    # A patient's button works from the last page, and their detail shows the therapist's
    # zone on each time and the flags in plain words.
    last = _latest(harness, ANN)
    _, data = last.keyboard[0][0]
    assert data is not None and data.startswith("tp:")
    out = await harness.press_data(ANN, last.message_id, data)
    detail = plain(out, harness.sandbox)
    assert shown(detail, "therapist.detail")
    assert "Europe/Berlin" in detail and "abnormal_sensation" not in detail
    assert t("therapist.flags.abnormal_sensation") in detail


async def test_stale_forged_and_foreign_page_buttons(harness: BotHarness) -> None:
    await _therapist(harness, ANN, "Ann", "Berlin")
    await _seed_patients(harness, ANN, FIRST_PATIENT, 25)
    out = await harness.send(ANN, "/patients")
    message = out[0]
    # A page past the end (the caseload shrank since): the last page, and a word why.
    await harness.press_data(ANN, message.message_id, PatientsPage(40).pack())
    answer = harness.sandbox.callback_answers(ANN)[-1]
    assert answer.text == t("therapist.page_moved", page=3, pages=3)
    assert shown(harness.sandbox.messages(ANN)[-1].plain, "therapist.page_header", page=3)
    # Forged or malformed: "no longer active", nothing edited.
    before = harness.sandbox.messages(ANN)[-1].plain
    for forged in ("tpg:-1", "tpg:abc", "tpg:99999999", "tpg:1:2", "tig:x"):
        out = await harness.press_data(ANN, message.message_id, forged)
        assert out == []
        assert harness.sandbox.callback_answers(ANN)[-1].text == t("common.button_expired")
    assert harness.sandbox.messages(ANN)[-1].plain == before
    # Someone who is not a therapist gets no list; another therapist gets only their own.
    sent = await harness.send(PAT, "/start")
    await harness.press_data(PAT, sent[-1].message_id, PatientsPage(0).pack())
    assert harness.sandbox.callback_answers(PAT)[-1].text == t("therapist.not_therapist")
    await _therapist(harness, BOB, "Bob", "New York")
    out = await harness.send(BOB, "/patients")
    await harness.press_data(BOB, out[0].message_id, PatientsPage(1).pack())
    assert harness.sandbox.messages(BOB)[-1].plain == t("therapist.patients_none")


@pytest.mark.parametrize("count", [95, 300])
async def test_invites_page_and_every_one_is_revocable(harness: BotHarness, count: int) -> None:
    await _therapist(harness, ANN, "Ann", "America/New_York")
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session, session.begin():
            for _ in range(count):
                await invitations.create_invite(
                    session,
                    kind=InviteKind.PATIENT,
                    created_by=ANN,
                    therapist_id=ANN,
                    now=harness.clock.now,
                )
    finally:
        await engine.dispose()
    labels = await _walk(harness, ANN, "/invites", "therapist.revoke_button")
    ids = [int(label.rsplit("#", 1)[1]) for label in labels]
    assert len(ids) == count == len(set(ids))
    # Expiry in the therapist's zone, named.
    assert "America/New_York" in harness.sandbox.messages(ANN)[-1].plain
    # Revoke one from the last page, by its button there.
    last = _latest(harness, ANN)
    _, data = last.keyboard[0][0]
    assert data is not None and data.startswith("ti:rv:")
    out = await harness.press_data(ANN, last.message_id, data)
    revoked = int(data.rsplit(":", 1)[1])
    assert plain(out, harness.sandbox) == t("therapist.revoked", id=revoked)
    again = await _walk(harness, ANN, "/invites", "therapist.revoke_button")
    assert len(again) == count - 1 and f"#{revoked}" not in " ".join(again)
    # A stale page of a list that shrank to one page shows that page.
    await harness.press_data(ANN, last.message_id, InvitesPage(count).pack())
    pages = -(-(count - 1) // 10)
    answer = harness.sandbox.callback_answers(ANN)[-1]
    assert answer.text == t("therapist.page_moved", page=pages, pages=pages)


async def test_zone_question_triages_a_warning_sign_and_can_be_changed(
    harness: BotHarness,
) -> None:
    await harness.send(ADMIN, "/newtherapist")
    await harness.wait_handled(harness.sandbox.open_link(ANN, invite_link(harness, ADMIN)))
    await harness.send(ANN, "Ann")
    # A warning sign instead of a zone: the advice, then the question again; nothing set.
    out = await harness.send(ANN, "my toes are numb and tingly")
    text = plain(out, harness.sandbox)
    assert shown(text, "therapist.zone_question", zone="UTC")
    assert not shown(text, "therapist.zone_set")
    assert len(out) >= 2  # advice first, the question after it
    # An ambiguous abbreviation asks which place; its button sets it.
    out = await harness.send(ANN, "EST")
    assert shown(plain(out, harness.sandbox), "timezones.question", abbreviation="EST")
    out = await harness.press(ANN, t("timezones.buttons.places.america_new_york"))
    assert shown(plain(out, harness.sandbox), "therapist.zone_set", zone="America/New_York")
    assert await _zone(harness, ANN) == "America/New_York"
    # The old place button again: nothing changes.
    place = next(m for m in reversed(harness.sandbox.messages(ANN)) if m.inline_keyboard)
    await harness.press_data(ANN, place.message_id, "thz:p:0:EST")
    assert harness.sandbox.callback_answers(ANN)[-1].text == t("common.button_expired")
    # /timezone changes it: a common zone's button, then a typed city.
    out = await harness.send(ANN, "/timezone")
    assert shown(plain(out, harness.sandbox), "therapist.zone_question", zone="America/New_York")
    await harness.press(ANN, "Berlin / Paris")
    assert await _zone(harness, ANN) == "Europe/Berlin"
    await harness.send(ANN, "/timezone")
    out = await harness.send(ANN, "Atlantis-on-Sea")
    assert shown(plain(out, harness.sandbox), "therapist.zone_invalid")
    out = await harness.send(ANN, "Tokyo")
    assert shown(plain(out, harness.sandbox), "therapist.zone_set", zone="Asia/Tokyo")
    assert await _zone(harness, ANN) == "Asia/Tokyo"
    # Free text afterwards is no longer taken as a zone.
    await harness.send(ANN, "hello")
    assert await _zone(harness, ANN) == "Asia/Tokyo"
    # The CSV export's times are on Tokyo's clock too, the zone named in their headers.
    await _seed_patients(harness, ANN, FIRST_PATIENT, 1)
    await _seed_drill(harness, FIRST_PATIENT)
    out = await harness.send(ANN, "/export")
    rows = list(csv.reader(io.StringIO((out[-1].file_bytes or b"").decode())))
    assert "started_at (Asia/Tokyo)" in rows[0]
    started = rows[1][rows[0].index("started_at (Asia/Tokyo)")]
    assert started == "2026-11-23T17:30+09:00"  # 08:30 UTC
    # /timezone is for therapists.
    out = await harness.send(PAT, "/timezone")
    assert plain(out, harness.sandbox) == t("therapist.not_therapist")


async def _seed_drill(harness: BotHarness, user_id: int) -> None:
    engine = create_engine(harness.settings.database_url)
    at = harness.clock.now - dt.timedelta(minutes=30)
    try:
        async with session_factory(engine)() as session, session.begin():
            session.add(
                DrillSession(
                    user_id=user_id,
                    programme_id="default",
                    local_day=at.date(),
                    exercises="towel-scrunches",
                    status="finished",
                    chat_id=user_id,
                    started_at=at,
                    ended_at=at,
                )
            )
    finally:
        await engine.dispose()


async def _zone(harness: BotHarness, user_id: int) -> str | None:
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session:
            therapist = await session.get(Therapist, user_id)
            return therapist.timezone if therapist is not None else None
    finally:
        await engine.dispose()


def _without_real_waits(harness: BotHarness) -> Deps:
    """The bot's deps with a notifier whose rate limiter runs on jumping time: the digest's
    parts go to one chat at 1 a second, which must not take the test real seconds."""
    assert harness.app is not None
    deps: Deps = harness.app.bot_data["deps"]
    notifier = deps.notifier
    assert isinstance(notifier, DeliveryNotifier)
    time = JumpTime()
    limiter = RateLimiter(30.0, monotonic=time.monotonic, sleep=time.sleep)
    fake = DeliveryNotifier(
        sessions=deps.sessions,
        sender=notifier._sender,  # the real sender to the sandbox (no public accessor)
        limiter=limiter,
        clock=deps.clock,
        sleep=time.sleep,
    )
    return dataclasses.replace(deps, notifier=fake)


async def test_digest_of_500_patients_arrives_whole_on_the_therapists_clock(
    harness: BotHarness,
) -> None:
    await _therapist(harness, ANN, "Ann", "Asia/Tokyo")
    await _seed_patients(harness, ANN, FIRST_PATIENT, 500)
    deps = _without_real_waits(harness)
    # DIGEST_WEEKDAY 0 and DIGEST_HOUR 8 on Tokyo's clock: Monday 08:00 JST, Sunday 23:00
    # UTC. The clock starts on Monday 09:00 UTC (18:00 in Tokyo): this week's has come.
    before = len(harness.sandbox.messages(ANN))
    assert await jobs.send_digests(deps) == 1
    parts = harness.sandbox.messages(ANN)[before:]
    assert len(parts) > 1 and all(len(p.plain) <= LIMIT for p in parts)
    text = "\n".join(p.plain for p in parts)
    assert shown(parts[0].plain, "therapist.digest_header", zone="Asia/Tokyo")
    # Every routine item (the urgent ones alerted at once, not digested), whole.
    items = sorted(int(line[2:6]) for line in text.splitlines() if line.startswith("• "))
    assert items == [n for n in range(500) if n % 10]
    assert "abnormal_sensation" not in text
    assert t("therapist.flags.abnormal_sensation") in text
    assert await jobs.send_digests(deps) == 0  # once a week
    # Next week: not before 08:00 on Monday in Tokyo (Sunday 23:00 UTC), then once.
    harness.clock.advance(dt.timedelta(days=6, hours=13, minutes=30))  # Sun 22:30 UTC
    assert await jobs.send_digests(deps) == 0
    harness.clock.advance(dt.timedelta(minutes=40))  # Sun 23:10 UTC, Mon 08:10 JST
    assert await jobs.send_digests(deps) == 1
