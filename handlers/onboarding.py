"""Onboarding handlers: /start, the onboarding buttons and typed onboarding answers.

Callback data: `bot.buttons.OnboardingPress`; every press is checked against the user's
current step in the database, so a stale button never changes an answer already given.
"""

from __future__ import annotations

import contextlib
from zoneinfo import ZoneInfo

from telegram import Message, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.buttons import TZ_OTHER, OnboardingPress, OnboardingZonePick
from bot.db import store
from bot.db.models import Consent, OnboardingStep, Role, Schedule, User
from bot.deps import Deps
from bot.domain.answers import yes_no_unsure
from bot.domain.variants import daily_foot_check
from bot.domain.zones import display_name
from bot.services import onboarding
from bot.services.onboarding import Answer, Outcome
from handlers import _zones
from handlers._onboarding import ask, begin
from handlers._shared import deps, echo, edit_markup, ids, keyboard, unpacked_press


def _local_due(schedule: Schedule, user: User) -> str:
    assert schedule.next_due_at is not None and user.timezone is not None
    local = schedule.next_due_at.astimezone(ZoneInfo(user.timezone))
    return local.strftime("%a %d %b at %H:%M")


async def _render(message: Message, d: Deps, user: User, answer: Answer, typed: str = "") -> None:
    """Say what an answer did, then ask whatever is open now."""
    t = d.text
    if answer.outcome is Outcome.REFUSED:
        await message.chat.send_message(t("onboarding.consent_refused"))
        return
    if answer.outcome is Outcome.WRONG_STEP:
        await message.chat.send_message(t("onboarding.wrong_step"))
    elif answer.outcome is Outcome.SUGGEST:
        rows = [[(zone, OnboardingPress.for_zone(zone).pack())] for zone in answer.suggestions]
        rows.append([(t("onboarding.timezone_other"), OnboardingPress("tz", TZ_OTHER).pack())])
        await message.chat.send_message(
            t("onboarding.timezone_suggest", text=echo(typed)), reply_markup=keyboard(rows)
        )
        return
    elif answer.outcome is Outcome.ASK:
        abbreviation = answer.abbreviation
        assert abbreviation is not None
        text, markup = _zones.question(
            d, abbreviation, answer.choices, lambda n: OnboardingZonePick(abbreviation, n).pack()
        )
        await message.chat.send_message(text, reply_markup=markup)
        return
    elif answer.outcome is Outcome.INVALID:
        key = {
            OnboardingStep.TIMEZONE: "onboarding.timezone_not_found",
            OnboardingStep.REMINDER_TIME: "onboarding.reminder_invalid",
            OnboardingStep.SECOND_TIME: "onboarding.reminder_invalid",
        }[answer.step]
        if answer.bad_offset:
            key = "timezones.offset_invalid"
        await message.chat.send_message(t(key, text=echo(typed)))
        return
    else:
        await message.chat.send_message(
            _zones.with_notice(d, _confirmation(d, user, answer), answer.fixed)
        )
    await ask(message, d, answer.step)


# The steps that follow a reminder time: their answer confirms the time(s) set.
_AFTER_TIMES = frozenset({OnboardingStep.SECOND_TIME, OnboardingStep.DIABETES})


def _confirmation(d: Deps, user: User, answer: Answer) -> str:
    t = d.text
    if answer.step is OnboardingStep.REMINDER_TIME and user.timezone:
        local_now = d.now().astimezone(ZoneInfo(user.timezone)).strftime("%H:%M")
        zone = display_name(user.timezone)
        return t("onboarding.timezone_set", zone=zone, local_time=local_now)
    if answer.declined and answer.schedule is not None:
        return t("onboarding.second_time_declined", time=answer.schedule.times)
    if answer.step in _AFTER_TIMES and answer.schedule is not None:
        return t(
            "onboarding.reminder_set",
            time=answer.schedule.times.replace(",", ", "),
            first_due=_local_due(answer.schedule, user),
        )
    if answer.step is OnboardingStep.DONE:
        if user.diabetes is None:
            # "Not sure": told that it is taken as yes, as triage and the exercises take it.
            noted = t("onboarding.diabetes_noted_unsure")
        else:
            noted = t(
                "onboarding.diabetes_noted_yes" if user.diabetes else "onboarding.diabetes_noted_no"
            )
        # The article's tip for diabetes; "not sure" (None) gets it too.
        if daily_foot_check(user.diabetes):
            noted += "\n\n" + t("onboarding.foot_check")
        return noted
    return t("onboarding.consent_given")


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start: welcome a new user, or resume onboarding where they left off."""
    who, message = ids(update), update.effective_message
    if who is None or message is None:
        return
    await begin(update, context, message)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An onboarding button: consent, zone, reminder time, diabetes or "later"."""
    query, who = update.callback_query, ids(update)
    if (
        query is None
        or who is None
        or query.message is None
        or not isinstance(query.message, Message)
    ):
        return
    d, message = deps(context), query.message
    press = OnboardingPress.unpack(query.data)
    async with d.transaction() as session:
        user = await store.get_user(session, user_id=who[0])
        answer = (
            None
            if user is None or press is None
            else await onboarding.answer_button(
                session,
                user=user,
                question=press.question,
                value=press.answer,
                now=d.now(),
                catalog=d.content.catalog,
            )
        )
    if user is None or press is None or answer is None:
        await query.answer(d.text("common.button_expired"))
        return
    await query.answer()
    if press == OnboardingPress("tz", TZ_OTHER) and answer.step is OnboardingStep.TIMEZONE:
        await message.chat.send_message(d.text("onboarding.timezone_type_prompt"))
        return
    if answer.outcome in {Outcome.ACCEPTED, Outcome.REFUSED}:
        await _drop_buttons(message)
    if press.question == "first":
        await message.chat.send_message(d.text("onboarding.later_ok"))
        return
    if answer.outcome is Outcome.INVALID:
        # A forged zone or time in callback data: say the button expired, re-ask.
        await message.chat.send_message(d.text("common.button_expired"))
        await ask(message, d, answer.step)
        return
    await _render(message, d, user, answer)


