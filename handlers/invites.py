"""Invite handlers: /invite, /invites and revoking, /start with an invite payload (deep links,
`https://t.me/<bot>?start=<token>`), the patient's accept/decline and the invited therapist's
name.

Callback data (`bot.callbacks`): `InviteAnswer` (`iv:<nonce>:<y|n>`, the nonce of a one-use
confirmation stored for the user who opened the link), `TherapistName` (`tn:<invite>`) and
`InviteRevoke` (`ti:rv:<invite>`).
"""

from __future__ import annotations

from telegram import Message, Update
from telegram.ext import ContextTypes
from telegram.helpers import create_deep_linked_url

from bot.callbacks import InviteAnswer, InviteRevoke, TherapistName
from bot.db import store
from bot.db.models import InviteKind, User
from bot.deps import Deps
from bot.domain import scheduling
from bot.services import invitations, therapy
from bot.services.invitations import Resolution
from bot.services.onboarding import current_step
from bot.services.therapy import AWAIT_NAME
from handlers import _onboarding
from handlers._shared import button, deps, edit_markup, ids, keyboard
from handlers._therapy import date_text, is_admin, send_link, therapist_or_refuse


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start, with or without an invite payload (`https://t.me/<bot>?start=<token>`)."""
    who, message = ids(update), update.effective_message
    if who is None or message is None:
        return
    if not context.args:
        await _onboarding.begin(update, context, message)
        return
    d = deps(context)
    async with d.transaction() as session:
        result, invite = await invitations.open_link(
            session, token=context.args[0], user_id=who[0], chat_id=who[1], now=d.now()
        )
    if result is not Resolution.OK or invite is None:
        # Unknown, expired, used up, revoked or throttled: one answer, no hint which.
        await message.reply_text(d.text("therapist.invite_unusable"))
        await _onboarding.begin(update, context, message)
        return
    assert invite.id is not None
    if invite.kind == InviteKind.THERAPIST.value:
        await _ask_name(update, message, d, invite.id)
        return
    async with d.transaction() as session:
        therapist = await therapy.active_therapist(session, user_id=invite.therapist_id or 0)
        nonce = await invitations.offer_patient_invite(
            session, user_id=who[0], invite=invite, now=d.now()
        )
    assert therapist is not None
    buttons = [
        [
            (d.text("therapist.accept"), InviteAnswer(nonce, "y").pack()),
            (d.text("therapist.decline"), InviteAnswer(nonce, "n").pack()),
        ]
    ]
    name = update.effective_user.first_name if update.effective_user else ""
    await message.chat.send_message(d.text("onboarding.welcome", name=name))
    await message.chat.send_message(
        d.text("therapist.patient_invite_offer", therapist=therapist.display_name),
        reply_markup=keyboard(buttons),
    )


async def _ask_name(update: Update, message: Message, d: Deps, invite_id: int) -> None:
    name = (update.effective_user.full_name if update.effective_user else "")[:64]
    label = d.text("therapist.use_name", name=name)
    buttons = [[(label, TherapistName(invite_id).pack())]] if len(name) >= 2 else []
    await message.chat.send_message(
        d.text("therapist.therapist_name_question"),
        reply_markup=keyboard(buttons) if buttons else None,
    )


async def on_invite_answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A patient accepts or declines the invite they opened (bound to them, one use)."""
    d, pressed = deps(context), button(update)
    if pressed is None:
        return
    query, message, who = pressed
    press = InviteAnswer.unpack(query.data)
    if press is None or len(press.nonce) > 32:
        await query.answer(d.text("common.button_expired"))
        return
    name = update.effective_user.full_name if update.effective_user else str(who[0])
    async with d.transaction() as session:
        answer, therapist = await invitations.answer_patient_invite(
            session,
            user_id=who[0],
            nonce=press.nonce,
            accept=press.answer == "y",
            display_name=name,
            now=d.now(),
        )
        step = current_step(await store.get_user(session, user_id=who[0]))
    if answer is invitations.Answer.REFUSED:
        await query.answer(d.text("common.button_expired"), show_alert=True)
        return
    await query.answer()
    await edit_markup(message, None)
    if answer is invitations.Answer.DECLINED or therapist is None:
        declined = answer is invitations.Answer.DECLINED
        await message.chat.send_message(
            d.text("therapist.declined" if declined else "therapist.invite_unusable")
        )
        await _onboarding.begin(update, context, message)
        return
    await message.chat.send_message(d.text("therapist.linked", therapist=therapist.display_name))
    await _onboarding.ask(message, d, step)


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
        therapist = await invitations.become_therapist(
            session, user_id=who[0], display_name=name.strip(), now=d.now()
        )
    if therapist is None:
        await message.chat.send_message(d.text("therapist.invite_unusable"))
        return
    await message.chat.send_message(
        d.text("therapist.therapist_welcome", name=therapist.display_name)
    )


