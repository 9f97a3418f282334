"""The test PostgreSQL helper: finds the server programs, runs a real server, and cleans up after itself."""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import create_engine, text

from tests.support import pg_cluster
from tests.support.pg_cluster import (
    PostgresBinariesMissing,
    PostgresCluster,
    PostgresClusterError,
    PostgresStartupFailed,
    find_pg_bin_dir,
    pg_bin_dir_for_tests,
    postgres_cluster_fixture,
)


@pytest.fixture(scope="module")
def cluster() -> Iterator[PostgresCluster]:
    yield from postgres_cluster_fixture()


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A folder under /tmp that the unprivileged server user can enter (pytest's tmp_path is root-only)."""
    folder = Path(tempfile.mkdtemp(prefix="branchq-test-", dir="/tmp"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder)


def make_fake_bin_dir(folder: Path, **scripts: str) -> Path:
    """A bin folder whose programs are tiny shell scripts; programs not given just succeed."""
    folder.mkdir(mode=0o755, parents=True)
    for program in ("initdb", "postgres", "pg_ctl"):
        script = folder / program
        script.write_text("#!/bin/sh\n" + scripts.get(program, "exit 0") + "\n")
        script.chmod(0o755)
    return folder


def database_names(cluster: PostgresCluster) -> set[str]:
    with psycopg.connect(cluster.conninfo("postgres")) as connection:
        return {row[0] for row in connection.execute("SELECT datname FROM pg_database")}


# --- a running server -----------------------------------------------------------------------------------


@pytest.mark.postgres
def test_the_url_is_a_working_sqlalchemy_url(cluster: PostgresCluster) -> None:
    url = cluster.url("postgres")
    assert url == f"postgresql+psycopg://branchq@127.0.0.1:{cluster.port}/postgres"
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SELECT current_user")).scalar_one() == "branchq"
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_rows_written_in_utf8_are_read_back(cluster: PostgresCluster) -> None:
    cluster.create_database("rows_roundtrip")
    try:
        with psycopg.connect(cluster.conninfo("rows_roundtrip")) as connection:
            connection.execute("CREATE TABLE ticket (ticket_number text PRIMARY KEY, service text NOT NULL)")
            connection.execute("INSERT INTO ticket VALUES ('A001', '个人业务'), ('B001', '对公业务')")
            rows = connection.execute("SELECT ticket_number, service FROM ticket ORDER BY 1").fetchall()
        assert rows == [("A001", "个人业务"), ("B001", "对公业务")]
    finally:
        cluster.drop_database("rows_roundtrip")


@pytest.mark.postgres
def test_a_second_database_is_created_and_dropped_even_with_a_client_connected(
    cluster: PostgresCluster,
) -> None:
    assert cluster.create_database("second_db") == cluster.url("second_db")
    assert "second_db" in database_names(cluster)
    with psycopg.connect(cluster.conninfo("second_db")) as lingering_client:
        cluster.drop_database("second_db")
        with pytest.raises(psycopg.OperationalError):
            lingering_client.execute("SELECT 1")
    assert "second_db" not in database_names(cluster)


@pytest.mark.postgres
def test_a_database_copied_from_a_template_starts_with_its_tables(cluster: PostgresCluster) -> None:
    cluster.create_database("schema_template")
    with psycopg.connect(cluster.conninfo("schema_template")) as connection:
        connection.execute("CREATE TABLE branch (branch_id int PRIMARY KEY)")
    try:
        cluster.create_database("clean_copy", template="schema_template")
        with psycopg.connect(cluster.conninfo("clean_copy")) as connection:
            assert connection.execute("SELECT count(*) FROM branch").fetchone() == (0,)
        cluster.drop_database("clean_copy")
    finally:
        cluster.drop_database("schema_template")


@pytest.mark.postgres
def test_creating_a_database_twice_is_an_error(cluster: PostgresCluster) -> None:
    cluster.create_database("only_once")
    try:
        with pytest.raises(psycopg.errors.DuplicateDatabase):
            cluster.create_database("only_once")
    finally:
        cluster.drop_database("only_once")


@pytest.mark.postgres
def test_the_server_never_runs_as_root(cluster: PostgresCluster) -> None:
    status = Path(f"/proc/{cluster.server_pid}/status").read_text()
    real_uid = int(next(line for line in status.splitlines() if line.startswith("Uid:")).split()[1])
    if os.geteuid() == 0:
        assert real_uid != 0
        assert cluster.data_dir.stat().st_uid == real_uid
    else:
        assert real_uid == os.geteuid()


@pytest.mark.parametrize("bad_name", ["", "Upper", "1st", "semi;colon", "a-b", "x" * 64])
def test_unsafe_database_names_are_refused_before_reaching_the_server(bad_name: str) -> None:
    with pytest.raises(ValueError, match="lowercase letters, digits or underscores"):
        PostgresCluster().create_database(bad_name)


# --- lifecycle ------------------------------------------------------------------------------------------


@pytest.mark.postgres
def test_stopping_removes_the_folder_and_frees_the_port() -> None:
    cluster = PostgresCluster(pg_bin_dir_for_tests()).start()
    base_dir, port = cluster.base_dir, cluster.port
    assert base_dir is not None and port is not None
    with pytest.raises(PostgresClusterError, match="already started"):
        cluster.start()
    psycopg.connect(cluster.conninfo("postgres")).close()

    cluster.stop()
    cluster.stop()

    assert not base_dir.exists()
    with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.1", port), timeout=2):
        pass
    with socket.socket() as rebinding:  # the way postgres itself binds: SO_REUSEADDR
        rebinding.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        rebinding.bind(("127.0.0.1", port))
    with pytest.raises(PostgresClusterError, match="not running"):
        cluster.url("postgres")


def test_a_failing_initdb_is_reported_with_its_output_and_leaves_nothing_behind(shared_tmp: Path) -> None:
    bin_dir = make_fake_bin_dir(shared_tmp / "bin", initdb='echo "initdb: invalid locale settings"; exit 1')
    parent = shared_tmp / "clusters"
    parent.mkdir(mode=0o755)
    cluster = PostgresCluster(bin_dir, parent_dir=parent)

    with pytest.raises(PostgresStartupFailed, match=r"(?s)exited with 1.*invalid locale settings"):
        cluster.start()

    assert cluster.base_dir is None
    assert list(parent.iterdir()) == []


def test_a_server_that_dies_at_startup_is_reported_at_once_with_its_log(shared_tmp: Path) -> None:
    dies = 'echo "FATAL:  could not load pg_hba.conf"; exit 1'
    bin_dir = make_fake_bin_dir(shared_tmp / "bin", postgres=dies)
    cluster = PostgresCluster(bin_dir, parent_dir=shared_tmp, startup_timeout=60)

    with pytest.raises(PostgresStartupFailed, match=r"(?s)postgres exited with 1.*pg_hba.conf"):
        cluster.start()
    assert cluster.base_dir is None


def test_a_port_stolen_every_time_gives_up_after_three_attempts(shared_tmp: Path) -> None:
    stolen = 'echo "LOG:  could not bind IPv4 address: Address already in use"; exit 1'
    cluster = PostgresCluster(make_fake_bin_dir(shared_tmp / "bin", postgres=stolen), parent_dir=shared_tmp)

    with pytest.raises(PostgresStartupFailed, match="no free port after 3 attempts"):
        cluster.start()
    with pytest.raises(PostgresClusterError, match="not started"):
        _ = cluster.log_path


# --- finding the server programs ------------------------------------------------------------------------


@pytest.fixture
def no_system_postgres(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Hide the real installation: no BRANCHQ_PG_BIN, an empty Debian root and an empty PATH."""
    monkeypatch.delenv("BRANCHQ_PG_BIN", raising=False)
    monkeypatch.setattr(pg_cluster, "DEBIAN_PG_ROOT", tmp_path / "usr-lib-postgresql")
    empty_path = tmp_path / "empty-path"
    empty_path.mkdir()
    monkeypatch.setenv("PATH", str(empty_path))
    return tmp_path


def test_the_newest_debian_version_wins_by_number_not_by_spelling(no_system_postgres: Path) -> None:
    for version in ("9.6", "13", "15"):
        make_fake_bin_dir(no_system_postgres / "usr-lib-postgresql" / version / "bin")
    assert find_pg_bin_dir() == no_system_postgres / "usr-lib-postgresql" / "15" / "bin"


def test_a_version_folder_missing_programs_is_passed_over(no_system_postgres: Path) -> None:
    make_fake_bin_dir(no_system_postgres / "usr-lib-postgresql" / "14" / "bin")
    client_only = no_system_postgres / "usr-lib-postgresql" / "16" / "bin"
    client_only.mkdir(parents=True)
    (client_only / "initdb").touch(mode=0o755)
    assert find_pg_bin_dir() == no_system_postgres / "usr-lib-postgresql" / "14" / "bin"


def test_the_programs_are_found_on_path_last(
    no_system_postgres: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    on_path = make_fake_bin_dir(no_system_postgres / "local-bin")
    monkeypatch.setenv("PATH", f"{no_system_postgres / 'empty-path'}:{on_path}")
    assert find_pg_bin_dir() == on_path


def test_the_environment_variable_wins(no_system_postgres: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_fake_bin_dir(no_system_postgres / "usr-lib-postgresql" / "15" / "bin")
    chosen = make_fake_bin_dir(no_system_postgres / "custom")
    monkeypatch.setenv("BRANCHQ_PG_BIN", str(chosen))
    assert find_pg_bin_dir() == chosen


def test_a_wrong_environment_variable_is_an_error_not_a_fallback(
    no_system_postgres: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_fake_bin_dir(no_system_postgres / "usr-lib-postgresql" / "15" / "bin")
    monkeypatch.setenv("BRANCHQ_PG_BIN", str(no_system_postgres / "nowhere"))
    with pytest.raises(PostgresBinariesMissing, match=r"BRANCHQ_PG_BIN=.*nowhere"):
        find_pg_bin_dir()


@pytest.mark.usefixtures("no_system_postgres")
def test_missing_programs_name_the_debian_package() -> None:
    with pytest.raises(PostgresBinariesMissing, match="apt-get install -y postgresql-15"):
        find_pg_bin_dir()


@pytest.mark.usefixtures("no_system_postgres")
@pytest.mark.parametrize("ci_value", ["true", "1", "yes"])
def test_missing_programs_fail_the_session_fixture_in_ci(
    monkeypatch: pytest.MonkeyPatch, ci_value: str
) -> None:
    monkeypatch.setenv("CI", ci_value)
    with pytest.raises(pytest.fail.Exception, match=r"CI requires PostgreSQL.*postgresql-15"):
        next(postgres_cluster_fixture())
    with pytest.raises(pytest.fail.Exception, match="CI requires PostgreSQL"):
        pg_bin_dir_for_tests()


@pytest.mark.usefixtures("no_system_postgres")
@pytest.mark.parametrize("ci_value", [None, "", "false", "0"])
def test_missing_programs_skip_the_session_fixture_outside_ci(
    monkeypatch: pytest.MonkeyPatch, ci_value: str | None
) -> None:
    if ci_value is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci_value)
    with pytest.raises(pytest.skip.Exception, match="apt-get install -y postgresql-15"):
        next(postgres_cluster_fixture())
    with pytest.raises(pytest.skip.Exception, match="postgresql-15"):
        pg_bin_dir_for_tests()


def test_the_support_package_exports_every_class_and_function_of_the_helper() -> None:
    import tests.support

    helper_api = {name for name in pg_cluster.__all__ if callable(getattr(pg_cluster, name))}
    assert set(tests.support.__all__) == helper_api
    assert all(getattr(tests.support, name) is getattr(pg_cluster, name) for name in tests.support.__all__)
