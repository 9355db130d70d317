"""Safety handlers: triage of free text, the structured check-in (/symptoms and after each
drill), BE-FAST follow-up questions and "I have sought care".

The escalation workflow (store, advise, alert, follow up) is `bot.services.escalations`; here
the advice to a patient who is writing goes out as this chat's answer (a `Reply`), and the
rest leaves through the notifier. Callback data: `bot.callbacks.SafetyPress` (`sf:`) and
`bot.callbacks.CheckinPress` (`ci:`). The jobs are `bot.delivery.escalations`.
"""

from __future__ import annotations

import contextlib
import enum
import logging
import re

from telegram import Bot, CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.callbacks import CheckinPress, SafetyPress
from bot.db import store
from bot.db.models import Consent, Escalation, User
from bot.delivery.escalations import workflow
from bot.deps import Deps
from bot.domain import assessments, triage
from bot.domain.checkin import ITEMS, RETIRED, assess_checkin
from bot.domain.escalation import Source, befast_wording
from bot.domain.notice import Buttons
from bot.domain.triage import Assessment, Level
from bot.services import escalations, safety, triaged
from bot.services.escalations import Reply
from handlers._checkin import checkin_markup, send_checkin
from handlers._shared import MAX_MESSAGE_CHARS, button, deps, edit_markup, ids, keyboard

log = logging.getLogger(__name__)

PREFIX, CHECKIN_PREFIX = SafetyPress.prefix, CheckinPress.prefix
_ITEM_RE = re.compile(r"[a-z]{1,8}")


def confirm_markup(d: Deps, escalation: Escalation) -> InlineKeyboardMarkup | None:
    """The "I have sought care" button, for advice that pauses prompts (once it is stored)."""
    if not escalation.pauses_prompts or escalation.id is None:
        return None
    return keyboard(escalations.confirm_buttons(workflow(d), escalation.id))


def _markup(buttons: Buttons) -> InlineKeyboardMarkup | None:
    return keyboard(buttons) if buttons else None


def reply_to(bot: Bot, chat_id: int) -> Reply:
    """The patient's chat as the workflow's `Reply`: False (logged) when Telegram refuses."""

    async def reply(text: str, buttons: Buttons = ()) -> bool:
        try:
            await bot.send_message(chat_id, text, reply_markup=_markup(buttons))
        except TelegramError as exc:
            log.warning("advice not delivered (%s); the outbox will retry", type(exc).__name__)
            return False
        return True

    return reply


async def escalate(
    bot: Bot,
    d: Deps,
    user: User,
    *,
    source: Source,
    assessment: Assessment,
    text: str | None,
    raised_reason: str | None = None,
) -> Escalation:
    """The escalation workflow with the advice as this chat's answer (see the service)."""
    return await escalations.escalate(
        workflow(d),
        user,
        source=source,
        assessment=assessment,
        text=text,
        raised_reason=raised_reason,
        reply=reply_to(bot, user.chat_id),
    )


class Triaged(enum.IntEnum):
    """What triage did with a message; falsy when it said nothing (the old `bool` meaning)."""

    NOTHING = 0  # no warning sign and nothing said: whoever awaits the message reads it
    INFO = 1  # the warning-sign list only (a question about signs, or not English)
    WARNED = 2  # advice given or the check-in asked: an awaited answer is not taken from it


def _signs_intro(assessment: Assessment, user: User | None, warned: bool) -> str | None:
    if assessment.language != "en":
        return "routing.english_only"
    if assessment.info_only and not warned:
        return "safety.signs_intro"
    if assessment.ask and _consented(user) is None:
        # A check-in is stored as it is ticked, so without consent the signs stand in for it.
        return "routing.ask_signs_intro"
    return None


