"""Who may do what: every refusal is a 401/403 with a message, never a silent success."""

import pytest

from tests.server.conftest import BASE


def test_requests_without_a_token_are_refused_with_401(client):
    for method, path in [
        ("post", "/counters/1/open"),
        ("post", "/counters/1/call-next"),
        ("post", "/tickets/1/finish"),
        ("get", "/branches/demo/queue"),
        ("get", "/auth/me"),
    ]:
        response = getattr(client, method)(BASE + path)
        assert response.status_code == 401, path
        assert response.json()["detail"].startswith("log in first")


def test_wrong_password_and_unknown_user_look_the_same(client):
    wrong = client.post(f"{BASE}/auth/login", json={"username": "teller1", "password": "nope-nope"})
    unknown = client.post(f"{BASE}/auth/login", json={"username": "ghost", "password": "nope-nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["detail"] == unknown.json()["detail"] == "wrong username or password"


def test_a_forged_or_expired_token_is_refused(client, clock):
    response = client.get(f"{BASE}/auth/me", headers={"Authorization": "Bearer not-a-jwt"})
    assert response.status_code == 401 and response.json()["detail"] == "invalid access token"


def test_tokens_expire(floor, client, container, clock):
    from server.domain import Role
    from server.services.auth import Principal, issue_token

    principal = Principal("staff", 3, "teller1", Role.TELLER, frozenset({1}))
    token, _ = issue_token(principal, container.settings.secret_key, clock.now.replace(year=2020), 60)
    response = client.get(f"{BASE}/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401 and "expired" in response.json()["detail"]


def test_login_reports_role_and_branches(client):
    for username, role in [("admin", "admin"), ("manager", "manager"), ("teller3", "teller"),
                           ("kiosk-1", "kiosk"), ("display-1", "display")]:
        body = client.post(f"{BASE}/auth/login", json={"username": username, "password": "demo-password-1"}).json()
        assert body["role"] == role and body["access_token"]


def test_a_kiosk_issues_tickets_but_cannot_call_them(floor):
    floor.issue("cash", as_="kiosk-1")
    assert floor.counter(1, "open", "kiosk-1").status_code == 403
    assert floor.call(1, "kiosk-1").status_code == 403


def test_a_kiosk_cannot_issue_counter_tickets_and_a_teller_only_counter_ones(floor, client):
    refused = client.post(f"{BASE}/branches/demo/tickets", json={"service": "cash", "channel": "counter"},
                          headers=floor.as_("kiosk-1"))
    assert refused.status_code == 403 and "kiosk account cannot issue counter tickets" in refused.json()["detail"]
    assert floor.issue("cash", channel="counter", as_="teller1")["channel"] == "counter"
    assert client.post(f"{BASE}/branches/demo/tickets", json={"service": "cash", "channel": "kiosk"},
                       headers=floor.as_("teller1")).status_code == 403


def test_a_teller_acts_only_at_the_counter_it_opened(floor):
    floor.open(1, "teller1")
    ticket = floor.issue("cash")
    assert floor.call(1, "teller2").status_code == 403
    assert floor.counter(1, "pause", "teller2").status_code == 403
    floor.call(1, "teller1")
    for action in ("start", "recall", "no-show"):
        response = floor.act(ticket["id"], action, "teller2")
        assert response.status_code == 403, action
        assert "only the teller at the ticket's counter" in response.json()["detail"]


def test_calling_at_a_closed_or_paused_counter_is_refused(floor):
    closed = floor.call(3, "teller3")
    assert closed.status_code == 409 and "closed; open it first" in closed.json()["detail"]
    floor.open(3, "teller3")
    assert floor.counter(3, "pause", "teller3").json()["state"] == "paused"
    paused = floor.call(3, "teller3")
    assert paused.status_code == 409 and "resume it first" in paused.json()["detail"]
    assert floor.counter(3, "resume", "teller3").json()["state"] == "open"


def test_opening_an_open_counter_is_an_illegal_transition(floor):
    floor.open(2, "teller2")
    again = floor.counter(2, "open", "teller1")
    assert again.status_code == 409 and again.json()["detail"] == "cannot open a counter that is open"


def test_a_manager_closes_any_counter_but_not_one_with_a_customer(floor):
    floor.open(1, "teller1")
    ticket = floor.issue("cash")
    floor.call(1, "teller1")
    busy = floor.counter(1, "close", "manager")
    assert busy.status_code == 409 and ticket["number"] in busy.json()["detail"]
    floor.act(ticket["id"], "no-show", "teller1")
    assert floor.counter(1, "close", "manager").json()["state"] == "closed"


def test_only_a_manager_moves_or_cancels_a_waiting_ticket(floor):
    ticket = floor.issue("cash")
    assert floor.act(ticket["id"], "cancel", "teller1").status_code == 403
    assert floor.act(ticket["id"], "transfer", "teller1", service="fx").status_code == 403
    assert floor.act(ticket["id"], "transfer", "manager", service="fx").json()["service"]["code"] == "fx"
    assert floor.act(ticket["id"], "cancel", "manager").json()["status"] == "cancelled"


def test_the_live_queue_is_for_staff_and_displays_only(floor, client):
    assert client.get(f"{BASE}/branches/demo/queue", headers=floor.as_("display-1")).status_code == 200
    assert client.get(f"{BASE}/branches/demo/queue", headers=floor.as_("teller4")).status_code == 200


def test_devices_cannot_act_on_tickets(floor):
    ticket = floor.issue("cash")
    assert floor.act(ticket["id"], "cancel", "kiosk-1").status_code == 403
    assert floor.act(ticket["id"], "cancel", "display-1").status_code == 403


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"channel": "kiosk"}, "service"),
        ({"service": "cash"}, "channel"),
        ({"service": "cash", "channel": "kiosk", "priority": "king"}, "priority"),
        ({"service": "cash", "channel": "kiosk", "extra": 1}, "extra"),
        ({"service": "", "channel": "kiosk"}, "service"),
        ({"service": "x" * 500, "channel": "kiosk"}, "service"),
        ({"service": 12, "channel": "kiosk"}, "service"),
    ],
)
def test_bad_ticket_requests_get_422_naming_the_field(floor, client, body, field):
    response = client.post(f"{BASE}/branches/demo/tickets", json=body, headers=floor.as_("kiosk-1"))
    assert response.status_code == 422
    assert response.json()["field"] == field


def test_malformed_json_and_unknown_things_are_4xx(floor, client):
    kiosk = floor.as_("kiosk-1")
    garbage = client.post(f"{BASE}/branches/demo/tickets", content=b"{not json", headers=kiosk)
    assert garbage.status_code == 422
    assert client.post(f"{BASE}/branches/nowhere/tickets", json={"service": "cash", "channel": "kiosk"},
                       headers=kiosk).status_code == 404
    assert floor.act(999999, "finish", "teller1").status_code == 404
    assert floor.call(999999, "teller1").status_code == 404
    assert client.post(f"{BASE}/tickets/abc/cancel").status_code == 422
    assert client.post(f"{BASE}/tickets/{'9' * 40}/finish", headers=floor.as_("teller1")).status_code in (404, 422)
    assert client.post(f"{BASE}/tickets/tx/rating", json={"score": 9}).status_code == 422
