"""The dashboard's JSON API over a real TCP port: Telegram's signed initData (401 for each way
it can be wrong, 403 for a patient), the one access rule (404 for another therapist's patient
and alert, a clinic admin sees their clinic only), every action changing the database with an
audit row and a notice to the patient, the CSV (BOM, local times, escalations), the 30-day
report, and the caseload at 500 patients."""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import aiohttp.web
import pytest
from sqlalchemy import event, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import SQLModel, col

from bot.app import build_application, start_app, stop_app
from bot.clock import FakeClock
from bot.config import Settings
from bot.content import Content
from bot.db.engine import session_factory
from bot.db.models import (
    AuditEntry,
    Clinic,
    DrillSession,
    Escalation,
    PatientNote,
    Prescription,
    Schedule,
    SelfTest,
    SelfTestAnswer,
    Therapist,
    TherapistMessage,
    User,
)
from bot.deps import Deps
from bot.domain.initdata import sign
from bot.domain.notice import Notice, Outcome
from bot.domain.privacy import AuditAction
from bot.inbox.store import Inbox
from bot.sandbox.server import SandboxBotApi
from bot.web.dashboard import pages
from bot.web.server import WebServer
from tests.conftest import T0
from tests.integration.conftest import TOKEN as SANDBOX_TOKEN

TOKEN = "123456:TEST-dashboard-token-abcdefghij"
OTHER_TOKEN = "654321:TEST-another-bots-token-abcdef"
ANA, BEN, CARLA, DORA, ADMIN = 8_100_000_001, 8_100_000_002, 8_100_000_003, 8_100_000_004, 8_1
PAT_A, PAT_B, PAT_D = 8_200_000_001, 8_200_000_002, 8_200_000_004
BERLIN = "Europe/Berlin"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class FakeNotifier:
    """Records every notice; every one is sent."""

    sent: list[Notice] = field(default_factory=list)

    async def send(self, notice: Notice) -> Outcome:
        self.sent.append(notice)
        return Outcome.SENT

    async def send_all(self, notices: Sequence[Notice]) -> list[Outcome]:
        return [await self.send(n) for n in notices]


@dataclass
class Api:
    url: str
    clock: FakeClock
    notifier: FakeNotifier
    engine: AsyncEngine

    def init_data(self, user_id: int, *, token: str = TOKEN, age: int = 10) -> str:
        return sign(
            bot_token=token,
            user={"id": user_id, "first_name": "T"},
            auth_date=self.clock() - dt.timedelta(seconds=age),
        )

    async def call(
        self,
        method: str,
        path: str,
        *,
        as_: int | None = None,
        header: str | None = None,
        json: Any = None,
    ) -> tuple[int, Any, aiohttp.ClientResponse, bytes]:
        headers = {}
        if header is not None:
            headers["Authorization"] = header
        elif as_ is not None:
            headers["Authorization"] = "tma " + self.init_data(as_)
        async with (
            aiohttp.ClientSession() as http,
            http.request(method, self.url + path, headers=headers, json=json) as response,
        ):
            body = await response.read()
            parsed = None
            if response.content_type == "application/json":
                parsed = await response.json()
            return response.status, parsed, response, body

    async def get(self, path: str, as_: int) -> Any:
        status, data, _, _ = await self.call("GET", path, as_=as_)
        assert status == 200, (status, data)
        return data

    async def post(self, path: str, as_: int, json: Any) -> tuple[int, Any]:
        status, data, _, _ = await self.call("POST", path, as_=as_, json=json)
        return status, data


