"""Properties of triage that must hold for any message, checked with Hypothesis."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.triage.engine import BEFAST, FLAGS, Level, assess

# Symptom phrases, each a real report on its own, and the noun for it.
SYMPTOMS = {
    "numbness": "my toes feel numb",
    "tingling": "my foot is tingling",
    "burning": "there's burning in my sole",
    "pins and needles": "pins and needles in my toes",
    "weakness": "my big toe feels weak",
    "swelling": "my toe is swollen",
    "redness": "my foot is red",
    "pain": "my toe hurts after the exercise",
    "a wound": "the wound on my heel is getting worse",
    "clawing": "my toes are clawing",
}
NEUTRAL = [
    "Finished the drill.",
    "Thanks!",
    "See you tomorrow.",
    "Did 10 reps of each.",
    "The towel scrunches were fun.",
]

symptom_nouns = st.sampled_from(sorted(SYMPTOMS))
symptom_phrases = st.sampled_from(sorted(SYMPTOMS.values()))
neutral = st.sampled_from(NEUTRAL)
diabetes = st.sampled_from([True, False, None])
messages = st.lists(st.one_of(symptom_phrases, neutral), min_size=1, max_size=4).map(". ".join)


@settings(max_examples=300)
@given(text=st.text(max_size=300), diabetes=diabetes)
def test_any_text_gives_a_well_formed_assessment(text: str, diabetes: bool | None) -> None:
    result = assess(text, diabetes=diabetes)
    assert isinstance(result.level, Level)
    assert set(result.flags) <= set(FLAGS)
    assert list(result.flags) == sorted(result.flags, key=FLAGS.index)
    assert [e.flag for e in result.evidence] == list(result.flags)
    assert all(isinstance(e.words, str) and len(e.words) <= 80 for e in result.evidence)
    assert result.follow_up in (None, BEFAST)
    assert not (result.info_only and result.level > Level.NONE)
    assert (result.level == Level.NONE) == (result.flags == ())


@given(text=messages, diabetes=diabetes)
def test_deterministic(text: str, diabetes: bool | None) -> None:
    assert assess(text, diabetes=diabetes) == assess(text, diabetes=diabetes)


@given(text=messages)
def test_diabetes_never_lowers_the_level(text: str) -> None:
    without = assess(text, diabetes=False).level
    with_diabetes = assess(text, diabetes=True).level
    assert with_diabetes >= without
    assert assess(text, diabetes=None).level == with_diabetes


@given(phrase=symptom_phrases, before=neutral, after=neutral)
def test_neutral_sentences_around_a_report_change_nothing(
    phrase: str, before: str, after: str
) -> None:
    alone = assess(phrase, diabetes=False).level
    assert alone >= Level.STOP
    assert assess(f"{before} {phrase}. {after}", diabetes=False).level == alone


@given(phrase=symptom_phrases)
def test_case_and_spacing_do_not_matter(phrase: str) -> None:
    expected = assess(phrase, diabetes=False)
    assert assess(phrase.upper(), diabetes=False).level == expected.level
    assert assess("  " + phrase.replace(" ", "   ") + " !!", diabetes=False).level == (
        expected.level
    )


@given(noun=symptom_nouns, diabetes=diabetes)
def test_a_negated_symptom_is_no_symptom(noun: str, diabetes: bool | None) -> None:
    for text in (f"no {noun}", f"I don't have any {noun}", f"there is no {noun} today"):
        assert assess(text, diabetes=diabetes).level == Level.NONE, text


@given(noun=symptom_nouns, diabetes=diabetes)
def test_questions_and_other_people_do_not_escalate(noun: str, diabetes: bool | None) -> None:
    for text in (
        f"what if I get {noun}?",
        f"should I worry if I notice {noun}?",
        f"my mum has {noun} in her feet",
    ):
        result = assess(text, diabetes=diabetes)
        assert (result.level, result.info_only) == (Level.NONE, True), text


@given(noun=st.sampled_from(["numbness", "tingling", "burning", "pins and needles", "pain"]))
def test_past_symptoms_that_are_over_do_not_escalate(noun: str) -> None:
    for text in (f"I had {noun} years ago", f"I used to have {noun} but not any more"):
        assert assess(text, diabetes=False).level == Level.NONE, text
    assert assess(f"I had {noun} years ago and it's back again", diabetes=False).level > (
        Level.NONE
    )
