"""The dashboard's JSON API under `/app/api/` (the contract's routes), every call already
authenticated by `bot.web.dashboard.auth`.

Each handler opens one transaction, checks the patient or alert through the one access rule
(`bot.services.dashboard.patient_for`, `bot.services.clinics.acknowledge`): what the viewer
may not see is 404, never revealed. Bad input is 400 with the field and changes nothing.
Actions reuse the chat's services and are audited there; once the change is committed the
patient is told through the one delivery path (`bot.delivery.changes`,
`bot.delivery.messages`). Times are in the viewer's zone, labelled. No text a person wrote
is logged.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from typing import Any

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Escalation, User
from bot.delivery import messages as message_delivery
from bot.delivery.changes import tell_patient_of_change
from bot.deps import Deps
from bot.domain import rtm, scheduling, timefmt
from bot.domain.changes import Change
from bot.domain.checkin import ITEMS, RETIRED
from bot.domain.prescription import PrescriptionError, PrescriptionItem
from bot.services import clinics, dashboard, prescriptions
from bot.services.access import Viewer
from bot.web.dashboard import chart, present
from bot.web.dashboard.auth import DEPS, error, viewer_of

__all__ = ["add_routes"]

log = logging.getLogger(__name__)

# Ids in paths are BIGINT in the database; a longer number names nobody.
MAX_ID = 2**63 - 1
MAX_ALERTS = 300
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class NotFound(Exception):
    """What this viewer may not see, or what is not there (404, never revealed)."""


class BadRequest(Exception):
    """Input the API refuses (400), naming the field."""

    def __init__(self, field: str) -> None:
        super().__init__(field)
        self.field = field


def add_routes(app: web.Application) -> None:
    """The API's routes, relative to the sub-application's `/app/api/` prefix."""
    pid = "{patient_id:\\d+}"
    app.router.add_get("/me", _guard(me))
    app.router.add_get("/patients", _guard(patients))
    app.router.add_get("/alerts", _guard(alerts))
    app.router.add_post("/alerts/{alert_id:\\d+}/ack", _guard(acknowledge))
    app.router.add_get(f"/patients/{pid}", _guard(patient))
    app.router.add_get(f"/patients/{pid}/chart.svg", _guard(patient_chart))
    app.router.add_post(f"/patients/{pid}/programme", _guard(set_programme))
    app.router.add_post(f"/patients/{pid}/times", _guard(set_times))
    app.router.add_post(f"/patients/{pid}/pause", _guard(set_pause))
    app.router.add_post(f"/patients/{pid}/clear", _guard(clear_pause))
    app.router.add_post(f"/patients/{pid}/message", _guard(send_message))
    app.router.add_post(f"/patients/{pid}/notes", _guard(add_note))
    app.router.add_post(f"/patients/{pid}/prescription", _guard(set_prescription))
    app.router.add_get("/export.csv", _guard(export_all))
    app.router.add_get(f"/patients/{pid}/export.csv", _guard(export_one))
    app.router.add_get("/report", _guard(report))
    app.router.add_get("/report.csv", _guard(report_csv))


def _guard(handler: Handler) -> Handler:
    """Bad input anywhere in a handler is one 400 naming the field, a patient this viewer
    may not see one 404; nothing changed (the transaction rolled back as the exception left
    it)."""

    async def guarded(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except BadRequest as exc:
            return error(400, "bad_request", field=exc.field)
        except NotFound:
            return _not_found()

    guarded.__doc__ = handler.__doc__
    return guarded


# --- helpers ---------------------------------------------------------------------------------


def _deps(request: web.Request) -> Deps:
    return request.app[DEPS]


def _id(request: web.Request, name: str) -> int | None:
    value = int(request.match_info[name])
    return value if 0 < value <= MAX_ID else None


async def _body(request: web.Request) -> Mapping[str, Any]:
    try:
        body = await request.json()
    except (ValueError, UnicodeDecodeError):
        raise BadRequest("body") from None
    if not isinstance(body, dict):
        raise BadRequest("body")
    return body


def _text(body: Mapping[str, Any], field: str = "text", *, limit: int) -> str:
    value = body.get(field)
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise BadRequest(field)
    return value


def _int(value: object, field: str) -> int:
    # bool is an int in Python; `true` is not an id.
    if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= MAX_ID:
        raise BadRequest(field)
    return value


def _zone(viewer: Viewer) -> str | None:
    return dashboard.viewer_zone(viewer)


def _name(patient: User) -> str:
    return patient.display_name or str(patient.id)


def _token(viewer: Viewer) -> str:
    # Names this one dashboard request for the notice's delivery key: sent once however
    # often the notifier retries it. (A repeated request that changes nothing sends none.)
    return f"dash:{viewer.user_id}:{uuid.uuid4().hex[:16]}"


async def _tell(
    deps: Deps,
    viewer: Viewer,
    patient: User,
    change: Change,
    *,
    programme: str | None = None,
    times: tuple[str, ...] = (),
) -> None:
    outcome = await tell_patient_of_change(
        deps.notifier,
        deps.content.texts,
        patient=patient,
        change=change,
        token=_token(viewer),
        programme=programme,
        times=times,
    )
    log.info("dashboard: %s notice to user %s: %s", change.value, patient.id, outcome.value)


def _ok(**values: object) -> web.Response:
    return web.json_response({"ok": True, **values})


def _not_found() -> web.Response:
    return error(404, "not_found")


# --- who, caseload, alerts -------------------------------------------------------------------


async def me(request: web.Request) -> web.Response:
    """The viewer: id, name, role, zone, and every page text."""
    deps, viewer = _deps(request), viewer_of(request)
    if viewer.therapist is not None:
        name = viewer.therapist.display_name
    else:
        async with deps.transaction() as session:
            name = (await dashboard.names_of(session, [viewer.user_id]))[viewer.user_id]
    role = "admin" if viewer.bot_admin else "clinic_admin" if viewer.clinic_admin else "therapist"
    return web.json_response(
        {
            "user_id": viewer.user_id,
            "name": name,
            "role": role,
            "timezone": present.zone_name(_zone(viewer)),
            "texts": present.page_texts(deps.content.texts),
        }
    )


async def patients(request: web.Request) -> web.Response:
    """The whole caseload with its figures (alerts first)."""
    deps, viewer = _deps(request), viewer_of(request)
    zone = _zone(viewer)
    async with deps.transaction() as session:
        rows = await dashboard.caseload(session, viewer=viewer, now=deps.now())
    return web.json_response(
        {"timezone": present.zone_name(zone), "patients": [_row_json(r, zone) for r in rows]}
    )


def _row_json(row: dashboard.CaseRow, zone: str | None) -> dict[str, Any]:
    line = row.line
    if line.last_session_at is not None:
        last = present.when(line.last_session_at, zone, prefix="last_session")
    else:
        # A drill without its end time (an old row) still has its day.
        day = line.last_drill.isoformat() if line.last_drill else None
        last = {"last_session": day, "last_session_label": day}
    return {
        "id": line.user_id,
        "name": line.name,
        "open_alerts": line.open_alerts,
        "adherence_7": line.adherence_7,
        "adherence_28": line.adherence_28,
        **last,
        "score": line.score.total if line.score is not None else None,
        "trend": line.trend.kind,
        "paused": line.paused,
        "therapist_id": row.therapist_id,
        "therapist_name": row.therapist_name,
    }


def _alert_json(deps: Deps, item: clinics.AlertItem, zone: str | None) -> dict[str, Any]:
    return {
        "id": item.id,
        "patient_id": item.patient_id,
        "patient_name": item.patient_name,
        "level": item.level,
        "flags": present.flags(deps.content.texts, item.flags),
        "text": item.text,
        **present.when(item.created_at, zone, prefix="created_at"),
        "created_label": present.label(item.created_at, zone),
        "acknowledged": item.acknowledged_at is not None,
        "acknowledged_by_name": item.acknowledged_by_name,
        "acknowledged_label": present.label(item.acknowledged_at, zone),
    }


async def alerts(request: web.Request) -> web.Response:
    """Open urgent and emergency alerts of the viewer's patients, unacknowledged first."""
    deps, viewer = _deps(request), viewer_of(request)
    async with deps.transaction() as session:
        items = await clinics.open_alerts(session, viewer=viewer, now=deps.now(), limit=MAX_ALERTS)
    zone = _zone(viewer)
    return web.json_response({"alerts": [_alert_json(deps, i, zone) for i in items]})


