"""Clinical assessments the bot makes without reading free text: a pain stop in a drill or a
skip for pain, a "yes" to a BE-FAST question, and the no-improvement rule.

Each is built here once, so every path that reaches the same finding stores the same level
and flag (SAFETY.md's table) whatever the button or job that found it. `words` is what the
patient is echoed as having said (already the content's wording, never free text).
"""

from __future__ import annotations

from bot.domain.triage import Assessment, Evidence, Level


def exercise_pain(words: str) -> Assessment:
    """Pain during or after an exercise: stop this exercise."""
    return Assessment(Level.STOP, ("exercise_pain",), (Evidence("exercise_pain", words),))


def stroke_signs(words: str) -> Assessment:
    """A BE-FAST question answered yes: a possible stroke, an emergency."""
    return Assessment(Level.EMERGENCY, ("stroke_signs",), (Evidence("stroke_signs", words),))


def no_improvement(words: str) -> Assessment:
    """No improvement after weeks of consistent exercise: book a review."""
    return Assessment(Level.ROUTINE, ("no_improvement",), (Evidence("no_improvement", words),))
