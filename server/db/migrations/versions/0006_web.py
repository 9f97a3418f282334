"""web: rating reasons (the one list in server.domain.rating_reasons), added with the score or once after it

Revision ID: 0006_web
Revises: 0005_client
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_web"
down_revision = "0005_client"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ratings") as batch:
        batch.add_column(sa.Column("reasons", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("detailed", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("ratings") as batch:
        batch.drop_column("detailed")
        batch.drop_column("reasons")
