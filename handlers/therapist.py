"""Therapist and admin handlers: invite links (deep links with QR codes), accepting them,
/patients with a detail view and actions, /export, /unlink, and alerts (the weekly digest is
in `bot.delivery.jobs`).

Callback data: `iv:<nonce>:<y|n>` accept/decline a patient invite (the nonce of a one-use
confirmation stored for the user who opened the link); `tn:<invite>` take the
Telegram name as therapist name; `ti:rv:<invite>` revoke; `ta:off:<therapist>` deactivate;
`tp:<patient>:<action>[:<arg>]` patient actions. Every `tp:` press re-checks on the database
that the patient belongs to the pressing therapist.
"""

from __future__ import annotations

import datetime as dt
import logging
import re

from telegram import Bot, InputFile, LinkPreviewOptions, Message, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes
from telegram.helpers import create_deep_linked_url

from bot.db import store
from bot.db.models import Escalation, InviteKind, Therapist, User
from bot.deps import Deps
from bot.domain import scheduling, selftest
from bot.render import charts
from bot.render.qr import qr_png
from bot.services import progress, safety, selftests, therapy
from bot.services.onboarding import current_step
from bot.services.therapy import Resolution
from handlers import onboarding
from handlers._shared import button, deps, edit_markup, ids, keyboard, matched_press, parse_data
from handlers.selftest import chart_labels

log = logging.getLogger(__name__)

AWAIT_NAME, AWAIT_MESSAGE, AWAIT_TIME = "therapist_name", "t_message", "t_time"
MAX_MESSAGE = 1000
ALERT_QUOTE_CHARS = 300
_TP_RE = re.compile(r"^tp:(\d{1,16}):([a-z]{1,8})(?::([a-z0-9-]{1,40}))?$")
# The accept/decline code is a nonce (bot.services.confirmations); anything of a similar shape is
# matched so that a forged press is refused and counted, not just called expired.
_IV_RE = re.compile(r"^iv:([A-Za-z0-9_-]{1,32}):([yn])$")
_TA_RE = re.compile(r"^ta:off:(\d{1,16})$")
_TI_RE = re.compile(r"^ti:rv:(\d{1,9})$")


def _date(value: dt.datetime) -> str:
    return value.strftime("%d %b %Y")


def is_admin(d: Deps, user_id: int) -> bool:
    """Admins are exactly the ids in ADMIN_IDS."""
    return user_id in d.settings.admin_ids


async def _therapist_or_refuse(update: Update, d: Deps) -> tuple[int, Message] | None:
    """(therapist id, message) for a command from an active therapist; anyone else is told
    the command is for therapists and gets None."""
    who, message = ids(update), update.effective_message
    if who is None or message is None:
        return None
    async with d.transaction() as session:
        therapist = await therapy.active_therapist(session, user_id=who[0])
    if therapist is None:
        await message.reply_text(d.text("therapist.not_therapist"))
        return None
    return who[0], message


async def _send_link(message: Message, d: Deps, text: str, link: str, expires: dt.datetime) -> None:
    await message.reply_text(text)
    await message.chat.send_photo(
        InputFile(qr_png(link), filename="invite-qr.png"),
        caption=d.text("therapist.qr_caption", expires=_date(expires)),
    )


