"""A message the bot sends on its own initiative, and the port every sender of one goes through.

Services and jobs decide *what* to tell *whom*; `bot.delivery` decides how it travels (rate
limit, retries, recording, at most once across processes). Between them is this port, so the
escalation workflow and the digests are unit-tested with a fake notifier, and production
wires the one delivery path (`bot.delivery.notify`) in the composition root.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Protocol

# Rows of (label, callback data): plain data, so no Telegram type leaks into services.
Buttons = tuple[tuple[tuple[str, str], ...], ...]


class Outcome(enum.Enum):
    """What became of one notice."""

    SENT = "sent"
    DUPLICATE = "duplicate"  # its key was already delivered (by this or another process)
    # Its key is being delivered right now under another live claim (another process, or a
    # send still on the wire): not known to have got through, so not settled; the caller's
    # next run finds it sent (a duplicate) or failed (and sends it).
    IN_FLIGHT = "in_flight"
    BLOCKED = "blocked"  # 403: the recipient blocked the bot; marked inactive, not retried
    FAILED = "failed"  # given up after retries (429/5xx/network) or refused (400)


# The outcomes after which the notice is in its reader's chat (sent now, or before).
GOT_THROUGH: Final = frozenset({Outcome.SENT, Outcome.DUPLICATE})


@dataclass(frozen=True)
class Notice:
    """One message to one chat. `key`, when given, makes delivery at most once: a second
    notice with the same key (a retried job, a second process) is not sent again."""

    chat_id: int
    text: str
    kind: str
    key: str | None = None
    buttons: Buttons = ()


class Notifier(Protocol):
    """The one way a bot-initiated message leaves: rate-limited, recorded, at most once."""

    async def send(self, notice: Notice) -> Outcome:
        """Deliver one notice; never raises for a Telegram refusal."""
        ...

    async def send_all(self, notices: Sequence[Notice]) -> list[Outcome]:
        """Deliver each notice in order; one recipient's failure never stops the others."""
        ...
