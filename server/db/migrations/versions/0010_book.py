"""book: one customer across visits (keyed phone hash), booking capacity per service, bookings per phone

Revision ID: 0010_book
Revises: 0009_manage
Create Date: 2026-12-02 01:45:00

Existing customers get no phone key (their numbers were never stored): they stay as they are, and a
customer booking again from then on is recorded once. Existing services keep today's capacity (as many
bookings per slot as active counters serve them); branches allow 3 bookings to come per phone.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_book"
down_revision = "0009_manage"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("branches", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("max_open_bookings_per_phone", sa.Integer(), server_default="3", nullable=False)
        )
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.add_column(sa.Column("booking_capacity", sa.Integer(), nullable=True))
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("phone_key", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_customers_phone_key"), ["phone_key"])


def downgrade() -> None:
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_customers_phone_key"), type_="unique")
        batch_op.drop_column("phone_key")
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.drop_column("booking_capacity")
    with op.batch_alter_table("branches", schema=None) as batch_op:
        batch_op.drop_column("max_open_bookings_per_phone")