async def _seed(engine: AsyncEngine) -> None:
    now = T0
    async with session_factory(engine)() as s, s.begin():
        s.add(Clinic(id=1, name="North", created_at=now))
        s.add(Clinic(id=2, name="South", created_at=now))
        await s.flush()
        s.add_all(
            [
                Therapist(user_id=ANA, display_name="Ana", timezone=BERLIN, clinic_id=1,
                          created_at=now),
                Therapist(user_id=BEN, display_name="Ben", clinic_id=1, created_at=now),
                Therapist(user_id=CARLA, display_name="Carla", clinic_id=1, clinic_admin=True,
                          created_at=now),
                Therapist(user_id=DORA, display_name="Dora", clinic_id=2, created_at=now),
            ]
        )  # fmt: skip
        await s.flush()
        for pid, therapist, name in ((PAT_A, ANA, "Pia"), (PAT_B, BEN, "Bo"), (PAT_D, DORA, "Di")):
            s.add(_patient(pid, therapist, name, now))
        await s.flush()
        for pid in (PAT_A, PAT_B, PAT_D):
            s.add(Schedule(user_id=pid, times="08:00", created_at=now, updated_at=now,
                           next_due_at=now + dt.timedelta(hours=1)))  # fmt: skip
            s.add(_escalation(pid, now - dt.timedelta(hours=2)))
        # Pia: drills on three days, a self-test.
        for day in (1, 2, 5):
            start = now - dt.timedelta(days=day)
            end = start + dt.timedelta(minutes=9)
            s.add(DrillSession(user_id=PAT_A, programme_id="default", local_day=start.date(),
                               exercises="toe_threading", status="finished", chat_id=PAT_A,
                               started_at=start, ended_at=end))  # fmt: skip
        test = SelfTest(user_id=PAT_A, status="completed", started_at=now - dt.timedelta(days=3),
                        completed_at=now - dt.timedelta(days=3))  # fmt: skip
        s.add(test)
        await s.flush()
        assert test.id is not None
        for foot in ("left", "right"):
            for toe in range(1, 6):
                s.add(SelfTestAnswer(test_id=test.id, foot=foot, toe=toe,
                                     answer="alone" if toe <= 3 else "cannot",
                                     answered_at=now - dt.timedelta(days=3)))  # fmt: skip


def _patient(pid: int, therapist: int, name: str, now: dt.datetime) -> User:
    return User(
        id=pid, chat_id=pid, consent="given", onboarding_step="done", timezone=BERLIN,
        therapist_id=therapist, linked_at=now - dt.timedelta(days=40), display_name=name,
        created_at=now - dt.timedelta(days=40), updated_at=now,
    )  # fmt: skip


def _escalation(pid: int, at: dt.datetime, level: str = "urgent") -> Escalation:
    return Escalation(
        user_id=pid, chat_id=pid, source="text", level=level,
        flags="abnormal_sensation", text="my toes burn", advice="-", created_at=at,
        delivered_at=at, pauses_prompts=True,
    )  # fmt: skip


@pytest.fixture
async def api(
    engine: AsyncEngine, database_url: str, content: Content, clock: FakeClock
) -> AsyncIterator[Api]:
    await _seed(engine)
    settings = Settings(
        telegram_bot_token=TOKEN,
        database_url=database_url,
        background_jobs=False,
        admin_ids=frozenset({ADMIN}),
    )
    notifier = FakeNotifier()
    deps = Deps(
        settings=settings,
        content=content,
        engine=engine,
        sessions=session_factory(engine),
        clock=clock,
        notifier=notifier,
    )

    async def unstored(_updates: Sequence[Any]) -> None:
        return None

    server = WebServer(
        inbox=Inbox(engine),
        engine=engine,
        clock=clock,
        webhook_path=None,
        secret=None,
        on_stored=lambda: None,
        on_unstored=unstored,
        dashboard_deps=deps,
    )
    await server.start("127.0.0.1", 0)
    try:
        yield Api(f"http://127.0.0.1:{server.port}/app/api", clock, notifier, engine)
    finally:
        await server.stop()


async def _audit(engine: AsyncEngine, action: AuditAction, target: int) -> list[AuditEntry]:
    async with session_factory(engine)() as s:
        rows = await s.scalars(
            select(AuditEntry).where(
                col(AuditEntry.action) == action.value, col(AuditEntry.target_user_id) == target
            )
        )
        return list(rows.all())


async def _one(engine: AsyncEngine, model: type[SQLModel], **where: Any) -> Any:
    async with session_factory(engine)() as s:
        query = select(model)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return (await s.scalars(query)).all()


