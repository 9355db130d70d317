"""Admin handlers: /newtherapist (an invite link that enrols a therapist, of a clinic or its
admin if asked), /therapists and deactivating one (confirmed, with the choice of where their
patients go). Callback data: `bot.callbacks.AdminPress` (`ta:off:<therapist>` asks,
`ta:to:<therapist>:<target>` does it, `ta:no:<therapist>` cancels)."""

from __future__ import annotations

import logging

from telegram import CallbackQuery, Message, Update
from telegram.ext import ContextTypes
from telegram.helpers import create_deep_linked_url

from bot.callbacks import AdminPress
from bot.delivery.handover import tell_admins_unlinked, tell_new_therapist
from bot.deps import Deps
from bot.services import access, clinics, therapy
from bot.services.clinics import Destination
from handlers._dashboard import withdraw_menu_button
from handlers._shared import button, deps, edit_text, ids, keyboard
from handlers._therapy import admin_of, date_text, is_admin, send_link

log = logging.getLogger(__name__)

# Buttons of other therapists offered to take a deactivated one's patients (a chat keyboard
# is no place for a whole clinic; /movetherapist and the clinic's admins cover the rest).
MAX_DESTINATIONS = 20


def _invite_args(args: list[str]) -> tuple[int | None, bool] | None:
    """`[clinic id] [admin]` as (clinic id or None, admin?); None if malformed."""
    if len(args) > 2:
        return None
    clinic_id: int | None = None
    admin = False
    for arg in args:
        if arg.isdigit() and clinic_id is None and len(arg) < 10:
            clinic_id = int(arg)
        elif arg.lower() == "admin" and not admin:
            admin = True
        else:
            return None
    return clinic_id, admin


