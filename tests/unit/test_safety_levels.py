"""One message, one level (SAFETY.md): a ticked symptom gets the level the same symptom gets
when typed, and no advice ever carries the wording of two levels. Also the pure rules of the
delivery side: sanitising stored text, defanging quoted links, folding alerts, reminders."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest

from bot.content import Content
from bot.db.models import Escalation
from bot.domain.checkin import ITEMS, assess_checkin
from bot.domain.triage.engine import FLAGS, Assessment, Evidence, Level, assess
from bot.services import safety

# Plain sentences for each check-in item. Every sentence must get the item's level in free
# text, with and without diabetes (and with diabetes unknown).
SENTENCES: dict[str, tuple[str, ...]] = {
    "numb": ("My foot is numb.", "My toes are numb.", "I have numbness in my foot."),
    "burn": (
        "My foot feels like it is burning.",
        "I have burning or electric feelings in my foot.",
        "I get electric shocks in my foot.",
    ),
    "weak": (
        "My toes suddenly became weak.",
        "I have sudden weakness in my toes.",
        "Suddenly I can't move my toes.",
    ),
    "shape": (
        "My toes are curling under.",
        "My toes are starting to claw.",
        "My toes are overlapping.",
        "My toes have changed shape.",
    ),
    "pain": ("My foot hurt during the exercise.", "I had pain during the exercise."),
    "wound": (
        "I have a blister on my foot.",
        "I have a cut on my foot.",
        "I have a sore on my foot.",
    ),
    "red": ("My foot is red, hot and swollen.", "My toe is red and swollen."),
}


def _cases() -> list[object]:
    cases: list[object] = []
    for item, sentences in SENTENCES.items():
        for sentence, diabetes in itertools.product(sentences, (False, True, None)):
            cases.append(pytest.param(item, sentence, diabetes))
    return cases


def test_every_item_has_sentences() -> None:
    assert set(SENTENCES) == set(ITEMS)


@pytest.mark.parametrize(("item", "sentence", "diabetes"), _cases())
def test_a_ticked_symptom_gets_the_level_of_the_same_symptom_typed(
    item: str, sentence: str, diabetes: bool | None
) -> None:
    ticked = assess_checkin([item], diabetes=diabetes, labels={})
    typed = assess(sentence, diabetes=diabetes)
    assert ticked.level is typed.level, (item, sentence, diabetes)
    assert ITEMS[item][0] in typed.flags or ITEMS[item][0] == "skin_wound"
    assert (ticked.follow_up is None) == (typed.follow_up is None)


# --- one level per message --------------------------------------------------------------------

TAG = re.compile(r"<[^>]+>")
LEVELS = (Level.STOP, Level.ROUTINE, Level.URGENT, Level.EMERGENCY)
# How soon, as each level says it; no other level's text may carry these.
TIMING = {
    Level.EMERGENCY: ("emergency number now", "straight away", "at once", "right away"),
    Level.URGENT: ("today",),
}


def _plain(text: str) -> str:
    return TAG.sub("", text).lower()


def _actions(content: Content) -> dict[Level, str]:
    """Each level's distinctive phrase: the bold action of content/redflags.yaml."""
    out = {}
    for level in LEVELS:
        match = re.match(r"<b>(.*?)</b>", content.redflags.advice[level.name_lower])
        assert match is not None
        out[level] = _plain(match[1])
    return out


def _levels_worded(text: str, content: Content) -> set[Level]:
    plain = _plain(text)
    found = {level for level, action in _actions(content).items() if action in plain}
    for level, phrases in TIMING.items():
        if any(p in plain for p in phrases):
            found.add(level)
    return found


def _notices(content: Content, level: Level) -> list[str | None]:
    if level < Level.URGENT:
        return [None]
    return [content.texts.get(f"safety.alert_notice.{a.value}") for a in safety.Audience]


def test_no_advice_carries_the_wording_of_two_levels(content: Content) -> None:
    way_out = _plain(content.redflags.way_out)
    assert not _levels_worded(way_out, content), "the way out is for every level"
    pairs = [(f,) for f in FLAGS] + list(itertools.combinations(FLAGS, 2))
    for level in LEVELS:
        for flags in pairs:
            for notice in _notices(content, level):
                assessment = Assessment(level, flags, tuple(Evidence(f, "x") for f in flags))
                text = safety.render_advice(assessment, content.redflags, notice=notice)
                assert _levels_worded(text, content) == {level}, (level, flags, notice)
        raised = safety.render_raised(content.redflags, level, "x")
        assert _levels_worded(raised, content) == {level}


