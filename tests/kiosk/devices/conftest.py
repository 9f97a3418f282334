"""Shared fixtures of the kiosk device tests: a client of the live demo server, logged in as its kiosk."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from client import BranchQClient


@pytest.fixture
def device_client(live_server) -> Iterator[BranchQClient]:  # type: ignore[no-untyped-def]
    client = BranchQClient(live_server.base_url, language="en")
    client.login(live_server.accounts.kiosk, live_server.accounts.password)
    yield client
    client.close()
