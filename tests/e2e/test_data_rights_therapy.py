"""The patient's data rights over the therapy tables, end to end: /mydata holds the message
thread with their therapist (both ways) and their prescription, not the therapist's private
notes; /delete leaves no row in any of them. And /stop is told to the therapist, once."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest

from bot.clock import FakeClock
from bot.db.engine import create_engine, session_factory
from bot.db.models import PatientNote
from bot.domain.prescription import PrescriptionItem
from bot.services import data_requests, prescriptions
from tests.conftest import T0
from tests.e2e.content import t
from tests.e2e.harness import BotHarness, running_harness
from tests.e2e.staff import enrol_patient
from tests.e2e.test_change_notices import ADMIN, detail, make_therapist

ANN = 9_320_000_002
PIA, MAX = 9_321_000_001, 9_321_000_002
NOTE = "private: check her left hallux next time"
THERAPY = ("therapist_messages", "prescriptions", "patient_notes")


@pytest.fixture
async def harness(database_url: str, clock: FakeClock) -> AsyncIterator[BotHarness]:
    async with running_harness(database_url, clock, admin_ids=frozenset({ADMIN})) as h:
        yield h


async def _counts(harness: BotHarness, user_id: int) -> dict[str, int]:
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session:
            return await data_requests.row_counts(session, user_id=user_id)
    finally:
        await engine.dispose()


async def _prescribe_and_note(harness: BotHarness, patient: int) -> None:
    """A prescription and a private note by Ann (the chat and dashboard flows that make them
    have their own tests)."""
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session, session.begin():
            await prescriptions.put(
                session,
                patient_id=patient,
                item=PrescriptionItem("toe-threading", feet="right", repetitions=12),
                by=ANN,
                now=T0,
            )
            session.add(PatientNote(patient_id=patient, author_id=ANN, text=NOTE, created_at=T0))
    finally:
        await engine.dispose()


async def _thread(harness: BotHarness, patient: int, name: str) -> None:
    """Ann messages the patient; they press Reply and answer."""
    await detail(harness, ANN, name)
    await harness.press(ANN, t("therapist.buttons.message"))
    await harness.send(ANN, "Well done this week!")
    await harness.press(patient, t("notices.message.reply_button"))
    await harness.send(patient, "Thanks, it is getting easier")


async def test_mydata_shows_the_thread_and_prescription_and_delete_erases_them(
    harness: BotHarness,
) -> None:
    await make_therapist(harness, ANN, "Ann")
    for patient, name in ((PIA, "Pia"), (MAX, "Max")):
        await enrol_patient(harness, ANN, patient, name)
        await _thread(harness, patient, name)
        await _prescribe_and_note(harness, patient)

    out = await harness.send(PIA, "/mydata")
    json_doc, csv_doc = [m for m in out if m.kind == "document"]
    assert harness.sandbox.plain_text(json_doc.caption or "") == t("privacy.mydata_json_caption")
    data = json.loads((json_doc.file_bytes or b"").decode())
    assert [(m["direction"], m["therapist_id"], m["text"]) for m in data["messages"]] == [
        ("to_patient", ANN, "Well done this week!"),
        ("to_therapist", ANN, "Thanks, it is getting easier"),
    ]
    assert data["messages"][1]["reply_to"] == data["messages"][0]["id"]
    assert [(p["exercise_id"], p["feet"], p["repetitions"]) for p in data["prescription"]] == [
        ("toe-threading", "right", 12)
    ]
    # The private notes are Ann's record, and the caption says they are left out.
    for document in (json_doc, csv_doc):
        assert NOTE not in (document.file_bytes or b"").decode()

    before_max = await _counts(harness, MAX)
    assert [(await _counts(harness, PIA))[t] for t in THERAPY] == [2, 1, 1]
    await harness.send(PIA, "/delete")
    await harness.press(PIA, t("privacy.delete_yes"))
    assert set((await _counts(harness, PIA)).values()) == {0}
    assert await _counts(harness, MAX) == before_max


async def test_stop_tells_the_therapist_once(harness: BotHarness) -> None:
    await make_therapist(harness, ANN, "Ann")
    await enrol_patient(harness, ANN, PIA, "Pia")
    told = t("notices.event.reminders_stopped", name="Pia")

    def heard(since: int) -> list[str]:
        return [harness.sandbox.plain_text(m) for m in harness.sandbox.messages(ANN)[since:]]

    since = len(harness.sandbox.messages(ANN))
    out = await harness.send(PIA, "/stop")
    assert harness.sandbox.plain_text(out[-1]) == t("reminders.stopped")
    assert heard(since) == [told]
    # Stopped already: nothing new for Ann.
    await harness.send(PIA, "/stop")
    assert heard(since) == [told]
    # Back on, then stopped from /settings: Ann hears it again.
    await harness.send(PIA, "/resume")
    await harness.send(PIA, "/settings")
    await harness.press(PIA, t("reminders.buttons.stop"))
    assert heard(since) == [told, told]
    # After /unlink Ann is not Pia's therapist: a stop is none of her business.
    await harness.send(PIA, "/resume")
    await harness.send(PIA, "/unlink")
    since = len(harness.sandbox.messages(ANN))
    await harness.send(PIA, "/stop")
    assert heard(since) == []
