"""Clients of the session's live demo server (tests/support/live_server.py), and a collector of events.

The counter and event tests work at the second demo branch (`demo2`), so the tickets they call are their own
and not those that kiosk tests take at `demo`."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest

from client import BranchQClient, Event

WAIT_S = 20.0
"""How long a test waits for something the server does (a condition, never a sleep)."""


@pytest.fixture
def connect(live_server) -> Iterator[Callable[..., BranchQClient]]:  # type: ignore[no-untyped-def]
    """`connect(username=None, language="en")`: a client of the live server, logged in when named."""
    made: list[BranchQClient] = []

    def make(username: str | None = None, language: str = "en", **options) -> BranchQClient:  # type: ignore[no-untyped-def]
        client = BranchQClient(live_server.base_url, language=language, **options)
        made.append(client)
        if username is not None:
            client.login(username, live_server.accounts.password)
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture
def kiosk(connect) -> BranchQClient:  # type: ignore[no-untyped-def]
    return connect("kiosk-1")


class EventCollector:
    """Collects what an `EventStream` reports and lets a test wait until a condition on it holds."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self.connections = 0
        self.disconnections: list[str] = []
        self._changed = threading.Condition()

    def on_event(self, event: Event) -> None:
        with self._changed:
            self.events.append(event)
            self._changed.notify_all()

    def on_connected(self) -> None:
        with self._changed:
            self.connections += 1
            self._changed.notify_all()

    def on_disconnected(self, reason: str) -> None:
        with self._changed:
            self.disconnections.append(reason)
            self._changed.notify_all()

    def wait_until(self, condition: Callable[[EventCollector], bool], timeout_s: float = WAIT_S) -> None:
        with self._changed:
            assert self._changed.wait_for(lambda: condition(self), timeout_s), (
                f"not within {timeout_s} s; events: {[(e.seq, e.type) for e in self.events]}, "
                f"connections: {self.connections}, disconnections: {self.disconnections}"
            )

    def called(self, number: str) -> bool:
        return any(e.type == "ticket.called" and e.data.get("number") == number for e in self.events)

    def issued(self, number: str) -> bool:
        return any(e.type == "ticket.issued" and e.data.get("number") == number for e in self.events)


@pytest.fixture
def collector() -> EventCollector:
    return EventCollector()
