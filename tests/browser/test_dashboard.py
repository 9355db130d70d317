"""The dashboard in a real browser: who gets in (valid, forged, expired, another bot's and no
initData; a patient), the caseload of 500 patients (count, sort, search, filter), a patient's
page (pause, message, clearing a safety pause through its confirmation) and the alerts inbox
(acknowledge, seen by a colleague), each action checked in the database.

Texts are compared with content (`tests.e2e.content.t`), never with copied English; figures
with what `tests.browser.seed` seeded. No test sleeps: Playwright's expectations wait.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from unittest.mock import ANY

import pytest
from playwright.async_api import Browser, Page, Request, expect
from sqlalchemy import select
from sqlmodel import col

from bot.db.models import AuditEntry, Escalation, Schedule, TherapistMessage
from bot.domain.initdata import Refusal
from bot.domain.privacy import AuditAction
from tests.browser.conftest import DESKTOP, OTHER_TOKEN, Dashboard
from tests.browser.seed import ANA, BEN, CARLA, FIRST_PATIENT, OUTSIDER, THERAPISTS
from tests.e2e.content import t

pytestmark = pytest.mark.asyncio(loop_scope="session")

ROWS = "table#caseload tr[data-patient-id]"
ALERT_IDS = "items => items.map(li => li.dataset.alertId)"


async def row_ids(page: Page) -> list[int]:
    """The caseload's visible rows, in the order the page shows them."""
    ids: list[str] = await page.locator(ROWS).evaluate_all(
        "rows => rows.filter(r => !r.hidden && r.offsetParent !== null)"
        ".map(r => r.dataset.patientId)"
    )
    return [int(i) for i in ids]


async def api(page: Page, path: str, init_data: str) -> Any:
    """GET an API path from inside the page, as the page's own script calls it."""
    return await page.evaluate(
        """async ([path, initData]) => {
            const headers = initData ? {Authorization: 'tma ' + initData} : {};
            const r = await fetch(path, {headers: headers});
            return await r.json();
        }""",
        [path, init_data],
    )


async def open_caseload(page: Page, dashboard: Dashboard, user_id: int, rows: int) -> None:
    """Open the caseload as this user and wait until all `rows` rows are there."""
    await page.goto(dashboard.as_user(user_id))
    await expect(page.locator(ROWS)).to_have_count(rows)


# --- who gets in ----------------------------------------------------------------------------


async def test_caseload_shows_all_500_patients(page: Page, dashboard: Dashboard) -> None:
    world = dashboard.world
    await open_caseload(page, dashboard, ANA, len(world.names))
    await expect(page.locator("#count")).to_have_text(str(len(world.names)))
    await expect(page.locator("#error")).to_be_hidden()
    assert set(await row_ids(page)) == set(world.names)
    # Every name is a link to that patient's page.
    links = page.locator(f'{ROWS} a[href*="/app/patient/"]')
    await expect(links).to_have_count(len(world.names))
    body = await page.locator("body").inner_text()
    assert all(name in body for name in list(world.names.values())[:50])
    # A colleague's patients are not Ana's (she is no clinic admin).
    assert not any(name in body for name in world.ben_names.values())


async def test_a_clinic_admin_sees_the_whole_clinic(page: Page, dashboard: Dashboard) -> None:
    world = dashboard.world
    clinic = {**world.names, **world.ben_names}
    await open_caseload(page, dashboard, CARLA, len(clinic))
    await expect(page.locator("#count")).to_have_text(str(len(clinic)))
    assert set(await row_ids(page)) == set(clinic)
    # Whose patient each one is: shown to whoever sees more than their own.
    ben_row = page.locator(f'{ROWS}[data-patient-id="{world.to_message}"]')
    await expect(ben_row).to_contain_text(THERAPISTS[BEN])


def _forged(dashboard: Dashboard) -> str:
    # Signed for a stranger, then claiming to be Ana: the hash no longer matches.
    signed = dashboard.init_data(OUTSIDER)
    return signed.replace(str(OUTSIDER), str(ANA))


REFUSED: dict[str, Any] = {
    "forged": _forged,
    # Signed a minute longer ago than WEBAPP_MAX_AGE_SECONDS allows.
    "expired": lambda d: d.init_data(ANA, auth_date=d.now - d.max_age - dt.timedelta(minutes=1)),
    "another_bot": lambda d: d.init_data(ANA, token=OTHER_TOKEN),
    "missing": lambda d: None,
}


REASON = {
    "forged": Refusal.BAD_HASH,
    "expired": Refusal.EXPIRED,
    "another_bot": Refusal.BAD_HASH,
    "missing": Refusal.MISSING,
}


