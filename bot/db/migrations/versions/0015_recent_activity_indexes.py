"""Indexes for "who completed a self-test since an instant", across patients, and for the
audit lines a patient acted in.

The hourly no-improvement run judges, besides the patients of its hour slot, whoever
completed a self-test since the last run (`bot.services.rules.changed_since`): with the
status, the instant and the patient in one index, that is a short range read from the index
alone, not a scan of every test. Erasure anonymises the audit lines
a patient is the actor of (`bot.services.audit.anonymise`); without an index on the actor
each batch of erasures scanned the whole log.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_self_tests_status_completed_user",
        "self_tests",
        ["status", "completed_at", "user_id"],
    )
    op.create_index("ix_audit_log_actor_id", "audit_log", ["actor_id"])


def downgrade() -> None:
    op.drop_index("ix_audit_log_actor_id", table_name="audit_log")
    op.drop_index("ix_self_tests_status_completed_user", table_name="self_tests")