# --- authentication --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("missing", "missing"),
        ("empty", "missing"),
        ("forged_hash", "bad_hash"),
        ("expired", "expired"),
        ("other_bot", "bad_hash"),
        ("bearer", "malformed"),
        ("no_value", "malformed"),
        ("garbage", "malformed"),
    ],
)
async def test_bad_init_data_is_401_with_the_reason(
    api: Api, content: Content, kind: str, reason: str
) -> None:
    good = api.init_data(ANA)
    header = {
        "missing": None,
        "empty": "",
        "forged_hash": "tma " + good[:-4] + ("0000" if not good.endswith("0000") else "1111"),
        "expired": "tma " + api.init_data(ANA, age=3600 + 60),
        "other_bot": "tma " + api.init_data(ANA, token=OTHER_TOKEN),
        "bearer": "Bearer " + good,
        "no_value": "tma ",
        "garbage": "tma a=1&a=2&hash=3",
    }[kind]
    for path in ("/me", "/patients", f"/patients/{PAT_A}"):
        status, data, response, _ = await api.call("GET", path, header=header)
        assert status == 401
        assert data == {
            "error": "unauthorized",
            "reason": reason,
            "message": content.texts.get("dashboard.errors.unauthorized"),
        }
        assert response.headers["Cache-Control"] == "no-store"
    status, data, _, _ = await api.call(
        "POST", f"/patients/{PAT_A}/pause", header=header, json={"paused": True}
    )
    assert status == 401
    async with session_factory(api.engine)() as s:
        schedule = await s.get(Schedule, PAT_A)
        assert schedule is not None and not schedule.paused


async def test_a_forged_user_in_signed_data_is_refused(api: Api) -> None:
    # Ana's signature with Ben's id swapped in: the hash no longer matches.
    forged = api.init_data(ANA).replace(str(ANA), str(BEN))
    status, data, _, _ = await api.call("GET", "/me", header="tma " + forged)
    assert (status, data["reason"]) == (401, "bad_hash")


async def test_a_patient_or_a_stranger_is_403(api: Api, content: Content) -> None:
    message = content.texts.get("dashboard.errors.forbidden")
    for who in (PAT_A, 999_999_999):
        status, data, _, _ = await api.call("GET", "/patients", as_=who)
        assert (status, data) == (403, {"error": "forbidden", "message": message})


async def test_me_names_the_viewer_and_hands_over_the_page_texts(
    api: Api, content: Content
) -> None:
    me = await api.get("/me", ANA)
    assert (me["user_id"], me["name"], me["role"], me["timezone"]) == (
        ANA, "Ana", "therapist", BERLIN,
    )  # fmt: skip
    expected = {k: v for k, v in content.texts.entries.items() if k.startswith("dashboard.")}
    assert me["texts"] == expected
    assert (await api.get("/me", CARLA))["role"] == "clinic_admin"
    admin = await api.get("/me", ADMIN)
    assert (admin["role"], admin["timezone"]) == ("admin", "UTC")


# --- access ----------------------------------------------------------------------------------


async def test_each_viewer_sees_their_own_caseload(api: Api) -> None:
    async def ids(who: int) -> set[int]:
        return {p["id"] for p in (await api.get("/patients", who))["patients"]}

    assert await ids(ANA) == {PAT_A}
    assert await ids(BEN) == {PAT_B}
    # The clinic admin sees the clinic's patients, never the other clinic's.
    assert await ids(CARLA) == {PAT_A, PAT_B}
    assert await ids(ADMIN) == {PAT_A, PAT_B, PAT_D}
    (pia,) = (await api.get("/patients", ANA))["patients"]
    assert pia["open_alerts"] == 1 and pia["score"] == 6 and pia["therapist_name"] == "Ana"
    assert pia["adherence_7"] == 3 and pia["paused"] is False
    assert pia["last_session_label"].endswith(BERLIN)


