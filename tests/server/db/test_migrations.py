from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from server.db.migrate import upgrade_to_head
from server.db.models import Base


def test_migrations_create_exactly_the_models_schema(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    upgrade_to_head(engine)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
    assert "alembic_version" in inspect(engine).get_table_names()


def test_upgrading_twice_is_harmless(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    upgrade_to_head(engine)
    upgrade_to_head(engine)
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())


def test_branches_of_an_older_database_keep_their_daily_hours(tmp_path):
    """0002_calendar adds weekly hours without touching existing branches: they stay open
    opens_at-closes_at every day, with the default day end and no-show grace."""
    from datetime import date

    from alembic import command
    from sqlalchemy import text
    from sqlalchemy.orm import Session

    from server.db.migrate import alembic_config
    from server.db.models import Branch
    from server.services.calendars import branch_calendar

    engine = create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(text(
            "INSERT INTO branches (code, name_zh, name_en, time_zone, opens_at, closes_at, calling_policy, "
            "wait_predictor, max_recalls, active, event_seq) VALUES ('old', '旧', 'Old', 'Asia/Shanghai', "
            "'08:30:00.000000', '16:00:00.000000', 'fifo', 'ql', 2, 1, 0)"
        ))
    upgrade_to_head(engine)
    with Session(engine) as session:
        branch = session.query(Branch).one()
        assert (branch.weekly_hours, branch.day_end_after_min, branch.no_show_grace_min) == (None, 60, 15)
        calendar = branch_calendar(session, branch)
        assert [str(p) for p in calendar.hours_on(date(2026, 12, 6))] == ["08:30-16:00"]  # a Sunday too


def test_a_counter_s_mixed_zone_is_split_into_its_two_languages(tmp_path):
    """0007_kserver: "一楼 A 区 / Floor 1, Zone A" becomes zone_zh and zone_en; a zone in one language only is
    kept as it was on both sides, for an administrator to correct."""
    from alembic import command
    from sqlalchemy import text

    from server.db.migrate import alembic_config

    engine = create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0004_sessions")
        connection.execute(text(
            "INSERT INTO branches (code, name_zh, name_en, time_zone, opens_at, closes_at, calling_policy, "
            "wait_predictor, max_recalls, active, event_seq) VALUES ('old', '旧', 'Old', 'Asia/Shanghai', "
            "'08:30:00.000000', '16:00:00.000000', 'fifo', 'ql', 2, 1, 0)"
        ))
        for number, zone in ((1, "一楼 A 区 / Floor 1, Zone A"), (2, "贵宾室"), (3, "")):
            connection.execute(text(
                "INSERT INTO counters (branch_id, number, name, zone, state, active) "
                f"VALUES (1, {number}, '', :zone, 'closed', 1)"
            ), {"zone": zone})
    upgrade_to_head(engine)
    with engine.connect() as connection:
        zones = connection.execute(text("SELECT zone_zh, zone_en FROM counters ORDER BY number")).all()
    assert [tuple(row) for row in zones] == [("一楼 A 区", "Floor 1, Zone A"), ("贵宾室", "贵宾室"), ("", "")]
