"""Patients' data rights end to end: /mydata sends everything as JSON and CSV; /delete and
withdrawing consent go through a confirmation bound to the user, erase exactly that user's
rows (counted per table) and tell the therapist in one sentence; admins read /audit; bad
callback data and double taps are answered quietly; export cells are never formulas."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from bot.clock import FakeClock
from bot.db.engine import create_engine, session_factory
from bot.db.models import AuditEntry, User
from bot.domain.privacy import AuditAction
from bot.services import data_requests
from tests.e2e.content import shown, t, title
from tests.e2e.harness import BotHarness, running_harness
from tests.e2e.test_therapists import ADMIN, ANN, _make_therapist, _patient_via

P1, P2 = 9_300_000_001, 9_300_000_002
EMPTY_OF_HEALTH = ("schedules", "drill_sessions", "step_events", "self_tests")


@pytest.fixture
async def harness(database_url: str, clock: FakeClock) -> AsyncIterator[BotHarness]:
    async with running_harness(database_url, clock, admin_ids=frozenset({ADMIN})) as h:
        yield h


def _text(harness: BotHarness, key: str, **values: object) -> str:
    assert harness.app is not None
    return str(harness.app.bot_data["deps"].text(key, **values))


def _plain(harness: BotHarness, key: str, **values: object) -> str:
    return harness.sandbox.plain_text(_text(harness, key, **values))


async def _counts(harness: BotHarness, user_id: int) -> dict[str, int]:
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session:
            return await data_requests.row_counts(session, user_id=user_id)
    finally:
        await engine.dispose()


async def _audit(harness: BotHarness) -> list[AuditEntry]:
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session:
            return list((await session.scalars(select(AuditEntry))).all())
    finally:
        await engine.dispose()


async def _user(harness: BotHarness, user_id: int) -> User | None:
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session:
            return await session.get(User, user_id)
    finally:
        await engine.dispose()


async def _active_patient(harness: BotHarness, user_id: int) -> None:
    """A patient of Ann's with a drill step, a full self-test and a reported warning sign."""
    await _patient_via(harness, ANN, user_id)
    await harness.send(user_id, "/exercises")
    await harness.press(user_id, title("towel-scrunches"))
    await harness.press(user_id, t("drills.buttons.start_exercise"))
    await harness.press(user_id, t("drills.buttons.next"))
    await harness.send(user_id, "/selftest")
    for _ in range(10):
        await harness.press(user_id, t("selftest.buttons.alone"))
    await harness.send(user_id, "my toes are numb and tingly")


def _keyboard_data(harness: BotHarness, user_id: int, label: str) -> tuple[int, str]:
    for message in reversed(harness.sandbox.messages(user_id)):
        for row in message.keyboard:
            for text, data in row:
                if text == label and data:
                    return message.message_id, data
    raise AssertionError(f"no button {label!r}")


async def test_mydata_sends_everything_as_json_and_csv(harness: BotHarness) -> None:
    await _make_therapist(harness, ANN, name="Ann")
    await _active_patient(harness, P1)
    out = await harness.send(P1, "/mydata")
    documents = [m for m in out if m.kind == "document"]
    assert [(d.file_name or "").rsplit(".", 1)[-1] for d in documents] == ["json", "csv"]
    data = json.loads((documents[0].file_bytes or b"").decode())
    assert data["profile"]["id"] == P1 and data["profile"]["therapist_id"] == ANN
    assert data["schedule"]["times"] == "08:00"
    assert data["sessions"] and data["sessions"][0]["step_events"]
    assert [len(t["answers"]) for t in data["self_tests"]] == [10]
    assert {a["answer"] for a in data["self_tests"][0]["answers"]} == {"alone"}
    assert [e["level"] for e in data["escalations"]] == ["routine"]
    assert [c["given"] for c in data["consent_history"]] == [True]
    assert "prompts" in data and "checkins" in data
    rows = list(csv.DictReader(io.StringIO((documents[1].file_bytes or b"").decode())))
    sections = {r["section"] for r in rows}
    assert {"profile", "sessions", "sessions.step_events", "self_tests.answers"} <= sections
    assert any(r["section"] == "escalations" and r["field"] == "level" for r in rows)
    assert documents[1].caption == _plain(harness, "privacy.mydata_csv_caption")
    assert any(
        e.action == AuditAction.DATA_REQUESTED.value and e.actor_id == P1
        for e in await _audit(harness)
    )
    # Someone the bot never met has nothing stored.
    out = await harness.send(P2, "/mydata")
    assert harness.sandbox.plain_text(out[-1]) == _plain(harness, "privacy.mydata_none")


