"""The progress chart: self-test scores over time above, exercise days per week below.

Pure drawing (see `bot.render.canvas` for the phone-size reasoning); every word comes from
`labels`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from bot.render.canvas import (
    BAR_COLOUR,
    HEIGHT_PX,
    INK,
    LABEL_PT,
    LEFT_COLOUR,
    RIGHT_COLOUR,
    SMALL_PT,
    TARGET_COLOUR,
    TITLE_PT,
    WIDTH_PX,
    Picture,
    check_labels,
    date_label,
    fit,
    fy,
    height,
    integer_ticks,
    new_figure,
    png,
    style_axes,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

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

# Layout in pixels from the top edge; the panel heights share whatever the measured headings
# and legends leave, so long labels in any language push the panels rather than overlap them.
_MARGIN_X = 65.0  # headings and legends start here
_AXES_LEFT, _AXES_RIGHT = 130.0, 995.0  # room for y tick labels; the last date label fits
_TICKS_BELOW = 80.0  # x tick labels under each panel
_PANEL_GAP = 115.0  # from the top panel's frame to the lower heading, tick labels included
_BOTTOM = HEIGHT_PX - _TICKS_BELOW - 10.0
_SCORE_SHARE = 0.47  # of the height left for the two panels

# Left: solid blue line, big hollow circles; right: dashed vermillion, small filled squares.
# When both feet score the same, the square sits inside the circle and both stay visible.
_LEFT_STYLE: Mapping[str, Any] = {
    "color": LEFT_COLOUR,
    "linestyle": "-",
    "linewidth": 3.5,
    "marker": "o",
    "markersize": 17,
    "markerfacecolor": "white",
    "markeredgewidth": 3.5,
}
_RIGHT_STYLE: Mapping[str, Any] = {
    "color": RIGHT_COLOUR,
    "linestyle": (0, (5, 3)),
    "linewidth": 3.5,
    "marker": "s",
    "markersize": 9,
}
_TARGET_STYLE: Mapping[str, Any] = {
    "color": "black",
    "linestyle": (0, (6, 4)),
    "linewidth": 2.5,
}


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
    check_labels(labels, PROGRESS_KEYS)
    _check_values(points, adherence)

    fig = new_figure()
    heading = fig.text(
        0.5,
        fy(25.0),
        title,
        ha="center",
        va="top",
        fontsize=TITLE_PT,
        fontweight="bold",
        color=INK,
        parse_math=False,
    )
    fit(heading, WIDTH_PX - 60, min_pt=LABEL_PT)
    cursor = 25.0 + height(heading) + 30.0

    score_entries, target_entry = _entries(labels, with_scores=bool(points))
    # Measure the lower header first (then drop it) so the panel heights can be shared out.
    lower_height = _header(fig, 0.0, labels["days_axis"], [target_entry], keep=False)
    score_top = _header(fig, cursor, labels["score_axis"], score_entries)
    room = _BOTTOM - score_top - _PANEL_GAP - lower_height
    score_bottom = score_top + room * _SCORE_SHARE
    days_top = _header(fig, score_bottom + _PANEL_GAP, labels["days_axis"], [target_entry])

    score_ax = fig.add_axes(_axes_rect(score_top, score_bottom))
    _score_panel(score_ax, points, labels)
    days_ax = fig.add_axes(_axes_rect(days_top, _BOTTOM))
    _adherence_panel(days_ax, adherence, labels)
    return Picture(png=png(fig), alt_text=_alt_text(points, adherence, labels))


def _entries(
    labels: Mapping[str, str], *, with_scores: bool
) -> tuple[list[tuple[Any, str]], tuple[Any, str]]:
    """Legend entries: the two score lines (when there are tests) and the target band."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    score_entries: list[tuple[Any, str]] = (
        [
            (Line2D([], [], **_LEFT_STYLE), labels["left"]),
            (Line2D([], [], **_RIGHT_STYLE), labels["right"]),
        ]
        if with_scores
        else []
    )
    target_entry = (
        (Patch(facecolor=TARGET_COLOUR, alpha=0.13), Line2D([], [], **_TARGET_STYLE)),
        labels["target"],
    )
    return score_entries, target_entry


