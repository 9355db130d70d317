"""The periodic jobs that send on their own (weekly digest, weekly self-test prompt) and the
quiet ones (housekeeping, retention), plus the "patient left" notice to therapists.

Each job claims its run in `job_runs` (one conditional UPDATE, `services.data_requests`), so
N processes run it once per period; the notices it sends carry idempotency keys, so even a
run repeated after a crash sends nothing twice. Services give plain data; the texts are
rendered here by content key and leave through the one notifier (`Deps.notifier`):
rate-limited, recorded, and one recipient who blocked the bot never stops the others.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
from collections.abc import Sequence

from telegram.ext import ContextTypes

from bot.buttons import SelftestOpen
from bot.delivery.notify import forget_deliveries
from bot.deps import BOT_DATA_KEY, Deps
from bot.domain import invites, timefmt
from bot.domain.digest import level_label
from bot.domain.flags import flags_text, source_label
from bot.domain.notice import GOT_THROUGH, Notice, Outcome
from bot.domain.privacy import retention_cutoff
from bot.services import confirmations, data_requests, rules, therapy

__all__ = [
    "digest_job",
    "digest_notice",
    "housekeeping",
    "housekeeping_job",
    "my_turn",
    "prompt_selftests",
    "retention_job",
    "run_retention",
    "selftest_prompt_job",
    "send_digests",
    "tell_therapists",
]

log = logging.getLogger(__name__)

# Which process claimed a job's turn (for the job_runs row; never a secret).
OWNER = f"{socket.gethostname()}:{os.getpid()}"
# The hourly jobs' turn: a little under the hour, so one process whose tick fires a moment
# early still runs every hour, while a second process's tick in the same hour does not.
HOURLY = dt.timedelta(minutes=55)
DIGEST_JOB, SELFTEST_JOB, HOUSEKEEPING_JOB = "weekly-digest", "selftest-prompt", "housekeeping"
# Delivery records older than this are dropped: no job re-sends a notice that old, so its
# key is no longer needed to keep it from going twice.
DELIVERIES_KEPT = dt.timedelta(days=60)
# Outcomes after which a notice is settled: delivered (here or by another process), or the
# recipient blocked the bot (trying again every hour would only collect the same 403).
_SETTLED = GOT_THROUGH | {Outcome.BLOCKED}
# The self-test offer's button, parsed by handlers.selftest.
SELFTEST_OPEN = SelftestOpen().pack()


async def my_turn(d: Deps, name: str, every: dt.timedelta) -> bool:
    """True if this process won job `name`'s turn for this period (`job_runs`)."""
    async with d.transaction() as session:
        return await data_requests.claim_turn(
            session, name=name, owner=OWNER, now=d.now(), every=every
        )


# --- weekly digest ----------------------------------------------------------------------------


def digest_notice(d: Deps, digest: therapy.Digest, *, now: dt.datetime) -> Notice:
    """One therapist's weekly digest (any length: the notifier splits long ones), its dates
    and times on the therapist's clock, the zone named in the header, flags in plain words."""
    zone, texts = digest.zone, d.content.texts
    lines = [
        d.text(
            "therapist.digest_header",
            start=timefmt.to_local(digest.since, zone).strftime("%d %b"),
            end=timefmt.to_local(now, zone).strftime("%d %b"),
            zone=timefmt.zone_name(zone),
        )
    ]
    for patient, e in digest.items:
        lines.append(
            d.text(
                "therapist.digest_item",
                name=patient.display_name or patient.id,
                day=timefmt.to_local(e.created_at, zone).strftime(timefmt.SHORT_FMT),
                level=level_label(texts, e.level),
                source=source_label(texts, e.source),
                flags=flags_text(texts, e.flags, empty=""),
            )
        )
    if digest.inactive:
        lines.append(
            d.text(
                "therapist.digest_inactive",
                names=", ".join(p.display_name or str(p.id) for p in digest.inactive),
            )
        )
    if not digest.items and not digest.inactive:
        lines.append(d.text("therapist.digest_empty"))
    slot = digest.slot or now
    return Notice(
        chat_id=digest.therapist_id,
        text="\n".join(lines),
        kind="digest",
        key=f"digest:{digest.therapist_id}:{slot:%Y%m%d%H}",
    )


