"""What changed since the previous self-test, and how the foot map marks it: a thick outline
and a badge (blue, pointing up: better; black, pointing down: worse), explained in a legend.

Pure drawing; every word comes from `labels`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Literal

from bot.render.canvas import BETTER_COLOUR, INK, LABEL_PT, RANKS, WIDTH_PX, WORSE_COLOUR, fit
from bot.render.feet import TOES

if TYPE_CHECKING:
    from matplotlib.axes import Axes

Change = Literal["better", "worse"]
CHANGES: tuple[Change, Change] = ("better", "worse")
CHANGE_COLOURS: Mapping[str, str] = {"better": BETTER_COLOUR, "worse": WORSE_COLOUR}


def changed_toes(
    answers: Mapping[tuple[str, int], str], previous: Mapping[tuple[str, int], str]
) -> dict[tuple[str, int], Change]:
    """Toes answered in both tests whose answer moved: "better" or "worse" in control."""
    out: dict[tuple[str, int], Change] = {}
    for foot in ("left", "right"):
        for toe in TOES:
            now, before = str(answers.get((foot, toe))), str(previous.get((foot, toe)))
            if now in RANKS and before in RANKS and now != before:
                out[(foot, toe)] = "better" if RANKS[now] > RANKS[before] else "worse"
    return out


def draw_change(
    ax: Axes, centre: tuple[float, float], size: tuple[float, float], change: Change
) -> None:
    """A changed toe: a thick outline in the change's colour and a badge under the toe."""
    from matplotlib.patches import Ellipse

    width, toe_height = size
    colour = CHANGE_COLOURS[change]
    ax.add_patch(
        Ellipse(
            centre,
            width + 10,
            toe_height + 10,
            facecolor="none",
            edgecolor=colour,
            linewidth=5,
            zorder=3.5,
        )
    )
    # Under the toe the sole is plain, and the badges of neighbouring toes do not touch.
    _badge(ax, (centre[0], centre[1] - toe_height / 2 - 30), change)


def _badge(ax: Axes, centre: tuple[float, float], change: Change) -> None:
    """A round badge with a white triangle, up for better, down for worse."""
    import math

    from matplotlib.patches import Circle, RegularPolygon

    colour = CHANGE_COLOURS[change]
    ax.add_patch(Circle(centre, 26, facecolor=colour, edgecolor="white", linewidth=2, zorder=5))
    # A drawn triangle, not the ▲ glyph: it stays centred inside the badge at any font size.
    up = change == "better"
    x, y = centre[0], centre[1] + (3.0 if up else -3.0)
    ax.add_patch(
        RegularPolygon(
            (x, y),
            3,
            radius=16,
            orientation=0.0 if up else math.pi,
            facecolor="white",
            edgecolor="none",
            zorder=6,
        )
    )


def draw_change_legend(
    ax: Axes, kinds: Sequence[Change], labels: Mapping[str, str], *, top: float, x_badge: float
) -> None:
    """The badges and their words, one row each."""
    x_text, row = x_badge + 42, 68.0
    y = top
    for kind in kinds:
        words = ax.text(
            x_text,
            0,
            labels[kind],
            ha="left",
            va="center",
            fontsize=LABEL_PT,
            color=INK,
            parse_math=False,
        )
        lines = fit(words, WIDTH_PX - x_text - 30)
        height_px = max(row, lines * 50.0 + 12)
        centre_y = y - height_px / 2
        words.set_y(centre_y)
        _badge(ax, (x_badge, centre_y), kind)
        y -= height_px
