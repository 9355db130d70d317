"""Splitting a long notice into Telegram-sized messages (`bot.delivery.notify.split_text`):
every part fits, cuts fall at line boundaries where there are any, and nothing is lost."""

from __future__ import annotations

import pytest

from bot.delivery.notify import MAX_MESSAGE_CHARS, RecordingNotifier, markup, split_text
from bot.domain.notice import Notice, Outcome


def _words(text: str) -> list[str]:
    return text.split()


def test_a_short_text_is_one_part() -> None:
    assert split_text("hello\nworld") == ["hello\nworld"]
    exact = "x" * MAX_MESSAGE_CHARS
    assert split_text(exact) == [exact]


def test_cuts_fall_between_lines() -> None:
    lines = [f"{i:03d} " + "a" * 95 for i in range(100)]  # 100 lines of 99 characters
    text = "\n".join(lines)
    parts = split_text(text, limit=1000)
    assert all(len(p) <= 1000 for p in parts)
    assert "\n".join(parts) == text
    # Every part is whole lines: ten lines of 99 plus nine newlines fit, eleven do not.
    assert all(len(p.split("\n")) == 10 for p in parts)


@pytest.mark.parametrize(
    "text",
    [
        "word " * 3000,  # one line, spaces to cut at
        "x" * 10_000,  # one line, nowhere to cut but anywhere
        "a b" + "c" * 9000,  # an early space: the rest is cut hard, not at it
        "\n".join(["short", "y" * 9000, "", "z" * 50, ""]),  # empty lines
        "\n".join(["line"] * 3000),
    ],
)
def test_nothing_is_lost_and_every_part_fits(text: str) -> None:
    parts = split_text(text)
    assert len(parts) > 1
    assert all(p.strip() and len(p) <= MAX_MESSAGE_CHARS for p in parts)
    # The same characters in the same order; only the line breaks cut at are gone.
    assert "".join(parts).replace("\n", "") == text.replace("\n", "")


def test_only_line_breaks_are_dropped_at_cuts() -> None:
    text = "\n".join(f"line {i}" for i in range(2000))
    assert "\n".join(split_text(text)) == text


def test_a_long_line_is_cut_after_a_space() -> None:
    parts = split_text("word " * 3000)
    assert all(p.endswith(" ") for p in parts[:-1])


def test_buttons_become_an_inline_keyboard_and_bad_data_is_refused() -> None:
    keyboard = markup(((("Take it", "st:open"),),))
    assert keyboard is not None
    assert keyboard.inline_keyboard[0][0].callback_data == "st:open"
    assert markup(()) is None
    with pytest.raises(ValueError, match="1-64 bytes"):
        markup(((("Too long", "x" * 65),),))


async def test_the_recording_fake_honours_keys() -> None:
    fake = RecordingNotifier()
    first = Notice(chat_id=1, text="a", kind="k", key="same")
    outcomes = await fake.send_all([first, first, Notice(chat_id=2, text="b", kind="k")])
    assert outcomes == [Outcome.SENT, Outcome.DUPLICATE, Outcome.SENT]
    assert [n.chat_id for n in fake.sent] == [1, 2]
