"""The pages' finish in a real browser: 24-hour reminder times (typed, normalised, refused),
the schedule saying when a safety pause holds reminders, the patient page's cards aligned and
never stretched empty, the self-test chart readable at a phone's width with every label
inside its box, links on alert rows readable (WCAG AA) in light and dark themes, the
`<noscript>` line from content, and the export page's downloads (CSV with a BOM).

Texts are compared with content (`tests.e2e.content.t`), figures with the seed.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from collections.abc import AsyncIterator
from urllib.parse import quote

import pytest
import pytest_asyncio
from aiohttp import web
from playwright.async_api import Browser, Page, expect
from sqlalchemy import select
from sqlmodel import col

from bot.db.models import Schedule
from bot.web.dashboard import STATIC_DIR, pages
from bot.web.dashboard.chart import HEIGHT, WIDTH, selftest_svg
from tests.browser.conftest import DESKTOP, PHONE, Dashboard
from tests.browser.seed import ANA, BEN, FIRST_PATIENT
from tests.browser.test_screenshots import DARK
from tests.e2e.content import content, t

pytestmark = pytest.mark.asyncio(loop_scope="session")

# Ana's fourth patient: an open emergency safety pause and two self-tests.
ALERTED = FIRST_PATIENT + 3
BOM = b"\xef\xbb\xbf"
CARDS = "main .card:not([hidden])"


def _spare_patient(dashboard: Dashboard) -> int:
    """One of Ben's patients no other test acts on (the action tests use the first four)."""
    return sorted(dashboard.world.ben_names)[4]


async def _patient_page(browser: Browser, dashboard: Dashboard, size: dict[str, int]) -> Page:
    context = await browser.new_context(viewport=size)  # type: ignore[arg-type]
    page = await context.new_page()
    await page.goto(dashboard.as_user(ANA, f"/app/patient/{ALERTED}"))
    await expect(page.locator("#chart img")).to_be_visible()
    await page.wait_for_function("document.querySelector('#chart img').complete")
    return page


# --- reminder times ---------------------------------------------------------------------------


async def test_reminder_times_are_24_hour_text_normalised_and_validated(
    page: Page, dashboard: Dashboard
) -> None:
    patient = _spare_patient(dashboard)
    await page.goto(dashboard.as_user(BEN, f"/app/patient/{patient}"))
    first = page.locator("#times input.time").first
    await expect(first).to_have_value("08:00")
    # Not the browser's time picker, whose display follows the locale ("08:00 AM").
    assert await first.get_attribute("type") == "text"
    assert await first.get_attribute("placeholder") == t("dashboard.patient.time_placeholder")

    posted: list[str] = []
    page.on("request", lambda r: posted.append(r.url) if r.method == "POST" else None)
    await first.fill("25:00")
    await page.locator("#times-save").click()
    assert await first.evaluate("i => i.validity.valid") is False
    assert await first.evaluate("i => i.validationMessage") == t("dashboard.patient.time_invalid")
    assert posted == []

    await first.fill("730")
    await first.blur()
    await expect(first).to_have_value("07:30")
    await page.locator("#time-add").click()
    second = page.locator("#times input.time").nth(1)
    await second.fill("19.00")
    async with page.expect_response(re.compile(r"/times$")) as saved:
        await page.locator("#times-save").click()
    assert (await saved.value).ok
    await expect(page.locator("#status")).to_have_text(t("dashboard.common.saved"))
    async with dashboard.session() as session:
        schedule = (
            await session.scalars(select(Schedule).where(col(Schedule.user_id) == patient))
        ).one()
    assert schedule.times == "07:30,19:00"
    values = await page.locator("#times input.time").evaluate_all("l => l.map(i => i.value)")
    assert values == ["07:30", "19:00"]


async def test_the_schedule_says_a_safety_pause_holds_the_reminders(
    page: Page, dashboard: Dashboard
) -> None:
    await page.goto(dashboard.as_user(ANA, f"/app/patient/{ALERTED}"))
    await expect(page.locator("#safety")).to_be_visible()
    await expect(page.locator("#schedule-state")).to_have_text(t("dashboard.patient.safety_paused"))
    # A patient without one: reminders are on.
    await page.goto(dashboard.as_user(ANA, f"/app/patient/{FIRST_PATIENT + 1}"))
    await expect(page.locator("#schedule-state")).to_have_text(t("dashboard.patient.active"))
    await expect(page.locator("#safety")).to_be_hidden()


