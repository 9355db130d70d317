"""Text keys that code builds at run time, declared once so the loader can check them.

Code writes `d.text(f"reminders.skip_reasons.{reason}")`; a missing text would fail only
in front of the user who picks that reason. Each such family is declared here as the
f-string's shape (every `{...}` written `{}`) and the finite set of values it is filled
with, taken from the code's own source of truth in `bot.domain`. The sets that live
outside the domain (the composition root's command list, a database column's values, the
pause lengths, one handler's buttons) are listed here, and
`tests/unit/test_content_keys.py` checks them against their source.
`tests/unit/test_content_validation.py` scans `bot/` and `handlers/` for key f-strings and
fails on any family not declared here.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import get_args

__all__ = ["dynamic_keys", "expand", "missing_dynamic_keys"]


def _names(values: Iterable[object]) -> tuple[str, ...]:
    return tuple(str(v) for v in values)


@functools.cache
def dynamic_keys() -> Mapping[str, tuple[str, ...]]:
    """Key shape (`"selftest.toes.{}"`) -> every value code fills into its `{}`.

    Built on first use, not at import: the domain modules import `bot.content.exercises`,
    and triage is slow to import, so `bot.content` must not pull them in when imported.
    """
    from bot.commands import COMMANDS as commands
    from bot.content.exercises import Foot
    from bot.domain import checkin, escalation, reminders, scheduling, selftest, zones
    from bot.domain.chat import CHAT_REPLIES
    from bot.domain.triage import Level
    from bot.domain.triage.assessment import FLAGS

    snooze_minutes = _names(int(d.total_seconds() // 60) for d in reminders.SNOOZE_CHOICES)
    # str() of User.diabetes, a nullable boolean column (bot/db/models/).
    diabetes = _names((True, False, None))
    # The patient-detail buttons: a literal in handlers/caseload.py (_detail_buttons), the
    # only family with no source of truth outside a handler.
    detail_buttons = ("charts", "programme", "time", "pause", "message", "clear")
    # The /settings pause lengths in days, 0 ("until I resume") having its own text:
    # bot/buttons.py PAUSE_DAYS (next to the callback codecs, outside the domain).
    pause_days = ("1", "3", "7")
    # Every wording the BE-FAST questions can follow, whatever the level.
    befast = tuple(dict.fromkeys(escalation.befast_wording(level) for level in Level))
    trends = get_args(selftest.TrendKind)
    return {
        "common.commands.{}": commands,
        # The intents answered with their own text (`bot.domain.chat.plan`).
        "chat.{}": _names(kind.value for kind in CHAT_REPLIES),
        "drills.foot.{}": get_args(Foot),
        "reminders.buttons.snooze{}": snooze_minutes,
        "reminders.buttons.pause{}": pause_days,
        # Monday 0 to Sunday 6: the bits of the schedule's weekday mask.
        "reminders.weekdays.{}": _names(range(scheduling.EVERY_DAY.bit_length())),
        "reminders.skip_reasons.{}": reminders.SKIP_REASONS,
        "reminders.skip_answers.{}": reminders.SKIP_REASONS,
        "safety.alert_notice.{}": _names(a.value for a in escalation.Audience),
        "safety.befast_intro.{}": befast,
        "safety.befast_all_no.{}": befast,
        "safety.checkin_items.{}": tuple({**checkin.ITEMS, **checkin.RETIRED}),
        "selftest.feet.{}": selftest.FEET,
        "selftest.toes.{}": _names(selftest.TOES),
        "selftest.answers.{}": _names(a.value for a in selftest.ToeAnswer),
        "selftest.trend.{}": get_args(selftest.HeadlineKind),
        "therapist.trend.{}": trends,
        "therapist.diabetes.{}": diabetes,
        "therapist.buttons.{}": detail_buttons,
        # Every flag triage can produce, in plain words (bot/domain/flags.py).
        "therapist.flags.{}": FLAGS,
        "therapist.source.{}": _names(s.value for s in escalation.Source),
        # An escalation's level in plain words (bot/domain/digest.py `level_label`).
        "therapist.levels.{}": _names(level.name_lower for level in Level),
        # The places offered for an ambiguous abbreviation ("EST": New York or fixed UTC−5).
        "timezones.buttons.places.{}": tuple(zones.place_key(z) for z in zones.places()),
    }


def expand(shape: str, values: Iterable[str]) -> list[str]:
    """Every key of one family: `expand("a.{}", ["x"])` is `["a.x"]`."""
    return [shape.replace("{}", value) for value in values]


def missing_dynamic_keys(texts: Iterable[str]) -> list[tuple[str, str]]:
    """(family, key) for every declared dynamic key with no text, in table order."""
    present = set(texts)
    return [
        (shape, key)
        for shape, values in dynamic_keys().items()
        for key in expand(shape, values)
        if key not in present
    ]
