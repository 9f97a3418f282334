"""manage: the manager's notices for the waiting-room display, in two languages

Revision ID: 0009_manage
Revises: 0008_remote
Create Date: 2026-12-02 02:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_manage"
down_revision = "0008_remote"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("branches", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notice_zh", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("notice_en", sa.String(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("branches", schema=None) as batch_op:
        batch_op.drop_column("notice_en")
        batch_op.drop_column("notice_zh")
