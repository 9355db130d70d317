"""Pure reminder rules: whether a due prompt is sent, skipped or missed, and what comes next.

No I/O and no framework imports (neither telegram nor the database): the dispatcher feeds in
what it read and writes back what these functions decide, so every rule here is tested
without a database or a clock. All instants are aware UTC datetimes; "local" means the
patient's IANA zone.

Rules, in the order they are applied to a due prompt (the first that matches wins):

1. the patient blocked the bot (inactive) or has no consent on file: skipped;
2. the schedule is stopped: skipped;
3. the schedule is paused and the pause has not run out (`resume_on` is a local date; the
   pause ends when the prompt's own local day reaches it): skipped;
4. an unanswered emergency/urgent escalation pauses prompts: skipped;
5. the patient tapped "Skip today" on a prompt of that local day: skipped, whatever the kind
   (daily times, snoozes, follow-ups); the next local day is untouched;
6. a daily prompt or follow-up whose session is already done: skipped (nothing to remind
   of). With two daily times each prompt serves its own session (`slot_of`): the morning's
   session silences the morning prompt, not the evening one, so a twice-daily exercise gets
   its second reminder. A snooze is never skipped: the patient asked for it and was told
   when it comes, so it is never promised and dropped;
7. later than the grace window (downtime): missed, never sent late;
8. a follow-up that would arrive in quiet hours: skipped (it is a nudge, not an appointment);
9. otherwise: sent.

Daily prompts and snoozes ignore quiet hours: the patient chose that time themselves.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.domain import scheduling


class PromptKind(enum.StrEnum):
    """Why a prompt is sent (the one definition: `bot.db.models` stores these values)."""

    DAILY = "daily"  # from the recurring schedule
    SNOOZE = "snooze"  # one prompt moved by the patient; the schedule is untouched
    FOLLOWUP = "followup"  # the one gentle nudge when the day's drill is not done


DAILY, SNOOZE, FOLLOWUP = PromptKind.DAILY, PromptKind.SNOOZE, PromptKind.FOLLOWUP
# The old name, still read by `bot.delivery.claims`.
Kind = PromptKind

DEFAULT_GRACE = dt.timedelta(hours=2)
DEFAULT_FOLLOWUP_AFTER = dt.timedelta(hours=3)
# The delays a patient can pick on a prompt's snooze buttons, in minutes (the one definition:
# the buttons, their texts `reminders.buttons.snooze<minutes>` and the service derive from it).
SNOOZE_MINUTES: tuple[int, ...] = (30, 60, 180)
SNOOZE_CHOICES: tuple[dt.timedelta, ...] = tuple(dt.timedelta(minutes=m) for m in SNOOZE_MINUTES)
# Why a patient skipped a day (buttons, texts `reminders.skip_reasons.<reason>`, stored value).
SKIP_REASONS: tuple[str, ...] = ("busy", "pain", "forgot", "motivation", "other")
# `Prompt.response` of a prompt whose "Skip today" was tapped: the day is skipped.
SKIP_RESPONSE = "skip"
# Instants are stored with microseconds; slots fall on whole minutes, so one microsecond
# before an instant is "just before it" for `scheduling.next_due`'s strict comparison.
_TICK = dt.timedelta(microseconds=1)


class Outcome(enum.StrEnum):
    """What the dispatcher does with a due prompt."""

    SEND = "send"
    MISSED = "missed"  # later than the grace window: recorded, not sent
    SKIPPED = "skipped"  # not sent on purpose; see `SkipReason`


class SkipReason(enum.StrEnum):
    """Why a prompt was not sent on purpose (stored in `prompts.error`)."""

    INACTIVE = "inactive"
    NO_CONSENT = "no_consent"
    STOPPED = "stopped"
    PAUSED = "paused"
    ESCALATION = "escalation"
    DAY_SKIPPED = "day_skipped"
    DRILL_DONE = "drill_done"
    QUIET_HOURS = "quiet_hours"


@dataclass(frozen=True, slots=True)
class QuietHours:
    """A local time window in which no nudge is sent; it may run across midnight.

    `start == end` means no quiet hours at all.
    """

    start: dt.time = dt.time(21, 0)
    end: dt.time = dt.time(8, 0)

    @classmethod
    def parse(cls, text: str) -> QuietHours:
        """Read a setting such as "21:00-08:00" (an empty string: no quiet hours)."""
        if not text.strip():
            return cls(dt.time(0), dt.time(0))
        start, sep, end = text.partition("-")
        try:
            if not sep:
                raise ValueError
            return cls(dt.time.fromisoformat(start.strip()), dt.time.fromisoformat(end.strip()))
        except ValueError:
            raise ValueError(f"quiet hours must look like 21:00-08:00, not {text!r}") from None

    def contains(self, local: dt.time) -> bool:
        """True when the local wall-clock time `local` falls in the window [start, end)."""
        at = local.replace(tzinfo=None)
        if self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= at < self.end
        # Across midnight, e.g. 21:00-08:00: late evening or early morning.
        return at >= self.start or at < self.end

    def contains_instant(self, instant: dt.datetime, zone: ZoneInfo) -> bool:
        """True when `instant` is in quiet hours on the patient's local clock."""
        return self.contains(instant.astimezone(zone).time())


