"""Phone pictures: the foot map and the progress chart decode, have the portrait size, show
their colours where they should, describe themselves in the alt text, and leak nothing."""

from __future__ import annotations

import datetime as dt
import gc
import io
import subprocess
import sys
import time
from collections.abc import Mapping

import pytest
from PIL import Image

from bot.domain.selftest import ToeAnswer
from bot.render import charts, panels

LABELS: Mapping[str, str] = {
    "left": "Left",
    "right": "Right",
    "alone": "lifts alone",
    "follow": "lifts, but others follow",
    "cannot": "cannot lift",
    "unanswered": "not answered yet",
    "alt_foot_map": (
        "Foot map: {left_alone} of 5 toes lift alone on the left foot, {right_alone} of 5 on "
        "the right ({total} of 10)."
    ),
    "score_axis": "Toes that lift alone (0–5)",
    "days_axis": "Days with exercises, per week",
    "no_tests": "No self-tests yet",
    "target": "target: 5–7 days a week",
    "alt_progress": (
        "{tests} self-tests; latest left {latest_left}/5, right {latest_right}/5. "
        "Last {weeks} weeks: {avg_days} exercise days a week on average."
    ),
    "alt_progress_no_tests": "No self-tests yet. Last {weeks} weeks: {avg_days} days a week.",
    "months": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
    "states_axis": "Your 10 toes at each self-test",
    "map_date": "Self-test of {date}",
    "better": "better than before",
    "worse": "worse than before",
    "alt_changes": "Since the last test: {better} better, {worse} worse.",
}
SIZE = (1080, 1350)
START = dt.date(2026, 3, 2)


def decode(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    assert image.format == "PNG"
    return image.convert("RGB")


def hex_rgb(colour: str) -> tuple[int, int, int]:
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))


def pixels_of(image: Image.Image, colour: str, box: tuple[int, int, int, int] | None = None) -> int:
    """How many pixels (in `box`, if given) are exactly `colour`: patch fills are flat."""
    region = image.crop(box) if box else image
    target = hex_rgb(colour)
    return sum(count for count, rgb in region.getcolors(maxcolors=1 << 22) or [] if rgb == target)


def green_centre_x(image: Image.Image, x0: int, x1: int) -> float:
    """Mean x of ALONE-green pixels in the toe band between x0 and x1."""
    band = image.crop((x0, 120, x1, 460))
    target = hex_rgb(charts.ALONE_COLOUR)
    data = band.load()
    assert data is not None
    xs = [x for x in range(band.width) for y in range(0, band.height, 3) if data[x, y] == target]
    assert xs, "no green toe found"
    return x0 + sum(xs) / len(xs)


def full(left: str, right: str) -> dict[tuple[str, int], str]:
    codes = {"a": "alone", "f": "follow", "c": "cannot"}
    out: dict[tuple[str, int], str] = {}
    for foot, text in (("left", left), ("right", right)):
        for toe, code in enumerate(text, start=1):
            out[(foot, toe)] = codes[code]
    return out


def weekly_points(scores: list[tuple[int, int]]) -> list[tuple[dt.date, int, int]]:
    return [
        (START + dt.timedelta(days=7 * i), left, right) for i, (left, right) in enumerate(scores)
    ]


ADHERENCE = [(START + dt.timedelta(days=7 * i), d) for i, d in enumerate([6, 5, 7, 3, 5, 6, 0, 4])]


# --- foot map ---------------------------------------------------------------------------------


def test_foot_map_is_a_portrait_png_with_every_state_colour() -> None:
    picture = charts.foot_map(full("afccf", "aaffc"), title="Your toes today", labels=LABELS)
    image = decode(picture.png)
    assert image.size == SIZE
    assert image.height > image.width
    assert len(image.getcolors(maxcolors=1 << 22) or []) > 50  # not blank
    for colour in (charts.ALONE_COLOUR, charts.FOLLOW_COLOUR, charts.CANNOT_COLOUR):
        assert pixels_of(image, colour) > 2000
    # Every toe answered: no grey toe and no "not answered" legend row (a grey toe alone
    # would be thousands of pixels; a few come from anti-aliased edges).
    assert pixels_of(image, charts.UNANSWERED_COLOUR) < 200


def test_foot_map_alt_text_gives_the_numbers() -> None:
    picture = charts.foot_map(full("afccf", "aaffc"), title="t", labels=LABELS)
    assert picture.alt_text == (
        "Foot map: 1 of 5 toes lift alone on the left foot, 2 of 5 on the right (3 of 10)."
    )
    assert "<" not in picture.alt_text


def test_foot_map_accepts_toe_answer_members() -> None:
    answers = {("left", t): ToeAnswer.ALONE for t in range(1, 6)}
    picture = charts.foot_map(answers, title="t", labels=LABELS)
    assert "5 of 5 toes" in picture.alt_text


