"""Ticket numbers under load: many kiosks issuing at once get no duplicates and no gaps.

Runs against embedded SQLite and against a real PostgreSQL that the tests start themselves.
"""

from __future__ import annotations

import random
import threading
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from server.container import build_container
from server.db.models import Ticket
from server.domain import Channel, Role
from server.services.auth import Principal
from server.services.tickets import IssueRequest
from server.settings import load_settings
from tests.conftest import TEST_SECRET

ISSUERS = 20
TICKETS_PER_ISSUER = 100  # 2,000 tickets in all
SERVICES = ("cash", "fx", "account", "wealth", "loans", "corporate")


def issue_concurrently(container) -> list[str]:  # type: ignore[no-untyped-def]
    kiosk = Principal("device", 1, "kiosk-1", Role.KIOSK, frozenset({1}))
    start = threading.Barrier(ISSUERS)

    def issuer(seed: int) -> list[tuple[str, str]]:
        chooser = random.Random(seed)
        start.wait()
        issued = []
        for _ in range(TICKETS_PER_ISSUER):
            service = chooser.choice(SERVICES)
            ticket = container.tickets.issue(IssueRequest("demo", service, Channel.KIOSK), kiosk)
            issued.append((service, ticket["number"]))
        return issued

    with ThreadPoolExecutor(ISSUERS) as pool:
        results = list(pool.map(issuer, range(ISSUERS)))
    return [number for batch in results for _, number in batch]


def assert_gapless_and_unique(container, numbers: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert len(numbers) == ISSUERS * TICKETS_PER_ISSUER
    assert len(set(numbers)) == len(numbers), "duplicate ticket numbers"
    by_prefix: dict[str, list[int]] = defaultdict(list)
    for number in numbers:
        by_prefix[number[0]].append(int(number[1:]))
    for prefix, sequence in by_prefix.items():
        assert sorted(sequence) == list(range(1, len(sequence) + 1)), f"gap in {prefix} numbers"
    with container.db.read() as session:
        stored = session.scalars(select(Ticket.number)).all()
    assert sorted(stored) == sorted(numbers)


def run_against(url: str) -> None:
    settings = load_settings(environment="development", database_url=url, secret_key=TEST_SECRET)
    container = build_container(settings, migrate=False)
    try:
        numbers = issue_concurrently(container)
        assert_gapless_and_unique(container, numbers)
    finally:
        container.close()


def test_concurrent_issuers_on_sqlite_get_unique_gapless_numbers(database_url):
    run_against(database_url)


@pytest.mark.postgres
def test_concurrent_issuers_on_postgresql_get_unique_gapless_numbers(postgres_url):
    run_against(postgres_url)
