"""Whatever a client sends to the administration API, the answer is a 2xx or a 4xx with a reason."""

from __future__ import annotations

import pytest

from tests.helpers import token_headers
from tests.server.api.test_admin_branches import API

HOSTILE_VALUES = [
    None,
    "",
    "   ",
    "\x00",
    "x" * 100_000,
    "🙂" * 50,
    "Robert'); DROP TABLE staff;--",
    10**40,
    -(10**40),
    -1,
    0,
    1.5,
    float("1e308"),
    True,
    [],
    ["a"] * 1000,
    {},
    {"$gt": ""},
]
HOSTILE_BODIES = [None, "", "null", "[]", "0", '"text"', "{", '{"a": {"b": {"c": []}}}', "\xff\xfe"]

PATCHES = {
    "/branches/demo": [
        "name_zh",
        "time_zone",
        "opens_at",
        "closes_at",
        "weekly_hours",
        "day_end_after_min",
        "no_show_grace_min",
        "calling_policy",
        "wait_predictor",
        "max_recalls",
    ],
    "/services/1": ["name_en", "prefix", "target_wait_min", "expected_service_min", "documents_zh", "category"],
    "/categories/1": ["name_zh", "name_en", "sort_order"],
    "/counters/2": ["number", "name", "zone_zh", "zone_en", "skills"],
    "/staff/4": ["username", "display_name", "role", "branches", "password"],
    "/devices/1": ["username", "role", "branch", "description", "password"],
}
CREATES = [
    "/branches", "/branches/demo/services", "/branches/demo/categories", "/branches/demo/counters", "/staff", "/devices"
]


@pytest.fixture
def admin(container):
    return token_headers(container, "admin")


def assert_answered(response, what):
    assert response.status_code < 500, (what, response.text)
    if response.status_code >= 400:
        body = response.json()
        assert body["detail"], what
        assert "field" in body, what


def test_hostile_field_values_never_break_the_server(client, admin):
    for path, fields in PATCHES.items():
        for field in fields:
            for value in HOSTILE_VALUES:
                response = client.patch(f"{API}{path}", json={field: value}, headers=admin)
                assert_answered(response, (path, field, repr(value)[:40]))


def test_hostile_bodies_never_break_the_server(client, admin):
    for path in CREATES:
        for raw in HOSTILE_BODIES:
            content = None if raw is None else raw.encode("utf-8", "surrogatepass")
            response = client.post(
                f"{API}{path}", content=content, headers={**admin, "content-type": "application/json"}
            )
            assert response.status_code == 422, (path, raw, response.text)
            assert_answered(response, (path, raw))
    for path in PATCHES:
        response = client.patch(f"{API}{path}", json={"unknown_field": 1}, headers=admin)
        assert (response.status_code, response.json()["field"]) == (422, "unknown_field")


def test_hostile_paths_are_not_found_or_refused(client, admin):
    for code in ["..", "%2e%2e", "x" * 5000, "演示", "demo%00", "DEMO", " demo"]:
        for path in [f"/branches/{code}", f"/branches/{code}/services", f"/branches/{code}/counters"]:
            response = client.get(f"{API}{path}", headers=admin)
            expected = (400,) if "%00" in code else (404, 405)  # NUL is refused before routing
            assert response.status_code in expected, (path, response.status_code)
    for row_id in ["0", "-5", "1.5", "1e3", "99999999999999999999999", "١٢"]:
        response = client.post(f"{API}/counters/{row_id}/deactivate", headers=admin)
        assert response.status_code in (404, 422), (row_id, response.text)


def test_an_empty_patch_changes_nothing_and_announces_nothing(client, container, admin):
    from tests.server.api.test_admin_branches import config_events

    for path in PATCHES:
        assert client.patch(f"{API}{path}", json={}, headers=admin).status_code == 200, path
    assert config_events(container) == []