async def test_delete_erases_exactly_that_patient_after_their_own_confirmation(
    harness: BotHarness,
) -> None:
    await _make_therapist(harness, ANN, name="Ann")
    harness.sandbox.user(P1, first_name="Pia")
    await _active_patient(harness, P1)
    await _active_patient(harness, P2)
    ann_before = len(harness.sandbox.messages(ANN))
    before_p1, before_p2 = await _counts(harness, P1), await _counts(harness, P2)
    assert all(before_p1[t] > 0 for t in (*EMPTY_OF_HEALTH, "users", "escalations"))

    # Cancel changes nothing.
    await harness.send(P1, "/delete")
    await harness.press(P1, _text(harness, "privacy.cancel"))
    assert await _counts(harness, P1) == before_p1
    # A confirmation that has expired changes nothing.
    await harness.send(P1, "/delete")
    message_id, data = _keyboard_data(harness, P1, _text(harness, "privacy.delete_yes"))
    harness.clock.advance(dt.timedelta(minutes=16))
    await harness.press_data(P1, message_id, data)
    assert harness.sandbox.callback_answers(P1)[-1].text == _text(harness, "common.button_expired")
    assert await _counts(harness, P1) == before_p1
    # Another user pressing P1's real button changes nothing either (P1's stays pending).
    await harness.send(P1, "/delete")
    message_id, data = _keyboard_data(harness, P1, _text(harness, "privacy.delete_yes"))
    await harness.press_data(P2, harness.sandbox.messages(P2)[-1].message_id, data)
    assert harness.sandbox.callback_answers(P2)[-1].text == _text(harness, "common.button_expired")
    assert await _counts(harness, P1) == {**before_p1, "confirmations": 1}

    await harness.press_data(P1, message_id, data)
    assert harness.sandbox.plain_text(harness.sandbox.messages(P1)[-1]) == _plain(
        harness, "privacy.deleted"
    )
    assert set((await _counts(harness, P1)).values()) == {0}
    assert await _counts(harness, P2) == before_p2  # the other patient is untouched
    told = harness.sandbox.messages(ANN)[ann_before:]
    assert [harness.sandbox.plain_text(m) for m in told] == [
        _plain(harness, "privacy.patient_left", name="Pia")
    ]
    entries = await _audit(harness)
    assert all(P1 not in (e.actor_id, e.target_user_id) for e in entries)
    erased = [e for e in entries if e.action == AuditAction.RECORD_ERASED.value]
    assert [(e.actor_id, e.target_user_id, e.detail) for e in erased] == [(None, None, "request")]
    # A second press of the same button: answered, nothing else happens.
    await harness.press_data(P1, message_id, data)
    assert harness.sandbox.callback_answers(P1)[-1].text == _text(harness, "common.button_expired")


async def test_withdrawing_consent_from_settings_stops_storing(harness: BotHarness) -> None:
    await _make_therapist(harness, ANN, name="Ann")
    harness.sandbox.user(P1, first_name="Pia")
    await _active_patient(harness, P1)
    await _active_patient(harness, P2)
    before_p2 = await _counts(harness, P2)
    ann_before = len(harness.sandbox.messages(ANN))
    await harness.send(P1, "/settings")
    out = await harness.press(P1, _text(harness, "reminders.buttons.withdraw"))
    assert harness.sandbox.plain_text(out[-1]) == _plain(harness, "privacy.withdraw_question")
    await harness.press(P1, _text(harness, "privacy.withdraw_yes"))
    assert harness.sandbox.plain_text(harness.sandbox.messages(P1)[-1]) == _plain(
        harness, "privacy.withdrawn"
    )
    after = await _counts(harness, P1)
    assert after["users"] == 1 and after["consent_events"] == 2
    assert all(n == 0 for t, n in after.items() if t not in {"users", "consent_events"})
    user = await _user(harness, P1)
    assert user is not None and (user.consent, user.therapist_id, user.timezone) == (
        "refused",
        None,
        None,
    )
    assert await _counts(harness, P2) == before_p2
    told = [harness.sandbox.plain_text(m) for m in harness.sandbox.messages(ANN)[ann_before:]]
    assert told == [_plain(harness, "privacy.patient_left", name="Pia")]
    # Nothing more is stored: a warning sign is still answered, but not kept.
    await harness.send(P1, "my toes are numb and tingly")
    await harness.send(P1, "/today")
    assert (await _counts(harness, P1))["escalations"] == 0
    assert (await _counts(harness, P1))["drill_sessions"] == 0


