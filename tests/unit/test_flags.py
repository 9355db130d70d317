"""Plain-language flags: every flag triage can produce (and every flag content/redflags.yaml
echoes) has its words in content; escalations' flag strings turn into those words."""

from __future__ import annotations

from bot.content import Content
from bot.domain.flags import flag_label, flag_labels, flag_names, flags_text
from bot.domain.triage.assessment import FLAGS


def test_every_triage_flag_has_plain_words(content: Content) -> None:
    missing = [f for f in FLAGS if f"therapist.flags.{f}" not in content.texts]
    assert missing == []
    # The flags the patient-facing echo knows are the same family.
    assert set(content.redflags.echo) <= set(FLAGS)


def test_the_words_are_plain_not_internal_names(content: Content) -> None:
    for flag in FLAGS:
        words = flag_label(content.texts, flag)
        assert "_" not in words and words.strip() == words and words
    # Each label is its own: a reader can tell any two flags apart.
    labels = [flag_label(content.texts, f) for f in FLAGS]
    assert len(set(labels)) == len(labels)


def test_an_escalation_flag_string_becomes_words(content: Content) -> None:
    texts = content.texts
    got = flag_labels(texts, "numbness,abnormal_sensation")
    assert got == [
        texts.get("therapist.flags.numbness"),
        texts.get("therapist.flags.abnormal_sensation"),
    ]
    assert "abnormal_sensation" not in flags_text(texts, "numbness,abnormal_sensation")
    assert flags_text(texts, "numbness, numbness ,") == texts.get("therapist.flags.numbness")


def test_empty_and_unknown_flags(content: Content) -> None:
    texts = content.texts
    assert flag_labels(texts, "") == [] and flags_text(texts, "") == "-"
    assert flags_text(texts, " , ", empty="none") == "none"
    # An old row's flag content no longer knows is still shown, readably.
    assert flag_labels(texts, "old_retired_flag") == ["old retired flag"]
    assert flag_names(" a,b ,,c") == ["a", "b", "c"]
