"""The toe self-test foot map: both feet from above, each toe coloured and marked by its answer.

Pure drawing (see `bot.render.canvas` for the phone-size reasoning); every word comes from
`labels`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING

from bot.render.canvas import (
    COLOURS,
    HEIGHT_PX,
    INK,
    LABEL_PT,
    SMALL_PT,
    SOLE_FILL,
    STATES,
    SYMBOL_PT,
    SYMBOLS,
    TITLE_PT,
    WIDTH_PX,
    Picture,
    check_labels,
    fit,
    new_figure,
    png,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

FOOT_MAP_KEYS = ("left", "right", "alone", "follow", "cannot", "unanswered", "alt_foot_map")

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
_FEET = ("left", "right")


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
    check_labels(labels, FOOT_MAP_KEYS)
    states = {(foot, toe): _state(answers, foot, toe) for foot in _FEET for toe in _TOES}
    alone = {foot: sum(1 for toe in _TOES if states[(foot, toe)] == "alone") for foot in _FEET}
    missing = sum(1 for state in states.values() if state == "unanswered")

    fig = new_figure()
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
    fit(heading, WIDTH_PX - 60, min_pt=LABEL_PT)

    for foot, cx in _FOOT_X.items():
        _draw_foot(ax, foot, cx=cx, states=states, labels=labels, alone=alone[foot])

    legend_states = [*STATES, "unanswered"] if missing else list(STATES)
    _draw_legend(ax, legend_states, labels, top=_TOE_ROW_Y - 695)
    return Picture(png=png(fig), alt_text=_alt_text(states, labels))


def _alt_text(states: Mapping[tuple[str, int], str], labels: Mapping[str, str]) -> str:
    alone = {f: sum(1 for t in _TOES if states[(f, t)] == "alone") for f in _FEET}
    not_alone = {f: [t for t in _TOES if states[(f, t)] in ("follow", "cannot")] for f in _FEET}
    missing = sum(1 for state in states.values() if state == "unanswered")
    return labels["alt_foot_map"].format(
        left_alone=alone["left"],
        right_alone=alone["right"],
        total=alone["left"] + alone["right"],
        answered=10 - missing,
        missing=missing,
        left_not_alone=_toe_list(not_alone["left"]),
        right_not_alone=_toe_list(not_alone["right"]),
    )


def _draw_foot(
    ax: Axes,
    foot: str,
    *,
    cx: float,
    states: Mapping[tuple[str, int], str],
    labels: Mapping[str, str],
    alone: int,
) -> None:
    """One foot: the sole, the five toes, the foot's name and its count of toes alone."""
    from matplotlib.patches import Polygon

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
    for toe, (x, y, width, toe_height) in _TOES.items():
        centre = (cx + mirror * x, _TOE_ROW_Y + y)
        _draw_toe(ax, toe, centre, (width, toe_height), states[(foot, toe)])
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
    fit(name, WIDTH_PX / 2 - 40, min_pt=LABEL_PT)
    ax.text(
        cx,
        _TOE_ROW_Y - 610,
        f"{SYMBOLS['alone']} {alone}/5",
        ha="center",
        va="top",
        fontsize=LABEL_PT + 2,
        color=INK,
    )


def _draw_toe(
    ax: Axes, toe: int, centre: tuple[float, float], size: tuple[float, float], state: str
) -> None:
    """A toe: an ellipse in its state's colour, the state's symbol, and the toe number."""
    from matplotlib.patches import Ellipse

    width, toe_height = size
    ax.add_patch(
        Ellipse(
            centre,
            width,
            toe_height,
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
        centre[1] + toe_height / 2 + 8,
        str(toe),
        ha="center",
        va="bottom",
        fontsize=SMALL_PT,
        color="#555555",
        zorder=4,
    )


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
        lines = fit(words, WIDTH_PX - x_text - 30)
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
