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
free-text routes, and the few exceptions with their reasons, are in `handlers.routes`.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from handlers import (
    common,
    drills,
    onboarding,
    privacy,
    reminders,
    routes,
    safety,
    selftest,
    therapist,
)


def register(app: Application) -> None:  # type: ignore[type-arg]
    """Add every handler to `app`, in the order documented above."""
    private = filters.ChatType.PRIVATE
    # Group -1 runs before the answering handlers: a user back after blocking the bot is
    # active again whatever they send.
    app.add_handler(TypeHandler(Update, common.welcome_back), group=-1)
    app.add_handler(
        MessageHandler(private & filters.UpdateType.EDITED_MESSAGE, routes.edited_message)
    )
    # /start also carries invite payloads (deep links); therapist.start routes both kinds.
    app.add_handler(CommandHandler("start", therapist.start, filters=private))
    app.add_handler(CommandHandler("help", common.help_command, filters=private))
    app.add_handler(CommandHandler("today", drills.today_command, filters=private))
    app.add_handler(CommandHandler("exercises", drills.exercises_command, filters=private))
    app.add_handler(CommandHandler("selftest", selftest.selftest_command, filters=private))
    app.add_handler(CommandHandler("progress", selftest.progress_command, filters=private))
    app.add_handler(CommandHandler("symptoms", safety.symptoms_command, filters=private))
    app.add_handler(CommandHandler("settings", reminders.settings_command, filters=private))
    app.add_handler(CommandHandler("pause", reminders.pause_command, filters=private))
    app.add_handler(CommandHandler("resume", reminders.resume_command, filters=private))
    app.add_handler(CommandHandler("stop", reminders.stop_command, filters=private))
    app.add_handler(CommandHandler("unlink", therapist.unlink_command, filters=private))
    app.add_handler(CommandHandler("newtherapist", therapist.new_therapist, filters=private))
    app.add_handler(CommandHandler("therapists", therapist.therapists_command, filters=private))
    app.add_handler(CommandHandler("invite", therapist.invite_command, filters=private))
    app.add_handler(CommandHandler("invites", therapist.invites_command, filters=private))
    app.add_handler(CommandHandler("patients", therapist.patients_command, filters=private))
    app.add_handler(CommandHandler("export", therapist.export_command, filters=private))
    app.add_handler(CommandHandler("mydata", privacy.mydata_command, filters=private))
    app.add_handler(CommandHandler("delete", privacy.delete_command, filters=private))
    app.add_handler(CommandHandler("audit", privacy.audit_command, filters=private))
    app.add_handler(CallbackQueryHandler(onboarding.on_button, pattern=rf"^{onboarding.PREFIX}:"))
    app.add_handler(
        CallbackQueryHandler(drills.on_drill_button, pattern=rf"^{drills.DRILL_PREFIX}:")
    )
    app.add_handler(
        CallbackQueryHandler(drills.on_library_button, pattern=rf"^{drills.LIBRARY_PREFIX}:")
    )
    app.add_handler(CallbackQueryHandler(selftest.on_button, pattern=rf"^{selftest.PREFIX}:"))
    app.add_handler(CallbackQueryHandler(safety.on_button, pattern=rf"^{safety.PREFIX}:"))
    app.add_handler(CallbackQueryHandler(safety.on_checkin, pattern=rf"^{safety.CHECKIN_PREFIX}:"))
    app.add_handler(CallbackQueryHandler(reminders.on_prompt_button, pattern=r"^pr:"))
    app.add_handler(CallbackQueryHandler(reminders.on_settings_button, pattern=r"^se:"))
    app.add_handler(CallbackQueryHandler(therapist.on_invite_answer, pattern=r"^iv:"))
    app.add_handler(CallbackQueryHandler(therapist.on_name_button, pattern=r"^tn:"))
    app.add_handler(CallbackQueryHandler(therapist.on_revoke, pattern=r"^ti:"))
    app.add_handler(CallbackQueryHandler(therapist.on_admin_button, pattern=r"^ta:"))
    app.add_handler(CallbackQueryHandler(therapist.on_patient_button, pattern=r"^tp:"))
    app.add_handler(CallbackQueryHandler(privacy.on_withdraw_offer, pattern=r"^pv:w$"))
    app.add_handler(CallbackQueryHandler(privacy.on_confirm, pattern=r"^pv:"))
    app.add_handler(CallbackQueryHandler(privacy.on_audit_page, pattern=r"^au:"))
    app.add_handler(CallbackQueryHandler(common.stale_button))
    app.add_handler(MessageHandler(private & filters.TEXT & ~filters.COMMAND, routes.text_message))
    app.add_handler(MessageHandler(private & filters.COMMAND, common.unknown_command))
    # Captions are triaged there too: a photo of a toe asking "is this infected?".
    app.add_handler(
        MessageHandler(private & ~filters.TEXT & ~filters.StatusUpdate.ALL, routes.non_text_message)
    )
    app.add_error_handler(common.on_error)
