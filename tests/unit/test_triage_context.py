"""Context around a symptom word: negation and its scope, history and resolution, hypotheticals,
someone else, uncertainty, and what the assessment carries besides the level."""

from __future__ import annotations

import pytest

from bot.domain.triage.engine import BEFAST, Level, assess

N, S, R, U, E = Level.NONE, Level.STOP, Level.ROUTINE, Level.URGENT, Level.EMERGENCY


def level(text: str, diabetes: bool | None = False) -> Level:
    return assess(text, diabetes=diabetes).level


# --- negation and its scope --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # One cue governs a list that follows it ...
        ("no numbness, tingling or burning", N),
        ("I don't have any numbness or weakness", N),
        ("there's no swelling or redness on my foot", N),
        # ... but "but", "though", "except" end its scope.
        ("no pain, but my toes tingle", R),
        ("no pain though my toes are numb", R),
        ("nothing unusual except some tingling in my toes", R),
        ("I don't feel any tingling but my big toe is numb", R),
        ("no weakness in my feet but I can't feel my toes", R),
        # A new subject or a rewording ends it too.
        ("no pain and my toes are numb", R),
        ("not numb, just tingly", R),
        ("no numbness, my toes tingle though", R),
        # Chat without commas: a new subject ends the scope too.
        ("no pain my toes are numb", R),
        ("no pain it tingles", R),
        # A negated resolution is no resolution.
        ("the tingling has not gone away", R),
        ("the numbness won't go away", R),
        # A "no" that answers, or an idiom, negates nothing.
        ("no, my toes feel numb", R),
        ("no idea why but my toes are numb", R),
        ("nope. still numb", R),
        # Negated verbs of feeling and hurting.
        ("it doesn't hurt when I spread them", N),
        ("I didn't notice any numbness today", N),
        ("my toes aren't numb any more", N),
        # A negation that is itself the symptom.
        ("I can't feel my big toe", R),
        ("there's no feeling in my heel", R),
        ("my foot doesn't feel right", R),
        # "can't" that does not negate the pain.
        ("I can't sleep because of the pain in my foot", S),
        ("I can't stand the burning in my feet", R),
        # Mild is not absent.
        ("the pain is not too bad", S),
        ("not much pain, just a bit", S),
    ],
)
def test_negation_scope(text: str, expected: Level) -> None:
    assert level(text) == expected, assess(text, diabetes=False)


# --- uncertainty counts as present ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "not sure, maybe some numbness in my toes",
        "I think my toes might be a bit numb",
        "kind of tingly in my foot?",
        "I don't know if this is numbness in my toe",
        "I'm not sure if it's numb",
        "possibly some pins and needles",
        "I wonder if this numbness is normal",
        "I don't think it's numbness, more like tingling",
        "idk my toes feel sort of numbish",
    ],
)
def test_uncertainty_counts_as_present(text: str) -> None:
    assert level(text) >= R


# --- history and resolution ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I had tingling in my feet years ago", N),
        ("used to have numb toes when I was pregnant", N),
        ("last year I had burning in my soles", N),
        ("the tingling went away", N),
        ("the numbness is gone now", N),
        ("my toes used to be numb after the threading, now they're fine", N),
        ("I had some tingling this morning. It went away after an hour.", N),
        ("my foot fell asleep during the threading but it's fine now", N),
        # ... unless "still", "again", "since", "today" bring it back.
        ("I had tingling years ago, still have it sometimes", R),
        ("used to have burning feet and it has started again", R),
        ("had numbness last year and it's back again", R),
        ("the numbness went away but came back today", R),
        ("The numbness went away. Now it's back.", R),
        ("my toes have been numb since yesterday", R),
        # "used to be able to" is a loss, not a past symptom.
        ("I used to be able to lift my toes, now I can't lift them at all", E),
        # Plain past tense is a fresh report.
        ("I had pain during the rotations", S),
        ("my toes went numb during the threading", R),
    ],
)
def test_history_and_resolution(text: str, expected: Level) -> None:
    assert level(text) == expected, assess(text, diabetes=False)


def test_a_later_all_clear_about_something_else_does_not_resolve() -> None:
    assert level("My toes are numb. The exercise went well, all good now.") == R
    assert level("My toes are numb. I did the drill. It's fine now.") == R
    assert level("I had some tingling, then it went away") == N


def test_resolution_does_not_clear_signs_that_still_need_a_call() -> None:
    # A face droop or paralysis that passed is still a warning.
    assert level("my face drooped for ten minutes but it's gone now") == E
    assert level("I couldn't move my toes for an hour this morning, it went away") >= U


# --- hypotheticals, questions and other people: answer with the warning signs ---------------