@dataclass(frozen=True, slots=True)
class DueState:
    """Everything the rules need to know about one due prompt, read by the dispatcher."""

    kind: PromptKind
    due_at: dt.datetime
    # The patient's local date the prompt belongs to (for a daily prompt: of `due_at`).
    local_day: dt.date
    zone: ZoneInfo
    active: bool = True
    consented: bool = True
    stopped: bool = False
    paused: bool = False
    resume_on: dt.date | None = None
    escalation_pause: bool = False
    # Drills finished (or stopped for pain) on `local_day`; snoozes do not care.
    drills_done: int = 0
    # Which of the day's times this prompt serves (1 = the first): with two daily times a
    # morning session covers the morning prompt, not the evening one (`slot_of`).
    slot: int = 1
    # The patient skipped `local_day` from one of its prompts.
    day_skipped: bool = False


@dataclass(frozen=True, slots=True)
class Decision:
    """The verdict on one due prompt.

    `resume` is True when the schedule's pause ran out (its `resume_on` day has come): the
    dispatcher then clears `paused`/`resume_on` so the pause does not linger.
    """

    outcome: Outcome
    reason: SkipReason | None = None
    resume: bool = False


def local_day(instant: dt.datetime, zone: ZoneInfo) -> dt.date:
    """The patient's local date at `instant`."""
    return instant.astimezone(zone).date()


def pause_ended(*, paused: bool, resume_on: dt.date | None, day: dt.date) -> bool:
    """True when a pause with an end date is over on local `day` (`day >= resume_on`)."""
    return paused and resume_on is not None and day >= resume_on


def is_paused(*, paused: bool, resume_on: dt.date | None, day: dt.date) -> bool:
    """True when prompts of local `day` are held back by /pause.

    A pause without `resume_on` lasts until /resume.
    """
    return paused and not pause_ended(paused=paused, resume_on=resume_on, day=day)


def is_late(*, due_at: dt.datetime, now: dt.datetime, grace: dt.timedelta) -> bool:
    """True when a prompt is later than the grace window: it is recorded missed, not sent.

    Late by exactly `grace` is still sent; only older ones are missed.
    """
    return now - due_at > grace


def slot_of(local_time: dt.time, times: Sequence[dt.time]) -> int:
    """Which of the day's daily `times` a prompt due at `local_time` serves: the number of
    times at or before it (at least 1). A follow-up after the evening prompt serves the
    evening, so the morning's session does not silence it."""
    return max(1, sum(1 for t in times if t <= local_time))


