"""How updates reach the bot: getUpdates long polling, offsets, allowed_updates and webhooks.

Only one getUpdates may wait at a time (a newer one ends the older with Telegram's 409
Conflict), and an active webhook refuses polling, as on the real server.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from bot.sandbox.params import ApiError, Params, bad_request
from bot.sandbox.state import Poll, SandboxState

CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)


WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)


class UpdatesMixin(SandboxState):
    """getUpdates, setWebhook, deleteWebhook and getWebhookInfo."""

    def updates_pending(self) -> int:
        """Updates queued and not yet confirmed by a getUpdates offset."""
        return len(self._updates)

    @property
    def polling(self) -> bool:
        """True while a getUpdates long poll is waiting for updates."""
        return self._poll is not None

    @property
    def webhook_url(self) -> str:
        return self._webhook_url

    def _confirm(self, offset: int | None) -> None:
        updates = self._updates
        if not offset:
            return
        if offset < 0:
            keep = -offset
            while len(updates) > keep:
                updates.popleft()
            first = updates[0].update_id if updates else self._next_update_id
            self._confirmed_offset = max(self._confirmed_offset, first)
        else:
            while updates and updates[0].update_id < offset:
                updates.popleft()
            self._confirmed_offset = max(self._confirmed_offset, offset)
        self._notify()

    def _collect(self, limit: int) -> list[dict[str, Any]]:
        allowed = self._allowed_updates
        result: list[dict[str, Any]] = []
        for update in self._updates:
            if allowed is not None and update.kind not in allowed:
                continue
            result.append(update.payload)
            if len(result) >= limit:
                break
        return result

    def _has_deliverable(self) -> bool:
        if self._allowed_updates is None:
            return bool(self._updates)
        return any(u.kind in self._allowed_updates for u in self._updates)

    async def _get_updates(self, p: Params) -> list[dict[str, Any]]:
        if self._webhook_url:
            raise ApiError(409, WEBHOOK_CONFLICT)
        offset = p.int_("offset")
        limit = p.int_("limit") or 100
        limit = min(max(limit, 1), 100)
        timeout = max(p.float_("timeout") or 0.0, 0.0)
        allowed = p.json_("allowed_updates", "can't parse allowed_updates JSON object")
        if allowed is not None:
            if not isinstance(allowed, list) or not all(isinstance(a, str) for a in allowed):
                raise bad_request("can't parse allowed_updates JSON object")
            # An empty list restores Telegram's default (everything we ever send).
            self._allowed_updates = frozenset(allowed) if allowed else None
        self._confirm(offset)

        previous = self._poll
        if previous is not None:
            previous.conflict = True
            previous.wake.set()
        poll = Poll()
        self._poll = poll
        self._notify()
        try:
            if timeout > 0 and not self._closing and not self._has_deliverable():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(poll.wake.wait(), timeout)
            if poll.conflict:
                raise ApiError(409, CONFLICT)
            return self._collect(limit)
        finally:
            if self._poll is poll:
                self._poll = None

    def take_updates(self) -> list[dict[str, Any]]:
        """Hand over every queued update as one webhook delivery would: they leave the
        queue (tests post them to the bot's webhook themselves)."""
        taken = [u.payload for u in self._updates]
        self._updates.clear()
        self._notify()
        return taken

    def _delete_webhook(self, p: Params) -> bool:
        self._webhook_url = ""
        if p.bool_("drop_pending_updates"):
            self._updates.clear()
        return True

    def _set_webhook(self, p: Params) -> bool:
        url = p.str_("url") or ""
        if url and not url.startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        self._webhook_url = url
        if p.bool_("drop_pending_updates"):
            self._updates.clear()
        if self._webhook_url and self._poll is not None:
            self._poll.conflict = True
            self._poll.wake.set()
        return True

    def _get_webhook_info(self, p: Params) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": self._webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self._allowed_updates is not None:
            info["allowed_updates"] = sorted(self._allowed_updates)
        return info
