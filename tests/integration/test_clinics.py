"""Clinics on the real database: acknowledging alerts (only what the viewer may see, the first
acknowledger kept), /alerts' data per clinic, the hand-over of unacknowledged alerts (FakeClock;
two processes running it at once send each one once), deactivation with each destination,
alert recipients of a deactivated therapist's patients, and clinic invites.

Two `Deps` share one database, each with its own engine and real `DeliveryNotifier`, as two
worker processes would; a counting sender stands for Telegram.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from bot.callbacks import AdminPress, AlertPress
from bot.clock import FakeClock
from bot.config import Settings
from bot.content import Content
from bot.db.models import AuditEntry, Clinic, Escalation, Therapist, User
from bot.delivery import handover
from bot.deps import Deps
from bot.domain.escalation import Audience
from bot.domain.privacy import AuditAction
from bot.services import access, clinics, invitations, therapy
from bot.services.clinics import Destination
from tests.integration.test_jobs_concurrent import CountingSender, two_processes

BOT_ADMIN = 6_600_000_001
# Clinic A: an admin, two therapists; clinic B: an admin, one therapist; SOLO: no clinic.
A_ADMIN, A_ANN, A_BOB = 6_600_000_101, 6_600_000_102, 6_600_000_103
B_ADMIN, B_CAT = 6_600_000_201, 6_600_000_202
SOLO = 6_600_000_301
P_ANN, P_ANN2, P_BOB, P_CAT, P_SOLO, P_NONE = (6_600_001_000 + i for i in range(6))
AFTER = dt.timedelta(minutes=30)


@pytest.fixture
async def processes(
    database_url: str, clock: FakeClock, content: Content
) -> AsyncIterator[tuple[Deps, Deps, CountingSender]]:
    settings = Settings(
        database_url=database_url,
        background_jobs=False,
        admin_ids=frozenset({BOT_ADMIN}),
        alert_admin_after_minutes=30,
    )
    async with two_processes(database_url, settings, clock, content) as running:
        yield running


@pytest.fixture
async def d(processes: tuple[Deps, Deps, CountingSender]) -> Deps:
    a, _, _ = processes
    await _people(a)
    return a


async def _people(d: Deps) -> None:
    now = d.now()
    async with d.transaction() as session:
        a = Clinic(name="Alpha Physio", created_at=now)
        b = Clinic(name="Beta Feet", created_at=now)
        session.add_all([a, b])
        await session.flush()
        staff = [
            (A_ADMIN, "Ada", a.id, True),
            (A_ANN, "Ann", a.id, False),
            (A_BOB, "Bob", a.id, False),
            (B_ADMIN, "Bea", b.id, True),
            (B_CAT, "Cat", b.id, False),
            (SOLO, "Sol", None, False),
        ]
        for uid, *_ in staff:
            session.add(User(id=uid, chat_id=uid, role="therapist", created_at=now, updated_at=now))
        await session.flush()
        for i, (uid, name, clinic_id, admin) in enumerate(staff):
            session.add(
                Therapist(
                    user_id=uid,
                    display_name=name,
                    clinic_id=clinic_id,
                    clinic_admin=admin,
                    # Oldest first: Ada is clinic A's first admin.
                    created_at=now - dt.timedelta(days=30 - i),
                )
            )
        for uid, owner in [
            (P_ANN, A_ANN),
            (P_ANN2, A_ANN),
            (P_BOB, A_BOB),
            (P_CAT, B_CAT),
            (P_SOLO, SOLO),
            (P_NONE, None),
        ]:
            session.add(
                User(
                    id=uid,
                    chat_id=uid,
                    consent="given",
                    onboarding_step="done",
                    timezone="Europe/Lisbon",
                    display_name=f"Patient {uid % 1000}",
                    therapist_id=owner,
                    created_at=now - dt.timedelta(days=10),
                    updated_at=now,
                )
            )


async def _alert(d: Deps, uid: int, *, level: str = "urgent", ago: dt.timedelta) -> int:
    when = d.now() - ago
    async with d.transaction() as session:
        e = Escalation(
            user_id=uid,
            chat_id=uid,
            source="free_text",
            level=level,
            flags="infection_local",
            text="the cut on my toe is hot and full of pus",
            advice="Contact a clinician today.",
            created_at=when,
            delivered_at=when,
            pauses_prompts=True,
            therapist_alerted_at=when,
        )
        session.add(e)
        await session.flush()
        assert e.id is not None
        return e.id


async def _viewer(session: AsyncSession, user_id: int) -> access.Viewer:
    viewer = await access.viewer_for(session, user_id=user_id, admin_ids={BOT_ADMIN})
    assert viewer is not None
    return viewer


async def _get(d: Deps, model: type, key: int) -> object:
    async with d.sessions() as session:
        return await session.get(model, key)


# --- acknowledge and /alerts --------------------------------------------------------------------


async def test_acknowledge_is_for_who_may_see_the_patient_and_keeps_the_first(
    d: Deps, clock: FakeClock
) -> None:
    eid = await _alert(d, P_ANN, ago=dt.timedelta(minutes=5))
    now = d.now()
    # Another clinic's admin and a colleague without the patient: nothing, nothing changed.
    for outsider in (B_ADMIN, A_BOB, SOLO):
        async with d.transaction() as session:
            viewer = await _viewer(session, outsider)
            assert (
                await clinics.acknowledge(session, escalation_id=eid, viewer=viewer, now=now)
                is None
            )
    e = await _get(d, Escalation, eid)
    assert isinstance(e, Escalation) and e.acknowledged_at is None
    # The clinic's admin may; the first is kept when the therapist presses later.
    async with d.transaction() as session:
        done = await clinics.acknowledge(
            session, escalation_id=eid, viewer=await _viewer(session, A_ADMIN), now=now
        )
        assert done is not None and done.acknowledged_by == A_ADMIN
        assert await clinics.acknowledger_name(session, done) == "Ada"
    clock.advance(dt.timedelta(minutes=1))
    async with d.transaction() as session:
        again = await clinics.acknowledge(
            session, escalation_id=eid, viewer=await _viewer(session, A_ANN), now=d.now()
        )
        assert again is not None and (again.acknowledged_by, again.acknowledged_at) == (
            A_ADMIN,
            now,
        )
        assert (
            await clinics.acknowledge(
                session, escalation_id=999_999, viewer=await _viewer(session, A_ADMIN), now=now
            )
            is None
        )
    async with d.sessions() as session:
        audits = (
            await session.scalars(
                select(AuditEntry).where(
                    col(AuditEntry.action) == AuditAction.ALERT_ACKNOWLEDGED.value
                )
            )
        ).all()
    assert [(a.actor_id, a.target_user_id) for a in audits] == [(A_ADMIN, P_ANN)]


async def test_two_colleagues_acknowledging_at_once_keep_one(
    processes: tuple[Deps, Deps, CountingSender], d: Deps
) -> None:
    a, b, _ = processes
    eid = await _alert(d, P_ANN, ago=dt.timedelta(minutes=5))

    async def press(deps: Deps, who: int) -> int | None:
        async with deps.transaction() as session:
            viewer = await _viewer(session, who)
            e = await clinics.acknowledge(session, escalation_id=eid, viewer=viewer, now=deps.now())
            return e.acknowledged_by if e is not None else None

    first, second = await asyncio.gather(press(a, A_ADMIN), press(b, A_ANN))
    assert first == second and first in (A_ADMIN, A_ANN)


async def test_a_bot_admin_acknowledges_an_unlinked_patients_alert(d: Deps) -> None:
    eid = await _alert(d, P_NONE, ago=dt.timedelta(minutes=5))
    async with d.transaction() as session:
        done = await clinics.acknowledge(
            session, escalation_id=eid, viewer=await _viewer(session, BOT_ADMIN), now=d.now()
        )
    assert done is not None and done.acknowledged_by == BOT_ADMIN


async def test_open_alerts_show_a_clinic_its_own_alerts_only_and_who_took_them(d: Deps) -> None:
    ann = await _alert(d, P_ANN, ago=dt.timedelta(minutes=50))
    bob = await _alert(d, P_BOB, level="emergency", ago=dt.timedelta(minutes=40))
    cat = await _alert(d, P_CAT, ago=dt.timedelta(minutes=30))
    old = await _alert(d, P_ANN, ago=dt.timedelta(days=20))
    forgotten = await _alert(d, P_BOB, ago=dt.timedelta(days=30))
    routine = await _alert(d, P_ANN, level="routine", ago=dt.timedelta(minutes=10))
    async with d.transaction() as session:
        for eid in (ann, old):
            await clinics.acknowledge(
                session, escalation_id=eid, viewer=await _viewer(session, A_ANN), now=d.now()
            )
    now = d.now()
    async with d.transaction() as session:
        a_admin = await clinics.open_alerts(
            session, viewer=await _viewer(session, A_ADMIN), now=now
        )
        b_admin = await clinics.open_alerts(
            session, viewer=await _viewer(session, B_ADMIN), now=now
        )
        ann_own = await clinics.open_alerts(session, viewer=await _viewer(session, A_ANN), now=now)
        everyone = await clinics.open_alerts(
            session, viewer=await _viewer(session, BOT_ADMIN), now=now
        )
    # Unacknowledged first, however old (nobody has taken them on); the acknowledged one
    # names who took it on; an acknowledged one past the horizon is gone.
    assert [i.id for i in a_admin] == [bob, forgotten, ann]
    assert a_admin[2].acknowledged_by_name == "Ann" and a_admin[0].acknowledged_at is None
    assert [i.id for i in b_admin] == [cat]
    assert [i.id for i in ann_own] == [ann]
    assert {i.id for i in everyone} == {ann, bob, cat, forgotten}
    assert old not in {i.id for i in everyone} and routine not in {i.id for i in everyone}


# --- the hand-over ------------------------------------------------------------------------------


async def _handed(d: Deps, eid: int) -> dt.datetime | None:
    e = await _get(d, Escalation, eid)
    assert isinstance(e, Escalation)
    return e.admins_alerted_at


async def test_unacknowledged_alerts_go_once_to_the_clinics_admins_with_two_runs_at_once(
    processes: tuple[Deps, Deps, CountingSender], d: Deps, clock: FakeClock
) -> None:
    a, b, sender = processes
    ann = await _alert(d, P_ANN, ago=dt.timedelta(minutes=10))
    cat = await _alert(d, P_CAT, level="emergency", ago=dt.timedelta(minutes=10))
    solo = await _alert(d, P_SOLO, ago=dt.timedelta(minutes=10))
    taken = await _alert(d, P_BOB, ago=dt.timedelta(minutes=10))
    async with d.transaction() as session:
        await clinics.acknowledge(
            session, escalation_id=taken, viewer=await _viewer(session, A_BOB), now=d.now()
        )
    # Not yet: 10 of the 30 minutes.
    assert list(await asyncio.gather(handover.hand_over(a), handover.hand_over(b))) == [0, 0]
    assert not sender.received
    clock.advance(dt.timedelta(minutes=25))
    results = await asyncio.gather(handover.hand_over(a), handover.hand_over(b))
    assert sorted(results) == [0, 3]  # one process won the turn
    # Each clinic's admin hears of their clinic's alert once; the solo therapist's patient has
    # no clinic admin, so the bot's admin does; the acknowledged one goes to nobody.
    assert sender.received == {A_ADMIN: 1, B_ADMIN: 1, BOT_ADMIN: 1}
    texts = dict(sender.texts)
    assert f"Patient {P_ANN % 1000}" in texts[A_ADMIN]
    assert f"Patient {P_CAT % 1000}" in texts[B_ADMIN] and "EMERGENCY" in texts[B_ADMIN]
    for handed in (ann, cat, solo):
        assert await _handed(d, handed) is not None
    assert await _handed(d, taken) is None
    # Later runs (the turn has come round again) send nothing more.
    clock.advance(dt.timedelta(minutes=10))
    assert list(await asyncio.gather(handover.hand_over(a), handover.hand_over(b))) == [0, 0]
    assert sum(sender.received.values()) == 3


async def test_the_hand_over_skips_the_therapist_who_is_the_clinics_only_admin(d: Deps) -> None:
    eid = await _alert(d, P_ANN, ago=dt.timedelta(hours=1))
    async with d.transaction() as session:
        # Ann becomes clinic A's only admin: the alert was hers already, so the bot's admins.
        ada = await session.get(Therapist, A_ADMIN)
        ann = await session.get(Therapist, A_ANN)
        assert ada is not None and ann is not None
        ada.clinic_admin, ann.clinic_admin = False, True
    async with d.transaction() as session:
        [h] = await clinics.handovers_due(
            session, now=d.now(), after=AFTER, admin_ids=d.settings.admin_ids
        )
    assert h.escalation.id == eid and not h.clinic and h.recipients == ((BOT_ADMIN, None),)


async def test_cleared_old_and_handed_over_alerts_are_not_handed_over(d: Deps) -> None:
    cleared = await _alert(d, P_ANN, ago=dt.timedelta(hours=1))
    await _alert(d, P_ANN, ago=dt.timedelta(days=3))
    async with d.transaction() as session:
        e = await session.get(Escalation, cleared)
        assert e is not None
        e.cleared_at = d.now()
    async with d.transaction() as session:
        assert (
            await clinics.handovers_due(
                session, now=d.now(), after=AFTER, admin_ids=d.settings.admin_ids
            )
            == []
        )


# --- deactivation and alert recipients ---------------------------------------------------------


async def _patients_of(d: Deps, therapist_id: int | None) -> set[int]:
    async with d.sessions() as session:
        query = select(col(User.id)).where(
            col(User.therapist_id).is_(None)
            if therapist_id is None
            else col(User.therapist_id) == therapist_id,
            col(User.role) == "patient",
        )
        return set((await session.scalars(query)).all())


async def test_deactivating_to_another_therapist_of_the_clinic_moves_and_audits(d: Deps) -> None:
    async with d.transaction() as session:
        done = await clinics.deactivate(
            session, therapist_id=A_ANN, by=BOT_ADMIN, now=d.now(), patients_to=A_BOB
        )
    assert done is not None and done.destination is Destination.THERAPIST
    assert sorted(done.patient_ids) == [P_ANN, P_ANN2]
    assert await _patients_of(d, A_BOB) == {P_ANN, P_ANN2, P_BOB}
    ann = await _get(d, Therapist, A_ANN)
    assert isinstance(ann, Therapist) and not ann.active and ann.deactivated_at == d.now()
    async with d.sessions() as session:
        moved = (
            await session.scalars(
                select(col(AuditEntry.target_user_id)).where(
                    col(AuditEntry.action) == AuditAction.PATIENT_REASSIGNED.value
                )
            )
        ).all()
        off = (
            await session.scalars(
                select(AuditEntry).where(
                    col(AuditEntry.action) == AuditAction.THERAPIST_DEACTIVATED.value
                )
            )
        ).one()
    assert sorted(m or 0 for m in moved) == [P_ANN, P_ANN2] and off.target_user_id == A_ANN
    async with d.transaction() as session:  # a second press does nothing
        assert (
            await clinics.deactivate(
                session, therapist_id=A_ANN, by=BOT_ADMIN, now=d.now(), patients_to=A_BOB
            )
            is None
        )


async def test_deactivating_to_the_clinics_admins_or_to_nobody(d: Deps) -> None:
    async with d.transaction() as session:
        done = await clinics.deactivate(session, therapist_id=A_ANN, by=BOT_ADMIN, now=d.now())
    assert done is not None and done.destination is Destination.ADMINS
    assert done.to is not None and done.to.user_id == A_ADMIN
    assert {P_ANN, P_ANN2} <= await _patients_of(d, A_ADMIN)
    async with d.transaction() as session:
        gone = await clinics.deactivate(
            session, therapist_id=B_CAT, by=BOT_ADMIN, now=d.now(), unlink=True
        )
    assert gone is not None and gone.destination is Destination.UNLINKED
    assert gone.patient_names == [f"Patient {P_CAT % 1000}"]
    assert P_CAT in await _patients_of(d, None)
    # An unlinked patient's alerts go to the bot's admins.
    async with d.transaction() as session:
        audience, recipients = await therapy.alert_recipients(
            session, user_id=P_CAT, admin_ids=d.settings.admin_ids
        )
    assert (audience, recipients) == (Audience.TEAM, (BOT_ADMIN,))


async def test_impossible_destinations_change_nothing(d: Deps) -> None:
    # Another clinic's therapist, the therapist themself, nobody at all.
    for target in (B_CAT, A_ANN, 42):
        with pytest.raises(ValueError):
            async with d.transaction() as session:
                await clinics.deactivate(
                    session, therapist_id=A_ANN, by=BOT_ADMIN, now=d.now(), patients_to=target
                )
    # A therapist of no clinic has no clinic admins to hand patients to.
    with pytest.raises(ValueError):
        async with d.transaction() as session:
            await clinics.deactivate(session, therapist_id=SOLO, by=BOT_ADMIN, now=d.now())
    ann, sol = await _get(d, Therapist, A_ANN), await _get(d, Therapist, SOLO)
    assert isinstance(ann, Therapist) and ann.active
    assert isinstance(sol, Therapist) and sol.active
    assert await _patients_of(d, A_ANN) == {P_ANN, P_ANN2}


async def test_a_deactivated_therapists_patients_alerts_reach_the_clinic_admins(d: Deps) -> None:
    # Deactivated the old way (patients left linked): never no one.
    async with d.transaction() as session:
        for uid in (A_ANN, SOLO):
            t = await session.get(Therapist, uid)
            assert t is not None
            t.active = False
    async with d.transaction() as session:
        clinic = await therapy.alert_recipients(
            session, user_id=P_ANN, admin_ids=d.settings.admin_ids
        )
        solo = await therapy.alert_recipients(
            session, user_id=P_SOLO, admin_ids=d.settings.admin_ids
        )
        own = await therapy.alert_recipients(session, user_id=P_BOB, admin_ids=d.settings.admin_ids)
    assert clinic == (Audience.TEAM, (A_ADMIN,))
    assert solo == (Audience.TEAM, (BOT_ADMIN,))
    assert own == (Audience.THERAPIST, (A_BOB,))


# --- clinics, invites, moving ----------------------------------------------------------------


async def test_clinic_invites_and_who_may_make_them(d: Deps) -> None:
    now = d.now()
    async with d.transaction() as session:
        b_id = (await session.get(Therapist, B_ADMIN)).clinic_id  # type: ignore[union-attr]
        a_id = (await session.get(Therapist, A_ADMIN)).clinic_id  # type: ignore[union-attr]
        a_admin, bot_admin = await _viewer(session, A_ADMIN), await _viewer(session, BOT_ADMIN)
        mine = await clinics.clinic_invite(
            session, viewer=a_admin, clinic_id=None, clinic_admin=False, now=now
        )
        assert mine is not None and mine[0].clinic_id == a_id and not mine[0].clinic_admin
        # Never another clinic's, never an admin invite, never from a plain therapist.
        for clinic_id, admin in ((b_id, False), (a_id, True)):
            assert (
                await clinics.clinic_invite(
                    session, viewer=a_admin, clinic_id=clinic_id, clinic_admin=admin, now=now
                )
                is None
            )
        assert (
            await clinics.clinic_invite(
                session,
                viewer=await _viewer(session, A_ANN),
                clinic_id=None,
                clinic_admin=False,
                now=now,
            )
            is None
        )
        admin_invite = await clinics.clinic_invite(
            session, viewer=bot_admin, clinic_id=b_id, clinic_admin=True, now=now
        )
        assert admin_invite is not None
        assert (
            await clinics.clinic_invite(
                session, viewer=bot_admin, clinic_id=999, clinic_admin=False, now=now
            )
            is None
        )
        # Accepting copies the clinic and the role.
        newcomer = User(id=6_600_009_999, chat_id=6_600_009_999, created_at=now, updated_at=now)
        session.add(newcomer)
        await session.flush()
        assert admin_invite[0].id is not None
        made = await invitations.accept_therapist_invite(
            session, user=newcomer, invite_id=admin_invite[0].id, display_name="Dee", now=now
        )
        assert made is not None and (made.clinic_id, made.clinic_admin) == (b_id, True)


async def test_create_list_and_move(d: Deps) -> None:
    async with d.transaction() as session:
        with pytest.raises(ValueError):
            await clinics.create_clinic(session, name="   ", by=BOT_ADMIN, now=d.now())
        gamma = await clinics.create_clinic(
            session, name="  Gamma   Care ", by=BOT_ADMIN, now=d.now()
        )
        assert gamma.name == "Gamma Care" and gamma.id is not None
        moved = await clinics.move_therapist(
            session,
            therapist_id=SOLO,
            clinic_id=gamma.id,
            clinic_admin=True,
            by=BOT_ADMIN,
            now=d.now(),
        )
        assert moved is not None and (moved.clinic_id, moved.clinic_admin) == (gamma.id, True)
        assert [a.user_id for a in await clinics.admins_of_clinic(session, gamma.id)] == [SOLO]
        assert (
            await clinics.move_therapist(
                session, therapist_id=SOLO, clinic_id=12345, by=BOT_ADMIN, now=d.now()
            )
            is None
        )
        assert [c.name for c in await clinics.list_clinics(session)] == [
            "Alpha Physio",
            "Beta Feet",
            "Gamma Care",
        ]
    # The solo therapist's patient is now the new clinic admin's to see.
    async with d.transaction() as session:
        viewer = await _viewer(session, SOLO)
        assert viewer.clinic_admin
        assert await access.can_view(session, viewer=viewer, patient_id=P_SOLO) is not None


def test_the_buttons_refuse_what_they_would_not_have_packed() -> None:
    assert AdminPress.unpack(AdminPress("to", 5, AdminPress.UNLINK).pack()) is not None
    assert AdminPress.unpack(AdminPress("off", 5).pack()) == AdminPress("off", 5)
    for forged in ("ta:to:5", "ta:to:5:-2", "ta:off:5:7", "ta:no:5:0", "ta:on:5"):
        assert AdminPress.unpack(forged) is None, forged
    assert AlertPress.unpack("al:ack:12") == AlertPress("ack", 12)
    for forged in ("al:ack:x", "al:ack", "al:del:12", "al:ack:12:1"):
        assert AlertPress.unpack(forged) is None, forged
