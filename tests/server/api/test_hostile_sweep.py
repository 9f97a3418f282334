"""Every route, every parameter, hostile values: the answer is a 2xx or a 4xx with a reason, never a 5xx.

The routes and their parameters come from the application itself (its OpenAPI description), so a new
route is swept without touching this file. Each request changes one parameter and keeps the others at
values that reach deep (a real branch, ticket, appointment...): addresses anonymously and as an admin,
bodies as an admin (whom no role check stops before the body is used).
The same overflow cases run on PostgreSQL in `test_hostile_text_on_postgresql.py`.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from tests.helpers import ENGLISH, token_headers
from tests.server.conftest import BASE

JSON = {"content-type": "application/json"}
HOSTILE_IN_ADDRESSES = [
    "²",  # a Unicode digit: str.isdigit() is true
    "9" * 5000,
    str(2**63),
    str(2**31),
    "-1",
    "",
    "x" * 3000,
    "\u202e",
    "0001-01-01",
]
HOSTILE_IN_BODIES: list[Any] = [
    None,
    True,
    2**63,
    -(2**63),
    1e308,
    "²",
    "x" * 3000,
    "\u202e\x1b[2J",
    "\ud800",
    [],
    {},
    "0001-01-01T00:00:00+14:00",
]
BODY_BASELINES: dict[str, dict[str, Any]] = {
    "IssueTicketBody": {"service": "cash", "channel": "online"},
    "BookingBody": {"service": "cash", "slot_start": "2026-11-30T11:00:00+08:00", "name": "王芳", "phone": "13812345678"},
    "RatingBody": {"score": 5},
    "LoginBody": {"username": "admin", "password": "not-the-password"},
}
"""Bodies whose other fields must be valid for a hostile one to reach the service (others: one field alone)."""


@pytest.fixture
def baselines(floor, client) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Path parameter values that name real things, by route prefix and parameter name."""
    ticket = floor.issue()
    booking = client.post(f"{BASE}/branches/demo/appointments", json=BODY_BASELINES["BookingBody"])
    assert booking.status_code == 201, booking.text
    return {
        "code": "demo",
        "appointment_code": booking.json()["code"],
        "ticket_id": str(ticket["id"]),
        "ticket": str(ticket["id"]),
        "token": ticket["token"],
        "counter_id": "1",
        "service_id": "1",
        "staff_id": "4",
        "device_id": "1",
    }


def operations(app) -> list[tuple[str, str, dict[str, Any]]]:  # type: ignore[no-untyped-def]
    """(method, path template, OpenAPI operation) of every HTTP route."""
    return [
        (method.upper(), path, operation)
        for path, item in app.openapi()["paths"].items()
        for method, operation in item.items()
        if method in ("get", "post", "put", "patch", "delete")
    ]


def body_fields(app, operation: dict[str, Any]) -> tuple[str | None, list[str]]:  # type: ignore[no-untyped-def]
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if content is None:
        return None, []
    schema = content["schema"]
    reference = schema.get("$ref") or next(option["$ref"] for option in schema["anyOf"] if "$ref" in option)
    name = reference.rsplit("/", 1)[-1]
    return name, list(app.openapi()["components"]["schemas"][name]["properties"])


def hostile_requests(app, baselines: dict[str, str]):  # type: ignore[no-untyped-def]
    """Every (method, url, json body, also anonymously) changing one parameter of one route to a hostile value."""
    for method, template, operation in operations(app):
        parameters = operation.get("parameters", [])
        path_values = {
            p["name"]: _baseline(template, p["name"], baselines) for p in parameters if p["in"] == "path"
        }
        schema_name, fields = body_fields(app, operation)
        baseline_body = BODY_BASELINES.get(schema_name or "", {}) if schema_name else None
        for parameter in parameters:
            for value in HOSTILE_IN_ADDRESSES:
                if parameter["in"] == "path":
                    url = _url(template, {**path_values, parameter["name"]: value})
                else:
                    url = _url(template, path_values) + f"?{parameter['name']}={quote(value)}"
                yield method, url, baseline_body, True
        for field in fields:
            for value in HOSTILE_IN_BODIES:
                yield method, _url(template, path_values), {**(baseline_body or {}), field: value}, False


def _baseline(template: str, name: str, baselines: dict[str, str]) -> str:
    """A real value for a path parameter; a name not listed yet gets "1" (add it to `baselines` to go deeper)."""
    if name == "code" and template.startswith(f"{BASE}/appointments/"):
        return baselines["appointment_code"]
    return baselines.get(name, "1")


def _url(template: str, values: dict[str, str]) -> str:
    return template.format(**{name: quote(value, safe="") for name, value in values.items()})


def test_no_hostile_value_in_any_parameter_of_any_route_gets_a_5xx(client, container, baselines):
    admin = token_headers(container, "admin")
    failures = []
    count = 0
    with TestClient(client.app, raise_server_exceptions=False, headers=ENGLISH) as sweeper:
        for method, url, body, anonymously in hostile_requests(client.app, baselines):
            content = None if body is None else json.dumps(body).encode()  # escapes lone surrogates
            for headers in ({}, admin) if anonymously else (admin,):
                response = sweeper.request(method, url, content=content, headers={**headers, **JSON})
                count += 1
                if response.status_code >= 500 or (response.status_code >= 400 and "code" not in response.json()):
                    failures.append((method, url[:100], repr(body)[:100], bool(headers), response.status_code))
    assert count > 1000  # the sweep really walked the routes
    assert failures == []


def test_the_sweep_reaches_every_parameter_kind(client, baselines):
    requests = list(hostile_requests(client.app, baselines))
    urls = [url for _, url, _, _ in requests]
    assert any("/tickets/%C2%B2/cancel" in url for url in urls)
    assert any("staffing?date=0001-01-01" in url for url in urls)
    assert any(url.endswith("/transfer") and body == {"counter_id": 2**63} for _, url, body, _ in requests)


# -- the cases found on the demo server, named -------------------------------------------------------


def test_a_unicode_digit_as_ticket_is_refused(client):
    response = client.post(f"{BASE}/tickets/%C2%B2/cancel")
    assert response.status_code == 422 and response.json()["field"] == "ticket"


def test_a_five_thousand_digit_ticket_id_does_not_exist(floor, client):
    response = client.post(f"{BASE}/tickets/{'9' * 5000}/cancel", headers=floor.as_("manager"))
    assert response.status_code == 404 and response.json()["field"] == "ticket"
    assert len(response.json()["detail"]) < 200


@pytest.mark.parametrize("counter_id", [2**63, 2**31, 0, -1])
def test_a_transfer_to_a_counter_id_beyond_any_database_integer_is_refused(floor, counter_id):
    ticket = floor.issue()
    response = floor.act(ticket["id"], "transfer", "manager", counter_id=counter_id)
    assert response.status_code == 422 and response.json()["field"] == "counter_id"


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1999-12-31", "2100-01-01"])
@pytest.mark.parametrize("route", ["staffing", "stats"])
def test_days_beyond_what_a_branch_can_have_worked_or_plan_are_refused(floor, client, route, day):
    response = client.get(f"{BASE}/branches/demo/{route}?date={day}", headers=floor.as_("manager"))
    assert response.status_code == 422 and response.json()["field"] == "date"
