"""Indexes for the set-based periodic jobs: completed drills by patient and local day, and
by local day across patients; completed self-tests by patient and instant; each test's
answers with the answer itself.

The no-improvement rule, the digest's "no drill in 7 days" and the self-test prompt read
these per chunk of patients (`user_id IN (...)`) or over the last few days (a range of
`local_day`); with the status, the date and the answer in the index, the rows they need
are read from the index alone, not from the table.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_drill_sessions_user_status_day",
        "drill_sessions",
        ["user_id", "status", "local_day"],
    )
    op.create_index(
        "ix_drill_sessions_status_day_user",
        "drill_sessions",
        ["status", "local_day", "user_id"],
    )
    op.create_index(
        "ix_self_test_answers_test_foot_answer",
        "self_test_answers",
        ["test_id", "foot", "answer"],
    )
    op.create_index(
        "ix_self_tests_user_status_completed",
        "self_tests",
        ["user_id", "status", "completed_at"],
    )


def downgrade() -> None:
    op.drop_index("ix_self_tests_user_status_completed", table_name="self_tests")
    op.drop_index("ix_self_test_answers_test_foot_answer", table_name="self_test_answers")
    op.drop_index("ix_drill_sessions_status_day_user", table_name="drill_sessions")
    op.drop_index("ix_drill_sessions_user_status_day", table_name="drill_sessions")
