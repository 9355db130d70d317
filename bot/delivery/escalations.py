"""The escalation jobs as PTB jobs: the outbox (records kept in memory, advice not yet
delivered, therapist alerts not yet sent), the follow-up reminders, the no-improvement rule.

The workflow itself is `bot.services.escalations`; this module only builds its `Workflow`
from the application's `Deps` (the one notifier, the clock, the content, the database) and
gives the composition root job callbacks of the shape PTB wants.

With N processes: the outbox and the reminders need no turn of their own, since every
notice they send carries a key the delivery path claims once (two runs at the same moment
send each advice, alert and reminder once: tests/integration/test_jobs_concurrent.py); the
no-improvement rule creates escalations, so it claims the hour's turn in `job_runs` first.
"""

from __future__ import annotations

import datetime as dt

from telegram.ext import ContextTypes

from bot.delivery.jobs import HOURLY, my_turn
from bot.deps import BOT_DATA_KEY, Deps
from bot.domain.selftest import NoImprovementRule
from bot.services import escalations, safety
from bot.services.escalations import Workflow

NO_IMPROVEMENT_JOB = "no-improvement"


def workflow(d: Deps) -> Workflow:
    """The escalation workflow over this application's services."""
    return Workflow(
        transaction=d.transaction,
        clock=d.clock,
        content=d.content,
        notifier=d.notifier,
        # Per engine: one per process, one per app in tests.
        pending=safety.pending_for(d.engine),
        admin_ids=frozenset(d.settings.admin_ids),
        alert_fold=dt.timedelta(minutes=d.settings.alert_fold_minutes),
    )


def no_improvement_rule(d: Deps) -> NoImprovementRule:
    """The rule with this deployment's settings."""
    return NoImprovementRule(
        weeks=d.settings.no_improvement_weeks, min_days_per_week=d.settings.no_improvement_min_days
    )


def _deps(context: ContextTypes.DEFAULT_TYPE) -> Deps:
    d: Deps = context.bot_data[BOT_DATA_KEY]
    return d


async def deliver_all(d: Deps) -> int:
    """One outbox run; how many pieces of advice got through."""
    return await escalations.run_outbox(workflow(d))


async def remind_all(d: Deps) -> int:
    """One reminder run; how many patients were reminded."""
    return await escalations.remind_all(workflow(d))


async def advise_no_improvement(d: Deps) -> int:
    """One run of the no-improvement rule, if this process wins the hour's turn; how many
    patients were advised. The turn is what keeps two processes running it at the same
    moment from both storing (and sending) an escalation for the same patient: the advice
    keys are per escalation, so only one run may create them."""
    if not await my_turn(d, NO_IMPROVEMENT_JOB, HOURLY):
        return 0
    return await advise_no_improvement_now(d)


async def advise_no_improvement_now(d: Deps) -> int:
    """One run of the no-improvement rule, the hour's turn already held (or not needed: the
    benchmark); how many patients were advised."""
    return await escalations.advise_no_improvement(workflow(d), no_improvement_rule(d))


async def outbox_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Job: store records the database refused, retry undelivered advice and missing alerts."""
    await deliver_all(_deps(context))


async def reminder_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Job: follow up emergency/urgent advice not yet confirmed (2 h, then daily)."""
    await remind_all(_deps(context))


async def no_improvement_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Job: the no-improvement advice, once per window, to patients it applies to."""
    await advise_no_improvement(_deps(context))
