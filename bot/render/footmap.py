"""The toe self-test foot map: both feet from above, each toe coloured and marked by its answer.

Pure drawing (see `bot.render.canvas` for the phone-size reasoning); every word comes from
`labels`.
"""

from __future__ import annotations

import datetime as dt
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
    date_label,
    fit,
    height,
    new_figure,
    png,
)
from bot.render.changes import CHANGES, Change, changed_toes, draw_change, draw_change_legend
from bot.render.feet import SOLE, TOES, smooth_closed

if TYPE_CHECKING:
    from matplotlib.axes import Axes

FOOT_MAP_KEYS = (
    "left",
    "right",
    "alone",
    "follow",
    "cannot",
    "unanswered",
    "alt_foot_map",
    "map_date",
    "better",
    "worse",
    "alt_changes",
)

_TOE_ROW_Y = 1020.0  # low enough for a title of two lines and the test date above the toes
_FOOT_X: Mapping[str, float] = {"left": 272.0, "right": 808.0}
_FEET = ("left", "right")
_LEGEND_TOP = _TOE_ROW_Y - 675
_CHANGE_COLUMN_X = 570.0  # the badges' legend, right of the states' legend


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
    answers: Mapping[tuple[str, int], str],
    *,
    title: str,
    labels: Mapping[str, str],
    previous: Mapping[tuple[str, int], str] | None = None,
    day: dt.date | None = None,
) -> Picture:
    """Both feet from above, each toe coloured and marked by its self-test answer.

    `answers` maps ("left" | "right", toe 1-5) to "alone", "follow" or "cannot"; a missing
    toe is drawn grey with "?". The feet appear as the patient sees them looking down: left
    foot on the left, big toes on the inner side. `previous`, the test before (same shape):
    each toe whose answer changed gets a thick outline and a ▲ (better) or ▼ (worse) badge.
    `day`: the test's date, drawn under the title.

    `labels` keys (all required, plain text):
      "left", "right"            foot names drawn under the feet
      "alone", "follow", "cannot", "unanswered"
                                 legend entries ("unanswered" is drawn only when needed)
      "better", "worse"          legend entries of the change badges (drawn when needed)
      "map_date"                 the date line; field {date}
      "alt_foot_map"             alt-text format string; fields: {left_alone} {right_alone}
                                 {total} (toes lifting alone), {answered} {missing} (toes),
                                 {left_not_alone} {right_not_alone} (toe numbers, e.g.
                                 "2, 3", or "-" when none)
      "alt_changes"              appended to the alt text when `previous` is given; fields
                                 {better} {worse} (numbers of toes)
      "months", "date_format"    optional, see `bot.render.canvas.date_label`

    Raises KeyError when a label is missing, ValueError on an unknown answer.
    """
    check_labels(labels, FOOT_MAP_KEYS)
    states = {(foot, toe): _state(answers, foot, toe) for foot in _FEET for toe in TOES}
    changes = changed_toes(answers, previous) if previous is not None else {}
    alone = {foot: sum(1 for toe in TOES if states[(foot, toe)] == "alone") for foot in _FEET}
    missing = sum(1 for state in states.values() if state == "unanswered")

    fig = new_figure()
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    # One data unit per pixel; the axes fill the figure, so circles stay round.
    ax.set_xlim(0, WIDTH_PX)
    ax.set_ylim(0, HEIGHT_PX)
    ax.axis("off")
    _draw_heading(ax, title, labels, day)
    for foot, cx in _FOOT_X.items():
        _draw_foot(ax, foot, cx=cx, states=states, changes=changes)
        _draw_foot_name(ax, foot, cx, labels[foot], alone[foot])

    legend_states = [*STATES, "unanswered"] if missing else list(STATES)
    present = [kind for kind in CHANGES if kind in changes.values()]
    # The changes' legend goes right of the states' when their words fit there on one line,
    # else under them.
    narrow = _CHANGE_COLUMN_X - 40
    beside = bool(present) and all(_one_line(ax, labels[st], narrow - 172) for st in legend_states)
    right = narrow if beside else WIDTH_PX - 30
    bottom = _draw_legend(ax, legend_states, labels, top=_LEGEND_TOP, text_right=right)
    if present:
        top, x = (_LEGEND_TOP, _CHANGE_COLUMN_X) if beside else (bottom, 120.0)
        draw_change_legend(ax, present, labels, top=top, x_badge=x)
    return Picture(png=png(fig), alt_text=_alt_text(states, labels, changes, previous))


