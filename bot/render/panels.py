"""The progress chart's panels: toe states (or scores) per test, and exercise days per week.

Both panels share one date axis (ordinal days), so a test and the week it fell in line up.
Pure drawing; every word comes from `labels`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from bot.render.canvas import (
    BAR_COLOUR,
    COLOURS,
    HATCHES,
    INK,
    LABEL_PT,
    LEFT_COLOUR,
    RIGHT_COLOUR,
    SMALL_PT,
    STATES,
    TARGET_COLOUR,
    WIDTH_PX,
    date_label,
    fit,
    integer_ticks,
    style_axes,
)

__all__ = ["TARGET_DAYS", "integer_ticks", "style_axes"]

if TYPE_CHECKING:
    from matplotlib.axes import Axes

TARGET_DAYS = 5  # the article: "Perform foot exercises 5-7 days per week"
TestAnswers = tuple[dt.date, Mapping[tuple[str, int], str]]
# A first week alone would be one bar as wide as the phone: the axis shows four weeks at least.
MIN_SPAN_DAYS = 28

# Left: solid blue line, big hollow circles; right: dashed vermillion, small filled squares.
# When both feet score the same, the square sits inside the circle and both stay visible.
LEFT_STYLE: Mapping[str, Any] = {
    "color": LEFT_COLOUR,
    "linestyle": "-",
    "linewidth": 3.5,
    "marker": "o",
    "markersize": 17,
    "markerfacecolor": "white",
    "markeredgewidth": 3.5,
}
RIGHT_STYLE: Mapping[str, Any] = {
    "color": RIGHT_COLOUR,
    "linestyle": (0, (5, 3)),
    "linewidth": 3.5,
    "marker": "s",
    "markersize": 9,
}
TARGET_STYLE: Mapping[str, Any] = {"color": "black", "linestyle": (0, (6, 4)), "linewidth": 2.5}


def state_style(state: str) -> dict[str, Any]:
    """Fill and hatching of a state's bar segment (and its legend entry)."""
    return {
        "facecolor": COLOURS[state],
        "hatch": HATCHES[state],
        "edgecolor": INK,
        "hatchcolor": "#3A3A3A",
        "linewidth": 1.5,
    }


def state_counts(answers: Mapping[tuple[str, int], str]) -> dict[str, int]:
    """How many of the ten toes are in each state ("alone", "follow", "cannot")."""
    values = [
        str(answers[(f, t)]) for f in ("left", "right") for t in range(1, 6) if (f, t) in answers
    ]
    unknown = sorted(set(values) - set(STATES))
    if unknown:
        raise ValueError(f"unknown answers: {', '.join(unknown)}")
    return {state: values.count(state) for state in STATES}


def date_range(days: Sequence[dt.date], weeks: Sequence[dt.date]) -> tuple[float, float]:
    """The shared x range: every test bar and every whole week, at least `MIN_SPAN_DAYS`.

    A short history (a patient's first days) is padded on the right, the days to come,
    never before its start: weeks before enrolment are not the patient's.
    """
    starts = [d.toordinal() - 2 for d in days] + [w.toordinal() for w in weeks]
    ends = [d.toordinal() + 3 for d in days] + [w.toordinal() + 7 for w in weeks]
    if not starts:
        return (0.0, float(MIN_SPAN_DAYS))
    lo = min(starts) - 0.5
    if weeks and days and min(days) >= min(weeks):
        # Tests within the weeks shown: start with the first week, leaving room for a bar
        # on its Monday, rather than at a test's padding.
        lo = min(weeks).toordinal() - 1.5
    return (lo, max(max(ends) + 0.5, lo + MIN_SPAN_DAYS))


def week_ticks(
    weeks: Sequence[dt.date], days: Sequence[dt.date], lo: float, hi: float
) -> list[int]:
    """The Mondays of the weeks to label, counting back from the latest week: evenly spaced,
    at most four on the axis (a "23 Nov" label at 18 pt is about 140 px wide)."""
    if weeks:
        anchor = weeks[-1]
    elif days:
        anchor = max(days) - dt.timedelta(days=max(days).weekday())
    else:
        return []
    step = max(1, math.ceil((hi - lo) / 7 / 4))
    ticks: list[int] = []
    tick = anchor.toordinal()
    while tick >= lo:
        ticks.append(tick)
        tick -= 7 * step
    return sorted(ticks)


def _date_axis(
    ax: Axes, lo: float, hi: float, ticks: Sequence[int], labels: Mapping[str, str]
) -> None:
    # Each week is labelled under its middle with the date of its first day, in both panels,
    # so a test's bar sits above the week it fell in.
    ax.set_xlim(lo, hi)
    ax.set_xticks([t + 3.5 for t in ticks])
    ax.set_xticklabels([date_label(dt.date.fromordinal(t), labels) for t in ticks])
    ax.tick_params(axis="x", length=0)


