"""How the API shows things: times in the viewer's zone with the zone named (the chat's
`bot.domain.timefmt`, so both read the same), flags in plain words (`bot.domain.flags`), and
the page texts. Pure formatting over plain values and the content's texts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from bot.content import Texts
from bot.domain import timefmt
from bot.domain.flags import flag_labels

__all__ = ["flags", "iso", "label", "page_texts", "when", "zone_name"]

# The namespace the pages render from (content/texts/dashboard.yaml).
PAGE_NAMESPACE = "dashboard."


def zone_name(zone: str | None) -> str:
    """The zone a viewer's times are shown in: theirs, else UTC."""
    return timefmt.zone_name(zone)


def label(at: dt.datetime | None, zone: str | None) -> str | None:
    """A time as the viewer reads it, e.g. "23 Nov 2026 10:00 Europe/Berlin"."""
    return timefmt.local_label(at, zone) if at is not None else None


def iso(at: dt.datetime | None, zone: str | None) -> str | None:
    """ISO-8601 in the viewer's zone, with its offset."""
    return timefmt.local_iso(at, zone) if at is not None else None


def when(at: dt.datetime | None, zone: str | None, *, prefix: str = "at") -> dict[str, Any]:
    """`{"<prefix>": ISO-8601, "<prefix>_label": label}` for one instant."""
    return {prefix: iso(at, zone), f"{prefix}_label": label(at, zone)}


def flags(texts: Texts, raw: str) -> list[str]:
    """An escalation's internal flag names in plain words, from content."""
    return flag_labels(texts, raw) if raw else []


def page_texts(texts: Texts) -> Mapping[str, str]:
    """Every page text by its full content key (`dashboard.caseload.title`), as written in
    content: placeholders unfilled (the page fills them), never HTML-escaped."""
    return {key: value for key, value in texts.entries.items() if key.startswith(PAGE_NAMESPACE)}