async def test_another_therapists_patient_and_alert_are_404(api: Api) -> None:
    for path in (f"/patients/{PAT_B}", f"/patients/{PAT_B}/chart.svg",
                 f"/patients/{PAT_B}/export.csv", "/patients/99999999999999999999999",
                 "/patients/123"):  # fmt: skip
        status, data, _, _ = await api.call("GET", path, as_=ANA)
        assert (status, data) == (404, {"error": "not_found"}), path
    (bo_alert,) = await _one(api.engine, Escalation, user_id=PAT_B)
    for path, body in (
        (f"/patients/{PAT_B}/pause", {"paused": True}),
        (f"/patients/{PAT_B}/notes", {"text": "x"}),
        (f"/patients/{PAT_B}/clear", {"escalation_id": bo_alert.id, "confirm": True}),
        (f"/alerts/{bo_alert.id}/ack", {}),
    ):
        assert await api.post(path, ANA, body) == (404, {"error": "not_found"}), path
    (still,) = await _one(api.engine, Escalation, user_id=PAT_B)
    assert still.acknowledged_at is None and still.cleared_at is None
    assert await _one(api.engine, PatientNote, patient_id=PAT_B) == []
    # The other clinic's admin sees nothing of this clinic either.
    assert await api.post(f"/alerts/{bo_alert.id}/ack", DORA, {}) == (
        404, {"error": "not_found"},
    )  # fmt: skip
    # An alert of one's own patient cannot be cleared under another patient's id.
    status, _ = await api.post(
        f"/patients/{PAT_A}/clear", ANA, {"escalation_id": bo_alert.id, "confirm": True}
    )
    assert status == 404


async def test_alerts_and_acknowledgement_are_shared_with_colleagues(api: Api) -> None:
    alerts = (await api.get("/alerts", CARLA))["alerts"]
    assert {a["patient_id"] for a in alerts} == {PAT_A, PAT_B}
    first = next(a for a in alerts if a["patient_id"] == PAT_B)
    assert first["flags"] and "abnormal_sensation" not in first["flags"]
    assert first["text"] == "my toes burn" and first["acknowledged"] is False
    assert first["created_label"].endswith("UTC")  # Carla has no zone yet
    status, data = await api.post(f"/alerts/{first['id']}/ack", CARLA, {})
    assert status == 200 and data["ok"] and data["acknowledged_by_name"] == "Carla"
    # Ben sees that Carla took it on; his own second press keeps her name.
    (mine,) = (await api.get("/alerts", BEN))["alerts"]
    assert mine["acknowledged"] and mine["acknowledged_by_name"] == "Carla"
    _, again = await api.post(f"/alerts/{first['id']}/ack", BEN, {})
    assert again["acknowledged_by_name"] == "Carla"
    (row,) = await _one(api.engine, Escalation, id=first["id"])
    assert row.acknowledged_by == CARLA
    assert len(await _audit(api.engine, AuditAction.ALERT_ACKNOWLEDGED, PAT_B)) == 1


# --- actions ---------------------------------------------------------------------------------


async def test_patient_detail_is_shown_in_the_viewers_zone_and_audited(api: Api) -> None:
    data = await api.get(f"/patients/{PAT_A}", ANA)
    assert data["patient"]["name"] == "Pia"
    assert data["schedule"] == {
        "times": ["08:00"], "timezone": BERLIN, "paused": False, "stopped": False,
        "weekdays": 127,
    }  # fmt: skip
    assert {o["id"] for o in data["programme"]["options"]} >= {"default", "gentle"}
    assert [t["score"] for t in data["selftests"]] == [6]
    assert len(data["sessions"]) == 3 and data["sessions"][0]["at"].endswith("+01:00")
    assert data["open_pauses"][0]["level"] == "urgent"
    assert data["escalations"][0]["at_label"].endswith(BERLIN)
    assert await _audit(api.engine, AuditAction.PATIENT_VIEWED, PAT_A)
    status, _, response, body = await api.call("GET", f"/patients/{PAT_A}/chart.svg", as_=ANA)
    assert status == 200 and response.content_type == "image/svg+xml"
    assert body.startswith(b"<svg") and b"polyline" in body