async def triage_text(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    user: User | None,
    text: str,
    *,
    floor: Level = Level.NONE,
) -> Triaged:
    """Assess a message (typed, caption or edit) before anything else answers it."""
    d, message = deps(context), update.effective_message
    assert message is not None
    # Telegram delivers at most 4096 characters; more is forged and not read past that.
    assessment = triage.assess(
        text[:MAX_MESSAGE_CHARS], diabetes=user.diabetes if user is not None else None
    )
    # Above the floor only: after a pain stop, "stop" itself was already said.
    advise = assessment.level > floor
    warned = advise or assessment.ask
    edited = update.edited_message is not None
    # An edit is answered only for a warning sign not yet handled for that message.
    if edited and (not warned or await _handled(d, user, message, assessment)):
        return Triaged.NOTHING
    if advise:
        await _advise(message, d, user, assessment, text=text, floor=floor)
    signs_intro = _signs_intro(assessment, user, warned)
    if signs_intro is not None:
        await message.reply_text(
            safety.render_signs(
                d.content.redflags, d.text(signs_intro), d.text("safety.signs_outro")
            )
        )
    if assessment.ask and (who := _consented(user)) is not None:
        await message.chat.send_message(d.text("routing.ask_intro"))
        await send_checkin(message, d, who)
    if warned:
        await _remember(d, user, message, assessment)
        return Triaged.WARNED
    return Triaged.INFO if signs_intro is not None else Triaged.NOTHING


async def _advise(
    message: Message, d: Deps, user: User | None, assessment: Assessment, *, text: str, floor: Level
) -> None:
    if user is None or user.consent != Consent.GIVEN.value:
        # Without consent nothing is stored, but safety advice is never withheld.
        await message.reply_text(safety.render_advice(assessment, d.content.redflags))
        return
    bot = message.get_bot()
    advised = await escalations.advise(
        workflow(d),
        user,
        source=Source.PAIN_DETAIL if floor > Level.NONE else Source.MESSAGE,
        assessment=assessment,
        text=text,
        reply=reply_to(bot, user.chat_id),
    )
    drill = advised.ended_drill
    if drill is not None and drill.message_id is not None:
        # The drill ended: its buttons go, so an old "Next" cannot look like it still works.
        with contextlib.suppress(TelegramError):
            await bot.edit_message_reply_markup(drill.chat_id, drill.message_id, reply_markup=None)


def _consented(user: User | None) -> User | None:
    return user if user is not None and user.consent == Consent.GIVEN.value else None


async def _handled(d: Deps, user: User | None, message: Message, assessment: Assessment) -> bool:
    # Without consent nothing is stored, so an edit is simply answered again.
    if (who := _consented(user)) is None:
        return False
    async with d.transaction() as session:
        return await triaged.already_handled(
            session,
            user_id=who.id,
            chat_id=message.chat_id,
            message_id=message.message_id,
            outcome=triaged.outcome_of(assessment),
        )


async def _remember(d: Deps, user: User | None, message: Message, assessment: Assessment) -> None:
    # After the advice went out: if this fails, an edit is answered again (the safe side).
    if (who := _consented(user)) is None:
        return
    async with d.transaction() as session:
        await triaged.remember(
            session,
            user_id=who.id,
            chat_id=message.chat_id,
            message_id=message.message_id,
            outcome=triaged.outcome_of(assessment),
            now=d.now(),
        )


