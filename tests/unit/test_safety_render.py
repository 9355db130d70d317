"""Advice wording follows SAFETY.md: action first, echo, then the way out."""

from __future__ import annotations

from bot.content import Content
from bot.domain.triage.engine import Assessment, Evidence, Level, assess
from bot.services.safety import render_advice, render_raised


def test_action_first_echo_escaped_way_out_last(content: Content) -> None:
    assessment = Assessment(
        Level.URGENT,
        ("infection_local", "diabetes_new_symptom"),
        (
            Evidence("infection_local", "red <hot> toe"),
            Evidence("diabetes_new_symptom", "red <hot> toe"),
        ),
    )
    text = render_advice(assessment, content.redflags)
    assert text.startswith(content.redflags.advice["urgent"])
    assert "red &lt;hot&gt; toe" in text and "<hot>" not in text
    assert text.count("red &lt;hot&gt; toe") == 1  # the same words are echoed once
    assert text.endswith(content.redflags.way_out)


def test_raised_advice_uses_the_given_reason(content: Content) -> None:
    text = render_raised(content.redflags, Level.EMERGENCY, "You answered yes to: X")
    assert text.startswith(content.redflags.advice["emergency"])
    assert "You answered yes to: X" in text and text.endswith(content.redflags.way_out)


def test_a_message_not_in_english_is_not_quoted_back_in_english(content: Content) -> None:
    spanish = assess("de repente no puedo mover el pie derecho", diabetes=False)
    english = assess("suddenly I can't move my right foot", diabetes=False)
    assert spanish.level is english.level
    quoted = render_advice(english, content.redflags)
    plain = render_advice(spanish, content.redflags)
    assert all(e.words not in plain for e in spanish.evidence)
    assert plain.startswith(content.redflags.advice[spanish.level.name_lower])
    assert plain.endswith(content.redflags.way_out) and len(plain) < len(quoted)
