"""Administration of branches and their services through the API."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from server.db.models import Event
from server.domain.calendar import WEEKDAYS
from tests.helpers import token_headers

API = "/api/v1/admin"
NEW_BRANCH = {"code": "west", "name_zh": "城西支行", "name_en": "West City Branch"}
NEW_SERVICE = {"code": "gold", "name_zh": "贵金属", "name_en": "Precious metals", "prefix": "G"}


@pytest.fixture
def admin(container):
    return token_headers(container, "admin")


def config_events(container, branch_code="demo"):
    with container.db.read() as session:
        from server.services.lookups import branch_by_code

        branch_id = branch_by_code(session, branch_code).id
        rows = session.scalars(
            select(Event)
            .where(Event.branch_id == branch_id, Event.type == "config.changed")
            .order_by(Event.seq)
        ).all()
        # who acted is recorded too (tested in test_access); these tests are about what changed
        return [{key: value for key, value in row.payload.items() if key != "actor"} for row in rows]


@pytest.mark.parametrize("who", ["manager", "teller1", "kiosk-1", "display-1"])
def test_only_admins_may_configure(client, container, who):
    headers = token_headers(container, who)
    assert client.get(f"{API}/branches", headers=headers).status_code == 403
    assert client.post(f"{API}/branches", json=NEW_BRANCH, headers=headers).status_code == 403
    assert client.patch(f"{API}/services/1", json={"name_en": "x"}, headers=headers).status_code == 403
    assert client.post(f"{API}/staff/3/deactivate", headers=headers).status_code == 403


def test_without_a_token_the_answer_is_401(client):
    for method, path in [("get", "/branches"), ("get", "/staff"), ("post", "/devices/1/deactivate")]:
        response = getattr(client, method)(f"{API}{path}")
        assert response.status_code == 401
        assert response.json()["detail"].startswith("log in first")


def test_a_branch_is_created_read_listed_and_announced(client, container, admin):
    created = client.post(f"{API}/branches", json={**NEW_BRANCH, "opens_at": "08:30"}, headers=admin)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body == {
        "id": body["id"],
        "code": "west",
        "name_zh": "城西支行",
        "name_en": "West City Branch",
        "time_zone": "Asia/Shanghai",
        "opens_at": "08:30",
        "closes_at": "17:00",
        "weekly_hours": {day: ["08:30-17:00"] for day in WEEKDAYS},  # the one period, every day
        "day_end_after_min": 60,
        "no_show_grace_min": 15,
        "calling_policy": "fifo",
        "wait_predictor": "ql",
        "max_recalls": 2,
        "missed_call_return_min": 30,
        "missed_call_requeue_places": 3,
        "allow_call_specific": False,
        "active": True,
    }
    assert client.get(f"{API}/branches/west", headers=admin).json() == body
    assert [b["code"] for b in client.get(f"{API}/branches", headers=admin).json()["branches"]] == [
        "demo",
        "demo2",
        "west",
    ]
    assert config_events(container, "west") == [{"entity": "branch", "action": "created", "code": "west"}]
    # the new branch is live for the public at once
    assert client.get("/api/v1/branches/west/services").json()["services"] == []


def test_a_branch_update_changes_only_what_is_sent(client, container, admin):
    response = client.patch(
        f"{API}/branches/demo", json={"name_en": "Demo Bank, Riverside", "max_recalls": 0}, headers=admin
    )
    assert response.status_code == 200, response.text
    assert (response.json()["name_en"], response.json()["max_recalls"]) == ("Demo Bank, Riverside", 0)
    assert response.json()["name_zh"] == "演示银行 城东支行"
    assert config_events(container) == [
        {"entity": "branch", "action": "updated", "code": "demo", "fields": ["name_en", "max_recalls"]}
    ]


BAD_BRANCH_SETTINGS = [
    ({"time_zone": "Mars/Olympus_Mons"}, "time_zone", "IANA"),
    ({"time_zone": "../../etc/passwd"}, "time_zone", "IANA"),
    ({"time_zone": "America"}, "time_zone", "IANA"),
    ({"opens_at": "9am"}, "opens_at", "HH:MM"),
    ({"opens_at": "24:00"}, "opens_at", "HH:MM"),
    ({"opens_at": "18:00", "closes_at": "17:00"}, "closes_at", "open before it closes"),
    ({"opens_at": "0٩:00"}, "opens_at", "HH:MM"),  # an Arabic-Indic digit
    ({"opens_at": "10:00", "closes_at": "10:00"}, "closes_at", "open before it closes"),
    ({"calling_policy": "random"}, "calling_policy", "'fifo'"),
    ({"wait_predictor": "crystal-ball"}, "wait_predictor", "'ql'"),
    ({"max_recalls": 11}, "max_recalls", "0 to 10"),
    ({"max_recalls": -1}, "max_recalls", "0 to 10"),
    ({"max_recalls": 10**40}, "max_recalls", "0 to 10"),
    ({"max_recalls": "3"}, "max_recalls", "integer"),
    ({"max_recalls": True}, "max_recalls", "integer"),
    ({"missed_call_return_min": 241}, "missed_call_return_min", "0 to 240"),
    ({"missed_call_requeue_places": -1}, "missed_call_requeue_places", "0 to 50"),
    ({"name_zh": "   "}, "name_zh", "cannot be empty"),
    ({"name_zh": None}, "name_zh", "cannot be empty"),
    ({"name_en": "x" * 201}, "name_en", "longer than 200"),
    ({"name_en": 42}, "name_en", "string"),
    ({"name_en": "Demo\x00Bank"}, "name_en", "control character"),
    ({"name_zh": "第一行\n第二行"}, "name_zh", "control character"),
    ({"code": "renamed"}, "code", "Extra inputs"),
    ({"colour": "red"}, "colour", "Extra inputs"),
]


def test_bad_branch_settings_are_refused_by_field(client, container, admin):
    for change, field, hint in BAD_BRANCH_SETTINGS:
        response = client.patch(f"{API}/branches/demo", json=change, headers=admin)
        assert response.status_code == 422, (change, response.text)
        assert response.json()["field"] == field, change
        assert hint in response.json()["detail"], change
    assert config_events(container) == []


BAD_NEW_BRANCHES = [
    ({**NEW_BRANCH, "code": "demo"}, 409, "code"),
    ({**NEW_BRANCH, "code": "West"}, 422, "code"),
    ({**NEW_BRANCH, "code": ""}, 422, "code"),
    ({**NEW_BRANCH, "code": "a/b"}, 422, "code"),
    ({"code": "west", "name_zh": "城西支行"}, 422, "name_en"),
    ([1, 2, 3], 422, None),
]


def test_bad_new_branches_are_refused(client, admin):
    for body, status, field in BAD_NEW_BRANCHES:
        response = client.post(f"{API}/branches", json=body, headers=admin)
        assert response.status_code == status, (body, response.text)
        assert response.json()["field"] == field, body


def test_unknown_branches_are_404(client, admin):
    assert client.get(f"{API}/branches/nowhere", headers=admin).status_code == 404
    assert client.patch(f"{API}/branches/nowhere", json={"name_en": "x"}, headers=admin).status_code == 404
    assert client.post(f"{API}/branches/nowhere/deactivate", headers=admin).status_code == 404
    assert client.get(f"{API}/branches/nowhere/services", headers=admin).status_code == 404


def test_a_busy_branch_cannot_be_deactivated_an_idle_one_disappears(client, admin, container):
    kiosk = token_headers(container, "kiosk-1")
    ticket = client.post(
        "/api/v1/branches/demo/tickets", json={"service": "cash", "channel": "kiosk"}, headers=kiosk
    )
    refused = client.post(f"{API}/branches/demo/deactivate", headers=admin)
    assert refused.status_code == 409
    assert "1 ticket(s)" in refused.json()["detail"]
    client.post(f"/api/v1/tickets/{ticket.json()['id']}/cancel", headers=token_headers(container, "manager"))

    done = client.post(f"{API}/branches/demo/deactivate", headers=admin)
    assert done.status_code == 200 and done.json()["active"] is False
    assert client.get("/api/v1/branches/demo/services").status_code == 404
    assert client.get(f"{API}/branches/demo", headers=admin).json()["active"] is False


# -- services -----------------------------------------------------------------------------------


def test_a_service_is_created_listed_and_offered(client, container, admin):
    response = client.post(
        f"{API}/branches/demo/services",
        json={
            **NEW_SERVICE,
            "target_wait_min": 30,
            "expected_service_min": 7.5,
            "documents_zh": [" 身份证 "],
        },
        headers=admin,
    )
    assert response.status_code == 201, response.text
    service = response.json()
    assert service == {
        "id": service["id"],
        "branch": "demo",
        "code": "gold",
        "name_zh": "贵金属",
        "name_en": "Precious metals",
        "prefix": "G",
        "target_wait_min": 30,
        "expected_service_min": 7.5,
        "documents_zh": ["身份证"],
        "documents_en": [],
        "category": None,
        "active": True,
    }
    listed = client.get(f"{API}/branches/demo/services", headers=admin).json()["services"]
    assert [s["code"] for s in listed] == ["cash", "account", "wealth", "loans", "corporate", "fx", "gold"]
    assert "gold" in [s["code"] for s in client.get("/api/v1/branches/demo/services").json()["services"]]
    assert config_events(container) == [
        {"entity": "service", "action": "created", "id": service["id"], "code": "gold"}
    ]


def test_duplicate_service_codes_and_prefixes_are_409(client, admin):
    duplicates = [
        ({"code": "cash"}, "code", "already has a service with code 'cash'"),
        ({"prefix": "A"}, "prefix", "already has a service with prefix 'A' (cash"),
    ]
    for change, field, hint in duplicates:
        response = client.post(f"{API}/branches/demo/services", json={**NEW_SERVICE, **change}, headers=admin)
        assert response.status_code == 409, change
        assert (response.json()["field"], hint in response.json()["detail"]) == (field, True)
    taken = client.patch(f"{API}/services/2", json={"prefix": "A"}, headers=admin)
    assert (taken.status_code, taken.json()["field"]) == (409, "prefix")


BAD_SERVICE_SETTINGS = [
    ({"prefix": "g"}, "prefix"),
    ({"prefix": "GG"}, "prefix"),
    ({"prefix": "1"}, "prefix"),
    ({"target_wait_min": 0}, "target_wait_min"),
    ({"target_wait_min": 241}, "target_wait_min"),
    ({"target_wait_min": 12.5}, "target_wait_min"),
    ({"expected_service_min": 0}, "expected_service_min"),
    ({"expected_service_min": -3}, "expected_service_min"),
    ({"expected_service_min": 240.5}, "expected_service_min"),
    ({"expected_service_min": 1e308}, "expected_service_min"),
    ({"documents_en": ["x"] * 21}, "documents_en"),
    ({"documents_en": ["ok", "y" * 201]}, "documents_en.1"),
    ({"documents_en": ["ok", ""]}, "documents_en.1"),
    ({"documents_en": "ID card"}, "documents_en"),
    ({"documents_en": [{"a": 1}]}, "documents_en.0"),
]


def test_bad_service_settings_are_refused_by_field(client, admin):
    for change, field in BAD_SERVICE_SETTINGS:
        response = client.patch(f"{API}/services/1", json=change, headers=admin)
        assert response.status_code == 422, (change, response.text)
        assert response.json()["field"] == field, change


def test_a_service_update_moves_prefix_and_target_and_is_announced(client, container, admin):
    response = client.patch(f"{API}/services/1", json={"prefix": "Z", "target_wait_min": 12}, headers=admin)
    assert response.status_code == 200, response.text
    assert (response.json()["prefix"], response.json()["target_wait_min"]) == ("Z", 12)
    kiosk = token_headers(container, "kiosk-1")
    ticket = client.post(
        "/api/v1/branches/demo/tickets", json={"service": "cash", "channel": "kiosk"}, headers=kiosk
    )
    assert ticket.json()["number"] == "Z001"
    assert client.patch(f"{API}/services/1", json={"prefix": "Z"}, headers=admin).status_code == 200
    assert config_events(container) == [
        {
            "entity": "service",
            "action": "updated",
            "id": 1,
            "code": "cash",
            "fields": ["prefix", "target_wait_min"],
        }
    ]


def test_a_service_with_open_tickets_stays_until_they_are_gone(client, admin, container):
    kiosk = token_headers(container, "kiosk-1")
    ticket = client.post(
        "/api/v1/branches/demo/tickets", json={"service": "fx", "channel": "kiosk"}, headers=kiosk
    )
    fx_id = 6  # the demo's services have ids 1-6 in the order cash, account, wealth, loans, corporate, fx
    refused = client.post(f"{API}/services/{fx_id}/deactivate", headers=admin)
    assert refused.status_code == 409 and "still open" in refused.json()["detail"]
    client.post(f"/api/v1/tickets/{ticket.json()['id']}/cancel", headers=token_headers(container, "manager"))
    assert client.post(f"{API}/services/{fx_id}/deactivate", headers=admin).json()["active"] is False
    offered = [s["code"] for s in client.get("/api/v1/branches/demo/services").json()["services"]]
    assert "fx" not in offered
    again = client.post(
        "/api/v1/branches/demo/tickets", json={"service": "fx", "channel": "kiosk"}, headers=kiosk
    )
    assert again.status_code == 422


def test_unknown_or_malformed_service_ids_are_4xx(client, admin):
    for service_id in ["999", "0", "99999999999999999999", "abc", "-1"]:
        response = client.patch(f"{API}/services/{service_id}", json={"name_en": "x"}, headers=admin)
        assert response.status_code == (404 if service_id == "999" else 422), service_id
        assert response.json()["field"] in ("id", "service_id"), service_id