async def acknowledge(request: web.Request) -> web.Response:
    """Take an alert on (stored, shown to colleagues); the first acknowledger is kept."""
    deps, viewer = _deps(request), viewer_of(request)
    alert_id = _id(request, "alert_id")
    if alert_id is None:
        return _not_found()
    async with deps.transaction() as session:
        escalation = await clinics.acknowledge(
            session, escalation_id=alert_id, viewer=viewer, now=deps.now()
        )
        name = (
            await clinics.acknowledger_name(session, escalation) if escalation is not None else None
        )
    if escalation is None:
        return _not_found()
    return _ok(
        acknowledged=True,
        acknowledged_by_name=name,
        acknowledged_label=present.label(escalation.acknowledged_at, _zone(viewer)),
    )


# --- one patient -----------------------------------------------------------------------------


def _escalation_json(deps: Deps, e: Escalation, zone: str | None) -> dict[str, Any]:
    return {
        "id": e.id,
        "level": e.level,
        "source": e.source,
        "flags": present.flags(deps.content.texts, e.flags),
        "text": e.text or "",
        **present.when(e.created_at, zone),
        "open": e.pauses_prompts and e.confirmed_at is None and e.cleared_at is None,
        "confirmed": e.confirmed_at is not None,
        "cleared": e.cleared_at is not None,
        "acknowledged": e.acknowledged_at is not None,
    }


