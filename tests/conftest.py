"""Test configuration: Qt off-screen, a clean database per server test, a clock the test controls, and one
live demo server for the whole session (for the client package and the apps)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.helpers import DEMO_PASSWORD, ENGLISH, FakeClock
from tests.support import postgres_cluster_fixture
from tests.support.live_server import live_server_fixture

postgres_cluster = pytest.fixture(scope="session", name="postgres_cluster")(postgres_cluster_fixture)
live_server = pytest.fixture(scope="session", name="live_server")(live_server_fixture)
"""One real `branchq-server --demo` on loopback for the whole session (tests/support/live_server.py)."""

TEST_SECRET = "test-secret-key-that-is-long-enough-0123456789"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database migrated to head and seeded with the demo branch, made once and copied per test."""
    from server.container import build_container
    from server.demo import seed_demo
    from server.settings import load_settings

    path = tmp_path_factory.mktemp("template") / "branchq.db"
    settings = load_settings(environment="development", database_url=f"sqlite:///{path}", secret_key=TEST_SECRET)
    container = build_container(settings)
    seed_demo(container.db, DEMO_PASSWORD)
    with container.db.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    container.close()
    return path


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def database_url(sqlite_template: Path, tmp_path: Path) -> str:
    path = tmp_path / "branchq.db"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def settings(database_url: str):  # type: ignore[no-untyped-def]
    from server.settings import load_settings

    return load_settings(environment="development", database_url=database_url, secret_key=TEST_SECRET)


@pytest.fixture
def container(settings, clock: FakeClock) -> Iterator:  # type: ignore[no-untyped-def]
    from server.container import build_container

    built = build_container(settings, clock=clock, migrate=False)
    yield built
    built.close()


@pytest.fixture
def client(container) -> Iterator:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from server.api.app import create_app

    with TestClient(create_app(container, background_jobs=False), headers=ENGLISH) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def postgres_template(postgres_cluster) -> str:  # type: ignore[no-untyped-def]
    """A PostgreSQL database migrated to head and seeded with the demo branch; tests copy it."""
    from server.container import build_container
    from server.demo import seed_demo
    from server.settings import load_settings

    postgres_cluster.create_database("branchq_template")
    url = postgres_cluster.url("branchq_template")
    container = build_container(
        load_settings(environment="development", database_url=url, secret_key=TEST_SECRET)
    )
    seed_demo(container.db, DEMO_PASSWORD)
    container.close()
    return "branchq_template"


@pytest.fixture
def postgres_url(postgres_cluster, postgres_template, request) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A fresh copy of the seeded template database for one test."""
    name = f"t_{abs(hash(request.node.nodeid)) % 10**12}"
    postgres_cluster.create_database(name, template=postgres_template)
    yield postgres_cluster.url(name)
    postgres_cluster.drop_database(name)


@pytest.fixture
def postgres_container(postgres_url: str, clock: FakeClock) -> Iterator:  # type: ignore[no-untyped-def]
    from server.container import build_container
    from server.settings import load_settings

    settings = load_settings(environment="development", database_url=postgres_url, secret_key=TEST_SECRET)
    built = build_container(settings, clock=clock, migrate=False)
    yield built
    built.close()