def decide(
    state: DueState,
    *,
    now: dt.datetime,
    grace: dt.timedelta = DEFAULT_GRACE,
    quiet: QuietHours | None = None,
) -> Decision:
    """Send, skip (with a reason) or record missed one due prompt; see the module rules."""
    quiet = quiet if quiet is not None else QuietHours()
    resume = pause_ended(paused=state.paused, resume_on=state.resume_on, day=state.local_day)

    def skip(reason: SkipReason) -> Decision:
        return Decision(Outcome.SKIPPED, reason, resume)

    if not state.active:
        return skip(SkipReason.INACTIVE)
    if not state.consented:
        return skip(SkipReason.NO_CONSENT)
    if state.stopped:
        return skip(SkipReason.STOPPED)
    if is_paused(paused=state.paused, resume_on=state.resume_on, day=state.local_day):
        return skip(SkipReason.PAUSED)
    if state.escalation_pause:
        return skip(SkipReason.ESCALATION)
    if state.day_skipped:
        return skip(SkipReason.DAY_SKIPPED)
    if state.kind != SNOOZE and state.drills_done >= state.slot:
        return skip(SkipReason.DRILL_DONE)
    if is_late(due_at=state.due_at, now=now, grace=grace):
        return Decision(Outcome.MISSED, None, resume)
    if state.kind == FOLLOWUP and quiet.contains_instant(now, state.zone):
        return skip(SkipReason.QUIET_HOURS)
    return Decision(Outcome.SEND, None, resume)


def next_after(
    *,
    times: Sequence[dt.time],
    weekdays: int,
    zone: ZoneInfo,
    handled_due: dt.datetime,
    now: dt.datetime,
    grace: dt.timedelta = DEFAULT_GRACE,
) -> dt.datetime | None:
    """The schedule's next due instant once the prompt due at `handled_due` is dealt with.

    The next slot after `handled_due`; but slots already older than the grace window are
    jumped over in one step, so a week of downtime records one missed prompt per schedule,
    not one per missed day. None when the schedule selects no weekday.
    """
    nxt = scheduling.next_due(times=times, weekdays=weekdays, zone=zone, after=handled_due)
    if nxt is not None and is_late(due_at=nxt, now=now, grace=grace):
        # The first slot at or after `now - grace`: late by at most the grace, so still sent.
        nxt = scheduling.next_due(
            times=times, weekdays=weekdays, zone=zone, after=now - grace - _TICK
        )
    return nxt


def followup_at(
    *,
    due_at: dt.datetime,
    zone: ZoneInfo,
    after: dt.timedelta = DEFAULT_FOLLOWUP_AFTER,
    quiet: QuietHours | None = None,
) -> dt.datetime | None:
    """When to nudge about the daily prompt due at `due_at`, or None for no nudge.

    None when the nudge would fall on the next local day or in quiet hours: the nudge is
    about today's drill, and it is gentle. (At most one per local day is the dispatcher's
    job: it checks the stored follow-ups of that day.)
    """
    if after <= dt.timedelta(0):
        return None
    quiet = quiet if quiet is not None else QuietHours()
    at = due_at + after
    if local_day(at, zone) != local_day(due_at, zone):
        return None
    if quiet.contains_instant(at, zone):
        return None
    return at


# A schedule holds at most this many daily times (`bot.services.schedules.MAX_TIMES`).
MAX_DAILY_TIMES = 3


def daily_times_wanted(times_per_day: Iterable[int | None]) -> int:
    """How many daily reminders a programme asks for: its most frequent exercise's times a
    day (an exercise without a number counts once), from 1 to `MAX_DAILY_TIMES`.

    Onboarding offers a second time when this is 2 or more ("twice daily").
    """
    return max(1, min(MAX_DAILY_TIMES, max((n or 1 for n in times_per_day), default=1)))


def snooze_at(*, now: dt.datetime, delay: dt.timedelta) -> dt.datetime:
    """When a prompt snoozed at `now` for `delay` (one of `SNOOZE_CHOICES`) comes back.

    Only that one prompt moves; the recurring schedule is never touched.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if delay not in SNOOZE_CHOICES:
        raise ValueError(f"snooze delay must be one of {[str(c) for c in SNOOZE_CHOICES]}")
    return now + delay
