"""Caseload handlers: a therapist's /patients with a detail view, charts and actions (programme,
reminder time, pause, a message to the patient, clearing a safety pause), /export, and a
patient's /unlink.

Callback data: `bot.callbacks.PatientPress` (`tp:<patient>:<action>[:<arg>]`). Every press
re-checks on the database that the patient belongs to the pressing therapist.
"""

from __future__ import annotations

from typing import Literal

from telegram import InputFile, Message, Update
from telegram.ext import ContextTypes

from bot.callbacks import PatientPress
from bot.db import store
from bot.db.models import DrillSession, Escalation, User
from bot.deps import Deps
from bot.domain import scheduling, selftest
from bot.domain.notice import Notice, Outcome
from bot.render import charts
from bot.services import export, progress, safety, selftests, therapy
from bot.services.therapy import AWAIT_MESSAGE, AWAIT_TIME
from handlers._pictures import draw
from handlers._shared import button, deps, ids, keyboard
from handlers._therapy import therapist_or_refuse

MAX_MESSAGE = 1000
_DetailAction = Literal["charts", "prog", "time", "pause", "msg", "clear"]
_PROMPTS = {AWAIT_TIME: "therapist.time_prompt", AWAIT_MESSAGE: "therapist.message_prompt"}


def chart_labels(d: Deps) -> dict[str, str]:
    """Every word drawn in the pictures, from content."""
    return {
        key.removeprefix("charts."): value
        for key, value in d.content.texts.entries.items()
        if key.startswith("charts.")
    }


async def patients_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/patients: one line per patient (adherence, last drill, self-test, alerts first)."""
    d = deps(context)
    if (found := await therapist_or_refuse(update, d)) is None:
        return
    therapist_id, message = found
    async with d.transaction() as session:
        lines = await therapy.patient_lines(session, therapist_id=therapist_id, now=d.now())
    if not lines:
        await message.reply_text(d.text("therapist.patients_none"))
        return
    text = [d.text("therapist.patients_header")]
    rows = []
    for line in lines:
        text.append(
            d.text(
                "therapist.patient_line",
                alert=d.text("therapist.alert_marker") if line.open_alerts else "",
                name=line.name,
                a7=line.adherence_7,
                a28=line.adherence_28,
                last=line.last_drill.isoformat() if line.last_drill else d.text("therapist.never"),
                score=f"{line.score.total}/10" if line.score else d.text("therapist.no_score"),
                trend=d.text(f"therapist.trend.{line.trend.kind}"),
            )
        )
        label = d.text("therapist.buttons.detail", name=line.name)
        rows.append([(label, PatientPress(line.user_id, "d").pack())])
    await message.reply_text("\n".join(text), reply_markup=keyboard(rows))


def _open(e: Escalation) -> bool:
    return e.pauses_prompts and e.confirmed_at is None and e.cleared_at is None


def _history_lines(
    d: Deps, sessions: list[DrillSession], escalations: list[Escalation]
) -> list[str]:
    lines = [d.text("therapist.detail_sessions")]
    lines += [
        d.text(
            "therapist.session_line",
            day=s.local_day.isoformat(),
            status=s.status,
            reason=f" ({s.end_reason})" if s.end_reason and s.end_reason != "completed" else "",
        )
        for s in sessions
    ] or [d.text("therapist.none_yet")]
    lines += ["", d.text("therapist.detail_escalations")]
    lines += [
        d.text(
            "therapist.escalation_line",
            time=e.created_at.strftime("%Y-%m-%d %H:%M"),
            level=e.level,
            source=e.source,
            state=d.text("therapist.escalation_open") if _open(e) else "",
        )
        for e in escalations
    ] or [d.text("therapist.none_yet")]
    return lines


def _detail_buttons(d: Deps, patient_id: int) -> list[list[tuple[str, str]]]:
    def b(key: str, action: _DetailAction) -> tuple[str, str]:
        return d.text(f"therapist.buttons.{key}"), PatientPress(patient_id, action).pack()

    return [
        [b("charts", "charts"), b("programme", "prog")],
        [b("time", "time"), b("pause", "pause")],
        [b("message", "msg"), b("clear", "clear")],
    ]


async def _detail(message: Message, d: Deps, patient: User) -> None:
    async with d.transaction() as session:
        schedule = await store.get_schedule(session, user_id=patient.id)
        sessions = list(await therapy.recent_sessions(session, user_id=patient.id))
        escalations = list(await therapy.escalations_of(session, user_id=patient.id))
    if schedule is None:
        schedule_text = d.text("therapist.schedule_none")
    elif schedule.paused:
        schedule_text = d.text("therapist.schedule_paused", times=schedule.times)
    else:
        schedule_text = schedule.times
    header = d.text(
        "therapist.detail",
        name=patient.display_name or patient.id,
        programme=patient.programme_id,
        schedule=schedule_text,
        zone=patient.timezone or "-",
        diabetes=d.text(f"therapist.diabetes.{patient.diabetes}"),
    )
    lines = [header, "", *_history_lines(d, sessions, escalations)]
    markup = keyboard(_detail_buttons(d, patient.id))
    await message.chat.send_message("\n".join(lines), reply_markup=markup)


async def _charts(message: Message, d: Deps, patient: User) -> None:
    async with d.transaction() as session:
        data = await progress.collect(session, user=patient, now=d.now())
        report = await selftests.report(session, user_id=patient.id)
    picture = await draw(
        charts.progress_chart,
        points=[(p.day, p.left, p.right) for p in data.points],
        adherence=data.adherence,
        title=patient.display_name or str(patient.id),
        labels=chart_labels(d),
        tests=data.tests,
        since=data.enrolled,
    )
    await message.chat.send_photo(
        InputFile(picture.png, filename="progress.png"), caption=picture.alt_text[:1024]
    )
    if report is not None:
        previous = report.previous_answers
        foot = await draw(
            charts.foot_map,
            selftest.plain(report.answers),
            title=patient.display_name or "",
            labels=chart_labels(d),
            previous=selftest.plain(previous) if previous is not None else None,
            day=report.day,
        )
        await message.chat.send_photo(
            InputFile(foot.png, filename="foot-map.png"), caption=foot.alt_text[:1024]
        )


async def on_patient_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A patient action; refused unless the patient is linked to the pressing therapist."""
    d, pressed = deps(context), button(update)
    if pressed is None:
        return
    query, message, who = pressed
    press = PatientPress.unpack(query.data)
    if press is None:
        await query.answer(d.text("common.button_expired"))
        return
    async with d.transaction() as session:
        patient = await therapy.patient_of(session, therapist_id=who[0], patient_id=press.patient)
        therapist = await therapy.active_therapist(session, user_id=who[0])
    if patient is None or therapist is None:
        await query.answer(d.text("therapist.refused"), show_alert=True)
        return
    await query.answer()
    await _act(message, d, who[0], patient, press)


