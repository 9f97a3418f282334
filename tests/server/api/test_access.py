"""Priority, check-in, the views each audience gets, and who acted: the rules around the permission table."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from server.db.models import Customer, Event
from server.domain.enums import PriorityTier
from tests.server.conftest import BASE

TICKETS = f"{BASE}/branches/demo/tickets"
PERSONAL_OR_CALL_FACTS = {"notes", "call_reason", "call_facts", "staff_id", "actor", "appointment_id", "priority"}


def book(client, clock, service: str = "loans") -> str:  # type: ignore[no-untyped-def]
    slot = (clock.now + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
    response = client.post(
        f"{BASE}/branches/demo/appointments",
        json={"service": service, "slot_start": slot.isoformat(), "name": "张伟", "phone": "13800138000"},
    )
    assert response.status_code == 201, response.text
    return response.json()["code"]


def logged_events(container, event_type: str) -> list[dict]:  # type: ignore[no-untyped-def]
    with container.db.read() as session:
        return [e.payload for e in session.scalars(select(Event).where(Event.type == event_type).order_by(Event.seq))]


# -- priority comes from who issues and what is verified ----------------------------------------


def test_an_anonymous_request_cannot_claim_priority(client):
    for priority in ("priority_needs", "vip"):
        response = client.post(TICKETS, json={"service": "cash", "channel": "online", "priority": priority})
        assert response.status_code == 403, response.text
        assert (response.json()["field"], response.json()["code"]) == ("priority", "access.priority")
    asked_regular = client.post(TICKETS, json={"service": "cash", "channel": "online", "priority": "regular"})
    assert asked_regular.status_code == 201


def test_a_kiosk_cannot_grant_priority_but_staff_and_the_lobby_manager_can(floor, client):
    refused = client.post(TICKETS, json={"service": "cash", "channel": "kiosk", "priority": "vip"},
                          headers=floor.as_("kiosk-1"))
    assert refused.status_code == 403 and refused.json()["field"] == "priority"
    assert floor.issue("cash", as_="lobby", priority="priority_needs")["priority"] == "priority_needs"
    assert floor.issue("cash", channel="counter", as_="teller1", priority="vip")["priority"] == "vip"
    assert "priority" not in floor.issue("cash", as_="kiosk-1")  # the device view


def test_the_granting_account_is_recorded_with_the_ticket(floor, container):
    floor.issue("cash", as_="lobby", priority="priority_needs")
    issued = logged_events(container, "ticket.issued")[-1]
    assert issued["priority"] == "priority_needs"
    assert issued["actor"] == {"kind": "staff", "id": issued["actor"]["id"], "username": "lobby", "role": "lobby"}


def test_a_checked_in_appointment_brings_its_customers_tier(floor, client, clock, container):
    code = book(client, clock)
    with container.db.write() as session:
        session.execute(update(Customer).values(tier=PriorityTier.VIP))
    ticket = floor.issue(as_="kiosk-1", service=None, appointment=code)
    assert ticket["channel"] == "appointment"
    assert logged_events(container, "ticket.issued")[-1]["priority"] == "vip"


def test_a_kiosk_may_confirm_the_verified_tier_but_not_ask_for_more(floor, client, clock, container):
    code = book(client, clock)
    with container.db.write() as session:
        session.execute(update(Customer).values(tier=PriorityTier.VIP))
    more = client.post(TICKETS, json={"channel": "kiosk", "appointment": code, "priority": "priority_needs"},
                       headers=floor.as_("kiosk-1"))
    assert more.status_code == 403 and more.json()["field"] == "priority"
    floor.issue(as_="kiosk-1", service=None, appointment=code, priority="vip")
    assert logged_events(container, "ticket.issued")[-1]["priority"] == "vip"


# -- appointment check-in is on site --------------------------------------------------------------


def test_an_anonymous_online_request_cannot_check_an_appointment_in(client, clock, floor):
    code = book(client, clock)
    response = client.post(TICKETS, json={"channel": "online", "appointment": code})
    assert response.status_code == 403, response.text
    assert (response.json()["field"], response.json()["code"]) == ("appointment", "access.check_in")
    assert client.get(f"{BASE}/appointments/{code}", headers=floor.as_("kiosk-1")).json()["status"] == "booked"


# -- one view per audience ------------------------------------------------------------------------


def test_the_anonymous_issue_answer_is_the_public_view_with_its_codes(client):
    answer = client.post(TICKETS, json={"service": "cash", "channel": "online"}).json()
    assert {"token", "qr_code", "status_url", "number", "position", "estimated_wait_s"} <= set(answer)
    assert not {"id", "notes", "call_reason", "call_facts", "appointment_id", "channel"} & set(answer)


def test_an_online_request_with_a_staff_token_is_still_a_public_one(floor, client):
    answer = client.post(TICKETS, json={"service": "cash", "channel": "online"}, headers=floor.as_("manager"))
    assert answer.status_code == 201 and "id" not in answer.json()


def test_devices_read_no_notes_call_facts_or_staff_ids_in_the_live_queue(floor, client):
    floor.open(1, "teller1")
    ticket = floor.issue("cash")
    floor.issue("cash")
    floor.call(1, "teller1")
    assert floor.act(ticket["id"], "transfer", "teller1", service="loans", note="客户 13800138000 要贷款").status_code == 200
    floor.call(1, "teller1")
    staff = client.get(f"{BASE}/branches/demo/queue", headers=floor.as_("teller2")).json()
    assert any(t["notes"] for t in staff["waiting"]) and staff["counters"][0]["staff_id"] is not None
    for device in ("display-1", "kiosk-1"):
        seen = client.get(f"{BASE}/branches/demo/queue", headers=floor.as_(device)).json()
        assert seen["waiting"] and all(not PERSONAL_OR_CALL_FACTS & set(t) for t in seen["waiting"])
        assert all("staff_id" not in counter for counter in seen["counters"])
        assert "13800138000" not in str(seen)


def test_the_event_stream_gives_devices_their_view_and_staff_the_whole_event(floor, client):
    floor.open(1, "teller1")
    floor.issue("cash")
    for username in ("display-1", "teller2"):
        messages: list[dict] = []
        with client.websocket_connect(f"{BASE}/branches/demo/events?since=0", headers=floor.as_(username)) as ws:
            while not messages or messages[-1]["type"] != "ticket.issued":
                messages.append(ws.receive_json())
        called = next(m for m in messages if m["type"] == "counter.state")
        if username == "display-1":
            assert not PERSONAL_OR_CALL_FACTS & set(called["data"])
            assert all("actor" not in m["data"] for m in messages)
        else:
            assert called["data"]["actor"]["username"] == "teller1" and "staff_id" in called["data"]


def test_called_events_carry_call_facts_to_staff_only(floor, client):
    floor.open(1, "teller1")
    floor.issue("cash")
    floor.call(1, "teller1")
    seen = {}
    for username in ("display-1", "teller2"):
        with client.websocket_connect(f"{BASE}/branches/demo/events?since=0", headers=floor.as_(username)) as ws:
            while (message := ws.receive_json())["type"] != "ticket.called":
                pass
        seen[username] = message["data"]
    assert seen["teller2"]["call_reason"] and seen["teller2"]["actor"]["username"] == "teller1"
    assert seen["display-1"]["number"] == "A001" and seen["display-1"]["counter"]["number"] == 1
    assert not PERSONAL_OR_CALL_FACTS & set(seen["display-1"])


# -- every event says who acted -------------------------------------------------------------------


def test_every_ticket_event_records_who_acted(floor, client, container):
    floor.open(1, "teller1")
    by_kiosk = floor.issue("cash")
    online = client.post(TICKETS, json={"service": "fx", "channel": "online"}).json()
    floor.call(1, "teller1")
    floor.act(by_kiosk["id"], "transfer", "teller1", service="fx")
    client.post(f"{BASE}/tickets/{online['token']}/cancel")
    moved = floor.issue("cash")
    floor.act(moved["id"], "cancel", "manager")
    with container.db.read() as session:
        events = session.scalars(select(Event).order_by(Event.seq)).all()
    assert events and all("actor" in e.payload for e in events)
    actors = [(e.type, e.payload["actor"].get("username", e.payload["actor"]["kind"])) for e in events
              if e.type.startswith("ticket.")]
    assert actors == [
        ("ticket.issued", "kiosk-1"),
        ("ticket.issued", "customer"),
        ("ticket.called", "teller1"),
        ("ticket.transferred", "teller1"),
        ("ticket.cancelled", "customer"),
        ("ticket.issued", "kiosk-1"),
        ("ticket.cancelled", "manager"),
    ]
    device = next(e.payload["actor"] for e in events if e.type == "ticket.issued")
    assert device["kind"] == "device" and device["role"] == "kiosk"


def test_configuration_events_name_the_administrator(floor, client, container):
    response = client.patch(f"{BASE}/admin/services/1", json={"name_en": "Cash"}, headers=floor.as_("admin"))
    assert response.status_code == 200, response.text
    assert logged_events(container, "config.changed")[-1]["actor"]["username"] == "admin"


# -- the lobby manager ----------------------------------------------------------------------------


def test_the_lobby_manager_moves_waiting_tickets_but_holds_no_counter_and_configures_nothing(floor, client):
    waiting = floor.issue("cash")
    assert floor.act(waiting["id"], "transfer", "lobby", service="fx").json()["service"]["code"] == "fx"
    assert floor.act(waiting["id"], "cancel", "lobby").json()["status"] == "cancelled"
    assert floor.counter(3, "open", "lobby").status_code == 403
    assert client.get(f"{BASE}/admin/staff", headers=floor.as_("lobby")).status_code == 403
    assert client.get(f"{BASE}/branches/demo/stats", headers=floor.as_("lobby")).status_code == 403
