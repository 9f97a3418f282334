"""Login under a throttle, equal work whatever the account, and tokens revoked by a password change."""

import logging

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from server.api.app import create_app
from server.db.models import Device, Staff
from tests.helpers import DEMO_PASSWORD, ENGLISH, bearer, login, token_headers
from tests.server.conftest import BASE

LOGIN = f"{BASE}/auth/login"


def attempt(client, username, password="wrong-password"):  # type: ignore[no-untyped-def]
    return client.post(LOGIN, json={"username": username, "password": password})


@pytest.fixture
def other_client(container):  # type: ignore[no-untyped-def]
    """A second client at another address (the same server and clock)."""
    with TestClient(create_app(container, background_jobs=False), headers=ENGLISH,
                    client=("10.9.8.7", 40000)) as test_client:
        yield test_client


def test_five_wrong_passwords_lock_the_account_for_five_minutes_then_longer(client, clock, caplog):
    caplog.set_level(logging.INFO, logger="branchq.auth")
    assert [attempt(client, "teller1").status_code for _ in range(5)] == [401] * 5
    locked = attempt(client, "teller1", DEMO_PASSWORD)
    assert locked.status_code == 429 and locked.headers["Retry-After"] == "300"
    assert locked.json()["code"] == "auth.locked_out" and locked.json()["params"] == {"retry_after_s": 300}
    clock.advance(minutes=5)
    assert [attempt(client, "teller1").status_code for _ in range(5)] == [401] * 5
    assert attempt(client, "teller1", DEMO_PASSWORD).headers["Retry-After"] == "600"
    clock.advance(minutes=10)
    assert attempt(client, "teller1", DEMO_PASSWORD).status_code == 200
    lines = [record.getMessage() for record in caplog.records]
    assert any("locked out for 300 s" in line and "'teller1'" in line and "testclient" in line for line in lines)
    assert not any("wrong-password" in line or DEMO_PASSWORD in line for line in lines)


def test_a_locked_account_is_locked_from_every_address(client, other_client):
    for _ in range(5):
        attempt(client, "teller2")
    assert attempt(other_client, "teller2", DEMO_PASSWORD).status_code == 429
    assert attempt(other_client, "teller3", DEMO_PASSWORD).status_code == 200


def test_unknown_names_are_throttled_per_address_without_locking_real_accounts_there(client, other_client):
    assert [attempt(client, f"ghost{n}").status_code for n in range(5)] == [401] * 5
    refused = attempt(client, "ghost9")
    assert refused.status_code == 429 and refused.json()["code"] == "auth.locked_out"
    assert attempt(client, "kiosk-1", DEMO_PASSWORD).status_code == 200  # the branch behind the same router
    assert attempt(other_client, "ghost9").status_code == 401


def test_a_locked_address_does_not_reveal_which_names_exist(client, monkeypatch):
    import server.services.auth as auth

    for n in range(5):
        attempt(client, f"ghost{n}")
    real_verify = auth.verify_password
    verified: list[str] = []
    monkeypatch.setattr(auth, "verify_password", lambda h, p: verified.append(h) or real_verify(h, p))
    unknown, known = attempt(client, "ghost7"), attempt(client, "teller1")
    assert unknown.status_code == known.status_code == 429
    assert unknown.json()["detail"] == known.json()["detail"]
    assert len(verified) == 2


def test_a_success_clears_the_failures(client):
    for _ in range(4):
        attempt(client, "teller4")
    login(client, "teller4")
    assert [attempt(client, "teller4").status_code for _ in range(4)] == [401] * 4


def test_every_login_outcome_verifies_exactly_one_password_hash(client, container, monkeypatch):
    """A deactivated account used to skip the hash (10 ms instead of 200 ms), which revealed it."""
    import server.services.auth as auth

    real_verify = auth.verify_password
    verified: list[str] = []
    monkeypatch.setattr(auth, "verify_password", lambda h, p: verified.append(h) or real_verify(h, p))
    with container.db.write() as session:
        session.scalars(select(Staff).where(Staff.username == "teller5")).one().active = False
    outcomes = {
        "deactivated, right password": attempt(client, "teller5", DEMO_PASSWORD),
        "deactivated, wrong password": attempt(client, "teller5"),
        "unknown name": attempt(client, "nobody"),
        "wrong password": attempt(client, "teller6"),
        "right password": attempt(client, "teller6", DEMO_PASSWORD),
        "device, wrong password": attempt(client, "display-1"),
    }
    assert len(verified) == len(outcomes)
    for _ in range(5):
        attempt(client, "teller4")
    before = len(verified)
    outcomes["locked account"] = attempt(client, "teller4", DEMO_PASSWORD)
    assert len(verified) == before + 1
    assert [r.status_code for r in outcomes.values()] == [401, 401, 401, 401, 200, 401, 429]


def test_a_password_changed_by_an_admin_revokes_the_accounts_tokens(client, container):
    manager = login(client, "manager")
    admin = token_headers(container, "admin")
    with container.db.read() as session:
        manager_id = session.scalar(select(Staff.id).where(Staff.username == "manager"))
    assert client.get(f"{BASE}/auth/me", headers=manager).status_code == 200
    client.patch(f"{BASE}/admin/staff/{manager_id}", json={"display_name": "主管"}, headers=admin)
    assert client.get(f"{BASE}/auth/me", headers=manager).status_code == 200  # other changes keep sessions
    client.patch(f"{BASE}/admin/staff/{manager_id}", json={"password": "a-new-password-2"}, headers=admin)
    revoked = client.get(f"{BASE}/auth/me", headers=manager)
    assert revoked.status_code == 401 and revoked.json()["code"] == "auth.token_revoked"
    fresh = login(client, "manager", "a-new-password-2")
    assert client.get(f"{BASE}/auth/me", headers=fresh).json()["username"] == "manager"


def test_a_device_password_change_revokes_its_tokens(client, container):
    kiosk = login(client, "kiosk-1")
    admin = token_headers(container, "admin")
    with container.db.read() as session:
        kiosk_id = session.scalar(select(Device.id).where(Device.username == "kiosk-1"))
    client.patch(f"{BASE}/admin/devices/{kiosk_id}", json={"password": "kiosk-pass-22"}, headers=admin)
    assert client.get(f"{BASE}/auth/me", headers=kiosk).status_code == 401


def test_changing_ones_own_password_revokes_older_tokens_and_answers_a_new_one(client):
    old = login(client, "teller1")
    other_session = login(client, "teller1")
    wrong = client.post(f"{BASE}/auth/password", headers=old,
                        json={"current_password": "not-mine-1", "new_password": "brand-new-pass-3"})
    assert wrong.status_code == 401
    short = client.post(f"{BASE}/auth/password", headers=old,
                        json={"current_password": DEMO_PASSWORD, "new_password": "short"})
    assert short.status_code == 422 and short.json()["field"] == "new_password"
    changed = client.post(f"{BASE}/auth/password", headers=old,
                          json={"current_password": DEMO_PASSWORD, "new_password": "brand-new-pass-3"})
    assert changed.status_code == 200, changed.text
    assert client.get(f"{BASE}/auth/me", headers=old).status_code == 401
    assert client.get(f"{BASE}/auth/me", headers=other_session).status_code == 401
    assert client.get(f"{BASE}/auth/me", headers=bearer(changed.json()["access_token"])).status_code == 200
    assert attempt(client, "teller1", DEMO_PASSWORD).status_code == 401
    login(client, "teller1", "brand-new-pass-3")
