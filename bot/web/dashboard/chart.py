"""The patient page's self-test chart as SVG: toes lifting alone (of 5) per foot at each
test, dated along a time axis. Drawn here as text, not with matplotlib: small, sharp at any
size, instant. The words are the pictures' texts (`charts.*`).

Scale-friendly: everything is in a small viewBox (400 wide), so at a phone's width (about
330 CSS px) the text is still ~12 px; an embedded stylesheet shrinks the text in steps when
the picture is shown wider (media queries inside an SVG image answer to the picture's own
size), so it is never huge on a desktop either. Every label stays inside the box: the first
date is anchored at its start, the last at its end, and dates in between are drawn only where
they do not collide with one already drawn.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from xml.sax.saxutils import escape

from bot.content import Texts

__all__ = ["HEIGHT", "WIDTH", "selftest_svg"]

WIDTH, HEIGHT = 400, 230
# Font size in viewBox units the layout is computed for (the largest the stylesheet uses).
FONT = 14
# A generous average glyph width for sans-serif text, in em: labels are measured with it so
# they never overlap even in a wide font.
EM_WIDTH = 0.62
GAP = 10
LEFT, RIGHT, BOTTOM = 26, 10, 30
# Room for the dots at either end of the plot, so none is cut by the axis or the box edge.
INSET = 8
TOES = 5
TEXT_COLOUR = "#1c1c1e"
# The two feet's lines: distinguishable without colour too (dashed right foot).
_SERIES = (("left", "#1f6feb", ""), ("right", "#c25e00", ' stroke-dasharray="6 4"'))
# Smaller text when shown wider than a phone (CSS px of the picture itself).
_STYLE = (
    "<style>"
    f"text{{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;"
    f"font-size:{FONT}px;fill:{TEXT_COLOUR}}}"
    ".title{font-weight:600}"
    "@media (min-width:480px){text{font-size:11px}}"
    "@media (min-width:640px){text{font-size:9px}}"
    "</style>"
)


def _width(text: str, size: float = FONT) -> float:
    """A safe estimate of how wide `text` is drawn at `size` (viewBox units)."""
    return len(text) * size * EM_WIDTH


def _attr(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def _y(top: float, value: int) -> float:
    return top + (HEIGHT - top - BOTTOM) * (1 - value / TOES)


def _xs(days: Sequence[dt.date]) -> list[float]:
    """Each test's x: by date (weeks apart look weeks apart); one day only: the middle."""
    lo, hi = LEFT + INSET, WIDTH - RIGHT - INSET
    first, span = days[0], (days[-1] - days[0]).days
    if span <= 0:
        return [(lo + hi) / 2 for _ in days]
    return [lo + (hi - lo) * (day - first).days / span for day in days]


def _date_labels(days: Sequence[dt.date], xs: Sequence[float]) -> list[tuple[float, str, str]]:
    """(x, anchor, text) of the dates to draw: the newest always, the oldest and those in
    between only where they fit beside the ones already kept."""
    n = len(days)
    if xs[0] == xs[-1]:
        return [(xs[-1], "middle", days[-1].isoformat())]

    def extent(i: int) -> tuple[float, float, str]:
        w = _width(days[i].isoformat())
        if i == 0:
            return xs[i], xs[i] + w, "start"
        if i == n - 1:
            return xs[i] - w, xs[i], "end"
        return xs[i] - w / 2, xs[i] + w / 2, "middle"

    last_lo, _, last_anchor = extent(n - 1)
    kept = [(n - 1, last_anchor)]
    right_edge = -1.0
    for i in range(n - 1):
        lo, hi, anchor = extent(i)
        if days[i] == days[-1] or lo < right_edge + GAP or hi > last_lo - GAP:
            continue
        kept.append((i, anchor))
        right_edge = hi
    return sorted((xs[i], anchor, days[i].isoformat()) for i, anchor in kept)


def selftest_svg(points: Sequence[tuple[dt.date, int, int]], *, texts: Texts, title: str) -> str:
    """An SVG line chart of (local date, left, right) scores, oldest first; a line saying
    there is no test yet when `points` is empty."""
    t = texts.entries
    heading = t["charts.score_axis"]
    legend = [(t["charts." + foot], colour, dash) for foot, colour, dash in _SERIES]
    # The legend beside the heading when both fit on one line, else on a line of its own.
    legend_width = sum(22 + _width(words) + 14 for words, _, _ in legend)
    one_line = _width(heading) + GAP + legend_width <= WIDTH - 8
    legend_y = 18 if one_line else 40
    top = legend_y + 18
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" '
        f'aria-label="{_attr(title)}: {_attr(heading)}">',
        _STYLE,
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        f'<text class="title" x="4" y="18">{escape(heading)}</text>',
    ]
    for value in range(TOES + 1):
        y = _y(top, value)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            'stroke="#1c1c1e" stroke-opacity="0.15"/>'
            f'<text x="{LEFT - 6}" y="{y + 5:.1f}" text-anchor="end">{value}</text>'
        )
    if not points:
        parts.append(
            f'<text x="{WIDTH / 2}" y="{(top + HEIGHT - BOTTOM) / 2}" text-anchor="middle">'
            f"{escape(t['charts.no_tests'])}</text></svg>"
        )
        return "".join(parts)
    days = [day for day, _, _ in points]
    xs = _xs(days)
    for x, anchor, words in _date_labels(days, xs):
        parts.append(
            f'<text x="{x:.1f}" y="{HEIGHT - 8}" text-anchor="{anchor}">{escape(words)}</text>'
        )
    lx = WIDTH - 4 - legend_width if one_line else 4.0
    for index, (_, colour, dash) in enumerate(_SERIES):
        coords = [
            (x, _y(top, (left, right)[index]))
            for x, (_, left, right) in zip(xs, points, strict=True)
        ]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"'
            f' vector-effect="non-scaling-stroke"{dash}/>'
        )
        parts += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>' for x, y in coords]
        words = legend[index][0]
        parts.append(
            f'<line x1="{lx:.1f}" x2="{lx + 18:.1f}" y1="{legend_y - 5}" y2="{legend_y - 5}" '
            f'stroke="{colour}" stroke-width="2.5"{dash}/>'
            f'<text x="{lx + 22:.1f}" y="{legend_y}">{escape(words)}</text>'
        )
        lx += 22 + _width(words) + 14
    parts.append("</svg>")
    return "".join(parts)