def awaits_name(user: User) -> bool:
    """An invited therapist's name is awaited (triaged first)."""
    return user.awaiting == AWAIT_NAME


async def on_name_text(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User) -> bool:
    """The invited therapist typed their name."""
    message = update.effective_message
    assert message is not None and message.text is not None
    await _become_therapist(update, context, message, message.text)
    return True


async def reask_name(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User) -> None:
    """Ask again for the name still awaited."""
    message = update.effective_message
    assert message is not None
    if user.awaiting == AWAIT_NAME and user.awaiting_ref is not None:
        await _ask_name(update, message, deps(context), user.awaiting_ref)


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
    days, uses = options.get("days", invitations.DEFAULT_INVITE_DAYS), options.get("uses", 1)
    assert isinstance(days, int) and isinstance(uses, int)
    if not 1 <= days <= invitations.MAX_INVITE_DAYS or not 1 <= uses <= invitations.MAX_INVITE_USES:
        return None
    return options


async def invite_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/invite [programme] [HH:MM] [days=N] [uses=N]: a patient invite link and its QR code."""
    d = deps(context)
    if (found := await therapist_or_refuse(update, d)) is None:
        return
    therapist_id, message = found
    options = _parse_invite_args(d, list(context.args or []))
    if options is None:
        programmes = ", ".join(d.content.catalog.programmes)
        await message.reply_text(d.text("therapist.invite_usage", programmes=programmes))
        return
    async with d.transaction() as session:
        invite, token = await invitations.create_invite(
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
        expires=date_text(invite.expires_at),
        uses=invite.max_uses,
        details=details,
        link=link,
    )
    await send_link(message, d, text, link, invite.expires_at)


async def invites_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/invites: your open invite links, each with a revoke button."""
    d, who, message = deps(context), ids(update), update.effective_message
    if who is None or message is None:
        return
    if not is_admin(d, who[0]) and await therapist_or_refuse(update, d) is None:
        return
    async with d.transaction() as session:
        open_ = list(await invitations.open_invites(session, created_by=who[0], now=d.now()))
    if not open_:
        await message.reply_text(d.text("therapist.invites_none"))
        return
    lines = [d.text("therapist.invites_header")]
    rows = []
    for inv in open_:
        assert inv.id is not None
        lines.append(
            d.text(
                "therapist.invite_line",
                id=inv.id,
                kind=inv.kind,
                uses=inv.uses,
                max_uses=inv.max_uses,
                expires=date_text(inv.expires_at),
            )
        )
        label = d.text("therapist.revoke_button", id=inv.id)
        rows.append([(label, InviteRevoke("rv", inv.id).pack())])
    await message.reply_text("\n".join(lines), reply_markup=keyboard(rows))


async def on_revoke(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Revoke one of your invites."""
    pressed = button(update)
    if pressed is None:
        return
    query, message, who = pressed
    d, press = deps(context), InviteRevoke.unpack(query.data)
    done = False
    if press is not None:
        async with d.transaction() as session:
            done = await invitations.revoke(session, invite_id=press.invite, by=who[0], now=d.now())
    if not done or press is None:
        await query.answer(d.text("common.button_expired"))
        return
    await query.answer()
    await message.chat.send_message(d.text("therapist.revoked", id=press.invite))
