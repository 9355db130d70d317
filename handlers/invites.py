"""Invite handlers: /invite, /invites (in pages) and revoking, /start with an invite payload
(deep links, `https://t.me/<bot>?start=<token>`), the patient's accept/decline, the invited
therapist's name and then their time zone (asked at once; /timezone changes it).

Callback data (`bot.callbacks`): `InviteAnswer` (`iv:<nonce>:<y|n>`, the nonce of a one-use
confirmation stored for the user who opened the link), `TherapistName` (`tn:<invite>`),
`InviteRevoke` (`ti:rv:<invite>`), `InvitesPage` (`tig:<page>`) and `TherapistZone`
(`thz:c:<n>` a common zone, `thz:p:<n>:<abbr>` a place of an abbreviation, `thz:u` UTC).
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.ext import ContextTypes
from telegram.helpers import create_deep_linked_url

from bot.callbacks import InviteAnswer, InviteRevoke, InvitesPage, TherapistName, TherapistZone
from bot.db import store
from bot.db.models import Invite, InviteKind, User
from bot.delivery.changes import tell_therapist_of_event
from bot.deps import Deps
from bot.domain import scheduling, timefmt
from bot.domain.changes import PatientEvent
from bot.services import invitations, therapy
from bot.services.invitations import Resolution
from bot.services.onboarding import current_step
from bot.services.therapy import AWAIT_NAME, zone_asked
from bot.services.zones import fixed_label
from handlers import _onboarding, _zones
from handlers._dashboard import offer_menu_button
from handlers._shared import (
    button,
    deps,
    echo,
    edit_markup,
    ids,
    keyboard,
    unpacked_press,
)
from handlers._therapy import (
    Page,
    date_text,
    is_admin,
    page_header,
    page_markup,
    page_of,
    send_link,
    show_page,
    therapist_of,
    therapist_or_refuse,
    zone_markup,
    zone_question,
)


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
    await tell_therapist_of_event(
        d.notifier,
        d.content.texts,
        therapist_chat_id=therapist.user_id,
        patient_name=name,
        event=PatientEvent.JOINED,
        token=query.id,
    )
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
        if therapist is not None:
            # Asked at once, as a conversation position: their next typed text answers it.
            await therapy.ask_zone(session, user_id=who[0])
    if therapist is None:
        await message.chat.send_message(d.text("therapist.invite_unusable"))
        return
    await message.chat.send_message(
        d.text("therapist.therapist_welcome", name=therapist.display_name)
    )
    await offer_menu_button(context.bot, d, who[1])
    await message.chat.send_message(
        zone_question(d, therapist.timezone), reply_markup=zone_markup(d)
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
    if (found := await therapist_of(update, d)) is None:
        return
    therapist, message = found
    therapist_id, zone = therapist.user_id, therapist.timezone
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
        expires=date_text(invite.expires_at, zone),
        uses=invite.max_uses,
        details=details,
        link=link,
    )
    await send_link(message, d, text, link, invite.expires_at, zone=zone)


async def invites_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/invites: your open invite links, each with a revoke button, in pages."""
    d, who, message = deps(context), ids(update), update.effective_message
    if who is None or message is None:
        return
    if not is_admin(d, who[0]) and await therapist_or_refuse(update, d) is None:
        return
    text, markup, _ = await _invites_page(d, who[0], 0)
    await message.reply_text(text, reply_markup=markup)