# --- deep links ---------------------------------------------------------------------------


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start, with or without an invite payload (`https://t.me/<bot>?start=<token>`)."""
    who, message = ids(update), update.effective_message
    if who is None or message is None:
        return
    if not context.args:
        await onboarding.start(update, context)
        return
    d = deps(context)
    async with d.transaction() as session:
        user = await store.get_or_create_user(session, user_id=who[0], chat_id=who[1], now=d.now())
        result, invite = await therapy.resolve(
            session, token=context.args[0], user_id=who[0], now=d.now()
        )
        if invite is not None and invite.kind == InviteKind.THERAPIST.value:
            user.awaiting, user.awaiting_ref = AWAIT_NAME, invite.id
    if result is not Resolution.OK or invite is None:
        # Unknown, expired, used up, revoked or throttled: one answer, no hint which.
        await message.reply_text(d.text("therapist.invite_unusable"))
        await onboarding.begin(update, context, message)
        return
    assert invite.id is not None
    if invite.kind == InviteKind.THERAPIST.value:
        await _ask_name(update, message, d, invite.id)
        return
    async with d.transaction() as session:
        therapist = await therapy.active_therapist(session, user_id=invite.therapist_id or 0)
        nonce = await therapy.offer_patient_invite(
            session, user_id=who[0], invite=invite, now=d.now()
        )
    assert therapist is not None
    buttons = [
        [
            (d.text("therapist.accept"), f"iv:{nonce}:y"),
            (d.text("therapist.decline"), f"iv:{nonce}:n"),
        ]
    ]
    await message.chat.send_message(
        d.text(
            "onboarding.welcome",
            name=update.effective_user.first_name if update.effective_user else "",
        )
    )
    await message.chat.send_message(
        d.text("therapist.patient_invite_offer", therapist=therapist.display_name),
        reply_markup=keyboard(buttons),
    )


async def _ask_name(update: Update, message: Message, d: Deps, invite_id: int) -> None:
    name = (update.effective_user.full_name if update.effective_user else "")[:64]
    buttons = (
        [[(d.text("therapist.use_name", name=name), f"tn:{invite_id}")]] if len(name) >= 2 else []
    )
    await message.chat.send_message(
        d.text("therapist.therapist_name_question"),
        reply_markup=keyboard(buttons) if buttons else None,
    )


async def on_invite_answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A patient accepts or declines the invite they opened (bound to them, one use)."""
    d = deps(context)
    pressed = await matched_press(update, d, _IV_RE)
    if pressed is None:
        return
    query, message, who, match = pressed
    name = update.effective_user.full_name if update.effective_user else str(who[0])
    async with d.transaction() as session:
        answer, therapist = await therapy.answer_patient_invite(
            session,
            user_id=who[0],
            nonce=match[1],
            accept=match[2] == "y",
            display_name=name,
            now=d.now(),
        )
        user = await store.get_user(session, user_id=who[0])
        step = current_step(user)
    if answer is therapy.Answer.REFUSED:
        await query.answer(d.text("common.button_expired"), show_alert=True)
        return
    await query.answer()
    await edit_markup(message, None)
    if answer is therapy.Answer.DECLINED:
        await message.chat.send_message(d.text("therapist.declined"))
        await onboarding.begin(update, context, message)
        return
    if therapist is None:
        await message.chat.send_message(d.text("therapist.invite_unusable"))
        await onboarding.begin(update, context, message)
        return
    await message.chat.send_message(d.text("therapist.linked", therapist=therapist.display_name))
    await onboarding.ask(message, d, step)


async def on_name_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The invited therapist takes their Telegram name as display name."""
    pressed = button(update)
    if pressed is None:
        return
    query, message, _ = pressed
    await query.answer()
    name = (update.effective_user.full_name if update.effective_user else "")[:64]
    await _become_therapist(update, context, message, name)


async def _become_therapist(
    update: Update, context: ContextTypes.DEFAULT_TYPE, message: Message, name: str
) -> None:
    d, who = deps(context), ids(update)
    assert who is not None
    if not 2 <= len(name.strip()) <= 64:
        await message.chat.send_message(d.text("therapist.name_invalid"))
        return
    async with d.transaction() as session:
        user = await store.get_user(session, user_id=who[0])
        therapist = None
        if user is not None and user.awaiting == AWAIT_NAME and user.awaiting_ref is not None:
            therapist = await therapy.accept_therapist_invite(
                session,
                user=user,
                invite_id=user.awaiting_ref,
                display_name=name.strip(),
                now=d.now(),
            )
            user.awaiting, user.awaiting_ref = None, None
    if therapist is None:
        await message.chat.send_message(d.text("therapist.invite_unusable"))
        return
    await message.chat.send_message(
        d.text("therapist.therapist_welcome", name=therapist.display_name)
    )


# --- admin --------------------------------------------------------------------------------


async def new_therapist(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/newtherapist (admins): an invite link that makes its opener a therapist."""
    d, who, message = deps(context), ids(update), update.effective_message
    if who is None or message is None:
        return
    if not is_admin(d, who[0]):
        await message.reply_text(d.text("therapist.not_admin"))
        return
    async with d.transaction() as session:
        invite, token = await therapy.create_invite(
            session, kind=InviteKind.THERAPIST, created_by=who[0], now=d.now()
        )
    link = create_deep_linked_url(context.bot.username, token)
    text = d.text("therapist.therapist_invite_made", expires=_date(invite.expires_at), link=link)
    await _send_link(message, d, text, link, invite.expires_at)


