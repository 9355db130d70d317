"""Loading and validating `content/`: every user-facing sentence, looked up by key.

`loader` reads and checks texts, red flags and zones; `exercises` the exercise library and
programmes; `models` and `checks` are the shapes and field checks behind them; `keys`
declares the text keys code builds at run time; `html` checks that a text is HTML Telegram
accepts. Any problem is one `ContentError` naming the file and the key.
"""

from bot.content.errors import ContentError
from bot.content.loader import (
    Content,
    RedFlagContent,
    Texts,
    ZoneChoice,
    load_content,
)

__all__ = ["Content", "ContentError", "RedFlagContent", "Texts", "ZoneChoice", "load_content"]