@pytest.mark.parametrize("answers", [{}, full("af", ""), full("aaaaa", "cccc")])
def test_foot_map_draws_missing_answers_grey(answers: dict[tuple[str, int], str]) -> None:
    picture = charts.foot_map(answers, title="Half way", labels=LABELS)
    image = decode(picture.png)
    assert image.size == SIZE
    assert pixels_of(image, charts.UNANSWERED_COLOUR) > 1000


def test_all_unanswered_scores_zero() -> None:
    picture = charts.foot_map({}, title="t", labels=LABELS)
    assert "0 of 5 toes lift alone on the left foot, 0 of 5 on the right (0 of 10)" in (
        picture.alt_text
    )


def test_big_toes_are_on_the_inner_side() -> None:
    # Only the big toes lift alone: the green of each foot sits next to the middle line.
    image = decode(charts.foot_map(full("acccc", "acccc"), title="t", labels=LABELS).png)
    middle = SIZE[0] // 2
    left_green = green_centre_x(image, 0, middle)
    right_green = green_centre_x(image, middle, SIZE[0])
    assert left_green > middle * 0.65  # inner (right) part of the left half
    assert right_green < middle + middle * 0.35  # inner (left) part of the right half
    # Little toes instead: green moves to the outer edges.
    image = decode(charts.foot_map(full("cccca", "cccca"), title="t", labels=LABELS).png)
    assert green_centre_x(image, 0, middle) < middle * 0.35
    assert green_centre_x(image, middle, SIZE[0]) > middle + middle * 0.65


def test_foot_map_alt_text_follows_the_labels() -> None:
    german = {**LABELS, "alt_foot_map": "Links {left_alone}/5, rechts {right_alone}/5."}
    extra = {**LABELS, "alt_foot_map": "{left_not_alone} | {right_not_alone} | {missing}"}
    answers = full("afccf", "aaaaa")
    assert charts.foot_map(answers, title="t", labels=german).alt_text == "Links 1/5, rechts 5/5."
    assert charts.foot_map(answers, title="t", labels=extra).alt_text == "2, 3, 4, 5 | - | 0"


def test_foot_map_refuses_missing_labels_and_unknown_answers() -> None:
    with pytest.raises(KeyError, match="unanswered"):
        charts.foot_map(
            {}, title="t", labels={k: v for k, v in LABELS.items() if k != "unanswered"}
        )
    with pytest.raises(ValueError, match="maybe"):
        charts.foot_map({("left", 1): "maybe"}, title="t", labels=LABELS)


def test_long_labels_and_dollar_signs_are_drawn_as_plain_text() -> None:
    long = {
        **LABELS,
        "follow": "hebt sich, aber andere Zehen heben sich unwillkürlich und deutlich sichtbar mit",
        "left": "$left$ foot",
        "target": "Ziel: an 5–7 Tagen pro Woche üben, so wie es deine Therapeutin empfohlen hat",
        "score_axis": "Zehen, die sich einzeln anheben lassen, pro Fuß (0–5), seit dem Beginn",
    }
    title = "A very long title that will certainly not fit on a single line of the picture $x$"
    assert decode(charts.foot_map(full("f", ""), title=title, labels=long).png).size == SIZE
    chart = charts.progress_chart(
        points=weekly_points([(1, 2), (2, 2)]), adherence=ADHERENCE, title=title, labels=long
    )
    assert decode(chart.png).size == SIZE


# --- progress chart ---------------------------------------------------------------------------


def test_progress_chart_many_points() -> None:
    points = weekly_points([(1, 2), (1, 2), (2, 2), (2, 3), (2, 3), (3, 3), (3, 4), (4, 4)])
    picture = charts.progress_chart(
        points=points, adherence=ADHERENCE, title="Your progress", labels=LABELS
    )
    image = decode(picture.png)
    assert image.size == SIZE
    assert len(image.getcolors(maxcolors=1 << 22) or []) > 50
    assert pixels_of(image, charts.BAR_COLOUR) > 10000  # the bars
    assert pixels_of(image, charts.LEFT_COLOUR) > 1000  # the left line
    assert pixels_of(image, charts.RIGHT_COLOUR) > 1000  # the right line
    assert picture.alt_text == (
        "8 self-tests; latest left 4/5, right 4/5. "
        "Last 8 weeks: 4.5 exercise days a week on average."
    )


def test_progress_chart_one_point() -> None:
    picture = charts.progress_chart(
        points=weekly_points([(2, 3)]), adherence=ADHERENCE, title="t", labels=LABELS
    )
    image = decode(picture.png)
    assert image.size == SIZE
    assert pixels_of(image, charts.RIGHT_COLOUR) > 100  # the single square marker
    assert picture.alt_text.startswith("1 self-tests; latest left 2/5, right 3/5.")


