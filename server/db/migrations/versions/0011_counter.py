"""counter: finish outcomes, pause reasons and pauses, ratings given at the counter, calling a chosen ticket

Revision ID: 0011_counter
Revises: 0010_book
Create Date: 2026-12-02 02:00:00

Finished tickets of before get no outcome (statistics count them as `done`); existing ratings were given on
the phone; every branch starts without calling a chosen ticket.
"""

import sqlalchemy as sa
from alembic import op

import server.db.types

revision = "0011_counter"
down_revision = "0010_book"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "counter_pauses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("counter_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("business_day", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("started_at", server.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ended_at", server.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["branch_id"], ["branches.id"], name=op.f("fk_counter_pauses_branch_id_branches")),
        sa.ForeignKeyConstraint(["counter_id"], ["counters.id"], name=op.f("fk_counter_pauses_counter_id_counters")),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_counter_pauses_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_counter_pauses")),
    )
    op.create_index(
        "ix_counter_pauses_branch_id_business_day", "counter_pauses", ["branch_id", "business_day"], unique=False
    )
    with op.batch_alter_table("branches", schema=None) as batch_op:
        batch_op.add_column(sa.Column("allow_call_specific", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("counters", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pause_reason", sa.String(length=16), nullable=True))
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("outcome", sa.String(length=16), nullable=True))
    with op.batch_alter_table("ratings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("via_counter", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("ratings", schema=None) as batch_op:
        batch_op.drop_column("via_counter")
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_column("outcome")
    with op.batch_alter_table("counters", schema=None) as batch_op:
        batch_op.drop_column("pause_reason")
    with op.batch_alter_table("branches", schema=None) as batch_op:
        batch_op.drop_column("allow_call_specific")
    op.drop_index("ix_counter_pauses_branch_id_business_day", table_name="counter_pauses")
    op.drop_table("counter_pauses")