async def patient(request: web.Request) -> web.Response:
    """Everything the patient page shows (the view is audited)."""
    deps, viewer = _deps(request), viewer_of(request)
    async with _patient(request) as (session, found):
        detail = await dashboard.patient_detail(
            session, viewer=viewer, patient=found, now=deps.now()
        )
    return web.json_response(_detail_json(deps, detail, _zone(viewer)))


def _detail_json(deps: Deps, d: dashboard.PatientDetail, zone: str | None) -> dict[str, Any]:
    texts, catalog, p = deps.content.texts, deps.content.catalog, d.patient
    library = {e.id: e for e in prescriptions.library(deps.content)}
    schedule = d.schedule
    return {
        "patient": {
            "id": p.id,
            "name": _name(p),
            "timezone": p.timezone,
            "programme_id": p.programme_id,
            "programme_name": catalog.programmes[p.programme_id].title
            if p.programme_id in catalog.programmes
            else p.programme_id,
            "diabetes": p.diabetes,
            "active": p.active,
            "therapist_id": p.therapist_id,
            "therapist_name": d.therapist_name,
            **present.when(p.linked_at, zone, prefix="linked_at"),
        },
        "schedule": {
            "times": [t.strftime("%H:%M") for t in scheduling.parse_times(schedule.times)]
            if schedule is not None
            else [],
            "timezone": p.timezone,
            "paused": bool(schedule and schedule.paused),
            "stopped": bool(schedule and schedule.stopped),
            "weekdays": schedule.weekdays if schedule is not None else None,
        },
        "programme": {
            "id": p.programme_id,
            "options": [{"id": pr.id, "name": pr.title} for pr in catalog.programmes.values()],
        },
        "library": [
            {"id": e.id, "name": e.name, "has_sides": e.has_sides} for e in library.values()
        ],
        "prescription": [
            {
                "exercise_id": r.exercise_id,
                "name": library[r.exercise_id].name if r.exercise_id in library else r.exercise_id,
                "feet": r.feet,
                "repetitions": r.repetitions,
                "times_per_day": r.times_per_day,
                "days_per_week": r.days_per_week,
            }
            for r in d.prescription
        ],
        "sessions": [
            {
                "id": s.id,
                "day": s.local_day.isoformat(),
                "status": s.status,
                "end_reason": s.end_reason,
                **present.when(s.started_at, zone),
            }
            for s in d.sessions
        ],
        "selftests": [
            {**present.when(t.at, zone), "score": t.total, "left": t.left, "right": t.right}
            for t in d.selftests
        ],
        "checkins": [
            {
                "id": c.id,
                "status": c.status,
                "selected": present.flags(texts, _checkin_flags(c.selected)),
                **present.when(c.created_at, zone),
            }
            for c in d.checkins
        ],
        "escalations": [_escalation_json(deps, e, zone) for e in d.escalations],
        "messages": [
            {
                "id": m.id,
                "direction": m.direction,
                "text": m.text,
                "delivered": m.delivered_at is not None,
                **present.when(m.created_at, zone),
            }
            for m in d.messages
        ],
        "notes": [
            {"text": n.text, "author_name": author, **present.when(n.created_at, zone)}
            for n, author in d.notes
        ],
        "open_pauses": [{"escalation_id": e.id, "level": e.level} for e in d.open_pauses],
        "timezone": present.zone_name(zone),
    }