def test_progress_chart_no_points_uses_its_own_alt_text() -> None:
    picture = charts.progress_chart(points=[], adherence=ADHERENCE, title="t", labels=LABELS)
    image = decode(picture.png)
    assert image.size == SIZE
    assert pixels_of(image, charts.LEFT_COLOUR) == 0  # no lines drawn
    assert picture.alt_text == "No self-tests yet. Last 8 weeks: 4.5 days a week."


def test_progress_chart_edge_inputs() -> None:
    # No adherence at all, tests on the same day, tests a day apart, a long history.
    same_day = [(START, 1, 1), (START, 2, 2)]
    close = [(START, 0, 0), (START + dt.timedelta(days=1), 5, 5)]
    long = [(START + dt.timedelta(days=3 * i), i % 6, (i * 2) % 6) for i in range(60)]
    for points in (same_day, close, long):
        for adherence in ([], ADHERENCE, [(START, 7)]):
            picture = charts.progress_chart(
                points=points, adherence=adherence, title="t", labels=LABELS
            )
            assert decode(picture.png).size == SIZE
    empty = charts.progress_chart(points=[], adherence=[], title="t", labels=LABELS)
    assert empty.alt_text == "No self-tests yet. Last 0 weeks: 0.0 days a week."


def test_progress_alt_text_follows_the_labels() -> None:
    other = {**LABELS, "alt_progress": "{first_total} -> {latest_total}; {weeks_on_target} ok"}
    picture = charts.progress_chart(
        points=weekly_points([(1, 1), (3, 4)]), adherence=ADHERENCE, title="t", labels=other
    )
    assert picture.alt_text == "2 -> 7; 5 ok"


def test_numeric_dates_without_month_names() -> None:
    labels = {k: v for k, v in LABELS.items() if k != "months"}
    picture = charts.progress_chart(
        points=weekly_points([(1, 1), (3, 4)]), adherence=ADHERENCE, title="t", labels=labels
    )
    assert decode(picture.png).size == SIZE
    with pytest.raises(ValueError, match="12"):
        charts.progress_chart(
            points=weekly_points([(1, 1)]),
            adherence=ADHERENCE,
            title="t",
            labels={**LABELS, "months": "Jan Feb"},
        )


@pytest.mark.parametrize(
    ("points", "adherence"),
    [([(START, 6, 1)], ADHERENCE), ([(START, 1, -1)], ADHERENCE), ([], [(START, 8)])],
)
def test_progress_chart_refuses_out_of_range_values(
    points: list[tuple[dt.date, int, int]], adherence: list[tuple[dt.date, int]]
) -> None:
    with pytest.raises(ValueError):
        charts.progress_chart(points=points, adherence=adherence, title="t", labels=LABELS)


def test_progress_chart_refuses_missing_labels() -> None:
    with pytest.raises(KeyError, match="target"):
        charts.progress_chart(
            points=[],
            adherence=ADHERENCE,
            title="t",
            labels={k: v for k, v in LABELS.items() if k != "target"},
        )


# --- resources --------------------------------------------------------------------------------


def test_many_calls_leak_no_figures() -> None:
    import matplotlib.figure
    import matplotlib.pyplot as plt

    points = weekly_points([(1, 2), (2, 2), (3, 3)])
    for i in range(15):  # 30 pictures in all
        charts.foot_map(full("afc", "ca"), title=f"t{i}", labels=LABELS)
        charts.progress_chart(points=points, adherence=ADHERENCE, title=f"t{i}", labels=LABELS)
    gc.collect()
    assert plt.get_fignums() == []
    alive = [o for o in gc.get_objects() if isinstance(o, matplotlib.figure.Figure)]
    assert alive == []


def test_pictures_are_fast_enough() -> None:
    points = weekly_points([(1, 2), (2, 2), (3, 3), (3, 4)])
    charts.foot_map({}, title="warm-up", labels=LABELS)  # imports and font cache
    started = time.perf_counter()
    for _ in range(3):
        charts.foot_map(full("afcaf", "aaffc"), title="t", labels=LABELS)
        charts.progress_chart(points=points, adherence=ADHERENCE, title="t", labels=LABELS)
    per_picture = (time.perf_counter() - started) / 6
    # The target is 0.5 s; the bound is looser so a busy CI machine does not fail the suite.
    assert per_picture < 1.5


def test_charts_module_stays_pure_and_off_pyplot() -> None:
    code = (
        "import sys, datetime as dt, bot.render.charts as c; "
        "labels = {k: k + ' {total}' for k in c.FOOT_MAP_KEYS}; "
        "c.foot_map({}, title='t', labels=labels); "
        "banned = ('telegram', 'sqlalchemy', 'sqlmodel', 'aiosqlite', 'asyncpg', 'aiohttp'); "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in banned); "
        "bad += ['matplotlib.pyplot'] if 'matplotlib.pyplot' in sys.modules else []; "
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


