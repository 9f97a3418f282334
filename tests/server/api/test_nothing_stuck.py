"""Nothing stuck on the floor: every ticket can still be called, whoever left and whatever changed."""

from __future__ import annotations

from sqlalchemy import select

from server.db.models import Event
from server.services.day_close import close_business_days
from tests.server.conftest import BASE

ADMIN = f"{BASE}/admin"


def events(container, *types: str) -> list[dict]:  # type: ignore[no-untyped-def]
    with container.db.read() as session:
        rows = session.scalars(select(Event).where(Event.type.in_(types)).order_by(Event.seq)).all()
        return [{"type": row.type, **row.payload} for row in rows]


def waiting_ids(floor) -> list[int]:  # type: ignore[no-untyped-def]
    queue = floor.client.get(f"{BASE}/branches/demo/queue", headers=floor.as_("manager")).json()
    return [ticket["id"] for ticket in queue["waiting"]]


def called_at_absent_counter(floor):  # type: ignore[no-untyped-def]
    floor.open(1, "teller1")
    ticket = floor.issue("cash")
    assert floor.call(1, "teller1").json()["id"] == ticket["id"]
    return ticket


# -- a counter whose teller is gone ------------------------------------------------------------


def test_a_manager_releases_an_absent_tellers_counter_and_its_ticket_is_called_elsewhere(floor, container, clock):
    ticket = called_at_absent_counter(floor)
    for action in ("no-show", "cancel"):
        assert floor.act(ticket["id"], action, "manager").status_code == 403  # the teller's own acts stay theirs
    assert floor.counter(1, "close", "manager").status_code == 409

    clock.advance(minutes=5)
    released = floor.counter(1, "release", "manager")
    assert released.status_code == 200, released.text
    assert released.json()["state"] == "closed" and released.json()["requeued"] == [ticket["id"]]
    assert waiting_ids(floor) == [ticket["id"]]

    floor.open(2, "teller2")
    again = floor.call(2, "teller2").json()
    assert again["id"] == ticket["id"] and again["arrived_at"] == ticket["arrived_at"]
    [requeued] = events(container, "ticket.requeued")
    assert requeued["reason"] == "counter_released" and requeued["status"] == "waiting"
    assert requeued["counter"] is None and requeued["from_counter"] == 1
    assert events(container, "counter.state")[-2]["action"] == "release"


def test_only_a_manager_releases_and_only_a_counter_in_use(floor):
    called_at_absent_counter(floor)
    floor.open(2, "teller2")
    refused = floor.counter(1, "release", "teller2")
    assert refused.status_code == 403
    assert floor.counter(1, "release", "manager").status_code == 200
    closed = floor.counter(1, "release", "manager")
    assert closed.status_code == 409 and closed.json()["code"] == "counter.release_closed"


def test_a_teller_holding_a_counter_cannot_be_moved_to_another_branch(floor, client):
    admin = floor.as_("admin")
    assert client.post(f"{ADMIN}/branches", json={"code": "west", "name_zh": "西区", "name_en": "West"},
                       headers=admin).status_code == 201
    teller1 = next(s for s in client.get(f"{ADMIN}/staff", headers=admin).json()["staff"] if s["username"] == "teller1")
    floor.open(1, "teller1")
    moved = client.patch(f"{ADMIN}/staff/{teller1['id']}", json={"branches": ["west"]}, headers=admin)
    assert moved.status_code == 409, moved.text
    assert moved.json()["code"] == "staff.holds_counter" and moved.json()["params"]["counter"] == 1
    assert client.patch(f"{ADMIN}/staff/{teller1['id']}", json={"branches": ["demo", "west"]},
                        headers=admin).status_code == 200  # still at the branch of the counter
    floor.counter(1, "close", "teller1")
    assert client.patch(f"{ADMIN}/staff/{teller1['id']}", json={"branches": ["west"]},
                        headers=admin).status_code == 200


# -- one counter per account -------------------------------------------------------------------


