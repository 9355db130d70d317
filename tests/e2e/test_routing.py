"""Free-text routing end to end: triage runs first for everyone, in every awaited state and
whatever carries the text (typed, caption, edit, too long); a warning sign gets the advice
and the open question again, and the answer afterwards still works; the therapist's message
to a patient is the named exception; non-text messages get the warning signs; messages not
in English and symptoms the detector cannot place get their own answers.

Expected wording comes from content/ (through the running app's `Deps`), never copied here.
"""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import select
from sqlmodel import col

from bot.clock import FakeClock
from bot.db.engine import create_engine, session_factory
from bot.db.models import Escalation, Schedule, Therapist, User
from bot.deps import BOT_DATA_KEY, Deps
from bot.domain import triage
from bot.domain.triage.engine import Assessment, Level
from bot.sandbox.server import SentMessage
from handlers._shared import MAX_MESSAGE_CHARS
from tests.e2e.content import shown
from tests.e2e.harness import BotHarness, answer_second_time, onboard, plain, running_harness

ADMIN, THERA, PAT, NEW = 7_600_000_001, 7_600_000_002, 7_600_000_003, 7_600_000_004
# What the testers typed; the real detector grades both emergency.
SIGN = "my toes have turned grey and icy and feel dead"
OTHER_SIGN = "my foot has gone cold and blue and I can't feel my toes"
LINK_RE = re.compile(r"https://t\.me/\S+\?start=[A-Za-z0-9_-]+")


@pytest.fixture
async def harness(database_url: str, clock: FakeClock) -> AsyncIterator[BotHarness]:
    """A running bot with one admin."""
    async with running_harness(database_url, clock, admin_ids=frozenset({ADMIN})) as h:
        yield h


# --- helpers ----------------------------------------------------------------------------------


def _deps(harness: BotHarness) -> Deps:
    assert harness.app is not None
    deps: Deps = harness.app.bot_data[BOT_DATA_KEY]
    return deps


def _t(harness: BotHarness, key: str, **values: object) -> str:
    """A content text as the user sees it (HTML stripped)."""
    return harness.sandbox.plain_text(_deps(harness).text(key, **values))


def _action(harness: BotHarness, level: str) -> str:
    """The level's action sentence (the bold start of its advice in redflags.yaml)."""
    match = re.search(r"<b>(.*?)</b>", _deps(harness).content.redflags.advice[level])
    assert match is not None
    return harness.sandbox.plain_text(match[1])


def _signs(harness: BotHarness) -> list[str]:
    return [harness.sandbox.plain_text(s) for s in _deps(harness).content.redflags.warning_signs]


async def _escalations(harness: BotHarness, user_id: int) -> list[Escalation]:
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session:
            rows = await session.scalars(
                select(Escalation)
                .where(col(Escalation.user_id) == user_id)
                .order_by(col(Escalation.id))
            )
            return list(rows.all())
    finally:
        await engine.dispose()


async def _row(harness: BotHarness, model: type[Any], key: int) -> Any:
    engine = create_engine(harness.settings.database_url)
    try:
        async with session_factory(engine)() as session:
            return await session.get(model, key)
    finally:
        await engine.dispose()


def _texts(out: list[SentMessage], harness: BotHarness) -> list[str]:
    return [harness.sandbox.plain_text(m) for m in out]


def _advised_then_asked(
    harness: BotHarness, out: list[SentMessage], question: str, level: str = "emergency"
) -> None:
    """The advice came first and the open question is asked again last."""
    texts = _texts(out, harness)
    assert _action(harness, level) in texts[0]
    assert texts[-1] == question


async def _user_sends(harness: BotHarness, user_id: int, content: dict[str, Any]) -> list[Any]:
    """The user sends a message the harness has no helper for (voice, video note, file)."""
    before = len(harness.sandbox.messages(user_id))
    update_id = harness.sandbox._user_message(user_id, content)
    await harness.wait_handled(update_id)
    return harness.sandbox.messages(user_id)[before:]