@pytest.mark.parametrize("case", sorted(REFUSED))
async def test_refused_init_data_shows_the_error_and_no_patient(
    page: Page, dashboard: Dashboard, case: str
) -> None:
    init_data = REFUSED[case](dashboard)
    if case == "forged":
        assert f"%22id%22%3A{ANA}" in init_data
    await page.goto(dashboard.url("/app/", init_data))
    error = page.locator("#error")
    await expect(error).to_be_visible()
    await expect(error).to_contain_text(t("dashboard.errors.unauthorized"))
    await expect(page.locator(ROWS)).to_have_count(0)
    body = await page.locator("body").inner_text()
    assert not any(name in body for name in dashboard.world.names.values())
    # ... for the reason the case is about (the API's answer to the page's own request).
    answer = await api(page, "/app/api/me", init_data or "")
    assert answer == {"error": "unauthorized", "reason": REASON[case], "message": ANY}


async def test_a_patient_is_told_the_dashboard_is_for_therapists(
    page: Page, dashboard: Dashboard
) -> None:
    await page.goto(dashboard.as_user(FIRST_PATIENT))
    error = page.locator("#error")
    await expect(error).to_be_visible()
    await expect(error).to_contain_text(t("dashboard.errors.forbidden"))
    await expect(page.locator(ROWS)).to_have_count(0)


# --- the caseload ---------------------------------------------------------------------------


# Until the visible rows are in a new order that is sorted (either way) by `value`.
SORTED = """([sel, value, before]) => {
    const ids = [...document.querySelectorAll(sel)].filter(r => !r.hidden)
        .map(r => r.dataset.patientId);
    if (ids.join() === before.join()) return false;
    const v = ids.map(i => value[i]);
    const up = v.every((x, k) => k === 0 || v[k - 1] <= x);
    const down = v.every((x, k) => k === 0 || v[k - 1] >= x);
    return up || down;
}"""


async def test_sort_by_name_and_by_a_figure_and_reverse(page: Page, dashboard: Dashboard) -> None:
    world = dashboard.world
    await open_caseload(page, dashboard, ANA, len(world.names))
    answer = await api(page, "/app/api/patients", dashboard.init_data(ANA))
    figures = {p["id"]: p for p in answer["patients"]}
    assert set(figures) == set(world.names)
    by_name = sorted(world.names, key=lambda i: world.names[i].lower())
    columns = {
        "name": {i: world.names[i].lower() for i in world.names},
        "adherence_7": {i: figures[i]["adherence_7"] for i in world.names},
    }
    for column, value in columns.items():
        assert len(set(value.values())) > 1, f"the seeded {column} must differ to test a sort"
        button = page.locator(f'th button[data-sort="{column}"]')
        order: list[list[int]] = []
        for _ in range(2):
            before = await row_ids(page)
            await button.click()
            await page.wait_for_function(
                SORTED, arg=[ROWS, {str(i): v for i, v in value.items()}, [str(i) for i in before]]
            )
            ids = await row_ids(page)
            assert sorted(ids) == sorted(world.names)
            order.append(ids)
        if column == "name":
            assert order[0] in (by_name, by_name[::-1])
            assert order[1] == order[0][::-1]
        else:
            # A second click reverses the order of the figures (ties keep their own order).
            assert [value[i] for i in order[1]] == [value[i] for i in order[0]][::-1]


async def test_search_by_name_and_filter(page: Page, dashboard: Dashboard) -> None:
    world = dashboard.world
    everyone = str(len(world.names))
    await open_caseload(page, dashboard, ANA, len(world.names))
    count = page.locator("#count")
    matching = {i for i, name in world.names.items() if "santos" in name.lower()}
    assert 1 < len(matching) < len(world.names)
    await page.locator("#search").fill("santos")
    await expect(count).to_have_text(str(len(matching)))
    assert set(await row_ids(page)) == matching
    await page.locator("#search").fill("")
    await expect(count).to_have_text(everyone)
    for choice, expected in (("alerts", world.alerted), ("paused", world.paused)):
        await page.locator("#filter").select_option(choice)
        await expect(count).to_have_text(str(len(expected)))
        assert set(await row_ids(page)) == expected
    await page.locator("#filter").select_option("all")
    await expect(count).to_have_text(everyone)
    assert set(await row_ids(page)) == set(world.names)


# --- a patient's page -----------------------------------------------------------------------


async def test_open_a_patient_from_the_caseload_and_pause_them(
    page: Page, dashboard: Dashboard
) -> None:
    world = dashboard.world
    patient = world.to_pause
    await open_caseload(page, dashboard, BEN, len(world.ben_names))
    # The link carries no initData: the page keeps it for the navigation (sessionStorage).
    await page.locator(f'{ROWS}[data-patient-id="{patient}"] a').click()
    await expect(page).to_have_url(re.compile(f"/app/patient/{patient}"))
    toggle = page.locator("#pause-toggle")
    await expect(toggle).to_have_text(t("dashboard.patient.pause"))
    await toggle.click()
    await expect(page.locator("#status")).to_contain_text(t("dashboard.patient.paused_done"))
    await expect(toggle).to_have_text(t("dashboard.patient.resume"))
    async with dashboard.session() as session:
        schedule = await session.get(Schedule, patient)
        assert schedule is not None and schedule.paused
        audit = (
            await session.scalars(
                select(AuditEntry).where(
                    col(AuditEntry.target_user_id) == patient,
                    col(AuditEntry.action) == AuditAction.REMINDERS_PAUSED.value,
                )
            )
        ).all()
        assert [(a.actor_id, a.at) for a in audit] == [(BEN, dashboard.now)]
    # The patient is told, in one sentence, through the one delivery path.
    assert len(dashboard.told(patient)) == 1


