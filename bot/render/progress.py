"""The progress chart: self-test scores over time above, exercise days per week below.

Pure drawing (see `bot.render.canvas` for the phone-size reasoning); every word comes from
`labels`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from bot.render import panels
from bot.render.canvas import (
    HEIGHT_PX,
    INK,
    LABEL_PT,
    SMALL_PT,
    STATES,
    TARGET_COLOUR,
    TITLE_PT,
    WIDTH_PX,
    Picture,
    check_labels,
    fit,
    fy,
    height,
    new_figure,
    png,
)
from bot.render.panels import TARGET_DAYS, TestAnswers

if TYPE_CHECKING:
    from matplotlib.figure import Figure

PROGRESS_KEYS = (
    "left",
    "right",
    "alone",
    "follow",
    "cannot",
    "score_axis",
    "states_axis",
    "days_axis",
    "no_tests",
    "target",
    "alt_progress",
    "alt_progress_no_tests",
)

# Layout in pixels from the top edge; the panel heights share whatever the measured headings
# and legends leave, so long labels in any language push the panels rather than overlap them.
_MARGIN_X = 65.0  # headings and legends start here
_AXES_LEFT, _AXES_RIGHT = 130.0, 995.0  # room for y tick labels; the last date label fits
_TICKS_BELOW = 80.0  # x tick labels under each panel
_PANEL_GAP = 115.0  # from the top panel's frame to the lower heading, tick labels included
_BOTTOM = HEIGHT_PX - _TICKS_BELOW - 10.0
_SCORE_SHARE = 0.47  # of the height left for the two panels
_WEEK = dt.timedelta(days=7)


def progress_chart(
    *,
    points: Sequence[tuple[dt.date, int, int]],
    adherence: Sequence[tuple[dt.date, int]],
    title: str,
    labels: Mapping[str, str],
    tests: Sequence[TestAnswers] = (),
    since: dt.date | None = None,
) -> Picture:
    """Two stacked panels on one date axis: the self-tests, and exercise days per week.

    `points`: (test date, left score 0-5, right score 0-5), oldest first; may be empty.
    `adherence`: (week start, days with a completed drill 0-7), oldest first.
    `tests`: (test date, answers as for `foot_map`), oldest first. When given, the top panel
    shows each test as a bar of the ten toes in their three states (lifts alone, others
    follow, cannot lift), so a toe moving from "cannot" to "others follow" shows; without
    them it shows the toes lifting alone per foot as two lines.
    `since`: the patient's enrolment day; weeks that ended before it are left out, and so
    are tests before the first week left (both panels cover the same days).

    `labels` keys (required unless marked optional, plain text):
      "left", "right"        legend entries for the two score lines
      "alone", "follow", "cannot"  legend entries for the three states
      "score_axis"           heading of the top panel with lines, e.g. "Toes lifting alone"
      "states_axis"          heading of the top panel with state bars
      "days_axis"            heading of the bottom panel, e.g. "Days with exercises, per week"
      "no_tests"             message shown in the top panel when there is no test
      "target"               legend entry of the reference line, e.g. "target: 5-7 days a week"
      "alt_progress"         alt-text format string; fields: {tests} {latest_left}
                             {latest_right} {latest_total} {first_left} {first_right}
                             {first_total} {latest_alone} {latest_follow} {latest_cannot}
                             {weeks} {avg_days} (one decimal) {weeks_on_target}
      "alt_progress_no_tests"  alt text when there is no test; fields: {weeks} {avg_days}
                             {weeks_on_target}
      "months", "date_format"  optional, see `bot.render.canvas.date_label`

    Headings are drawn above the panels rather than as rotated axis titles: a sideways label
    is hard to read on a phone. Weeks are labelled by their first day.
    """
    check_labels(labels, PROGRESS_KEYS)
    _check_values(points, adherence)
    drawn = points
    if since is not None:
        adherence = [(start, d) for start, d in adherence if start + _WEEK > since]
    if since is not None and adherence:
        # One range for both panels: older tests stay in the alt text, not in the picture.
        drawn = [p for p in points if p[0] >= adherence[0][0]]
        tests = [t for t in tests if t[0] >= adherence[0][0]]
    days = [day for day, _, _ in drawn] + [day for day, _ in tests]
    weeks = [start for start, _ in adherence]
    lo, hi = panels.date_range(days, weeks)
    x_axis = (lo, hi, panels.week_ticks(weeks, days, lo, hi))

    fig = new_figure()
    cursor = _title(fig, title)
    top_entries, target_entry = _entries(labels, lines=bool(points) and not tests, bars=bool(tests))
    top_heading = labels["states_axis" if tests else "score_axis"]
    # Measure the lower header first (then drop it) so the panel heights can be shared out.
    lower_height = _header(fig, 0.0, labels["days_axis"], [target_entry], keep=False)
    score_top = _header(fig, cursor, top_heading, top_entries)
    room = _BOTTOM - score_top - _PANEL_GAP - lower_height
    score_bottom = score_top + room * _SCORE_SHARE
    days_top = _header(fig, score_bottom + _PANEL_GAP, labels["days_axis"], [target_entry])

    top_ax = fig.add_axes(_axes_rect(score_top, score_bottom))
    if tests:
        panels.states_panel(top_ax, tests, x_axis, labels)
    elif drawn:
        panels.score_panel(top_ax, drawn, x_axis, labels)
    else:
        _empty_panel(top_ax, x_axis, labels)
    days_ax = fig.add_axes(_axes_rect(days_top, _BOTTOM))
    panels.adherence_panel(days_ax, adherence, x_axis, labels)
    return Picture(png=png(fig), alt_text=_alt_text(points, tests, adherence, labels))


def _title(fig: Figure, title: str) -> float:
    """The bold title at the top; returns where the first header may start."""
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
    return 25.0 + height(heading) + 30.0


def _empty_panel(
    ax: Any, x_axis: tuple[float, float, Sequence[int]], labels: Mapping[str, str]
) -> None:
    panels.style_axes(ax)
    ax.set_ylim(-0.35, 5.35)
    panels.integer_ticks(ax, 5, sparse=(0, 5))
    ax.set_xlim(x_axis[0], x_axis[1])
    ax.set_xticks([])
    panels.no_tests(ax, labels, _AXES_RIGHT - _AXES_LEFT)


def _entries(
    labels: Mapping[str, str], *, lines: bool, bars: bool
) -> tuple[list[tuple[Any, str]], tuple[Any, str]]:
    """Legend entries: the top panel's (score lines or state bars) and the target band."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    top: list[tuple[Any, str]] = []
    if lines:
        top = [
            (Line2D([], [], **panels.LEFT_STYLE), labels["left"]),
            (Line2D([], [], **panels.RIGHT_STYLE), labels["right"]),
        ]
    elif bars:
        top = [(Patch(**panels.state_style(state)), labels[state]) for state in STATES]
    target_entry = (
        (Patch(facecolor=TARGET_COLOUR, alpha=0.13), Line2D([], [], **panels.TARGET_STYLE)),
        labels["target"],
    )
    return top, target_entry


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
    tests: Sequence[TestAnswers],
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
    latest = panels.state_counts(tests[-1][1]) if tests else {}
    return labels["alt_progress"].format(
        tests=len(points),
        latest_left=latest_left,
        latest_right=latest_right,
        latest_total=latest_left + latest_right,
        first_left=first_left,
        first_right=first_right,
        first_total=first_left + first_right,
        latest_alone=latest.get("alone", latest_left + latest_right),
        latest_follow=latest.get("follow", "-"),
        latest_cannot=latest.get("cannot", "-"),
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
        if len(entries) > 2 and legend.get_window_extent().width > WIDTH_PX - _MARGIN_X - 20:
            legend.remove()
            # matplotlib fills columns first; this order reads left to right, row by row.
            legend = _legend(fig, y, [*entries[0::2], *entries[1::2]], ncol=2)
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