@pytest.mark.parametrize(
    "text",
    [
        "what if my toes go numb?",
        "what should I do if my foot turns blue?",
        "should I worry if my toes tingle?",
        "if my toes go numb should I stop?",
        "could the exercises cause numbness?",
        "can this make my toes numb?",
        "does the threading cause tingling?",
        "will my toes go numb if I do it too long?",
        "what if the numbness doesn't go away",
        "how do I know if my toes are clawing?",
        "what does numbness feel like?",
        "what are pins and needles?",
    ],
)
def test_hypotheticals_do_not_escalate(text: str) -> None:
    result = assess(text, diabetes=True)
    assert result.level == N
    assert result.info_only is True
    assert result.flags == ()


@pytest.mark.parametrize(
    "text",
    [
        "my mum has numb feet from diabetes",
        "my husband's toes are tingling",
        "my friend has clawed toes",
        "my daughter has a blister on her toe",
        "my dad can't feel his feet",
        "her toes went black, should I tell her to see someone?",
        "my wife's feet are numb, what should she do?",
        "a friend said tingling is normal",
    ],
)
def test_someone_else_does_not_escalate(text: str) -> None:
    result = assess(text, diabetes=True)
    assert result.level == N
    assert result.info_only is True


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The patient's own body after someone else speaks.
        ("my husband says my foot looks blue", E),
        ("my friend noticed my toes are black", E),
        ("my mum has neuropathy. My toes feel numb too.", R),
        ("my wife thinks my toes are starting to claw", R),
        # "if" that is habitual, not hypothetical.
        ("if I lift my toes it hurts", S),
        ("it hurts, should I stop?", S),
        # A real symptom and a question about it.
        ("my toes are numb, is that a warning sign?", R),
        ("is it normal to feel tingling after threading?", R),
    ],
)
def test_real_reports_inside_questions_still_count(text: str, expected: Level) -> None:
    assert level(text) == expected, assess(text, diabetes=False)


def test_warning_sign_questions_are_info_only() -> None:
    result = assess("what are the warning signs I should look out for?", diabetes=False)
    assert (result.level, result.info_only) == (N, True)
    assert assess("finished the drill", diabetes=False).info_only is False


def test_a_real_report_beats_a_hypothetical_in_the_same_message() -> None:
    result = assess("what if it gets worse? my foot is cold and blue and it hurts", diabetes=False)
    assert result.level == E
    assert result.info_only is False


# --- figurative uses -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I was numb with boredom during the towel scrunches", N),
        ("the blue towel is too small", N),
        ("my blue socks are wet", N),
        ("dead tired today but did it", N),
        ("smashed it today, 20 marbles", N),
        ("I'm on fire today, all toes lifted", N),
        # The same words, literally.
        ("my toes are numb from the cold", R),
        ("my toes look blue", E),
        ("my feet feel like they're on fire", R),
        ("my big toe feels dead", R),
    ],
)
def test_figurative_and_literal(text: str, expected: Level) -> None:
    assert level(text) == expected, assess(text, diabetes=False)


# --- what the assessment carries ---------------------------------------------------------


def test_sudden_toe_weakness_alone_asks_befast() -> None:
    # "Urgent at least" in SAFETY.md; graded emergency, and the questions are still asked.
    result = assess("suddenly I can't move my big toe", diabetes=False)
    assert result.level == E
    assert result.flags == ("toe_weakness_sudden",)
    assert result.follow_up == BEFAST
    result = assess("my big toe has felt weak since yesterday", diabetes=False)
    assert (result.level, result.follow_up) == (U, BEFAST)


def test_befast_is_not_asked_when_another_sign_already_decides() -> None:
    result = assess("suddenly I can't move my toes and my speech is slurred", diabetes=False)
    assert result.level == E
    assert result.follow_up is None
    assert "stroke_signs" in result.flags


def test_evidence_words_echo_the_patients_phrase() -> None:
    result = assess("Hi! My Big Toe feels numb since Monday.", diabetes=False)
    assert [(e.flag, e.words) for e in result.evidence] == [("numbness", "my big toe feels numb")]
    result = assess("I can't speak properly and my leg is weak", diabetes=False)
    words = dict((e.flag, e.words) for e in result.evidence)
    assert words["stroke_signs"] == "can't speak properly"


def test_onset_words_make_weakness_sudden() -> None:
    assert assess("my toes feel weak", diabetes=False).flags == ("toe_weakness",)
    for onset in ["suddenly", "since this morning", "overnight", "today", "out of nowhere"]:
        result = assess(f"my toes feel weak {onset}", diabetes=False)
        assert result.flags == ("toe_weakness_sudden",), onset
    assert assess("my toes got weak gradually over the years", diabetes=False).level == R


@pytest.mark.parametrize(
    ("text", "region_flag"),
    [
        ("my face went numb", "stroke_signs"),
        ("numbness around my bottom", "cauda_equina"),
        ("my groin feels numb", "cauda_equina"),
        ("my big toe is numb", "numbness"),
        ("numbness on the bottom of my foot", "numbness"),
        ("the left side of my foot is numb", "numbness"),
        ("the left side of my body is numb", "stroke_signs"),
    ],
)
def test_where_the_numbness_is_decides(text: str, region_flag: str) -> None:
    assert region_flag in assess(text, diabetes=False).flags
