"""Clinic handlers: /newclinic, /clinics and /movetherapist (the bot's admins), /alerts
(therapists, clinic admins and admins: the open urgent alerts they may see, with who took
each on) and its Acknowledge button. Callback data: `bot.callbacks.AlertPress`
(`al:ack:<escalation>`, re-checked against the presser's access to the patient)."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ContextTypes

from bot.callbacks import AlertPress
from bot.domain.escalation import defang
from bot.domain.flags import flags_text
from bot.domain.timefmt import local_label
from bot.services import access, clinics, therapy
from handlers._shared import button, deps, edit_markup, ids, keyboard
from handlers._therapy import admin_of

log = logging.getLogger(__name__)

# The patient's words shown per alert in /alerts (the dashboard shows them whole).
QUOTE_CHARS = 200
# /alerts shows this many (unacknowledged first); the dashboard's inbox has them all.
ALERTS_SHOWN = 15


async def new_clinic(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/newclinic <name> (admins): create a clinic."""
    d = deps(context)
    if (caller := await admin_of(update, d)) is None:
        return
    user_id, message = caller
    try:
        async with d.transaction() as session:
            clinic = await clinics.create_clinic(
                session, name=" ".join(context.args or []), by=user_id, now=d.now()
            )
    except ValueError:
        await message.reply_text(d.text("clinic.newclinic_usage"))
        return
    await message.reply_text(d.text("clinic.created", name=clinic.name, id=clinic.id))


async def clinics_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/clinics (admins): every clinic with its number of therapists and its admins."""
    d = deps(context)
    if (caller := await admin_of(update, d)) is None:
        return
    _, message = caller
    async with d.transaction() as session:
        everyone = await clinics.list_clinics(session)
        members = {c.id: await clinics.therapists_of_clinic(session, c.id) for c in everyone}
    if not everyone:
        await message.reply_text(d.text("clinic.clinics_none"))
        return
    lines = [d.text("clinic.clinics_header")]
    for c in everyone:
        admins = [t.display_name for t in members[c.id] if t.clinic_admin]
        lines.append(
            d.text(
                "clinic.clinic_line",
                id=c.id,
                name=c.name,
                therapists=len(members[c.id]),
                admins=", ".join(admins) or d.text("clinic.no_admins"),
            )
        )
    await message.reply_text("\n".join(lines))


def _move_args(args: list[str]) -> tuple[int, int | None, bool] | None:
    """`therapist-id clinic-id [admin]` or `therapist-id none`; None if malformed."""
    if len(args) not in (2, 3) or not args[0].isdigit() or len(args[0]) > 16:
        return None
    if args[1].lower() == "none":
        return (int(args[0]), None, False) if len(args) == 2 else None
    if not args[1].isdigit() or len(args[1]) > 9:
        return None
    if len(args) == 3 and args[2].lower() != "admin":
        return None
    return int(args[0]), int(args[1]), len(args) == 3


async def move_therapist(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/movetherapist <therapist> <clinic|none> [admin] (admins): put a therapist in a clinic."""
    d = deps(context)
    if (caller := await admin_of(update, d)) is None:
        return
    user_id, message = caller
    parsed = _move_args(list(context.args or []))
    if parsed is None:
        await message.reply_text(d.text("clinic.move_usage"))
        return
    therapist_id, clinic_id, admin = parsed
    async with d.transaction() as session:
        known = await therapy.therapist_record(session, user_id=therapist_id)
        moved = await clinics.move_therapist(
            session,
            therapist_id=therapist_id,
            clinic_id=clinic_id,
            clinic_admin=admin,
            by=user_id,
            now=d.now(),
        )
        clinic = await clinics.get_clinic(session, clinic_id) if clinic_id is not None else None
    if moved is None:
        await message.reply_text(
            d.text("clinic.no_therapist" if known is None else "clinic.no_clinic")
        )
    elif clinic is None:
        await message.reply_text(d.text("clinic.moved_out", name=moved.display_name))
    else:
        role = d.text("clinic.role_admin") if moved.clinic_admin else ""
        await message.reply_text(
            d.text("clinic.moved", name=moved.display_name, clinic=clinic.name, role=role)
        )


async def alerts_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/alerts (staff): open urgent and emergency alerts, with who acknowledged each."""
    d, who, message = deps(context), ids(update), update.effective_message
    if who is None or message is None:
        return
    now = d.now()
    async with d.transaction() as session:
        viewer = await access.viewer_for(session, user_id=who[0], admin_ids=d.settings.admin_ids)
        items = (
            await clinics.open_alerts(session, viewer=viewer, now=now, limit=ALERTS_SHOWN)
            if viewer is not None
            else []
        )
    if viewer is None:
        await message.reply_text(d.text("clinic.not_staff"))
        return
    if not items:
        await message.reply_text(d.text("clinic.alerts_none"))
        return
    zone = viewer.therapist.timezone if viewer.therapist is not None else None
    await message.reply_text(d.text("clinic.alerts_header"))
    # One message per alert, so each carries its own Acknowledge button and none is too long.
    for item in items:
        if item.acknowledged_at is None:
            state = d.text("clinic.state_open")
        else:
            state = d.text(
                "clinic.state_acked",
                name=item.acknowledged_by_name or "-",
                time=local_label(item.acknowledged_at, zone),
            )
        text = d.text(
            "clinic.alert_item",
            level=item.level.upper(),
            name=defang(item.patient_name),
            time=local_label(item.created_at, zone),
            text=defang(" ".join(item.text.split())[:QUOTE_CHARS]),
            flags=flags_text(d.content.texts, item.flags),
            state=state,
        )
        markup = None
        if item.acknowledged_at is None:
            label = d.text("clinic.ack_button", name=item.patient_name)
            markup = keyboard([[(label, AlertPress("ack", item.id).pack())]])
        await message.chat.send_message(text, reply_markup=markup)


async def on_alert_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Acknowledge an alert (only one the presser may see; the first acknowledger is kept)."""
    pressed = button(update)
    if pressed is None:
        return
    query, message, who = pressed
    d, press = deps(context), AlertPress.unpack(query.data)
    if press is None:
        await query.answer(d.text("common.button_expired"), show_alert=True)
        return
    now = d.now()
    async with d.transaction() as session:
        viewer = await access.viewer_for(session, user_id=who[0], admin_ids=d.settings.admin_ids)
        escalation = (
            await clinics.acknowledge(
                session, escalation_id=press.escalation, viewer=viewer, now=now
            )
            if viewer is not None
            else None
        )
        by = await clinics.acknowledger_name(session, escalation) if escalation else None
        name = await clinics.patient_name(session, escalation.user_id) if escalation else ""
    if viewer is None or escalation is None or escalation.acknowledged_at is None:
        log.warning("user %s was refused acknowledging escalation %s", who[0], press.escalation)
        await query.answer(d.text("clinic.ack_refused"), show_alert=True)
        return
    zone = viewer.therapist.timezone if viewer.therapist is not None else None
    await query.answer()
    await edit_markup(message, None)
    if escalation.acknowledged_by == viewer.user_id:
        text = d.text("clinic.acked", name=name, time=local_label(escalation.acknowledged_at, zone))
    else:
        text = d.text(
            "clinic.already_acked",
            by=by or "-",
            name=name,
            time=local_label(escalation.acknowledged_at, zone),
        )
    await message.chat.send_message(text)
