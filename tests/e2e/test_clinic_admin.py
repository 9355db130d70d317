"""A clinic tried as its admins would: the bot's admin creates two clinics and invites their
admins, a clinic admin invites a therapist of their own clinic (and no other), a patient
reports a warning sign, nobody acknowledges, time passes, the clinic admin is handed the
alert and acknowledges it, the therapist sees who took it on; the other clinic's admin sees
none of it, even with a forged button. Then the therapist is deactivated, confirmed, with
their patient going to the clinic's admin."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select
from sqlmodel import col

from bot.clock import FakeClock
from bot.db.engine import create_engine, session_factory
from bot.db.models import Clinic, Escalation, Therapist, User
from bot.delivery import handover
from bot.deps import Deps
from tests.e2e.content import shown, t
from tests.e2e.harness import BotHarness, plain, running_harness
from tests.e2e.staff import enrol_patient, new_therapist

ADMIN, ADA, BEA, ANN = 9_200_000_001, 9_200_000_002, 9_200_000_003, 9_200_000_004
PIA = 9_200_100_001


@pytest.fixture
async def harness(database_url: str, clock: FakeClock) -> AsyncIterator[BotHarness]:
    async with running_harness(database_url, clock, admin_ids=frozenset({ADMIN})) as h:
        yield h


async def _query(harness: BotHarness, statement: object) -> list[object]:
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session:
            return list((await session.scalars(statement)).all())  # type: ignore[call-overload]
    finally:
        await engine.dispose()


async def _clinic_id(harness: BotHarness, name: str) -> int:
    [clinic] = await _query(harness, select(Clinic).where(col(Clinic.name) == name))
    assert isinstance(clinic, Clinic) and clinic.id is not None
    return clinic.id


async def test_a_clinic_admin_is_handed_an_unacknowledged_alert_and_takes_it_on(
    harness: BotHarness,
) -> None:
    # The bot's admin creates two clinics and invites each clinic's admin.
    out = await harness.send(ADMIN, "/newclinic Alpha Physio")
    alpha = await _clinic_id(harness, "Alpha Physio")
    assert shown(plain(out, harness.sandbox), "clinic.created", name="Alpha Physio", id=alpha)
    await harness.send(ADMIN, "/newclinic Beta Feet")
    beta = await _clinic_id(harness, "Beta Feet")
    await new_therapist(harness, ADMIN, ADA, "Ada", command=f"/newtherapist {alpha} admin")
    await new_therapist(harness, ADMIN, BEA, "Bea", command=f"/newtherapist {beta} admin")
    out = await harness.send(ADMIN, "/clinics")
    assert shown(
        plain(out, harness.sandbox), "clinic.clinic_line", name="Alpha Physio", admins="Ada"
    )

    # A clinic admin invites therapists of their own clinic only, and no admins.
    for command in (f"/newtherapist {beta}", f"/newtherapist {alpha} admin"):
        out = await harness.send(ADA, command)
        assert shown(plain(out, harness.sandbox), "clinic.not_your_clinic")
    await new_therapist(harness, ADA, ANN, "Ann", command="/newtherapist")
    therapists = await _query(harness, select(Therapist).order_by(col(Therapist.user_id)))
    assert [(x.user_id, x.clinic_id, x.clinic_admin) for x in therapists] == [  # type: ignore[attr-defined]
        (ADA, alpha, True),
        (BEA, beta, True),
        (ANN, alpha, False),
    ]

    # Ann enrols a patient, who reports a warning sign: Ann is alerted, nobody acknowledges.
    await enrol_patient(harness, ANN, PIA, "Pia")
    ann_before = len(harness.sandbox.messages(ANN))
    await harness.send(PIA, "since I woke up this morning my toes have gone black and cold")
    assert shown(
        plain(harness.sandbox.messages(ANN)[ann_before:], harness.sandbox),
        "therapist.alert",
        level="EMERGENCY",
    )
    [escalation] = await _query(harness, select(Escalation))
    assert isinstance(escalation, Escalation) and escalation.id is not None
    assert harness.app is not None
    deps: Deps = harness.app.bot_data["deps"]
    counts = {u: len(harness.sandbox.messages(u)) for u in (ADMIN, ADA, BEA)}
    assert await handover.hand_over(deps) == 0  # not yet

    # Time passes: the clinic's admin is handed the alert, once; nobody else hears of it.
    harness.clock.advance(dt.timedelta(minutes=deps.settings.alert_admin_after_minutes + 1))
    assert await handover.hand_over(deps) == 1
    harness.clock.advance(dt.timedelta(minutes=10))
    assert await handover.hand_over(deps) == 0
    handed = harness.sandbox.messages(ADA)[counts[ADA] :]
    assert len(handed) == 1
    assert shown(
        harness.sandbox.plain_text(handed[0]),
        "clinic.handover",
        name="Pia",
        therapist="Ann",
        level="EMERGENCY",
    )
    assert len(harness.sandbox.messages(BEA)) == counts[BEA]
    assert len(harness.sandbox.messages(ADMIN)) == counts[ADMIN]

    # The other clinic's admin sees none of it, and a forged Acknowledge changes nothing.
    out = await harness.send(BEA, "/alerts")
    assert shown(plain(out, harness.sandbox), "clinic.alerts_none")
    await harness.press_data(BEA, out[-1].message_id, f"al:ack:{escalation.id}")
    assert shown(harness.sandbox.callback_answers(BEA)[-1].text or "", "clinic.ack_refused")
    [still] = await _query(harness, select(Escalation))
    assert isinstance(still, Escalation) and still.acknowledged_at is None

    # The clinic's admin acknowledges from the hand-over; Ann sees who took it on.
    out = await harness.press(ADA, t("clinic.ack_button", name="Pia"))
    assert shown(plain(out, harness.sandbox), "clinic.acked", name="Pia")
    [taken] = await _query(harness, select(Escalation))
    assert isinstance(taken, Escalation)
    assert (taken.acknowledged_by, taken.acknowledged_at) == (ADA, harness.clock())
    out = await harness.send(ANN, "/alerts")
    assert shown(plain(out, harness.sandbox), "clinic.state_acked", name="Ada")
    # Ann pressing an old Acknowledge keeps Ada as the one who took it on.
    await harness.press_data(ANN, out[-1].message_id, f"al:ack:{escalation.id}")
    assert shown(
        plain(harness.sandbox.messages(ANN)[-1:], harness.sandbox),
        "clinic.already_acked",
        by="Ada",
        name="Pia",
    )
    out = await harness.send(BEA, "/alerts")
    assert shown(plain(out, harness.sandbox), "clinic.alerts_none")

    # Deactivating Ann asks first; cancelling keeps her, the clinic's admins then take Pia.
    await harness.send(ADMIN, "/therapists")
    out = await harness.press(ADMIN, t("therapist.deactivate_button", name="Ann"))
    assert shown(plain(out, harness.sandbox), "clinic.deactivate_question", name="Ann", count=1)
    await harness.press(ADMIN, t("clinic.cancel_button"))
    ann = await _query(harness, select(Therapist).where(col(Therapist.user_id) == ANN))
    assert isinstance(ann[0], Therapist) and ann[0].active
    await harness.send(ADMIN, "/therapists")
    await harness.press(ADMIN, t("therapist.deactivate_button", name="Ann"))
    await harness.press(ADMIN, t("clinic.to_admins_button"))
    assert shown(harness.texts(ADMIN)[-1], "clinic.deactivated_to", name="Ann", count=1, to="Ada")
    # Her chat's menu button no longer offers the dashboard (it would answer 403).
    assert harness.sandbox.menu_button(ANN) == {"type": "default"}
    [pia] = await _query(harness, select(User).where(col(User.id) == PIA))
    assert isinstance(pia, User) and pia.therapist_id == ADA
    assert shown(harness.texts(ADA)[-1], "clinic.patients_received", name="Ann", names="Pia")
    out = await harness.send(ANN, "/alerts")
    assert shown(plain(out, harness.sandbox), "clinic.not_staff")
