"""Administration of counters, and configuration that takes effect at the next call."""

from __future__ import annotations

import pytest

from server.domain.calling import POLICIES, CallDecision
from server.domain.prediction import PREDICTORS, LearningHooks, WaitEstimate
from tests.helpers import token_headers
from tests.server.api.test_admin_branches import API, config_events

TICKETS = "/api/v1/branches/demo/tickets"


@pytest.fixture
def admin(container):
    return token_headers(container, "admin")


def issue(client, headers, service):
    response = client.post(TICKETS, json={"service": service, "channel": "kiosk"}, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


def test_a_new_counter_serves_its_skills(client, container, admin):
    created = client.post(
        f"{API}/branches/demo/counters",
        json={"number": 7, "name": "7号窗口", "zone_en": "Floor 1, Zone D", "skills": ["fx", "cash"]},
        headers=admin,
    )
    assert created.status_code == 201, created.text
    counter = created.json()
    assert counter == {
        "id": counter["id"],
        "branch": "demo",
        "number": 7,
        "name": "7号窗口",
        "zone_zh": "",
        "zone_en": "Floor 1, Zone D",
        "skills": ["fx", "cash"],
        "state": "closed",
        "active": True,
    }
    assert config_events(container) == [
        {"entity": "counter", "action": "created", "id": counter["id"], "number": 7}
    ]
    listed = client.get(f"{API}/branches/demo/counters", headers=admin).json()["counters"]
    assert [c["number"] for c in listed] == [1, 2, 3, 4, 5, 6, 7]

    kiosk, teller = token_headers(container, "kiosk-1"), token_headers(container, "teller1")
    issue(client, kiosk, "loans")
    fx = issue(client, kiosk, "fx")
    assert client.post(f"/api/v1/counters/{counter['id']}/open", headers=teller).status_code == 200
    called = client.post(f"/api/v1/counters/{counter['id']}/call-next", headers=teller)
    assert called.json()["number"] == fx["number"]  # the earlier loans customer is not for this counter


def test_bad_counters_are_refused_by_field(client, admin):
    client.post(f"{API}/branches", json={"code": "west", "name_zh": "西", "name_en": "West"}, headers=admin)
    client.post(
        f"{API}/branches/west/services",
        json={"code": "gold", "name_zh": "金", "name_en": "Gold", "prefix": "G"},
        headers=admin,
    )
    cases = [
        ({"number": 3}, 409, "number"),
        ({"number": 0}, 422, "number"),
        ({"number": 10**12}, 422, "number"),
        ({"number": "seven"}, 422, "number"),
        ({"name": "x"}, 422, "number"),
        ({"number": 7, "skills": ["cash", "astrology"]}, 422, "skills.1"),
        ({"number": 7, "skills": ["gold"]}, 422, "skills.0"),
        ({"number": 7, "skills": ["cash", "cash"]}, 422, "skills"),
        ({"number": 7, "skills": "cash"}, 422, "skills"),
        ({"number": 7, "skills": [""]}, 422, "skills.0"),
        ({"number": 7, "name": "n" * 101}, 422, "name"),
        ({"number": 7, "state": "open"}, 422, "state"),
    ]
    for body, status, field in cases:
        response = client.post(f"{API}/branches/demo/counters", json=body, headers=admin)
        assert (response.status_code, response.json()["field"]) == (status, field), (body, response.text)
    renumbered = client.patch(f"{API}/counters/2", json={"number": 1}, headers=admin)
    assert renumbered.status_code == 409 and "already has counter number 1" in renumbered.json()["detail"]
    assert client.patch(f"{API}/counters/999", json={"name": "x"}, headers=admin).status_code == 404
    assert client.post(f"{API}/counters/999/deactivate", headers=admin).status_code == 404


def test_changed_skills_apply_at_the_next_call_of_an_open_counter(client, container, admin):
    kiosk, teller = token_headers(container, "kiosk-1"), token_headers(container, "teller1")
    loans = issue(client, kiosk, "loans")
    client.post("/api/v1/counters/1/open", headers=teller)
    assert client.post("/api/v1/counters/1/call-next", headers=teller).status_code == 204

    response = client.patch(
        f"{API}/counters/1", json={"skills": ["loans", "cash"], "zone_zh": "贵宾区", "zone_en": "VIP area"}, headers=admin
    )
    assert response.status_code == 200, response.text
    assert (response.json()["skills"], response.json()["state"]) == (["loans", "cash"], "open")
    assert client.post("/api/v1/counters/1/call-next", headers=teller).json()["number"] == loans["number"]
    assert config_events(container)[-1] == {
        "entity": "counter",
        "action": "updated",
        "id": 1,
        "number": 1,
        "fields": ["zone_zh", "zone_en", "skills"],
    }


def test_a_counter_is_deactivated_only_when_closed_and_empty(client, admin, container):
    kiosk, teller = token_headers(container, "kiosk-1"), token_headers(container, "teller1")
    ticket = issue(client, kiosk, "cash")
    client.post("/api/v1/counters/1/open", headers=teller)
    refused = client.post(f"{API}/counters/1/deactivate", headers=admin)
    assert refused.status_code == 409 and "counter 1 is open; close it first" in refused.json()["detail"]

    client.post("/api/v1/counters/1/call-next", headers=teller)
    client.post(f"/api/v1/tickets/{ticket['id']}/start", headers=teller)
    client.post(f"/api/v1/tickets/{ticket['id']}/finish", headers=teller)
    client.post("/api/v1/counters/1/close", headers=teller)
    done = client.post(f"{API}/counters/1/deactivate", headers=admin)
    assert (done.status_code, done.json()["active"]) == (200, False)
    queue = client.get("/api/v1/branches/demo/queue", headers=teller).json()
    assert 1 not in [c["number"] for c in queue["counters"]]
    assert client.post("/api/v1/counters/1/open", headers=teller).status_code == 404


def test_a_counter_is_deactivated_only_once_closed_and_closing_it_frees_the_tickets_sent_to_it(
    client, admin, container
):
    kiosk, manager = token_headers(container, "kiosk-1"), token_headers(container, "manager")
    teller = token_headers(container, "teller2")
    ticket = issue(client, kiosk, "cash")
    assert client.post("/api/v1/counters/2/open", headers=teller).status_code == 200
    sent = client.post(f"/api/v1/tickets/{ticket['id']}/transfer", json={"counter_id": 2}, headers=manager)
    assert sent.status_code == 200 and sent.json()["target_counter_id"] == 2, sent.text
    refused = client.post(f"{API}/counters/2/deactivate", headers=admin)
    assert refused.status_code == 409 and "close it first" in refused.json()["detail"]
    assert client.post("/api/v1/counters/2/close", headers=teller).status_code == 200
    assert client.post(f"{API}/counters/2/deactivate", headers=admin).status_code == 200
    queue = client.get("/api/v1/branches/demo/queue", headers=manager).json()
    waiting = next(t for t in queue["waiting"] if t["id"] == ticket["id"])
    assert waiting["target_counter_id"] is None


# -- configuration that changes how the branch calls and predicts --------------------------------


class LatestFirstPolicy:
    """A deliberately different policy: the most recent arrival first."""

    name = "latest-first"

    def choose(self, counter, snapshot):
        candidates = snapshot.eligible_for(counter)
        if not candidates:
            return None
        best = max(candidates, key=lambda ticket: (ticket.arrived_at, ticket.ticket_id))
        return CallDecision(best.ticket_id, self.name, "latest arrival first")


class FixedPredictor(LearningHooks):
    """Tells everybody 123 seconds, so a switch of predictor is visible."""

    name = "fixed"

    def predict(self, snapshot):
        return {t.ticket_id: WaitEstimate(123.0, 100.0, 150.0, 0) for t in snapshot.waiting}


def test_a_new_calling_policy_and_predictor_apply_without_a_restart(
    client, clock, monkeypatch, admin, container
):
    monkeypatch.setitem(POLICIES, LatestFirstPolicy.name, LatestFirstPolicy)
    monkeypatch.setitem(PREDICTORS, FixedPredictor.name, FixedPredictor)
    kiosk, teller1, teller2 = (
        token_headers(container, "kiosk-1"),
        token_headers(container, "teller1"),
        token_headers(container, "teller2"),
    )
    client.post("/api/v1/counters/1/open", headers=teller1)
    client.post("/api/v1/counters/2/open", headers=teller2)
    first = issue(client, kiosk, "cash")
    clock.advance(60)
    second = issue(client, kiosk, "cash")
    clock.advance(60)
    third = issue(client, kiosk, "cash")
    assert client.post("/api/v1/counters/1/call-next", headers=teller1).json()["number"] == first["number"]

    changed = client.patch(
        f"{API}/branches/demo",
        json={"calling_policy": "latest-first", "wait_predictor": "fixed"},
        headers=admin,
    )
    assert changed.status_code == 200, changed.text
    called = client.post("/api/v1/counters/2/call-next", headers=teller2).json()
    assert (called["number"], called["call_reason"]) == (third["number"], "latest arrival first")
    assert issue(client, kiosk, "cash")["estimated_wait_s"] == 123
    assert second["estimated_wait_s"] != 123
