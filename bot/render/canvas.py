"""The drawing surface shared by the pictures: figure, fonts, fitted text, PNG output, styles.

Pure: matplotlib (Agg, through `matplotlib.figure.Figure`, never pyplot's global state, so
nothing leaks between calls) and Pillow-backed PNG output; no Telegram, no database.

Phone readability, the reasoning behind the numbers below:
- Output is 1080x1350 px (portrait 4:5, filling a phone's width) at 180 dpi, so one
  point is 2.5 px. A phone shows that image about 360 points wide, a third of its pixels,
  so an 18 pt label here appears at about 15 pt: every label is 18 pt or more.
- Colours come from the Okabe-Ito palette, which stays distinct for the common forms of
  colour blindness, and colour is never the only cue: each toe state has a symbol
  (✓ lifts alone, ~ others follow, ✗ cannot lift, ? not answered) repeated in the legend,
  and the two feet in the progress chart differ in marker and line style too.
- Every word drawn comes from `labels`, so the caller takes them from its content files;
  the modules themselves hold only key names and language-neutral symbols and digits.
  Labels are drawn as plain text ("$" is not maths) in DejaVu Sans, which has no emoji.
"""

from __future__ import annotations

import datetime as dt
import io
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text

WIDTH_PX, HEIGHT_PX = 1080, 1350
DPI = 180
TITLE_PT = 26
LABEL_PT = 20
SMALL_PT = 18  # the smallest text anywhere in the pictures
SYMBOL_PT = 26

# Okabe-Ito colours.
ALONE_COLOUR = "#009E73"  # bluish green
# Yellow, not Okabe-Ito's orange: orange beside vermillion ("cannot") was hard to tell apart
# on a phone; yellow differs from vermillion in lightness too.
FOLLOW_COLOUR = "#F0E442"
CANNOT_COLOUR = "#D55E00"  # vermillion
UNANSWERED_COLOUR = "#C8C8C8"  # neutral grey: "no information", not a state
LEFT_COLOUR = "#0072B2"  # blue
RIGHT_COLOUR = "#D55E00"  # vermillion
BAR_COLOUR = "#56B4E9"  # sky blue
TARGET_COLOUR = "#009E73"
BETTER_COLOUR = "#0072B2"  # blue: a toe better than at the previous test
WORSE_COLOUR = "#000000"  # black: a toe worse than at the previous test
INK = "#222222"
SOLE_FILL = "#F3ECE3"

# Symbols are language-neutral, so they are fixed here; the words come from `labels`.
STATES: tuple[str, ...] = ("alone", "follow", "cannot")
SYMBOLS: Mapping[str, str] = {"alone": "✓", "follow": "~", "cannot": "✗", "unanswered": "?"}
# Order of control, for "better" or "worse" than the previous test.
RANKS: Mapping[str, int] = {"cannot": 0, "follow": 1, "alone": 2}
# Hatching, the second cue besides colour where a state is drawn without its symbol.
HATCHES: Mapping[str, str] = {"alone": "", "follow": "//", "cannot": "xx"}
COLOURS: Mapping[str, str] = {
    "alone": ALONE_COLOUR,
    "follow": FOLLOW_COLOUR,
    "cannot": CANNOT_COLOUR,
    "unanswered": UNANSWERED_COLOUR,
}

# Without month names, zero-padded numbers: "2.3" on an axis reads as a decimal, "02.03" less so.
NUMERIC_DATE_FORMAT = "{day:02d}.{month:02d}"
NAMED_DATE_FORMAT = "{day} {month_name}"


@dataclass(frozen=True)
class Picture:
    """A PNG and its plain-text alternative (one or two sentences, no markup)."""

    png: bytes
    alt_text: str


def check_labels(labels: Mapping[str, str], keys: Iterable[str]) -> None:
    """Raise KeyError naming every key of `keys` missing from `labels`."""
    missing = [key for key in keys if key not in labels]
    if missing:
        raise KeyError(f"chart labels missing: {', '.join(missing)}")


def new_figure() -> Figure:
    """A blank WIDTH_PX x HEIGHT_PX figure on an Agg canvas of its own."""
    # Imported here so that importing bot.render (e.g. at bot start-up) stays cheap.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI, facecolor="white")
    # An Agg canvas of its own: text can be measured, and pyplot is never involved.
    FigureCanvasAgg(fig)
    return fig


