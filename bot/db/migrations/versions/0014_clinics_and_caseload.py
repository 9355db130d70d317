"""A therapist's real caseload: clinics (admins and therapists), a therapist's time zone, clinic invites,
alert acknowledgement and hand-over to a clinic's admins, prescriptions built from the
exercise library, messages both ways between a therapist and a patient, private notes.

Nothing to backfill: every new column is empty or false for existing rows (a therapist with
no zone reads UTC, labelled, until they choose one; an old alert is not acknowledged).
Columns are added in batch mode so SQLite keeps every row (foreign keys are off during
migrations, see `bot/db/engine.py`).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "clinics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("therapists", schema=None) as batch_op:
        batch_op.add_column(sa.Column("timezone", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("clinic_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("clinic_admin", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.create_index("ix_therapists_clinic_id", ["clinic_id"], unique=False)
        batch_op.create_foreign_key(
            "fk_therapists_clinic_id", "clinics", ["clinic_id"], ["id"], ondelete="SET NULL"
        )
    with op.batch_alter_table("invites", schema=None) as batch_op:
        batch_op.add_column(sa.Column("clinic_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("clinic_admin", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.create_foreign_key(
            "fk_invites_clinic_id", "clinics", ["clinic_id"], ["id"], ondelete="SET NULL"
        )
    with op.batch_alter_table("escalations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("acknowledged_at", sa.DateTime(timezone=True)))
        batch_op.add_column(sa.Column("acknowledged_by", sa.BigInteger()))
        batch_op.add_column(sa.Column("admins_alerted_at", sa.DateTime(timezone=True)))
    op.create_table(
        "prescriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.BigInteger(), nullable=False),
        sa.Column("exercise_id", sa.String(length=64), nullable=False),
        sa.Column("feet", sa.String(length=8), nullable=False),
        sa.Column("repetitions", sa.Integer(), nullable=False),
        sa.Column("times_per_day", sa.Integer(), nullable=False),
        sa.Column("days_per_week", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["patient_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("patient_id", "exercise_id", name="uq_prescription"),
    )
    op.create_index("ix_prescriptions_patient_id", "prescriptions", ["patient_id"])
    op.create_table(
        "therapist_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.BigInteger(), nullable=False),
        sa.Column("therapist_id", sa.BigInteger(), nullable=True),
        sa.Column("direction", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("reply_to", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["patient_id"], ["users.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["reply_to"], ["therapist_messages.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_therapist_messages_patient_at", "therapist_messages", ["patient_id", "created_at"]
    )
    op.create_table(
        "patient_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.BigInteger(), nullable=False),
        sa.Column("author_id", sa.BigInteger(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["patient_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_patient_notes_patient_at", "patient_notes", ["patient_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_patient_notes_patient_at", table_name="patient_notes")
    op.drop_table("patient_notes")
    op.drop_index("ix_therapist_messages_patient_at", table_name="therapist_messages")
    op.drop_table("therapist_messages")
    op.drop_index("ix_prescriptions_patient_id", table_name="prescriptions")
    op.drop_table("prescriptions")
    with op.batch_alter_table("escalations", schema=None) as batch_op:
        batch_op.drop_column("admins_alerted_at")
        batch_op.drop_column("acknowledged_by")
        batch_op.drop_column("acknowledged_at")
    with op.batch_alter_table("invites", schema=None) as batch_op:
        batch_op.drop_constraint("fk_invites_clinic_id", type_="foreignkey")
        batch_op.drop_column("clinic_admin")
        batch_op.drop_column("clinic_id")
    with op.batch_alter_table("therapists", schema=None) as batch_op:
        batch_op.drop_constraint("fk_therapists_clinic_id", type_="foreignkey")
        batch_op.drop_index("ix_therapists_clinic_id")
        batch_op.drop_column("clinic_admin")
        batch_op.drop_column("clinic_id")
        batch_op.drop_column("timezone")
    op.drop_table("clinics")