async def new_therapist(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/newtherapist [clinic id] [admin]: an invite link that makes its opener a therapist."""
    d, who, message = deps(context), ids(update), update.effective_message
    if who is None or message is None:
        return
    parsed = _invite_args(list(context.args or []))
    async with d.transaction() as session:
        viewer = await access.viewer_for(session, user_id=who[0], admin_ids=d.settings.admin_ids)
        allowed = viewer is not None and (viewer.bot_admin or viewer.clinic_admin)
        made = clinic = None
        if viewer is not None and allowed and parsed is not None:
            made = await clinics.clinic_invite(
                session, viewer=viewer, clinic_id=parsed[0], clinic_admin=parsed[1], now=d.now()
            )
            if made is not None and made[0].clinic_id is not None:
                clinic = await clinics.get_clinic(session, made[0].clinic_id)
    if viewer is None or not allowed:
        await message.reply_text(d.text("therapist.not_admin"))
        return
    if parsed is None:
        await message.reply_text(d.text("clinic.newtherapist_usage"))
        return
    if made is None:
        await message.reply_text(
            d.text("clinic.no_clinic" if viewer.bot_admin else "clinic.not_your_clinic")
        )
        return
    invite, token = made
    link = create_deep_linked_url(context.bot.username, token)
    expires = date_text(invite.expires_at)
    if clinic is None:
        text = d.text("therapist.therapist_invite_made", expires=expires, link=link)
    else:
        role = d.text("clinic.invite_role_admin") if invite.clinic_admin else ""
        text = d.text(
            "clinic.invite_made", clinic=clinic.name, role=role, expires=expires, link=link
        )
    await send_link(message, d, text, link, invite.expires_at)


async def therapists_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/therapists (admins): every therapist, with a button to deactivate the active ones."""
    d = deps(context)
    if (caller := await admin_of(update, d)) is None:
        return
    _, message = caller
    async with d.transaction() as session:
        everyone = list(await therapy.list_therapists(session))
        names = {c.id: c.name for c in await clinics.list_clinics(session)}
    lines = [d.text("therapist.therapists_header")]
    rows = []
    for t in everyone:
        state = d.text("therapist.state_active" if t.active else "therapist.state_inactive")
        line = d.text("therapist.therapist_line", name=t.display_name, id=t.user_id, state=state)
        if t.clinic_id is not None:
            role = d.text("clinic.role_admin") if t.clinic_admin else ""
            line += d.text("clinic.therapist_clinic", clinic=names.get(t.clinic_id, ""), role=role)
        lines.append(line)
        if t.active:
            label = d.text("therapist.deactivate_button", name=t.display_name)
            rows.append([(label, AdminPress("off", t.user_id).pack())])
    await message.reply_text("\n".join(lines), reply_markup=keyboard(rows) if rows else None)


async def on_admin_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Deactivate a therapist: ask where their patients go, then move them (admins only)."""
    pressed = button(update)
    if pressed is None:
        return
    query, message, who = pressed
    d, press = deps(context), AdminPress.unpack(query.data)
    if press is None or not is_admin(d, who[0]):
        log.warning("user %s pressed an admin button without being an admin", who[0])
        await query.answer(d.text("therapist.not_admin"), show_alert=True)
        return
    if press.action == "off":
        await _ask_destination(query, message, d, press.therapist)
        return
    async with d.transaction() as session:
        therapist = await therapy.therapist_record(session, user_id=press.therapist)
    if therapist is None or not therapist.active:
        await query.answer()
        name = therapist.display_name if therapist is not None else str(press.therapist)
        await edit_text(message, d.text("clinic.already_inactive", name=name), None)
        return
    if press.action == "no":
        await query.answer()
        await edit_text(message, d.text("clinic.kept", name=therapist.display_name), None)
        return
    target = press.target
    try:
        async with d.transaction() as session:
            done = await clinics.deactivate(
                session,
                therapist_id=press.therapist,
                by=who[0],
                now=d.now(),
                patients_to=target if target is not None and target > 0 else None,
                unlink=target == AdminPress.UNLINK,
            )
    except ValueError:
        await query.answer()
        await edit_text(message, d.text("clinic.destination_gone"), None)
        return
    await query.answer()
    if done is None:
        await edit_text(
            message, d.text("clinic.already_inactive", name=therapist.display_name), None
        )
        return
    count = len(done.patient_ids)
    if done.destination is Destination.UNLINKED:
        text = d.text("clinic.deactivated_unlinked", name=therapist.display_name, count=count)
    else:
        assert done.to is not None
        text = d.text(
            "clinic.deactivated_to",
            name=therapist.display_name,
            count=count,
            to=done.to.display_name,
        )
    await edit_text(message, text, None)
    # Their chat is a private one: its id is theirs.
    await withdraw_menu_button(context.bot, therapist.user_id)
    stamp = f"{therapist.user_id}:{d.now():%Y%m%d%H%M}"
    if done.to is not None and done.patient_ids:
        await tell_new_therapist(
            d,
            therapist_id=done.to.user_id,
            from_name=therapist.display_name,
            patient_names=done.patient_names,
            key=f"received:{stamp}",
        )
    if done.destination is Destination.UNLINKED and done.patient_ids:
        await tell_admins_unlinked(
            d,
            therapist_name=therapist.display_name,
            patient_names=done.patient_names,
            key=f"unlinked:{stamp}",
        )


async def _ask_destination(
    query: CallbackQuery, message: Message, d: Deps, therapist_id: int
) -> None:
    """The confirmation: where the therapist's patients go (buttons), or cancel."""
    async with d.transaction() as session:
        therapist = await therapy.therapist_record(session, user_id=therapist_id)
        others = await clinics.destinations(session, therapist_id=therapist_id)
        count = await clinics.patient_count(session, therapist_id=therapist_id)
        admins = [
            a
            for a in (
                await clinics.admins_of_clinic(session, therapist.clinic_id)
                if therapist is not None and therapist.clinic_id is not None
                else []
            )
            if a.user_id != therapist_id
        ]
    await query.answer()
    if therapist is None or not therapist.active:
        name = therapist.display_name if therapist is not None else str(therapist_id)
        await message.chat.send_message(d.text("clinic.already_inactive", name=name))
        return
    choices = [
        (d.text("clinic.to_therapist_button", name=t.display_name), t.user_id)
        for t in others[:MAX_DESTINATIONS]
    ]
    if admins:
        choices.append((d.text("clinic.to_admins_button"), AdminPress.ADMINS))
    choices.append((d.text("clinic.unlink_button"), AdminPress.UNLINK))
    rows = [[(label, AdminPress("to", therapist_id, target).pack())] for label, target in choices]
    rows.append([(d.text("clinic.cancel_button"), AdminPress("no", therapist_id).pack())])
    await message.chat.send_message(
        d.text("clinic.deactivate_question", name=therapist.display_name, count=count),
        reply_markup=keyboard(rows),
    )
