"""Advice wording follows SAFETY.md: action first, echo, then the way out."""

from __future__ import annotations

from bot.content import Content
from bot.safety import render_advice, render_raised
from bot.triage import Assessment, Evidence, Level


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