def test_follow_up_texts_never_lower_the_advice(content: Content) -> None:
    texts = content.texts
    for key, level in (("emergency", Level.EMERGENCY), ("urgent", Level.URGENT)):
        assert _levels_worded(texts.get(f"safety.befast_all_no.{key}"), content) == {level}
        assert _levels_worded(texts.get(f"safety.befast_intro.{key}"), content) <= {level}
    yes_noted = texts.get("safety.befast_yes_noted")
    assert _levels_worded(yes_noted, content) == {Level.EMERGENCY}
    no_improvement = texts.get("safety.no_improvement", weeks=6)
    assert Level.URGENT not in _levels_worded(no_improvement, content)
    assert Level.EMERGENCY not in _levels_worded(no_improvement, content)
    # A stop for pain on a skipped day is worded apart, never in a higher level's words.
    assert not _levels_worded(texts.get("reminders.pain_advice"), content)
    for key in ("safety.reminder", "safety.resume_held", "safety.befast_raised"):
        assert not _levels_worded(texts.get(key, question="x"), content), key


def test_only_a_real_alert_promises_one(content: Content) -> None:
    texts = content.texts
    assert "therapist" in texts.get("safety.alert_notice.therapist")
    assert "therapist" not in texts.get("safety.alert_notice.none")
    assert "therapist" not in texts.get("safety.alert_notice.team")
    for level in ("emergency", "urgent"):
        assert "therapist" not in content.redflags.advice[level]
    assessment = Assessment(Level.URGENT, ("infection_local",), ())
    text = safety.render_advice(
        assessment, content.redflags, notice=texts.get("safety.alert_notice.none")
    )
    assert texts.get("safety.alert_notice.none") in text.split("\n\n")[0]


# --- pure rules of delivery ---------------------------------------------------------------------


def test_sanitise_replaces_lone_surrogates_and_drops_nul() -> None:
    assert safety.sanitise("a\ud800b\x00c\udfff") == "a\ufffdbc\ufffd"
    assert safety.sanitise("toes 🦶 ok") == "toes 🦶 ok"
    safety.sanitise("x\ud800\x00").encode("utf-8")  # now every driver takes it


@pytest.mark.parametrize(
    ("raw", "defanged"),
    [
        ("see https://evil.example.com/x", "see hxxps://evil[.]example[.]com/x"),
        ("HTTP://a.io", "hxxp://a[.]io"),
        ("t.me/somebot", "t[.]me/somebot"),
        ("write to @someone or a@b.org", "write to [@]someone or a[@]b[.]org"),
        ("fever 38.5 since today. Toes numb", "fever 38.5 since today. Toes numb"),
    ],
)
def test_defang_breaks_links_and_keeps_prose(raw: str, defanged: str) -> None:
    assert safety.defang(raw) == defanged


def test_alert_now_folds_unless_the_level_goes_up() -> None:
    u, e = Level.URGENT, Level.EMERGENCY
    assert safety.alert_now([u], [])
    assert not safety.alert_now([u], [u])
    assert not safety.alert_now([u, u], [e])
    assert safety.alert_now([e], [u])
    assert not safety.alert_now([], [])


T = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
H = dt.timedelta(hours=1)


@pytest.mark.parametrize(
    ("unreminded", "last", "now", "due"),
    [
        (T, None, T + 1 * H, False),
        (T, None, T + 2 * H, True),
        (None, T + 2 * H, T + 20 * H, False),
        (None, T + 2 * H, T + 26 * H, True),
        # A newer escalation after the last reminder: its own 2 h, not sooner.
        (T + 3 * H, T + 2 * H, T + 4 * H, False),
        (T + 3 * H, T + 2 * H, T + 5 * H, True),
        (None, None, T + 100 * H, False),
    ],
)
def test_reminder_due_after_two_hours_then_daily(
    unreminded: dt.datetime | None, last: dt.datetime | None, now: dt.datetime, due: bool
) -> None:
    assert safety.reminder_due(unreminded_since=unreminded, last_reminded=last, now=now) is due


def test_pending_records_are_bounded_and_put_back_in_order() -> None:
    pending = safety.PendingRecords(limit=2)
    records = [
        Escalation(user_id=i, chat_id=i, source="m", level="urgent", advice="a", created_at=T)
        for i in range(3)
    ]
    for r in records:
        pending.add(r)
    assert [r.user_id for r in pending.take()] == [1, 2]
    pending.add(records[0])
    pending.put_back(records[1:])
    assert [r.user_id for r in pending.take()] == [2, 0]  # older first; the oldest dropped
