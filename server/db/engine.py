"""Engine and session set-up for embedded SQLite and PostgreSQL.

SQLite gets WAL, foreign keys and a busy timeout, and write transactions start with
`BEGIN IMMEDIATE`: they take the write lock up front and wait for it, instead of failing half-way
when two issuers upgrade a read lock at once. PostgreSQL needs none of that; its row locks do the job.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 30_000


def make_engine(url: str, **kwargs: Any) -> Engine:
    if url.startswith("sqlite"):
        return _sqlite_engine(url, **kwargs)
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 20)
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def _sqlite_engine(url: str, **kwargs: Any) -> Engine:
    connect_args = kwargs.pop("connect_args", {})
    connect_args.setdefault("check_same_thread", False)
    connect_args.setdefault("timeout", SQLITE_BUSY_TIMEOUT_MS / 1000)
    engine = create_engine(url, connect_args=connect_args, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        if ":memory:" not in url:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


class Database:
    """Hands out sessions: `read()` for queries, `write()` for changes (one transaction each).

    `generation` counts committed writes that in-memory copies of the database cannot follow: every
    `write()` bumps it after its commit, unless the caller keeps its copies exact itself (`tracked=True`,
    which `Changes.begin` passes, bumping it only for changes it cannot describe). A cache stores the
    generation read *before* it read the database and trusts its entry while the number is unchanged
    (`server.services.caches`). The server is one process per database, so every write passes here.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._read = sessionmaker(engine, expire_on_commit=False)
        writer = engine.execution_options(sqlite_begin="IMMEDIATE") if engine.dialect.name == "sqlite" else engine
        self._write = sessionmaker(writer, expire_on_commit=False)
        self._sqlite_writer = threading.Lock() if engine.dialect.name == "sqlite" else None
        self._generations = itertools.count(1)
        self.generation = 0

    def bump(self) -> None:
        """Tell every in-memory copy that the database changed in a way it cannot follow."""
        self.generation = next(self._generations)  # atomic under the GIL; always a number never used before

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as session:
            yield session

    @contextmanager
    def write(self, *, tracked: bool = False) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any exception.

        Untracked writes bump `generation` once committed (and also when they fail: a rollback costs
        the caches one re-read, never a stale answer)."""
        try:
            with self._writer_turn(), self._write() as session, session.begin():
                yield session
        finally:
            if not tracked:
                self.bump()

    @contextmanager
    def _writer_turn(self) -> Iterator[None]:
        """SQLite has one writer at a time; queue this process's writers here rather than in SQLite's
        busy handler, which is unfair and lets a waiter time out under a burst of kiosks."""
        if self._sqlite_writer is None:
            yield
            return
        with self._sqlite_writer:
            yield

    def dispose(self) -> None:
        self.engine.dispose()
