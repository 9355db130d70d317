"""Pictures for a phone screen: the toe self-test foot map and the progress chart.

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
  the module itself holds only key names and language-neutral symbols and digits.
  Labels are drawn as plain text ("$" is not maths) in DejaVu Sans, which has no emoji.
"""

from __future__ import annotations

import datetime as dt
import io
import textwrap
from collections.abc import Collection, Iterable, Mapping, Sequence
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
FOLLOW_COLOUR = "#E69F00"  # orange
CANNOT_COLOUR = "#D55E00"  # vermillion
UNANSWERED_COLOUR = "#C8C8C8"  # neutral grey: "no information", not a state
LEFT_COLOUR = "#0072B2"  # blue
RIGHT_COLOUR = "#D55E00"  # vermillion
BAR_COLOUR = "#56B4E9"  # sky blue
TARGET_COLOUR = "#009E73"
INK = "#222222"
SOLE_FILL = "#F3ECE3"

# Symbols are language-neutral, so they are fixed here; the words come from `labels`.
STATES: tuple[str, ...] = ("alone", "follow", "cannot")
SYMBOLS: Mapping[str, str] = {"alone": "✓", "follow": "~", "cannot": "✗", "unanswered": "?"}
COLOURS: Mapping[str, str] = {
    "alone": ALONE_COLOUR,
    "follow": FOLLOW_COLOUR,
    "cannot": CANNOT_COLOUR,
    "unanswered": UNANSWERED_COLOUR,
}

FOOT_MAP_KEYS = ("left", "right", "alone", "follow", "cannot", "unanswered", "alt_foot_map")
PROGRESS_KEYS = (
    "left",
    "right",
    "score_axis",
    "days_axis",
    "no_tests",
    "target",
    "alt_progress",
    "alt_progress_no_tests",
)
TARGET_DAYS = 5  # the article: "Perform foot exercises 5-7 days per week"
# Without month names, zero-padded numbers: "2.3" on an axis reads as a decimal, "02.03" less so.
NUMERIC_DATE_FORMAT = "{day:02d}.{month:02d}"
NAMED_DATE_FORMAT = "{day} {month_name}"


@dataclass(frozen=True)
class Picture:
    """A PNG and its plain-text alternative (one or two sentences, no markup)."""

    png: bytes
    alt_text: str


# --- shared helpers --------------------------------------------------------------------------


def _check_labels(labels: Mapping[str, str], keys: Iterable[str]) -> None:
    missing = [key for key in keys if key not in labels]
    if missing:
        raise KeyError(f"chart labels missing: {', '.join(missing)}")


def _new_figure() -> Figure:
    # Imported here so that importing bot.render.charts (e.g. at bot start-up) stays cheap.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI, facecolor="white")
    # An Agg canvas of its own: text can be measured, and pyplot is never involved.
    FigureCanvasAgg(fig)
    return fig


