"""Reading what the bot did and waiting for it: messages, answers, counters, listeners.

Tests wait on a predicate re-checked after every state change (never on a fixed sleep), and a
timeout says what was awaited and what the bot did instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter
from collections.abc import Callable
from typing import TypedDict

from bot.content.html import (
    plain_from_html,
)
from bot.sandbox.objects import (
    CallbackAnswer,
    SentMessage,
)
from bot.sandbox.state import AnswerListener, Chat, MessageListener, SandboxState


class SandboxStats(TypedDict):
    """Counters kept even when ``record_history`` is off."""

    requests: Counter[str]
    errors: Counter[str]
    send_message_ok_by_chat: Counter[int]
    messages_sent: int
    faults_served: int
    faults_by_kind: Counter[str]
    updates_queued: int
    updates_pending: int


def plain_text(msg: SentMessage | str) -> str:
    """What the user sees: for a message its parsed text/caption, for a string the HTML stripped."""
    if isinstance(msg, SentMessage):
        return msg.plain
    return plain_from_html(msg)


class ReadingMixin(SandboxState):
    """The client side's view: what the bot sent, its counters, and waiting for either."""

    @staticmethod
    def plain_text(msg: SentMessage | str) -> str:
        """Same as the module-level :func:`plain_text`."""
        return plain_text(msg)

    def messages(self, user_id: int) -> list[SentMessage]:
        """The bot's messages to this chat, in order (deleted ones flagged, edits applied)."""
        chat = self._chats.get(user_id)
        if chat is None:
            return []
        if self.record_history:
            return list(chat.history)
        return [m for m in chat.store.values() if isinstance(m, SentMessage)]

    def last_message(self, user_id: int) -> SentMessage:
        sent = self.messages(user_id)
        if not sent:
            raise LookupError(f"the bot has sent nothing to chat {user_id}")
        return sent[-1]

    def callback_answers(self, user_id: int) -> list[CallbackAnswer]:
        chat = self._chats.get(user_id)
        return list(chat.answers) if chat is not None else []

    def reply_keyboard(self, user_id: int) -> list[list[str]] | None:
        """The custom reply keyboard the user currently sees, if any."""
        chat = self._chats.get(user_id)
        return chat.reply_keyboard if chat is not None else None

    def last_chat_action(self, user_id: int) -> str | None:
        chat = self._chats.get(user_id)
        return chat.last_action if chat is not None else None

    def stats(self) -> SandboxStats:
        return {
            "requests": Counter(self._requests),
            "errors": Counter(self._errors),
            "send_message_ok_by_chat": Counter(self._send_ok),
            "messages_sent": self._messages_sent,
            "faults_served": self._faults_served,
            "faults_by_kind": Counter(self._faults_by_kind),
            "updates_queued": self._updates_queued,
            "updates_pending": len(self._updates),
        }

    async def wait_for(
        self,
        predicate: Callable[[], bool],
        # A plain seconds argument, like asyncio.wait_for: simpler for tests than a context.
        timeout: float = 5.0,  # noqa: ASYNC109
        what: str | None = None,
    ) -> None:
        """Return once ``predicate()`` is true; re-checked after every state change."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        self._waiting += 1
        # Entering is itself a change: lets a test wait until another waiter has started.
        self._notify()
        try:
            while not predicate():
                remaining = deadline - loop.time()
                if remaining <= 0:
                    raise TimeoutError(self._timeout_message(what or _describe(predicate), timeout))
                if self._change is None:
                    self._change = asyncio.Event()
                event = self._change
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(event.wait(), remaining)
        finally:
            self._waiting -= 1

    @property
    def waiting(self) -> int:
        """How many ``wait_for`` calls (including ``wait_messages`` etc.) are in progress."""
        return self._waiting

    def _timeout_message(self, what: str, timeout: float) -> str:
        recent = "; ".join(f"chat {c} #{m}: {t!r}" for c, m, t in self._recent) or "none"
        return (
            f"timed out after {timeout:g}s waiting for {what}. "
            f"Updates not yet confirmed by the bot: {len(self._updates)}. "
            f"Requests so far: {dict(self._requests)}. Latest bot messages: {recent}"
        )

    async def wait_messages(
        self,
        user_id: int,
        count: int,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> list[SentMessage]:
        """Wait until the bot has sent at least ``count`` messages to this chat; return them.

        Without recorded history only the recent window counts; benchmarks should wait on
        :meth:`stats` instead.
        """

        def enough() -> bool:
            chat = self._chats.get(user_id)
            return chat is not None and self._sent_count(chat) >= count

        await self.wait_for(enough, timeout, f"{count} bot message(s) in chat {user_id}")
        return self.messages(user_id)

    def _sent_count(self, chat: Chat) -> int:
        if self.record_history:
            return len(chat.history)
        return sum(1 for m in chat.store.values() if isinstance(m, SentMessage))

    async def wait_idle(self, timeout: float = 5.0, quiet: float = 0.2) -> None:  # noqa: ASYNC109
        """Wait until the bot fetched every update and made no API call for ``quiet`` seconds.

        Meant for the interactive terminal (it waits in real time); tests should wait for the
        specific message or state they expect instead.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            await self.wait_for(
                lambda: not self._updates and self._in_flight == 0,
                max(deadline - loop.time(), 0.0),
                "the bot to become idle",
            )
            silent_for = time.monotonic() - self._last_activity
            if silent_for >= quiet and not self._updates and self._in_flight == 0:
                return
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(self._timeout_message("the bot to become idle", timeout))
            await asyncio.sleep(min(quiet - silent_for, remaining))

    async def wait_update_consumed(self, update_id: int, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Wait until the bot confirmed ``update_id`` (a getUpdates with a higher offset)."""
        await self.wait_for(
            lambda: self._confirmed_offset > update_id,
            timeout,
            f"the bot to fetch and confirm update {update_id}",
        )

    def add_listener(self, callback: MessageListener) -> None:
        """Call ``callback(chat_id, message, "new" | "edited" | "deleted")`` synchronously."""
        self._listeners.append(callback)

    def remove_listener(self, callback: MessageListener) -> None:
        self._listeners.remove(callback)

    def add_answer_listener(self, callback: AnswerListener) -> None:
        """Call ``callback(chat_id, answer)`` for every answerCallbackQuery."""
        self._answer_listeners.append(callback)

    def remove_answer_listener(self, callback: AnswerListener) -> None:
        self._answer_listeners.remove(callback)


def _describe(predicate: Callable[[], bool]) -> str:
    name = getattr(predicate, "__qualname__", repr(predicate))
    return f"condition {name}"
