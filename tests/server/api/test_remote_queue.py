"""Joining the queue from a phone through the API: the branch's switch and cap, the ticket in the same series
with its time to arrive, not called before check-in at the kiosk, checked in by code or number, expired
when the customer does not come, and a number left on the status page."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from server.db.models import Notification, Ticket
from tests.server.conftest import BASE

REMOTE = f"{BASE}/branches/demo/remote-queue"


def switch_on(floor, client, **values):  # type: ignore[no-untyped-def]
    answer = client.put(f"{REMOTE}/settings", json={"enabled": True, **values}, headers=floor.as_("manager"))
    assert answer.status_code == 200, answer.text
    return answer.json()


def join(client, service: str = "cash", **extra):  # type: ignore[no-untyped-def]
    return client.post(f"{REMOTE}/tickets", json={"service": service, **extra})


def check_in(floor, client, reference: str, as_: str = "kiosk-1"):  # type: ignore[no-untyped-def]
    return client.post(f"{REMOTE}/check-in", json={"ticket": reference}, headers=floor.as_(as_))


def test_the_branch_takes_no_remote_tickets_until_the_manager_switches_it_on(floor, client):
    assert client.get(REMOTE).json()["enabled"] is False
    refused = join(client)
    assert refused.status_code == 409 and refused.json()["code"] == "remote.disabled"
    assert client.put(f"{REMOTE}/settings", json={"enabled": True}, headers=floor.as_("teller1")).status_code == 403
    assert switch_on(floor, client, daily_cap=5) == {"enabled": True, "daily_cap": 5, "arrive_within_min": 60}
    assert client.get(f"{REMOTE}/settings", headers=floor.as_("manager")).json()["daily_cap"] == 5
    offer = client.get(REMOTE).json()
    assert offer["enabled"] is True and offer["left_today"] == 5
    assert {service["code"] for service in offer["services"]} >= {"cash", "fx"}
    bad = client.put(f"{REMOTE}/settings", json={"arrive_within_min": 5}, headers=floor.as_("manager"))
    assert bad.status_code == 422 and bad.json()["code"] == "remote.arrive_within_range"


def test_a_remote_ticket_takes_the_next_number_and_a_time_to_arrive(floor, client, clock):
    switch_on(floor, client)
    floor.open(1, "teller1")
    walk_in = floor.issue("cash")
    remote = join(client)
    assert remote.status_code == 201, remote.text
    ticket = remote.json()
    assert walk_in["number"] == "A001" and ticket["number"] == "A002"
    arrive_by = datetime.fromisoformat(ticket["arrive_by"])
    assert clock.now + timedelta(minutes=20) <= arrive_by <= clock.now + timedelta(minutes=60)
    assert ticket["awaiting_arrival"] is True and "id" not in ticket  # the public's view
    assert ticket["status_url"].split("/t/")[1] == ticket["qr_code"]
    status = client.get(f"{BASE}/tickets/{ticket['qr_code']}").json()
    assert status["arrive_by"] == ticket["arrive_by"] and status["position"] == 1


def test_the_daily_cap_counts_remote_tickets_only(floor, client):
    switch_on(floor, client, daily_cap=2)
    assert join(client).status_code == 201
    floor.issue("cash")
    assert join(client, "fx").status_code == 201
    full = join(client)
    assert full.status_code == 409 and full.json()["code"] == "remote.cap_reached"
    assert client.get(REMOTE).json()["left_today"] == 0


def test_not_called_before_check_in_then_called_in_the_place_it_kept(floor, client, clock):
    switch_on(floor, client)
    floor.open(1, "teller1")
    remote = join(client).json()
    clock.advance(minutes=1)
    walk_in = floor.issue("cash")
    first = floor.call(1, "teller1").json()
    assert first["number"] == walk_in["number"]  # the remote customer is not here yet
    floor.act(first["id"], "no-show", "teller1")
    later = floor.issue("cash")
    assert floor.call(1, "teller1").json()["number"] == later["number"]
    floor.act(later["id"], "no-show", "teller1")
    assert floor.call(1, "teller1").status_code == 204  # only the customer on the way waits

    clock.advance(minutes=5)
    behind = floor.issue("cash")
    arrived = check_in(floor, client, remote["qr_code"])
    assert arrived.status_code == 200, arrived.text
    assert arrived.json()["awaiting_arrival"] is False and arrived.json()["number"] == remote["number"]
    assert floor.call(1, "teller1").json()["number"] == remote["number"]  # ahead of who came after it
    assert behind["number"] != remote["number"]


def test_check_in_by_the_typed_number_once_and_only_here(floor, client):
    switch_on(floor, client)
    remote = join(client, "fx").json()
    assert check_in(floor, client, remote["number"].lower()).status_code == 200
    again = check_in(floor, client, remote["number"])
    assert again.status_code == 409 and again.json()["code"] == "remote.already_checked_in"
    walk_in = floor.issue("cash")
    on_site = check_in(floor, client, walk_in["number"])
    assert on_site.status_code == 409 and on_site.json()["code"] == "remote.not_remote"
    unknown = check_in(floor, client, "A999")
    assert unknown.status_code == 404 and unknown.json()["code"] == "remote.not_today"
    assert check_in(floor, client, remote["number"], as_="demo2-kiosk-1").status_code == 403
    assert client.post(f"{REMOTE}/check-in", json={"ticket": remote["number"]}).status_code == 401


def test_not_checked_in_by_the_time_it_expires_with_its_reason(floor, client, clock, container):
    switch_on(floor, client)
    remote = join(client).json()
    kept = join(client, "fx").json()
    check_in(floor, client, kept["qr_code"])
    clock.now = datetime.fromisoformat(remote["arrive_by"])
    assert container.remote.expire_overdue() == 0  # on the minute it is still in time
    clock.advance(seconds=61)
    late = check_in(floor, client, remote["qr_code"])
    assert late.status_code == 409 and late.json()["code"] == "remote.arrival_passed"
    assert container.remote.expire_overdue() == 1
    status = client.get(f"{BASE}/tickets/{remote['qr_code']}").json()
    assert status["status"] == "expired" and status["awaiting_arrival"] is True
    assert client.get(f"{BASE}/tickets/{kept['qr_code']}").json()["status"] == "waiting"
    events = client.get(f"{BASE}/branches/demo/queue", headers=floor.as_("manager"))
    assert events.status_code == 200


def test_a_walk_in_leaves_a_number_on_the_status_page_stored_sealed_and_shown_masked(floor, client, container):
    ticket = floor.issue("cash")
    left = client.post(f"{BASE}/tickets/{ticket['qr_code']}/phone", json={"phone": "138 0013 8000", "language": "en"})
    assert left.status_code == 200, left.text
    assert left.json() == {"notify": True, "phone": "138****8000"}
    assert client.get(f"{BASE}/tickets/{ticket['token']}").json()["notify"] is True
    with container.db.read() as session:
        row = session.scalars(select(Ticket).where(Ticket.token == ticket["token"])).one()
        assert b"13800138000" not in row.phone_sealed and row.phone_masked == "138****8000"
        assert container.notifications.sealer.open(row.phone_sealed).phone == "13800138000"
        # first in line: "three places from the front" is queued at once, in the same transaction
        assert session.scalars(select(Notification.message_id)).all() == [f"ticket-{row.id}-near"]
    again = client.post(f"{BASE}/tickets/{ticket['token']}/phone", json={"phone": "13900139000"})
    assert again.status_code == 409 and again.json()["code"] == "remote.phone_already"
    wrong = client.post(f"{BASE}/tickets/{ticket['token']}/phone", json={"phone": "12345"})
    assert wrong.status_code == 422 and wrong.json()["field"] == "phone"