# --- layout -----------------------------------------------------------------------------------


async def test_on_a_phone_every_card_has_the_same_edges(
    browser: Browser, dashboard: Dashboard
) -> None:
    page = await _patient_page(browser, dashboard, PHONE)
    try:
        edges = await page.locator(CARDS).evaluate_all(
            "cards => cards.map(c => { const r = c.getBoundingClientRect();"
            " return [Math.round(r.left), Math.round(r.right)]; })"
        )
        assert len(edges) >= 6
        assert len(set(map(tuple, edges))) == 1, edges
        assert edges[0][1] <= PHONE["width"]
    finally:
        await page.context.close()


async def test_on_a_desktop_no_card_is_stretched_empty(
    browser: Browser, dashboard: Dashboard
) -> None:
    page = await _patient_page(browser, dashboard, DESKTOP)
    try:
        # Below each card's last visible child: its padding and little more.
        gaps = await page.locator(".columns.overview > .card").evaluate_all(
            """cards => cards.map(c => {
                const shown = [...c.children].filter(e => e.offsetParent !== null);
                const last = shown[shown.length - 1].getBoundingClientRect();
                return c.getBoundingClientRect().bottom - last.bottom; })"""
        )
        assert len(gaps) == 3 and max(gaps) < 40, gaps
        # Schedule and self-tests side by side with the programme (two columns).
        boxes = await page.locator(".columns.overview > .card").evaluate_all(
            "cards => cards.map(c => Math.round(c.getBoundingClientRect().left))"
        )
        assert len(set(boxes)) == 2
    finally:
        await page.context.close()


# --- the self-test chart ----------------------------------------------------------------------


async def test_the_chart_text_is_readable_at_phone_width(
    browser: Browser, dashboard: Dashboard
) -> None:
    page = await _patient_page(browser, dashboard, PHONE)
    try:
        shown = await page.locator("#chart img").evaluate(
            "i => [i.getBoundingClientRect().width, i.naturalWidth]"
        )
        width, natural = shown
        assert natural == WIDTH and width <= PHONE["width"]
        # The chart's smallest text is 14 viewBox units at this size: at least 11 CSS px.
        assert 14 * width / WIDTH >= 11
    finally:
        await page.context.close()


def _chart(points: int, *, every_days: int) -> str:
    texts = content().texts
    start = dt.date(2026, 6, 1)
    rows = [(start + dt.timedelta(days=every_days * i), i % 6, (2 * i) % 6) for i in range(points)]
    return selftest_svg(rows, texts=texts, title="Patient")


@pytest.mark.parametrize(("points", "every_days"), [(1, 1), (2, 14), (2, 1), (12, 7), (60, 3)])
async def test_every_chart_label_is_inside_the_box_and_none_overlap(
    page: Page, points: int, every_days: int
) -> None:
    await page.set_content(_chart(points, every_days=every_days))
    boxes = await page.locator("svg text").evaluate_all(
        """els => els.map(e => { const b = e.getBBox();
            return [b.x, b.y, b.x + b.width, b.y + b.height, e.textContent]; })"""
    )
    for x1, y1, x2, y2, words in boxes:
        assert x1 >= 0 and x2 <= WIDTH and y1 >= 0 and y2 <= HEIGHT, (words, x1, x2)
    dates = sorted(b for b in boxes if re.fullmatch(r"\d{4}-\d{2}-\d{2}", b[4]))
    assert (
        dates
        and dates[-1][4]
        == (dt.date(2026, 6, 1) + dt.timedelta(days=every_days * (points - 1))).isoformat()
    )
    for left, right in itertools.pairwise(dates):
        assert left[2] < right[0], (left, right)


# --- contrast on highlighted rows -------------------------------------------------------------


