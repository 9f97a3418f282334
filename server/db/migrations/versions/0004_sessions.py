"""sessions: token versions for revoking tokens on a password change; appointment manage tokens

Revision ID: 0004_sessions
Revises: 0003_floor
Create Date: 2026-12-01 21:40:00

Existing accounts start at token version 0, which tokens issued before this migration also carry (they
have no version claim), so nobody is logged out by the upgrade. Existing appointments get no manage token:
their customers manage them through staff.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_sessions"
down_revision = "0003_floor"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("staff", "devices"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("token_version", sa.Integer(), server_default="0", nullable=False))
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("manage_token_hash", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(op.f("uq_appointments_manage_token_hash"), ["manage_token_hash"])


def downgrade() -> None:
    with op.batch_alter_table("appointments", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("uq_appointments_manage_token_hash"), type_="unique")
        batch_op.drop_column("manage_token_hash")
    for table in ("devices", "staff"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("token_version")
