"""Injected faults: 429, 5xx, slow answers, dropped connections, lost responses, blocked users.

A fault matches a method and optionally a chat, and serves a given number of requests; the
routing consults :meth:`FaultsMixin._take_fault` before calling any Bot API method.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.sandbox.params import ApiError, Params
from bot.sandbox.state import SandboxState

FaultKind = Literal["429", "5xx", "slow", "network", "lost_response"]
FAULT_KINDS = frozenset({"429", "5xx", "slow", "network", "lost_response"})


@dataclass(slots=True)
class Fault:
    method: str | None  # canonical method name; None matches every method
    chat_id: int | None
    kind: str
    retry_after: int
    delay: float
    status: int
    remaining: int


class FaultsMixin(SandboxState):
    """Planning faults and blocks, and taking the next matching fault for a request."""

    def inject_fault(
        self,
        method: str | None = None,
        *,
        chat_id: int | None = None,
        kind: FaultKind,
        retry_after: int = 1,
        delay: float = 0.0,
        status: int = 502,
        count: int = 1,
    ) -> None:
        """Make the next ``count`` matching requests fail.

        ``429``: Too Many Requests with ``retry_after``; ``5xx``: HTTP ``status``; ``slow``:
        answer normally after ``delay`` s; ``network``: drop the connection unanswered;
        ``lost_response``: perform the request, then drop the connection (the bot cannot know
        its message was sent).
        """
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; use one of {sorted(FAULT_KINDS)}")
        canonical: str | None = None
        if method is not None:
            entry = self._methods.get(method.lower())
            if entry is None:
                raise ValueError(f"unknown Bot API method {method!r}")
            canonical = entry[0]
        if count < 1:
            raise ValueError("count must be at least 1")
        if kind == "5xx" and not 500 <= status <= 599:
            raise ValueError("status must be a 5xx code")
        self._faults.append(Fault(canonical, chat_id, kind, retry_after, delay, status, count))

    def reset_faults(self) -> None:
        self._faults.clear()

    def block(self, user_id: int) -> None:
        """The user blocks the bot: sends and edits to their chat get 403."""
        self._blocked.add(user_id)

    def unblock(self, user_id: int) -> None:
        self._blocked.discard(user_id)

    def is_blocked(self, user_id: int) -> bool:
        return user_id in self._blocked

    def _take_fault(self, method: str, params: Params) -> Fault | None:
        for fault in self._faults:
            if fault.method is not None and fault.method != method:
                continue
            if fault.chat_id is not None:
                try:
                    if params.int_("chat_id") != fault.chat_id:
                        continue
                except ApiError:
                    continue
            fault.remaining -= 1
            if fault.remaining <= 0:
                self._faults.remove(fault)
            self._faults_served += 1
            self._faults_by_kind[fault.kind] += 1
            self._notify()
            return fault
        return None