async def test_each_action_changes_the_database_audits_and_tells_the_patient(api: Api) -> None:
    sent = api.notifier.sent
    assert await api.post(f"/patients/{PAT_A}/programme", ANA, {"programme_id": "gentle"}) == (
        200, {"ok": True, "changed": True, "programme_id": "gentle"},
    )  # fmt: skip
    (pia,) = await _one(api.engine, User, id=PAT_A)
    assert pia.programme_id == "gentle"
    assert await _audit(api.engine, AuditAction.PROGRAMME_SET, PAT_A)
    assert len(sent) == 1 and sent[0].chat_id == PAT_A

    status, data = await api.post(f"/patients/{PAT_A}/times", ANA, {"times": ["07:30", "19:00"]})
    assert (status, data["times"]) == (200, ["07:30", "19:00"])
    (schedule,) = await _one(api.engine, Schedule, user_id=PAT_A)
    assert schedule.times == "07:30,19:00"
    assert await _audit(api.engine, AuditAction.TIME_SET, PAT_A)
    assert len(sent) == 2

    assert await api.post(f"/patients/{PAT_A}/pause", ANA, {"paused": True}) == (
        200, {"ok": True, "paused": True},
    )  # fmt: skip
    (schedule,) = await _one(api.engine, Schedule, user_id=PAT_A)
    assert schedule.paused
    assert await _audit(api.engine, AuditAction.REMINDERS_PAUSED, PAT_A)
    # The same state again changes nothing and tells nobody.
    await api.post(f"/patients/{PAT_A}/pause", ANA, {"paused": True})
    assert len(sent) == 3

    (alert,) = await _one(api.engine, Escalation, user_id=PAT_A)
    assert await api.post(f"/patients/{PAT_A}/clear", ANA, {"escalation_id": alert.id}) == (
        400, {"error": "bad_request", "field": "confirm"},
    )  # fmt: skip
    (alert,) = await _one(api.engine, Escalation, user_id=PAT_A)
    assert alert.cleared_at is None
    status, data = await api.post(
        f"/patients/{PAT_A}/clear", ANA, {"escalation_id": alert.id, "confirm": True}
    )
    assert (status, data) == (200, {"ok": True, "cleared": True})
    (alert,) = await _one(api.engine, Escalation, user_id=PAT_A)
    assert alert.cleared_by == ANA
    assert await _audit(api.engine, AuditAction.PAUSE_CLEARED, PAT_A)
    assert len(sent) == 4

    status, data = await api.post(f"/patients/{PAT_A}/message", ANA, {"text": "Well done!"})
    assert status == 200 and data["delivered"]
    (message,) = await _one(api.engine, TherapistMessage, patient_id=PAT_A)
    assert (message.direction, message.text, message.therapist_id) == (
        "to_patient", "Well done!", ANA,
    )  # fmt: skip
    assert message.delivered_at is not None
    assert await _audit(api.engine, AuditAction.MESSAGE_SENT, PAT_A)
    assert len(sent) == 5 and "Well done!" in sent[-1].text and sent[-1].buttons

    status, _ = await api.post(f"/patients/{PAT_A}/notes", ANA, {"text": "Knee surgery 2024"})
    assert status == 200
    (note,) = await _one(api.engine, PatientNote, patient_id=PAT_A)
    assert (note.text, note.author_id) == ("Knee surgery 2024", ANA)
    assert await _audit(api.engine, AuditAction.NOTE_ADDED, PAT_A)
    assert len(sent) == 5  # a private note tells the patient nothing

    exercise = next(iter((await api.get(f"/patients/{PAT_A}", ANA))["library"]))
    item = {"exercise_id": exercise["id"], "feet": "both", "repetitions": 8,
            "times_per_day": 1, "days_per_week": 5}  # fmt: skip
    status, data = await api.post(f"/patients/{PAT_A}/prescription", ANA, {"items": [item]})
    assert (status, data) == (200, {"ok": True, "items": 1})
    (row,) = await _one(api.engine, Prescription, patient_id=PAT_A)
    assert (row.exercise_id, row.repetitions, row.days_per_week) == (exercise["id"], 8, 5)
    assert await _audit(api.engine, AuditAction.PRESCRIPTION_SET, PAT_A)
    assert len(sent) == 6

    detail = await api.get(f"/patients/{PAT_A}", ANA)
    assert [m["text"] for m in detail["messages"]] == ["Well done!"]
    assert [n["author_name"] for n in detail["notes"]] == ["Ana"]
    assert detail["open_pauses"] == [] and detail["schedule"]["paused"] is True


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("programme", {"programme_id": "nope"}, "programme_id"),
        ("programme", [], "body"),
        ("times", {"times": ["25:00"]}, "times"),
        ("times", {"times": []}, "times"),
        ("times", {"times": ["07:00", "08:00", "09:00", "10:00"]}, "times"),
        ("pause", {"paused": "yes"}, "paused"),
        ("clear", {"escalation_id": True, "confirm": True}, "escalation_id"),
        ("message", {"text": ""}, "text"),
        ("message", {"text": "x" * 5000}, "text"),
        ("notes", {"text": 5}, "text"),
        ("prescription", {"items": [{"exercise_id": "nope"}]}, "exercise_id"),
        ("prescription", {"items": [{"exercise_id": "x", "feet": "top"}]}, "feet"),
    ],
)
async def test_bad_input_is_400_and_changes_nothing(
    api: Api, path: str, body: Any, field: str
) -> None:
    status, data = await api.post(f"/patients/{PAT_A}/{path}", ANA, body)
    assert (status, data) == (400, {"error": "bad_request", "field": field})
    (pia,) = await _one(api.engine, User, id=PAT_A)
    (schedule,) = await _one(api.engine, Schedule, user_id=PAT_A)
    assert (pia.programme_id, schedule.times, schedule.paused) == ("default", "08:00", False)
    assert api.notifier.sent == []


