"""Safety handlers: triage of free text, the structured check-in (/symptoms and after each
drill), BE-FAST follow-up questions, "I have sought care", and the delivery jobs.

Callback data: `sf:ok:<escalation id>` confirms care; `sf:bf:<escalation id>:<question>:<y|n>`
answers BE-FAST; `ci:<check-in id>:<seq>:<item|none|send>` ticks the check-in.
"""

from __future__ import annotations

import contextlib
import enum
import logging
import re

from telegram import Bot, CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.db import store
from bot.db.models import Checkin, Consent, Escalation, User
from bot.deps import BOT_DATA_KEY, Deps
from bot.domain import triage
from bot.domain.checkin import ITEMS, NONE_OF_THESE, RETIRED, assess_checkin
from bot.domain.selftest import NoImprovementRule
from bot.domain.triage import BEFAST, Assessment, Level
from bot.services import drills, rules, safety, therapy, triaged
from bot.services.safety import Source
from handlers import therapist as therapist_alerts
from handlers._shared import (
    MAX_MESSAGE_CHARS,
    button,
    deps,
    edit_markup,
    ids,
    keyboard,
    matched_press,
    parse_data,
)

log = logging.getLogger(__name__)

PREFIX = "sf"
CHECKIN_PREFIX = "ci"
_BEFAST_RE = re.compile(r"^sf:bf:(\d{1,9}):(\d{1,2}):([yn])$")
_CONFIRM_RE = re.compile(r"^sf:ok:(\d{1,9})$")
_CHECKIN_RE = re.compile(r"^ci:(\d{1,9}):(\d{1,9}):([a-z]{1,8})$")


def confirm_markup(d: Deps, escalation: Escalation) -> InlineKeyboardMarkup | None:
    """The "I have sought care" button, for advice that pauses prompts (once it is stored)."""
    if not escalation.pauses_prompts or escalation.id is None:
        return None
    return _confirm_keyboard(d, escalation.id)


def _confirm_keyboard(d: Deps, escalation_id: int) -> InlineKeyboardMarkup:
    return keyboard([[(d.text("safety.confirm_button"), f"sf:ok:{escalation_id}")]])


def _befast_key(level: str) -> str:
    # The questions follow emergency or urgent advice; their wording matches that level and
    # never a lower one.
    return "emergency" if Level.parse(level) >= Level.EMERGENCY else "urgent"


def _befast_markup(d: Deps, escalation_id: int, index: int) -> tuple[str, InlineKeyboardMarkup]:
    questions = d.content.redflags.befast
    body = d.text(
        "safety.befast_question", number=index + 1, total=len(questions), question=questions[index]
    )
    base = f"sf:bf:{escalation_id}:{index}"
    markup = keyboard(
        [[(d.text("safety.befast_yes"), f"{base}:y"), (d.text("safety.befast_no"), f"{base}:n")]]
    )
    return body, markup


def pending_records(d: Deps) -> safety.PendingRecords:
    """This process's escalation records waiting for the database."""
    return safety.pending_for(d.engine)


async def deliver(bot: Bot, d: Deps, escalation: Escalation) -> bool:
    """Send a stored escalation's advice; record whether Telegram accepted it."""
    assert escalation.id is not None
    try:
        await bot.send_message(
            escalation.chat_id, escalation.advice, reply_markup=confirm_markup(d, escalation)
        )
    except TelegramError as exc:
        log.warning(
            "escalation %s not delivered (%s); the outbox will retry",
            escalation.id,
            type(exc).__name__,
        )
        # If even this cannot be written the row stays undelivered: the outbox retries anyway.
        with contextlib.suppress(Exception):
            async with d.transaction() as session:
                await safety.mark_failed(
                    session, escalation_id=escalation.id, error=type(exc).__name__
                )
        return False
    sent_at = d.now()
    try:
        async with d.transaction() as session:
            await safety.mark_delivered(session, escalation_id=escalation.id, now=sent_at)
    except Exception as exc:  # any database failure: remember, never resend
        log.warning(
            "delivery of escalation %s not recorded (%s)", escalation.id, type(exc).__name__
        )
        pending_records(d).delivered[escalation.id] = sent_at
    if escalation.follow_up == BEFAST and escalation.follow_up_index == 0:
        key = _befast_key(escalation.level)
        await bot.send_message(escalation.chat_id, d.text(f"safety.befast_intro.{key}"))
        text, markup = _befast_markup(d, escalation.id, 0)
        await bot.send_message(escalation.chat_id, text, reply_markup=markup)
    return True


