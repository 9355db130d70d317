"""Drills that reached their end with every exercise skipped become 'skipped': they were
stored as 'finished' and counted as sessions done (streak, adherence, digests, export).

A finished drill passed each exercise by "done" or by "skip"; an exercise was done when it
has a "done" step event and no "skipped" one. A finished drill with no such exercise is the
all-skipped kind (`bot.domain.walkthrough.completed`). Data only; no schema change.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The drills to mark: finished, and no step event "done" of an exercise that was not skipped.
_MARK_ALL_SKIPPED = """
    UPDATE drill_sessions SET status = 'skipped', end_reason = 'all_skipped'
    WHERE status = 'finished' AND NOT EXISTS (
        SELECT 1 FROM step_events AS done
        WHERE done.session_id = drill_sessions.id AND done.kind = 'done'
          AND NOT EXISTS (
              SELECT 1 FROM step_events AS skip
              WHERE skip.session_id = done.session_id AND skip.kind = 'skipped'
                AND skip.exercise_id = done.exercise_id
          )
    )
"""


def upgrade() -> None:
    op.execute(_MARK_ALL_SKIPPED)


def downgrade() -> None:
    # Before 0011 every drill that reached its end was 'finished'.
    op.execute(
        "UPDATE drill_sessions SET status = 'finished', end_reason = 'completed' "
        "WHERE status = 'skipped'"
    )
