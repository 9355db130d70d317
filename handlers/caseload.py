"""Caseload handlers: a therapist's /patients with a detail view, charts and actions (programme,
reminder time, pause, a message to the patient, clearing a safety pause), /export, and a
patient's /unlink.

Who sees whom is the one access rule (`bot.services.access`): a therapist their own patients,
a clinic admin their whole clinic's, a bot admin every linked patient.

Callback data: `bot.callbacks.PatientPress` (`tp:<patient>:<action>[:<arg>]`). Every press
re-checks on the database that the presser may see that patient (`access.can_view`), so a
forged id of another clinic's patient changes nothing. /patients comes in pages
(`bot.callbacks.PatientsPage`, `tpg:<page>`): each press reads the presser's own list again,
so a page number never shows anyone else's patients.
"""

from __future__ import annotations

from typing import Literal

from telegram import InlineKeyboardMarkup, InputFile, Message, Update
from telegram.ext import ContextTypes

from bot.callbacks import PatientPress, PatientsPage
from bot.db import store
from bot.db.models import DrillSession, Escalation, Prescription, User
from bot.delivery.changes import tell_patient_of_change, tell_therapist_of_event
from bot.delivery.messages import deliver_to_patient
from bot.deps import Deps
from bot.domain import scheduling, selftest
from bot.domain.changes import Change, PatientEvent
from bot.domain.digest import level_label
from bot.domain.flags import flags_text, source_label
from bot.domain.prescription import Dose
from bot.render import charts
from bot.services import (
    access,
    export,
    messages,
    prescriptions,
    progress,
    safety,
    selftests,
    therapy,
)
from bot.services.access import Viewer
from bot.services.therapy import AWAIT_MESSAGE, AWAIT_TIME, PatientLine
from handlers._pictures import draw
from handlers._prescription import dose_text, open_button
from handlers._shared import deps, edit_markup, ids, keyboard, unpacked_press
from handlers._therapy import (
    Page,
    date_text,
    page_header,
    page_markup,
    page_of,
    pressed_patient,
    short_name,
    show_page,
    therapist_of,
    visible_patient,
)

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


async def _viewer(d: Deps, user_id: int) -> Viewer | None:
    """Who this user may follow (None: no patient at all), read fresh on every update."""
    async with d.transaction() as session:
        return await access.viewer_for(session, user_id=user_id, admin_ids=d.settings.admin_ids)


async def patients_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/patients: one line per patient the sender may see (adherence, last drill, self-test,
    alerts first), in pages with Previous/Next."""
    d, who, message = deps(context), ids(update), update.effective_message
    if who is None or message is None:
        return
    viewer = await _viewer(d, who[0])
    if viewer is None:
        await message.reply_text(d.text("therapist.not_therapist"))
        return
    text, markup, _ = await _patients_page(d, viewer, 0)
    await message.reply_text(text, reply_markup=markup)


async def on_patients_page(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Another page of /patients; the list is read again, of the patients the presser may see."""
    d = deps(context)
    pressed = await unpacked_press(update, d, PatientsPage)
    if pressed is None:
        return
    query, message, who, press = pressed
    viewer = await _viewer(d, who[0])
    if viewer is None:
        await query.answer(d.text("therapist.not_therapist"), show_alert=True)
        return
    # A page that no longer exists (patients left since): the last one, and why.
    await show_page(query, message, d, await _patients_page(d, viewer, press.page))


async def _patients_page(
    d: Deps, viewer: Viewer, number: int
) -> tuple[str, InlineKeyboardMarkup | None, Page[PatientLine]]:
    """Page `number` of the patients this viewer may see: its text, its buttons, the page."""
    async with d.transaction() as session:
        lines = await therapy.caseload_lines(session, viewer=viewer, now=d.now())
    page = page_of(lines, number)
    if not lines:
        return d.text("therapist.patients_none"), None, page
    buttons = _patient_buttons(d, page)
    markup = page_markup(d, page, buttons, lambda n: PatientsPage(n).pack())
    return _patients_text(d, page), markup, page


