"""Onboarding: the order of questions and what each answer does.

The position is `User.onboarding_step` in the database, so a restart in the middle of
onboarding resumes at the same question. Each `answer_*` function validates, stores and
returns the outcome as plain data for the handler to render; none of them sends anything.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from bot.buttons import SECOND_TIME_NO, TZ_OTHER
from bot.content.exercises import ExerciseCatalog
from bot.db import store
from bot.db.models import Consent, OnboardingStep, Schedule, User
from bot.domain import prescription, reminders, scheduling
from bot.domain.zones import is_valid_zone, resolve_zone
from bot.services import prescriptions, schedules, zones

# Longer free-text answers are refused unread: no zone or time is that long, and a huge
# message must not be echoed back or stored.
MAX_ANSWER_CHARS = 200

_ORDER = (
    OnboardingStep.CONSENT,
    OnboardingStep.TIMEZONE,
    OnboardingStep.REMINDER_TIME,
    OnboardingStep.SECOND_TIME,
    OnboardingStep.DIABETES,
    OnboardingStep.DONE,
)
# Steps entered only on purpose, never by moving on: the second daily time is asked only
# when the programme has a twice-daily exercise (`answer_reminder_time`); a therapist's
# invited time goes straight on to the next question.
_ON_PURPOSE = frozenset({OnboardingStep.SECOND_TIME})


class Outcome(enum.StrEnum):
    """What happened to an answer."""

    ACCEPTED = "accepted"
    INVALID = "invalid"
    SUGGEST = "suggest"
    # An abbreviation such as "EST": which place is meant (`Answer.choices`)?
    ASK = "ask"
    WRONG_STEP = "wrong_step"
    REFUSED = "refused"


@dataclass(frozen=True)
class Answer:
    """The result of one onboarding answer, for the handler to render."""

    outcome: Outcome
    step: OnboardingStep
    suggestions: tuple[str, ...] = field(default_factory=tuple)
    schedule: Schedule | None = None
    # The second daily time was declined ("No, once a day").
    declined: bool = False
    # ASK: the abbreviation asked about and its places; ACCEPTED with a fixed offset: the
    # offset ("UTC+5:30"), which does not follow daylight saving; INVALID: an offset typed
    # that no zone keeps (such as UTC+15).
    abbreviation: str | None = None
    choices: tuple[str, ...] = field(default_factory=tuple)
    fixed: str | None = None
    bad_offset: bool = False


def current_step(user: User | None) -> OnboardingStep:
    """The open question; a refused or new user is back at consent."""
    if user is None or user.consent != Consent.GIVEN.value:
        return OnboardingStep.CONSENT
    return OnboardingStep(user.onboarding_step)


def is_onboarded(user: User | None) -> bool:
    """Consent given and every onboarding question answered."""
    return current_step(user) is OnboardingStep.DONE


def following(step: OnboardingStep) -> OnboardingStep:
    """The step after `step` (skipping the steps entered only on purpose)."""
    index = min(_ORDER.index(step) + 1, len(_ORDER) - 1)
    while _ORDER[index] in _ON_PURPOSE:
        index += 1
    return _ORDER[index]


def times_wanted(catalog: ExerciseCatalog | None, programme_id: str) -> int:
    """How many daily reminders the patient's programme asks for (1 without a catalog)."""
    if catalog is None or programme_id not in catalog.programmes:
        return 1
    per_day = [
        exercise.frequency.times_per_day if exercise.frequency else None
        for item in catalog.programme(programme_id).items
        for exercise_id in item.choices
        if (exercise := catalog.exercises.get(exercise_id)) is not None
    ]
    return reminders.daily_times_wanted(per_day)


async def times_to_ask(
    session: AsyncSession, *, user: User, catalog: ExerciseCatalog | None
) -> int:
    """How many daily times onboarding asks for: a prescription's most frequent exercise's
    (a therapist may prescribe before the patient chose their times), else the named
    programme's (`times_wanted`)."""
    rows = await prescriptions.of(session, patient_id=user.id)
    if rows:
        return prescription.times_wanted(prescriptions.item_of(r) for r in rows)
    return times_wanted(catalog, user.programme_id)


