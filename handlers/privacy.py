"""Data rights and accountability: /mydata (a copy of everything stored), /delete (erase it
all, after a confirmation), withdrawing consent (from /settings) and the admins' /audit (the
daily retention job is in `bot.delivery.jobs`).

Callback data: `bot.buttons.WithdrawOffer` offers to withdraw consent;
`bot.buttons.PrivacyConfirm` confirms erasure or withdrawal, or cancels (its nonce is a
one-use confirmation for the pressing user, see `bot.services.confirmations`);
`bot.buttons.AuditPage` is a page of the audit log.
"""

from __future__ import annotations

import logging

from telegram import InputFile, Update
from telegram.ext import ContextTypes

from bot.buttons import AuditPage, PrivacyConfirm, WithdrawOffer
from bot.db import store
from bot.db.models import AuditEntry, Consent
from bot.delivery.changes import tell_therapist_of_event
from bot.deps import Deps
from bot.domain.changes import PatientEvent
from bot.domain.privacy import ConfirmAction
from bot.services import audit, confirmations, data_requests
from handlers._shared import deps, edit_markup, ids, keyboard, unpacked_press

log = logging.getLogger(__name__)

AUDIT_PAGE = 15
_ACTIONS = {"d": ConfirmAction.DELETE, "w": ConfirmAction.WITHDRAW}


async def mydata_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/mydata: everything stored about you, as a JSON document and a CSV table."""
    d, who, message = deps(context), ids(update), update.effective_message
    if who is None or message is None:
        return
    async with d.transaction() as session:
        data = await data_requests.collect(session, user_id=who[0])
        if data is not None:
            await data_requests.record_request(session, user_id=who[0], now=d.now())
    if data is None:
        await message.reply_text(d.text("privacy.mydata_none"))
        return
    stamp = d.now().strftime("%Y%m%d")
    await message.reply_document(
        InputFile(data_requests.as_json(data), filename=f"toebot-mydata-{stamp}.json"),
        caption=d.text("privacy.mydata_json_caption"),
    )
    await message.reply_document(
        InputFile(data_requests.as_csv(data), filename=f"toebot-mydata-{stamp}.csv"),
        caption=d.text("privacy.mydata_csv_caption"),
    )


async def delete_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/delete: what erasure means, with a confirmation button for you alone."""
    d, who, message = deps(context), ids(update), update.effective_message
    if who is None or message is None:
        return
    async with d.transaction() as session:
        user = await store.get_user(session, user_id=who[0])
        nonce = (
            await confirmations.offer(
                session, user_id=who[0], action=ConfirmAction.DELETE, now=d.now()
            )
            if data_requests.erasable(user)
            else None
        )
    if user is None:
        await message.reply_text(d.text("privacy.mydata_none"))
        return
    if nonce is None:
        await message.reply_text(d.text("privacy.delete_therapist"))
        return
    rows = [
        [(d.text("privacy.delete_yes"), PrivacyConfirm(nonce, "d").pack())],
        [(d.text("privacy.cancel"), PrivacyConfirm(nonce, "x").pack())],
    ]
    await message.reply_text(d.text("privacy.delete_question"), reply_markup=keyboard(rows))