# --- what changed, the three states, the range from enrolment --------------------------------


def test_changed_toes_are_better_or_worse() -> None:
    before = full("cfcca", "afcfc")
    after = full("afccf", "aaffc")
    assert charts.changed_toes(after, before) == {
        ("left", 1): "better",
        ("left", 5): "worse",
        ("right", 2): "better",
        ("right", 3): "better",
    }
    # A toe missing from either test has nothing to compare with.
    assert charts.changed_toes(full("a", ""), full("", "c")) == {}


def test_foot_map_marks_changed_toes_and_dates_the_test() -> None:
    answers, before = full("afccf", "aaffc"), full("cfcca", "afcfc")
    plain = decode(charts.foot_map(answers, title="t", labels=LABELS).png)
    marked = charts.foot_map(
        answers, title="t", labels=LABELS, previous=before, day=dt.date(2026, 3, 9)
    )
    image = decode(marked.png)
    assert pixels_of(plain, charts.BETTER_COLOUR) == 0
    assert pixels_of(image, charts.BETTER_COLOUR) > 2000  # outlines, badges, legend badge
    assert marked.alt_text.endswith("Since the last test: 3 better, 1 worse.")
    # The date line sits under the title, above the toes.
    band = (0, 100, SIZE[0], 160)
    assert plain.crop(band).getcolors(maxcolors=1 << 16) != image.crop(band).getcolors(
        maxcolors=1 << 16
    )
    unchanged = charts.foot_map(answers, title="t", labels=LABELS, previous=answers)
    assert unchanged.alt_text.endswith("Since the last test: 0 better, 0 worse.")
    assert pixels_of(decode(unchanged.png), charts.BETTER_COLOUR) == 0


def test_follow_and_cannot_colours_differ_in_lightness() -> None:
    def lightness(colour: str) -> float:
        r, g, b = hex_rgb(colour)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    assert lightness(charts.FOLLOW_COLOUR) - lightness(charts.CANNOT_COLOUR) > 80


def test_state_counts_equal_the_answers() -> None:
    assert charts.state_counts(full("afccf", "aaffc")) == {"alone": 3, "follow": 4, "cannot": 3}
    assert charts.state_counts(full("af", "")) == {"alone": 1, "follow": 1, "cannot": 0}
    with pytest.raises(ValueError, match="maybe"):
        charts.state_counts({("left", 1): "maybe"})


def test_progress_chart_draws_the_three_states_per_test() -> None:
    tests = [
        (START, full("ccccc", "ccccc")),
        (START + dt.timedelta(days=14), full("fffcc", "ffccc")),
    ]
    points = [(day, 0, 0) for day, _ in tests]
    labels = {**LABELS, "alt_progress": "{latest_alone}/{latest_follow}/{latest_cannot}"}
    with_states = charts.progress_chart(
        points=points, adherence=ADHERENCE[:3], title="t", labels=labels, tests=tests
    )
    lines_only = charts.progress_chart(
        points=points, adherence=ADHERENCE[:3], title="t", labels=labels
    )
    # "cannot" becoming "others follow" is invisible as toes lifting alone, not as states.
    assert pixels_of(decode(with_states.png), charts.FOLLOW_COLOUR) > 1500
    assert pixels_of(decode(lines_only.png), charts.FOLLOW_COLOUR) == 0
    assert with_states.alt_text == "0/5/5"


def test_a_first_day_patient_sees_one_week_from_enrolment() -> None:
    today = START + dt.timedelta(days=7 * 7 + 1)  # a Tuesday in ADHERENCE's last week
    picture = charts.progress_chart(
        points=[], adherence=ADHERENCE, title="t", labels=LABELS, since=today
    )
    assert picture.alt_text == "No self-tests yet. Last 1 weeks: 4.0 days a week."
    # The axis starts with the enrolment week, never the weeks before it.
    lo, hi = panels.date_range([today], [ADHERENCE[-1][0]])
    assert lo >= ADHERENCE[-1][0].toordinal() - 2  # a margin, not the week before
    assert hi - lo >= panels.MIN_SPAN_DAYS


def test_both_panels_share_one_date_range() -> None:
    old_test = START - dt.timedelta(days=30)
    weeks = [start for start, _ in ADHERENCE]
    lo, hi = panels.date_range([old_test, START + dt.timedelta(days=10)], weeks)
    assert lo < old_test.toordinal() < weeks[-1].toordinal() + 7 < hi
    ticks = panels.week_ticks(weeks, [old_test], lo, hi)
    assert ticks[-1] == weeks[-1].toordinal()
    assert all(dt.date.fromordinal(t).weekday() == 0 for t in ticks)  # Mondays
    assert len(ticks) <= 4
