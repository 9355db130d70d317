"""Pydantic models of the content files outside the exercise library.

`content/texts/<namespace>.yaml` (nested mappings of texts), `content/redflags.yaml` and
`content/zones.yaml`. The exercise library, programmes and `library.yaml` are modelled in
`bot.content.exercises`. Every model refuses unknown keys, wrong types and empty strings;
HTML and placeholders are checked field by field (`bot.content.checks`).
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StrictStr,
    Tag,
)
from pydantic_core import PydanticCustomError
from typing_extensions import TypeAliasType

from bot.content.checks import FixedHtml, HtmlTemplate, PlainLabel, placeholders

__all__ = [
    "GROUP_TAG",
    "KEY_SEGMENT",
    "TEXT_TAG",
    "RedFlagsFile",
    "TextTree",
    "ZoneEntry",
    "ZonesFile",
]

# One segment of a text key: what code writes between the dots of `d.text("a.b.c")`.
# Capitals only because some keys end in a value's str(), e.g. `therapist.diabetes.True`.
KEY_SEGMENT = re.compile(r"[A-Za-z0-9_]+")
# Pydantic puts the chosen union member in an error's path; the loader drops these tags.
TEXT_TAG, GROUP_TAG = "<text>", "<group>"


class _Model(BaseModel):
    # Unknown keys are typos until proven otherwise; frozen because content never changes
    # while the bot runs.
    model_config = ConfigDict(extra="forbid", frozen=True)


def _key_segment(value: str) -> str:
    if not KEY_SEGMENT.fullmatch(value):
        raise PydanticCustomError(
            "key",
            "a text key is letters, digits and '_', not '{value}'",
            {"value": value},
        )
    return value


KeySegment = Annotated[StrictStr, AfterValidator(_key_segment)]


def _text_or_group(value: Any) -> str:
    return GROUP_TAG if isinstance(value, dict) else TEXT_TAG


# A texts file: keys to texts, or to groups of more keys (`reminders.buttons.start`).
TextTree = TypeAliasType(
    "TextTree",
    "dict[KeySegment, Annotated["
    "Annotated[HtmlTemplate, Tag(TEXT_TAG)] | Annotated[TextTree, Tag(GROUP_TAG)],"
    " Discriminator(_text_or_group)]]",
)


# --- red flags ---------------------------------------------------------------------------


def _echo(value: str) -> str:
    # The code fills in exactly one value, the patient's words (bot/services/safety.py).
    unknown = sorted(set(placeholders(value)) - {"words"})
    if unknown:
        raise PydanticCustomError(
            "placeholder", "only {{words}} is filled in here, not {names}", {"names": unknown}
        )
    return value


EchoTemplate = Annotated[HtmlTemplate, AfterValidator(_echo)]


class RedFlagsFile(_Model):
    """`content/redflags.yaml`: the advice per level, an echo line per triage flag."""

    advice: dict[KeySegment, FixedHtml]
    echo: dict[KeySegment, EchoTemplate]
    way_out: FixedHtml
    # Sent as HTML inside a list (render_signs).
    warning_signs: tuple[FixedHtml, ...] = Field(min_length=1)
    # Filled into other texts as values, HTML-escaped there, so plain text.
    befast: tuple[PlainLabel, ...] = Field(min_length=1)


# --- zones -------------------------------------------------------------------------------


def _zone(value: str) -> str:
    from bot.domain.zones import is_valid_zone

    if not is_valid_zone(value):
        raise PydanticCustomError("zone", "unknown time zone '{value}'", {"value": value})
    return value


ZoneName = Annotated[StrictStr, AfterValidator(_zone)]
CityName = Annotated[StrictStr, Field(min_length=1)]


class ZoneEntry(_Model):
    """A time-zone button: its label (plain text) and the IANA zone it sets."""

    label: PlainLabel
    zone: ZoneName


class ZonesFile(_Model):
    """`content/zones.yaml`: the onboarding buttons and extra city names."""

    common: tuple[ZoneEntry, ...] = Field(min_length=1)
    aliases: dict[CityName, ZoneName] = {}
