"""A create request whose answer is lost on the way (a reset, a timeout) is sent again with the same
idempotency key, and the customer gets one ticket: the one the first attempt made. Between the client and
the live server sits a TCP proxy that loses exactly one answer (tests/support/tcp_proxy.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from client import BranchQClient
from tests.support.tcp_proxy import TcpProxy


@pytest.fixture
def proxy(live_server) -> Iterator[TcpProxy]:  # type: ignore[no-untyped-def]
    with TcpProxy(live_server.port) as running:
        yield running


@pytest.fixture
def manager(connect) -> BranchQClient:  # type: ignore[no-untyped-def]
    return connect("manager")


def _waiting(manager: BranchQClient, service: str) -> list[str]:
    return [t["number"] for t in manager.live_queue("demo")["waiting"] if t["service"]["code"] == service]


def test_an_answer_lost_to_a_reset_is_asked_again_and_answers_the_same_ticket(live_server, proxy, manager) -> None:  # type: ignore[no-untyped-def]
    with BranchQClient(proxy.base_url, retry_delay_s=0.05) as kiosk:
        kiosk.login("kiosk-1", live_server.accounts.password)
        before = _waiting(manager, "loans")
        proxy.drop_next_answer()

        ticket = kiosk.issue_ticket("demo", "loans")

    assert proxy.answers_lost == 1
    assert _waiting(manager, "loans") == [*before, ticket.number]


def test_an_answer_later_than_the_timeout_is_asked_again_and_answers_the_same_ticket(live_server, proxy, manager) -> None:  # type: ignore[no-untyped-def]
    with BranchQClient(proxy.base_url, retry_delay_s=0.05) as kiosk:
        kiosk.login("kiosk-1", live_server.accounts.password)
        before = _waiting(manager, "loans")
        kiosk.timeout = (3.0, 1.0)  # the answer will never come: give up on it after a second
        proxy.withhold_next_answer()

        ticket = kiosk.issue_ticket("demo", "loans")

    assert proxy.answers_lost == 1
    assert _waiting(manager, "loans") == [*before, ticket.number]


def test_without_a_key_the_same_retry_would_have_made_a_second_ticket(live_server, proxy, manager) -> None:  # type: ignore[no-untyped-def]
    """Why the key matters: the same lost answer and retry, by hand and without a key."""
    token = requests.post(f"{proxy.base_url}/api/v1/auth/login", timeout=10,
                          json={"username": "kiosk-1", "password": live_server.accounts.password}).json()["access_token"]
    before = _waiting(manager, "loans")
    proxy.drop_next_answer()
    send = {"json": {"service": "loans", "channel": "kiosk"}, "headers": {"Authorization": f"Bearer {token}"},
            "timeout": 10}

    with pytest.raises(requests.ConnectionError):
        requests.post(f"{proxy.base_url}/api/v1/branches/demo/tickets", **send)
    retried = requests.post(f"{proxy.base_url}/api/v1/branches/demo/tickets", **send).json()

    assert len(_waiting(manager, "loans")) == len(before) + 2
    assert _waiting(manager, "loans")[-1] == retried["number"]