def _patients_text(d: Deps, page: Page[PatientLine]) -> str:
    text = [d.text("therapist.patients_header")]
    if header := page_header(d, page):
        text.append(header)
    for line in page.items:
        text.append(
            d.text(
                "therapist.patient_line",
                alert=d.text("therapist.alert_marker") if line.open_alerts else "",
                name=short_name(line.name),
                a7=line.adherence_7,
                a28=line.adherence_28,
                last=line.last_drill.isoformat() if line.last_drill else d.text("therapist.never"),
                score=f"{line.score.total}/10" if line.score else d.text("therapist.no_score"),
                trend=d.text(f"therapist.trend.{line.trend.kind}"),
            )
        )
    return "\n".join(text)


def _patient_buttons(d: Deps, page: Page[PatientLine]) -> list[list[tuple[str, str]]]:
    buttons = [
        (
            d.text("therapist.buttons.detail", name=short_name(line.name)),
            PatientPress(line.user_id, "d").pack(),
        )
        for line in page.items
    ]
    return [buttons[i : i + 2] for i in range(0, len(buttons), 2)]


def _open(e: Escalation) -> bool:
    return e.pauses_prompts and e.confirmed_at is None and e.cleared_at is None


def _history_lines(
    d: Deps, sessions: list[DrillSession], escalations: list[Escalation], zone: str | None
) -> list[str]:
    """Recent sessions (the patient's local days) and warning signs (times on the therapist's
    clock, `zone`, named; flags and sources in plain words)."""
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
            time=date_text(e.created_at, zone),
            level=level_label(d.content.texts, e.level),
            source=source_label(d.content.texts, e.source),
            flags=flags_text(d.content.texts, e.flags),
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
        [open_button(d, patient_id)],
    ]


def _programme_text(d: Deps, patient: User, prescribed: int) -> str:
    """What the patient follows: their therapist's prescription (listed below the header),
    else their named programme's title (never its internal id)."""
    if prescribed:
        return d.text("prescriptions.detail_programme", count=prescribed)
    programme = d.content.catalog.programmes.get(patient.programme_id)
    return programme.title if programme is not None else patient.programme_id


def _prescription_lines(d: Deps, rows: list[Prescription]) -> list[str]:
    """One line per prescribed exercise: its name from content, feet, repetitions, how often."""
    library = {e.id: e for e in prescriptions.library(d.content)}
    lines = []
    for row in rows:
        exercise = library.get(row.exercise_id)
        if exercise is None:
            continue  # an exercise since removed from the library is not walked either
        dose = Dose.of(prescriptions.item_of(row))
        lines.append(
            d.text(
                "prescriptions.detail_line",
                exercise=exercise.name,
                dose=dose_text(d, dose, has_sides=exercise.has_sides),
            )
        )
    return lines


async def _detail(message: Message, d: Deps, patient: User, me: int) -> None:
    async with d.transaction() as session:
        viewer = await therapy.therapist_record(session, user_id=me)
        schedule = await store.get_schedule(session, user_id=patient.id)
        sessions = list(await therapy.recent_sessions(session, user_id=patient.id))
        escalations = list(await therapy.escalations_of(session, user_id=patient.id))
        prescribed = await prescriptions.of(session, patient_id=patient.id)
    if schedule is None:
        schedule_text = d.text("therapist.schedule_none")
    elif schedule.paused:
        schedule_text = d.text("therapist.schedule_paused", times=schedule.times)
    else:
        schedule_text = schedule.times
    header = d.text(
        "therapist.detail",
        name=patient.display_name or patient.id,
        programme=_programme_text(d, patient, len(prescribed)),
        schedule=schedule_text,
        zone=patient.timezone or "-",
        diabetes=d.text(f"therapist.diabetes.{patient.diabetes}"),
    )
    zone = viewer.timezone if viewer is not None else None
    lines = [
        header,
        *_prescription_lines(d, prescribed),
        "",
        *_history_lines(d, sessions, escalations, zone),
    ]
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
    """A patient action; refused unless the presser may see that patient (`can_view`)."""
    d = deps(context)
    if (pressed := await unpacked_press(update, d, PatientPress)) is None:
        return
    query, message, who, press = pressed
    patient = await pressed_patient(query, d, who[0], press.patient, "therapist.refused")
    if patient is None:
        return
    await query.answer()
    await _act(message, d, who[0], patient, press, token=query.id)