async def on_withdraw_offer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The /settings button: what withdrawing consent means, with a confirmation button."""
    d = deps(context)
    pressed = await unpacked_press(update, d, WithdrawOffer)
    if pressed is None:
        return
    query, message, who, _press = pressed
    await query.answer()
    async with d.transaction() as session:
        user = await store.get_user(session, user_id=who[0])
        consented = user is not None and user.consent == Consent.GIVEN.value
        nonce = (
            await confirmations.offer(
                session, user_id=who[0], action=ConfirmAction.WITHDRAW, now=d.now()
            )
            if consented
            else None
        )
    if nonce is None:
        await message.chat.send_message(d.text("privacy.not_consented"))
        return
    rows = [
        [(d.text("privacy.withdraw_yes"), PrivacyConfirm(nonce, "w").pack())],
        [(d.text("privacy.cancel"), PrivacyConfirm(nonce, "x").pack())],
    ]
    await message.chat.send_message(
        d.text("privacy.withdraw_question"), reply_markup=keyboard(rows)
    )


async def on_confirm(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Erase, withdraw or cancel: only the user it was shown to, once, before it expires."""
    d = deps(context)
    pressed = await unpacked_press(update, d, PrivacyConfirm)
    if pressed is None:
        return
    query, message, who, press = pressed
    nonce, what = press.nonce, press.action
    left: list[tuple[int, int, str]] = []
    async with d.transaction() as session:
        row = None
        for action in _ACTIONS.values() if what == "x" else (_ACTIONS[what],):
            row = await confirmations.redeem(
                session, nonce=nonce, user_id=who[0], action=action, now=d.now()
            )
            if row is not None:
                break
        if row is not None and what == "d":
            left = await data_requests.erase(
                session, user_ids=[who[0]], reason="request", now=d.now()
            )
        elif row is not None and what == "w":
            previous = await data_requests.withdraw_consent(session, user_id=who[0], now=d.now())
            left = [(previous[0], who[0], previous[1])] if previous else []
    if row is None:
        await query.answer(d.text("common.button_expired"), show_alert=True)
        return
    await query.answer()
    await edit_markup(message, None)
    key = {"d": "privacy.deleted", "w": "privacy.withdrawn", "x": "privacy.cancelled"}[what]
    await message.chat.send_message(d.text(key))
    event = PatientEvent.DELETED if what == "d" else PatientEvent.STOPPED
    for therapist_id, _patient_id, name in left:
        # Keyed by this press: the same update handled again tells no one twice.
        await tell_therapist_of_event(
            d.notifier,
            d.content.texts,
            therapist_chat_id=therapist_id,
            patient_name=name,
            event=event,
            token=query.id,
        )


def _audit_page(d: Deps, entries: list[AuditEntry], offset: int, total: int) -> str:
    nobody = d.text("privacy.audit_nobody")
    lines = [
        d.text("privacy.audit_header", first=offset + 1, last=offset + len(entries), total=total)
    ]
    lines += [
        d.text(
            "privacy.audit_line",
            time=e.at.strftime("%Y-%m-%d %H:%M"),
            action=e.action,
            actor=e.actor_id if e.actor_id is not None else nobody,
            target=e.target_user_id if e.target_user_id is not None else nobody,
            invite=e.invite_id if e.invite_id is not None else nobody,
            detail=e.detail or nobody,
        )
        for e in entries
    ]
    return "\n".join(lines)


async def _send_audit(update: Update, d: Deps, offset: int) -> bool:
    who, message = ids(update), update.effective_message
    if who is None or message is None or who[0] not in d.settings.admin_ids:
        return False
    async with d.transaction() as session:
        entries, total = await audit.latest(session, limit=AUDIT_PAGE, offset=offset)
    if not entries:
        await message.chat.send_message(d.text("privacy.audit_none"))
        return True
    nav = []
    if offset > 0:
        nav.append((d.text("privacy.audit_newer"), AuditPage(max(0, offset - AUDIT_PAGE)).pack()))
    if offset + AUDIT_PAGE < total:
        nav.append((d.text("privacy.audit_older"), AuditPage(offset + AUDIT_PAGE).pack()))
    await message.chat.send_message(
        _audit_page(d, list(entries), offset, total), reply_markup=keyboard([nav]) if nav else None
    )
    return True


async def audit_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/audit (admins): the latest audit entries, newest first, paged."""
    d, message = deps(context), update.effective_message
    if not await _send_audit(update, d, 0) and message is not None:
        await message.reply_text(d.text("therapist.not_admin"))


async def on_audit_page(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Another page of /audit (admins only, checked again)."""
    d = deps(context)
    pressed = await unpacked_press(update, d, AuditPage)
    if pressed is None:
        return
    query, _message, _who, press = pressed
    if not await _send_audit(update, d, press.offset):
        await query.answer(d.text("therapist.not_admin"), show_alert=True)
        return
    await query.answer()