def _draw_heading(ax: Axes, title: str, labels: Mapping[str, str], day: dt.date | None) -> None:
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
    if day is None:
        return
    line = ax.text(
        WIDTH_PX / 2,
        HEIGHT_PX - 30 - height(heading) - 8,
        labels["map_date"].format(date=date_label(day, labels)),
        ha="center",
        va="top",
        fontsize=LABEL_PT,
        color="#444444",
        parse_math=False,
    )
    fit(line, WIDTH_PX - 60)


def _alt_text(
    states: Mapping[tuple[str, int], str],
    labels: Mapping[str, str],
    changes: Mapping[tuple[str, int], Change],
    previous: object,
) -> str:
    alone = {f: sum(1 for t in TOES if states[(f, t)] == "alone") for f in _FEET}
    not_alone = {f: [t for t in TOES if states[(f, t)] in ("follow", "cannot")] for f in _FEET}
    missing = sum(1 for state in states.values() if state == "unanswered")
    alt = labels["alt_foot_map"].format(
        left_alone=alone["left"],
        right_alone=alone["right"],
        total=alone["left"] + alone["right"],
        answered=10 - missing,
        missing=missing,
        left_not_alone=_toe_list(not_alone["left"]),
        right_not_alone=_toe_list(not_alone["right"]),
    )
    if previous is None:
        return alt
    worse = sum(1 for kind in changes.values() if kind == "worse")
    return f"{alt} " + labels["alt_changes"].format(better=len(changes) - worse, worse=worse)


def _draw_foot(
    ax: Axes,
    foot: str,
    *,
    cx: float,
    states: Mapping[tuple[str, int], str],
    changes: Mapping[tuple[str, int], Change],
) -> None:
    """One foot: the sole and the five toes."""
    from matplotlib.patches import Polygon

    # The table describes a right foot; mirror it for the left so big toes face inwards.
    mirror = -1.0 if foot == "left" else 1.0
    sole = [(cx + mirror * x, _TOE_ROW_Y + y) for x, y in SOLE]
    ax.add_patch(
        Polygon(
            smooth_closed(sole),
            closed=True,
            facecolor=SOLE_FILL,
            edgecolor="#6B6B6B",
            linewidth=3,
            zorder=1,
        )
    )
    for toe, (x, y, width, toe_height) in TOES.items():
        centre = (cx + mirror * x, _TOE_ROW_Y + y)
        _draw_toe(ax, toe, centre, (width, toe_height), states[(foot, toe)])
        change = changes.get((foot, toe))
        if change is not None:
            draw_change(ax, centre, (width, toe_height), change)


def _draw_foot_name(ax: Axes, foot: str, cx: float, name_text: str, alone: int) -> None:
    """The foot's name and its count of toes lifting alone, under the sole."""
    name = ax.text(
        cx,
        _TOE_ROW_Y - 545,
        name_text,
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
        _TOE_ROW_Y - 605,
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


def _one_line(ax: Axes, words: str, width: float) -> bool:
    text = ax.text(0, 0, words, fontsize=LABEL_PT, parse_math=False)
    lines = fit(text, width, min_pt=LABEL_PT)
    text.remove()
    return lines == 1


def _draw_legend(
    ax: Axes, states: Sequence[str], labels: Mapping[str, str], *, top: float, text_right: float
) -> float:
    """Symbol-in-a-circle rows with their words, drawn like the toes they explain; returns
    where the rows end."""
    from matplotlib.patches import Circle

    radius, x_circle, x_text, line_px = 28.0, 120.0, 172.0, 50.0
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
        lines = fit(words, text_right - x_text)
        row = max(2 * radius + 12, lines * line_px + 12)
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
    return y