async def _act(
    message: Message, d: Deps, me: int, patient: User, press: PatientPress, *, token: str
) -> None:
    # `token` (the press's callback query id) keys the patient's notice: the same press
    # handled again (a redelivered update) never tells them twice.
    name, action, arg = patient.display_name or str(patient.id), press.action, press.arg
    if action in {"d", "charts"}:
        async with d.transaction() as session:
            await therapy.record_view(
                session, therapist_id=me, patient_id=patient.id, what=action, now=d.now()
            )
        if action == "d":
            await _detail(message, d, patient, me)
        else:
            await _charts(message, d, patient)
    elif action == "prog" and arg is None:
        rows = [
            [(p.title, PatientPress(patient.id, "prog", p.id).pack())]
            for p in d.content.catalog.programmes.values()
        ]
        await message.chat.send_message(
            d.text("therapist.buttons.programme"), reply_markup=keyboard(rows)
        )
    elif action == "prog" and arg in d.content.catalog.programmes:
        await _set_programme(message, d, me, patient, arg, token=token)
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
            held = await safety.open_pause(session, user_id=patient.id)
        said = {None: "therapist.no_schedule", True: "therapist.paused", False: "therapist.resumed"}
        await message.chat.send_message(d.text(said[paused], name=name))
        # Resumed while a safety pause still holds the prompts: "they're back on" would be
        # untrue, and the patient already knows what lifts the safety pause.
        if paused is not None and (paused or held is None):
            change = Change.PAUSED if paused else Change.RESUMED
            await tell_patient_of_change(
                d.notifier, d.content.texts, patient=fresh, change=change, token=token
            )
    elif action == "clear":
        await _clear(message, d, me, patient, arg, token=token)
    else:
        await message.chat.send_message(d.text("common.button_expired"))


_LEVELS = {"emergency": "notices.level.emergency", "urgent": "notices.level.urgent"}


async def _clear(
    message: Message, d: Deps, me: int, patient: User, arg: str | None, *, token: str
) -> None:
    """Clear a safety pause, after a Yes/No: `clear` asks, `clear:y<escalation>` clears that
    pause if it is still open (re-checked now: a stale Yes changes nothing), `clear:n` keeps."""
    name = patient.display_name or str(patient.id)
    if arg == "n":
        await edit_markup(message, None)
        await message.chat.send_message(d.text("notices.clear.kept", name=name))
        return
    wanted = int(arg[1:]) if arg and arg[0] == "y" and arg[1:].isdigit() else None
    if arg is not None and wanted is None:
        await message.chat.send_message(d.text("common.button_expired"))
        return
    async with d.transaction() as session:
        pauses = await safety.open_pauses(session, user_id=patient.id)
        target = next((e for e in pauses if wanted is None or e.id == wanted), None)
        done = (
            await safety.clear(session, escalation_id=wanted, by=me, now=d.now())
            if target is not None and wanted is not None
            else False
        )
    if target is None or target.id is None:
        if wanted is not None:
            await edit_markup(message, None)
        stale = "notices.clear.stale" if wanted is not None else "therapist.nothing_to_clear"
        await message.chat.send_message(d.text(stale, name=name))
        return
    if wanted is None:
        level = d.text(_LEVELS.get(target.level, "notices.level.urgent"))
        yes = PatientPress(patient.id, "clear", f"y{target.id}").pack()
        no = PatientPress(patient.id, "clear", "n").pack()
        rows = [[(d.text("notices.clear.confirm"), yes), (d.text("notices.clear.keep"), no)]]
        await message.chat.send_message(
            d.text("notices.clear.question", name=name, level=level), reply_markup=keyboard(rows)
        )
        return
    await edit_markup(message, None)
    await message.chat.send_message(d.text("therapist.cleared", name=name))
    if done:
        await tell_patient_of_change(
            d.notifier, d.content.texts, patient=patient, change=Change.SAFETY_CLEARED, token=token
        )