async def test_a_body_that_is_not_json_is_400(api: Api) -> None:
    async with (
        aiohttp.ClientSession() as http,
        http.post(
            f"{api.url}/patients/{PAT_A}/notes",
            data=b"{not json",
            headers={"Authorization": "tma " + api.init_data(ANA)},
        ) as response,
    ):
        assert response.status == 400
        assert await response.json() == {"error": "bad_request", "field": "body"}


async def test_a_huge_body_is_refused_before_it_is_read(api: Api) -> None:
    status, _ = await api.post(f"/patients/{PAT_A}/notes", ANA, {"text": "x" * (2 << 20)})
    assert status == 413
    assert await _one(api.engine, PatientNote, patient_id=PAT_A) == []


async def test_times_for_a_patient_without_a_zone_wait_for_it(api: Api) -> None:
    async with session_factory(api.engine)() as s, s.begin():
        pia = await s.get(User, PAT_A)
        assert pia is not None
        pia.timezone = None
    status, data = await api.post(f"/patients/{PAT_A}/times", ANA, {"times": ["06:45"]})
    assert (status, data) == (200, {"ok": True, "times": ["06:45"], "kept_for_later": True})
    (pia,) = await _one(api.engine, User, id=PAT_A)
    assert pia.invited_time == "06:45"
    assert await _audit(api.engine, AuditAction.TIME_SET, PAT_A)
    assert api.notifier.sent == []


# --- export and report -----------------------------------------------------------------------


async def test_the_csv_has_a_bom_local_times_and_escalations(api: Api) -> None:
    status, _, response, body = await api.call("GET", "/export.csv", as_=ANA)
    assert status == 200 and response.content_type == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    header, *rows = text.splitlines()
    assert f"started_at ({BERLIN})" in header
    kinds = {row.split(",")[0] for row in rows}
    assert kinds == {"session", "selftest", "escalation"}
    escalation = next(r for r in rows if r.startswith("escalation"))
    # 07:00 UTC is 08:00 in Berlin in November.
    assert "2026-11-23T08:00+01:00" in escalation and "urgent" in escalation
    assert "abnormal_sensation" not in escalation
    assert all(str(PAT_B) not in r for r in rows)
    async with session_factory(api.engine)() as s:
        exported = await s.scalars(
            select(AuditEntry).where(col(AuditEntry.action) == AuditAction.EXPORTED.value)
        )
        assert [(e.actor_id, e.detail) for e in exported] == [(ANA, "1 patients")]
    status, _, _, one = await api.call("GET", f"/patients/{PAT_A}/export.csv", as_=ANA)
    assert status == 200 and one.startswith(b"\xef\xbb\xbf")