async def _act(message: Message, d: Deps, me: int, patient: User, press: PatientPress) -> None:
    name, action, arg = patient.display_name or str(patient.id), press.action, press.arg
    if action in {"d", "charts"}:
        async with d.transaction() as session:
            await therapy.record_view(
                session, therapist_id=me, patient_id=patient.id, what=action, now=d.now()
            )
        await (_detail if action == "d" else _charts)(message, d, patient)
    elif action == "prog" and arg is None:
        rows = [
            [(p.title, PatientPress(patient.id, "prog", p.id).pack())]
            for p in d.content.catalog.programmes.values()
        ]
        await message.chat.send_message(
            d.text("therapist.buttons.programme"), reply_markup=keyboard(rows)
        )
    elif action == "prog" and arg in d.content.catalog.programmes:
        await _set_programme(message, d, me, patient, arg)
    elif action in {"time", "msg"}:
        awaiting = AWAIT_TIME if action == "time" else AWAIT_MESSAGE
        async with d.transaction() as session:
            await store.set_awaiting(session, user_id=me, awaiting=awaiting, ref=patient.id)
        await message.chat.send_message(d.text(_PROMPTS[awaiting], name=name))
    elif action == "pause":
        async with d.transaction() as session:
            fresh = await store.get_user(session, user_id=patient.id)
            assert fresh is not None
            paused = await therapy.toggle_pause(session, patient=fresh, by=me, now=d.now())
        said = {None: "therapist.no_schedule", True: "therapist.paused", False: "therapist.resumed"}
        await message.chat.send_message(d.text(said[paused], name=name))
    elif action == "clear":
        async with d.transaction() as session:
            done = await safety.clear_open(session, user_id=patient.id, by=me, now=d.now())
        key = "therapist.cleared" if done else "therapist.nothing_to_clear"
        await message.chat.send_message(d.text(key, name=name))
    else:
        await message.chat.send_message(d.text("common.button_expired"))


async def _set_programme(
    message: Message, d: Deps, me: int, patient: User, programme_id: str
) -> None:
    async with d.transaction() as session:
        fresh = await therapy.patient_of(session, therapist_id=me, patient_id=patient.id)
        if fresh is not None:
            await therapy.set_programme(
                session, patient=fresh, programme_id=programme_id, by=me, now=d.now()
            )
    title = d.content.catalog.programme(programme_id).title
    name = patient.display_name or str(patient.id)
    await message.chat.send_message(d.text("therapist.programme_set", name=name, programme=title))