async def _edit(harness: BotHarness, user_id: int, message_id: int, text: str) -> list[SentMessage]:
    """The user edits their message `message_id` to say `text` (an `edited_message` update)."""
    sandbox = harness.sandbox
    chat = sandbox._open_chat(user_id)
    edited = {
        "message_id": message_id,
        "from": chat.user.to_api(),
        "chat": chat.chat_json,
        "date": int(time.time()) - 60,
        "edit_date": int(time.time()),
        "text": text,
    }
    before = len(sandbox.messages(user_id))
    await harness.wait_handled(sandbox._queue_update("edited_message", edited))
    return sandbox.messages(user_id)[before:]


def _last_user_message_id(harness: BotHarness, user_id: int) -> int:
    """The id of the message the user sent last (the sandbox numbers both sides per chat)."""
    chat = harness.sandbox._open_chat(user_id)
    ids = [mid for mid, item in chat.store.items() if isinstance(item, dict)]
    return max(ids)


async def _open_link(harness: BotHarness, user_id: int) -> list[SentMessage]:
    link = None
    for message in reversed(harness.sandbox.messages(ADMIN) + harness.sandbox.messages(THERA)):
        if (found := LINK_RE.search(message.plain)) is not None:
            link = found[0]
            break
    assert link is not None
    before = len(harness.sandbox.messages(user_id))
    await harness.wait_handled(harness.sandbox.open_link(user_id, link))
    return harness.sandbox.messages(user_id)[before:]


async def _therapist_with_patient(harness: BotHarness) -> None:
    harness.sandbox.user(THERA, first_name="Ann", last_name="Lee")
    await harness.send(ADMIN, "/newtherapist")
    await _open_link(harness, THERA)
    await harness.press(THERA, _t(harness, "therapist.use_name", name="Ann Lee"))
    harness.sandbox.user(PAT, first_name="Pia")
    await harness.send(THERA, "/invite")
    await _open_link(harness, PAT)
    await harness.press(PAT, _t(harness, "therapist.accept"))
    await harness.send(PAT, "Lisbon")
    await harness.send(PAT, "08:00")
    await answer_second_time(harness, PAT, None)
    await harness.press(PAT, _t(harness, "onboarding.diabetes_no"))


def _fake_assess(result: Assessment) -> Any:
    def assess(text: str, *, diabetes: bool | None) -> Assessment:
        return result

    return assess


# --- onboarding, every step, and the user who never pressed /start ----------------------------


async def test_before_start_a_sign_gets_advice_then_the_welcome(harness: BotHarness) -> None:
    out = await harness.send(NEW, SIGN)
    _advised_then_asked(harness, out, _t(harness, "onboarding.consent_question"))
    assert await _escalations(harness, NEW) == []  # no consent: nothing stored
    await harness.press(NEW, _t(harness, "onboarding.consent_yes"))
    user = await _row(harness, User, NEW)
    assert user.consent == "given"


async def test_every_onboarding_step_reasks_after_a_sign(harness: BotHarness) -> None:
    await harness.send(PAT, "/start")
    out = await harness.send(PAT, SIGN)  # at consent: advice, nothing stored, consent again
    _advised_then_asked(harness, out, _t(harness, "onboarding.consent_question"))
    await harness.press(PAT, _t(harness, "onboarding.consent_yes"))

    out = await harness.send(PAT, SIGN)  # the time zone step
    _advised_then_asked(harness, out, _t(harness, "onboarding.timezone_question"))
    user = await _row(harness, User, PAT)
    assert user.timezone is None and user.onboarding_step == "timezone"
    await harness.send(PAT, "Lisbon")
    assert (await _row(harness, User, PAT)).timezone == "Europe/Lisbon"

    out = await harness.send(PAT, OTHER_SIGN)  # the reminder time step
    _advised_then_asked(harness, out, _t(harness, "onboarding.reminder_question"))
    await harness.send(PAT, "08:00")
    assert (await _row(harness, User, PAT)).onboarding_step == "second_time"
    out = await harness.send(PAT, SIGN)  # the second daily time (a twice-daily programme)
    _advised_then_asked(harness, out, _t(harness, "onboarding.second_time_question"))
    await answer_second_time(harness, PAT, None)
    assert (await _row(harness, User, PAT)).onboarding_step == "diabetes"

    out = await harness.send(PAT, SIGN)  # the diabetes step
    _advised_then_asked(harness, out, _t(harness, "onboarding.diabetes_question"))
    count = len(await _escalations(harness, PAT))
    # "no" is no warning sign: it is read as the answer, the same as its button.
    out = await harness.send(PAT, "no")
    assert _texts(out, harness)[0] == _t(harness, "onboarding.diabetes_noted_no")
    assert len(await _escalations(harness, PAT)) == count
    user = await _row(harness, User, PAT)
    assert (user.diabetes, user.onboarding_step) == (False, "done")
    escalations = await _escalations(harness, PAT)
    assert [e.level for e in escalations] == ["emergency"] * 4  # one sign per step after consent
    assert all(e.source == "message" for e in escalations)


