"""Screenshots of the caseload, the alerts inbox, a patient's page and the export page at
phone (390x844) and desktop (1280x800) size, in the light default and Telegram's dark theme,
into tests/browser/screenshots/ (git-ignored) for a person to look at. Each is taken once the
page has its data (the patient's chart loaded, the export's report shown), and the page must
fit its width (nothing wider than the viewport but the caseload's own scrolling table).
"""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from playwright.async_api import Browser, Page, ViewportSize, expect

from tests.browser.conftest import DESKTOP, PHONE, SCREENSHOTS, Dashboard
from tests.browser.seed import ANA, CARLA, FIRST_PATIENT

pytestmark = pytest.mark.asyncio(loop_scope="session")

SIZES = {"phone": PHONE, "desktop": DESKTOP}
# Telegram's dark theme, as its clients pass it in the fragment (tgWebAppThemeParams).
DARK = {
    "bg_color": "#17212b",
    "text_color": "#f5f5f5",
    "hint_color": "#708499",
    "link_color": "#6ab3f3",
    "button_color": "#5288c1",
    "button_text_color": "#ffffff",
    "secondary_bg_color": "#232e3c",
}
# Ana's fourth patient: an open urgent alert, two self-tests and drills every fourth day.
PATIENT = FIRST_PATIENT + 3


async def _page_width(page: Page) -> int:
    width: int = await page.evaluate("document.documentElement.scrollWidth")
    return width


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("size", sorted(SIZES))
async def test_screenshots(browser: Browser, dashboard: Dashboard, size: str, theme: str) -> None:
    viewport: ViewportSize = SIZES[size]  # type: ignore[assignment]
    context = await browser.new_context(viewport=viewport)
    SCREENSHOTS.mkdir(exist_ok=True)
    suffix = size if theme == "light" else f"{size}-dark"
    themed = "" if theme == "light" else "&tgWebAppThemeParams=" + quote(json.dumps(DARK), safe="")

    def shot(name: str) -> str:
        return str(SCREENSHOTS / f"{name}-{suffix}.png")

    try:
        page = await context.new_page()
        await page.goto(dashboard.as_user(ANA) + themed)
        await expect(page.locator("table#caseload tr[data-patient-id]")).to_have_count(
            len(dashboard.world.names)
        )
        await page.screenshot(path=shot("caseload"))
        assert await _page_width(page) <= viewport["width"]

        await page.goto(dashboard.as_user(CARLA, "/app/alerts") + themed)
        await expect(page.locator("li.alert").first).to_be_visible()
        await page.screenshot(path=shot("alerts"), full_page=True)
        assert await _page_width(page) <= viewport["width"]

        await page.goto(dashboard.as_user(ANA, f"/app/patient/{PATIENT}") + themed)
        await expect(page.locator("#pause-toggle")).to_be_visible()
        await expect(page.locator("#chart img")).to_be_visible()
        await page.wait_for_function("document.querySelector('#chart img').complete")
        await page.screenshot(path=shot("patient"), full_page=True)
        assert await _page_width(page) <= viewport["width"]
        await expect(page.locator("#error")).to_be_hidden()

        await page.goto(dashboard.as_user(ANA, "/app/export") + themed)
        await page.locator("#report-show").click()
        await expect(page.locator("#report tbody tr").first).to_be_visible()
        await page.screenshot(path=shot("export"))
        assert await _page_width(page) <= viewport["width"]
        await expect(page.locator("#error")).to_be_hidden()
    finally:
        await context.close()


async def test_telegram_dark_theme(browser: Browser, dashboard: Dashboard) -> None:
    context = await browser.new_context(viewport=PHONE)  # type: ignore[arg-type]
    SCREENSHOTS.mkdir(exist_ok=True)
    try:
        page = await context.new_page()
        theme = quote(json.dumps(DARK), safe="")
        await page.goto(dashboard.as_user(ANA) + "&tgWebAppThemeParams=" + theme)
        await expect(page.locator("table#caseload tr[data-patient-id]")).to_have_count(
            len(dashboard.world.names)
        )
        colour = await page.evaluate(
            "getComputedStyle(document.documentElement).getPropertyValue('--tg-theme-bg-color')"
        )
        assert colour.strip() == DARK["bg_color"]
        background = await page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(23, 33, 43)"
        await page.screenshot(path=SCREENSHOTS / "caseload-phone-dark.png")
    finally:
        await context.close()