def awaits_message(user: User) -> bool:
    """A therapist's message to a patient is awaited (not triaged: see handlers.routes)."""
    return user.awaiting == AWAIT_MESSAGE


def awaits_time(user: User) -> bool:
    """A patient's new reminder time is awaited (triaged first)."""
    return user.awaiting == AWAIT_TIME


async def reask(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User) -> None:
    """Ask again for the time or message still awaited."""
    d, message = deps(context), update.effective_message
    assert message is not None
    if user.awaiting not in _PROMPTS or user.awaiting_ref is None:
        return
    async with d.transaction() as session:
        patient = await therapy.patient_of(
            session, therapist_id=user.id, patient_id=user.awaiting_ref
        )
    if patient is not None:
        await message.chat.send_message(
            d.text(_PROMPTS[user.awaiting], name=patient.display_name or patient.id)
        )


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User) -> bool:
    """Typed answers a therapist owes: a message to a patient, or the patient's new time."""
    d, message = deps(context), update.effective_message
    assert message is not None and message.text is not None
    if user.awaiting not in _PROMPTS or user.awaiting_ref is None:
        return False
    async with d.transaction() as session:
        patient = await therapy.patient_of(
            session, therapist_id=user.id, patient_id=user.awaiting_ref
        )
        therapist = await therapy.active_therapist(session, user_id=user.id)
        awaiting = await therapy.take_awaited(session, user_id=user.id)
    if patient is None or therapist is None:
        await message.reply_text(d.text("therapist.refused"))
        return True
    if awaiting == AWAIT_MESSAGE:
        await _message_patient(message, d, user.id, patient, therapist.display_name)
    else:
        await _set_time(message, d, user.id, patient)
    return True


async def _message_patient(message: Message, d: Deps, me: int, patient: User, sender: str) -> None:
    text = message.text or ""
    if len(text) > MAX_MESSAGE:
        await message.reply_text(d.text("therapist.message_too_long", length=len(text)))
        return
    # To someone else, so through the notifier; keyed by the therapist's own message, so a
    # redelivered update never sends it twice.
    notice = Notice(
        patient.chat_id,
        d.text("therapist.message_from", therapist=sender, text=text),
        kind="therapist_message",
        key=f"therapist-message:{message.chat_id}:{message.message_id}",
    )
    if await d.notifier.send(notice) not in {Outcome.SENT, Outcome.DUPLICATE}:
        # What the error handler said when this send raised, before the notifier.
        await message.reply_text(d.text("common.error"))
        return
    async with d.transaction() as session:
        await therapy.record_message(session, therapist_id=me, patient_id=patient.id, now=d.now())
    name = patient.display_name or str(patient.id)
    await message.reply_text(d.text("therapist.message_sent", name=name))


async def _set_time(message: Message, d: Deps, me: int, patient: User) -> None:
    at = scheduling.parse_local_time(message.text or "")
    if at is None:
        await message.reply_text(d.text("therapist.time_invalid"))
        return
    async with d.transaction() as session:
        fresh = await store.get_user(session, user_id=patient.id)
        assert fresh is not None
        schedule = await therapy.set_patient_time(session, patient=fresh, at=at, by=me, now=d.now())
    key = "therapist.time_set" if schedule is not None else "therapist.time_kept"
    name = patient.display_name or str(patient.id)
    await message.reply_text(d.text(key, name=name, time=at.strftime("%H:%M")))


async def export_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/export: a CSV of your own patients' sessions and self-tests."""
    d = deps(context)
    if (found := await therapist_or_refuse(update, d)) is None:
        return
    therapist_id, message = found
    async with d.transaction() as session:
        data = await export.export_csv(session, therapist_id=therapist_id, now=d.now())
    if data.count(b"\n") <= 1:
        await message.reply_text(d.text("therapist.export_none"))
        return
    stamp = d.now().strftime("%Y%m%d")
    await message.reply_document(
        InputFile(data, filename=f"toebot-export-{stamp}.csv"),
        caption=d.text("therapist.export_caption"),
    )


async def unlink_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/unlink: stop sharing with your therapist (they lose access at once)."""
    d, who, message = deps(context), ids(update), update.effective_message
    if who is None or message is None:
        return
    async with d.transaction() as session:
        user = await store.get_user(session, user_id=who[0])
        previous = (
            await therapy.unlink(session, user=user, now=d.now())
            if user is not None and user.therapist_id
            else None
        )
        therapist = (
            await therapy.therapist_record(session, user_id=previous)
            if previous is not None
            else None
        )
    if therapist is None:
        await message.reply_text(d.text("therapist.not_linked"))
        return
    await message.reply_text(d.text("therapist.unlinked", therapist=therapist.display_name))
