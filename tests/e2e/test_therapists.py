"""Therapists end to end: an admin, two therapists and several patients through invites,
consent, declines, unlinking, alerts to the right therapist only, forged callbacks, the CSV
export and the weekly digest."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select
from sqlmodel import col

from bot.clock import FakeClock
from bot.db.engine import create_engine, session_factory
from bot.db.models import Escalation, Schedule, Therapist, User
from bot.delivery import jobs
from tests.e2e.content import content, html, pattern, shown, t, title
from tests.e2e.harness import BotHarness, answer_second_time, buttons, plain, running_harness
from tests.e2e.staff import LINK_RE, invite_link

ADMIN, ANN, BOB = 9_000_000_001, 9_000_000_002, 9_000_000_003
P1, P2, P3, P4, P5 = (9_100_000_000 + i for i in range(1, 6))


@pytest.fixture
async def harness(database_url: str, clock: FakeClock) -> AsyncIterator[BotHarness]:
    async with running_harness(database_url, clock, admin_ids=frozenset({ADMIN})) as h:
        yield h


async def _open(harness: BotHarness, user_id: int, link: str) -> str:
    before = len(harness.sandbox.messages(user_id))
    await harness.wait_handled(harness.sandbox.open_link(user_id, link))
    return plain(harness.sandbox.messages(user_id)[before:], harness.sandbox)


async def _row(harness: BotHarness, model: type, key: int) -> object:
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session:
            return await session.get(model, key)
    finally:
        await engine.dispose()


def _label(harness: BotHarness, user_id: int, key: str) -> str:
    """The one button on the latest keyboard whose label is `key` rendered (any values)."""
    latest = next(m for m in reversed(harness.sandbox.messages(user_id)) if m.keyboard)
    [label] = [label for label in buttons(latest) if pattern(key).fullmatch(label)]
    return label


async def _make_therapist(harness: BotHarness, user_id: int, name: str | None = None) -> None:
    await harness.send(ADMIN, "/newtherapist")
    link = invite_link(harness, ADMIN)
    assert harness.sandbox.messages(ADMIN)[-1].kind == "photo"  # the QR code
    text = await _open(harness, user_id, link)
    assert t("therapist.therapist_name_question") in text
    if name is None:
        out = await harness.press(user_id, _label(harness, user_id, "therapist.use_name"))
    else:
        out = await harness.send(user_id, name)
    named = {"name": name} if name is not None else {}
    assert shown(plain(out, harness.sandbox), "therapist.therapist_welcome", **named)


async def _patient_via(harness: BotHarness, therapist: int, patient: int, args: str = "") -> None:
    await harness.send(therapist, f"/invite {args}".strip())
    text = await _open(harness, patient, invite_link(harness, therapist))
    assert shown(text, "therapist.patient_invite_offer")
    out = await harness.press(patient, t("therapist.accept"))
    assert shown(plain(out, harness.sandbox), "therapist.linked")
    await harness.send(patient, "Lisbon")
    last = harness.sandbox.plain_text(harness.sandbox.messages(patient)[-1])
    if t("onboarding.reminder_question") in last:
        await harness.send(patient, "08:00")
        await answer_second_time(harness, patient, None)
    await harness.press(patient, t("onboarding.diabetes_no"))


async def test_whole_invite_journey_and_the_patient_view(harness: BotHarness) -> None:
    harness.sandbox.user(ANN, first_name="Ann", last_name="Lee")
    await _make_therapist(harness, ANN)
    therapist = await _row(harness, Therapist, ANN)
    assert isinstance(therapist, Therapist) and therapist.display_name == "Ann Lee"

    await harness.send(ANN, "/invite gentle 07:30 days=30 uses=2")
    invite_text = plain(harness.sandbox.messages(ANN)[-2:], harness.sandbox)
    details = html("therapist.invite_details_programme", programme="gentle") + html(
        "therapist.invite_details_time", time="07:30"
    )
    assert shown(invite_text, "therapist.invite_made", uses=2, details=details)
    token = LINK_RE.search(invite_text)
    assert token and len(token.group(1)) >= 22  # at least 128 bits
    harness.sandbox.user(P1, first_name="Pia")
    text = await _open(harness, P1, token.group(0))
    assert t("therapist.patient_invite_offer", therapist="Ann Lee") in text
    await harness.press(P1, t("therapist.accept"))
    out = await harness.send(P1, "Lisbon")
    # The invite's reminder time applies: no time question.
    assert shown(plain(out, harness.sandbox), "onboarding.reminder_set", time="07:30")
    await harness.press(P1, t("onboarding.diabetes_no"))
    user = await _row(harness, User, P1)
    assert isinstance(user, User)
    assert (user.therapist_id, user.programme_id, user.consent, user.onboarding_step) == (
        ANN,
        "gentle",
        "given",
        "done",
    )
    schedule = await _row(harness, Schedule, P1)
    assert isinstance(schedule, Schedule) and schedule.times == "07:30"

    out = await harness.send(ANN, "/patients")
    text = plain(out, harness.sandbox)
    assert shown(text, "therapist.patient_line", name="Pia", a7=0)
    out = await harness.press(ANN, t("therapist.buttons.detail", name="Pia"))
    # The programme's title, not its id.
    gentle = content().catalog.programme("gentle").title
    assert shown(plain(out, harness.sandbox), "therapist.detail", name="Pia", programme=gentle)
    out = await harness.press(ANN, t("therapist.buttons.charts"))
    assert out[0].kind == "photo"
    await harness.press(ANN, t("therapist.buttons.message"))
    await harness.send(ANN, "Well done this week!")
    relayed = t("therapist.message_from", therapist="Ann Lee", text="Well done this week!")
    assert relayed in harness.sandbox.plain_text(harness.sandbox.messages(P1)[-1])
    await harness.press_data(ANN, harness.sandbox.messages(ANN)[-3].message_id, f"tp:{P1}:time")
    out = await harness.send(ANN, "18:15")
    assert t("therapist.time_set", name="Pia", time="18:15") in plain(out, harness.sandbox)
    schedule = await _row(harness, Schedule, P1)
    assert isinstance(schedule, Schedule) and schedule.times == "18:15"

    # Patients cannot use therapist or admin commands.
    out = await harness.send(P1, "/patients")
    assert t("therapist.not_therapist") in plain(out, harness.sandbox)
    out = await harness.send(P1, "/newtherapist")
    assert t("therapist.not_admin") in plain(out, harness.sandbox)

    # /unlink: the therapist loses access at once.
    out = await harness.send(P1, "/unlink")
    assert t("therapist.unlinked", therapist="Ann Lee") in plain(out, harness.sandbox)
    out = await harness.press_data(ANN, harness.sandbox.messages(ANN)[-1].message_id, f"tp:{P1}:d")
    assert html("therapist.refused") in (harness.sandbox.callback_answers(ANN)[-1].text or "")
    out = await harness.send(ANN, "/patients")
    assert t("therapist.patients_none") in plain(out, harness.sandbox)


async def test_expired_used_up_revoked_forged_and_declined_links(harness: BotHarness) -> None:
    await _make_therapist(harness, ANN, name="Ann")
    await harness.send(ANN, "/invite")
    single = invite_link(harness, ANN)
    await _open(harness, P1, single)
    await harness.press(P1, t("therapist.accept"))
    # Used up: the same single-use link again.
    text = await _open(harness, P2, single)
    unusable = t("therapist.invite_unusable")
    assert unusable in text and t("onboarding.consent_question") in text  # the normal /start

    # Revoked.
    await harness.send(ANN, "/invite uses=5")
    revoked = invite_link(harness, ANN)
    await harness.send(ANN, "/invites")
    await harness.press(ANN, _label(harness, ANN, "therapist.revoke_button"))
    text = await _open(harness, P2, revoked)
    assert unusable in text

    # Expired.
    await harness.send(ANN, "/invite days=1")
    expiring = invite_link(harness, ANN)
    harness.clock.advance(dt.timedelta(days=2))
    text = await _open(harness, P3, expiring)
    assert unusable in text

    # Declined: nothing linked, the normal start instead.
    await harness.send(ANN, "/invite")
    text = await _open(harness, P4, invite_link(harness, ANN))
    out = await harness.press(P4, t("therapist.decline"))
    assert t("therapist.declined") in plain(out, harness.sandbox)
    user = await _row(harness, User, P4)
    assert isinstance(user, User) and user.therapist_id is None

    # Forged tokens get the same answer, and guessing is throttled: after five misses even a
    # valid link gives nothing away.
    for i in range(5):
        text = await _open(harness, P5, f"https://t.me/toebot_sandbox_bot?start=forged{i}token")
        assert unusable in text
    await harness.send(ANN, "/invite")
    text = await _open(harness, P5, invite_link(harness, ANN))
    assert unusable in text
    user = await _row(harness, User, P5)
    assert isinstance(user, User) and user.therapist_id is None
    # Bad invite arguments get the usage line.
    out = await harness.send(ANN, "/invite banana days=999")
    assert shown(plain(out, harness.sandbox), "therapist.invite_usage")


async def test_alerts_reach_the_right_therapist_and_forged_actions_are_refused(
    harness: BotHarness,
) -> None:
    await _make_therapist(harness, ANN, name="Ann")
    await _make_therapist(harness, BOB, name="Bob")
    await _patient_via(harness, ANN, P1)
    await _patient_via(harness, BOB, P2)
    ann_before, bob_before = len(harness.sandbox.messages(ANN)), len(harness.sandbox.messages(BOB))
    said = "since I woke up this morning my toes have gone black and cold"
    await harness.send(P1, said)
    ann_new = plain(harness.sandbox.messages(ANN)[ann_before:], harness.sandbox)
    # All of what was said, not 40 characters; the level is the code's name for it.
    assert shown(ann_new, "therapist.alert", level="EMERGENCY", text=said)
    assert len(harness.sandbox.messages(BOB)) == bob_before  # Bob hears nothing of Ann's patient

    # Bob tries every patient action on Ann's patient with forged callback data.
    user_before = await _row(harness, User, P1)
    schedule_before = await _row(harness, Schedule, P1)
    msg_id = harness.sandbox.messages(BOB)[-1].message_id
    for action in ["d", "charts", "prog", "prog:default", "time", "pause", "msg", "clear"]:
        before = len(harness.sandbox.messages(BOB))
        await harness.press_data(BOB, msg_id, f"tp:{P1}:{action}")
        assert len(harness.sandbox.messages(BOB)) == before  # nothing shown
        assert html("therapist.refused") in (harness.sandbox.callback_answers(BOB)[-1].text or "")
    await harness.send(BOB, "a message Bob should not be able to relay")
    assert "Bob" not in plain(harness.sandbox.messages(P1)[-1:], harness.sandbox)
    user_after = await _row(harness, User, P1)
    schedule_after = await _row(harness, Schedule, P1)
    assert isinstance(user_after, User) and isinstance(user_before, User)
    assert user_after.programme_id == user_before.programme_id
    assert isinstance(schedule_after, Schedule) and isinstance(schedule_before, Schedule)
    assert (schedule_after.paused, schedule_after.times) == (
        schedule_before.paused,
        schedule_before.times,
    )
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session:
            escalation = (
                await session.scalars(select(Escalation).where(col(Escalation.user_id) == P1))
            ).one()
    finally:
        await engine.dispose()
    assert escalation.cleared_at is None and escalation.therapist_alerted_at is not None

    # Ann can clear the pause for her own patient, once she confirms.
    await harness.press_data(ANN, harness.sandbox.messages(ANN)[-1].message_id, f"tp:{P1}:clear")
    await harness.press(ANN, t("notices.clear.confirm"))
    cleared = harness.sandbox.plain_text(harness.sandbox.messages(ANN)[-1])
    assert shown(cleared, "therapist.cleared")


async def test_export_has_exactly_the_therapists_own_patients(harness: BotHarness) -> None:
    await _make_therapist(harness, ANN, name="Ann")
    await _make_therapist(harness, BOB, name="Bob")
    await _patient_via(harness, ANN, P1)
    await _patient_via(harness, ANN, P2)
    await _patient_via(harness, BOB, P3)
    for patient in (P1, P3):
        await harness.send(patient, "/exercises")
        await harness.press(patient, title("towel-scrunches"))
        await harness.press(patient, t("drills.buttons.start_exercise"))
        await harness.press(patient, t("drills.buttons.next"))
    await harness.send(P2, "/selftest")
    for _ in range(10):
        await harness.press(P2, t("selftest.buttons.alone"))
    out = await harness.send(ANN, "/export")
    document = out[-1]
    assert document.kind == "document" and (document.file_name or "").endswith(".csv")
    rows = list(csv.DictReader(io.StringIO((document.file_bytes or b"").decode())))
    assert {int(r["patient_id"]) for r in rows} == {P1, P2}
    assert sum(r["record"] == "selftest" for r in rows) == 10
    assert any(r["record"] == "session" and int(r["patient_id"]) == P1 for r in rows)


async def test_weekly_digest_and_admin_deactivation(harness: BotHarness) -> None:
    await _make_therapist(harness, ANN, name="Ann")
    await _patient_via(harness, ANN, P1)
    await harness.send(P1, "my toes are numb and tingly")  # routine: digest, not an alert
    assert harness.app is not None
    deps = harness.app.bot_data["deps"]
    harness.clock.advance(dt.timedelta(days=7))
    assert await jobs.send_digests(deps) == 1
    digest = harness.sandbox.plain_text(harness.sandbox.messages(ANN)[-1])
    assert shown(digest, "therapist.digest_header")
    # The level in plain words, never its code name.
    assert shown(digest, "therapist.digest_item", level=t("therapist.levels.routine"))
    assert ": routine (" not in digest
    assert shown(digest, "therapist.digest_inactive")
    assert await jobs.send_digests(deps) == 0  # once a week

    out = await harness.send(ADMIN, "/therapists")
    active = t("therapist.state_active")
    assert shown(plain(out, harness.sandbox), "therapist.therapist_line", name="Ann", state=active)
    await harness.press(ADMIN, t("therapist.deactivate_button", name="Ann"))
    # Confirmed by choosing where her patients go: Ann has no clinic, so they are unlinked.
    await harness.press(ADMIN, t("clinic.unlink_button"))
    out = await harness.send(ANN, "/patients")
    assert t("therapist.not_therapist") in plain(out, harness.sandbox)
    out = await harness.send(BOB, "/therapists")
    assert t("therapist.not_admin") in plain(out, harness.sandbox)
    deactivate_ann = t("therapist.deactivate_button", name="Ann")
    # The list keeps its button (then the question, edited into the answer, and the notice
    # that Ann's patient is unlinked).
    assert buttons(harness.sandbox.messages(ADMIN)[-3]) == [deactivate_ann]
    assert shown(harness.texts(ADMIN)[-2], "clinic.deactivated_unlinked", name="Ann", count=1)
    assert shown(harness.texts(ADMIN)[-1], "clinic.unlinked_notice", name="Ann", count=1)


async def test_old_failed_link_records_are_dropped(harness: BotHarness) -> None:
    from sqlalchemy import func

    from bot.db.models import InviteAttempt
    from bot.services import therapy

    await _open(harness, P1, "https://t.me/toebot_sandbox_bot?start=forgedtoken1")
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session:
            await therapy.forget_attempts(session, before=harness.clock())
            await session.commit()
            assert await session.scalar(select(func.count()).select_from(InviteAttempt)) == 1
            await therapy.forget_attempts(session, before=harness.clock() + dt.timedelta(seconds=1))
            await session.commit()
            assert await session.scalar(select(func.count()).select_from(InviteAttempt)) == 0
    finally:
        await engine.dispose()
