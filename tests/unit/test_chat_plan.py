"""Which reply each chat intent gets (`bot.domain.chat.plan`), and that the messages of the
labelled chat set are read as English by triage, so none gets "English only" by mistake."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.domain.chat import CHAT_REPLIES, Do, Plan, plan
from bot.domain.intents import Context, DrillCommand, Intent, IntentKind
from bot.domain.triage.lang import language_of

DATA = Path(__file__).resolve().parents[1] / "data" / "intents.jsonl"
# Written in another language on purpose: the warning list is their right answer.
FOREIGN = {"merci beaucoup"}


@pytest.mark.parametrize("kind", CHAT_REPLIES)
def test_small_talk_gets_its_own_text(kind: IntentKind) -> None:
    for context in Context:
        assert plan(Intent(kind), context) == Plan(Do.SAY, f"chat.{kind.value}")


def test_questions_are_looked_up_and_unknown_keeps_the_pointer() -> None:
    assert plan(Intent(IntentKind.QUESTION), Context.DRILL) == Plan(Do.ANSWER)
    assert plan(Intent(IntentKind.UNKNOWN), Context.IDLE) == Plan(Do.SAY, "common.unknown_text")


@pytest.mark.parametrize("command", [DrillCommand.NEXT, DrillCommand.REPEAT, DrillCommand.SKIP])
def test_drill_commands_press_the_button_or_point_to_the_answers(command: DrillCommand) -> None:
    intent = Intent(IntentKind.DRILL_COMMAND, command)
    assert plan(intent, Context.DRILL) == Plan(Do.PRESS, command=command)
    assert plan(intent, Context.SELFTEST) == Plan(Do.SAY, "chat.tap_answer")


def test_stop_pauses_what_is_open() -> None:
    stop = Intent(IntentKind.DRILL_COMMAND, DrillCommand.STOP)
    assert plan(stop, Context.DRILL) == Plan(Do.PAUSE, "chat.drill_paused")
    assert plan(stop, Context.SELFTEST) == Plan(Do.PAUSE, "selftest.paused")


def test_the_chat_set_is_english_to_triage() -> None:
    texts = [json.loads(line)["text"] for line in DATA.read_text(encoding="utf-8").splitlines()]
    assert {t for t in texts if language_of(t) != "en"} == FOREIGN


@pytest.mark.parametrize("text", ["stop", "Stop!", "stop please", "ok stop", "dun"])
def test_one_word_english_commands_are_not_polish_or_turkish(text: str) -> None:
    assert language_of(text) == "en"


@pytest.mark.parametrize("text", ["bol stop", "palce u stop bola", "dun aksam ayagim agriyor"])
def test_the_same_words_with_their_language_still_count(text: str) -> None:
    assert language_of(text) in {"pl", "tr"}
