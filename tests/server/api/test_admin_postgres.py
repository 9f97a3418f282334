"""The administration and statistics flows on PostgreSQL: row locks, RETURNING, sequences, real types.

SQLite forgives things PostgreSQL does not (NUL bytes in text, explicit ids and serial sequences, the
order of deletes and inserts under unique keys); this runs the same API against a real server.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from tests.conftest import TEST_SECRET
from tests.helpers import START, FakeClock, token_headers
from tests.helpers import ENGLISH

pytestmark = pytest.mark.postgres
API = "/api/v1/admin"


@pytest.fixture
def pg_client(postgres_url) -> Iterator:  # type: ignore[no-untyped-def]
    """The API over a fresh copy of the seeded PostgreSQL template, with a fake clock."""
    from fastapi.testclient import TestClient

    from server.api.app import create_app
    from server.container import build_container
    from server.settings import load_settings

    settings = load_settings(environment="development", database_url=postgres_url, secret_key=TEST_SECRET)
    clock = FakeClock()
    container = build_container(settings, clock=clock, migrate=False)
    try:
        with TestClient(create_app(container, background_jobs=False), headers=ENGLISH) as client:
            yield client, container, clock
    finally:
        container.close()


def test_configuration_round_trip_on_postgres(pg_client):
    client, container, _ = pg_client
    admin = token_headers(container, "admin")
    assert (
        client.post(
            f"{API}/branches", json={"code": "west", "name_zh": "西", "name_en": "West"}, headers=admin
        ).status_code
        == 201
    )
    service = client.post(
        f"{API}/branches/west/services",
        json={"code": "cash", "name_zh": "现金", "name_en": "Cash", "prefix": "A"},
        headers=admin,
    )
    assert service.status_code == 201, service.text
    counter = client.post(
        f"{API}/branches/demo/counters", json={"number": 7, "skills": ["cash", "fx"]}, headers=admin
    )
    assert (counter.status_code, counter.json()["id"]) == (201, 9), (
        counter.text
    )  # the sequence is past the demo ids (demo's 1-6, then demo2's 7 and 8)
    reordered = client.patch(f"{API}/counters/9", json={"skills": ["fx", "cash", "account"]}, headers=admin)
    assert reordered.json()["skills"] == ["fx", "cash", "account"], reordered.text
    staff = client.post(
        f"{API}/staff",
        json={
            "username": "li.na",
            "role": "teller",
            "branches": ["demo", "west"],
            "password": "teller-pass-1",
        },
        headers=admin,
    )
    assert staff.status_code == 201, staff.text
    moved = client.patch(
        f"{API}/staff/{staff.json()['id']}", json={"branches": ["west", "demo"]}, headers=admin
    )
    assert moved.json()["branches"] == ["west", "demo"], moved.text
    nul = client.patch(f"{API}/branches/demo", json={"name_en": "a\x00b"}, headers=admin)
    assert nul.status_code == 422
    duplicate = client.post(f"{API}/branches/demo/counters", json={"number": 7}, headers=admin)
    assert duplicate.status_code == 409
    assert client.post(f"{API}/counters/7/deactivate", headers=admin).json()["active"] is False


def test_statistics_on_postgres(pg_client):
    client, container, clock = pg_client
    kiosk, teller = token_headers(container, "kiosk-1"), token_headers(container, "teller1")
    client.post("/api/v1/counters/1/open", headers=teller)
    ticket = client.post(
        "/api/v1/branches/demo/tickets", json={"service": "cash", "channel": "kiosk"}, headers=kiosk
    ).json()
    clock.now = START + timedelta(seconds=120)
    client.post("/api/v1/counters/1/call-next", headers=teller)
    client.post(f"/api/v1/tickets/{ticket['id']}/start", headers=teller)
    clock.now = START + timedelta(seconds=420)
    client.post(f"/api/v1/tickets/{ticket['id']}/finish", headers=teller)
    client.post(f"/api/v1/tickets/{ticket['token']}/rating", json={"score": 4})
    report = client.get("/api/v1/branches/demo/stats", headers=token_headers(container, "manager")).json()
    assert report["tickets"]["served"] == 1
    assert report["waits"]["overall"]["mean_s"] == 120.0
    assert report["service_times"]["overall"]["mean_s"] == 300.0
    assert report["tellers"] == {
        "teller1": {"served": 1, "mean_service_s": 300.0, "ratings": 1, "mean_rating": 4.0}
    }