async def test_the_report_counts_days_with_data_per_30_day_period(api: Api) -> None:
    data = await api.get("/report?period_end=2026-11-23", ANA)
    (pia,) = data["patients"]
    # The first exercise day (drills 5, 3 (self-test), 2, 1 days ago) starts the first period.
    start = (T0 - dt.timedelta(days=5)).date()
    assert pia["periods"] == [
        {"start": start.isoformat(), "end": "2026-11-23", "days_with_data": 4,
         "complete": False},
    ]  # fmt: skip
    later = await api.get("/report?period_end=2027-01-10", ANA)
    periods = later["patients"][0]["periods"]
    assert [p["days_with_data"] for p in periods] == [4, 0]
    assert periods[0]["complete"] and not periods[1]["complete"]
    for bad in ("2026-13-01", "yesterday", "2026-1-1"):
        status, body, _, _ = await api.call("GET", f"/report?period_end={bad}", as_=ANA)
        assert (status, body) == (400, {"error": "bad_request", "field": "period_end"})
    status, _, _, csv = await api.call("GET", "/report.csv?period_end=2026-11-23", as_=ANA)
    assert status == 200 and csv.startswith(b"\xef\xbb\xbf")
    assert b"days_with_data" in csv and f"{PAT_A},Pia".encode() in csv


# --- size ------------------------------------------------------------------------------------


async def test_the_caseload_answers_fast_at_500_patients(api: Api) -> None:
    now, base = T0, 8_300_000_000
    users, schedules, drills = [], [], []
    for i in range(500):
        pid = base + i
        users.append(_patient(pid, ANA, f"Patient {i:03d}", now).model_dump())
        schedules.append({"user_id": pid, "times": "08:00", "weekdays": 127, "paused": i % 7 == 0,
                          "stopped": False, "created_at": now, "updated_at": now})  # fmt: skip
        for day in range(0, 28, 3):
            at = now - dt.timedelta(days=day)
            drills.append({"user_id": pid, "programme_id": "default", "local_day": at.date(),
                           "exercises": "toe_threading", "exercise_index": 0, "step_index": 0,
                           "seq": 0, "status": "finished", "chat_id": pid, "started_at": at,
                           "ended_at": at})  # fmt: skip
    async with session_factory(api.engine)() as s, s.begin():
        await s.execute(insert(User), users)
        await s.execute(insert(Schedule), schedules)
        await s.execute(insert(DrillSession), drills)
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(str(args[2])[:40])

    event.listen(api.engine.sync_engine, "before_cursor_execute", count)
    try:
        data = await api.get("/patients", ANA)
    finally:
        event.remove(api.engine.sync_engine, "before_cursor_execute", count)
    assert len(data["patients"]) == 501
    assert sum(1 for p in data["patients"] if p["paused"]) == len(range(0, 500, 7))
    # A fixed number of statements, not one or more per patient (15 when written: the
    # viewer, the patients, the figures per chunk of 500, the names). Its speed is a figure
    # in the README (about 0.4 s on a busy machine), not a timed assertion here.
    assert len(statements) <= 20, statements


# --- pages -----------------------------------------------------------------------------------


def test_static_files_resolve_inside_the_folder_only(tmp_path: Path) -> None:
    (tmp_path / "app.css").write_text("body{}")
    (tmp_path.parent / "secret.txt").write_text("no")
    assert pages._file(tmp_path, "app.css") == (tmp_path / "app.css").resolve()
    for name in ("../secret.txt", "..", ".", "/etc/passwd", "a/../../secret.txt", "missing.js",
                 "..%2Fsecret.txt", ""):  # fmt: skip
        assert pages._file(tmp_path, name) is None, name


async def test_pages_and_static_refuse_traversal(api: Api) -> None:
    base = api.url.removesuffix("/api")
    async with aiohttp.ClientSession() as http:
        for path in ("/static/..%2F..%2Fserver.py", "/static/%2e%2e%2fserver.py",
                     "/patient/abc", "/static/nope.js"):  # fmt: skip
            async with http.get(base + path) as response:
                assert response.status == 404, path
        async with http.get(base, allow_redirects=False) as response:
            assert response.status == 308 and response.headers["Location"] == "/app/"


async def test_an_unknown_api_path_is_a_json_404(api: Api) -> None:
    status, data, _, _ = await api.call("GET", "/nothing/here", as_=ANA)
    assert (status, data) == (404, {"error": "not_found"})


