"""What the bot is expected to say, rendered from `content/` the way the bot renders it.

End-to-end tests compare the bot's messages with these, never with English copied into the
test: `t(key, **values)` is a text key rendered with the project's own loader
(`bot.content.load_content`) and reduced to the plain text a user sees, exactly as the
sandbox reduces a sent message (`SandboxBotApi.plain_text`). Titles of exercises come from
the exercise catalog (`title`).
"""

from __future__ import annotations

import functools
import html as html_module
import re
import string
from pathlib import Path

from bot.content import Content, load_content
from bot.sandbox.server import SandboxBotApi

ROOT = Path(__file__).resolve().parents[2]

# Stands in for a placeholder whose value the test does not know; survives HTML parsing.
_UNKNOWN = "\ue000"


@functools.cache
def content() -> Content:
    """`content/` loaded once per test run, as the bot loads it at start-up."""
    return load_content(ROOT / "content")


def html(key: str, /, **values: object) -> str:
    """The text for `key` as the bot sends it (Telegram HTML, values escaped)."""
    return content().texts.get(key, **values)


def plain(*sources: str) -> str:
    """What a user sees for these HTML pieces sent as one message."""
    return SandboxBotApi.plain_text("".join(sources))


def t(key: str, /, **values: object) -> str:
    """The plain text a user sees for `key` rendered with `values` (all of them required)."""
    return plain(html(key, **values))


def title(exercise_id: str) -> str:
    """An exercise's title, from the exercise catalog."""
    return content().catalog.exercise(exercise_id).title


def pattern(key: str, /, **values: object) -> re.Pattern[str]:
    """A pattern for the plain text of `key`, its placeholders not in `values` matching any
    text (a value the test cannot know, such as the local time of day; it may be empty)."""
    return _pattern(content().texts.entries[key], values)


def _pattern(template: str, values: dict[str, object]) -> re.Pattern[str]:
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    escaped = {k: html_module.escape(str(v), quote=False) for k, v in values.items()}
    filled = template.format_map({**dict.fromkeys(names, _UNKNOWN), **escaped})
    pieces = plain(filled).split(_UNKNOWN)
    return re.compile(".*?".join(re.escape(p) for p in pieces), re.DOTALL)


def shown(text: str, key: str, /, **values: object) -> bool:
    """Whether `text` contains the plain text of `key` (unknown placeholders: any text)."""
    return pattern(key, **values).search(text) is not None


def drill_header(
    exercise_id: str,
    exercise: tuple[int, int],
    step: tuple[int, int],
    foot: str | None = None,
) -> str:
    """The first line of a drill screen: title, exercise n/m, step n/m and the foot."""
    number, count = exercise
    step_number, step_count = step
    header = html(
        "drills.header",
        exercise=title(exercise_id),
        exercise_number=number,
        exercise_count=count,
        step_number=step_number,
        step_count=step_count,
    )
    return plain(header, html(f"drills.foot.{foot}") if foot else "")


def advice(level: str) -> str:
    """The plain action text of a safety level ("stop", "routine", "urgent", "emergency")."""
    return plain(content().redflags.advice[level])


def way_out() -> str:
    """The plain "if it gets worse, call your emergency number" line under every advice."""
    return plain(content().redflags.way_out)


def echo(flag: str, /, **values: object) -> re.Pattern[str]:
    """A pattern for the "you said ..." line of a triage flag (`words` if the test knows them,
    else any text)."""
    return _pattern(content().redflags.echo[flag], values)


def befast(index: int) -> str:
    """BE-FAST question number `index + 1` from `redflags.yaml`, as the bot passes it as a value."""
    return content().redflags.befast[index]


def zone_label(zone: str) -> str:
    """The label of the onboarding time-zone button that sets `zone` (`content/zones.yaml`)."""
    return next(choice.label for choice in content().common_zones if choice.zone == zone)


def selftest_question(foot: str, toe: int, number: int) -> str:
    """The self-test question for one toe (`foot` "left" or "right", `toe` 1 to 5, `number`
    1 to 10 over both feet), as the bot renders it."""
    name = t(f"selftest.feet.{foot}")
    toe_name = t(f"selftest.toes.{toe}")
    return t("selftest.question", foot=name, toe=toe_name, number=number, foot_lower=name.lower())
