"""The bot's own profile: getMe, its command lists, its name and descriptions, the chats'
menu buttons, and getChat.

Commands are kept per scope and language, as Telegram keeps them, so tests can read back what
the bot registered at start-up.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

from bot.sandbox.params import Params, bad_request
from bot.sandbox.state import SandboxState

_BOT_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_COMMANDS_BUTTON: dict[str, Any] = {"type": "commands"}
_MENU_BUTTON_TYPES = frozenset({"commands", "web_app", "default"})
_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


class BotProfileMixin(SandboxState):
    """getMe, set/get/deleteMyCommands, the profile texts, the menu button and getChat."""

    def bot_commands(self, language_code: str = "") -> list[tuple[str, str]]:
        """Commands set for the default scope (and language)."""
        key = (json.dumps({"type": "default"}, sort_keys=True), language_code)
        return [(c["command"], c["description"]) for c in self._commands.get(key, [])]

    def bot_text(self, kind: str, language_code: str = "") -> str:
        """What setMyDescription/setMyShortDescription/setMyName stored (kind: description, ...)."""
        return self._texts.get((kind, language_code), "")

    def _get_me(self, p: Params) -> dict[str, Any]:
        return {
            **self._bot_json,
            "can_join_groups": False,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _command_key(self, p: Params) -> tuple[str, str]:
        scope = p.json_("scope", "can't parse BotCommandScope JSON object") or {"type": "default"}
        if not isinstance(scope, dict) or not isinstance(scope.get("type"), str):
            raise bad_request("can't parse BotCommandScope JSON object")
        return json.dumps(scope, sort_keys=True), p.str_("language_code") or ""

    def _set_my_commands(self, p: Params) -> bool:
        commands = p.json_("commands", "can't parse commands JSON object")
        if not isinstance(commands, list):
            raise bad_request("can't parse commands JSON object")
        if len(commands) > 100:
            raise bad_request("too many commands specified")
        cleaned: list[dict[str, str]] = []
        for cmd in commands:
            if not isinstance(cmd, dict):
                raise bad_request("can't parse BotCommand JSON object")
            name = cmd.get("command")
            description = cmd.get("description")
            if not isinstance(name, str) or not _BOT_COMMAND.fullmatch(name):
                raise bad_request("BOT_COMMAND_INVALID")
            if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
            cleaned.append({"command": name, "description": description})
        self._commands[self._command_key(p)] = cleaned
        return True

    def _get_my_commands(self, p: Params) -> list[dict[str, str]]:
        return list(self._commands.get(self._command_key(p), []))

    def _delete_my_commands(self, p: Params) -> bool:
        self._commands.pop(self._command_key(p), None)
        return True

    def _set_text(self, p: Params, kind: str) -> bool:
        limits = {"description": 512, "short_description": 120, "name": 64}
        value = p.str_(kind) or ""
        if len(value) > limits[kind]:
            raise bad_request(f"{kind} is too long")
        self._texts[(kind, p.str_("language_code") or "")] = value
        return True

    def _get_text(self, p: Params, kind: str) -> dict[str, str]:
        return {kind: self._texts.get((kind, p.str_("language_code") or ""), "")}

    def menu_button(self, chat_id: int | None = None) -> dict[str, Any]:
        """The menu button setChatMenuButton gave this chat (None: the bot's default one)."""
        key = chat_id or 0
        return dict(self._menu_buttons.get(key) or self._menu_buttons.get(0) or _COMMANDS_BUTTON)

    def _set_chat_menu_button(self, p: Params) -> bool:
        button = p.json_("menu_button", "can't parse menu button JSON object")
        if button is None:
            button = dict(_COMMANDS_BUTTON)
        if not isinstance(button, dict) or button.get("type") not in _MENU_BUTTON_TYPES:
            raise bad_request("can't parse menu button JSON object")
        if button["type"] == "web_app":
            web_app = button.get("web_app")
            text = button.get("text")
            if not isinstance(text, str) or not text.strip():
                raise bad_request("text must be non-empty")
            url = web_app.get("url") if isinstance(web_app, dict) else None
            if not isinstance(url, str) or not _web_app_url_ok(url):
                raise bad_request("BUTTON_URL_INVALID")
        self._menu_buttons[p.int_("chat_id") or 0] = button
        return True

    def _get_chat_menu_button(self, p: Params) -> dict[str, Any]:
        return self.menu_button(p.int_("chat_id"))

    def _get_chat(self, p: Params) -> dict[str, Any]:
        chat = self._chat_of(p, write=False)
        return {
            **chat.chat_json,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": True,
                "limited_gifts": True,
                "unique_gifts": True,
                "premium_subscription": True,
                "gifts_from_channels": True,
            },
        }


def _web_app_url_ok(url: str) -> bool:
    # Telegram opens Mini Apps over HTTPS only; the sandbox also takes loopback HTTP.
    parts = urlsplit(url)
    if parts.scheme == "https":
        return bool(parts.netloc)
    return parts.scheme == "http" and parts.hostname in _LOOPBACK