async def _follow_prescription(
    session: AsyncSession, *, user: User, now: dt.datetime, declined: bool = False
) -> Schedule | None:
    """Once the patient's own times are in, a prescription made before them decides the
    rest, as `prescriptions.replace` does for a patient who has times: the reminder weekdays
    (`prescription.drill_weekdays`) and, beyond the times onboarding asks, the missing daily
    slots (`prescription.reminder_times`; none added after "No, once a day"). The schedule,
    or None without one."""
    schedule = await store.get_schedule(session, user_id=user.id)
    rows = await prescriptions.of(session, patient_id=user.id)
    if schedule is None or not rows:
        return schedule
    items = [prescriptions.item_of(r) for r in rows]
    times = scheduling.parse_times(schedule.times)
    wanted = prescription.times_wanted(items)
    if not declined and wanted > len(times):
        schedule.times = scheduling.format_times(prescription.reminder_times(times, wanted))
    days = prescription.drill_weekdays(max(i.days_per_week for i in items), schedule.weekdays)
    # Also recomputes the next due instant for the times set above.
    return await schedules.set_weekdays(session, user=user, weekdays=days, now=now) or schedule


def _advance(user: User, answered: OnboardingStep) -> OnboardingStep:
    if OnboardingStep(user.onboarding_step) == answered:
        user.onboarding_step = following(answered).value
    return OnboardingStep(user.onboarding_step)


def _expected(user: User, step: OnboardingStep) -> Answer | None:
    now_step = current_step(user)
    if now_step != step:
        return Answer(Outcome.WRONG_STEP, now_step)
    return None


async def answer_consent(
    session: AsyncSession, *, user: User, given: bool, now: dt.datetime
) -> Answer:
    """Consent yes/no. Accepted at any time while consent is not yet given."""
    if user.consent == Consent.GIVEN.value:
        return Answer(Outcome.WRONG_STEP, current_step(user))
    await store.record_consent(session, user=user, given=given, now=now)
    if not given:
        return Answer(Outcome.REFUSED, OnboardingStep.CONSENT)
    return Answer(Outcome.ACCEPTED, current_step(user))


async def answer_timezone(
    session: AsyncSession,
    *,
    user: User,
    text: str,
    aliases: Mapping[str, str],
    now: dt.datetime,
    exact: bool = False,
) -> Answer:
    """A zone from a button (`exact`: must be a tz name) or typed (a city, name or offset)."""
    if (wrong := _expected(user, OnboardingStep.TIMEZONE)) is not None:
        return wrong
    fixed: str | None = None
    if exact:
        zone = text if is_valid_zone(text) else None
        suggestions: tuple[str, ...] = ()
        fixed = zones.fixed_label(text) if zone else None
    else:
        if len(text) > MAX_ANSWER_CHARS:
            return Answer(Outcome.INVALID, OnboardingStep.TIMEZONE)
        match = resolve_zone(text, aliases)
        zone, suggestions, fixed = match.zone, match.suggestions, match.fixed
        if match.choices and match.abbreviation:
            zones.ask(user, zones.ONBOARDING, match.abbreviation)
            return Answer(
                Outcome.ASK,
                OnboardingStep.TIMEZONE,
                abbreviation=match.abbreviation,
                choices=match.choices,
            )
        if zone is None and match.bad_offset:
            return Answer(Outcome.INVALID, OnboardingStep.TIMEZONE, bad_offset=True)
    if zone is None:
        outcome = Outcome.SUGGEST if suggestions else Outcome.INVALID
        return Answer(outcome, OnboardingStep.TIMEZONE, suggestions)
    await store.set_timezone(session, user=user, zone=zone, now=now)
    zones.settle(user, zones.ONBOARDING)
    step = _advance(user, OnboardingStep.TIMEZONE)
    if step is OnboardingStep.REMINDER_TIME and user.invited_time:
        # The therapist's invite set the time: no need to ask it.
        schedule = await store.set_reminder_time(
            session, user=user, at=dt.time.fromisoformat(user.invited_time), now=now
        )
        return Answer(
            Outcome.ACCEPTED,
            _advance(user, OnboardingStep.REMINDER_TIME),
            schedule=schedule,
            fixed=fixed,
        )
    return Answer(Outcome.ACCEPTED, step, fixed=fixed)