def test_a_teller_opens_one_counter_at_a_time(floor):
    floor.open(1, "teller1")
    second = floor.counter(2, "open", "teller1")
    assert second.status_code == 409
    assert second.json()["code"] == "counter.already_held" and second.json()["params"] == {"counter": 1}
    assert "counter 1" in second.json()["detail"]
    assert floor.counter(1, "pause", "teller1").status_code == 200
    assert floor.counter(2, "open", "teller1").status_code == 409  # a paused counter is still held
    floor.counter(1, "close", "teller1")
    assert floor.counter(2, "open", "teller1").status_code == 200
    assert floor.counter(1, "open", "teller2").status_code == 200


# -- transfers to a counter ---------------------------------------------------------------------


def test_a_ticket_cannot_be_sent_to_a_closed_counter_but_may_go_to_a_paused_one(floor):
    ticket = floor.issue("cash")
    closed = floor.act(ticket["id"], "transfer", "manager", counter_id=2)
    assert closed.status_code == 409
    assert closed.json()["code"] == "transfer.counter_closed" and closed.json()["field"] == "counter_id"
    floor.open(2, "teller2")
    floor.counter(2, "pause", "teller2")
    sent = floor.act(ticket["id"], "transfer", "manager", counter_id=2)
    assert sent.status_code == 200 and sent.json()["target_counter_id"] == 2


def test_closing_a_counter_sends_the_tickets_waiting_for_it_back_to_their_line(floor, container):
    floor.open(2, "teller2")
    ticket = floor.issue("cash")
    assert floor.act(ticket["id"], "transfer", "manager", counter_id=2).status_code == 200
    floor.open(1, "teller1")
    assert floor.call(1, "teller1").status_code == 204  # it waits for counter 2 only

    assert floor.counter(2, "close", "teller2").status_code == 200
    [requeued] = events(container, "ticket.requeued")
    assert requeued["ticket_id"] == ticket["id"] and requeued["reason"] == "counter_closed"
    assert requeued["target_counter_id"] is None
    assert floor.call(1, "teller1").json()["id"] == ticket["id"]


# -- the recall limit --------------------------------------------------------------------------


def test_the_recall_limit_survives_a_transfer_to_the_tellers_own_counter(floor):
    ticket = called_at_absent_counter(floor)  # max_recalls is 2 in the demo branch
    assert floor.act(ticket["id"], "recall", "teller1").status_code == 200
    assert floor.act(ticket["id"], "recall", "teller1").status_code == 200
    assert floor.act(ticket["id"], "recall", "teller1").status_code == 409
    moved = floor.act(ticket["id"], "transfer", "teller1", counter_id=1)
    assert moved.status_code == 200 and moved.json()["recall_count"] == 2
    assert floor.call(1, "teller1").json()["id"] == ticket["id"]
    refused = floor.act(ticket["id"], "recall", "teller1")
    assert refused.status_code == 409 and "no-show" in refused.json()["detail"]


def test_a_customer_who_was_served_starts_afresh_at_the_next_counter(floor):
    ticket = called_at_absent_counter(floor)
    floor.act(ticket["id"], "recall", "teller1")
    floor.act(ticket["id"], "recall", "teller1")
    floor.act(ticket["id"], "start", "teller1")  # the customer came
    moved = floor.act(ticket["id"], "transfer", "teller1", service="fx")
    assert moved.json()["recall_count"] == 0
    floor.counter(1, "close", "teller1")
    floor.open(3, "teller3")
    assert floor.call(3, "teller3").json()["id"] == ticket["id"]
    assert floor.act(ticket["id"], "recall", "teller3").status_code == 200


# -- configuration changed in the middle of the day ------------------------------------------


def service_id(floor, code: str) -> int:  # type: ignore[no-untyped-def]
    services = floor.client.get(f"{ADMIN}/branches/demo/services", headers=floor.as_("admin")).json()["services"]
    return next(service["id"] for service in services if service["code"] == code)


