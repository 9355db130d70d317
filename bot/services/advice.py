"""The patient-facing advice for an assessment, composed from the red-flag content by
SAFETY.md's wording rules: the action first, an echo of what was understood, the way out."""

from __future__ import annotations

import html

from bot.content import RedFlagContent
from bot.domain.triage import Assessment, Level


def render_advice(
    assessment: Assessment, content: RedFlagContent, notice: str | None = None
) -> str:
    """Echo what was understood, the level's action, and the way out (SAFETY.md's rules).

    `notice` (emergency and urgent) says who else was told, or that nobody was: it is part of
    the action paragraph, so it is never promised unless someone is actually alerted."""
    lines: list[str] = []
    seen: set[str] = set()
    # A message not in English was read through an English gloss: quoting the gloss as "you
    # said" would put words in the patient's mouth, so only the action and the way out.
    evidence_to_echo = assessment.evidence if assessment.language == "en" else ()
    for evidence in evidence_to_echo:
        template = content.echo.get(evidence.flag)
        # One echo per flag and per quote: the same words twice read like a glitch.
        if template is None or evidence.flag in seen or evidence.words in seen:
            continue
        seen.update({evidence.flag, evidence.words})
        lines.append(template.format(words=html.escape(evidence.words, quote=False)))
        if len(lines) == 2:  # two echoes say enough; more would bury the action
            break
    advice = _action(content, assessment.level, notice)
    # The action comes first: it is the one thing the patient must not miss.
    return "\n\n".join([advice, *lines, content.way_out])


def _action(content: RedFlagContent, level: Level, notice: str | None) -> str:
    advice = content.advice[level.name_lower]
    return f"{advice} {notice}" if notice else advice


def render_raised(
    content: RedFlagContent,
    level: Level,
    reason: str,
    notice: str | None = None,
    *,
    action: str | None = None,
) -> str:
    """Advice for a level reached by an answer (e.g. a BE-FAST "yes"), with `reason` as the
    echo line (already rendered, HTML-safe). `action` (rendered) words the level's action
    for a moment its own phrase does not fit, e.g. a stop when no exercise is under way; the
    level, the notice and the way out stay."""
    first = f"{action} {notice}" if action and notice else action or _action(content, level, notice)
    return "\n\n".join([first, reason, content.way_out])


def render_signs(content: RedFlagContent, intro: str, outro: str) -> str:
    """The list of warning signs, for hypotheticals and questions about someone else."""
    return "\n".join([intro, *(f"• {sign}" for sign in content.warning_signs), "", outro])