# --- /settings inputs -----------------------------------------------------------------------


async def test_settings_zone_and_times_reask_after_a_sign(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    await harness.send(PAT, "/settings")
    await harness.press(PAT, _t(harness, "reminders.buttons.zone"))
    out = await harness.send(PAT, SIGN)
    _advised_then_asked(harness, out, _t(harness, "reminders.zone_prompt"))
    # The sign was not taken for a zone name ("I couldn't find a time zone called ...").
    assert not any(shown(t, "reminders.zone_invalid") for t in _texts(out, harness))
    user = await _row(harness, User, PAT)
    assert (user.awaiting, user.timezone) == ("settings_zone", "Europe/Lisbon")
    out = await harness.send(PAT, "Berlin")
    assert _texts(out, harness) == [_t(harness, "reminders.zone_set", zone="Europe/Berlin")]

    await harness.send(PAT, "/settings")
    await harness.press(PAT, _t(harness, "reminders.buttons.change_times"))
    out = await harness.send(PAT, OTHER_SIGN)
    _advised_then_asked(harness, out, _t(harness, "reminders.times_prompt"))
    await harness.send(PAT, "09:15")
    schedule = await _row(harness, Schedule, PAT)
    assert schedule.times == "09:15"
    assert (await _row(harness, User, PAT)).awaiting is None


# --- therapists and admins ----------------------------------------------------------------------


async def test_therapist_invitee_name_is_not_a_symptom(harness: BotHarness) -> None:
    harness.sandbox.user(THERA, first_name="Ann", last_name="Lee")
    await harness.send(ADMIN, "/newtherapist")
    out = await _open_link(harness, THERA)
    question = _t(harness, "therapist.therapist_name_question")
    assert _texts(out, harness)[-1] == question
    out = await harness.send(THERA, SIGN)
    _advised_then_asked(harness, out, question)
    assert await _row(harness, Therapist, THERA) is None  # the symptom is no name
    out = await harness.send(THERA, "Dr Ann Lee")
    # Welcomed, then asked their time zone (every time they read is shown in it).
    assert _texts(out, harness) == [
        _t(harness, "therapist.therapist_welcome", name="Dr Ann Lee"),
        _t(harness, "therapist.zone_question", zone="UTC"),
    ]
    therapist = await _row(harness, Therapist, THERA)
    assert therapist.display_name == "Dr Ann Lee"


async def test_a_therapists_own_free_text_is_triaged(harness: BotHarness) -> None:
    await _therapist_with_patient(harness)
    out = await harness.send(THERA, SIGN)
    assert _action(harness, "emergency") in _texts(out, harness)[0]
    assert _t(harness, "common.unknown_text") not in _texts(out, harness)


async def test_therapist_time_for_a_patient_reasks_after_a_sign(harness: BotHarness) -> None:
    await _therapist_with_patient(harness)
    await harness.send(THERA, "/patients")
    await harness.press(THERA, _t(harness, "therapist.buttons.detail", name="Pia"))
    await harness.press(THERA, _t(harness, "therapist.buttons.time"))
    out = await harness.send(THERA, SIGN)
    _advised_then_asked(harness, out, _t(harness, "therapist.time_prompt", name="Pia"))
    out = await harness.send(THERA, "08:30")
    assert _texts(out, harness) == [_t(harness, "therapist.time_set", name="Pia", time="08:30")]


async def test_therapist_message_to_a_patient_is_not_triaged(harness: BotHarness) -> None:
    await _therapist_with_patient(harness)
    await harness.send(THERA, "/patients")
    await harness.press(THERA, _t(harness, "therapist.buttons.detail", name="Pia"))
    await harness.press(THERA, _t(harness, "therapist.buttons.message"))
    words = "please tell me at once if your toes go numb"
    assert triage.assess(words, diabetes=False).level > Level.NONE  # it would be triaged
    before = len(harness.sandbox.messages(PAT))
    out = await harness.send(THERA, words)
    assert _texts(out, harness) == [_t(harness, "therapist.message_sent", name="Pia")]
    delivered = _texts(harness.sandbox.messages(PAT)[before:], harness)
    assert delivered == [_t(harness, "therapist.message_from", therapist="Ann Lee", text=words)]
    assert await _escalations(harness, THERA) == [] and await _escalations(harness, PAT) == []


async def test_admin_in_settings_gets_advice_and_the_question(harness: BotHarness) -> None:
    await onboard(harness, ADMIN)
    out = await harness.send(ADMIN, SIGN)
    assert _action(harness, "emergency") in _texts(out, harness)[0]
    await harness.send(ADMIN, "/settings")
    await harness.press(ADMIN, _t(harness, "reminders.buttons.zone"))
    out = await harness.send(ADMIN, OTHER_SIGN)
    _advised_then_asked(harness, out, _t(harness, "reminders.zone_prompt"))
    out = await harness.send(ADMIN, "Berlin")
    assert _texts(out, harness) == [_t(harness, "reminders.zone_set", zone="Europe/Berlin")]
    assert [e.level for e in await _escalations(harness, ADMIN)] == ["emergency"] * 2


# --- captions, long messages, edits ---------------------------------------------------------------


async def test_a_caption_is_triaged_then_answered_as_a_photo(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    before = len(harness.sandbox.messages(PAT))
    await harness.wait_handled(harness.sandbox.send_photo_from_user(PAT, caption=SIGN))
    texts = _texts(harness.sandbox.messages(PAT)[before:], harness)
    assert _action(harness, "emergency") in texts[0]
    assert texts[-1] == _t(harness, "common.non_text")
    [esc] = await _escalations(harness, PAT)
    assert esc.text == SIGN


async def test_a_long_message_is_triaged_before_too_long(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    text = SIGN + ". " + "and more " * (MAX_MESSAGE_CHARS // 9)
    assert len(text) > MAX_MESSAGE_CHARS
    texts = _texts(await harness.send(PAT, text), harness)
    assert _action(harness, "emergency") in texts[0]
    assert texts[-1] == _t(harness, "common.too_long", length=len(text), limit=MAX_MESSAGE_CHARS)
    assert [e.level for e in await _escalations(harness, PAT)] == ["emergency"]
    # Mid-onboarding, the open question follows the advice and the "too long".
    await harness.send(NEW, "/start")
    await harness.press(NEW, _t(harness, "onboarding.consent_yes"))
    texts = _texts(await harness.send(NEW, text), harness)
    assert _action(harness, "emergency") in texts[0]
    assert texts[-2:] == [
        _t(harness, "common.too_long", length=len(text), limit=MAX_MESSAGE_CHARS),
        _t(harness, "onboarding.timezone_question"),
    ]


async def test_an_edited_message_is_triaged_once_per_sign(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    out = await harness.send(PAT, "the exercises went fine today")
    mid = _last_user_message_id(harness, PAT)
    assert not await _escalations(harness, PAT)
    out = await _edit(harness, PAT, mid, SIGN)
    assert _action(harness, "emergency") in _texts(out, harness)[0]
    assert await _edit(harness, PAT, mid, SIGN) == []  # the same sign: not again
    assert await _edit(harness, PAT, mid, SIGN + "!") == []
    [esc] = await _escalations(harness, PAT)
    assert esc.level == "emergency"
    # A different sign in a later edit is new, and answered.
    out = await _edit(harness, PAT, mid, "my toes are numb and tingling all the time now")
    assert _action(harness, "routine") in _texts(out, harness)[0]
    assert [e.level for e in await _escalations(harness, PAT)] == ["emergency", "routine"]
    # An edit is never a new answer: the zone is not changed by editing an old message.
    await harness.send(PAT, "/settings")
    await harness.press(PAT, _t(harness, "reminders.buttons.zone"))
    assert await _edit(harness, PAT, mid, "Berlin") == []
    assert (await _row(harness, User, PAT)).timezone == "Europe/Lisbon"


# --- non-text messages ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        {"voice": {"file_id": "v1", "file_unique_id": "v1u", "duration": 3}},
        {"video_note": {"file_id": "n1", "file_unique_id": "n1u", "length": 240, "duration": 2}},
        {"audio": {"file_id": "a1", "file_unique_id": "a1u", "duration": 9}},
        None,  # a sticker
        {},  # a photo without caption
    ],
    ids=["voice", "video_note", "audio", "sticker", "photo"],
)
async def test_non_text_gets_the_warning_signs_and_the_question_again(
    harness: BotHarness, content: dict[str, Any] | None
) -> None:
    await harness.send(PAT, "/start")
    await harness.press(PAT, _t(harness, "onboarding.consent_yes"))
    if content is None:
        out = await harness.sticker(PAT)
    elif not content:
        before = len(harness.sandbox.messages(PAT))
        await harness.wait_handled(harness.sandbox.send_photo_from_user(PAT))
        out = harness.sandbox.messages(PAT)[before:]
    else:
        out = await _user_sends(harness, PAT, content)
    texts = _texts(out, harness)
    assert texts[0].startswith(_t(harness, "routing.non_text"))
    assert all(sign in texts[0] for sign in _signs(harness))
    assert _t(harness, "safety.signs_outro") in texts[0]  # with the emergency number
    assert texts[-1] == _t(harness, "onboarding.timezone_question")
    assert await _escalations(harness, PAT) == []


# --- not English; a symptom the detector cannot place ------------------------------------------


async def test_not_english_gets_the_signs_and_an_english_only_line(
    harness: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await onboard(harness, PAT)
    real = triage.assess(OTHER_SIGN, diabetes=False)
    monkeypatch.setattr(
        triage, "assess", _fake_assess(Assessment(Level.NONE, (), (), language="es"))
    )
    texts = _texts(await harness.send(PAT, "me duelen un poco los dedos"), harness)
    assert len(texts) == 1 and texts[0].startswith(_t(harness, "routing.english_only"))
    assert all(sign in texts[0] for sign in _signs(harness))
    assert await _escalations(harness, PAT) == []
    # With a warning sign the advice is given (and stored) too, first.
    monkeypatch.setattr(triage, "assess", _fake_assess(dataclasses.replace(real, language="es")))
    texts = _texts(await harness.send(PAT, "mi pie está frío y azul"), harness)
    assert _action(harness, "emergency") in texts[0]
    assert texts[-1].startswith(_t(harness, "routing.english_only"))
    [esc] = await _escalations(harness, PAT)
    assert (esc.level, esc.text) == ("emergency", "mi pie está frío y azul")


async def test_not_english_does_not_block_an_awaited_answer(
    harness: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await onboard(harness, PAT)
    await harness.send(PAT, "/settings")
    await harness.press(PAT, _t(harness, "reminders.buttons.zone"))
    monkeypatch.setattr(
        triage, "assess", _fake_assess(Assessment(Level.NONE, (), (), language="de"))
    )
    texts = _texts(await harness.send(PAT, "Berlin"), harness)
    assert texts[0].startswith(_t(harness, "routing.english_only"))
    assert texts[-1] == _t(harness, "reminders.zone_set", zone="Europe/Berlin")


async def test_a_symptom_the_detector_cannot_place_gets_the_checkin(
    harness: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await onboard(harness, PAT)
    monkeypatch.setattr(triage, "assess", _fake_assess(Assessment(Level.NONE, (), (), ask=True)))
    out = await harness.send(PAT, "my second toe looks a bit odd lately")
    texts = _texts(out, harness)
    assert texts == [_t(harness, "routing.ask_intro"), _t(harness, "safety.checkin_question")]
    assert out[-1].keyboard  # the /symptoms buttons
    assert _t(harness, "common.unknown_text") not in texts
    out = await harness.press(PAT, _t(harness, "safety.checkin_items.numb"))
    out = await harness.press(PAT, _t(harness, "safety.checkin_send"))
    assert [e.source for e in await _escalations(harness, PAT)] == ["checkin"]


async def test_ask_with_a_level_advises_first_and_reasks_an_open_question(
    harness: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await onboard(harness, PAT)
    await harness.send(PAT, "/settings")
    await harness.press(PAT, _t(harness, "reminders.buttons.change_times"))
    real = triage.assess("my toes are numb and tingling all the time now", diabetes=False)
    monkeypatch.setattr(triage, "assess", _fake_assess(dataclasses.replace(real, ask=True)))
    texts = _texts(await harness.send(PAT, "my toes feel strange and numb"), harness)
    assert _action(harness, "routine") in texts[0]
    assert texts[1:] == [
        _t(harness, "routing.ask_intro"),
        _t(harness, "safety.checkin_question"),
        _t(harness, "reminders.times_prompt"),
    ]
    assert (await _row(harness, User, PAT)).awaiting == "settings_times"


async def test_ask_without_consent_gets_the_signs(
    harness: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(triage, "assess", _fake_assess(Assessment(Level.NONE, (), (), ask=True)))
    texts = _texts(await harness.send(NEW, "my toes look odd"), harness)
    assert texts[0].startswith(_t(harness, "routing.ask_signs_intro"))
    assert texts[-1] == _t(harness, "onboarding.consent_question")


async def test_plain_unknown_text_still_gets_the_pointer(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    # Not small talk, not a question, no drill open: chat has no reply for it either.
    out = await harness.send(PAT, "my cat is called Felix")
    assert _texts(out, harness) == [_t(harness, "common.unknown_text")]
    assert plain(out, harness.sandbox)


async def test_the_real_detector_asks_and_notices_other_languages(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    # Words the detector cannot place, about the patient's own toe (SAFETY.md): the check-in.
    assert triage.assess("my toe looks odd", diabetes=False).ask
    texts = _texts(await harness.send(PAT, "my toe looks odd"), harness)
    assert texts == [_t(harness, "routing.ask_intro"), _t(harness, "safety.checkin_question")]
    words = "mis dedos están raros"
    assert triage.assess(words, diabetes=False).language != "en"
    texts = _texts(await harness.send(PAT, words), harness)
    assert any(t.startswith(_t(harness, "routing.english_only")) for t in texts)
    assert _t(harness, "common.unknown_text") not in texts


# --- the exceptions, for captions, stickers and edits too ----------------------------------------


async def test_pain_detail_is_asked_again_after_a_sticker(harness: BotHarness) -> None:
    await onboard(harness, PAT)
    await harness.send(PAT, "/today")
    await harness.press(PAT, _t(harness, "drills.buttons.pain"))
    texts = _texts(await harness.sticker(PAT), harness)
    assert texts[0].startswith(_t(harness, "routing.non_text"))
    assert texts[-1] == _t(harness, "drills.pain_question")
    assert (await _row(harness, User, PAT)).awaiting == "pain_detail"
    # The typed answer is still the pain detail, triaged above the stop already advised.
    out = await harness.send(PAT, "sharp pain in the joint of my big toe")
    assert _texts(out, harness) == [_t(harness, "safety.pain_thanks")]
    assert [e.level for e in await _escalations(harness, PAT)] == ["stop"]


async def test_a_therapist_composing_a_message_is_not_triaged_by_caption_or_edit(
    harness: BotHarness,
) -> None:
    await _therapist_with_patient(harness)
    await harness.send(THERA, "/patients")
    await harness.press(THERA, _t(harness, "therapist.buttons.detail", name="Pia"))
    await harness.press(THERA, _t(harness, "therapist.buttons.message"))
    before = len(harness.sandbox.messages(THERA))
    await harness.wait_handled(harness.sandbox.send_photo_from_user(THERA, caption=SIGN))
    texts = _texts(harness.sandbox.messages(THERA)[before:], harness)
    assert texts[0].startswith(_t(harness, "routing.non_text"))
    assert texts[-1] == _t(harness, "therapist.message_prompt", name="Pia")
    assert await _edit(harness, THERA, _last_user_message_id(harness, THERA), SIGN) == []
    assert await _escalations(harness, THERA) == []
    out = await harness.send(THERA, "see you on Monday")
    assert _texts(out, harness) == [_t(harness, "therapist.message_sent", name="Pia")]