async def test_message_the_patient(page: Page, dashboard: Dashboard) -> None:
    patient = dashboard.world.to_message
    words = "Please try the towel exercise twice today."
    await page.goto(dashboard.as_user(BEN, f"/app/patient/{patient}"))
    await page.locator("#message-text").fill(words)
    await page.locator("#message-send").click()
    await expect(page.locator("#messages")).to_contain_text(words)
    async with dashboard.session() as session:
        rows = (
            await session.scalars(
                select(TherapistMessage).where(col(TherapistMessage.patient_id) == patient)
            )
        ).all()
    assert [(m.therapist_id, m.direction, m.text) for m in rows] == [(BEN, "to_patient", words)]
    # Sent to the patient's chat at once (through the sandbox Bot API) and marked delivered.
    told = dashboard.told(patient)
    assert len(told) == 1 and words in told[0]
    assert rows[0].delivered_at == dashboard.now


async def test_clear_a_safety_pause_only_once_confirmed(page: Page, dashboard: Dashboard) -> None:
    world = dashboard.world
    posts: list[str] = []

    def record(request: Request) -> None:
        if request.method == "POST":
            posts.append(request.url)

    page.on("request", record)
    await page.goto(dashboard.as_user(BEN, f"/app/patient/{world.to_clear}"))
    clear = page.locator(f'button.clear-pause[data-escalation-id="{world.clear_escalation}"]')
    dialog = page.locator("#confirm-dialog")
    await clear.click()
    await expect(dialog).to_be_visible()
    await page.locator("#confirm-no").click()
    await expect(dialog).to_be_hidden()
    assert posts == []
    async with dashboard.session() as session:
        escalation = await session.get(Escalation, world.clear_escalation)
        assert escalation is not None and escalation.cleared_at is None
    await clear.click()
    await expect(dialog).to_be_visible()
    await page.locator("#confirm-yes").click()
    await expect(page.locator("#status")).to_contain_text(t("dashboard.patient.cleared"))
    await expect(clear).to_have_count(0)
    assert [p for p in posts if p.endswith("/clear")] == [
        dashboard.base_url + f"/app/api/patients/{world.to_clear}/clear"
    ]
    async with dashboard.session() as session:
        escalation = await session.get(Escalation, world.clear_escalation)
        assert escalation is not None
        assert (escalation.cleared_at, escalation.cleared_by) == (dashboard.now, BEN)
    assert len(dashboard.told(world.to_clear)) == 1


# --- the alerts inbox -----------------------------------------------------------------------


async def test_acknowledge_an_alert_and_a_colleague_sees_who(
    browser: Browser, page: Page, dashboard: Dashboard
) -> None:
    world = dashboard.world
    item = f'li.alert[data-alert-id="{world.ack_escalation}"]'
    await page.goto(dashboard.as_user(BEN, "/app/alerts"))
    alert = page.locator(item)
    await expect(alert).not_to_have_class(re.compile(r"\backed\b"))
    await alert.locator("button.ack").click()
    await expect(alert).to_have_class(re.compile(r"\backed\b"))
    await expect(alert).to_contain_text(THERAPISTS[BEN])
    async with dashboard.session() as session:
        escalation = await session.get(Escalation, world.ack_escalation)
        assert escalation is not None
        assert (escalation.acknowledged_at, escalation.acknowledged_by) == (dashboard.now, BEN)
    # The clinic's admin, in another browser, sees the whole clinic's alerts and who took it.
    context = await browser.new_context(viewport=DESKTOP)  # type: ignore[arg-type]
    try:
        admin = await context.new_page()
        await admin.goto(dashboard.as_user(CARLA, "/app/alerts"))
        seen = admin.locator(item)
        await expect(seen).to_have_class(re.compile(r"\backed\b"))
        await expect(seen).to_contain_text(THERAPISTS[BEN])
        for alert_id in world.alert_ids:
            await expect(admin.locator(f'li.alert[data-alert-id="{alert_id}"]')).to_have_count(1)
    finally:
        await context.close()
    # Ana, another therapist, never sees Ben's patient's alert. (Leave the page first: the
    # same URL with only another fragment is a hash change, which the page answers with a
    # reload, and reading the list during that reload fails.)
    await page.goto("about:blank")
    await page.goto(dashboard.as_user(ANA, "/app/alerts"))
    await expect(page.locator("li.alert").first).to_be_visible()
    ids = {int(i) for i in await page.locator("li.alert").evaluate_all(ALERT_IDS)}
    # An alert the patient confirmed (they sought care) stays until a therapist takes it on,
    # as the caseload's count of it does.
    assert ids == world.alert_ids | {world.confirmed_alert}
    await expect(page.locator(item)).to_have_count(0)