async def test_with_polling_the_server_starts_for_the_dashboard_when_webapp_url_is_set(
    database_url: str, clock: FakeClock, sandbox: SandboxBotApi
) -> None:
    port = free_port()
    settings = Settings(
        telegram_bot_token=SANDBOX_TOKEN,
        telegram_api_url=sandbox.base_url,
        database_url=database_url,
        background_jobs=False,
        webapp_url=f"http://127.0.0.1:{port}/app/",
        listen_host="127.0.0.1",
        port=port,
    )
    app = build_application(settings, clock=clock)
    await start_app(app, poll_timeout=0)
    try:
        signed = sign(bot_token=SANDBOX_TOKEN, user={"id": 5, "first_name": "S"}, auth_date=clock())
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                assert response.status == 200
            async with http.get(f"http://127.0.0.1:{port}/app/api/me") as response:
                assert response.status == 401
            me = f"http://127.0.0.1:{port}/app/api/me"
            async with http.get(me, headers={"Authorization": f"tma {signed}"}) as response:
                assert response.status == 403  # a stranger, validated with this bot's token
    finally:
        await stop_app(app)


async def test_each_page_serves_its_shell_and_a_missing_one_the_404_page(tmp_path: Path) -> None:
    for name in ("caseload", "alerts", "patient"):
        (tmp_path / f"{name}.html").write_text(f"<p>{name}</p>")
    (tmp_path / "404.html").write_text("<p>gone</p>")
    (tmp_path / "app.js").write_text("1;")
    app = aiohttp.web.Application()
    pages.add_routes(app, tmp_path)
    runner = aiohttp.web.AppRunner(app)
    await runner.setup()
    await aiohttp.web.TCPSite(runner, "127.0.0.1", 0).start()
    base = f"http://127.0.0.1:{runner.addresses[0][1]}"
    try:
        async with aiohttp.ClientSession() as http:
            for path, body in (("/app/", "caseload"), ("/app/alerts", "alerts"),
                               ("/app/patient/42", "patient")):  # fmt: skip
                async with http.get(base + path) as response:
                    assert response.status == 200 and response.content_type == "text/html"
                    assert await response.text() == f"<p>{body}</p>"
            # No export.html in this folder: the 404 page, with its status.
            async with http.get(base + "/app/export") as response:
                assert (response.status, await response.text()) == (404, "<p>gone</p>")
            async with http.get(base + "/app/static/app.js") as response:
                assert response.status == 200 and "javascript" in response.content_type
    finally:
        await runner.cleanup()


async def test_a_new_therapist_never_sees_the_old_therapists_thread(api: Api) -> None:
    # Di was Dora's patient (clinic 2), wrote with her, unlinked and joined Ben (clinic 1).
    async with session_factory(api.engine)() as s, s.begin():
        di = await s.get(User, PAT_D)
        assert di is not None
        thread = (
            (DORA, "to_patient", "old: from Dora", dt.timedelta(days=3)),
            (DORA, "to_therapist", "old: to Dora", dt.timedelta(days=2)),
            (BEN, "to_patient", "new: from Ben", dt.timedelta(hours=1)),
        )
        for therapist, direction, text, ago in thread:
            s.add(
                TherapistMessage(
                    patient_id=PAT_D, therapist_id=therapist, direction=direction, text=text,
                    created_at=T0 - ago,
                )
            )  # fmt: skip
        di.therapist_id, di.linked_at = BEN, T0 - dt.timedelta(days=1)

    async def shown(viewer: int) -> list[str]:
        return [m["text"] for m in (await api.get(f"/patients/{PAT_D}", viewer))["messages"]]

    assert await shown(BEN) == ["new: from Ben"]
    # Ben's clinic admin sees her clinic's messages only, never the other clinic's.
    assert await shown(CARLA) == ["new: from Ben"]
    # The bot's admin sees the whole thread.
    assert await shown(ADMIN) == ["old: from Dora", "old: to Dora", "new: from Ben"]
    # Dora no longer sees Di at all.
    status, _, _, _ = await api.call("GET", f"/patients/{PAT_D}", as_=DORA)
    assert status == 404