def _check_values(
    points: Sequence[tuple[dt.date, int, int]], adherence: Sequence[tuple[dt.date, int]]
) -> None:
    for day, left, right in points:
        if not (0 <= left <= 5 and 0 <= right <= 5):
            raise ValueError(f"scores must be 0-5, got {left}, {right} on {day}")
    for _, days in adherence:
        if not 0 <= days <= 7:
            raise ValueError(f"days per week must be 0-7, got {days}")


def _alt_text(
    points: Sequence[tuple[dt.date, int, int]],
    adherence: Sequence[tuple[dt.date, int]],
    labels: Mapping[str, str],
) -> str:
    weeks = len(adherence)
    avg_days = round(sum(d for _, d in adherence) / weeks, 1) if weeks else 0.0
    on_target = sum(1 for _, d in adherence if d >= TARGET_DAYS)
    if not points:
        return labels["alt_progress_no_tests"].format(
            weeks=weeks, avg_days=avg_days, weeks_on_target=on_target
        )
    _, first_left, first_right = points[0]
    _, latest_left, latest_right = points[-1]
    return labels["alt_progress"].format(
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


def _axes_rect(top_px: float, bottom_px: float) -> tuple[float, float, float, float]:
    return (
        _AXES_LEFT / WIDTH_PX,
        fy(bottom_px),
        (_AXES_RIGHT - _AXES_LEFT) / WIDTH_PX,
        (bottom_px - top_px) / HEIGHT_PX,
    )


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
        fy(top_px),
        heading,
        ha="left",
        va="top",
        fontsize=LABEL_PT,
        fontweight="bold",
        color=INK,
        parse_math=False,
    )
    fit(text, WIDTH_PX - _MARGIN_X - 30)
    y = top_px + height(text) + 10.0
    drawn: list[Any] = [text]
    if entries:
        legend = _legend(fig, y, entries, ncol=len(entries))
        if legend.get_window_extent().width > WIDTH_PX - _MARGIN_X - 20:
            # Side by side does not fit: one entry a line, each label wrapped to the width.
            legend.remove()
            legend = _legend(fig, y, entries, ncol=1, wrap_px=WIDTH_PX - _MARGIN_X - 180)
        y += height(legend) + 12.0
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
        bbox_to_anchor=(_MARGIN_X / WIDTH_PX, fy(top_px)),
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
            fit(text, wrap_px)
    return legend


def _score_panel(
    ax: Axes, points: Sequence[tuple[dt.date, int, int]], labels: Mapping[str, str]
) -> None:
    style_axes(ax)
    ax.set_ylim(-0.35, 5.35)
    integer_ticks(ax, 5, sparse=(0, 5))

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
        fit(message, (_AXES_RIGHT - _AXES_LEFT) * 0.9, min_pt=LABEL_PT)
        return

    xs = [day.toordinal() for day, _, _ in points]
    ax.plot(xs, [left for _, left, _ in points], zorder=3, clip_on=False, **_LEFT_STYLE)
    ax.plot(xs, [right for _, _, right in points], zorder=4, clip_on=False, **_RIGHT_STYLE)
    # Pad the x range (at least a few days) so end markers are not cut by the frame, and a
    # single test sits in the middle of a two-week axis.
    span = max(xs) - min(xs)
    pad = max(span * 0.06, 3.0) if span else 7.0
    lo, hi = min(xs) - pad, max(xs) + pad
    ax.set_xlim(lo, hi)
    ticks = _score_ticks(xs, lo, hi)
    ax.set_xticks(ticks)
    ax.set_xticklabels([date_label(dt.date.fromordinal(t), labels) for t in ticks])


def _adherence_panel(
    ax: Axes, adherence: Sequence[tuple[dt.date, int]], labels: Mapping[str, str]
) -> None:
    style_axes(ax)
    # Room above 7 for the day counts written on top of the bars.
    ax.set_ylim(0, 8.2)
    integer_ticks(ax, 7, sparse=(0, TARGET_DAYS, 7), grid=False)
    ax.axhspan(TARGET_DAYS, 7, color=TARGET_COLOUR, alpha=0.13, linewidth=0, zorder=0)
    ax.axhline(TARGET_DAYS, zorder=2, **_TARGET_STYLE)

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
            date_label(start, labels) if (n - 1 - i) % 2 == 0 else ""
            for i, (start, _) in enumerate(adherence)
        ]
    )
    ax.tick_params(axis="x", length=0)