def test_a_prefix_numbering_today_s_tickets_is_not_given_to_another_service(floor, client, clock):
    admin = floor.as_("admin")
    assert [floor.issue("cash")["number"] for _ in range(2)] == ["A001", "A002"]
    renamed = client.patch(f"{ADMIN}/services/{service_id(floor, 'cash')}", json={"prefix": "X"}, headers=admin)
    assert renamed.status_code == 200, renamed.text
    assert floor.issue("cash")["number"] == "X003"  # its count continues under the new letter
    taken = client.patch(f"{ADMIN}/services/{service_id(floor, 'fx')}", json={"prefix": "A"}, headers=admin)
    assert taken.status_code == 409, taken.text
    assert taken.json()["code"] == "service.prefix_used_today" and taken.json()["params"]["prefix"] == "A"
    assert floor.issue("fx")["number"] == "F001"
    back = client.patch(f"{ADMIN}/services/{service_id(floor, 'cash')}", json={"prefix": "A"}, headers=admin)
    assert back.status_code == 200 and floor.issue("cash")["number"] == "A004"  # its own letter again
    clock.advance(days=1)
    client.patch(f"{ADMIN}/services/{service_id(floor, 'cash')}", json={"prefix": "X"}, headers=admin)
    assert client.patch(f"{ADMIN}/services/{service_id(floor, 'fx')}", json={"prefix": "A"},
                        headers=admin).status_code == 200  # a new day, a free letter
    assert floor.issue("fx")["number"] == "A001"


def test_the_time_zone_does_not_change_under_open_tickets(floor, client, container):
    admin = floor.as_("admin")
    ticket = floor.issue("cash")
    moved = client.patch(f"{ADMIN}/branches/demo", json={"time_zone": "America/New_York"}, headers=admin)
    assert moved.status_code == 409, moved.text
    assert moved.json()["code"] == "branch.time_zone_open_tickets" and moved.json()["params"] == {"count": 1}
    assert close_business_days(container.changes).expired == 0
    assert waiting_ids(floor) == [ticket["id"]]

    floor.act(ticket["id"], "cancel", "manager")
    other_day = client.patch(f"{ADMIN}/branches/demo", json={"time_zone": "America/New_York"}, headers=admin)
    assert other_day.status_code == 409 and other_day.json()["code"] == "branch.time_zone_changes_day"
    same_day = client.patch(f"{ADMIN}/branches/demo", json={"time_zone": "Asia/Tokyo"}, headers=admin)
    assert same_day.status_code == 200 and same_day.json()["time_zone"] == "Asia/Tokyo"
    assert floor.issue("cash")["number"] == "A002"


# -- a service that is withdrawn -------------------------------------------------------------


def test_a_service_with_bookings_to_come_is_not_withdrawn_until_they_are_cancelled(floor, client):
    admin = floor.as_("admin")
    booked = client.post(f"{BASE}/branches/demo/appointments", json={
        "service": "loans", "slot_start": "2026-11-30T10:30:00+08:00", "name": "王芳", "phone": "13812345678"})
    assert booked.status_code == 201, booked.text
    loans = service_id(floor, "loans")
    refused = client.post(f"{ADMIN}/services/{loans}/deactivate", headers=admin)
    assert refused.status_code == 409
    assert refused.json()["code"] == "service.has_bookings" and refused.json()["params"] == {
        "service": "loans", "count": 1}
    cancelled = client.post(f"{BASE}/appointments/manage/{booked.json()['manage_token']}/cancel")
    assert cancelled.status_code == 200, cancelled.text
    assert client.post(f"{ADMIN}/services/{loans}/deactivate", headers=admin).status_code == 200

    walk_in = client.post(f"{BASE}/branches/demo/tickets", json={"service": "loans", "channel": "kiosk"},
                          headers=floor.as_("kiosk-1"))
    assert walk_in.status_code == 422 and "not offered" in walk_in.json()["detail"]
    rebooked = client.post(f"{BASE}/branches/demo/appointments", json={
        "service": "loans", "slot_start": "2026-11-30T11:30:00+08:00", "name": "王芳", "phone": "13812345678"})
    assert rebooked.status_code == 422


# -- back after a missed call (过号) -----------------------------------------------------------


