"""The Bot API methods on files: sendPhoto, sendDocument, getFile, and reading stored bytes.

Uploads are kept in memory under a fresh ``file_id`` (see ``SandboxState._new_file``) so the
bot can send them again by id and download them under ``/file/bot<token>/<file_path>``.
"""

from __future__ import annotations

import time
from typing import Any

from bot.sandbox.compose import apply_markup, parse_caption, read_markup, read_parse_mode
from bot.sandbox.objects import (
    FileRecord,
    SentMessage,
    guess_mime,
)
from bot.sandbox.params import ApiError, Params, Upload, bad_request
from bot.sandbox.state import SandboxState

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class MediaMixin(SandboxState):
    """Photos and documents the bot sends, and the files it can fetch."""

    def _resolve_file(self, source: Upload | str | None, kind: str) -> FileRecord:
        if source is None or source == "":
            raise bad_request(f"there is no {kind} in the request")
        if isinstance(source, Upload):
            if not source.data:
                raise bad_request("file must be non-empty")
            limit = MAX_PHOTO_BYTES if kind == "photo" else MAX_UPLOAD_BYTES
            if len(source.data) > limit:
                raise ApiError(413, "Request Entity Too Large")
            name = source.filename if kind == "document" else None
            mime = "image/jpeg" if kind == "photo" else guess_mime(name, source.content_type)
            return self._new_file(kind, source.data, name, mime)
        if source.startswith(("http://", "https://")):
            raise bad_request("failed to get HTTP URL content")
        record = self._files.get(source)
        if record is None:
            raise bad_request("wrong file identifier/HTTP URL specified")
        if record.kind != kind:
            raise bad_request(
                f"can't use file of type {record.kind.capitalize()} as {kind.capitalize()}"
            )
        return record

    def _send_media(self, p: Params, kind: str) -> dict[str, Any]:
        chat = self._chat_of(p, write=True)
        record = self._resolve_file(p.file(kind), kind)
        source = p.str_("caption")
        parse_mode = read_parse_mode(p)
        parsed = parse_caption(source, parse_mode)
        markup = read_markup(p)
        reply = self._reply_target(chat, p)
        keep_bytes = self.record_history
        msg = SentMessage(
            message_id=chat.take_message_id(),
            chat_id=chat.id,
            date=int(time.time()),
            kind=kind,
            caption=source,
            parse_mode=parse_mode,
            plain=parsed.text,
            entities=parsed.entities,
            photo=record.data if kind == "photo" and keep_bytes else None,
            document=record.data if kind == "document" and keep_bytes else None,
            file_id=record.file_id,
            file_name=record.file_name,
            mime_type=record.mime_type,
            file_size=len(record.data),
            disable_notification=p.bool_("disable_notification"),
            protect_content=p.bool_("protect_content"),
        )
        if kind == "photo":
            msg.api_extra["photo"] = record.photo_sizes()
        else:
            msg.api_extra["document"] = record.document_api()
        if reply is not None:
            msg.reply_to_message_id = reply[0]
            msg.api_extra["reply_to_message"] = reply[1]
        apply_markup(chat, msg, markup)
        return self._record(chat, msg)

    def _get_file(self, p: Params) -> dict[str, Any]:
        file_id = p.str_("file_id")
        record = self._files.get(file_id) if file_id else None
        if record is None:
            raise bad_request("invalid file_id")
        return record.file_api()

    def file_bytes(self, file_id: str) -> bytes:
        record = self._files.get(file_id)
        if record is None:
            raise LookupError(f"unknown file_id {file_id!r}")
        return record.data
