"""calendar: weekly hours, special days (holidays, make-up working days), day end and no-show grace

Revision ID: 0002_calendar
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_calendar"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing branches keep their single opens_at/closes_at (weekly_hours NULL means every day those hours).
    with op.batch_alter_table("branches") as batch_op:
        batch_op.add_column(sa.Column("weekly_hours", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("day_end_after_min", sa.Integer(), server_default="60", nullable=False))
        batch_op.add_column(sa.Column("no_show_grace_min", sa.Integer(), server_default="15", nullable=False))
        batch_op.add_column(sa.Column("day_closed_on", sa.Date(), nullable=True))
    op.create_table(
        "special_days",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("hours", sa.JSON(), nullable=False),
        sa.Column("like_weekday", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["branches.id"], name=op.f("fk_special_days_branch_id_branches"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_special_days")),
        sa.UniqueConstraint("branch_id", "day", name=op.f("uq_special_days_branch_id_day")),
    )


def downgrade() -> None:
    op.drop_table("special_days")
    with op.batch_alter_table("branches") as batch_op:
        batch_op.drop_column("day_closed_on")
        batch_op.drop_column("no_show_grace_min")
        batch_op.drop_column("day_end_after_min")
        batch_op.drop_column("weekly_hours")
