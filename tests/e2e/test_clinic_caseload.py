"""A clinic admin's /patients in chat: two clinics, the admin of one sees the patients of both
of their clinic's therapists (and opens and acts on them), never the other clinic's, even
with forged buttons; a bot admin who is no therapist sees every linked patient."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select
from sqlmodel import col

from bot.callbacks import PatientPress
from bot.clock import FakeClock
from bot.db.engine import create_engine, session_factory
from bot.db.models import AuditEntry, Clinic, Prescription, Therapist
from tests.e2e.content import content, shown, t, title
from tests.e2e.harness import BotHarness, plain, running_harness
from tests.e2e.staff import patient_row

ADMIN, ADA, ANN, BEA, BOB = (
    9_300_000_001,
    9_300_000_002,
    9_300_000_003,
    9_300_000_004,
    9_300_000_005,
)
AMY, AL, BEN = 9_300_100_001, 9_300_100_002, 9_300_100_003


@pytest.fixture
async def harness(database_url: str, clock: FakeClock) -> AsyncIterator[BotHarness]:
    async with running_harness(database_url, clock, admin_ids=frozenset({ADMIN})) as h:
        yield h


async def _seed(harness: BotHarness) -> None:
    """Clinic A (admin Ada, therapist Ann), clinic B (admin Bea, therapist Bob); Amy is Ann's
    patient, Al is Ada's own, Ben is Bob's."""
    engine = create_engine(harness.settings.database_url)
    now = harness.clock.now
    try:
        async with session_factory(engine)() as session, session.begin():
            a, b = Clinic(name="Alpha", created_at=now), Clinic(name="Beta", created_at=now)
            session.add_all([a, b])
            await session.flush()
            for uid, name, clinic, admin in (
                (ADA, "Ada", a.id, True),
                (ANN, "Ann", a.id, False),
                (BEA, "Bea", b.id, True),
                (BOB, "Bob", b.id, False),
            ):
                session.add(
                    Therapist(
                        user_id=uid,
                        display_name=name,
                        clinic_id=clinic,
                        clinic_admin=admin,
                        timezone="Europe/Lisbon",
                        created_at=now,
                    )
                )
            for uid, name, therapist in ((AMY, "Amy", ANN), (AL, "Al", ADA), (BEN, "Ben", BOB)):
                session.add(patient_row(uid, therapist=therapist, name=name, now=now))
    finally:
        await engine.dispose()


def _detail_buttons(text_and_data: list[tuple[str, str | None]]) -> dict[str, str]:
    return {label: data for label, data in text_and_data if data and data.startswith("tp:")}


async def _listed(harness: BotHarness, user_id: int) -> dict[str, str]:
    out = await harness.send(user_id, "/patients")
    assert len(out) == 1
    return _detail_buttons([cell for row in out[0].keyboard for cell in row])


def _button(name: str) -> str:
    return t("therapist.buttons.detail", name=name)


async def _audited(harness: BotHarness, actor: int) -> list[int | None]:
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session:
            rows = await session.scalars(
                select(AuditEntry).where(col(AuditEntry.actor_id) == actor)
            )
            return [r.target_user_id for r in rows.all()]
    finally:
        await engine.dispose()


async def test_clinic_admin_sees_and_acts_on_their_clinic_only(harness: BotHarness) -> None:
    await _seed(harness)
    # Ada (admin of A) sees her own patient and Ann's; never Bob's.
    ada = await _listed(harness, ADA)
    assert set(ada) == {_button("Amy"), _button("Al")}
    # Ann (plain therapist) only her own; Bea (admin of B) only B's.
    assert set(await _listed(harness, ANN)) == {_button("Amy")}
    assert set(await _listed(harness, BEA)) == {_button("Ben")}
    # The bot's admin, who is no therapist, every linked patient.
    assert set(await _listed(harness, ADMIN)) == {_button(n) for n in ("Amy", "Al", "Ben")}

    # Ada opens Ann's patient and acts on her (pause: no schedule yet, but not refused).
    listing = harness.sandbox.messages(ADA)[-1]
    out = await harness.press_data(ADA, listing.message_id, ada[_button("Amy")])
    assert shown(plain(out, harness.sandbox), "therapist.detail")
    out = await harness.press_data(ADA, listing.message_id, PatientPress(AMY, "pause").pack())
    assert shown(plain(out, harness.sandbox), "therapist.no_schedule", name="Amy")
    assert AMY in await _audited(harness, ADA)

    # Forged presses for the other clinic's patient: refused, nothing shown or recorded.
    for action in ("d", "charts", "pause", "msg", "clear", "prog"):
        out = await harness.press_data(ADA, listing.message_id, PatientPress(BEN, action).pack())
        assert out == []
        assert harness.sandbox.callback_answers(ADA)[-1].text == t("therapist.refused")
    out = await harness.press_data(
        ADA, listing.message_id, PatientPress(BEN, "prog", "gentle").pack()
    )
    assert out == []
    assert BEN not in await _audited(harness, ADA)
    # Ann, a plain therapist, cannot open her clinic admin's patient either.
    out = await harness.press_data(ANN, listing.message_id, PatientPress(AL, "d").pack())
    assert out == []
    assert harness.sandbox.callback_answers(ANN)[-1].text == t("therapist.refused")


async def test_detail_names_the_prescription_not_the_programme_id(harness: BotHarness) -> None:
    await _seed(harness)
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session, session.begin():
            session.add(
                Prescription(
                    patient_id=AMY,
                    exercise_id="toe-threading",
                    feet="left",
                    repetitions=8,
                    times_per_day=2,
                    days_per_week=3,
                    created_by=ANN,
                    created_at=harness.clock.now,
                )
            )
    finally:
        await engine.dispose()
    listing = await _listed(harness, ANN)
    message = harness.sandbox.messages(ANN)[-1]
    out = await harness.press_data(ANN, message.message_id, listing[_button("Amy")])
    detail = plain(out, harness.sandbox)
    assert t("prescriptions.detail_programme", count=1) in detail
    dose = ", ".join(
        (
            t("prescriptions.reps", n=8),
            t("prescriptions.feet.left"),
            t("prescriptions.per_day.two"),
            t("prescriptions.days", n=3),
        )
    )
    assert t("prescriptions.detail_line", exercise=title("toe-threading"), dose=dose) in detail
    assert "default" not in detail and "prescribed:" not in detail
    # A patient without one: their programme's title, not its id.
    listing = await _listed(harness, ADA)
    message = harness.sandbox.messages(ADA)[-1]
    out = await harness.press_data(ADA, message.message_id, listing[_button("Al")])
    detail = plain(out, harness.sandbox)
    assert content().catalog.programme("default").title in detail
    assert t("prescriptions.detail_programme", count=1) not in detail
