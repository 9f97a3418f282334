"""Shortcuts for API tests: the demo branch's accounts and common requests."""

from __future__ import annotations

import pytest

from tests.helpers import token_headers

BASE = "/api/v1"


class Floor:
    """The demo branch driven through the public API, as kiosks and counter apps do."""

    def __init__(self, client, container) -> None:  # type: ignore[no-untyped-def]
        self.client = client
        self.container = container
        self._headers: dict[str, dict[str, str]] = {}

    def as_(self, username: str) -> dict[str, str]:
        if username not in self._headers:
            self._headers[username] = token_headers(self.container, username)
        return self._headers[username]

    def issue(self, service: str = "cash", channel: str = "kiosk", as_: str = "kiosk-1", **extra):  # type: ignore[no-untyped-def]
        response = self.client.post(
            f"{BASE}/branches/demo/tickets",
            json={"service": service, "channel": channel, **extra},
            headers=self.as_(as_) if as_ else {},
        )
        assert response.status_code == 201, response.text
        return response.json()

    def counter(self, counter_id: int, action: str, as_: str):  # type: ignore[no-untyped-def]
        return self.client.post(f"{BASE}/counters/{counter_id}/{action}", headers=self.as_(as_))

    def open(self, counter_id: int, as_: str):  # type: ignore[no-untyped-def]
        response = self.counter(counter_id, "open", as_)
        assert response.status_code == 200, response.text
        return response.json()

    def call(self, counter_id: int, as_: str):  # type: ignore[no-untyped-def]
        return self.client.post(f"{BASE}/counters/{counter_id}/call-next", headers=self.as_(as_))

    def act(self, ticket_id: int, action: str, as_: str, **body):  # type: ignore[no-untyped-def]
        return self.client.post(f"{BASE}/tickets/{ticket_id}/{action}", json=body or None, headers=self.as_(as_))


@pytest.fixture
def floor(client, container) -> Floor:  # type: ignore[no-untyped-def]
    return Floor(client, container)