def missed_then_line(floor, clock, behind: int = 5):  # type: ignore[no-untyped-def]
    """A001 is called and marked a no-show; A002.. wait, a minute apart."""
    floor.open(1, "teller1")
    missed = floor.issue("cash")
    line = []
    for _ in range(behind):
        clock.advance(minutes=1)
        line.append(floor.issue("cash"))
    assert floor.call(1, "teller1").json()["id"] == missed["id"]
    assert floor.act(missed["id"], "no-show", "teller1").status_code == 200
    return missed, line


def serve_next(floor) -> int:  # type: ignore[no-untyped-def]
    called = floor.call(1, "teller1").json()
    floor.act(called["id"], "start", "teller1")
    floor.act(called["id"], "finish", "teller1")
    return called["id"]


def test_a_customer_back_in_time_waits_three_places_behind_the_front(floor, container, clock):
    missed, line = missed_then_line(floor, clock)
    clock.advance(minutes=10)
    back = floor.client.post(f"{BASE}/tickets/{missed['id']}/return", headers=floor.as_("teller1"))
    assert back.status_code == 200, back.text
    assert back.json()["status"] == "waiting" and back.json()["arrived_at"] == missed["arrived_at"]
    [returned] = events(container, "ticket.returned")
    assert returned["ticket_id"] == missed["id"] and returned["places_ahead"] == 3
    order = [serve_next(floor) for _ in range(6)]
    assert order == [line[0]["id"], line[1]["id"], line[2]["id"], missed["id"], line[3]["id"], line[4]["id"]]


def test_the_kiosk_brings_a_customer_back_by_scanning_their_ticket(floor, clock):
    missed, line = missed_then_line(floor, clock, behind=1)
    kiosk = floor.as_("kiosk-1")
    assert floor.client.post(f"{BASE}/tickets/{missed['id']}/return", headers=kiosk).status_code == 403
    assert floor.client.post(f"{BASE}/tickets/{missed['token']}/return",
                             headers=floor.as_("display-1")).status_code == 403
    scanned = floor.client.post(f"{BASE}/tickets/{missed['qr_code']}/return", headers=kiosk)
    assert scanned.status_code == 200, scanned.text
    assert scanned.json()["status"] == "waiting" and "id" not in scanned.json()  # the customer's view
    assert [serve_next(floor) for _ in range(2)] == [line[0]["id"], missed["id"]]


def test_a_customer_comes_back_once_and_within_the_branch_time(floor, client, clock):
    missed, _ = missed_then_line(floor, clock, behind=1)
    clock.advance(minutes=31)
    late = client.post(f"{BASE}/tickets/{missed['token']}/return", headers=floor.as_("kiosk-1"))
    assert late.status_code == 409 and late.json()["code"] == "ticket.return_too_late"
    assert late.json()["params"] == {"minutes": 30}
    assert client.patch(f"{ADMIN}/branches/demo", json={"missed_call_return_min": 60},
                        headers=floor.as_("admin")).status_code == 200
    assert client.post(f"{BASE}/tickets/{missed['token']}/return", headers=floor.as_("kiosk-1")).status_code == 200
    serve_next(floor)  # the customer who was ahead first
    assert floor.call(1, "teller1").json()["id"] == missed["id"]
    assert floor.act(missed["id"], "no-show", "teller1").status_code == 200
    again = client.post(f"{BASE}/tickets/{missed['token']}/return", headers=floor.as_("kiosk-1"))
    assert again.status_code == 409 and again.json()["code"] == "ticket.return_used"


def test_only_a_missed_call_can_come_back(floor, client):
    ticket = floor.issue("cash")
    refused = client.post(f"{BASE}/tickets/{ticket['id']}/return", headers=floor.as_("teller1"))
    assert refused.status_code == 409 and "waiting" in refused.json()["detail"]
    for reference in ("%C2%B2", "9" * 5000, "tNoSuchToken"):
        assert client.post(f"{BASE}/tickets/{reference}/return", headers=floor.as_("teller1")).status_code in (
            404, 422)