async def _deliver_unstored(bot: Bot, d: Deps, record: Escalation) -> None:
    # No id yet, so no buttons: the confirmation is offered by the reminders once it is
    # stored, and the BE-FAST questions (for the record only) are not asked.
    record.delivery_attempts = 1
    try:
        await bot.send_message(record.chat_id, record.advice)
    except TelegramError as exc:
        log.warning("unstored escalation advice not delivered (%s)", type(exc).__name__)
        record.last_error = type(exc).__name__
        return
    record.delivered_at = d.now()


def _notice(d: Deps, level: Level, audience: safety.Audience) -> str | None:
    if level < Level.URGENT:
        return None
    return d.text(f"safety.alert_notice.{audience.value}")


def _advice(
    d: Deps, assessment: Assessment, audience: safety.Audience, raised_reason: str | None
) -> str:
    notice = _notice(d, assessment.level, audience)
    if raised_reason is not None:
        return safety.render_raised(
            d.content.redflags, assessment.level, raised_reason, notice=notice
        )
    return safety.render_advice(assessment, d.content.redflags, notice=notice)


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
    """Store, then deliver, so a failed send never loses the escalation; and if the record
    cannot be stored, the advice goes out all the same and the record follows.

    Returns the stored escalation, or (not stored yet) the record waiting in memory."""
    now = d.now()
    try:
        async with d.transaction() as session:
            audience = (
                (
                    await therapy.alert_recipients(
                        session, user_id=user.id, admin_ids=d.settings.admin_ids
                    )
                )[0]
                if assessment.level >= Level.URGENT
                else safety.Audience.NONE
            )
            escalation = await safety.escalate(
                session,
                user=user,
                source=source,
                assessment=assessment,
                advice=_advice(d, assessment, audience, raised_reason),
                text=text,
                now=now,
            )
    except Exception as exc:  # whatever the database does, advice goes out
        log.warning(
            "escalation of user %s (level %s) not stored (%s): advice sent, record kept",
            user.id,
            assessment.level,
            type(exc).__name__,
        )
        # Who would be alerted is unknown without the database: promise nobody.
        record = safety.draft(
            user=user,
            source=source,
            assessment=assessment,
            advice=_advice(d, assessment, safety.Audience.NONE, raised_reason),
            text=text,
            now=now,
        )
        await _deliver_unstored(bot, d, record)
        pending_records(d).add(record)
        return record
    await deliver(bot, d, escalation)
    if Level.parse(escalation.level) >= Level.URGENT:
        await _alert(bot, d, escalation)
    return escalation


async def _alert(bot: Bot, d: Deps, escalation: Escalation) -> None:
    try:
        await therapist_alerts.alert(bot, d, escalation)
    except Exception as exc:  # not marked alerted, so the outbox retries
        log.warning("alert for escalation %s failed (%s)", escalation.id, type(exc).__name__)


async def store_pending(d: Deps) -> int:
    """Store the records kept in memory while the database refused them; how many were."""
    pending = pending_records(d)
    for escalation_id, sent_at in list(pending.delivered.items()):
        try:
            async with d.transaction() as session:
                await safety.mark_delivered(session, escalation_id=escalation_id, now=sent_at)
        except Exception as exc:  # still down: the next run tries again
            log.warning("delivery records still not stored (%s)", type(exc).__name__)
            return 0
        del pending.delivered[escalation_id]
    records = pending.take()
    for i, record in enumerate(records):
        try:
            async with d.transaction() as session:
                stored = await safety.store_draft(session, record)
        except Exception as exc:  # still down: keep the rest for the next run
            log.warning(
                "%s escalation records still not stored (%s)",
                len(records) - i,
                type(exc).__name__,
            )
            pending.put_back(records[i:])
            return i
        log.info("escalation %s stored after a database failure", stored.id)
    return len(records)


