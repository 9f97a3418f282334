"""floor: missed-call return settings and placement

Revision ID: 0003_floor
Revises: 0002_calendar
"""

import sqlalchemy as sa
from alembic import op

import server.db.types

revision = "0003_floor"
down_revision = "0002_calendar"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("branches") as batch:
        batch.add_column(sa.Column("missed_call_return_min", sa.Integer(), nullable=False, server_default="30"))
        batch.add_column(sa.Column("missed_call_requeue_places", sa.Integer(), nullable=False, server_default="3"))
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("returned_at", server.db.types.UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("line_after", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("line_after")
        batch.drop_column("returned_at")
    with op.batch_alter_table("branches") as batch:
        batch.drop_column("missed_call_requeue_places")
        batch.drop_column("missed_call_return_min")