def _luminance(rgb: str) -> float:
    channels = [int(c) / 255 for c in re.findall(r"\d+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("theme", ["light", "browser-dark", "telegram-dark"])
async def test_links_on_alert_rows_have_aa_contrast(
    browser: Browser, dashboard: Dashboard, theme: str
) -> None:
    scheme = "dark" if theme == "browser-dark" else "light"
    context = await browser.new_context(viewport=PHONE, color_scheme=scheme)  # type: ignore[arg-type]
    try:
        page = await context.new_page()
        url = dashboard.as_user(ANA)
        if theme == "telegram-dark":
            url += "&tgWebAppThemeParams=" + quote(json.dumps(DARK), safe="")
        await page.goto(url)
        link = page.locator("tr.has-alerts th a").first
        await expect(link).to_be_visible()
        colour, background = await link.evaluate(
            "a => [getComputedStyle(a).color, getComputedStyle(a.closest('th')).backgroundColor]"
        )
        assert _contrast(colour, background) >= 4.5, (theme, colour, background)
    finally:
        await context.close()


# --- without JavaScript -------------------------------------------------------------------------


@pytest_asyncio.fixture(loop_scope="session")
async def shells_only() -> AsyncIterator[str]:
    """The page shells alone (no API), served with the content's texts."""
    app = web.Application()
    pages.add_routes(app, STATIC_DIR, texts=content().texts)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


@pytest.mark.parametrize("path", ["/app/", "/app/alerts", "/app/patient/1", "/app/export"])
async def test_without_javascript_the_page_says_so_in_contents_words(
    browser: Browser, shells_only: str, path: str
) -> None:
    context = await browser.new_context(java_script_enabled=False)
    try:
        page = await context.new_page()
        await page.goto(shells_only + path)
        await expect(page.locator("p.noscript")).to_have_text(t("dashboard.noscript"))
        await expect(page.locator("#busy")).to_be_hidden()
    finally:
        await context.close()


async def test_the_real_server_never_shows_a_key_without_javascript(
    browser: Browser, dashboard: Dashboard
) -> None:
    context = await browser.new_context(java_script_enabled=False)
    try:
        page = await context.new_page()
        await page.goto(dashboard.as_user(ANA))
        # Content's line once the server is given the texts, else an empty line: no key.
        assert await page.locator("p.noscript").text_content() in ("", t("dashboard.noscript"))
        await expect(page.locator("main")).to_be_hidden()
    finally:
        await context.close()


# --- the export page ----------------------------------------------------------------------------


@pytest.mark.parametrize(("button", "name"), [("#export-csv", "export"), ("#report-csv", "report")])
async def test_export_buttons_download_a_csv_with_a_bom(
    page: Page, dashboard: Dashboard, button: str, name: str
) -> None:
    await page.goto(dashboard.as_user(BEN, "/app/export"))
    await expect(page.locator(button)).to_be_enabled()
    async with page.expect_download() as started:
        await page.locator(button).click()
    download = await started.value
    assert download.suggested_filename.endswith(".csv") and name in download.suggested_filename
    path = await download.path()
    data = path.read_bytes()
    assert data.startswith(BOM)
    header = data[len(BOM) :].decode("utf-8").splitlines()[0]
    assert "," in header
    await expect(page.locator("#status")).to_have_text(
        t("dashboard.export.downloaded", file=download.suggested_filename)
    )
    await expect(page.locator("#error")).to_be_hidden()


async def test_the_report_period_end_is_an_iso_date_validated(
    page: Page, dashboard: Dashboard
) -> None:
    await page.goto(dashboard.as_user(BEN, "/app/export"))
    end = page.locator("#period-end")
    # Empty: the server's today in the viewer's zone, which the page then shows.
    await page.locator("#report-show").click()
    await expect(end).to_have_value(dashboard.now.date().isoformat())
    await expect(page.locator("#report tbody tr")).to_have_count(len(dashboard.world.ben_names))

    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/app/api/report" in r.url else None)
    await end.fill("2026-13-45")
    await page.locator("#report-show").click()
    assert await end.evaluate("i => i.validationMessage") == t(
        "dashboard.export.period_end_invalid"
    )
    assert asked == []
    await end.fill("20261101")
    async with page.expect_response(re.compile(r"/report\?period_end=2026-11-01$")) as shown:
        await page.locator("#report-show").click()
    assert (await shown.value).ok
    await expect(end).to_have_value("2026-11-01")
