"""Messages both ways end to end: the therapist's message reaches the patient with a Reply
button; the patient's reply (after Reply, even across a restart, or as Telegram's own reply to
the message) is stored and reaches the therapist with the patient's name; a warning sign typed
as the reply gets its advice and still reaches the therapist; forged presses change nothing."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import pytest
from sqlmodel import col

from bot.clock import FakeClock
from bot.db.engine import create_engine, session_factory
from bot.db.models import Escalation, MessageDirection, TherapistMessage, User
from bot.sandbox.server import SentMessage
from bot.services import messages
from tests.e2e.content import advice, shown, t
from tests.e2e.harness import BotHarness, plain, running_harness
from tests.e2e.staff import enrol_patient
from tests.e2e.test_change_notices import ADMIN, detail, make_therapist, rows

ANN = 9_300_000_002
P1, P2 = 9_310_000_001, 9_310_000_002


@pytest.fixture
async def harness(database_url: str, clock: FakeClock) -> AsyncIterator[BotHarness]:
    async with running_harness(database_url, clock, admin_ids=frozenset({ADMIN})) as h:
        yield h


async def _message(harness: BotHarness, text: str) -> SentMessage:
    """Ann messages Pia from the detail view; returns the message Pia got."""
    await detail(harness, ANN, "Pia")
    await harness.press(ANN, t("therapist.buttons.message"))
    out = await harness.send(ANN, text)
    assert plain(out, harness.sandbox) == t("therapist.message_sent", name="Pia")
    message = harness.sandbox.messages(P1)[-1]
    assert harness.sandbox.plain_text(message) == t(
        "therapist.message_from", therapist="Ann", text=text
    )
    return message


async def _thread(harness: BotHarness) -> list[TherapistMessage]:
    found = await rows(harness, TherapistMessage, col(TherapistMessage.patient_id) == P1)
    return sorted((m for m in found if isinstance(m, TherapistMessage)), key=lambda m: m.id or 0)


def _reply_data(message: SentMessage) -> str:
    [[(label, data)]] = message.keyboard
    assert label == t("notices.message.reply_button") and data is not None
    return data


async def _telegram_reply(harness: BotHarness, user_id: int, to: SentMessage, text: str) -> int:
    """The patient swipes `to` and types `text`: Telegram's reply, quoting the whole message
    with its keyboard, as the Bot API delivers it."""
    sandbox = harness.sandbox
    chat = sandbox.user(user_id).chat_api()
    quoted = to.to_api(sandbox._bot_json, chat)  # the sandbox has no public "reply" action
    update = {
        "message": {
            "message_id": 900_000 + len(sandbox.messages(user_id)),
            "from": sandbox.user(user_id).to_api(),
            "chat": chat,
            "date": int(time.time()),
            "text": text,
            "reply_to_message": quoted,
        }
    }
    return sandbox.send_raw_update(update)


async def test_a_message_and_its_reply_both_ways(harness: BotHarness) -> None:
    await make_therapist(harness, ANN, "Ann")
    await enrol_patient(harness, ANN, P1, "Pia")
    sent = await _message(harness, "Well done this week!")

    # Reply, then a restart before the patient types: the awaited reply is in the database.
    out = await harness.press_data(P1, sent.message_id, _reply_data(sent))
    assert plain(out, harness.sandbox) == t("notices.message.reply_prompt", therapist="Ann")
    await harness.restart()
    ann_before = len(harness.sandbox.messages(ANN))
    out = await harness.send(P1, "Thanks, it is getting easier")
    assert plain(out, harness.sandbox) == t("notices.message.reply_sent", therapist="Ann")
    told = harness.sandbox.messages(ANN)[ann_before:]
    assert [harness.sandbox.plain_text(m) for m in told] == [
        t("notices.message.reply_from", name="Pia", text="Thanks, it is getting easier")
    ]
    first, reply = await _thread(harness)
    assert (first.direction, first.therapist_id, first.text) == (
        "to_patient",
        ANN,
        "Well done this week!",
    )
    assert (reply.direction, reply.reply_to, reply.therapist_id) == ("to_therapist", first.id, ANN)
    assert first.delivered_at is not None and reply.delivered_at is not None
    [user] = await rows(harness, User, col(User.id) == P1)
    assert isinstance(user, User) and user.awaiting is None

    # Afterwards, ordinary text is ordinary chat again: not forwarded.
    ann_before = len(harness.sandbox.messages(ANN))
    await harness.send(P1, "hello")
    assert len(harness.sandbox.messages(ANN)) == ann_before
    assert len(await _thread(harness)) == 2


async def test_telegrams_own_reply_reaches_the_therapist(harness: BotHarness) -> None:
    await make_therapist(harness, ANN, "Ann")
    await enrol_patient(harness, ANN, P1, "Pia")
    sent = await _message(harness, "How are the marbles going?")
    ann_before, p1_before = len(harness.sandbox.messages(ANN)), len(harness.sandbox.messages(P1))
    await harness.wait_handled(await _telegram_reply(harness, P1, sent, "Two at a time now"))
    assert [harness.sandbox.plain_text(m) for m in harness.sandbox.messages(P1)[p1_before:]] == [
        t("notices.message.reply_sent", therapist="Ann")
    ]
    assert shown(
        plain(harness.sandbox.messages(ANN)[ann_before:], harness.sandbox),
        "notices.message.reply_from",
        name="Pia",
        text="Two at a time now",
    )
    first, reply = await _thread(harness)
    assert reply.reply_to == first.id and reply.text == "Two at a time now"

    # A Telegram reply to some other bot message is an ordinary message, not forwarded.
    other = next(m for m in harness.sandbox.messages(P1) if not m.keyboard)
    ann_before = len(harness.sandbox.messages(ANN))
    await harness.wait_handled(await _telegram_reply(harness, P1, other, "hello"))
    assert len(harness.sandbox.messages(ANN)) == ann_before
    assert len(await _thread(harness)) == 2


async def test_a_warning_sign_as_the_reply_is_triaged_and_still_reaches_the_therapist(
    harness: BotHarness,
) -> None:
    await make_therapist(harness, ANN, "Ann")
    await enrol_patient(harness, ANN, P1, "Pia")
    sent = await _message(harness, "Any news?")
    await harness.press_data(P1, sent.message_id, _reply_data(sent))
    ann_before = len(harness.sandbox.messages(ANN))
    out = await harness.send(P1, "since I woke up this morning my toes have gone black and cold")
    said = plain(out, harness.sandbox)
    # The advice first, exactly as for any message, then the reply is passed on.
    assert harness.sandbox.plain_text(out[0]).startswith(advice("emergency"))
    assert said.endswith(t("notices.message.reply_sent", therapist="Ann"))
    [escalation] = await rows(harness, Escalation, col(Escalation.user_id) == P1)
    assert isinstance(escalation, Escalation) and escalation.level == "emergency"
    ann_new = plain(harness.sandbox.messages(ANN)[ann_before:], harness.sandbox)
    assert shown(ann_new, "therapist.alert", level="EMERGENCY")
    assert shown(
        ann_new,
        "notices.message.reply_from",
        name="Pia",
        text="since I woke up this morning my toes have gone black and cold",
    )
    assert [m.direction for m in await _thread(harness)] == ["to_patient", "to_therapist"]


async def test_forged_and_stale_reply_presses_change_nothing(harness: BotHarness) -> None:
    await make_therapist(harness, ANN, "Ann")
    await enrol_patient(harness, ANN, P1, "Pia")
    await enrol_patient(harness, ANN, P2, "Per")
    sent = await _message(harness, "For Pia only")
    data = _reply_data(sent)

    # Another patient presses Pia's Reply (forged): refused, no awaited reply for them.
    anchor = harness.sandbox.messages(P2)[-1].message_id
    await harness.press_data(P2, anchor, data)
    assert t("common.button_expired") in (harness.sandbox.callback_answers(P2)[-1].text or "")
    [other] = await rows(harness, User, col(User.id) == P2)
    assert isinstance(other, User) and other.awaiting is None
    ann_before = len(harness.sandbox.messages(ANN))
    await harness.send(P2, "hello there")
    assert len(harness.sandbox.messages(ANN)) == ann_before
    # Malformed and made-up ids: refused too.
    for forged in ("mr:0", "mr:abc", "mr:99999999"):
        await harness.press_data(P1, sent.message_id, forged)
        assert t("common.button_expired") in (harness.sandbox.callback_answers(P1)[-1].text or "")
    assert len(await _thread(harness)) == 1

    # Pia unlinks after pressing Reply: her reply goes nowhere and she is told so.
    await harness.press_data(P1, sent.message_id, data)
    await harness.send(P1, "/unlink")
    ann_before = len(harness.sandbox.messages(ANN))
    out = await harness.send(P1, "are you there?")
    assert plain(out, harness.sandbox) == t("notices.message.reply_unlinked")
    assert len(harness.sandbox.messages(ANN)) == ann_before
    assert len(await _thread(harness)) == 1


async def test_the_thread_reads_both_ways_and_erases(harness: BotHarness) -> None:
    await make_therapist(harness, ANN, "Ann")
    await enrol_patient(harness, ANN, P1, "Pia")
    await enrol_patient(harness, ANN, P2, "Per")
    for text in ("one", "two", "three"):
        await _message(harness, text)
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session, session.begin():
            latest = await messages.thread(session, patient_id=P1, limit=2)
            assert [m.text for m in latest] == ["two", "three"]  # the latest, oldest first
            assert await messages.thread(session, patient_id=P2) == []
            await messages.record(
                session,
                patient_id=P2,
                therapist_id=ANN,
                direction=MessageDirection.TO_PATIENT,
                text="kept",
                now=harness.clock(),
            )
            await messages.erase(session, patient_ids=[P1])
        async with session_factory(engine)() as session:
            assert await messages.thread(session, patient_id=P1) == []
            assert [m.text for m in await messages.thread(session, patient_id=P2)] == ["kept"]
    finally:
        await engine.dispose()
