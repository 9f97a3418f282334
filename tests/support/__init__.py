"""Test support shared by the whole suite: real services the tests start themselves.

A conftest registers the session-wide PostgreSQL fixture like this::

    from tests.support import postgres_cluster_fixture
    postgres_cluster = pytest.fixture(scope="session", name="postgres_cluster")(postgres_cluster_fixture)
"""

from tests.support.pg_cluster import (
    PostgresBinariesMissing,
    PostgresCluster,
    PostgresClusterError,
    PostgresStartupFailed,
    find_pg_bin_dir,
    pg_bin_dir_for_tests,
    postgres_cluster_fixture,
    running_in_ci,
)

__all__ = [
    "PostgresBinariesMissing",
    "PostgresCluster",
    "PostgresClusterError",
    "PostgresStartupFailed",
    "find_pg_bin_dir",
    "pg_bin_dir_for_tests",
    "postgres_cluster_fixture",
    "running_in_ci",
]