async def test_admins_read_the_audit_log_in_pages(harness: BotHarness) -> None:
    await _make_therapist(harness, ANN, name="Ann")
    await _patient_via(harness, ANN, P1)
    await harness.send(ANN, "/patients")
    await harness.press_data(ANN, harness.sandbox.messages(ANN)[-1].message_id, f"tp:{P1}:d")
    for _ in range(15):
        await harness.send(ANN, "/invite")
    out = await harness.send(ANN, "/audit")
    assert harness.sandbox.plain_text(out[-1]) == _plain(harness, "therapist.not_admin")
    out = await harness.send(ADMIN, "/audit")
    first = harness.sandbox.plain_text(out[-1])
    assert shown(first, "privacy.audit_line", action=AuditAction.INVITE_CREATED.value)
    out = await harness.press(ADMIN, _text(harness, "privacy.audit_older"))
    second = harness.sandbox.plain_text(out[-1])
    assert AuditAction.PATIENT_VIEWED.value in second and str(P1) in second
    # A forged page press from a non-admin is refused.
    await harness.press_data(ANN, harness.sandbox.messages(ANN)[-1].message_id, "au:0")
    assert harness.sandbox.callback_answers(ANN)[-1].text == _text(harness, "therapist.not_admin")


async def test_bad_callback_numbers_and_double_taps_are_answered_quietly(
    harness: BotHarness,
) -> None:
    await _make_therapist(harness, ANN, name="Ann")
    await _patient_via(harness, ANN, P1)
    error = _plain(harness, "common.error")
    message_id = harness.sandbox.messages(ANN)[-1].message_id
    for data in ("tp:99999999999999999999:d", "tp:9999999999999999:d", "pr:99999999999:s"):
        before = len(harness.sandbox.messages(ANN))
        await harness.press_data(ANN, message_id, data)
        assert harness.sandbox.callback_answers(ANN)[-1].text == _text(
            harness, "common.button_expired"
        )
        assert len(harness.sandbox.messages(ANN)) == before
    # A double tap on "Done" under the weekdays: the second edit would change nothing.
    await harness.send(P1, "/settings")
    await harness.press(P1, _text(harness, "reminders.buttons.days"))
    message_id, data = _keyboard_data(harness, P1, _text(harness, "reminders.buttons.days_done"))
    await harness.press_data(P1, message_id, data)
    await harness.press_data(P1, message_id, data)
    assert error not in [harness.sandbox.plain_text(m) for m in harness.sandbox.messages(P1)]
    assert len(harness.sandbox.callback_answers(P1)) >= 2


async def test_export_cells_are_never_formulas(harness: BotHarness) -> None:
    await _make_therapist(harness, ANN, name="Ann")
    names = {P1: '=HYPERLINK("http://evil.example","x")', P2: " @SUM(A1)"}
    for patient, name in names.items():
        harness.sandbox.user(patient, first_name=name)
        await _patient_via(harness, ANN, patient)
        await harness.send(patient, "/exercises")
        await harness.press(patient, title("towel-scrunches"))
        await harness.press(patient, t("drills.buttons.start_exercise"))
        await harness.press(patient, t("drills.buttons.next"))
    out = await harness.send(ANN, "/export")
    rows = list(csv.DictReader(io.StringIO((out[-1].file_bytes or b"").decode())))
    cells = {int(r["patient_id"]): r["patient"] for r in rows}
    assert cells == {patient: "'" + name for patient, name in names.items()}