async def therapists_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/therapists (admins): every therapist, with a button to deactivate the active ones."""
    d, who, message = deps(context), ids(update), update.effective_message
    if who is None or message is None:
        return
    if not is_admin(d, who[0]):
        await message.reply_text(d.text("therapist.not_admin"))
        return
    async with d.transaction() as session:
        everyone = list(await therapy.list_therapists(session))
    lines = [d.text("therapist.therapists_header")]
    rows = []
    for t in everyone:
        state = d.text("therapist.state_active" if t.active else "therapist.state_inactive")
        lines.append(
            d.text("therapist.therapist_line", name=t.display_name, id=t.user_id, state=state)
        )
        if t.active:
            rows.append(
                [
                    (
                        d.text("therapist.deactivate_button", name=t.display_name),
                        f"ta:off:{t.user_id}",
                    )
                ]
            )
    await message.reply_text("\n".join(lines), reply_markup=keyboard(rows) if rows else None)


async def on_admin_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Deactivate a therapist (admins only, checked again here)."""
    pressed = button(update)
    if pressed is None:
        return
    query, message, who = pressed
    d = deps(context)
    match = parse_data(_TA_RE, query.data)
    if match is None or not is_admin(d, who[0]):
        log.warning("user %s pressed an admin button without being an admin", who[0])
        await query.answer(d.text("therapist.not_admin"), show_alert=True)
        return
    async with d.transaction() as session:
        therapist = await session.get(Therapist, int(match[1]))
        done = await therapy.deactivate(session, therapist_id=int(match[1]), by=who[0], now=d.now())
    await query.answer()
    if done and therapist is not None:
        await message.chat.send_message(
            d.text("therapist.deactivated", name=therapist.display_name)
        )


# --- therapist commands ---------------------------------------------------------------------


def _parse_invite_args(d: Deps, args: list[str]) -> dict[str, object] | None:
    options: dict[str, object] = {}
    for arg in args:
        key, _, value = arg.partition("=")
        if value and key in {"days", "uses"} and value.isdigit():
            options[key] = int(value)
        elif not value and arg in d.content.catalog.programmes:
            options["programme_id"] = arg
        elif not value and (at := scheduling.parse_local_time(arg)) is not None:
            options["reminder_time"] = at
        else:
            return None
    days, uses = options.get("days", therapy.DEFAULT_INVITE_DAYS), options.get("uses", 1)
    assert isinstance(days, int) and isinstance(uses, int)
    if not 1 <= days <= therapy.MAX_INVITE_DAYS or not 1 <= uses <= therapy.MAX_INVITE_USES:
        return None
    return options


async def invite_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/invite [programme] [HH:MM] [days=N] [uses=N]: a patient invite link and its QR code."""
    d = deps(context)
    if (found := await _therapist_or_refuse(update, d)) is None:
        return
    therapist_id, message = found
    options = _parse_invite_args(d, list(context.args or []))
    if options is None:
        programmes = ", ".join(d.content.catalog.programmes)
        await message.reply_text(d.text("therapist.invite_usage", programmes=programmes))
        return
    async with d.transaction() as session:
        invite, token = await therapy.create_invite(
            session,
            kind=InviteKind.PATIENT,
            created_by=therapist_id,
            therapist_id=therapist_id,
            now=d.now(),
            **options,  # type: ignore[arg-type]
        )
    link = create_deep_linked_url(context.bot.username, token)
    details = ""
    if invite.programme_id:
        details += d.text("therapist.invite_details_programme", programme=invite.programme_id)
    if invite.reminder_time:
        details += d.text("therapist.invite_details_time", time=invite.reminder_time)
    text = d.text(
        "therapist.invite_made",
        expires=_date(invite.expires_at),
        uses=invite.max_uses,
        details=details,
        link=link,
    )
    await _send_link(message, d, text, link, invite.expires_at)


async def invites_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/invites: your open invite links, each with a revoke button."""
    d, who, message = deps(context), ids(update), update.effective_message
    if who is None or message is None:
        return
    if not is_admin(d, who[0]) and await _therapist_or_refuse(update, d) is None:
        return
    async with d.transaction() as session:
        open_ = list(await therapy.open_invites(session, created_by=who[0], now=d.now()))
    if not open_:
        await message.reply_text(d.text("therapist.invites_none"))
        return
    lines = [d.text("therapist.invites_header")]
    rows = []
    for inv in open_:
        lines.append(
            d.text(
                "therapist.invite_line",
                id=inv.id,
                kind=inv.kind,
                uses=inv.uses,
                max_uses=inv.max_uses,
                expires=_date(inv.expires_at),
            )
        )
        rows.append([(d.text("therapist.revoke_button", id=inv.id), f"ti:rv:{inv.id}")])
    await message.reply_text("\n".join(lines), reply_markup=keyboard(rows))