def _checkin_flags(selected: str) -> str:
    # A check-in stores its boxes' codes ("numb,burn"); each names a triage flag.
    boxes = ITEMS | RETIRED
    return ",".join(boxes[code][0] for code in selected.split(",") if code in boxes)


async def patient_chart(request: web.Request) -> web.Response:
    """The self-test history as an SVG chart (toes lifting alone per foot, per test)."""
    deps, viewer = _deps(request), viewer_of(request)
    async with _patient(request) as (session, found):
        tests = await dashboard.selftest_history(session, patient_id=found.id)
    zone = _zone(viewer)
    svg = chart.selftest_svg(
        [(timefmt.local_date(t.at, zone), t.left, t.right) for t in tests],
        texts=deps.content.texts,
        title=_name(found),
    )
    return web.Response(body=svg.encode("utf-8"), content_type="image/svg+xml", charset="utf-8")


# --- actions ---------------------------------------------------------------------------------


async def set_programme(request: web.Request) -> web.Response:
    """Change the patient's named programme; the patient is told."""
    deps, viewer = _deps(request), viewer_of(request)
    body = await _body(request)
    programme_id = body.get("programme_id")
    if not isinstance(programme_id, str) or programme_id not in deps.content.catalog.programmes:
        raise BadRequest("programme_id")
    async with _patient(request) as (session, found):
        changed = await dashboard.set_programme(
            session, viewer=viewer, patient=found, programme_id=programme_id, now=deps.now()
        )
    if changed:
        title = deps.content.catalog.programmes[programme_id].title
        await _tell(deps, viewer, found, Change.PROGRAMME, programme=title)
    return _ok(changed=changed, programme_id=programme_id)


async def set_times(request: web.Request) -> web.Response:
    """Set the patient's daily reminder times (1 to 3, HH:MM in the patient's zone)."""
    deps, viewer = _deps(request), viewer_of(request)
    body = await _body(request)
    raw = body.get("times")
    if (
        not isinstance(raw, list)
        or not 1 <= len(raw) <= dashboard.MAX_TIMES
        or not all(isinstance(t, str) and _HHMM.match(t) for t in raw)
    ):
        raise BadRequest("times")
    times = sorted({dt.time.fromisoformat(t) for t in raw})
    async with _patient(request) as (session, found):
        before = await dashboard.schedule_times(session, patient_id=found.id)
        schedule = await dashboard.set_times(
            session, viewer=viewer, patient=found, times=times, now=deps.now()
        )
    if schedule is None:
        # No zone yet: the first time waits for it, as in the chat.
        return _ok(times=[times[0].strftime("%H:%M")], kept_for_later=True)
    if schedule.times != before:
        await _tell(deps, viewer, found, Change.TIMES, times=tuple(schedule.times.split(",")))
    return _ok(times=schedule.times.split(","), kept_for_later=False)