async def answer_zone_pick(
    session: AsyncSession, *, user: User, abbreviation: str, n: int, now: dt.datetime
) -> Answer | None:
    """A place button of the "which place does EST mean?" question; None when this user has
    no such question open (an old, someone else's or forged button): nothing changes."""
    if current_step(user) is not OnboardingStep.TIMEZONE:
        return None
    zone = zones.take(user, zones.ONBOARDING, abbreviation, n)
    if zone is None:
        return None
    return await answer_timezone(session, user=user, text=zone, aliases={}, now=now, exact=True)


async def answer_reminder_time(
    session: AsyncSession,
    *,
    user: User,
    text: str,
    now: dt.datetime,
    catalog: ExerciseCatalog | None = None,
) -> Answer:
    """A local reminder time, typed or from a button; sets the daily schedule. When the
    prescription, or else the programme (in `catalog`), has an exercise done more than once
    a day, the second time is asked next."""
    if (wrong := _expected(user, OnboardingStep.REMINDER_TIME)) is not None:
        return wrong
    at = scheduling.parse_local_time(text) if len(text) <= MAX_ANSWER_CHARS else None
    if at is None:
        return Answer(Outcome.INVALID, OnboardingStep.REMINDER_TIME)
    schedule = await store.set_reminder_time(session, user=user, at=at, now=now)
    step = _advance(user, OnboardingStep.REMINDER_TIME)
    if await times_to_ask(session, user=user, catalog=catalog) >= 2:
        user.onboarding_step = OnboardingStep.SECOND_TIME.value
        step = OnboardingStep.SECOND_TIME
    else:
        schedule = await _follow_prescription(session, user=user, now=now) or schedule
    return Answer(Outcome.ACCEPTED, step, schedule=schedule)


async def answer_second_time(
    session: AsyncSession, *, user: User, text: str | None, now: dt.datetime
) -> Answer:
    """The optional second daily time, typed or from a button; None: "No, once a day" (so is
    the first time typed again). `Answer.declined` says which."""
    if (wrong := _expected(user, OnboardingStep.SECOND_TIME)) is not None:
        return wrong
    at = None
    if text is not None:
        at = scheduling.parse_local_time(text) if len(text) <= MAX_ANSWER_CHARS else None
        if at is None:
            return Answer(Outcome.INVALID, OnboardingStep.SECOND_TIME)
    schedule = await store.get_schedule(session, user_id=user.id)
    if at is not None and schedule is not None and at not in scheduling.parse_times(schedule.times):
        schedule = await schedules.add_time(session, user=user, at=at, now=now) or schedule
        declined = False
    else:
        declined = True
    schedule = await _follow_prescription(session, user=user, now=now, declined=declined)
    step = _advance(user, OnboardingStep.SECOND_TIME)
    return Answer(Outcome.ACCEPTED, step, schedule=schedule, declined=declined)


async def answer_diabetes(
    session: AsyncSession, *, user: User, value: bool | None, now: dt.datetime
) -> Answer:
    """The diabetes question; the last one before the first drill is offered. None is "not
    sure", which triage and the exercises count as diabetes, for safety."""
    if (wrong := _expected(user, OnboardingStep.DIABETES)) is not None:
        return wrong
    await store.set_diabetes(session, user=user, value=value, now=now)
    return Answer(Outcome.ACCEPTED, _advance(user, OnboardingStep.DIABETES))


async def answer_button(
    session: AsyncSession,
    *,
    user: User,
    question: str,
    value: str,
    now: dt.datetime,
    catalog: ExerciseCatalog | None = None,
) -> Answer:
    """An onboarding button's answer (`bot.buttons.OnboardingPress`, already validated):
    "other zone" and "later" change nothing; a zone button is taken only as an exact name."""
    if question == "consent":
        return await answer_consent(session, user=user, given=value == "yes", now=now)
    if question == "tz" and value == TZ_OTHER:
        return Answer(Outcome.INVALID, current_step(user))
    if question == "tz":
        return await answer_timezone(
            session, user=user, text=value, aliases={}, now=now, exact=True
        )
    if question == "time":
        return await answer_reminder_time(
            session, user=user, text=f"{value[:2]}:{value[2:]}", now=now, catalog=catalog
        )
    if question == "time2":
        typed = None if value == SECOND_TIME_NO else f"{value[:2]}:{value[2:]}"
        return await answer_second_time(session, user=user, text=typed, now=now)
    if question == "dia":
        known = {"yes": True, "no": False}
        return await answer_diabetes(session, user=user, value=known.get(value), now=now)
    return Answer(Outcome.ACCEPTED, current_step(user))
