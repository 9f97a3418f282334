"""Administration of staff and device accounts, end to end through login and tokens."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from server.db.models import Event, Staff
from tests.helpers import bearer, login, token_headers
from tests.server.api.test_admin_branches import API, config_events

NEW_TELLER = {
    "username": "teller.wang",
    "display_name": "王柜员",
    "role": "teller",
    "branches": ["demo"],
    "password": "correct-horse-1",
}


@pytest.fixture
def admin(container):
    return token_headers(container, "admin")


def staff_id(container, username):
    with container.db.read() as session:
        return session.scalar(select(Staff.id).where(Staff.username == username))


def all_config_events(container):
    with container.db.read() as session:
        return session.scalar(select(func.count()).select_from(Event).where(Event.type == "config.changed"))


def test_a_new_teller_logs_in_and_works_the_branch(client, container, admin):
    response = client.post(f"{API}/staff", json=NEW_TELLER, headers=admin)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body == {
        "id": body["id"],
        "username": "teller.wang",
        "display_name": "王柜员",
        "role": "teller",
        "branches": ["demo"],
        "active": True,
    }
    with container.db.read() as session:
        assert session.get(Staff, body["id"]).password_hash.startswith("$argon2id$")
    assert config_events(container) == [
        {"entity": "staff", "action": "created", "id": body["id"], "username": "teller.wang"}
    ]
    teller = login(client, "teller.wang", "correct-horse-1")
    assert client.post("/api/v1/counters/3/open", headers=teller).status_code == 200
    listed = client.get(f"{API}/staff", headers=admin).json()["staff"]
    assert [s["username"] for s in listed][-1] == "teller.wang"
    assert all("password" not in s and "password_hash" not in s for s in listed)


def test_bad_staff_accounts_are_refused_by_field(client, admin):
    cases = [
        ({**NEW_TELLER, "username": "teller1"}, 409, "username"),
        ({**NEW_TELLER, "username": "kiosk-1"}, 409, "username"),
        ({**NEW_TELLER, "username": "wa"}, 422, "username"),
        ({**NEW_TELLER, "username": "Wang Wei"}, 422, "username"),
        ({**NEW_TELLER, "username": "w" * 65}, 422, "username"),
        ({**NEW_TELLER, "role": "kiosk"}, 422, "role"),
        ({**NEW_TELLER, "role": "superuser"}, 422, "role"),
        ({**NEW_TELLER, "password": "short"}, 422, "password"),
        ({**NEW_TELLER, "password": None}, 422, "password"),
        ({**NEW_TELLER, "branches": ["nowhere"]}, 422, "branches.0"),
        ({**NEW_TELLER, "branches": []}, 422, "branches"),
        ({**NEW_TELLER, "branches": ["demo", "demo"]}, 422, "branches"),
        ({**NEW_TELLER, "is_admin": True}, 422, "is_admin"),
        ({**NEW_TELLER, "display_name": "名" * 101}, 422, "display_name"),
    ]
    for body, status, field in cases:
        response = client.post(f"{API}/staff", json=body, headers=admin)
        assert (response.status_code, response.json()["field"]) == (status, field), (body, response.text)
    assert client.patch(f"{API}/staff/999", json={"display_name": "x"}, headers=admin).status_code == 404


def test_a_deactivated_teller_is_locked_out_at_once(client, container, admin):
    teller = token_headers(container, "teller1")
    teller_id = staff_id(container, "teller1")
    response = client.post(f"{API}/staff/{teller_id}/deactivate", headers=admin)
    assert (response.status_code, response.json()["active"]) == (200, False)
    assert client.get("/api/v1/auth/me", headers=teller).status_code == 401
    assert client.post("/api/v1/counters/1/open", headers=teller).status_code == 401
    refused = client.post("/api/v1/auth/login", json={"username": "teller1", "password": "demo-password-1"})
    assert refused.status_code == 401
    assert config_events(container)[-1] == {
        "entity": "staff",
        "action": "deactivated",
        "id": teller_id,
        "username": "teller1",
    }


def test_a_teller_holding_a_counter_is_not_deactivated_until_it_is_closed(client, container, admin):
    teller = token_headers(container, "teller2")
    client.post("/api/v1/counters/2/open", headers=teller)
    refused = client.post(f"{API}/staff/{staff_id(container, 'teller2')}/deactivate", headers=admin)
    assert refused.status_code == 409 and "holds counter 2" in refused.json()["detail"]
    assert client.get("/api/v1/auth/me", headers=teller).status_code == 200


def test_an_admin_can_neither_deactivate_nor_demote_themself(client, container, admin):
    own_id = staff_id(container, "admin")
    refused = client.post(f"{API}/staff/{own_id}/deactivate", headers=admin)
    assert refused.status_code == 409 and "your own account" in refused.json()["detail"]
    demoted = client.patch(f"{API}/staff/{own_id}", json={"role": "manager"}, headers=admin)
    assert demoted.status_code == 409 and demoted.json()["field"] == "role"
    assert client.get("/api/v1/auth/me", headers=admin).json()["role"] == "admin"


def test_a_new_password_replaces_the_old_one(client, container, admin):
    manager_id = staff_id(container, "manager")
    response = client.patch(f"{API}/staff/{manager_id}", json={"password": "a-new-password-2"}, headers=admin)
    assert response.status_code == 200, response.text
    old = client.post("/api/v1/auth/login", json={"username": "manager", "password": "demo-password-1"})
    assert old.status_code == 401
    login(client, "manager", "a-new-password-2")
    assert config_events(container)[-1]["fields"] == ["password"]


def test_moving_a_teller_announces_on_both_branches(client, container, admin):
    client.post(f"{API}/branches", json={"code": "west", "name_zh": "西", "name_en": "West"}, headers=admin)
    teller_id = staff_id(container, "teller3")
    moved = client.patch(f"{API}/staff/{teller_id}", json={"branches": ["west", "demo"]}, headers=admin)
    assert moved.json()["branches"] == ["west", "demo"]
    moved = client.patch(f"{API}/staff/{teller_id}", json={"branches": ["west"]}, headers=admin)
    assert (moved.status_code, moved.json()["branches"]) == (200, ["west"])
    update = {
        "entity": "staff",
        "action": "updated",
        "id": teller_id,
        "username": "teller3",
        "fields": ["branches"],
    }
    assert config_events(container, "demo") == [update, update]
    assert config_events(container, "west")[1:] == [update, update]
    teller = token_headers(container, "teller3")
    assert client.post("/api/v1/counters/3/open", headers=teller).status_code == 403


def test_an_admin_without_branches_is_announced_nowhere(client, container, admin):
    before = all_config_events(container)
    body = {"username": "root2", "role": "admin", "password": "another-admin-1"}
    response = client.post(f"{API}/staff", json=body, headers=admin)
    assert (response.status_code, response.json()["branches"]) == (201, [])
    assert all_config_events(container) == before
    second_admin = login(client, "root2", "another-admin-1")
    assert client.get(f"{API}/branches", headers=second_admin).status_code == 200


# -- devices -----------------------------------------------------------------------------------


def test_a_device_is_created_used_changed_and_retired(client, container, admin):
    body = {
        "username": "kiosk-2",
        "role": "kiosk",
        "branch": "demo",
        "description": "二楼",
        "password": "kiosk-pass-2",
    }
    created = client.post(f"{API}/devices", json=body, headers=admin)
    assert created.status_code == 201, created.text
    device = created.json()
    assert device == {
        "id": device["id"],
        "username": "kiosk-2",
        "role": "kiosk",
        "branch": "demo",
        "description": "二楼",
        "active": True,
    }
    kiosk = login(client, "kiosk-2", "kiosk-pass-2")
    ticket = client.post(
        "/api/v1/branches/demo/tickets", json={"service": "cash", "channel": "kiosk"}, headers=kiosk
    )
    assert ticket.status_code == 201

    changed = client.patch(f"{API}/devices/{device['id']}", json={"description": "二楼东侧"}, headers=admin)
    assert changed.json()["description"] == "二楼东侧"
    assert [d["username"] for d in client.get(f"{API}/devices", headers=admin).json()["devices"]] == [
        "kiosk-1",
        "display-1",
        "demo2-kiosk-1",
        "demo2-display-1",
        "kiosk-2",
    ]
    retired = client.post(f"{API}/devices/{device['id']}/deactivate", headers=admin)
    assert retired.json()["active"] is False
    again = client.post(
        "/api/v1/branches/demo/tickets", json={"service": "cash", "channel": "kiosk"}, headers=kiosk
    )
    assert again.status_code == 401
    assert [e["action"] for e in config_events(container)] == ["created", "updated", "deactivated"]


def test_bad_devices_are_refused_by_field(client, admin):
    good = {"username": "display-2", "role": "display", "branch": "demo", "password": "display-pass"}
    cases = [
        ({**good, "role": "teller"}, 422, "role"),
        ({**good, "branch": "nowhere"}, 422, "branch"),
        ({**good, "username": "admin"}, 409, "username"),
        ({**good, "password": "1234567"}, 422, "password"),
        ({**good, "password": "p" * 257}, 422, "password"),
        ({key: value for key, value in good.items() if key != "branch"}, 422, "branch"),
    ]
    for body, status, field in cases:
        response = client.post(f"{API}/devices", json=body, headers=admin)
        assert (response.status_code, response.json()["field"]) == (status, field), (body, response.text)
    assert client.patch(f"{API}/devices/999", json={"description": "x"}, headers=admin).status_code == 404
    garbage = client.post(
        f"{API}/devices", content=b"\xff\x00not json", headers={**admin, "content-type": "application/json"}
    )
    assert garbage.status_code == 422


def test_a_forged_token_for_a_new_account_is_refused(client):
    assert client.get("/api/v1/admin/staff", headers=bearer("not-a-jwt")).status_code == 401


def test_moving_a_device_announces_on_both_branches_and_deactivating_twice_is_quiet(client, container, admin):
    client.post(f"{API}/branches", json={"code": "west", "name_zh": "西", "name_en": "West"}, headers=admin)
    moved = client.patch(f"{API}/devices/2", json={"branch": "west"}, headers=admin)
    assert (moved.status_code, moved.json()["branch"]) == (200, "west"), moved.text
    update = {"entity": "device", "action": "updated", "id": 2, "username": "display-1", "fields": ["branch"]}
    assert config_events(container, "demo") == [update]
    assert config_events(container, "west")[-1] == update
    display = token_headers(container, "display-1")
    assert client.get("/api/v1/branches/demo/queue", headers=display).status_code == 403
    assert client.get("/api/v1/branches/west/queue", headers=display).status_code == 200

    for _ in range(2):
        assert client.post(f"{API}/devices/2/deactivate", headers=admin).json()["active"] is False
    assert [e["action"] for e in config_events(container, "west")] == ["created", "updated", "deactivated"]
