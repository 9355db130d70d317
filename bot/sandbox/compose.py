"""From request parameters to message content: parse modes, entities, limits, reply markup.

sendMessage, the media methods and the edits all read text, captions and keyboards the same
way and refuse them with the same Telegram errors; these functions are that shared reading.
"""

from __future__ import annotations

from bot.content.html import (
    EntityParseError,
    ParsedText,
    parse_html,
    trim_parsed,
    utf16_len,
)
from bot.sandbox.markup import Markup, parse_reply_markup
from bot.sandbox.objects import (
    SentMessage,
)
from bot.sandbox.params import Params, bad_request
from bot.sandbox.state import Chat

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024


def read_parse_mode(p: Params) -> str | None:
    mode = p.str_("parse_mode")
    if not mode:
        return None
    canonical = {"html": "HTML", "markdownv2": "MarkdownV2", "markdown": "Markdown"}.get(
        mode.lower()
    )
    if canonical is None:
        raise bad_request("unsupported parse_mode")
    return canonical


def parse_entities(source: str, parse_mode: str | None) -> ParsedText:
    if parse_mode == "HTML":
        try:
            parsed = parse_html(source)
        except EntityParseError as exc:
            raise bad_request(f"can't parse entities: {exc.reason}") from None
    else:
        # Markdown modes are accepted unchecked; the text is kept as sent.
        parsed = ParsedText(source, [], utf16_len(source))
    return trim_parsed(parsed)


def parse_text(source: str | None, parse_mode: str | None) -> ParsedText:
    if not source:
        raise bad_request("message text is empty")
    parsed = parse_entities(source, parse_mode)
    if not parsed.text:
        raise bad_request("message text is empty")
    if parsed.utf16_length > MAX_TEXT_LENGTH:
        raise bad_request("message is too long")
    return parsed


def parse_caption(source: str | None, parse_mode: str | None) -> ParsedText:
    if not source:
        return ParsedText("", [], 0)
    parsed = parse_entities(source, parse_mode)
    if parsed.utf16_length > MAX_CAPTION_LENGTH:
        raise bad_request("message caption is too long")
    return parsed


def read_markup(p: Params, *, inline_only: bool = False) -> Markup | None:
    value = p.json_("reply_markup", "can't parse reply keyboard markup JSON object")
    return parse_reply_markup(value, inline_only=inline_only)


def apply_markup(chat: Chat, msg: SentMessage, markup: Markup | None) -> None:
    if markup is None:
        return
    msg.inline_keyboard = markup.inline_keyboard
    if markup.reply_keyboard is not None:
        msg.reply_keyboard = markup.reply_keyboard
        chat.reply_keyboard = markup.reply_keyboard
    if markup.remove_keyboard:
        msg.remove_keyboard = True
        chat.reply_keyboard = None
    msg.force_reply = chat.force_reply = markup.force_reply
