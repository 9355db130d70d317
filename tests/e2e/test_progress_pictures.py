"""Pictures that motivate, played through the real app: two self-tests on different days,
the foot map marks what changed, and /progress sends the chart with a headline that says
when the last test was, and invites a new one once it is old."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from bot.sandbox.server import SentMessage
from tests.e2e.content import pattern, t
from tests.e2e.harness import BotHarness, onboard

PAT = 7_300_000_131
FOLLOW, CANNOT = (t(f"selftest.buttons.{a}") for a in ("follow", "cannot"))
LISBON = ZoneInfo("Europe/Lisbon")  # where `onboard` puts the patient


async def _take_test(harness: BotHarness, labels: list[str]) -> list[SentMessage]:
    await harness.send(PAT, "/selftest")
    out: list[SentMessage] = []
    for label in labels:
        out = await harness.press(PAT, label)
    return out


def _today(harness: BotHarness) -> dt.date:
    return harness.clock().astimezone(LISBON).date()


async def test_two_tests_then_fresh_and_stale_progress(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    await _take_test(harness, [CANNOT] * 10)
    harness.clock.advance(dt.timedelta(days=3))
    # Three toes move from "cannot lift" to "others follow": none lifts alone yet.
    out = await _take_test(harness, [FOLLOW] * 3 + [CANNOT] * 7)
    photo = out[-1]
    assert photo.kind == "photo"
    assert t("charts.alt_changes", better=3, worse=0) in (photo.caption or "")
    second = _today(harness)

    out = await harness.send(PAT, "/progress")
    photo = out[-1]
    assert photo.kind == "photo"
    caption = photo.caption or ""
    assert t("selftest.trend.steady") in caption
    assert t("selftest.last_test", date=second.isoformat()) in caption
    # The picture's text alternative counts the three states: 3 follow, 7 cannot lift.
    states = pattern("charts.alt_progress", latest_alone=0, latest_follow=3, latest_cannot=7)
    assert states.search(caption)

    harness.clock.advance(dt.timedelta(days=20))
    out = await harness.send(PAT, "/progress")
    caption = out[-1].caption or ""
    days = (_today(harness) - second).days
    assert t("selftest.trend.stale", days=days, date=second.isoformat()) in caption
    assert t("selftest.trend.steady") not in caption