async def on_invites_page(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Another page of /invites; the list is read again, of the presser's own invites."""
    d = deps(context)
    pressed = await unpacked_press(update, d, InvitesPage)
    if pressed is None:
        return
    query, message, who, press = pressed
    if not is_admin(d, who[0]):
        async with d.transaction() as session:
            therapist = await therapy.active_therapist(session, user_id=who[0])
        if therapist is None:
            await query.answer(d.text("therapist.not_therapist"), show_alert=True)
            return
    # A page that no longer exists (invites used, expired or revoked since): the last one.
    await show_page(query, message, d, await _invites_page(d, who[0], press.page))


async def _invites_page(
    d: Deps, creator: int, number: int
) -> tuple[str, InlineKeyboardMarkup | None, Page[Invite]]:
    """Page `number` of the open invites `creator` made: text, buttons, the page shown."""
    async with d.transaction() as session:
        open_ = list(await invitations.open_invites(session, created_by=creator, now=d.now()))
        staff = await therapy.therapist_record(session, user_id=creator)
    page = page_of(open_, number)
    if not open_:
        return d.text("therapist.invites_none"), None, page
    zone = staff.timezone if staff is not None else None
    lines = [d.text("therapist.invites_header")]
    if header := page_header(d, page):
        lines.append(header)
    buttons = []
    for inv in page.items:
        assert inv.id is not None
        lines.append(
            d.text(
                "therapist.invite_line",
                id=inv.id,
                kind=inv.kind,
                uses=inv.uses,
                max_uses=inv.max_uses,
                expires=date_text(inv.expires_at, zone),
            )
        )
        buttons.append(
            (d.text("therapist.revoke_button", id=inv.id), InviteRevoke("rv", inv.id).pack())
        )
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    markup = page_markup(d, page, rows, lambda n: InvitesPage(n).pack())
    return "\n".join(lines), markup, page


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


# --- the therapist's time zone (asked when enrolled, changed with /timezone) -------------------


async def timezone_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/timezone: the zone a therapist reads times in, and buttons to change it."""
    d = deps(context)
    if (found := await therapist_of(update, d)) is None:
        return
    therapist, message = found
    async with d.transaction() as session:
        await therapy.ask_zone(session, user_id=therapist.user_id)
    await message.reply_text(zone_question(d, therapist.timezone), reply_markup=zone_markup(d))


def awaits_zone(user: User) -> bool:
    """A therapist's zone is awaited (asked when enrolled or by /timezone; triaged first)."""
    return zone_asked(user) is not None


async def on_zone_text(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User) -> bool:
    """The therapist typed their city or zone."""
    d, message = deps(context), update.effective_message
    assert message is not None and message.text is not None
    async with d.transaction() as session:
        match = await therapy.answer_zone(
            session, user_id=user.id, text=message.text, aliases=d.content.zone_aliases
        )
    if match is None:
        await message.reply_text(d.text("therapist.not_therapist"))
    elif match.choices and (abbreviation := match.abbreviation):
        text, markup = _zones.question(
            d, abbreviation, match.choices, lambda n: TherapistZone("p", n, abbreviation).pack()
        )
        await message.reply_text(text, reply_markup=markup)
    elif match.zone is None:
        key = "timezones.offset_invalid" if match.bad_offset else "therapist.zone_invalid"
        await message.reply_text(d.text(key, text=echo(message.text)), reply_markup=zone_markup(d))
    else:
        await message.reply_text(_zone_set(d, match.zone))
    return True


async def reask_zone(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User) -> None:
    """Ask again for the zone still awaited."""
    d, message = deps(context), update.effective_message
    if message is None or not awaits_zone(user):
        return
    async with d.transaction() as session:
        therapist = await therapy.therapist_record(session, user_id=user.id)
    current = therapist.timezone if therapist is not None else None
    await message.chat.send_message(zone_question(d, current), reply_markup=zone_markup(d))


async def on_zone_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A zone button of the therapist's zone question; old place buttons or forged ones
    change nothing and say so."""
    d = deps(context)
    pressed = await unpacked_press(update, d, TherapistZone)
    if pressed is None:
        return
    query, message, who, press = pressed
    common = d.content.common_zones
    zone = None
    if press.kind == "u":
        zone = timefmt.UTC_NAME
    elif press.kind == "c" and press.n is not None and press.n < len(common):
        zone = common[press.n].zone
    async with d.transaction() as session:
        if press.kind == "p":
            therapist = await therapy.pick_zone(
                session, user_id=who[0], abbreviation=press.abbr, n=press.n or 0
            )
        else:
            therapist = await therapy.pick_zone(session, user_id=who[0], zone=zone)
    if therapist is None or therapist.timezone is None:
        await query.answer(d.text("common.button_expired"))
        return
    await query.answer()
    await edit_markup(message, None)
    await message.chat.send_message(_zone_set(d, therapist.timezone))


def _zone_set(d: Deps, zone: str) -> str:
    local_now = timefmt.to_local(d.now(), zone).strftime("%H:%M")
    text = d.text("therapist.zone_set", zone=timefmt.zone_name(zone), local_time=local_now)
    return _zones.with_notice(d, text, fixed_label(zone))