async def pain_detail(
    update: Update, context: ContextTypes.DEFAULT_TYPE, user: User, text: str
) -> None:
    """The answer to "where does it hurt?" after a pain stop: triaged above the stop level."""
    d, message = deps(context), update.effective_message
    assert message is not None
    async with d.transaction() as session:
        await store.set_awaiting(session, user_id=user.id, awaiting=None)
    if not await triage_text(update, context, user, text, floor=Level.STOP):
        await message.reply_text(d.text("safety.pain_thanks"))


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ "I have sought care" and BE-FAST answers."""
    pressed = button(update)
    if pressed is None:
        return
    query, message, who = pressed
    d, press = deps(context), SafetyPress.unpack(query.data)
    async with d.transaction() as session:
        user = await store.get_user(session, user_id=who[0])
    if user is None or press is None:
        await query.answer(d.text("common.button_expired"))
        return
    if press.action == "ok":
        async with d.transaction() as session:
            done = await safety.confirm(
                session, user=user, escalation_id=press.escalation, now=d.now()
            )
        if done is None:
            await query.answer(d.text("common.not_your_button"), show_alert=True)
            return
        await query.answer(None if done else d.text("safety.confirm_already"))
        if done:
            await message.chat.send_message(d.text("safety.confirm_thanks"))
        return
    assert press.question is not None
    await _befast(query, message, d, user, press)


async def _befast(
    query: CallbackQuery, message: Message, d: Deps, user: User, press: SafetyPress
) -> None:
    assert press.question is not None
    questions = d.content.redflags.befast
    async with d.transaction() as session:
        step = await safety.befast_answer(
            session,
            user=user,
            escalation_id=press.escalation,
            index=press.question,
            yes=press.answer == "y",
            total=len(questions),
        )
    if step is None:
        await query.answer(d.text("common.not_your_button"), show_alert=True)
        return
    if step.stale:
        await query.answer(d.text("safety.confirm_already"))
        return
    await query.answer()
    await edit_markup(message, None)
    key = befast_wording(Level.parse(step.escalation.level))
    if step.raised_by is not None:
        if key == "emergency":
            # Already an emergency: the yes is recorded for the therapist, the advice stands.
            await message.chat.send_message(d.text("safety.befast_yes_noted"))
            return
        words = questions[step.raised_by]
        await escalate(
            message.get_bot(),
            d,
            user,
            source=Source.BEFAST,
            assessment=assessments.stroke_signs(words),
            text=None,
            raised_reason=d.text("safety.befast_raised", question=words),
        )
        return
    if step.next_index is None:
        # Every answer no: the advice already given stands, in its own words and level.
        await message.chat.send_message(d.text(f"safety.befast_all_no.{key}"))
        return
    text, buttons = escalations.befast_question(workflow(d), press.escalation, step.next_index)
    await message.chat.send_message(text, reply_markup=_markup(buttons))


async def symptoms_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/symptoms: the structured symptom check-in."""
    d, who, message = deps(context), ids(update), update.effective_message
    if who is None or message is None:
        return
    async with d.transaction() as session:
        user = await store.get_user(session, user_id=who[0])
    if user is None or user.consent != Consent.GIVEN.value:
        await message.reply_text(d.text("common.consent_needed"))
        return
    await send_checkin(message, d, user)


async def on_checkin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A check-in tick, "none of these" or "send"."""
    d, pressed = deps(context), button(update)
    if pressed is None:
        return
    query, message, who = pressed
    press = CheckinPress.unpack(query.data)
    if press is None or not _ITEM_RE.fullmatch(press.item):
        await query.answer(d.text("common.button_expired"))
        return
    async with d.transaction() as session:
        user = await store.get_user(session, user_id=who[0])
        outcome, checkin = await safety.checkin_press(
            session,
            user_id=who[0],
            checkin_id=press.checkin,
            seq=press.seq,
            item=press.item,
            now=d.now(),
        )
    if outcome == "forbidden":
        await query.answer(d.text("common.not_your_button"), show_alert=True)
        return
    if outcome in {"closed", "stale"}:
        closed = outcome == "closed"
        await query.answer(d.text("safety.checkin_closed" if closed else "safety.confirm_already"))
        return
    await query.answer()
    assert user is not None and checkin is not None
    if checkin.status == safety.CHECKIN_OPEN:
        await edit_markup(message, checkin_markup(d, checkin))
        return
    await edit_markup(message, None)
    labels = {i: d.text(f"safety.checkin_items.{i}") for i in ITEMS | RETIRED}
    selected = [i for i in checkin.selected.split(",") if i]
    assessment = assess_checkin(selected, diabetes=user.diabetes, labels=labels)
    if assessment.level is Level.NONE:
        # A ticked blister or cut without diabetes: no warning sign, but said what would be.
        key = "safety.checkin_skin_watch" if assessment.flags else "safety.checkin_nothing"
        await message.chat.send_message(d.text(key))
        return
    await escalate(
        message.get_bot(), d, user, source=Source.CHECKIN, assessment=assessment, text=None
    )
