"""A throw-away PostgreSQL server that the tests start and stop themselves.

The server tests need a real PostgreSQL (row locks, sequences, ``FOR UPDATE``), not SQLite pretending to be
one, and they must not depend on a server someone else configured.  So each test session runs ``initdb``
into a fresh folder under ``/tmp``, starts ``postgres`` on a free port of 127.0.0.1 and removes everything
afterwards.

``initdb`` refuses to run as root, and CI runs as root: in that case the server runs as an unprivileged system
user (:data:`SERVER_OS_USER`, created on first use).

Exceptions::

    PostgresClusterError
    ├── PostgresBinariesMissing   no initdb/postgres found: install the Debian package postgresql-15
    └── PostgresStartupFailed     initdb or postgres failed, or the server did not answer in time
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import IO

import psycopg
import pytest
from psycopg import sql

__all__ = [
    "DATABASE_SUPERUSER",
    "SERVER_OS_USER",
    "PostgresBinariesMissing",
    "PostgresCluster",
    "PostgresClusterError",
    "PostgresStartupFailed",
    "find_pg_bin_dir",
    "pg_bin_dir_for_tests",
    "postgres_cluster_fixture",
    "running_in_ci",
]

SERVER_OS_USER = "branchq-pg"
DATABASE_SUPERUSER = "branchq"
APT_PACKAGE = "postgresql-15"
DEBIAN_PG_ROOT = Path("/usr/lib/postgresql")
REQUIRED_PROGRAMS = ("initdb", "postgres", "pg_ctl")
_DATABASE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
# Durability is pointless for a database that lives one test session; turning it off saves seconds.
_FAST_SERVER_SETTINGS = ("fsync=off", "synchronous_commit=off", "full_page_writes=off")


class PostgresClusterError(RuntimeError):
    """Base of every error raised while providing a test PostgreSQL server."""


class PostgresBinariesMissing(PostgresClusterError):
    """The PostgreSQL server programs are not installed where we look."""


class PostgresStartupFailed(PostgresClusterError):
    """``initdb`` or ``postgres`` failed, or the server did not accept connections in time."""


def running_in_ci() -> bool:
    """True when the ``CI`` variable says so; CI must fail, not skip, when PostgreSQL is missing."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def find_pg_bin_dir() -> Path:
    """Return the folder holding ``initdb``, ``postgres`` and ``pg_ctl``.

    Looks in ``$BRANCHQ_PG_BIN`` (an explicit choice is never second-guessed), then the newest
    ``/usr/lib/postgresql/<version>/bin`` (Debian keeps the server programs off ``PATH``), then ``PATH``.
    """
    explicit = os.environ.get("BRANCHQ_PG_BIN")
    if explicit:
        if _has_server_programs(Path(explicit)):
            return Path(explicit)
        raise PostgresBinariesMissing(
            f"BRANCHQ_PG_BIN={explicit} does not contain {', '.join(REQUIRED_PROGRAMS)}; "
            f"point it at a PostgreSQL bin folder or unset it"
        )
    for candidate in _debian_bin_dirs_newest_first():
        if _has_server_programs(candidate):
            return candidate
    initdb_on_path = shutil.which("initdb")
    if initdb_on_path and _has_server_programs(Path(initdb_on_path).parent):
        return Path(initdb_on_path).parent
    raise PostgresBinariesMissing(
        f"PostgreSQL server programs not found (looked in $BRANCHQ_PG_BIN, {DEBIAN_PG_ROOT}/*/bin and PATH); "
        f"install them with: apt-get install -y {APT_PACKAGE}  (or run: bash scripts/setup.sh)"
    )


def _has_server_programs(folder: Path) -> bool:
    return all(os.access(folder / program, os.X_OK) for program in REQUIRED_PROGRAMS)