def canvas_of(fig: Figure) -> Any:
    """The figure's Agg canvas. Typed Any: matplotlib leaves its Agg methods unannotated,
    which strict mypy would refuse to call."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = fig.canvas
    assert isinstance(canvas, FigureCanvasAgg), "figures here are made by new_figure"
    return canvas


def png(fig: Figure) -> bytes:
    """Render and encode: RGB (no alpha channel) at a moderate compression level.

    Encoding the PNG is the slowest step; dropping alpha and compressing a little less
    than Pillow's default saves about a fifth of a picture's time for ~10% more bytes.
    """
    from PIL import Image

    canvas = canvas_of(fig)
    canvas.draw()
    # No bbox_inches="tight" anywhere: the size must stay exactly WIDTH_PX x HEIGHT_PX.
    rgba = Image.frombuffer(
        "RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1
    )
    buffer = io.BytesIO()
    rgba.convert("RGB").save(buffer, format="PNG", compress_level=3)
    # Drop the figure's references so it is freed now, not at the next GC cycle.
    fig.clear()
    return buffer.getvalue()


def fit(artist: Text, max_px: float, *, min_pt: float = SMALL_PT) -> int:
    """Make `artist` at most `max_px` wide: shrink its font towards `min_pt`, then wrap.

    Texts come from content files in any language, so their length is unknown here; measuring
    the rendered text is the only reliable way to keep it inside the picture. The font never
    goes below `min_pt` (readability comes first). Returns the number of lines.
    """
    fig = artist.get_figure(root=True)
    assert fig is not None
    renderer = canvas_of(fig).get_renderer()
    original = artist.get_text()

    def too_wide() -> bool:
        return float(artist.get_window_extent(renderer).width) > max_px

    size = float(artist.get_fontsize())
    while too_wide() and size - 1 >= min_pt:
        size -= 1
        artist.set_fontsize(size)
    chars = len(original)
    while too_wide() and chars > 6:
        chars -= 1
        artist.set_text("\n".join(textwrap.wrap(original, width=chars)))
    return artist.get_text().count("\n") + 1


def fy(top_px: float) -> float:
    """Figure y fraction for a distance in pixels from the top edge."""
    return 1.0 - top_px / HEIGHT_PX


def height(artist: Any) -> float:
    """The drawn height of `artist` in pixels."""
    renderer = canvas_of(artist.get_figure(root=True)).get_renderer()
    return float(artist.get_window_extent(renderer).height)


def date_label(day: dt.date, labels: Mapping[str, str]) -> str:
    """`day` as the optional "date_format" label says, with the optional "months" names."""
    months = labels.get("months", "").replace(",", " ").split()
    if months and len(months) != 12:
        raise ValueError(f"label 'months' needs 12 names, got {len(months)}")
    default = NAMED_DATE_FORMAT if months else NUMERIC_DATE_FORMAT
    return labels.get("date_format", default).format(
        day=day.day,
        month=day.month,
        year=day.year,
        month_name=months[day.month - 1] if months else day.month,
    )


def style_axes(ax: Axes) -> None:
    """Large tick labels, and only the left and bottom frame lines."""
    ax.tick_params(labelsize=SMALL_PT, length=6, width=1.5, colors=INK)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_linewidth(1.5)


def integer_ticks(ax: Axes, top: int, *, sparse: Sequence[int], grid: bool = True) -> None:
    """Label every integer up to `top` when the panel is tall enough, else only `sparse`.

    Long headings can squeeze a panel; 18 pt digits closer than about 40 px would overlap.
    """
    low, high = ax.get_ylim()
    per_unit = ax.get_position().height * HEIGHT_PX / (high - low)
    ax.set_yticks(range(top + 1) if per_unit >= 40 else list(sparse))
    if grid:
        ax.set_yticks(range(top + 1), minor=True)
        ax.tick_params(axis="y", which="minor", length=0)
        ax.grid(axis="y", which="both", color="#DDDDDD", linewidth=1.2)
        ax.set_axisbelow(True)