async def on_revoke(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Revoke one of your invites."""
    pressed = button(update)
    if pressed is None:
        return
    query, message, who = pressed
    d = deps(context)
    match = parse_data(_TI_RE, query.data)
    async with d.transaction() as session:
        done = match is not None and await therapy.revoke(
            session, invite_id=int(match[1]), by=who[0], now=d.now()
        )
    if not done or match is None:
        await query.answer(d.text("common.button_expired"))
        return
    await query.answer()
    await message.chat.send_message(d.text("therapist.revoked", id=match[1]))


async def patients_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/patients: one line per patient (adherence, last drill, self-test, alerts first)."""
    d = deps(context)
    if (found := await _therapist_or_refuse(update, d)) is None:
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
        rows.append([(d.text("therapist.buttons.detail", name=line.name), f"tp:{line.user_id}:d")])
    await message.reply_text("\n".join(text), reply_markup=keyboard(rows))


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
    lines = [
        d.text(
            "therapist.detail",
            name=patient.display_name or patient.id,
            programme=patient.programme_id,
            schedule=schedule_text,
            zone=patient.timezone or "-",
            diabetes=d.text(f"therapist.diabetes.{patient.diabetes}"),
        ),
        "",
        d.text("therapist.detail_sessions"),
    ]
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
    base = f"tp:{patient.id}"
    rows = [
        [
            (d.text("therapist.buttons.charts"), f"{base}:charts"),
            (d.text("therapist.buttons.programme"), f"{base}:prog"),
        ],
        [
            (d.text("therapist.buttons.time"), f"{base}:time"),
            (d.text("therapist.buttons.pause"), f"{base}:pause"),
        ],
        [
            (d.text("therapist.buttons.message"), f"{base}:msg"),
            (d.text("therapist.buttons.clear"), f"{base}:clear"),
        ],
    ]
    await message.chat.send_message("\n".join(lines), reply_markup=keyboard(rows))


def _open(e: Escalation) -> bool:
    return e.pauses_prompts and e.confirmed_at is None and e.cleared_at is None


async def on_patient_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A patient action; refused unless the patient is linked to the pressing therapist."""
    d = deps(context)
    pressed = await matched_press(update, d, _TP_RE)
    if pressed is None:
        return
    query, message, who, match = pressed
    patient_id, action, arg = int(match[1]), match[2], match[3]
    async with d.transaction() as session:
        patient = await therapy.patient_of(session, therapist_id=who[0], patient_id=patient_id)
        therapist = await therapy.active_therapist(session, user_id=who[0])
    if patient is None or therapist is None:
        await query.answer(d.text("therapist.refused"), show_alert=True)
        return
    await query.answer()
    name = patient.display_name or str(patient.id)
    if action in {"d", "charts"}:
        async with d.transaction() as session:
            await therapy.record_view(
                session, therapist_id=who[0], patient_id=patient.id, what=action, now=d.now()
            )
        await (_detail if action == "d" else _charts)(message, d, patient)
    elif action == "prog" and arg is None:
        rows = [
            [(p.title, f"tp:{patient.id}:prog:{p.id}")]
            for p in d.content.catalog.programmes.values()
        ]
        await message.chat.send_message(
            d.text("therapist.buttons.programme"), reply_markup=keyboard(rows)
        )
    elif action == "prog" and arg in d.content.catalog.programmes:
        async with d.transaction() as session:
            fresh = await therapy.patient_of(session, therapist_id=who[0], patient_id=patient.id)
            if fresh is not None:
                await therapy.set_programme(
                    session, patient=fresh, programme_id=arg, by=who[0], now=d.now()
                )
        await message.chat.send_message(
            d.text(
                "therapist.programme_set",
                name=name,
                programme=d.content.catalog.programme(arg).title,
            )
        )
    elif action in {"time", "msg"}:
        async with d.transaction() as session:
            awaiting = AWAIT_TIME if action == "time" else AWAIT_MESSAGE
            await store.set_awaiting(session, user_id=who[0], awaiting=awaiting, ref=patient.id)
        key = "therapist.time_prompt" if action == "time" else "therapist.message_prompt"
        await message.chat.send_message(d.text(key, name=name))
    elif action == "pause":
        async with d.transaction() as session:
            fresh = await session.get(User, patient.id)
            assert fresh is not None
            paused = await therapy.toggle_pause(session, patient=fresh, by=who[0], now=d.now())
        key = {None: "therapist.no_schedule", True: "therapist.paused", False: "therapist.resumed"}[
            paused
        ]
        await message.chat.send_message(d.text(key, name=name))
    elif action == "clear":
        async with d.transaction() as session:
            pending = await safety.open_pause(session, user_id=patient.id)
            done = (
                pending is not None
                and pending.id is not None
                and await safety.clear(session, escalation_id=pending.id, by=who[0], now=d.now())
            )
        await message.chat.send_message(
            d.text("therapist.cleared" if done else "therapist.nothing_to_clear", name=name)
        )
    else:
        await message.chat.send_message(d.text("common.button_expired"))


async def _charts(message: Message, d: Deps, patient: User) -> None:
    async with d.transaction() as session:
        data = await progress.collect(session, user=patient, now=d.now())
        report = await selftests.report(session, user_id=patient.id)
    picture = charts.progress_chart(
        points=[(p.day, p.left, p.right) for p in data.points],
        adherence=data.adherence,
        title=patient.display_name or str(patient.id),
        labels=chart_labels(d),
    )
    await message.chat.send_photo(
        InputFile(picture.png, filename="progress.png"), caption=picture.alt_text[:1024]
    )
    if report is not None:
        foot = charts.foot_map(
            selftest.plain(report.answers), title=patient.display_name or "", labels=chart_labels(d)
        )
        await message.chat.send_photo(
            InputFile(foot.png, filename="foot-map.png"), caption=foot.alt_text[:1024]
        )


def awaits_input(user: User) -> bool:
    """An invited therapist's name or a patient's new time is awaited (triaged first)."""
    return user.awaiting in {AWAIT_NAME, AWAIT_TIME}


def awaits_message(user: User) -> bool:
    """A therapist's message to a patient is awaited (not triaged: see handlers.routes)."""
    return user.awaiting == AWAIT_MESSAGE


async def reask(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User) -> None:
    """Ask again for the name, time or message still awaited."""
    d, message = deps(context), update.effective_message
    assert message is not None
    if user.awaiting == AWAIT_NAME and user.awaiting_ref is not None:
        await _ask_name(update, message, d, user.awaiting_ref)
        return
    if user.awaiting not in {AWAIT_MESSAGE, AWAIT_TIME} or user.awaiting_ref is None:
        return
    async with d.transaction() as session:
        patient = await therapy.patient_of(
            session, therapist_id=user.id, patient_id=user.awaiting_ref
        )
    if patient is not None:
        key = "therapist.time_prompt" if user.awaiting == AWAIT_TIME else "therapist.message_prompt"
        await message.chat.send_message(d.text(key, name=patient.display_name or patient.id))


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User) -> bool:
    """Typed answers a therapist owes (message, time) or an invited therapist's name."""
    d, message = deps(context), update.effective_message
    assert message is not None and message.text is not None
    text = message.text
    if user.awaiting == AWAIT_NAME:
        await _become_therapist(update, context, message, text)
        return True
    if user.awaiting not in {AWAIT_MESSAGE, AWAIT_TIME} or user.awaiting_ref is None:
        return False
    async with d.transaction() as session:
        patient = await therapy.patient_of(
            session, therapist_id=user.id, patient_id=user.awaiting_ref
        )
        therapist = await therapy.active_therapist(session, user_id=user.id)
        me = await store.get_user(session, user_id=user.id)
        assert me is not None
        awaiting = me.awaiting
        me.awaiting, me.awaiting_ref = None, None
    if patient is None or therapist is None:
        await message.reply_text(d.text("therapist.refused"))
        return True
    name = patient.display_name or str(patient.id)
    if awaiting == AWAIT_MESSAGE:
        if len(text) > MAX_MESSAGE:
            await message.reply_text(d.text("therapist.message_too_long", length=len(text)))
            return True
        await context.bot.send_message(
            patient.chat_id,
            d.text("therapist.message_from", therapist=therapist.display_name, text=text),
        )
        async with d.transaction() as session:
            await therapy.record_message(
                session, therapist_id=user.id, patient_id=patient.id, now=d.now()
            )
        await message.reply_text(d.text("therapist.message_sent", name=name))
        return True
    at = scheduling.parse_local_time(text)
    if at is None:
        await message.reply_text(d.text("therapist.time_invalid"))
        return True
    async with d.transaction() as session:
        fresh = await session.get(User, patient.id)
        assert fresh is not None
        schedule = await therapy.set_patient_time(
            session, patient=fresh, at=at, by=user.id, now=d.now()
        )
    key = "therapist.time_set" if schedule is not None else "therapist.time_kept"
    await message.reply_text(d.text(key, name=name, time=at.strftime("%H:%M")))
    return True