async def set_pause(request: web.Request) -> web.Response:
    """Pause or resume the patient's reminders; the patient is told."""
    deps, viewer = _deps(request), viewer_of(request)
    body = await _body(request)
    paused = body.get("paused")
    if not isinstance(paused, bool):
        raise BadRequest("paused")
    async with _patient(request) as (session, found):
        before = await dashboard.is_paused(session, patient_id=found.id)
        state = await dashboard.set_paused(
            session, viewer=viewer, patient=found, paused=paused, now=deps.now()
        )
    if state is None:
        # No schedule yet (onboarding not finished): nothing to pause.
        raise BadRequest("paused")
    if state != before:
        await _tell(deps, viewer, found, Change.PAUSED if state else Change.RESUMED)
    return _ok(paused=state)


async def clear_pause(request: web.Request) -> web.Response:
    """Clear a safety pause, only with `"confirm": true`; the patient is told."""
    deps, viewer = _deps(request), viewer_of(request)
    body = await _body(request)
    if body.get("confirm") is not True:
        raise BadRequest("confirm")
    escalation_id = _int(body.get("escalation_id"), "escalation_id")
    async with _patient(request) as (session, found):
        cleared = await dashboard.clear_pause(
            session, viewer=viewer, patient=found, escalation_id=escalation_id, now=deps.now()
        )
    if cleared is None:
        return _not_found()
    if cleared:
        await _tell(deps, viewer, found, Change.SAFETY_CLEARED)
    return _ok(cleared=cleared)


async def send_message(request: web.Request) -> web.Response:
    """Message the patient (stored, sent with a Reply button, marked delivered)."""
    deps, viewer = _deps(request), viewer_of(request)
    text = _text(await _body(request), limit=dashboard.MAX_MESSAGE)
    async with _patient(request) as (session, found):
        message = await dashboard.message_patient(
            session, viewer=viewer, patient=found, text=text, now=deps.now()
        )
        sender = (await dashboard.names_of(session, [viewer.user_id]))[viewer.user_id]
    delivered = await message_delivery.deliver_to_patient(
        deps, message=message, patient=found, therapist_name=sender
    )
    return _ok(id=message.id, delivered=delivered)


async def add_note(request: web.Request) -> web.Response:
    """A private note on the patient (never shown to them)."""
    deps, viewer = _deps(request), viewer_of(request)
    text = _text(await _body(request), limit=dashboard.MAX_NOTE)
    async with _patient(request) as (session, found):
        note = await dashboard.add_note(
            session, viewer=viewer, patient=found, text=text, now=deps.now()
        )
    return _ok(id=note.id, **present.when(note.created_at, _zone(viewer)))


# What an item leaves out is the domain's default (`PrescriptionItem`).
_DEFAULTS = {"repetitions": 10, "times_per_day": 1, "days_per_week": 7}
MAX_ITEMS = 50


def _items(body: Mapping[str, Any]) -> list[PrescriptionItem]:
    raw = body.get("items")
    if not isinstance(raw, list) or len(raw) > MAX_ITEMS:
        raise BadRequest("items")
    items = []
    for entry in raw:
        if not isinstance(entry, dict) or not isinstance(entry.get("exercise_id"), str):
            raise BadRequest("exercise_id")
        feet = entry.get("feet", "both")
        if feet not in ("left", "right", "both"):
            raise BadRequest("feet")
        numbers: dict[str, int] = {}
        for field in ("repetitions", "times_per_day", "days_per_week"):
            value = entry.get(field, _DEFAULTS[field])
            # bool is an int in Python; the range is the domain's check (`replace`).
            if not isinstance(value, int) or isinstance(value, bool):
                raise BadRequest(field)
            numbers[field] = value
        items.append(
            PrescriptionItem(
                exercise_id=entry["exercise_id"],
                feet=feet,
                repetitions=numbers["repetitions"],
                times_per_day=numbers["times_per_day"],
                days_per_week=numbers["days_per_week"],
            )
        )
    return items


