"""The dashboard's browser-test world, seeded through the models: one clinic with a therapist
of 500 patients, a colleague with a few patients, and the clinic's admin; alerts (open
urgent and emergency pauses), paused patients, self-tests and four weeks of drill sessions.

Bulk inserts go through the models' tables (`insert(Model)`), so 500 patients and their
history take about a second. Every figure the tests check is derived from what is seeded
here (`World`), never copied into a test by hand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import SQLModel, col

from bot.db.engine import session_factory
from bot.db.models import (
    Clinic,
    DrillSession,
    Escalation,
    Schedule,
    SelfTest,
    SelfTestAnswer,
    Therapist,
    User,
)
from bot.domain.selftest import FEET, TOES

ZONE = "Europe/Lisbon"
ANA, BEN, CARLA = 7_100_000_001, 7_100_000_002, 7_100_000_003
# A patient of Ana's who opens the dashboard (403), and a stranger to everyone.
FIRST_PATIENT = 7_200_000_000
OUTSIDER = 7_300_000_001
CASELOAD = 500
THERAPISTS = {ANA: "Ana Therapist", BEN: "Ben Therapist", CARLA: "Carla Admin"}
BEN_PATIENTS = 6

# 25 first names x 20 surnames: 500 distinct names, none a prefix of another.
_FIRST = [
    *("Abel", "Beatriz", "Carmen", "Duarte", "Elisa", "Filipe", "Gloria", "Hugo", "Ines"),
    *("Joaquim", "Kiara", "Luis", "Marta", "Nuno", "Olga", "Paulo", "Quiteria", "Rui"),
    *("Sofia", "Tiago", "Ursula", "Vasco", "Wanda", "Xavier", "Yara"),
]
_LAST = [
    *("Almeida", "Barros", "Costa", "Dias", "Esteves", "Faria", "Gomes", "Henriques"),
    *("Lopes", "Moreira", "Neves", "Oliveira", "Pinto", "Queiroz", "Ramos", "Santos"),
    *("Teixeira", "Vieira", "Xavier", "Zorro"),
]


@dataclass
class World:
    """Who and what was seeded: ids the tests act on and the figures they expect."""

    now: dt.datetime
    clinic_id: int = 0
    # Ana's 500 patients: id -> display name.
    names: dict[int, str] = field(default_factory=dict)
    ben_names: dict[int, str] = field(default_factory=dict)
    # Patients of Ana's with an urgent/emergency alert nobody has acknowledged (what the
    # caseload counts and the inbox lists first), and the paused ones.
    alerted: set[int] = field(default_factory=set)
    alert_ids: set[int] = field(default_factory=set)
    # An urgent alert of Ana's patient who then said they sought care (no pause any more).
    confirmed_alert: int = 0
    paused: set[int] = field(default_factory=set)
    # Ben's patients that the action tests change (so Ana's caseload figures never move).
    to_pause: int = 0
    to_message: int = 0
    to_clear: int = 0
    clear_escalation: int = 0
    ack_escalation: int = 0
    ack_patient: int = 0


def patient_name(i: int) -> str:
    """The i-th of 500 distinct patient names (first name x surname)."""
    return f"{_FIRST[i % len(_FIRST)]} {_LAST[i // len(_FIRST) % len(_LAST)]}"


def _user(uid: int, now: dt.datetime, **values: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": uid,
        "chat_id": uid,
        "role": "patient",
        "consent": "given",
        "consent_at": now - dt.timedelta(days=60),
        "onboarding_step": "done",
        "timezone": ZONE,
        "diabetes": False,
        "active": True,
        "programme_id": "default",
        "therapist_id": None,
        "linked_at": now - dt.timedelta(days=59),
        "display_name": None,
        "last_seen_at": now - dt.timedelta(days=1),
        "created_at": now - dt.timedelta(days=60),
        "updated_at": now - dt.timedelta(days=1),
    }
    row.update(values)
    return row


def _therapist(uid: int, name: str, clinic_id: int, now: dt.datetime, **values: Any) -> Any:
    row: dict[str, Any] = {
        "user_id": uid,
        "display_name": name,
        "active": True,
        "timezone": ZONE,
        "clinic_id": clinic_id,
        "clinic_admin": False,
        "created_at": now - dt.timedelta(days=200),
    }
    row.update(values)
    return row


def _escalation(uid: int, now: dt.datetime, **values: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "user_id": uid,
        "chat_id": uid,
        "source": "free_text",
        "level": "urgent",
        "flags": "abnormal_sensation",
        "evidence": "",
        "text": "my toes went numb and cold this morning",
        "advice": "advice",
        "created_at": now - dt.timedelta(hours=3),
        "delivered_at": now - dt.timedelta(hours=3),
        "delivery_attempts": 1,
        "pauses_prompts": True,
        "therapist_alerted_at": now - dt.timedelta(hours=3),
        "follow_up_index": 0,
        "follow_up_yes": "",
        "seq": 0,
    }
    row.update(values)
    return row


class _Rows:
    """Rows per model, inserted table by table in the order the models were first given
    (parents first, so no foreign key names a row not inserted yet)."""

    def __init__(self) -> None:
        self.rows: dict[type[SQLModel], list[dict[str, Any]]] = {}

    def add(self, model: type[SQLModel], row: dict[str, Any]) -> None:
        self.rows.setdefault(model, []).append(row)


async def seed(engine: AsyncEngine, *, now: dt.datetime) -> World:
    """Seed the clinic, its three therapists, their patients and history; what was seeded."""
    world = World(now=now)
    async with session_factory(engine)() as session:
        clinic = Clinic(name="Clinica do Norte", created_at=now - dt.timedelta(days=300))
        session.add(clinic)
        await session.flush()
        assert clinic.id is not None
        world.clinic_id = clinic.id
        rows = _Rows()
        for uid, name, admin in (
            (ANA, THERAPISTS[ANA], False),
            (BEN, THERAPISTS[BEN], False),
            (CARLA, THERAPISTS[CARLA], True),
        ):
            # Flushed one by one: a patient's row names its therapist (a foreign key).
            session.add(User(**_user(uid, now, role="therapist", display_name=name)))
            await session.flush()
            session.add(Therapist(**_therapist(uid, name, clinic.id, now, clinic_admin=admin)))
            await session.flush()
        test_id = 0
        for i in range(CASELOAD + BEN_PATIENTS):
            ana = i < CASELOAD
            uid = FIRST_PATIENT + i
            name = patient_name(i) if ana else f"Bento Patient {i - CASELOAD + 1}"
            (world.names if ana else world.ben_names)[uid] = name
            rows.add(User, _user(uid, now, therapist_id=ANA if ana else BEN, display_name=name))
            paused = ana and i % 25 == 7
            if paused:
                world.paused.add(uid)
            rows.add(
                Schedule,
                {
                    "user_id": uid,
                    "times": "08:00",
                    "weekdays": 0b1111111,
                    "next_due_at": None if paused else now + dt.timedelta(hours=23),
                    "paused": paused,
                    "stopped": False,
                    "created_at": now - dt.timedelta(days=60),
                    "updated_at": now - dt.timedelta(days=1),
                },
            )
            # Adherence from none to every day: patient i exercises on days k with k % m == 0.
            every = 1 + i % 6
            for k in range(0, 28, every):
                started = now - dt.timedelta(days=k, hours=2 + i % 5)
                rows.add(
                    DrillSession,
                    {
                        "user_id": uid,
                        "programme_id": "default",
                        "local_day": started.date(),
                        "exercises": "towel-scrunches",
                        "status": "finished",
                        "chat_id": uid,
                        "started_at": started,
                        "ended_at": started + dt.timedelta(minutes=9),
                        "seq": 5,
                    },
                )
            # Every third patient did two self-tests, a fortnight apart.
            if i % 3 == 0:
                for weeks_ago, alone in ((2, 2 + i % 3), (0, 3 + i % 8)):
                    test_id += 1
                    when = now - dt.timedelta(weeks=weeks_ago, hours=5)
                    rows.add(
                        SelfTest,
                        {
                            "id": test_id,
                            "user_id": uid,
                            "status": "completed",
                            "seq": 10,
                            "started_at": when,
                            "completed_at": when + dt.timedelta(minutes=4),
                        },
                    )
                    n = 0
                    for foot in FEET:
                        for toe in TOES:
                            rows.add(
                                SelfTestAnswer,
                                {
                                    "test_id": test_id,
                                    "foot": foot,
                                    "toe": toe,
                                    "answer": "alone" if n < alone else "follow",
                                    "answered_at": when,
                                },
                            )
                            n += 1
            if ana and i % 40 == 3:
                world.alerted.add(uid)
                level = "emergency" if i % 80 == 3 else "urgent"
                rows.add(Escalation, _escalation(uid, now, level=level))
        # A routine sign: no pause, not an alert.
        rows.add(
            Escalation, _escalation(FIRST_PATIENT + 1, now, level="routine", pauses_prompts=False)
        )
        for model, values in rows.rows.items():
            await session.execute(insert(model), values)
        await session.commit()
        world.alert_ids = {
            int(i)
            for i in (
                await session.scalars(
                    select(col(Escalation.id)).where(
                        col(Escalation.user_id).in_(world.alerted),
                        col(Escalation.pauses_prompts).is_(True),
                    )
                )
            ).all()
            if i is not None
        }
        # Ben's patients that the action tests change, with the alerts they act on.
        ben = sorted(world.ben_names)
        world.to_pause, world.to_message, world.to_clear, world.ack_patient = ben[:4]
        world.confirmed_alert = await _add_escalation(
            session,
            _escalation(FIRST_PATIENT + 2, now, confirmed_at=now - dt.timedelta(hours=1)),
        )
        # The patient sought care, but no therapist has taken the alert on: it still counts.
        world.alerted.add(FIRST_PATIENT + 2)
        world.clear_escalation = await _add_escalation(
            session, _escalation(world.to_clear, now, level="emergency")
        )
        world.ack_escalation = await _add_escalation(
            session, _escalation(world.ack_patient, now, level="urgent")
        )
        await session.commit()
    return world


async def _add_escalation(session: Any, row: dict[str, Any]) -> int:
    escalation = Escalation(**row)
    session.add(escalation)
    await session.flush()
    assert escalation.id is not None
    return escalation.id
