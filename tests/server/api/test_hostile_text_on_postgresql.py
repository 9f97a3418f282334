"""What PostgreSQL cannot store (NUL in text, numbers beyond its integers) is refused up front, never a 5xx."""

import pytest
from fastapi.testclient import TestClient

from server.api.app import create_app
from tests.helpers import ENGLISH, token_headers
from tests.server.conftest import Floor

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_client(postgres_container):  # type: ignore[no-untyped-def]
    app = create_app(postgres_container, background_jobs=False)
    with TestClient(app, raise_server_exceptions=False, headers=ENGLISH) as test_client:
        yield test_client


@pytest.mark.parametrize(
    "path", ["/api/v1/branches/a%00b/services", "/api/v1/tickets/t%00x", "/api/v1/branches/demo/services?x=%00"]
)
def test_nul_in_the_address_is_a_400(pg_client, path):
    response = pg_client.get(path)
    assert response.status_code == 400 and "NUL" in response.json()["detail"]


def test_nul_in_a_body_is_a_422_naming_the_field(pg_client):
    response = pg_client.post("/api/v1/auth/login", json={"username": "a\x00b", "password": "whatever1"})
    assert response.status_code == 422 and response.json()["field"] == "username"
    booking = pg_client.post(
        "/api/v1/branches/demo/appointments",
        json={"service": "cash", "slot_start": "2026-11-30T11:00:00+08:00", "name": "王\x00芳", "phone": "13812345678"},
    )
    assert booking.status_code == 422 and booking.json()["field"] == "name"


# -- numbers beyond PostgreSQL's integers (2^31 - 1 for its `integer` ids) ------------------------------


@pytest.mark.parametrize("counter_id", [2**31, 2**63])
def test_a_transfer_to_a_counter_id_beyond_integer_is_a_422(pg_client, postgres_container, counter_id):
    floor = Floor(pg_client, postgres_container)
    ticket = floor.issue()
    response = floor.act(ticket["id"], "transfer", "manager", counter_id=counter_id)
    assert response.status_code == 422 and response.json()["field"] == "counter_id"


@pytest.mark.parametrize("ticket", [str(2**31), str(2**63), "9" * 5000, "%C2%B2"])
def test_ticket_ids_beyond_integer_or_not_ascii_are_4xx(pg_client, postgres_container, ticket):
    manager = token_headers(postgres_container, "manager")
    assert pg_client.post(f"/api/v1/tickets/{ticket}/cancel", headers=manager).status_code in (404, 422)
    assert pg_client.post(f"/api/v1/tickets/{ticket}/start", headers=manager).status_code in (404, 422)


def test_text_postgresql_cannot_store_is_refused_naming_the_field(pg_client):
    booking = pg_client.post(
        "/api/v1/branches/demo/appointments",
        content=b'{"service": "cash", "slot_start": "2026-11-30T11:00:00+08:00", "name": "\\ud800", "phone": "13812345678"}',
        headers={"content-type": "application/json"},
    )
    assert booking.status_code == 422 and booking.json()["field"] == "name"  # a lone surrogate is no text