class Triaged(enum.IntEnum):
    """What triage did with a message; falsy when it said nothing (the old `bool` meaning)."""

    NOTHING = 0  # no warning sign and nothing said: whoever awaits the message reads it
    INFO = 1  # the warning-sign list only (a question about signs, or not English)
    WARNED = 2  # advice given or the check-in asked: an awaited answer is not taken from it


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
    if assessment.language != "en":
        signs_intro: str | None = "routing.english_only"
    elif assessment.info_only and not warned:
        signs_intro = "safety.signs_intro"
    elif assessment.ask and _consented(user) is None:
        # A check-in is stored as it is ticked, so without consent the signs stand in for it.
        signs_intro = "routing.ask_signs_intro"
    else:
        signs_intro = None
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
    if assessment.level is Level.STOP or assessment.level >= Level.URGENT:
        # "Stop this exercise" and "get help now" both end a drill in progress.
        async with d.transaction() as session:
            drill = await drills.abort_active(
                session, user_id=user.id, reason="escalation", now=d.now()
            )
        if drill is not None and drill.message_id is not None:
            with contextlib.suppress(TelegramError):
                await message.get_bot().edit_message_reply_markup(
                    drill.chat_id, drill.message_id, reply_markup=None
                )
    source = Source.PAIN_DETAIL if floor > Level.NONE else Source.MESSAGE
    await escalate(message.get_bot(), d, user, source=source, assessment=assessment, text=text)


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


async def pain_stop(bot: Bot, d: Deps, user: User, *, words: str) -> None:
    """A pain stop in a drill: the stop-level escalation through the common path."""
    assessment = Assessment(
        Level.STOP, ("exercise_pain",), (triage.Evidence("exercise_pain", words),)
    )
    await escalate(bot, d, user, source=Source.PAIN_STOP, assessment=assessment, text=None)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ "I have sought care" and BE-FAST answers."""
    pressed = button(update)
    if pressed is None:
        return
    query, message, who = pressed
    d, data = deps(context), query.data or ""
    async with d.transaction() as session:
        user = await store.get_user(session, user_id=who[0])
    if user is None:
        await query.answer(d.text("common.button_expired"))
        return
    if match := parse_data(_CONFIRM_RE, data):
        async with d.transaction() as session:
            done = await safety.confirm(
                session, user=user, escalation_id=int(match[1]), now=d.now()
            )
        if done is None:
            await query.answer(d.text("common.not_your_button"), show_alert=True)
            return
        await query.answer(None if done else d.text("safety.confirm_already"))
        if done:
            await message.chat.send_message(d.text("safety.confirm_thanks"))
        return
    if match := parse_data(_BEFAST_RE, data):
        await _befast(
            query, message, d, user, esc_id=int(match[1]), index=int(match[2]), yes=match[3] == "y"
        )
        return
    await query.answer(d.text("common.button_expired"))


async def _befast(
    query: CallbackQuery,
    message: Message,
    d: Deps,
    user: User,
    *,
    esc_id: int,
    index: int,
    yes: bool,
) -> None:
    answer = query.answer
    questions = d.content.redflags.befast
    async with d.transaction() as session:
        step = await safety.befast_answer(
            session, user=user, escalation_id=esc_id, index=index, yes=yes, total=len(questions)
        )
    if step is None:
        await answer(d.text("common.not_your_button"), show_alert=True)
        return
    if step.stale:
        await answer(d.text("safety.confirm_already"))
        return
    await answer()
    await edit_markup(message, None)
    key = _befast_key(step.escalation.level)
    if step.raised_by is not None:
        if key == "emergency":
            # Already an emergency: the yes is recorded for the therapist, the advice stands.
            await message.chat.send_message(d.text("safety.befast_yes_noted"))
            return
        words = questions[step.raised_by]
        assessment = Assessment(
            Level.EMERGENCY, ("stroke_signs",), (triage.Evidence("stroke_signs", words),)
        )
        await escalate(
            message.get_bot(),
            d,
            user,
            source=Source.BEFAST,
            assessment=assessment,
            text=None,
            raised_reason=d.text("safety.befast_raised", question=words),
        )
        return
    if step.next_index is None:
        # Every answer no: the advice already given stands, in its own words and level.
        await message.chat.send_message(d.text(f"safety.befast_all_no.{key}"))
        return
    text, markup = _befast_markup(d, esc_id, step.next_index)
    await message.chat.send_message(text, reply_markup=markup)


def _checkin_markup(d: Deps, checkin: Checkin) -> InlineKeyboardMarkup:
    chosen = set(filter(None, checkin.selected.split(",")))
    base = f"{CHECKIN_PREFIX}:{checkin.id}:{checkin.seq}"
    rows = [
        [
            (
                ("☑️ " if item in chosen else "⬜ ") + d.text(f"safety.checkin_items.{item}"),
                f"{base}:{item}",
            )
        ]
        for item in ITEMS
    ]
    rows.append(
        [
            (d.text("safety.checkin_none"), f"{base}:{NONE_OF_THESE}"),
            (d.text("safety.checkin_send"), f"{base}:send"),
        ]
    )
    return keyboard(rows)


async def send_checkin(
    message: Message, d: Deps, user: User, *, drill_id: int | None = None
) -> None:
    """Ask the structured check-in (ticks stored in the database as they are made)."""
    async with d.transaction() as session:
        checkin = Checkin(user_id=user.id, drill_id=drill_id, created_at=d.now())
        session.add(checkin)
        await session.flush()
    await message.chat.send_message(
        d.text("safety.checkin_question"), reply_markup=_checkin_markup(d, checkin)
    )


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
    d = deps(context)
    pressed = await matched_press(update, d, _CHECKIN_RE)
    if pressed is None:
        return
    query, message, who, match = pressed
    async with d.transaction() as session:
        user = await store.get_user(session, user_id=who[0])
        outcome, checkin = await safety.checkin_press(
            session,
            user_id=who[0],
            checkin_id=int(match[1]),
            seq=int(match[2]),
            item=match[3],
            now=d.now(),
        )
    if outcome == "forbidden":
        await query.answer(d.text("common.not_your_button"), show_alert=True)
        return
    if outcome in {"closed", "stale"}:
        await query.answer(
            d.text("safety.checkin_closed")
            if outcome == "closed"
            else d.text("safety.confirm_already")
        )
        return
    await query.answer()
    assert user is not None and checkin is not None
    if checkin.status == safety.CHECKIN_OPEN:
        await edit_markup(message, _checkin_markup(d, checkin))
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


async def deliver_pending(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Job: retry escalations whose advice did not reach the patient yet."""
    await deliver_all(context.bot, context.bot_data[BOT_DATA_KEY])


