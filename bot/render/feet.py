"""The shape of a foot seen from above: toe ellipses and the sole outline, as data.

Pure geometry in pixels, no drawing; `bot.render.footmap` places and mirrors it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

# A right foot seen from above, in pixels relative to the big toe's centre; x < 0 is the inner
# (big-toe) side. The left foot is its mirror image. Toes shrink from the big toe outwards and
# step back along an arc, as real toes do.
TOES: Mapping[int, tuple[float, float, float, float]] = {
    # toe: (x, y, width, height)
    1: (-150.0, 0.0, 122.0, 150.0),
    2: (-46.0, -6.0, 82.0, 104.0),
    3: (36.0, -24.0, 74.0, 94.0),
    4: (108.0, -46.0, 66.0, 84.0),
    5: (174.0, -74.0, 60.0, 74.0),
}
# Control points of the sole outline, clockwise from the inner front; its top edge runs
# under the toes so they look attached.
SOLE: tuple[tuple[float, float], ...] = (
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


def smooth_closed(points: Sequence[tuple[float, float]], steps: int = 10) -> list[list[float]]:
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
