"""Red flags end to end: emergency mid-drill, urgent with diabetes, BE-FAST raising to
emergency, prompts paused until confirmation, a failed send delivered on retry, check-ins,
hypotheticals, pain stops, and no consent (advice given, nothing stored)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlmodel import col

from bot.db.engine import create_engine, session_factory
from bot.db.models import DrillSession, Escalation
from bot.delivery import escalations as escalation_jobs
from bot.deps import BOT_DATA_KEY, Deps
from bot.services import safety
from tests.e2e.content import advice, befast, echo, pattern, t, way_out
from tests.e2e.harness import BotHarness, buttons, onboard, plain

PAT = 7_400_000_001


async def _escalations(harness: BotHarness) -> list[Escalation]:
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session:
            rows = await session.scalars(
                select(Escalation)
                .where(col(Escalation.user_id) == PAT)
                .order_by(col(Escalation.id))
            )
            return list(rows.all())
    finally:
        await engine.dispose()


async def _paused(harness: BotHarness) -> bool:
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session:
            return await safety.open_pause(session, user_id=PAT) is not None
    finally:
        await engine.dispose()


def _deps(harness: BotHarness) -> Deps:
    assert harness.app is not None
    deps: Deps = harness.app.bot_data[BOT_DATA_KEY]
    return deps


async def test_emergency_text_mid_drill_stops_the_drill_and_advises_first(
    harness: BotHarness,
) -> None:
    await onboard(harness, PAT)
    await harness.send(PAT, "/today")
    await harness.press(PAT, t("drills.buttons.next"))
    out = await harness.send(PAT, "my foot has gone cold and blue and I can't feel my toes")
    first = harness.sandbox.plain_text(out[0])
    assert first.startswith(advice("emergency"))
    assert "can't feel" in first or "cold" in first  # echoes what was understood
    assert first.rstrip().endswith(way_out())
    assert buttons(out[0]) == [t("safety.confirm_button")]
    [esc] = await _escalations(harness)
    assert (esc.level, esc.source, esc.pauses_prompts) == ("emergency", "message", True)
    assert esc.delivered_at is not None and esc.text is not None and "blue" in esc.text
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session:
            drill = (await session.scalars(select(DrillSession))).one()
    finally:
        await engine.dispose()
    assert (drill.status, drill.end_reason) == ("aborted", "escalation")
    # The drill's old buttons are gone and pressing them changes nothing.
    assert not harness.sandbox.messages(PAT)[-2].keyboard


async def test_today_after_an_emergency_waits_for_sought_care(harness: BotHarness) -> None:
    # Found in a sandbox try-out: after "call your emergency number now" ended the drill,
    # /today started a full session and praised it. Now it waits for "I have sought care".
    await onboard(harness, PAT)
    await harness.send(PAT, "/today")
    await harness.send(PAT, "my foot has gone cold and blue and I can't feel my toes")
    out = await harness.send(PAT, "/today")
    assert plain(out, harness.sandbox) == t("drills.held")
    assert buttons(out[-1]) == [t("safety.confirm_button")]
    await harness.press(PAT, t("safety.confirm_button"))
    out = await harness.send(PAT, "/today")
    assert t("drills.held") not in plain(out, harness.sandbox)
    assert buttons(out[-1])[0] == t("drills.buttons.next")


async def test_urgent_with_diabetes_and_prompts_paused_until_confirmed(harness: BotHarness) -> None:
    await onboard(harness, PAT, diabetes=True)
    out = await harness.send(PAT, "I noticed a small blister on my heel today")
    text = plain(out, harness.sandbox)
    assert text.startswith(advice("urgent"))
    assert echo("diabetes_new_symptom").search(text)
    [esc] = await _escalations(harness)
    assert esc.level == "urgent" and "diabetes_new_symptom" in esc.flags
    assert await _paused(harness)
    out = await harness.press(PAT, t("safety.confirm_button"))
    assert t("safety.confirm_thanks") in plain(out, harness.sandbox)
    assert not await _paused(harness)
    # The same blister without diabetes is not urgent.


async def test_same_message_without_diabetes_is_not_urgent(harness: BotHarness) -> None:
    await onboard(harness, PAT, diabetes=False)
    await harness.send(PAT, "I noticed a small blister on my heel today")
    escalations = await _escalations(harness)
    assert all(e.level != "urgent" for e in escalations)
    assert not await _paused(harness)


async def test_befast_yes_raises_to_emergency(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    out = await harness.send(PAT, "since this morning my big toe is weak and I can barely lift it")
    text = plain(out, harness.sandbox)
    question_1 = t("safety.befast_question", number=1, total=8, question=befast(0))
    assert question_1 in text
    await harness.press(PAT, t("safety.befast_no"))
    out = await harness.press(PAT, t("safety.befast_yes"))  # question 2: an arm weak or numb
    text = plain(out, harness.sandbox)
    assert text.startswith(advice("emergency"))
    assert t("safety.befast_raised", question=befast(1)) in text
    escalations = await _escalations(harness)
    assert escalations[-1].level == "emergency" and escalations[-1].source == "befast"
    # Old BE-FAST buttons do nothing more.
    first_q = next(m for m in harness.sandbox.messages(PAT) if question_1 in m.plain)
    await harness.press_data(PAT, first_q.message_id, f"sf:bf:{escalations[0].id}:0:y")
    assert len(await _escalations(harness)) == len(escalations)


async def test_befast_all_no_keeps_the_advice(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    await harness.send(PAT, "my toes suddenly went weak yesterday")
    for _ in range(7):
        await harness.press(PAT, t("safety.befast_no"))
    out = await harness.press(PAT, t("safety.befast_no"))
    # Sudden weakness is an emergency: all "no" keeps that advice, never a lower one.
    assert plain(out, harness.sandbox) == t("safety.befast_all_no.emergency")


async def test_failed_send_keeps_the_escalation_and_delivers_on_retry(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    # Three 502s in a row: more than a reply's retries (bot.delivery.replies) absorb.
    harness.sandbox.inject_fault("sendMessage", chat_id=PAT, kind="5xx", count=3)
    await harness.send(PAT, "my toes are numb and tingling all the time now")
    [esc] = await _escalations(harness)
    assert esc.level == "routine" and esc.delivered_at is None and esc.delivery_attempts == 1
    assert harness.app is not None
    delivered = await escalation_jobs.deliver_all(_deps(harness))
    assert delivered == 1
    [esc] = await _escalations(harness)
    assert esc.delivered_at is not None
    assert advice("routine") in harness.sandbox.plain_text(harness.sandbox.messages(PAT)[-1])


async def test_unconfirmed_urgent_gets_one_reminder(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    await harness.send(PAT, "there is pus and spreading redness around my toenail")
    assert harness.app is not None
    await escalation_jobs.remind_all(_deps(harness))
    reminder = t("safety.reminder")
    assert reminder not in harness.sandbox.plain_text(harness.sandbox.messages(PAT)[-1])
    harness.clock.advance(dt.timedelta(hours=3))
    await escalation_jobs.remind_all(_deps(harness))
    assert reminder in harness.sandbox.plain_text(harness.sandbox.messages(PAT)[-1])
    count = len(harness.sandbox.messages(PAT))
    harness.clock.advance(dt.timedelta(hours=3))
    await escalation_jobs.remind_all(_deps(harness))
    assert len(harness.sandbox.messages(PAT)) == count  # once only


async def test_hypothetical_and_someone_else_get_the_warning_signs(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    out = await harness.send(PAT, "what if my toes go numb one day?")
    assert t("safety.signs_intro") in plain(out, harness.sandbox)
    out = await harness.send(PAT, "my husband has numb feet")
    assert t("safety.signs_intro") in plain(out, harness.sandbox)
    assert await _escalations(harness) == []


async def test_checkin_ticks_map_to_levels(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    out = await harness.send(PAT, "/symptoms")
    assert t("safety.checkin_question") in plain(out, harness.sandbox)
    numb = t("safety.checkin_items.numb")
    await harness.press(PAT, numb)
    await harness.press(PAT, t("safety.checkin_items.shape"))
    # "☑️ " is the tick the keyboard code puts before a chosen item (not content).
    assert f"☑️ {numb}" in buttons(harness.sandbox.messages(PAT)[-1])
    out = await harness.press(PAT, t("safety.checkin_send"))
    assert plain(out, harness.sandbox).startswith(advice("routine"))
    [esc] = await _escalations(harness)
    assert (esc.source, esc.level) == ("checkin", "routine")
    assert "numbness" in esc.flags and "deformity" in esc.flags
    out = await harness.send(PAT, "/symptoms")
    out = await harness.press(PAT, t("safety.checkin_none"))
    assert t("safety.checkin_nothing") in plain(out, harness.sandbox)


async def test_pain_stop_is_an_escalation_and_the_answer_is_triaged(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    await harness.send(PAT, "/today")
    out = await harness.press(PAT, t("drills.buttons.pain"))
    assert plain(out, harness.sandbox).startswith(advice("stop"))
    out = await harness.send(PAT, "sharp pain in the joint of my big toe")
    assert t("safety.pain_thanks") in plain(out, harness.sandbox)
    escalations = await _escalations(harness)
    assert [(e.source, e.level) for e in escalations] == [("pain_stop", "stop")]
    # A worrying answer to the pain question goes higher (the same day, /today asks first).
    await harness.send(PAT, "/today")
    await harness.press(PAT, t("drills.buttons.start_anyway"))
    await harness.press(PAT, t("drills.buttons.pain"))
    out = await harness.send(PAT, "the toe has turned black")
    assert plain(out, harness.sandbox).startswith(advice("emergency"))
    assert (await _escalations(harness))[-1].level == "emergency"


async def test_no_consent_still_gets_advice_but_nothing_is_stored(harness: BotHarness) -> None:
    await harness.send(PAT, "/start")
    await harness.press(PAT, t("onboarding.consent_no"))
    out = await harness.send(PAT, "my foot is cold and pale and my toes are black")
    assert plain(out, harness.sandbox).startswith(advice("emergency"))
    assert await _escalations(harness) == []


async def test_no_improvement_advice_is_sent_once_per_window(harness: BotHarness) -> None:
    from tests.integration.test_rules import _drills, _six_days_a_week, _test

    await onboard(harness, PAT)
    now = harness.clock()
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session:
            await _drills(session, PAT, _six_days_a_week(now.date(), 7), now)
            await _test(session, PAT, now - dt.timedelta(weeks=7), alone=4)
            await _test(session, PAT, now - dt.timedelta(days=2), alone=4)
            await session.commit()
    finally:
        await engine.dispose()
    assert harness.app is not None
    assert await escalation_jobs.advise_no_improvement(_deps(harness)) == 1
    text = harness.sandbox.plain_text(harness.sandbox.messages(PAT)[-1])
    # The whole advice from its start (the number of weeks is worked out by the rules).
    assert pattern("safety.no_improvement").match(text)
    [esc] = await _escalations(harness)
    assert (esc.source, esc.level) == ("no_improvement", "routine")
    harness.clock.advance(dt.timedelta(days=7))
    assert await escalation_jobs.advise_no_improvement(_deps(harness)) == 0
