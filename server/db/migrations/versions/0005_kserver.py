"""kserver: service categories, counter zones in two languages, device health

Revision ID: 0005_kserver
Revises: 0006_web
Create Date: 2026-12-02 00:40:00

The counters' one mixed zone ("一楼 A 区 / Floor 1, Zone A") becomes `zone_zh` and `zone_en`: text on both
sides of " / " is split into the two; a zone without it is kept as it was in both (an administrator
corrects the English later). Downgrading joins them again. Existing services get no category.
"""

import sqlalchemy as sa
from alembic import op

import server.db.types

revision = "0005_kserver"
down_revision = "0006_web"
branch_labels = None
depends_on = None

SEPARATOR = " / "


def upgrade() -> None:
    op.create_table(
        "service_categories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name_zh", sa.String(length=100), nullable=False),
        sa.Column("name_en", sa.String(length=100), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["branch_id"], ["branches.id"], name=op.f("fk_service_categories_branch_id_branches")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_categories")),
        sa.UniqueConstraint("branch_id", "code", name=op.f("uq_service_categories_branch_id_code")),
    )
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.add_column(sa.Column("category_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_services_category_id_service_categories"), "service_categories", ["category_id"], ["id"]
        )
    with op.batch_alter_table("counters", schema=None) as batch_op:
        batch_op.add_column(sa.Column("zone_zh", sa.String(length=100), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("zone_en", sa.String(length=100), nullable=False, server_default=""))
    _split_zones()
    with op.batch_alter_table("counters", schema=None) as batch_op:
        batch_op.alter_column("zone_zh", server_default=None)
        batch_op.alter_column("zone_en", server_default=None)
        batch_op.drop_column("zone")
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("printer_state", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("camera_state", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("health_changed_at", server.db.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("last_seen_at", server.db.types.UTCDateTime(timezone=True), nullable=True))


def _split_zones() -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, zone FROM counters")).all()
    for counter_id, zone in rows:
        zone_zh, zone_en = split_zone(zone or "")
        connection.execute(
            sa.text("UPDATE counters SET zone_zh = :zh, zone_en = :en WHERE id = :id"),
            {"zh": zone_zh, "en": zone_en, "id": counter_id},
        )


def split_zone(zone: str) -> tuple[str, str]:
    """ "一楼 A 区 / Floor 1, Zone A" -> ("一楼 A 区", "Floor 1, Zone A"); without a separator, the same text twice."""
    if SEPARATOR in zone:
        zone_zh, zone_en = zone.split(SEPARATOR, 1)
        return zone_zh.strip(), zone_en.strip()
    return zone.strip(), zone.strip()


def downgrade() -> None:
    with op.batch_alter_table("devices", schema=None) as batch_op:
        for column in ("last_seen_at", "health_changed_at", "camera_state", "printer_state"):
            batch_op.drop_column(column)
    with op.batch_alter_table("counters", schema=None) as batch_op:
        batch_op.add_column(sa.Column("zone", sa.String(length=100), nullable=False, server_default=""))
    op.get_bind().execute(sa.text(
        "UPDATE counters SET zone = CASE WHEN zone_zh = zone_en THEN zone_zh "
        "ELSE zone_zh || ' / ' || zone_en END"
    ))
    with op.batch_alter_table("counters", schema=None) as batch_op:
        batch_op.alter_column("zone", server_default=None)
        batch_op.drop_column("zone_en")
        batch_op.drop_column("zone_zh")
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("fk_services_category_id_service_categories"), type_="foreignkey")
        batch_op.drop_column("category_id")
    op.drop_table("service_categories")