async def deliver_all(bot: Bot, d: Deps) -> int:
    """Store records kept in memory, then send every undelivered escalation (and therapist
    alert) once; how many got through."""
    await store_pending(d)
    async with d.transaction() as session:
        pending = list(await safety.undelivered(session))
        unalerted = list(await safety.unalerted(session, now=d.now()))
    for escalation in unalerted:
        await therapist_alerts.alert(bot, d, escalation)
    return sum([await deliver(bot, d, escalation) for escalation in pending])


async def send_reminders(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Job: follow up emergency/urgent advice not yet confirmed (2 h, then daily)."""
    await remind_all(context.bot, context.bot_data[BOT_DATA_KEY])


async def remind_all(bot: Bot, d: Deps) -> None:
    """Send each patient whose reminder is due one reminder, however many are open."""
    async with d.transaction() as session:
        due = await safety.reminders_due(session, now=d.now())
    for item in due:
        try:
            await bot.send_message(
                item.chat_id,
                d.text("safety.reminder"),
                reply_markup=_confirm_keyboard(d, item.escalation_id),
            )
        except TelegramError as exc:
            log.warning("reminder for user %s failed (%s)", item.user_id, type(exc).__name__)
            continue
        async with d.transaction() as session:
            await safety.mark_reminded(session, user_id=item.user_id, now=d.now())


async def no_improvement_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Job: the no-improvement advice, once per window, to patients it applies to."""
    await advise_no_improvement(context.bot, context.bot_data[BOT_DATA_KEY])


async def advise_no_improvement(bot: Bot, d: Deps) -> int:
    """Record and send the no-improvement advice where the rule fires; returns how many."""
    rule = NoImprovementRule(
        weeks=d.settings.no_improvement_weeks, min_days_per_week=d.settings.no_improvement_min_days
    )
    async with d.transaction() as session:
        due = await rules.no_improvement_due(session, rule=rule, now=d.now())
    words = d.text("safety.no_improvement_words", weeks=rule.weeks)
    for user in due:
        assessment = Assessment(
            Level.ROUTINE, ("no_improvement",), (triage.Evidence("no_improvement", words),)
        )
        advice = "\n\n".join(
            [d.text("safety.no_improvement", weeks=rule.weeks), d.content.redflags.way_out]
        )
        # The rule reads the database just before: a failure here is a real error, and the
        # rule fires again on the next run since nothing was stored.
        async with d.transaction() as session:
            escalation = await safety.escalate(
                session,
                user=user,
                source=Source.NO_IMPROVEMENT,
                assessment=assessment,
                advice=advice,
                text=None,
                now=d.now(),
            )
        await deliver(bot, d, escalation)
    return len(due)
