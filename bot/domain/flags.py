"""Plain-language words for an escalation's flags (`Escalation.flags`: triage's internal
names such as `abnormal_sensation`, comma-separated), for everyone who reads them: alerts,
the digest, the patient detail and the dashboard.

The words are content (`therapist.flags.<name>` in content/texts/therapist.yaml); a content
check proves every flag triage can produce has them. Pure: the texts are passed in.
"""

from __future__ import annotations

from typing import Protocol


class TextLookup(Protocol):
    """What this module needs of `bot.content.Texts`: a text by key, and whether it exists."""

    def get(self, key: str, /, **values: object) -> str:
        """The text for `key`."""
        ...

    def __contains__(self, key: object) -> bool:
        """Whether a text has this key."""
        ...


def flag_names(flags: str) -> list[str]:
    """The flag names of an `Escalation.flags` value, in its order, empty ones left out."""
    return [name.strip() for name in flags.split(",") if name.strip()]


def flag_label(texts: TextLookup, name: str) -> str:
    """One flag in plain words; a name content does not know (an old row) with its
    underscores as spaces, never dropped, so a reader still sees something was found."""
    key = f"therapist.flags.{name}"
    return texts.get(key) if key in texts else name.replace("_", " ")


def flag_labels(texts: TextLookup, flags: str) -> list[str]:
    """Every flag of `flags` in plain words, in order, each once."""
    labels: list[str] = []
    for name in flag_names(flags):
        label = flag_label(texts, name)
        if label not in labels:
            labels.append(label)
    return labels


def flags_text(texts: TextLookup, flags: str, *, empty: str = "-") -> str:
    """The flags as one line for a message ("numbness, a wound on the foot"), or `empty`."""
    return ", ".join(flag_labels(texts, flags)) or empty


def source_label(texts: TextLookup, source: str) -> str:
    """Where a warning sign came from (`Escalation.source`: a message, a check-in, a pain
    stop...) in plain words; an unknown one with its underscores as spaces."""
    key = f"therapist.source.{source}"
    return texts.get(key) if key in texts else source.replace("_", " ")
