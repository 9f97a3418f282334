"""Rows the hot path reads on every request, kept in memory until the database changes under them.

A `GenerationCache` keeps each entry with the database's `generation` read *before* the entry was
loaded, and trusts it only while that number is unchanged. Every write that the in-memory state cannot
follow bumps the number after its commit (`Database.write`; `Changes.begin` for changes other than the
queue's own ticket moves): configuration, accounts (a deactivation or a password change, which bumps
`token_version`), calendars, counters. So a deactivated account is refused on its very next request,
exactly as when every request read its account. The queue's ticket moves (issue, call, start, finish)
leave the number alone, which is what lets these caches last under load.

Assumption: one server process per database (as for the event hub and `live_queue`); a write made by
another process would not bump this one's number.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from sqlalchemy.orm import Session

from server.db.engine import Database

T = TypeVar("T")
MAX_ENTRIES = 4096
"""A bound against a flood of distinct keys (tokens of many accounts, made-up codes): past it, start over."""


class GenerationCache(Generic[T]):
    """Values loaded from the database, valid until its `generation` moves.

    Loaders must return objects that stay usable outside their session (plain values, or ORM rows
    whose columns are loaded; sessions here do not expire on commit) and must not be mutated by callers.
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        self._entries: dict[Hashable, tuple[int, T]] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, load: Callable[[Session], T]) -> T:
        generation = self.db.generation
        entry = self._entries.get(key)
        if entry is not None and entry[0] == generation:
            return entry[1]
        with self.db.read() as session:
            value = load(session)
            session.expunge_all()
        with self._lock:
            if len(self._entries) >= MAX_ENTRIES:
                self._entries.clear()
            self._entries[key] = (generation, value)
        return value
