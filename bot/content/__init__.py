"""Loading and validating `content/`: every user-facing sentence, looked up by key.

`loader` reads texts, red flags and zones; `exercises` the exercise library and programmes;
`html` checks that a text is HTML Telegram accepts.
"""

from bot.content.loader import (
    Content,
    ContentError,
    RedFlagContent,
    Texts,
    ZoneChoice,
    load_content,
)

__all__ = ["Content", "ContentError", "RedFlagContent", "Texts", "ZoneChoice", "load_content"]
