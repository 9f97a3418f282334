"""remote: joining the queue from a phone, the phone numbers to notify, the notification outbox

Revision ID: 0008_remote
Revises: 0007_kserver
Create Date: 2026-12-02 02:00:00

Branches get the remote-queue switch (off), its daily cap and the longest time given to arrive; tickets get
their arrive-by time, check-in time, the encrypted phone number and its masked form; appointments the
encrypted number for the reminder. `notifications` is the outbox the delivery worker empties.
"""

import sqlalchemy as sa
from alembic import op

import server.db.types

revision = "0008_remote"
down_revision = "0007_kserver"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("branches", schema=None) as batch_op:
        batch_op.add_column(sa.Column("remote_queue_enabled", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("remote_daily_cap", sa.Integer(), server_default="50", nullable=False))
        batch_op.add_column(sa.Column("remote_arrive_within_min", sa.Integer(), server_default="60", nullable=False))
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("arrive_by", server.db.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("checked_in_at", server.db.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("phone_sealed", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("phone_masked", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("near_notified_at", server.db.types.UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("phone_sealed", sa.LargeBinary(), nullable=True))
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("body_sealed", sa.LargeBinary(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", server.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", server.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("failed_at", server.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=200), nullable=False),
        sa.Column("created_at", server.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["branch_id"], ["branches.id"], name=op.f("fk_notifications_branch_id_branches")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
        sa.UniqueConstraint("message_id", name=op.f("uq_notifications_message_id")),
    )
    op.create_index("ix_notifications_due", "notifications", ["delivered_at", "next_attempt_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_notifications_due", table_name="notifications")
    op.drop_table("notifications")
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.drop_column("phone_sealed")
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        for column in ("near_notified_at", "phone_masked", "phone_sealed", "checked_in_at", "arrive_by"):
            batch_op.drop_column(column)
    with op.batch_alter_table("branches", schema=None) as batch_op:
        for column in ("remote_arrive_within_min", "remote_daily_cap", "remote_queue_enabled"):
            batch_op.drop_column(column)