async def set_prescription(request: web.Request) -> web.Response:
    """Replace the patient's prescription (validated: 400 names the bad field)."""
    deps, viewer = _deps(request), viewer_of(request)
    items = _items(await _body(request))
    try:
        async with _patient(request) as (session, found):
            rows = await prescriptions.replace(
                session,
                patient_id=found.id,
                items=items,
                by=viewer.user_id,
                now=deps.now(),
                content=deps.content,
            )
    except PrescriptionError as exc:
        raise BadRequest(exc.field) from None
    await _tell(deps, viewer, found, Change.EXERCISES)
    return _ok(items=len(rows))


async def _visible(session: AsyncSession, viewer: Viewer, request: web.Request) -> User:
    """The path's patient, only if this viewer may see them (else `NotFound`: 404)."""
    patient_id = _id(request, "patient_id")
    found = None
    if patient_id is not None:
        found = await dashboard.patient_for(session, viewer=viewer, patient_id=patient_id)
    if found is None:
        raise NotFound
    return found


@asynccontextmanager
async def _patient(request: web.Request) -> AsyncIterator[tuple[AsyncSession, User]]:
    """The request's one transaction with the path's patient: 404 unless this viewer may see
    them (the lookup only reads, so nothing is lost as the exception rolls it back)."""
    async with _deps(request).transaction() as session:
        yield session, await _visible(session, viewer_of(request), request)


# --- export and report -----------------------------------------------------------------------


def _csv(data: bytes, name: str, deps: Deps) -> web.Response:
    stamp = deps.now().strftime("%Y%m%d")
    return web.Response(
        body=data,
        content_type="text/csv",
        charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}-{stamp}.csv"'},
    )


async def _export(request: web.Request, *, one: bool) -> web.Response:
    deps, viewer = _deps(request), viewer_of(request)
    async with deps.transaction() as session:
        if one:
            chosen = [await _visible(session, viewer, request)]
        else:
            chosen = await dashboard.patients_of(session, viewer=viewer)
        data = await dashboard.export_data(session, viewer=viewer, patients=chosen, now=deps.now())
    texts = deps.content.texts
    csv = dashboard.export_csv(
        data, zone=_zone(viewer), flag_words=lambda raw: ", ".join(present.flags(texts, raw))
    )
    return _csv(csv, f"toebot-patient-{chosen[0].id}" if one else "toebot-export", deps)


async def export_all(request: web.Request) -> web.Response:
    """The viewer's caseload as CSV: sessions, self-tests, escalations; local times."""
    return await _export(request, one=False)


async def export_one(request: web.Request) -> web.Response:
    """One patient's data as CSV."""
    return await _export(request, one=True)


async def _report(request: web.Request) -> tuple[list[dashboard.PatientReport], dt.date]:
    deps, viewer = _deps(request), viewer_of(request)
    raw = request.query.get("period_end")
    if raw is None or raw == "":
        period_end = timefmt.local_date(deps.now(), _zone(viewer))
    else:
        if not _DAY.match(raw):
            raise BadRequest("period_end")
        try:
            period_end = dt.date.fromisoformat(raw)
        except ValueError:
            raise BadRequest("period_end") from None
    async with deps.transaction() as session:
        chosen = await dashboard.patients_of(session, viewer=viewer)
        reports = await dashboard.report(
            session, viewer=viewer, patients=chosen, period_end=period_end, now=deps.now()
        )
    return reports, period_end


async def report(request: web.Request) -> web.Response:
    """Per patient, each 30-day period's days with exercise data (remote monitoring)."""
    reports, period_end = await _report(request)
    return web.json_response(
        {
            "period_end": period_end.isoformat(),
            "period_days": rtm.PERIOD_DAYS,
            "patients": [
                {
                    "id": r.patient.id,
                    "name": _name(r.patient),
                    "periods": [
                        {
                            "start": p.start.isoformat(),
                            "end": p.end.isoformat(),
                            "days_with_data": p.days_with_data,
                            "complete": p.complete,
                        }
                        for p in r.periods
                    ],
                }
                for r in reports
            ],
        }
    )


async def report_csv(request: web.Request) -> web.Response:
    """The same report as CSV (UTF-8 with a BOM)."""
    reports, _ = await _report(request)
    return _csv(dashboard.report_csv(reports), "toebot-report", _deps(request))
