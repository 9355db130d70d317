"""The therapy tables of migration 0014 under the patient's data rights, on SQLite (foreign
keys off, so no ON DELETE CASCADE helps) and PostgreSQL: erasure, retention and withdrawn
consent leave no message, prescription or private note of the patient (and touch nobody
else's); /mydata's copy holds the thread both ways and the prescription, never the notes;
unlinking drops the notes only."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import col

from bot.clock import FakeClock
from bot.content import Content
from bot.db.engine import session_factory
from bot.db.models import (
    MessageDirection,
    PatientNote,
    Prescription,
    Role,
    Therapist,
    TherapistMessage,
    User,
)
from bot.delivery.jobs import run_retention
from bot.domain.prescription import PrescriptionItem
from bot.services import data_requests, messages, prescriptions, therapy
from tests.conftest import T0
from tests.integration.jobdeps import job_deps

PIA, MAX, ANN = 8_100_000_001, 8_100_000_002, 8_100_000_003
NOTE = "private: ask about her new shoes"
THERAPY = ("therapist_messages", "prescriptions", "patient_notes")


async def _seed(engine: AsyncEngine, *, created: dt.datetime = T0) -> None:
    """Ann's two patients, each with a thread both ways, a prescription and a private note;
    Ann is half-way through typing repetitions for Pia."""
    async with session_factory(engine)() as session, session.begin():
        session.add(
            User(
                id=ANN,
                chat_id=ANN,
                role=Role.THERAPIST.value,
                created_at=created,
                updated_at=created,
                awaiting="rx:B:toe-threading",
                awaiting_ref=PIA,
            )
        )
        session.add(Therapist(user_id=ANN, display_name="Ann", created_at=created))
        await session.flush()
        for uid in (PIA, MAX):
            session.add(
                User(
                    id=uid,
                    chat_id=uid,
                    role=Role.PATIENT.value,
                    consent="given",
                    therapist_id=ANN,
                    display_name=f"P{uid}",
                    created_at=created,
                    updated_at=created,
                )
            )
        await session.flush()
        for uid in (PIA, MAX):
            sent = await messages.record(
                session,
                patient_id=uid,
                therapist_id=ANN,
                direction=MessageDirection.TO_PATIENT,
                text="Well done this week!",
                now=created,
            )
            await messages.record(
                session,
                patient_id=uid,
                therapist_id=ANN,
                direction=MessageDirection.TO_THERAPIST,
                text="Thanks, it is getting easier",
                now=created + dt.timedelta(minutes=5),
                reply_to=sent.id,
            )
            await prescriptions.put(
                session,
                patient_id=uid,
                item=PrescriptionItem("toe-threading", feet="left", repetitions=8),
                by=ANN,
                now=created,
            )
            session.add(PatientNote(patient_id=uid, author_id=ANN, text=NOTE, created_at=created))


async def _counts(engine: AsyncEngine, user_id: int) -> dict[str, int]:
    async with session_factory(engine)() as session:
        return await data_requests.row_counts(session, user_id=user_id)


async def _therapy_rows(engine: AsyncEngine) -> dict[str, int]:
    """Rows of the three tables, whoever they are about (nothing may be left pointing at an
    erased patient, even if row_counts were wrong)."""
    async with session_factory(engine)() as session:
        return {
            str(model.__tablename__): int(
                await session.scalar(select(func.count()).select_from(model)) or 0
            )
            for model in (TherapistMessage, Prescription, PatientNote)
        }


async def test_erasure_leaves_no_message_prescription_or_note(engine: AsyncEngine) -> None:
    await _seed(engine)
    before = await _counts(engine, PIA)
    assert [before[t] for t in THERAPY] == [2, 1, 1]
    async with session_factory(engine)() as session, session.begin():
        told = await data_requests.erase(session, user_ids=[PIA], reason="request", now=T0)
    assert told == [(ANN, PIA, f"P{PIA}")]
    assert set((await _counts(engine, PIA)).values()) == {0}
    assert await _therapy_rows(engine) == {
        "therapist_messages": 2,
        "prescriptions": 1,
        "patient_notes": 1,
    }  # Max's, untouched
    assert [(await _counts(engine, MAX))[t] for t in THERAPY] == [2, 1, 1]
    async with session_factory(engine)() as session:
        ann = await session.get(User, ANN)
    # Ann's typed repetitions were for Pia: she is no longer waited on.
    assert ann is not None and (ann.awaiting, ann.awaiting_ref) == (None, None)


async def test_retention_erases_the_therapy_tables_too(
    engine: AsyncEngine, content: Content, clock: FakeClock
) -> None:
    await _seed(engine, created=T0 - dt.timedelta(days=400))
    d = job_deps(engine, content, clock, retention_days=30)
    assert await run_retention(d) == 2
    assert set((await _counts(engine, PIA)).values()) == {0}
    assert set((await _counts(engine, MAX)).values()) == {0}
    assert set((await _therapy_rows(engine)).values()) == {0}


async def test_withdrawn_consent_erases_them_and_keeps_the_account(engine: AsyncEngine) -> None:
    await _seed(engine)
    async with session_factory(engine)() as session, session.begin():
        left = await data_requests.withdraw_consent(session, user_id=PIA, now=T0)
    assert left == (ANN, f"P{PIA}")
    after = await _counts(engine, PIA)
    assert after["users"] == 1 and [after[t] for t in THERAPY] == [0, 0, 0]
    assert [(await _counts(engine, MAX))[t] for t in THERAPY] == [2, 1, 1]


async def test_mydata_holds_the_thread_and_prescription_but_not_the_notes(
    engine: AsyncEngine,
) -> None:
    await _seed(engine)
    async with session_factory(engine)() as session:
        data = await data_requests.collect(session, user_id=PIA)
    assert data is not None
    sent, reply = data["messages"]
    assert (sent["direction"], sent["text"]) == ("to_patient", "Well done this week!")
    assert (reply["direction"], reply["reply_to"]) == ("to_therapist", sent["id"])
    assert all("patient_id" not in m for m in data["messages"])
    [rx] = data["prescription"]
    assert (rx["exercise_id"], rx["feet"], rx["repetitions"]) == ("toe-threading", "left", 8)
    # The therapist's private notes are their record: not in either document.
    assert NOTE not in data_requests.as_json(data).decode()
    csv_text = data_requests.as_csv(data).decode()
    assert NOTE not in csv_text
    assert 'messages,2,text,"Thanks, it is getting easier"' in csv_text
    assert "prescription,1,exercise_id,toe-threading" in csv_text
    assert json.loads(data_requests.as_json(data))["messages"][0]["text"] == "Well done this week!"


async def test_unlinking_drops_the_private_notes_only(engine: AsyncEngine) -> None:
    await _seed(engine)
    async with session_factory(engine)() as session, session.begin():
        pia = await session.get(User, PIA)
        assert pia is not None
        assert await therapy.unlink(session, user=pia, now=T0) == ANN
    counts = await _counts(engine, PIA)
    # The thread and the prescription are the patient's own (in /mydata); the notes were Ann's
    # record of a care that ended, and a later therapist must not read them.
    assert [counts[t] for t in THERAPY] == [2, 1, 0]
    assert [(await _counts(engine, MAX))[t] for t in THERAPY] == [2, 1, 1]
    async with session_factory(engine)() as session:
        notes = (
            await session.scalars(select(PatientNote).where(col(PatientNote.patient_id) == MAX))
        ).all()
    assert [n.text for n in notes] == [NOTE]
