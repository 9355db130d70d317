"""Which answer an ordinary chat message gets, once triage has found nothing to act on.

`plan(intent, context)` turns the intent `bot.domain.intents.read` found into one plan:
say a text by key, look the question up in the library, press a drill button the patient
typed, or pause what is open. Pure: the service (`bot.services.chat`) carries the plan out,
the handler renders it.

Typed commands act as the buttons do, and only the buttons that exist: a drill has next,
repeat and skip (and "it hurts", which a typed "stop" is not: pain is triage's to read), so
"stop" there pauses the drill as the self-test's "later" button pauses a test (buttons off,
the position kept, /today carries on). A self-test has answer buttons only: "stop" pauses
it, any other command is told to tap an answer.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Final

from bot.domain.intents import Context, DrillCommand, Intent, IntentKind

__all__ = ["CHAT_REPLIES", "Do", "Plan", "plan"]

# Intents answered with their own text, `chat.<kind>` (content/texts/chat.yaml).
CHAT_REPLIES: Final[tuple[IntentKind, ...]] = (
    IntentKind.GREETING,
    IntentKind.THANKS,
    IntentKind.DONE_REPORT,
    IntentKind.PROGRESS_NORMAL,
    IntentKind.DIFFICULTY_NORMAL,
    IntentKind.NEGATED_SYMPTOM,
)
UNKNOWN_KEY: Final = "common.unknown_text"
DRILL_PAUSED_KEY: Final = "chat.drill_paused"
SELFTEST_PAUSED_KEY: Final = "selftest.paused"  # the self-test's own "later" button's text
TAP_ANSWER_KEY: Final = "chat.tap_answer"


class Do(enum.StrEnum):
    """What the reply does."""

    SAY = "say"  # send the text `key`
    ANSWER = "answer"  # answer the question from the library (or say there is no answer)
    PRESS = "press"  # press the open drill's button `command`, as a tap would
    PAUSE = "pause"  # take the buttons off the open drill or self-test, then say `key`


@dataclass(frozen=True, slots=True)
class Plan:
    """One message's reply: `key` for SAY and PAUSE, `command` for PRESS."""

    do: Do
    key: str | None = None
    command: DrillCommand | None = None


def plan(intent: Intent, context: Context) -> Plan:
    """The reply to `intent`, read while `context` was open."""
    if intent.kind is IntentKind.QUESTION:
        return Plan(Do.ANSWER)
    if intent.kind is IntentKind.DRILL_COMMAND and intent.command is not None:
        if context is Context.DRILL:
            if intent.command is DrillCommand.STOP:
                return Plan(Do.PAUSE, DRILL_PAUSED_KEY)
            return Plan(Do.PRESS, command=intent.command)
        if context is Context.SELFTEST:
            if intent.command is DrillCommand.STOP:
                return Plan(Do.PAUSE, SELFTEST_PAUSED_KEY)
            return Plan(Do.SAY, TAP_ANSWER_KEY)
    if intent.kind in CHAT_REPLIES:
        return Plan(Do.SAY, f"chat.{intent.kind.value}")
    return Plan(Do.SAY, UNKNOWN_KEY)
