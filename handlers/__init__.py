"""The Telegram edge: `register(app)` is the one place that orders the handlers.

Order matters because PTB runs only the first matching handler of a group (group -1, run
first, only notices a user who is back after blocking the bot):
1. edited messages before everything else: an edit is triaged again but never re-runs a
   command or counts as a new answer (PTB's command handlers would match an edited "/today");
2. commands we know (/start, /help) before the catch-all unknown-command handler;
3. buttons by prefix, then a catch-all that answers stale or forged buttons;
4. free text (not commands) before non-text messages, and the unknown-command handler last,
   so every update gets an answer and none gets two.
Free text, captions and edits are triaged first, for everyone, in every state: the ordered
free-text routes, and the few exceptions with their reasons, are below.

Free text goes one way, in one order: triage first, then the awaited answer, then a fallback.

Every message a user writes is read for warning signs before anything else answers it,
whatever carries it (typed text, a caption, an edit) and whoever sends it (a patient at any
step, someone who never pressed /start, a therapist or an admin: they can be patients too).
Then, in this order:
1. triage (`handlers.safety.triage_text`). A warning sign (advice, or the check-in when the
   detector cannot place a symptom) is the whole answer: an awaited question is asked
   again afterwards and the message is not taken as its answer (a symptom is not a zone).
   The warning-sign list alone (a question about signs, a message not in English) does not
   stop an awaited answer: "Lisboa" is still a zone;
2. the awaited answer, the first of `AWAITED` whose state is open (a row in the database).
   A reply to the therapist's message (after its Reply button, or Telegram's own reply to
   it) comes first and is taken even after a warning sign: the advice is given, and the
   reply still reaches the therapist (`handlers.messages`);
3. someone who never pressed /start gets the welcome;
4. anyone else, when triage said nothing at all, gets ordinary chat (`handlers.chat`): the
   intent read (`bot.domain.intents`), then small talk, an answer from the library with its
   source, or "next"/"repeat"/"skip"/"stop" typed during a drill or the self-test acting as
   its button. After the warning-sign list alone (a question about signs, a message not in
   English) nothing more is said: the list is the answer.

The exceptions to triage-first, each for a reason:
- a therapist's message to a patient is not triaged: it is a clinician's words about the
  patient's feet, not the therapist's own symptom; it goes to the patient as written;
- the answer to "where does it hurt?" after a pain stop is not triaged here because its
  taker (`handlers.safety.pain_detail`) is that triage, above the stop already advised.
A therapist's name, a time for a patient and every other awaited answer are triaged first.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from telegram import Message, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.buttons import (
    AfterPain,
    AuditPage,
    DrillStep,
    LibraryPress,
    OnboardingPress,
    OnboardingZonePick,
    PrivacyConfirm,
    PromptPress,
    SelftestAnswer,
    SelftestOpen,
    SettingsPress,
    SettingsZonePick,
    StartToday,
    WithdrawOffer,
)
from bot.callbacks import (
    AdminPress,
    AlertPress,
    CheckinPress,
    InviteAnswer,
    InviteRevoke,
    InvitesPage,
    MessageReply,
    PatientPress,
    PatientsPage,
    PrescribePress,
    SafetyPress,
    TherapistName,
    TherapistZone,
)
from bot.db.models import User
from bot.deps import Deps
from bot.domain.triage import Level
from bot.services.drills import AWAITING_PAIN
from bot.services.safety import render_signs
from handlers import (
    _onboarding,
    admin,
    caseload,
    chat,
    clinics,
    common,
    dashboard,
    drills,
    invites,
    messages,
    onboarding,
    prescriptions,
    privacy,
    reminders,
    safety,
    selftest,
    settings,
)
from handlers._shared import MAX_MESSAGE_CHARS, deps, ids, stored_user
from handlers.safety import Triaged

log = logging.getLogger(__name__)


def register(app: Application) -> None:  # type: ignore[type-arg]
    """Add every handler to `app`, in the order documented above."""
    private = filters.ChatType.PRIVATE
    # Group -1 runs before the answering handlers: a user back after blocking the bot is
    # active again whatever they send.
    app.add_handler(TypeHandler(Update, common.welcome_back), group=-1)
    app.add_handler(MessageHandler(private & filters.UpdateType.EDITED_MESSAGE, edited_message))
    # /start also carries invite payloads (deep links); invites.start routes both kinds.
    app.add_handler(CommandHandler("start", invites.start, filters=private))
    app.add_handler(CommandHandler("help", common.help_command, filters=private))
    app.add_handler(CommandHandler("today", drills.today_command, filters=private))
    app.add_handler(CommandHandler("exercises", drills.exercises_command, filters=private))
    app.add_handler(CommandHandler("selftest", selftest.selftest_command, filters=private))
    app.add_handler(CommandHandler("progress", selftest.progress_command, filters=private))
    app.add_handler(CommandHandler("symptoms", safety.symptoms_command, filters=private))
    app.add_handler(CommandHandler("settings", settings.settings_command, filters=private))
    app.add_handler(CommandHandler("pause", reminders.pause_command, filters=private))
    app.add_handler(CommandHandler("resume", reminders.resume_command, filters=private))
    app.add_handler(CommandHandler("stop", reminders.stop_command, filters=private))
    app.add_handler(CommandHandler("unlink", caseload.unlink_command, filters=private))
    app.add_handler(CommandHandler("newtherapist", admin.new_therapist, filters=private))
    app.add_handler(CommandHandler("therapists", admin.therapists_command, filters=private))
    app.add_handler(CommandHandler("newclinic", clinics.new_clinic, filters=private))
    app.add_handler(CommandHandler("clinics", clinics.clinics_command, filters=private))
    app.add_handler(CommandHandler("movetherapist", clinics.move_therapist, filters=private))
    app.add_handler(CommandHandler("alerts", clinics.alerts_command, filters=private))
    app.add_handler(CommandHandler("invite", invites.invite_command, filters=private))
    app.add_handler(CommandHandler("invites", invites.invites_command, filters=private))
    app.add_handler(CommandHandler("timezone", invites.timezone_command, filters=private))
    app.add_handler(CommandHandler("patients", caseload.patients_command, filters=private))
    app.add_handler(CommandHandler("export", caseload.export_command, filters=private))
    app.add_handler(CommandHandler("dashboard", dashboard.dashboard_command, filters=private))
    app.add_handler(CommandHandler("mydata", privacy.mydata_command, filters=private))
    app.add_handler(CommandHandler("delete", privacy.delete_command, filters=private))
    app.add_handler(CommandHandler("audit", privacy.audit_command, filters=private))
    app.add_handler(CallbackQueryHandler(onboarding.on_button, pattern=OnboardingPress.pattern()))
    app.add_handler(
        CallbackQueryHandler(onboarding.on_zone_pick, pattern=OnboardingZonePick.pattern())
    )
    app.add_handler(CallbackQueryHandler(settings.on_zone_pick, pattern=SettingsZonePick.pattern()))
    app.add_handler(CallbackQueryHandler(drills.on_drill_button, pattern=DrillStep.pattern()))
    app.add_handler(CallbackQueryHandler(drills.on_start_today, pattern=StartToday.pattern()))
    app.add_handler(CallbackQueryHandler(drills.on_after_pain, pattern=AfterPain.pattern()))
    app.add_handler(CallbackQueryHandler(drills.on_library_button, pattern=LibraryPress.pattern()))
    app.add_handler(CallbackQueryHandler(selftest.on_button, pattern=SelftestAnswer.pattern()))
    app.add_handler(CallbackQueryHandler(selftest.on_open, pattern=SelftestOpen.pattern()))
    app.add_handler(CallbackQueryHandler(safety.on_button, pattern=SafetyPress.pattern()))
    app.add_handler(CallbackQueryHandler(safety.on_checkin, pattern=CheckinPress.pattern()))
    app.add_handler(CallbackQueryHandler(reminders.on_prompt_button, pattern=PromptPress.pattern()))
    app.add_handler(
        CallbackQueryHandler(settings.on_settings_button, pattern=SettingsPress.pattern())
    )
    app.add_handler(CallbackQueryHandler(invites.on_invite_answer, pattern=InviteAnswer.pattern()))
    app.add_handler(CallbackQueryHandler(invites.on_name_button, pattern=TherapistName.pattern()))
    app.add_handler(CallbackQueryHandler(invites.on_revoke, pattern=InviteRevoke.pattern()))
    app.add_handler(CallbackQueryHandler(invites.on_invites_page, pattern=InvitesPage.pattern()))
    app.add_handler(CallbackQueryHandler(invites.on_zone_button, pattern=TherapistZone.pattern()))
    app.add_handler(CallbackQueryHandler(caseload.on_patients_page, pattern=PatientsPage.pattern()))
    app.add_handler(CallbackQueryHandler(admin.on_admin_button, pattern=AdminPress.pattern()))
    app.add_handler(CallbackQueryHandler(clinics.on_alert_button, pattern=AlertPress.pattern()))
    app.add_handler(
        CallbackQueryHandler(caseload.on_patient_button, pattern=PatientPress.pattern())
    )
    app.add_handler(CallbackQueryHandler(prescriptions.on_button, pattern=PrescribePress.pattern()))
    app.add_handler(
        CallbackQueryHandler(privacy.on_withdraw_offer, pattern=WithdrawOffer.pattern())
    )
    app.add_handler(CallbackQueryHandler(privacy.on_confirm, pattern=PrivacyConfirm.pattern()))
    app.add_handler(CallbackQueryHandler(privacy.on_audit_page, pattern=AuditPage.pattern()))
    app.add_handler(CallbackQueryHandler(messages.on_reply_button, pattern=MessageReply.pattern()))
    app.add_handler(CallbackQueryHandler(common.stale_button))
    app.add_handler(MessageHandler(private & filters.TEXT & ~filters.COMMAND, text_message))
    app.add_handler(MessageHandler(private & filters.COMMAND, common.unknown_command))
    # Captions are triaged there too: a photo of a toe asking "is this infected?".
    app.add_handler(
        MessageHandler(private & ~filters.TEXT & ~filters.StatusUpdate.ALL, non_text_message)
    )
    app.add_error_handler(common.on_error)


# --- the free-text routes, in the order explained above ----------------------------------------

Step = Callable[[Update, ContextTypes.DEFAULT_TYPE, User], Awaitable[object]]


class Triage(enum.Enum):
    """How a message is triaged while an answer is awaited."""

    FIRST = "first"  # by the routes, before the answer is taken
    BY_TAKER = "by_taker"  # the taker is itself the triage of the answer
    NEVER = "never"  # not the sender's own words about their feet


@dataclass(frozen=True)
class Awaited:
    """A free-text answer the bot may wait for: who waits, who takes it, how to ask again."""

    name: str
    waits: Callable[[User], bool]
    take: Step
    reask: Step
    triage: Triage = Triage.FIRST
    # The level already advised while this answer is open; a caption or an edit triaged
    # meanwhile is answered only above it.
    floor: Level = Level.NONE


async def _pain_take(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User) -> None:
    message = update.effective_message
    assert message is not None and message.text is not None
    await safety.pain_detail(update, context, user, message.text)


async def _pain_reask(update: Update, context: ContextTypes.DEFAULT_TYPE, user: User) -> None:
    if update.effective_message is not None:
        await update.effective_message.chat.send_message(deps(context).text("drills.pain_question"))


# The first whose state is open takes the answer. Pain detail first: it follows a pain stop
# in a drill or a skipped prompt and is the most recent question asked.
AWAITED: tuple[Awaited, ...] = (
    Awaited(
        "pain detail",
        lambda user: user.awaiting == AWAITING_PAIN,
        _pain_take,
        _pain_reask,
        Triage.BY_TAKER,
        Level.STOP,
    ),
    Awaited(
        "therapist message",
        caseload.awaits_message,
        caseload.on_text,
        caseload.reask,
        Triage.NEVER,
    ),
    # The patient's reply after Reply: triaged first, then taken even after advice (see
    # `text_message`); listed here for its re-ask after a sticker or a photo.
    Awaited("patient reply", messages.awaits_reply, messages.on_text, messages.reask),
    # A name and a time are never awaited at once (one `awaiting` state): their order is moot.
    Awaited("therapist name", invites.awaits_name, invites.on_name_text, invites.reask_name),
    # The therapist's own zone, asked when enrolled and by /timezone.
    Awaited("therapist zone", invites.awaits_zone, invites.on_zone_text, invites.reask_zone),
    Awaited("therapist time", caseload.awaits_time, caseload.on_text, caseload.reask),
    # A number of repetitions typed while building a prescription (triaged first).
    Awaited(
        "prescribed repetitions", prescriptions.awaits, prescriptions.on_text, prescriptions.reask
    ),
    Awaited("settings times or zone", settings.awaits, settings.on_text, settings.reask),
    Awaited("onboarding", onboarding.awaits, onboarding.on_text, onboarding.reask),
)


def awaited(user: User | None) -> Awaited | None:
    """The answer `user` owes, if any."""
    if user is None:
        return None
    return next((a for a in AWAITED if a.waits(user)), None)


class _Unavailable(Exception):
    """The database could not be read: the message is triaged without it."""


async def _load(update: Update, context: ContextTypes.DEFAULT_TYPE) -> User | None:
    who = ids(update)
    assert who is not None
    try:
        return await stored_user(update, deps(context), context)
    except Exception as exc:  # locked, down, unreachable: the patient must still get advice
        log.warning(
            "user %s not loaded (%s): triaged without the database", who[0], type(exc).__name__
        )
        raise _Unavailable from exc


async def _triage_without_database(
    update: Update, context: ContextTypes.DEFAULT_TYPE, text: str | None
) -> Triaged:
    """Advice never waits for the database: triage as for someone unknown (diabetes counted as
    possible, nothing stored: consent cannot be read)."""
    if not text:
        return Triaged.NOTHING
    return await safety.triage_text(update, context, None, text)


async def _reply_text_only(message: Message, d: Deps) -> None:
    """A voice note or a photo may be about a symptom we cannot read: the signs, always."""
    await message.reply_text(
        render_signs(d.content.redflags, d.text("routing.non_text"), d.text("safety.signs_outro"))
    )


async def _reask(
    update: Update, context: ContextTypes.DEFAULT_TYPE, user: User | None, open_: Awaited | None
) -> None:
    message = update.effective_message
    assert message is not None
    if user is None:
        # The question for someone who never pressed /start is the welcome and consent.
        await _onboarding.begin(update, context, message)
    elif open_ is not None:
        await open_.reask(update, context, user)


async def text_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Typed text: triage first, then the awaited answer, then a fallback (see above)."""
    d, message = deps(context), update.effective_message
    if ids(update) is None or message is None or message.text is None:
        return
    text = message.text
    try:
        user = await _load(update, context)
    except _Unavailable:
        if not await _triage_without_database(update, context, text):
            await message.reply_text(d.text("common.error"))
        return
    open_ = awaited(user)
    if open_ is not None and open_.triage is not Triage.FIRST:
        assert user is not None
        await open_.take(update, context, user)
        return
    triaged = await safety.triage_text(update, context, user, text)
    if len(text) > MAX_MESSAGE_CHARS:
        # Not from a real client; triaged all the same, but not taken as an answer. "Send a
        # shorter one" keeps the question open; only advice in between needs it asked again.
        await message.reply_text(
            d.text("common.too_long", length=len(text), limit=MAX_MESSAGE_CHARS)
        )
        if triaged is Triaged.WARNED:
            await _reask(update, context, user, open_)
        return
    if user is not None and await messages.take_reply(update, context, user):
        # A reply to the therapist (Reply pressed, or Telegram's reply to their message)
        # reaches them whatever triage said: any advice was given above, and the therapist
        # still reads the patient's words.
        return
    if triaged is Triaged.WARNED:
        await _reask(update, context, user, open_)
    elif user is None:
        await _onboarding.begin(update, context, message)
    elif open_ is not None:
        await open_.take(update, context, user)
    elif triaged is Triaged.NOTHING:
        await chat.reply(update, context, user)