async def send_digests(d: Deps) -> int:
    """Send each active therapist's weekly digest once its slot has come (DIGEST_WEEKDAY
    and DIGEST_HOUR on the therapist's own clock); returns how many were sent. A therapist
    who blocked the bot, or whose digest failed, costs only theirs.

    One read transaction gathers every digest (a few set-based queries), the notifier sends
    them, and one write transaction marks the settled ones (batched UPDATEs)."""
    now = d.now()
    async with d.transaction() as session:
        digests = await therapy.digests_due(
            session, now=now, weekday=d.settings.digest_weekday, hour=d.settings.digest_hour
        )
    notices = [digest_notice(d, g, now=now) for g in digests]
    outcomes = await d.notifier.send_all(notices)
    # A failed digest is not marked: the next hourly run tries it again.
    settled = [g for g, outcome in zip(digests, outcomes, strict=True) if outcome in _SETTLED]
    if settled:
        async with d.transaction() as session:
            await therapy.mark_digests(
                session,
                therapist_ids=[g.therapist_id for g in settled],
                escalation_ids=[e.id for g in settled for _, e in g.items if e.id is not None],
                now=now,
            )
    return sum(outcome is Outcome.SENT for outcome in outcomes)


async def digest_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Job (hourly; once across processes): weekly digests, each therapist one per week."""
    d: Deps = context.bot_data[BOT_DATA_KEY]
    if await my_turn(d, DIGEST_JOB, HOURLY):
        await send_digests(d)


# --- weekly self-test prompt ------------------------------------------------------------------


async def prompt_selftests(d: Deps) -> int:
    """Send the weekly self-test prompt to whoever it is due for; returns how many."""
    now = d.now()
    async with d.transaction() as session:
        due = await rules.selftest_prompts_due(session, now=now)
    buttons = (((d.text("selftest.buttons.take"), SELFTEST_OPEN),),)
    offer = d.text("selftest.offer")
    notices = [
        Notice(
            chat_id=user.chat_id,
            text=offer,
            kind="selftest_prompt",
            key=f"selftest:{user.id}:{now:%Y%m%d}",
            buttons=buttons,
        )
        for user in due
    ]
    outcomes = await d.notifier.send_all(notices)
    prompted = [
        user.id for user, outcome in zip(due, outcomes, strict=True) if outcome in GOT_THROUGH
    ]
    if prompted:
        async with d.transaction() as session:
            await rules.mark_selftests_prompted(session, user_ids=prompted, now=now)
    return sum(outcome is Outcome.SENT for outcome in outcomes)


async def selftest_prompt_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Job (hourly; once across processes): the weekly self-test prompt, at each patient's
    own reminder hour."""
    d: Deps = context.bot_data[BOT_DATA_KEY]
    if await my_turn(d, SELFTEST_JOB, HOURLY):
        await prompt_selftests(d)


# --- "patient left" ---------------------------------------------------------------------------


async def tell_therapists(d: Deps, left: Sequence[tuple[int, int, str]]) -> list[Outcome]:
    """Tell each therapist in `left` (therapist id, patient id, name) that the patient left
    (erased their data or withdrew consent)."""
    notices = [
        Notice(
            chat_id=therapist_id,
            text=d.text("privacy.patient_left", name=name or "-"),
            kind="patient_left",
        )
        for therapist_id, _patient_id, name in left
    ]
    return await d.notifier.send_all(notices)


# --- housekeeping and retention ---------------------------------------------------------------


async def housekeeping(d: Deps) -> None:
    """Drop failed-invite records, expired confirmation buttons and old delivery records."""
    now = d.now()
    async with d.transaction() as session:
        await therapy.forget_attempts(session, before=now - invites.GUESS_WINDOW)
        await confirmations.forget_expired(session, now=now)
        await forget_deliveries(session, before=now - DELIVERIES_KEPT)


async def housekeeping_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Job (hourly; once across processes): see :func:`housekeeping`."""
    d: Deps = context.bot_data[BOT_DATA_KEY]
    if await my_turn(d, HOUSEKEEPING_JOB, HOURLY):
        await housekeeping(d)


async def run_retention(d: Deps) -> int | None:
    """Erase patients inactive for RETENTION_DAYS, if this process wins today's turn; how
    many were erased (None: off, or not this process's turn)."""
    cutoff = retention_cutoff(d.now(), d.settings.retention_days)
    if cutoff is None:
        return None
    if not await my_turn(d, data_requests.RETENTION_JOB, data_requests.RETENTION_EVERY):
        return None
    erased = 0
    while True:
        async with d.transaction() as session:
            batch = await data_requests.inactive_patients(session, cutoff=cutoff)
            if batch:
                await data_requests.erase(session, user_ids=batch, reason="retention", now=d.now())
        erased += len(batch)
        if len(batch) < data_requests.RETENTION_BATCH:
            return erased


async def retention_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Job (hourly; runs once a day across processes): erase long-inactive patients."""
    await run_retention(context.bot_data[BOT_DATA_KEY])