def _canvas(fig: Figure) -> Any:
    """The figure's Agg canvas. Typed Any: matplotlib leaves its Agg methods unannotated,
    which strict mypy would refuse to call."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = fig.canvas
    assert isinstance(canvas, FigureCanvasAgg), "figures here are made by _new_figure"
    return canvas


def _png(fig: Figure) -> bytes:
    """Render and encode: RGB (no alpha channel) at a moderate compression level.

    Encoding the PNG is the slowest step; dropping alpha and compressing a little less
    than Pillow's default saves about a fifth of a picture's time for ~10% more bytes.
    """
    from PIL import Image

    canvas = _canvas(fig)
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


def _fit(artist: Text, max_px: float, *, min_pt: float = SMALL_PT) -> int:
    """Make `artist` at most `max_px` wide: shrink its font towards `min_pt`, then wrap.

    Texts come from content files in any language, so their length is unknown here; measuring
    the rendered text is the only reliable way to keep it inside the picture. The font never
    goes below `min_pt` (readability comes first). Returns the number of lines.
    """
    fig = artist.get_figure(root=True)
    assert fig is not None
    renderer = _canvas(fig).get_renderer()
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


# --- the foot map ----------------------------------------------------------------------------

# A right foot seen from above, in pixels relative to the big toe's centre; x < 0 is the inner
# (big-toe) side. The left foot is its mirror image. Toes shrink from the big toe outwards and
# step back along an arc, as real toes do.
_TOES: Mapping[int, tuple[float, float, float, float]] = {
    # toe: (x, y, width, height)
    1: (-150.0, 0.0, 122.0, 150.0),
    2: (-46.0, -6.0, 82.0, 104.0),
    3: (36.0, -24.0, 74.0, 94.0),
    4: (108.0, -46.0, 66.0, 84.0),
    5: (174.0, -74.0, 60.0, 74.0),
}
# Control points of the sole outline, clockwise from the inner front; its top edge runs
# under the toes so they look attached.
_SOLE: tuple[tuple[float, float], ...] = (
    (-190.0, -40.0),
    (-95.0, -50.0),
    (0.0, -62.0),
    (100.0, -82.0),
    (185.0, -110.0),
    (218.0, -161.0),
    (205.0, -254.0),
    (170.0, -352.0),
    (140.0, -433.0),
    (110.0, -492.0),
    (45.0, -526.0),
    (-40.0, -526.0),
    (-105.0, -492.0),
    (-140.0, -424.0),
    (-150.0, -348.0),
    (-180.0, -254.0),
    (-212.0, -152.0),
    (-215.0, -80.0),
)
_TOE_ROW_Y = 1045.0
_FOOT_X: Mapping[str, float] = {"left": 272.0, "right": 808.0}


def _smooth_closed(points: Sequence[tuple[float, float]], steps: int = 10) -> list[list[float]]:
    """A closed Catmull-Rom curve through `points`, as a polygon."""
    out: list[list[float]] = []
    n = len(points)
    for i in range(n):
        (x0, y0), (x1, y1) = points[i - 1], points[i]
        (x2, y2), (x3, y3) = points[(i + 1) % n], points[(i + 2) % n]
        for s in range(steps):
            t = s / steps
            t2, t3 = t * t, t * t * t
            out.append(
                [
                    0.5
                    * (
                        2 * x1
                        + (x2 - x0) * t
                        + (2 * x0 - 5 * x1 + 4 * x2 - x3) * t2
                        + (3 * x1 - x0 - 3 * x2 + x3) * t3
                    ),
                    0.5
                    * (
                        2 * y1
                        + (y2 - y0) * t
                        + (2 * y0 - 5 * y1 + 4 * y2 - y3) * t2
                        + (3 * y1 - y0 - 3 * y2 + y3) * t3
                    ),
                ]
            )
    return out


def _state(answers: Mapping[tuple[str, int], str], foot: str, toe: int) -> str:
    value = answers.get((foot, toe))
    if value is None:
        return "unanswered"
    value = str(value)  # a StrEnum member works as well as its value
    if value not in STATES:
        raise ValueError(f"unknown answer {value!r} for {foot} toe {toe}")
    return value


def _toe_list(toes: Collection[int]) -> str:
    return ", ".join(str(t) for t in sorted(toes)) or "-"


def foot_map(
    answers: Mapping[tuple[str, int], str], *, title: str, labels: Mapping[str, str]
) -> Picture:
    """Both feet from above, each toe coloured and marked by its self-test answer.

    `answers` maps ("left" | "right", toe 1-5) to "alone", "follow" or "cannot"; a missing
    toe is drawn grey with "?". The feet appear as the patient sees them looking down: left
    foot on the left, big toes on the inner side.

    `labels` keys (all required, plain text):
      "left", "right"            foot names drawn under the feet
      "alone", "follow", "cannot", "unanswered"
                                 legend entries ("unanswered" is drawn only when needed)
      "alt_foot_map"             alt-text format string; fields: {left_alone} {right_alone}
                                 {total} (toes lifting alone), {answered} {missing} (toes),
                                 {left_not_alone} {right_not_alone} (toe numbers, e.g.
                                 "2, 3", or "-" when none)

    Raises KeyError when a label is missing, ValueError on an unknown answer.
    """
    _check_labels(labels, FOOT_MAP_KEYS)
    states = {
        (foot, toe): _state(answers, foot, toe) for foot in ("left", "right") for toe in _TOES
    }
    alone = {
        foot: sum(1 for toe in _TOES if states[(foot, toe)] == "alone")
        for foot in ("left", "right")
    }
    not_alone = {
        foot: [toe for toe in _TOES if states[(foot, toe)] in ("follow", "cannot")]
        for foot in ("left", "right")
    }
    missing = sum(1 for state in states.values() if state == "unanswered")

    from matplotlib.patches import Ellipse, Polygon

    fig = _new_figure()
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    # One data unit per pixel; the axes fill the figure, so circles stay round.
    ax.set_xlim(0, WIDTH_PX)
    ax.set_ylim(0, HEIGHT_PX)
    ax.axis("off")

    heading = ax.text(
        WIDTH_PX / 2,
        HEIGHT_PX - 30,
        title,
        ha="center",
        va="top",
        fontsize=TITLE_PT,
        fontweight="bold",
        color=INK,
        parse_math=False,
    )
    # Shrunk before wrapped: at 20 pt even two lines stay clear of the toe numbers.
    _fit(heading, WIDTH_PX - 60, min_pt=LABEL_PT)

    for foot, cx in _FOOT_X.items():
        # The table describes a right foot; mirror it for the left so big toes face inwards.
        mirror = -1.0 if foot == "left" else 1.0
        sole = [(cx + mirror * x, _TOE_ROW_Y + y) for x, y in _SOLE]
        ax.add_patch(
            Polygon(
                _smooth_closed(sole),
                closed=True,
                facecolor=SOLE_FILL,
                edgecolor="#6B6B6B",
                linewidth=3,
                zorder=1,
            )
        )
        for toe, (x, y, width, height) in _TOES.items():
            state = states[(foot, toe)]
            centre = (cx + mirror * x, _TOE_ROW_Y + y)
            ax.add_patch(
                Ellipse(
                    centre,
                    width,
                    height,
                    facecolor=COLOURS[state],
                    edgecolor=INK,
                    linewidth=2.5,
                    zorder=3,
                )
            )
            ax.text(
                *centre,
                SYMBOLS[state],
                ha="center",
                va="center",
                fontsize=SYMBOL_PT if toe > 1 else SYMBOL_PT + 6,
                fontweight="bold",
                color="black",
                zorder=4,
            )
            # Toe numbers, so patient and therapist can talk about "toe 3".
            ax.text(
                centre[0],
                centre[1] + height / 2 + 8,
                str(toe),
                ha="center",
                va="bottom",
                fontsize=SMALL_PT,
                color="#555555",
                zorder=4,
            )
        name = ax.text(
            cx,
            _TOE_ROW_Y - 545,
            labels[foot],
            ha="center",
            va="top",
            fontsize=LABEL_PT + 4,
            fontweight="bold",
            color=INK,
            parse_math=False,
        )
        _fit(name, WIDTH_PX / 2 - 40, min_pt=LABEL_PT)
        ax.text(
            cx,
            _TOE_ROW_Y - 610,
            f"{SYMBOLS['alone']} {alone[foot]}/5",
            ha="center",
            va="top",
            fontsize=LABEL_PT + 2,
            color=INK,
        )

    legend_states = [*STATES, "unanswered"] if missing else list(STATES)
    _draw_legend(ax, legend_states, labels, top=_TOE_ROW_Y - 695)

    alt = labels["alt_foot_map"].format(
        left_alone=alone["left"],
        right_alone=alone["right"],
        total=alone["left"] + alone["right"],
        answered=10 - missing,
        missing=missing,
        left_not_alone=_toe_list(not_alone["left"]),
        right_not_alone=_toe_list(not_alone["right"]),
    )
    return Picture(png=_png(fig), alt_text=alt)


def _draw_legend(ax: Axes, states: Sequence[str], labels: Mapping[str, str], *, top: float) -> None:
    """Symbol-in-a-circle rows with their words, drawn like the toes they explain."""
    from matplotlib.patches import Circle

    radius, x_circle, x_text, line_px = 30.0, 120.0, 172.0, 50.0
    y = top
    for state in states:
        words = ax.text(
            x_text,
            0,
            labels[state],
            ha="left",
            va="center",
            fontsize=LABEL_PT,
            color=INK,
            parse_math=False,
        )
        lines = _fit(words, WIDTH_PX - x_text - 30)
        row = max(2 * radius + 14, lines * line_px + 14)
        centre_y = y - row / 2
        words.set_y(centre_y)
        ax.add_patch(
            Circle(
                (x_circle, centre_y),
                radius,
                facecolor=COLOURS[state],
                edgecolor=INK,
                linewidth=2.5,
            )
        )
        ax.text(
            x_circle,
            centre_y,
            SYMBOLS[state],
            ha="center",
            va="center",
            fontsize=SMALL_PT + 2,
            fontweight="bold",
            color="black",
        )
        y -= row


# --- the progress chart ----------------------------------------------------------------------

# Layout in pixels from the top edge; the panel heights share whatever the measured headings
# and legends leave, so long labels in any language push the panels rather than overlap them.
_MARGIN_X = 65.0  # headings and legends start here
_AXES_LEFT, _AXES_RIGHT = 130.0, 995.0  # room for y tick labels; the last date label fits
_TICKS_BELOW = 80.0  # x tick labels under each panel
_PANEL_GAP = 115.0  # from the top panel's frame to the lower heading, tick labels included
_BOTTOM = HEIGHT_PX - _TICKS_BELOW - 10.0
_SCORE_SHARE = 0.47  # of the height left for the two panels


def _date_label(day: dt.date, labels: Mapping[str, str]) -> str:
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


def _score_ticks(days: Sequence[int], lo: float, hi: float) -> list[int]:
    """Up to four x ticks, each under a test, at least a fifth of the axis apart.

    The latest test first, then the first one, then tests near the thirds in between; a
    candidate too close to one already chosen is skipped, so labels never collide.
    """
    distinct = sorted(set(days))
    first, last = distinct[0], distinct[-1]
    gap = (hi - lo) / 4.6  # about 190 px: room for a "20 Apr" label
    thirds = [first + k * (last - first) / 3 for k in (1, 2)]
    candidates = [last, first, *(min(distinct, key=lambda d: abs(d - t)) for t in thirds)]
    ticks: list[int] = []
    for day in candidates:
        if all(abs(day - tick) >= gap for tick in ticks):
            ticks.append(day)
    return sorted(ticks)


def progress_chart(
    *,
    points: Sequence[tuple[dt.date, int, int]],
    adherence: Sequence[tuple[dt.date, int]],
    title: str,
    labels: Mapping[str, str],
) -> Picture:
    """Two stacked panels: toes lifting alone per foot over time, and drill days per week.

    `points`: (test date, left score 0-5, right score 0-5), oldest first; may be empty.
    `adherence`: (week start, days with a completed drill 0-7), oldest first.

    `labels` keys (required unless marked optional, plain text):
      "left", "right"        legend entries for the two score lines
      "score_axis"           heading of the top panel, e.g. "Toes that lift alone (0-5)"
      "days_axis"            heading of the bottom panel, e.g. "Days with exercises, per week"
      "no_tests"             message shown in the top panel when there is no test
      "target"               legend entry of the reference line, e.g. "target: 5-7 days a week"
      "alt_progress"         alt-text format string; fields: {tests} {latest_left}
                             {latest_right} {latest_total} {first_left} {first_right}
                             {first_total} {weeks} {avg_days} (one decimal) {weeks_on_target}
      "alt_progress_no_tests"  alt text when there is no test; fields: {weeks} {avg_days}
                             {weeks_on_target}
      "months"               optional: twelve short month names separated by spaces or
                             commas ("Jan Feb ..."), used for dates on the x axes
      "date_format"          optional; fields {day} {month} {year} {month_name}; default
                             "{day} {month_name}" with "months", else "{day:02d}.{month:02d}"

    Headings are drawn above the panels rather than as rotated axis titles: a sideways label
    is hard to read on a phone.
    """
    _check_labels(labels, PROGRESS_KEYS)
    for day, left, right in points:
        if not (0 <= left <= 5 and 0 <= right <= 5):
            raise ValueError(f"scores must be 0-5, got {left}, {right} on {day}")
    for _, days in adherence:
        if not 0 <= days <= 7:
            raise ValueError(f"days per week must be 0-7, got {days}")

    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    fig = _new_figure()
    heading = fig.text(
        0.5,
        _fy(25.0),
        title,
        ha="center",
        va="top",
        fontsize=TITLE_PT,
        fontweight="bold",
        color=INK,
        parse_math=False,
    )
    _fit(heading, WIDTH_PX - 60, min_pt=LABEL_PT)
    cursor = 25.0 + _height(heading) + 30.0

    # Left: solid blue line, big hollow circles; right: dashed vermillion, small filled
    # squares. When both feet score the same, the square sits inside the circle and both
    # stay visible.
    left_style: dict[str, Any] = {
        "color": LEFT_COLOUR,
        "linestyle": "-",
        "linewidth": 3.5,
        "marker": "o",
        "markersize": 17,
        "markerfacecolor": "white",
        "markeredgewidth": 3.5,
    }
    right_style: dict[str, Any] = {
        "color": RIGHT_COLOUR,
        "linestyle": (0, (5, 3)),
        "linewidth": 3.5,
        "marker": "s",
        "markersize": 9,
    }
    target_style: dict[str, Any] = {"color": "black", "linestyle": (0, (6, 4)), "linewidth": 2.5}
    score_entries: list[tuple[Any, str]] = (
        [
            (Line2D([], [], **left_style), labels["left"]),
            (Line2D([], [], **right_style), labels["right"]),
        ]
        if points
        else []
    )
    target_entry = (
        (Patch(facecolor=TARGET_COLOUR, alpha=0.13), Line2D([], [], **target_style)),
        labels["target"],
    )

    # Measure the lower header first (then drop it) so the panel heights can be shared out.
    lower_height = _header(fig, 0.0, labels["days_axis"], [target_entry], keep=False)
    score_top = _header(fig, cursor, labels["score_axis"], score_entries)
    room = _BOTTOM - score_top - _PANEL_GAP - lower_height
    score_bottom = score_top + room * _SCORE_SHARE
    days_top = _header(fig, score_bottom + _PANEL_GAP, labels["days_axis"], [target_entry])

    score_ax = fig.add_axes(_axes_rect(score_top, score_bottom))
    _score_panel(score_ax, points, labels, left_style, right_style)
    days_ax = fig.add_axes(_axes_rect(days_top, _BOTTOM))
    _adherence_panel(days_ax, adherence, labels, target_style)

    weeks = len(adherence)
    avg_days = round(sum(d for _, d in adherence) / weeks, 1) if weeks else 0.0
    on_target = sum(1 for _, d in adherence if d >= TARGET_DAYS)
    if points:
        _, first_left, first_right = points[0]
        _, latest_left, latest_right = points[-1]
        alt = labels["alt_progress"].format(
            tests=len(points),
            latest_left=latest_left,
            latest_right=latest_right,
            latest_total=latest_left + latest_right,
            first_left=first_left,
            first_right=first_right,
            first_total=first_left + first_right,
            weeks=weeks,
            avg_days=avg_days,
            weeks_on_target=on_target,
        )
    else:
        alt = labels["alt_progress_no_tests"].format(
            weeks=weeks, avg_days=avg_days, weeks_on_target=on_target
        )
    return Picture(png=_png(fig), alt_text=alt)


def _fy(top_px: float) -> float:
    """Figure y fraction for a distance in pixels from the top edge."""
    return 1.0 - top_px / HEIGHT_PX


def _axes_rect(top_px: float, bottom_px: float) -> tuple[float, float, float, float]:
    return (
        _AXES_LEFT / WIDTH_PX,
        _fy(bottom_px),
        (_AXES_RIGHT - _AXES_LEFT) / WIDTH_PX,
        (bottom_px - top_px) / HEIGHT_PX,
    )


def _height(artist: Any) -> float:
    renderer = _canvas(artist.get_figure(root=True)).get_renderer()
    return float(artist.get_window_extent(renderer).height)


def _header(
    fig: Figure,
    top_px: float,
    heading: str,
    entries: Sequence[tuple[Any, str]],
    *,
    keep: bool = True,
) -> float:
    """A bold heading and a legend under it, from `top_px` down.

    Returns where the panel may start (pixels from the top), or, with `keep=False`, the
    header's height, having removed what it drew.
    """
    text = fig.text(
        _MARGIN_X / WIDTH_PX,
        _fy(top_px),
        heading,
        ha="left",
        va="top",
        fontsize=LABEL_PT,
        fontweight="bold",
        color=INK,
        parse_math=False,
    )
    _fit(text, WIDTH_PX - _MARGIN_X - 30)
    y = top_px + _height(text) + 10.0
    drawn: list[Any] = [text]
    if entries:
        legend = _legend(fig, y, entries, ncol=len(entries))
        if legend.get_window_extent().width > WIDTH_PX - _MARGIN_X - 20:
            # Side by side does not fit: one entry a line, each label wrapped to the width.
            legend.remove()
            legend = _legend(fig, y, entries, ncol=1, wrap_px=WIDTH_PX - _MARGIN_X - 180)
        y += _height(legend) + 12.0
        drawn.append(legend)
    if keep:
        return y
    for artist in drawn:
        artist.remove()
    return y - top_px


def _legend(
    fig: Figure,
    top_px: float,
    entries: Sequence[tuple[Any, str]],
    *,
    ncol: int,
    wrap_px: float | None = None,
) -> Any:
    legend = fig.legend(
        [handle for handle, _ in entries],
        [text for _, text in entries],
        loc="upper left",
        bbox_to_anchor=(_MARGIN_X / WIDTH_PX, _fy(top_px)),
        ncol=ncol,
        frameon=False,
        fontsize=SMALL_PT,
        handlelength=2.6,
        columnspacing=1.4,
        borderpad=0.0,
        borderaxespad=0.0,
    )
    for text in legend.get_texts():
        # Legend texts are created by matplotlib; make sure a "$" in a label stays a "$".
        text.set_parse_math(False)
        if wrap_px is not None:
            _fit(text, wrap_px)
    return legend


def _style_axes(ax: Axes) -> None:
    ax.tick_params(labelsize=SMALL_PT, length=6, width=1.5, colors=INK)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_linewidth(1.5)


def _integer_ticks(ax: Axes, top: int, *, sparse: Sequence[int], grid: bool = True) -> None:
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


def _score_panel(
    ax: Axes,
    points: Sequence[tuple[dt.date, int, int]],
    labels: Mapping[str, str],
    left_style: Mapping[str, Any],
    right_style: Mapping[str, Any],
) -> None:
    _style_axes(ax)
    ax.set_ylim(-0.35, 5.35)
    _integer_ticks(ax, 5, sparse=(0, 5))

    if not points:
        ax.set_xticks([])
        message = ax.text(
            0.5,
            0.5,
            labels["no_tests"],
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=LABEL_PT,
            color="#444444",
            parse_math=False,
        )
        _fit(message, (_AXES_RIGHT - _AXES_LEFT) * 0.9, min_pt=LABEL_PT)
        return

    xs = [day.toordinal() for day, _, _ in points]
    ax.plot(xs, [left for _, left, _ in points], zorder=3, clip_on=False, **left_style)
    ax.plot(xs, [right for _, _, right in points], zorder=4, clip_on=False, **right_style)
    # Pad the x range (at least a few days) so end markers are not cut by the frame, and a
    # single test sits in the middle of a two-week axis.
    span = max(xs) - min(xs)
    pad = max(span * 0.06, 3.0) if span else 7.0
    lo, hi = min(xs) - pad, max(xs) + pad
    ax.set_xlim(lo, hi)
    ticks = _score_ticks(xs, lo, hi)
    ax.set_xticks(ticks)
    ax.set_xticklabels([_date_label(dt.date.fromordinal(t), labels) for t in ticks])


def _adherence_panel(
    ax: Axes,
    adherence: Sequence[tuple[dt.date, int]],
    labels: Mapping[str, str],
    target_style: Mapping[str, Any],
) -> None:
    _style_axes(ax)
    # Room above 7 for the day counts written on top of the bars.
    ax.set_ylim(0, 8.2)
    _integer_ticks(ax, 7, sparse=(0, TARGET_DAYS, 7), grid=False)
    ax.axhspan(TARGET_DAYS, 7, color=TARGET_COLOUR, alpha=0.13, linewidth=0, zorder=0)
    ax.axhline(TARGET_DAYS, zorder=2, **target_style)

    n = len(adherence)
    positions = list(range(n))
    ax.bar(
        positions,
        [days for _, days in adherence],
        width=0.68,
        color=BAR_COLOUR,
        edgecolor="#1F4E6B",
        linewidth=1.5,
        zorder=1,
    )
    for x, (_, days) in zip(positions, adherence, strict=True):
        # The count on each bar: exact values without reading the grid.
        ax.text(
            x,
            days + 0.25,
            str(days),
            ha="center",
            va="bottom",
            fontsize=SMALL_PT,
            fontweight="bold",
            color=INK,
            zorder=3,
        )
    ax.set_xlim(-0.6, max(n, 1) - 0.4)
    ax.set_xticks(positions)
    # Label every other week, counting back from the latest, so dates never collide.
    ax.set_xticklabels(
        [
            _date_label(start, labels) if (n - 1 - i) % 2 == 0 else ""
            for i, (start, _) in enumerate(adherence)
        ]
    )
    ax.tick_params(axis="x", length=0)