async def on_zone_pick(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A place button of "which place does EST mean?"; an old or forged one: "expired"."""
    d = deps(context)
    pressed = await unpacked_press(update, d, OnboardingZonePick)
    if pressed is None:
        return
    query, message, who, press = pressed
    async with d.transaction() as session:
        user = await store.get_user(session, user_id=who[0])
        answer = (
            None
            if user is None
            else await onboarding.answer_zone_pick(
                session, user=user, abbreviation=press.abbr, n=press.n, now=d.now()
            )
        )
    if user is None or answer is None:
        await query.answer(d.text("common.button_expired"))
        return
    await query.answer()
    await _drop_buttons(message)
    await _render(message, d, user, answer)


async def _drop_buttons(message: Message) -> None:
    # The answer is stored: take the buttons off so the old question cannot be pressed again.
    # BadRequest: already without buttons, or too old to edit; nothing to undo either way.
    with contextlib.suppress(BadRequest):
        await edit_markup(message, None)


def awaits(user: User) -> bool:
    """An onboarding answer is open. A therapist who never agreed to storing answers is not
    a patient in onboarding: their free text is not an answer to the consent question."""
    if onboarding.current_step(user) is OnboardingStep.DONE:
        return False
    return user.role != Role.THERAPIST.value or user.consent == Consent.GIVEN.value


async def reask(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User) -> None:
    """Ask the open onboarding question again."""
    if update.effective_message is not None and awaits(user):
        await ask(update.effective_message, deps(context), onboarding.current_step(user))


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User) -> bool:
    """A typed answer while onboarding is open; returns False when onboarding is done."""
    d, message = deps(context), update.effective_message
    assert message is not None and message.text is not None
    step = onboarding.current_step(user)
    text = message.text
    if step is OnboardingStep.DONE:
        return False
    if len(text) > onboarding.MAX_ANSWER_CHARS:
        await message.reply_text(
            d.text("common.too_long", length=len(text), limit=onboarding.MAX_ANSWER_CHARS)
        )
        return True
    reply = yes_no_unsure(text) if step is OnboardingStep.DIABETES else None
    if reply is not None:
        # A typed "yes", "no" or "not sure" is the same answer as its button.
        async with d.transaction() as session:
            fresh = await store.get_user(session, user_id=user.id)
            assert fresh is not None
            answer = await onboarding.answer_button(
                session, user=fresh, question="dia", value=reply, now=d.now()
            )
        await _render(message, d, fresh, answer, typed=text)
        return True
    if step in {OnboardingStep.CONSENT, OnboardingStep.DIABETES}:
        if step is OnboardingStep.DIABETES:
            await message.reply_text(d.text("onboarding.diabetes_invalid"))
        await ask(message, d, step)
        return True
    async with d.transaction() as session:
        fresh = await store.get_user(session, user_id=user.id)
        assert fresh is not None
        if step is OnboardingStep.TIMEZONE:
            answer = await onboarding.answer_timezone(
                session, user=fresh, text=text, aliases=d.content.zone_aliases, now=d.now()
            )
        elif step is OnboardingStep.SECOND_TIME:
            answer = await onboarding.answer_second_time(
                session, user=fresh, text=text, now=d.now()
            )
        else:
            answer = await onboarding.answer_reminder_time(
                session, user=fresh, text=text, now=d.now(), catalog=d.content.catalog
            )
    await _render(message, d, fresh, answer, typed=text)
    return True
