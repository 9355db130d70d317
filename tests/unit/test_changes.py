"""Change and event notices (pure parts and the senders with a fake notifier): one sentence per
kind from content, the new value named where known, the patient's zone named for times, keys
that make a replay a duplicate, and the Reply button's codec."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.callbacks import MessageReply
from bot.content import Texts, load_content
from bot.db.models import MessageDirection, TherapistMessage, User
from bot.delivery.changes import change_text, tell_patient_of_change, tell_therapist_of_event
from bot.delivery.messages import delivered, forward_to_therapist, send_to_patient
from bot.delivery.notify import RecordingNotifier
from bot.domain.changes import (
    CHANGE_TEXTS,
    EVENT_TEXTS,
    PROGRAMME_NAMED,
    TIMES_NAMED,
    Change,
    PatientEvent,
    change_key,
    event_key,
)
from bot.domain.notice import Outcome

ROOT = Path(__file__).resolve().parents[2]
T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def texts() -> Texts:
    return load_content(ROOT / "content").texts


def _patient(zone: str | None = "Europe/Lisbon") -> User:
    return User(id=41, chat_id=41, timezone=zone, display_name="Pia", created_at=T0, updated_at=T0)


def test_every_kind_has_its_sentence(texts: Texts) -> None:
    assert set(CHANGE_TEXTS) == set(Change) and set(EVENT_TEXTS) == set(PatientEvent)
    for key in [*CHANGE_TEXTS.values(), *EVENT_TEXTS.values(), PROGRAMME_NAMED, TIMES_NAMED]:
        assert key in texts
    # One sentence each, different for each change.
    sentences = [change_text(texts, change=c, zone=None) for c in Change]
    assert len(set(sentences)) == len(sentences)


def test_the_new_value_is_named_when_known(texts: Texts) -> None:
    named = change_text(texts, change=Change.PROGRAMME, zone=None, programme="Gentle <start>")
    assert named == texts.get(PROGRAMME_NAMED, programme="Gentle <start>")
    assert "&lt;start&gt;" in named  # escaped like every value
    times = change_text(texts, change=Change.TIMES, zone="Asia/Tokyo", times=["08:00", "18:15"])
    assert times == texts.get(TIMES_NAMED, times="08:00, 18:15", zone="Asia/Tokyo")
    # Without a zone the times cannot be labelled: the sentence without them.
    no_zone = change_text(texts, change=Change.TIMES, zone=None, times=["08:00"])
    assert no_zone == texts.get(CHANGE_TEXTS[Change.TIMES])


def test_keys_name_the_action_and_fit_the_column() -> None:
    assert change_key(patient_id=1, change=Change.PAUSED, token=None) is None
    a = change_key(patient_id=1, change=Change.PAUSED, token="q1")
    assert a == change_key(patient_id=1, change=Change.PAUSED, token="q1")
    assert a != change_key(patient_id=1, change=Change.RESUMED, token="q1")
    assert a != change_key(patient_id=2, change=Change.PAUSED, token="q1")
    long = change_key(patient_id=1, change=Change.TIMES, token="x" * 500)
    assert long is not None and len(long) <= 128
    assert long != change_key(patient_id=1, change=Change.TIMES, token="y" * 500)
    assert event_key(therapist_chat_id=7, event=PatientEvent.JOINED, token="q") != event_key(
        therapist_chat_id=7, event=PatientEvent.UNLINKED, token="q"
    )


async def test_a_replayed_change_is_sent_once(texts: Texts) -> None:
    notifier = RecordingNotifier()
    patient = _patient()
    for _ in range(2):
        outcome = await tell_patient_of_change(
            notifier, texts, patient=patient, change=Change.TIMES, token="press-1", times=["18:15"]
        )
    assert outcome is Outcome.DUPLICATE
    [notice] = notifier.sent
    assert notice.chat_id == patient.chat_id
    assert notice.text == texts.get(TIMES_NAMED, times="18:15", zone="Europe/Lisbon")
    # Another press is another change.
    await tell_patient_of_change(
        notifier, texts, patient=patient, change=Change.PAUSED, token="press-2"
    )
    assert [n.text for n in notifier.sent][1] == texts.get(CHANGE_TEXTS[Change.PAUSED])


async def test_the_therapist_hears_the_name_only(texts: Texts) -> None:
    notifier = RecordingNotifier()
    for event in PatientEvent:
        await tell_therapist_of_event(
            notifier, texts, therapist_chat_id=7, patient_name="Pia <b>", event=event, token="t"
        )
    assert [n.chat_id for n in notifier.sent] == [7] * len(PatientEvent)
    assert notifier.sent[0].text == texts.get(EVENT_TEXTS[PatientEvent.JOINED], name="Pia <b>")
    assert all("Pia &lt;b&gt;" in n.text for n in notifier.sent)


async def test_a_message_carries_its_reply_button_and_the_reply_the_name(texts: Texts) -> None:
    notifier = RecordingNotifier()
    message = TherapistMessage(
        id=12,
        patient_id=41,
        therapist_id=7,
        direction=MessageDirection.TO_PATIENT.value,
        text="Well done!",
        created_at=T0,
    )
    outcome = await send_to_patient(
        notifier, texts, message=message, patient=_patient(), therapist_name="Ann"
    )
    assert delivered(outcome)
    [notice] = notifier.sent
    assert notice.text == texts.get("therapist.message_from", therapist="Ann", text="Well done!")
    [[(label, data)]] = notice.buttons
    assert label == texts.get("notices.message.reply_button")
    assert MessageReply.unpack(data) == MessageReply(12)
    # Sent again (a retried request): the same key, not a second message.
    assert (
        await send_to_patient(
            notifier, texts, message=message, patient=_patient(), therapist_name="Ann"
        )
        is Outcome.DUPLICATE
    )

    reply = TherapistMessage(
        id=13,
        patient_id=41,
        therapist_id=7,
        direction=MessageDirection.TO_THERAPIST.value,
        text="Thanks!",
        reply_to=12,
        created_at=T0,
    )
    await forward_to_therapist(
        notifier, texts, reply=reply, therapist_chat_id=7, patient_name="Pia", token="41:9"
    )
    assert notifier.sent[-1].chat_id == 7
    assert notifier.sent[-1].text == texts.get(
        "notices.message.reply_from", name="Pia", text="Thanks!"
    )
    assert not delivered(Outcome.FAILED) and not delivered(Outcome.BLOCKED)


@pytest.mark.parametrize(
    "data", ["mr", "mr:", "mr:0", "mr:-3", "mr:x", "mr:1:2", "tp:1", "mr:" + "9" * 20]
)
def test_the_reply_codec_refuses_what_it_would_not_pack(data: str) -> None:
    assert MessageReply.unpack(data) is None


def test_the_reply_codec_round_trips() -> None:
    assert MessageReply.unpack(MessageReply(5).pack()) == MessageReply(5)
    assert MessageReply(5).pack() == "mr:5"