async def _set_programme(
    message: Message, d: Deps, me: int, patient: User, programme_id: str, *, token: str
) -> None:
    async with d.transaction() as session:
        viewer = await access.viewer_for(session, user_id=me, admin_ids=d.settings.admin_ids)
        fresh = (
            await access.can_view(session, viewer=viewer, patient_id=patient.id)
            if viewer is not None
            else None
        )
        changed = fresh is not None and fresh.programme_id != programme_id
        if fresh is not None:
            await therapy.set_programme(
                session, patient=fresh, programme_id=programme_id, by=me, now=d.now()
            )
    title = d.content.catalog.programme(programme_id).title
    name = patient.display_name or str(patient.id)
    await message.chat.send_message(d.text("therapist.programme_set", name=name, programme=title))
    if changed and fresh is not None:
        # The same programme picked again changes nothing the patient would notice.
        await tell_patient_of_change(
            d.notifier,
            d.content.texts,
            patient=fresh,
            change=Change.PROGRAMME,
            token=token,
            programme=title,
        )


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
    patient = await visible_patient(d, user.id, user.awaiting_ref)
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
    patient = await visible_patient(d, user.id, user.awaiting_ref)
    async with d.transaction() as session:
        therapist = await therapy.active_therapist(session, user_id=user.id)
        awaiting = await therapy.take_awaited(session, user_id=user.id)
    if patient is None:
        await message.reply_text(d.text("therapist.refused"))
        return True
    if awaiting == AWAIT_MESSAGE:
        # A bot admin who is no therapist signs with their own name.
        sender = therapist.display_name if therapist else user.display_name or str(user.id)
        await _message_patient(message, d, user.id, patient, sender)
    else:
        await _set_time(message, d, user.id, patient)
    return True


async def _message_patient(message: Message, d: Deps, me: int, patient: User, sender: str) -> None:
    text = message.text or ""
    if len(text) > MAX_MESSAGE:
        await message.reply_text(d.text("therapist.message_too_long", length=len(text)))
        return
    # Stored first (the patient's thread in the dashboard has it even if the send fails),
    # then to someone else, so through the notifier, with the patient's Reply button.
    async with d.transaction() as session:
        stored = await messages.write(
            session, therapist_id=me, patient_id=patient.id, text=text, now=d.now()
        )
    if not await deliver_to_patient(d, message=stored, patient=patient, therapist_name=sender):
        # What the error handler said when this send raised, before the notifier.
        await message.reply_text(d.text("common.error"))
        return
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
        before = await store.get_schedule(session, user_id=patient.id)
        times_before = before.times if before is not None else None
        schedule = await therapy.set_patient_time(session, patient=fresh, at=at, by=me, now=d.now())
    key = "therapist.time_set" if schedule is not None else "therapist.time_kept"
    name = patient.display_name or str(patient.id)
    await message.reply_text(d.text(key, name=name, time=at.strftime("%H:%M")))
    if schedule is not None and schedule.times == times_before:
        return  # the time it already had: nothing changed for the patient
    # The new times on the patient's own clock (they are stored local), their zone named.
    times = schedule.times.split(",") if schedule is not None else [at.strftime("%H:%M")]
    await tell_patient_of_change(
        d.notifier,
        d.content.texts,
        patient=fresh,
        change=Change.TIMES,
        token=f"{message.chat_id}:{message.message_id}",
        times=times,
    )


async def export_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/export: a CSV of your own patients' sessions and self-tests."""
    d = deps(context)
    if (found := await therapist_of(update, d)) is None:
        return
    therapist, message = found
    async with d.transaction() as session:
        data = await export.export_csv(
            session, therapist_id=therapist.user_id, now=d.now(), zone=therapist.timezone
        )
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
    if therapist is None or user is None:
        await message.reply_text(d.text("therapist.not_linked"))
        return
    await message.reply_text(d.text("therapist.unlinked", therapist=therapist.display_name))
    if therapist.active:
        await tell_therapist_of_event(
            d.notifier,
            d.content.texts,
            therapist_chat_id=therapist.user_id,
            patient_name=user.display_name or str(user.id),
            event=PatientEvent.UNLINKED,
            token=f"{message.chat_id}:{message.message_id}",
        )