async def edited_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An edited message or caption: triaged again, answered only for a new warning sign."""
    message = update.effective_message
    if ids(update) is None or message is None:
        return
    text = message.text or message.caption
    if not text:
        return
    try:
        user = await _load(update, context)
    except _Unavailable:
        await _triage_without_database(update, context, text)
        return
    open_ = awaited(user)
    if open_ is not None and open_.triage is Triage.NEVER:
        return
    floor = open_.floor if open_ is not None else Level.NONE
    # An edit is never taken as an awaited answer: it may be of any earlier message.
    if await safety.triage_text(update, context, user, text, floor=floor) is Triaged.WARNED:
        await _reask(update, context, user, open_)


async def non_text_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Voice, stickers, photos, files: a caption is triaged, then we say we read text only
    (with the warning signs) and ask any open question again."""
    d, message = deps(context), update.effective_message
    if ids(update) is None or message is None:
        return
    try:
        user = await _load(update, context)
    except _Unavailable:
        if not await _triage_without_database(update, context, message.caption):
            await _reply_text_only(message, d)
        return
    open_ = awaited(user)
    triaged = Triaged.NOTHING
    if message.caption and (open_ is None or open_.triage is not Triage.NEVER):
        floor = open_.floor if open_ is not None else Level.NONE
        triaged = await safety.triage_text(update, context, user, message.caption, floor=floor)
    if triaged:
        # Advice or the signs were just given: the short line is enough.
        await message.reply_text(d.text("common.non_text"))
    else:
        await _reply_text_only(message, d)
    await _reask(update, context, user, open_)
