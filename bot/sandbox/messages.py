"""The Bot API methods on text messages: send, edit, delete, chat actions, callback answers.

Each method checks its parameters as Telegram does (the same error strings, the same "message
is not modified" rule) and updates the chat's state in :class:`~bot.sandbox.state.SandboxState`.
"""

from __future__ import annotations

import logging
import time
from typing import Any, Literal

from bot.sandbox.compose import (
    apply_markup,
    parse_caption,
    parse_text,
    read_markup,
    read_parse_mode,
)
from bot.sandbox.objects import (
    CallbackAnswer,
    SentMessage,
)
from bot.sandbox.params import Params, bad_request
from bot.sandbox.state import Chat, SandboxState

MAX_ANSWER_TEXT_LENGTH = 200
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)


QUERY_INVALID = "query is too old and response timeout expired or query ID is invalid"
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)


# One logger for the whole server, under the name it had before the server was split.
log = logging.getLogger("bot.sandbox.server")


class MessagesMixin(SandboxState):
    """sendMessage, editMessage*, deleteMessage, sendChatAction and answerCallbackQuery."""

    def _send_message(self, p: Params) -> dict[str, Any]:
        chat = self._chat_of(p, write=True)
        source = p.str_("text")
        parse_mode = read_parse_mode(p)
        parsed = parse_text(source, parse_mode)
        markup = read_markup(p)
        reply = self._reply_target(chat, p)
        msg = SentMessage(
            message_id=chat.take_message_id(),
            chat_id=chat.id,
            date=int(time.time()),
            kind="text",
            text=source,
            parse_mode=parse_mode,
            plain=parsed.text,
            entities=parsed.entities,
            disable_notification=p.bool_("disable_notification"),
            protect_content=p.bool_("protect_content"),
        )
        if reply is not None:
            msg.reply_to_message_id = reply[0]
            msg.api_extra["reply_to_message"] = reply[1]
        apply_markup(chat, msg, markup)
        self._send_ok[chat.id] += 1
        return self._record(chat, msg)

    def _message_to_edit(self, p: Params) -> tuple[Chat, SentMessage]:
        if p.raw("inline_message_id") is not None:
            raise bad_request("MESSAGE_ID_INVALID")
        chat = self._chat_of(p, write=True)
        mid = p.int_("message_id")
        if mid is None:
            raise bad_request("message identifier is not specified")
        msg = chat.store.get(mid)
        if msg is None or (isinstance(msg, SentMessage) and msg.deleted):
            raise bad_request("message to edit not found")
        if not isinstance(msg, SentMessage):
            raise bad_request("message can't be edited")
        return chat, msg

    def _finish_edit(self, chat: Chat, msg: SentMessage) -> dict[str, Any]:
        msg.edited += 1
        msg.edit_date = int(time.time())
        if self._listeners:
            self._emit(chat.id, msg, "edited")
        self._notify()
        return msg.to_api(self._bot_json, chat.chat_json)

    def _edit_message_text(self, p: Params) -> dict[str, Any]:
        chat, msg = self._message_to_edit(p)
        if msg.kind != "text":
            raise bad_request("there is no text in the message to edit")
        return self._edit_body(p, chat, msg, field="text")

    def _edit_message_caption(self, p: Params) -> dict[str, Any]:
        chat, msg = self._message_to_edit(p)
        if msg.kind == "text":
            raise bad_request("there is no caption in the message to edit")
        return self._edit_body(p, chat, msg, field="caption")

    def _edit_body(
        self, p: Params, chat: Chat, msg: SentMessage, *, field: Literal["text", "caption"]
    ) -> dict[str, Any]:
        """Replace a message's text or caption (with its markup), as Telegram does."""
        source = p.str_(field)
        parse_mode = read_parse_mode(p)
        parsed = (parse_text if field == "text" else parse_caption)(source, parse_mode)
        markup = read_markup(p, inline_only=True)
        # Like Telegram, an edit without reply_markup removes the inline keyboard.
        keyboard = markup.inline_keyboard if markup is not None else None
        if (
            parsed.text == msg.plain
            and parsed.entities == msg.entities
            and (keyboard or None) == (msg.inline_keyboard or None)
        ):
            raise bad_request(NOT_MODIFIED)
        if field == "text":
            msg.text = source
        else:
            msg.caption = source
        msg.parse_mode = parse_mode
        msg.plain = parsed.text
        msg.entities = parsed.entities
        msg.inline_keyboard = keyboard
        return self._finish_edit(chat, msg)

    def _edit_message_reply_markup(self, p: Params) -> dict[str, Any]:
        chat, msg = self._message_to_edit(p)
        markup = read_markup(p, inline_only=True)
        keyboard = markup.inline_keyboard if markup is not None else None
        if (keyboard or None) == (msg.inline_keyboard or None):
            raise bad_request(NOT_MODIFIED)
        msg.inline_keyboard = keyboard
        return self._finish_edit(chat, msg)

    def _delete_message(self, p: Params) -> bool:
        chat = self._chat_of(p, write=False)
        mid = p.int_("message_id")
        msg = chat.store.get(mid) if mid is not None else None
        if msg is None:
            raise bad_request("message to delete not found")
        if isinstance(msg, SentMessage):
            if msg.deleted:
                raise bad_request("message to delete not found")
            msg.deleted = True
            if self._listeners:
                self._emit(chat.id, msg, "deleted")
        else:
            del chat.store[msg["message_id"]]
        self._notify()
        return True

    def _send_chat_action(self, p: Params) -> bool:
        chat = self._chat_of(p, write=True)
        action = p.str_("action")
        if action not in _CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        chat.last_action = action
        self._notify()
        return True

    def _answer_callback_query(self, p: Params) -> bool:
        qid = p.str_("callback_query_id") or ""
        pending = self._queries.pop(qid, None)
        if pending is None:
            raise bad_request(QUERY_INVALID)
        user_id, chat_id, message_id, data = pending
        text = p.str_("text")
        if text is not None and len(text) > MAX_ANSWER_TEXT_LENGTH:
            raise bad_request("MESSAGE_TOO_LONG")
        answer = CallbackAnswer(
            callback_query_id=qid,
            chat_id=chat_id,
            message_id=message_id,
            data=data,
            text=text,
            show_alert=p.bool_("show_alert"),
            url=p.str_("url"),
            cache_time=p.int_("cache_time") or 0,
        )
        chat = self._chats.get(user_id)
        if chat is not None:
            chat.answers.append(answer)
        for listener in self._answer_listeners:
            try:
                listener(user_id, answer)
            except Exception:
                log.exception("sandbox answer listener failed")
        self._notify()
        return True