def _debian_bin_dirs_newest_first() -> list[Path]:
    if not DEBIAN_PG_ROOT.is_dir():
        return []
    versions = [entry for entry in DEBIAN_PG_ROOT.iterdir() if entry.name.replace(".", "").isdigit()]
    versions.sort(key=lambda entry: tuple(int(part) for part in entry.name.split(".")), reverse=True)
    return [version / "bin" for version in versions]


def _free_tcp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _ensure_server_os_user() -> pwd.struct_passwd:
    """Return the account the server runs as: ourselves, or (as root) an unprivileged system user."""
    if os.geteuid() != 0:
        return pwd.getpwuid(os.geteuid())
    try:
        return pwd.getpwnam(SERVER_OS_USER)
    except KeyError:
        pass
    command = [
        "useradd",
        "--system",
        "--no-create-home",
        "--home-dir",
        "/nonexistent",
        "--shell",
        "/usr/sbin/nologin",
        SERVER_OS_USER,
    ]
    try:
        complaint = subprocess.run(command, capture_output=True, text=True, check=False).stderr.strip()
    except OSError as error:
        complaint = str(error)
    try:  # another process may have created it meanwhile: the account existing is what matters
        return pwd.getpwnam(SERVER_OS_USER)
    except KeyError:
        raise PostgresStartupFailed(
            f"could not create the system user {SERVER_OS_USER!r} that runs PostgreSQL "
            f"(initdb refuses root): {complaint}"
        ) from None


