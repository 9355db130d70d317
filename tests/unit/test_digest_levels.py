"""An escalation's level in plain words from content (the weekly digest, the patient
detail), never triage's code name; an unknown one kept, never dropped."""

from __future__ import annotations

from bot.content import Content
from bot.domain.digest import level_label
from bot.domain.triage import Level


def test_every_level_has_plain_words(content: Content) -> None:
    texts = content.texts
    for level in Level:
        label = level_label(texts, level.name_lower)
        assert label == texts.get(f"therapist.levels.{level.name_lower}")
    for code in ("routine", "stop"):
        assert level_label(texts, code) != code


def test_an_unknown_level_is_shown_as_it_is(content: Content) -> None:
    assert level_label(content.texts, "some_old_level") == "some old level"
