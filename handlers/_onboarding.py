"""Onboarding screens shared by the onboarding and invite handlers: ask a step's question,
and welcome or resume a user (after /start, after an invite link, or when a brand-new user
writes before /start). Shared here so the two features do not import each other.
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.ext import ContextTypes

from bot.buttons import SECOND_TIME_NO, TZ_OTHER, OnboardingPress, StartToday
from bot.db import store
from bot.db.models import Consent, OnboardingStep
from bot.deps import Deps
from bot.services import onboarding
from handlers._shared import deps, ids, keyboard

REMINDER_CHOICES = (("07:00", "08:00", "09:00"), ("12:00", "18:00", "20:00"))
# The second daily time: afternoon and evening, as a twice-daily exercise spreads the day.
SECOND_CHOICES = (("13:00", "17:00", "18:00"), ("19:00", "20:00", "21:00"))


def question(d: Deps, step: OnboardingStep) -> tuple[str, InlineKeyboardMarkup | None]:
    """The text and buttons that ask `step`'s question."""
    t = d.text
    if step is OnboardingStep.CONSENT:
        buttons = [
            [(t("onboarding.consent_yes"), OnboardingPress("consent", "yes").pack())],
            [(t("onboarding.consent_no"), OnboardingPress("consent", "no").pack())],
        ]
        return t("onboarding.consent_question"), keyboard(buttons)
    if step is OnboardingStep.TIMEZONE:
        zones = [(c.label, OnboardingPress.for_zone(c.zone).pack()) for c in d.content.common_zones]
        rows = [zones[i : i + 2] for i in range(0, len(zones), 2)]
        rows.append([(t("onboarding.timezone_other"), OnboardingPress("tz", TZ_OTHER).pack())])
        return t("onboarding.timezone_question"), keyboard(rows)
    if step is OnboardingStep.REMINDER_TIME:
        rows = [
            [(hhmm, OnboardingPress("time", hhmm.replace(":", "")).pack()) for hhmm in r]
            for r in REMINDER_CHOICES
        ]
        return t("onboarding.reminder_question"), keyboard(rows)
    if step is OnboardingStep.SECOND_TIME:
        rows = [
            [(hhmm, OnboardingPress("time2", hhmm.replace(":", "")).pack()) for hhmm in r]
            for r in SECOND_CHOICES
        ]
        rows.append(
            [(t("onboarding.second_time_no"), OnboardingPress("time2", SECOND_TIME_NO).pack())]
        )
        return t("onboarding.second_time_question"), keyboard(rows)
    if step is OnboardingStep.DIABETES:
        buttons = [
            [
                (t("onboarding.diabetes_yes"), OnboardingPress("dia", "yes").pack()),
                (t("onboarding.diabetes_no"), OnboardingPress("dia", "no").pack()),
            ],
            # Stored as None: counted as diabetes by triage and the exercises, for safety.
            [(t("onboarding.diabetes_unsure"), OnboardingPress("dia", "unsure").pack())],
        ]
        return t("onboarding.diabetes_question"), keyboard(buttons)
    buttons = [
        [(t("onboarding.start_drill"), StartToday().pack())],
        [(t("onboarding.later"), OnboardingPress("first", "later").pack())],
    ]
    return t("onboarding.done"), keyboard(buttons)


async def ask(message: Message, d: Deps, step: OnboardingStep) -> None:
    """Send the question for `step`."""
    text, markup = question(d, step)
    await message.chat.send_message(text, reply_markup=markup)


async def begin(update: Update, context: ContextTypes.DEFAULT_TYPE, message: Message) -> None:
    """Welcome or resume; also used when a brand-new user writes before /start."""
    d, who = deps(context), ids(update)
    assert who is not None
    async with d.transaction() as session:
        user = await store.get_or_create_user(session, user_id=who[0], chat_id=who[1], now=d.now())
        step, consent = onboarding.current_step(user), user.consent
    if step is OnboardingStep.CONSENT:
        if consent == Consent.REFUSED.value:
            await message.chat.send_message(d.text("onboarding.consent_again"))
        else:
            name = update.effective_user.first_name if update.effective_user else ""
            await message.chat.send_message(d.text("onboarding.welcome", name=name))
    elif step is OnboardingStep.DONE:
        await message.chat.send_message(d.text("onboarding.already_done"))
        return
    else:
        await message.chat.send_message(d.text("onboarding.resume"))
    await ask(message, d, step)
