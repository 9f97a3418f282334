"""NUL characters cannot be stored in PostgreSQL text: they are refused up front, never a 5xx."""

import pytest
from fastapi.testclient import TestClient

from server.api.app import create_app
from tests.helpers import ENGLISH

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
