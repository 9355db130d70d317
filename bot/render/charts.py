"""The pictures' public names in one place, for callers that import `bot.render.charts`.

The drawing lives in `canvas` (figure, text fitting, PNG, shared styles), `footmap` and
`progress`; this module only re-exports.
"""

from __future__ import annotations

from bot.render.canvas import (
    ALONE_COLOUR,
    BAR_COLOUR,
    BETTER_COLOUR,
    CANNOT_COLOUR,
    COLOURS,
    FOLLOW_COLOUR,
    LEFT_COLOUR,
    RIGHT_COLOUR,
    STATES,
    SYMBOLS,
    UNANSWERED_COLOUR,
    Picture,
)
from bot.render.changes import changed_toes
from bot.render.footmap import FOOT_MAP_KEYS, foot_map
from bot.render.panels import TARGET_DAYS, state_counts
from bot.render.progress import PROGRESS_KEYS, progress_chart

__all__ = [
    "ALONE_COLOUR",
    "BAR_COLOUR",
    "BETTER_COLOUR",
    "CANNOT_COLOUR",
    "COLOURS",
    "FOLLOW_COLOUR",
    "FOOT_MAP_KEYS",
    "LEFT_COLOUR",
    "PROGRESS_KEYS",
    "RIGHT_COLOUR",
    "STATES",
    "SYMBOLS",
    "TARGET_DAYS",
    "UNANSWERED_COLOUR",
    "Picture",
    "changed_toes",
    "foot_map",
    "progress_chart",
    "state_counts",
]