def no_tests(ax: Axes, labels: Mapping[str, str], width_px: float) -> None:
    """The top panel without any test: one line of text in its middle."""
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
    fit(message, width_px * 0.9, min_pt=LABEL_PT)


def score_panel(
    ax: Axes,
    points: Sequence[tuple[dt.date, int, int]],
    x_axis: tuple[float, float, Sequence[int]],
    labels: Mapping[str, str],
) -> None:
    """Toes lifting alone per foot, one line each (when no answers per toe were given)."""
    style_axes(ax)
    ax.set_ylim(-0.35, 5.35)
    integer_ticks(ax, 5, sparse=(0, 5))
    xs = [day.toordinal() + 0.5 for day, _, _ in points]
    ax.plot(xs, [left for _, left, _ in points], zorder=3, clip_on=False, **LEFT_STYLE)
    ax.plot(xs, [right for _, _, right in points], zorder=4, clip_on=False, **RIGHT_STYLE)
    _date_axis(ax, *x_axis, labels)


def states_panel(
    ax: Axes,
    tests: Sequence[TestAnswers],
    x_axis: tuple[float, float, Sequence[int]],
    labels: Mapping[str, str],
) -> None:
    """One stacked bar per test: toes lifting alone at the bottom, then others follow, then
    cannot lift; the count written in each segment when the bar is wide enough."""
    style_axes(ax)
    ax.set_ylim(0, 10.4)
    integer_ticks(ax, 10, sparse=(0, 5, 10))
    lo, hi, _ = x_axis
    xs = [day.toordinal() + 0.5 for day, _ in tests]
    gaps = [b - a for a, b in itertools.pairwise(xs) if b > a]
    width = min(4.0, max(0.8, 0.7 * min(gaps, default=4.0)))
    px_per_day = ax.get_position().width * WIDTH_PX / (hi - lo)
    counts = [state_counts(answers) for _, answers in tests]
    bottom = [0] * len(tests)
    for state in STATES:
        heights = [c[state] for c in counts]
        ax.bar(xs, heights, width=width, bottom=bottom, zorder=2, **state_style(state))
        if width * px_per_day >= 34:
            for x, base, n in zip(xs, bottom, heights, strict=True):
                if n:
                    _segment_count(ax, x, base + n / 2, n)
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    _date_axis(ax, *x_axis, labels)


def _segment_count(ax: Axes, x: float, y: float, n: int) -> None:
    # A white box keeps the digit readable over the hatching.
    ax.text(
        x,
        y,
        str(n),
        ha="center",
        va="center",
        fontsize=SMALL_PT,
        fontweight="bold",
        color=INK,
        zorder=4,
        bbox={"boxstyle": "round,pad=0.12", "facecolor": "white", "edgecolor": "none"},
    )


def adherence_panel(
    ax: Axes,
    adherence: Sequence[tuple[dt.date, int]],
    x_axis: tuple[float, float, Sequence[int]],
    labels: Mapping[str, str],
) -> None:
    """Days with a completed drill, one bar spanning each week from its first day."""
    style_axes(ax)
    # Room above 7 for the day counts written on top of the bars.
    ax.set_ylim(0, 8.2)
    integer_ticks(ax, 7, sparse=(0, TARGET_DAYS, 7), grid=False)
    ax.axhspan(TARGET_DAYS, 7, color=TARGET_COLOUR, alpha=0.13, linewidth=0, zorder=0)
    ax.axhline(TARGET_DAYS, zorder=2, **TARGET_STYLE)
    starts = [start.toordinal() + 0.6 for start, _ in adherence]
    ax.bar(
        starts,
        [days for _, days in adherence],
        width=5.8,
        align="edge",
        color=BAR_COLOUR,
        edgecolor="#1F4E6B",
        linewidth=1.5,
        zorder=1,
    )
    lo, hi, ticks = x_axis
    # The count on each bar: exact values without reading the grid, where digits fit.
    counted = adherence if ax.get_position().width * WIDTH_PX * 7 / (hi - lo) >= 44 else []
    for x, (_, days) in zip(starts, counted, strict=False):
        ax.text(
            x + 2.9,
            days + 0.25,
            str(days),
            ha="center",
            va="bottom",
            fontsize=SMALL_PT,
            fontweight="bold",
            color=INK,
            zorder=3,
        )
    _date_axis(ax, lo, hi, ticks, labels)