async def export_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/export: a CSV of your own patients' sessions and self-tests."""
    d = deps(context)
    if (found := await _therapist_or_refuse(update, d)) is None:
        return
    therapist_id, message = found
    async with d.transaction() as session:
        data = await therapy.export_csv(session, therapist_id=therapist_id, now=d.now())
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
        therapist = await session.get(Therapist, previous) if previous is not None else None
    if therapist is None:
        await message.reply_text(d.text("therapist.not_linked"))
        return
    await message.reply_text(d.text("therapist.unlinked", therapist=therapist.display_name))


# --- alerts -------------------------------------------------------------------------------


async def alert(bot: Bot, d: Deps, escalation: Escalation) -> bool:
    """Tell a person at once about a patient's emergency or urgent escalations: their active
    therapist, else the admins; alerts within ALERT_FOLD_MINUTES are folded into one."""
    now = d.now()
    window = dt.timedelta(minutes=d.settings.alert_fold_minutes)
    async with d.transaction() as session:
        patient = await session.get(User, escalation.user_id)
        audience, recipients = await therapy.alert_recipients(
            session, user_id=escalation.user_id, admin_ids=d.settings.admin_ids
        )
        batch = (
            await safety.alert_batch(session, user_id=escalation.user_id, now=now, window=window)
            if patient is not None and recipients
            else []
        )
    if patient is None or not batch:
        return False
    newest, earlier = batch[-1], batch[:-1]
    action = newest.advice.split("\n", 1)[0]
    lines = [
        d.text(
            "therapist.alert",
            level=newest.level.upper(),
            name=safety.defang(str(patient.display_name or patient.id)),
            time=newest.created_at.strftime("%Y-%m-%d %H:%M"),
            # The patient's own words, on one line, links broken so none can be tapped;
            # echo() would cut them to 40 characters.
            text=safety.defang(
                " ".join((newest.text or newest.evidence).split())[:ALERT_QUOTE_CHARS]
            ),
            flags=newest.flags.replace(",", ", ") or "-",
            action=re.sub(r"<[^>]+>", "", action),
        )
    ]
    if earlier:
        lines.append(d.text("safety.alert_more_header"))
        lines.extend(
            d.text(
                "safety.alert_more_item",
                time=e.created_at.strftime("%H:%M"),
                level=e.level,
                flags=e.flags.replace(",", ", ") or "-",
            )
            for e in earlier
        )
    if audience is safety.Audience.TEAM:
        lines.append(d.text("safety.alert_to_team"))
    text = "\n".join(lines)
    sent = False
    for recipient in recipients:
        try:
            await bot.send_message(
                recipient, text, link_preview_options=LinkPreviewOptions(is_disabled=True)
            )
        except TelegramError as exc:
            log.warning(
                "alert for escalation %s to %s not delivered (%s)",
                newest.id,
                audience.value,
                type(exc).__name__,
            )
            continue
        sent = True
    if sent:
        async with d.transaction() as session:
            await safety.mark_alerted(
                session, escalation_ids=[e.id for e in batch if e.id is not None], now=d.now()
            )
    return sent