class PostgresCluster:
    """One PostgreSQL server in its own temporary folder, listening on 127.0.0.1 only.

    The server trusts every local connection (it lives for one test session and is reachable only from this
    machine), runs in UTC with the C locale, and skips fsync.  Use it as a context manager, or call
    :meth:`start` and :meth:`stop` yourself.

    Attributes:
        bin_dir: folder of ``initdb``/``postgres``/``pg_ctl``; found by :func:`find_pg_bin_dir` if not given.
        startup_timeout: seconds to wait for the server to accept connections (and to stop).
        port: TCP port on 127.0.0.1, set by :meth:`start`.
        base_dir: the temporary folder (``data/``, ``socket/``, ``postgres.log``); ``None`` once stopped.
    """

    def __init__(
        self, bin_dir: Path | None = None, *, startup_timeout: float = 30.0, parent_dir: Path | None = None
    ) -> None:
        self.bin_dir = bin_dir
        self.startup_timeout = startup_timeout
        self.port: int | None = None
        self.base_dir: Path | None = None
        self._parent_dir = parent_dir
        self._os_user: pwd.struct_passwd | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    def __enter__(self) -> PostgresCluster:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def data_dir(self) -> Path:
        return self._require_base_dir() / "data"

    @property
    def socket_dir(self) -> Path:
        return self._require_base_dir() / "socket"

    @property
    def log_path(self) -> Path:
        return self._require_base_dir() / "postgres.log"

    @property
    def server_pid(self) -> int | None:
        """Process id of the postmaster while it runs, else ``None``."""
        return self._process.pid if self._process is not None else None

    def start(self) -> PostgresCluster:
        """Create the cluster and start the server; on any failure leave nothing behind."""
        if self.base_dir is not None:
            raise PostgresClusterError("this cluster is already started; stop() it before starting again")
        self.bin_dir = self.bin_dir or find_pg_bin_dir()
        self._os_user = _ensure_server_os_user()
        self.base_dir = self._make_base_dir()
        try:
            self._initdb()
            self._launch_on_a_free_port()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop the server (``pg_ctl stop -m fast``) and delete its folder; safe to call twice."""
        if self._process is not None:
            self._stop_server(self._process)
        if self._log is not None:
            self._log.close()
            self._log = None
        if self.base_dir is not None:
            shutil.rmtree(self.base_dir)
            self.base_dir = None

    def url(self, dbname: str) -> str:
        """SQLAlchemy URL of database *dbname* on this server."""
        return f"postgresql+psycopg://{DATABASE_SUPERUSER}@127.0.0.1:{self._require_port()}/{dbname}"

    def conninfo(self, dbname: str) -> str:
        """libpq connection string of database *dbname*, for ``psycopg.connect``."""
        return f"host=127.0.0.1 port={self._require_port()} user={DATABASE_SUPERUSER} dbname={dbname}"

    def create_database(self, name: str, *, template: str | None = None) -> str:
        """Create database *name* (a copy of *template* if given) and return its SQLAlchemy URL.

        Copying a template that already holds the schema gives each test a clean database without migrating.
        """
        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(_checked_database_name(name)))
        if template is not None:
            template_name = sql.Identifier(_checked_database_name(template))
            statement = sql.SQL("{} TEMPLATE {}").format(statement, template_name)
        self._execute_in_maintenance_database(statement)
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop database *name*, closing whatever connections are still open on it."""
        identifier = sql.Identifier(_checked_database_name(name))
        self._execute_in_maintenance_database(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(identifier))

    def _execute_in_maintenance_database(self, statement: sql.Composable) -> None:
        with psycopg.connect(self.conninfo("postgres"), autocommit=True) as connection:
            connection.execute(statement)

    def _require_base_dir(self) -> Path:
        if self.base_dir is None:
            raise PostgresClusterError("the cluster is not started: call start() or use it in a with block")
        return self.base_dir

    def _require_port(self) -> int:
        if self.port is None or self._process is None:
            raise PostgresClusterError("the server is not running: call start() or use it in a with block")
        return self.port

    def _make_base_dir(self) -> Path:
        # Under /tmp, not the caller's home: the unprivileged server user must be able to reach it.
        parent = self._parent_dir or (Path("/tmp") if os.geteuid() == 0 else None)
        base_dir = Path(tempfile.mkdtemp(prefix="branchq-pg-", dir=parent))
        (base_dir / "socket").mkdir()
        if os.geteuid() == 0:
            user = self._server_os_user()
            for path in (base_dir, base_dir / "socket"):
                os.chown(path, user.pw_uid, user.pw_gid)
        return base_dir

    def _server_os_user(self) -> pwd.struct_passwd:
        if self._os_user is None:
            raise PostgresClusterError("internal: server OS user not resolved before use")
        return self._os_user

    def _program(self, name: str) -> str:
        if self.bin_dir is None:
            raise PostgresClusterError("internal: bin_dir not resolved before use")
        return str(self.bin_dir / name)

    def _spawn_as_server_user(self, command: list[str], output: IO[bytes] | int) -> subprocess.Popen[bytes]:
        """Start *command* as the server's OS user (root's groups dropped), in a clean environment."""
        base_dir = self._require_base_dir()
        environment = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LC_ALL": "C",
            "TZ": "UTC",
            "HOME": str(base_dir),
        }
        drop_root = os.geteuid() == 0
        user = self._server_os_user()
        try:
            return subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                cwd=base_dir,
                env=environment,
                user=user.pw_uid if drop_root else None,
                group=user.pw_gid if drop_root else None,
                extra_groups=[] if drop_root else None,
            )
        except OSError as error:
            raise PostgresStartupFailed(f"could not run {command[0]}: {error}") from error

    def _run_as_server_user(self, command: list[str]) -> tuple[int, str]:
        """Run *command* to completion (bounded by the startup timeout); return its exit code and output."""
        process = self._spawn_as_server_user(command, subprocess.PIPE)
        try:
            output, _ = process.communicate(timeout=self.startup_timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise PostgresStartupFailed(
                f"{command[0]} did not finish within {self.startup_timeout} s"
            ) from None
        return process.returncode, output.decode(errors="replace")

    def _initdb(self) -> None:
        command = [
            self._program("initdb"),
            "--pgdata",
            str(self.data_dir),
            "--username",
            DATABASE_SUPERUSER,
            "--auth",
            "trust",
            "--encoding",
            "UTF8",
            "--locale",
            "C",
            "--no-sync",
            "--no-instructions",
        ]
        returncode, output = self._run_as_server_user(command)
        if returncode != 0:
            raise PostgresStartupFailed(f"initdb exited with {returncode}:\n{output}".rstrip())

    def _launch_on_a_free_port(self, attempts: int = 3) -> None:
        """Start the server; if another program grabbed the chosen port meanwhile, try another one."""
        for attempt in range(1, attempts + 1):
            self.port = _free_tcp_port()
            try:
                self._launch()
                return
            except _PortTaken:
                if attempt == attempts:
                    raise PostgresStartupFailed(f"no free port after {attempts} attempts") from None

    def _launch(self) -> None:
        settings = [item for setting in _FAST_SERVER_SETTINGS for item in ("-c", setting)]
        command = [
            self._program("postgres"),
            "-D",
            str(self.data_dir),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-k",
            str(self.socket_dir),
            *settings,
        ]
        if self._log is None:
            self._log = self.log_path.open("ab")
        self._process = self._spawn_as_server_user(command, self._log)
        self._wait_until_accepting_connections(self._process)

    def _wait_until_accepting_connections(self, process: subprocess.Popen[bytes]) -> None:
        """Poll with a short connect until the server answers, it dies, or the timeout passes."""
        deadline = time.monotonic() + self.startup_timeout
        while not self._accepts_connections():
            if time.monotonic() > deadline:
                raise PostgresStartupFailed(
                    f"PostgreSQL did not accept connections within {self.startup_timeout} s; "
                    f"log:\n{self._log_tail()}"
                )
            try:  # doubles as the pause between attempts, and notices at once if the server exits
                process.wait(timeout=0.05)
            except subprocess.TimeoutExpired:
                continue
            self._process = None
            log = self._log_tail()
            if "Address already in use" in log:
                raise _PortTaken()
            raise PostgresStartupFailed(f"postgres exited with {process.returncode}; log:\n{log}")

    def _accepts_connections(self) -> bool:
        try:
            psycopg.connect(self.conninfo("postgres"), connect_timeout=2).close()
        except psycopg.OperationalError:
            return False
        return True

    def _log_tail(self, lines: int = 20) -> str:
        if self._log is not None:
            self._log.flush()
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def _stop_server(self, process: subprocess.Popen[bytes]) -> None:
        if process.poll() is None:
            command = [
                self._program("pg_ctl"),
                "stop",
                "--pgdata",
                str(self.data_dir),
                "--mode",
                "fast",
                "--wait",
                "--timeout",
                str(int(self.startup_timeout)),
            ]
            self._run_as_server_user(command)
        try:
            process.wait(timeout=self.startup_timeout)
        except subprocess.TimeoutExpired:
            process.kill()  # pg_ctl could not stop it: a leftover postmaster would hold the port
            process.wait()
        self._process = None


class _PortTaken(Exception):
    """Internal: the chosen port was taken between probing it and the server binding it."""


def _checked_database_name(name: str) -> str:
    if not _DATABASE_NAME.fullmatch(name):
        raise ValueError(
            f"database name {name!r} is not allowed: use 1-63 lowercase letters, digits or underscores, "
            f"not starting with a digit"
        )
    return name


def pg_bin_dir_for_tests() -> Path:
    """The PostgreSQL bin folder, or else skip the calling test (fail it in CI) with install instructions.

    CI must fail rather than skip: it promises that the database code was really tested.
    """
    try:
        return find_pg_bin_dir()
    except PostgresBinariesMissing as missing:
        if running_in_ci():
            pytest.fail(f"CI requires PostgreSQL: {missing}", pytrace=False)
        pytest.skip(str(missing))


def postgres_cluster_fixture() -> Iterator[PostgresCluster]:
    """Body of the session-wide ``postgres_cluster`` fixture: one running server for the whole session.

    Skipped (failed in CI) without the PostgreSQL programs, see :func:`pg_bin_dir_for_tests`.
    """
    with PostgresCluster(pg_bin_dir_for_tests()) as cluster:
        yield cluster
