"""Booking online: the free slots with what is left, capacity set by the branch, one customer per phone
number (recognised by a keyed hash), the per-phone limit, moving a booking, and the public rate limit.

The test clock is 2026-11-30 10:00 in Shanghai; the demo branch is open around the clock.
"""

from __future__ import annotations

import hashlib

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from server.api.app import create_app
from server.container import build_container
from server.db.models import Appointment, Customer, Event
from tests.helpers import ENGLISH, token_headers
from tests.server.conftest import BASE

SLOT = "2026-11-30T10:30:00+08:00"
NEXT = "2026-11-30T11:30:00+08:00"


def book(client, slot=SLOT, phone="13812345678", service="loans", name="王芳"):  # type: ignore[no-untyped-def]
    return client.post(f"{BASE}/branches/demo/appointments",
                       json={"service": service, "slot_start": slot, "name": name, "phone": phone})


def slots(client, service="loans", day="2026-11-30"):  # type: ignore[no-untyped-def]
    answer = client.get(f"{BASE}/branches/demo/slots", params={"service": service, "date": day})
    assert answer.status_code == 200, answer.text
    return answer.json()


def slot(answer, start):  # type: ignore[no-untyped-def]
    return next(item for item in answer["slots"] if item["start"] == start)


def settings(client, as_="manager", **body):  # type: ignore[no-untyped-def]
    return client.patch(f"{BASE}/branches/demo/booking-settings", json=body,
                        headers=token_headers(client.app.state.container, as_))


# -- the free slots -------------------------------------------------------------------------------


def test_the_slots_of_a_day_show_what_is_left_and_fill_up(client):
    before = slots(client)
    assert before["time_zone"] == "Asia/Shanghai" and before["length_min"] == 30  # loans: 25 min, two cells
    assert before["slots"][0]["start"] == "2026-11-30T10:15:00+08:00"  # the next quarter hour after 10:00
    assert slot(before, SLOT) == {"start": SLOT, "end": "2026-11-30T11:00:00+08:00", "capacity": 1, "left": 1}
    assert len(before["days"]) == 14 and before["days"][0] == {"date": "2026-11-30", "open": True,
                                                               "free": len(before["slots"])}
    assert book(client).status_code == 201
    after = slots(client)
    assert slot(after, SLOT)["left"] == 0
    assert slot(after, "2026-11-30T10:15:00+08:00")["left"] == 0  # overlaps 10:30-10:45
    assert slot(after, "2026-11-30T11:00:00+08:00")["left"] == 1  # back to back is fine
    assert after["days"][0]["free"] == before["days"][0]["free"] - 3
    assert "王芳" not in str(after) and "5678" not in str(after)


def test_the_slots_follow_the_calendar_and_refuse_days_out_of_range(client):
    admin = token_headers(client.app.state.container, "admin")
    week = {day: ["09:00-12:00", "13:30-17:00"] for day in
            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")}
    client.patch(f"{BASE}/admin/branches/demo", json={"weekly_hours": week}, headers=admin).raise_for_status()
    client.put(f"{BASE}/admin/branches/demo/days/2026-12-02", json={"closed": True}, headers=admin).raise_for_status()
    tomorrow = slots(client, day="2026-12-01")  # loans take 30 min: 09:00-11:30 and 13:30-16:30
    starts = [item["start"][11:16] for item in tomorrow["slots"]]
    assert starts[0] == "09:00" and "11:30" in starts and "11:45" not in starts and "13:15" not in starts
    assert starts[-1] == "16:30" and len(starts) == 11 + 13
    assert tomorrow["days"][2] == {"date": "2026-12-02", "open": False, "free": 0}
    refused = client.get(f"{BASE}/branches/demo/slots", params={"service": "loans", "date": "2026-11-29"})
    assert refused.status_code == 422 and refused.json()["code"] == "appointment.day_out_of_range"
    unknown = client.get(f"{BASE}/branches/demo/slots", params={"service": "mortgage"})
    assert unknown.status_code == 422 and unknown.json()["field"] == "service"


# -- capacity per slot and service, set by the branch's manager -----------------------------------


def test_a_manager_sets_the_capacity_of_a_service_and_sets_it_back(client):
    container = client.app.state.container
    seen = client.get(f"{BASE}/branches/demo/booking-settings", headers=token_headers(container, "manager")).json()
    loans = next(item for item in seen["services"] if item["code"] == "loans")
    assert loans == {**loans, "capacity": None, "counters": 1, "effective_capacity": 1}
    assert seen["max_open_bookings_per_phone"] == 3

    changed = settings(client, capacities={"loans": 2})
    assert changed.status_code == 200, changed.text
    assert book(client).status_code == 201
    assert slot(slots(client), SLOT) == {**slot(slots(client), SLOT), "capacity": 2, "left": 1}
    assert book(client, phone="13900000000").status_code == 201
    assert book(client, phone="13700000000").json()["code"] == "appointment.slot_full"

    settings(client, capacities={"loans": 0})
    assert book(client, slot=NEXT).json()["code"] == "appointment.service_not_bookable"
    assert slots(client)["slots"] == [] and slots(client)["bookable"] is False
    settings(client, capacities={"loans": None})
    assert book(client, slot=NEXT).status_code == 201
    with container.db.read() as session:
        event = session.scalars(select(Event).where(Event.type == "config.changed")).all()[-1]
    assert event.payload["entity"] == "booking" and event.payload["actor"]["username"] == "manager"


def test_booking_settings_are_checked(client):
    assert settings(client, max_open_bookings_per_phone=-1).json()["code"] == "booking.setting_range"
    assert settings(client, capacities={"loans": 51}).json()["field"] == "capacities"
    assert settings(client, capacities={"mortgage": 1}).json()["field"] == "capacities"
    assert settings(client, as_="teller1", capacities={"loans": 1}).status_code == 403
    assert settings(client, as_="demo2-manager", capacities={"loans": 1}).status_code == 403


# -- one customer across visits -------------------------------------------------------------------


def test_a_returning_phone_is_the_same_customer_and_the_number_is_never_stored(client):
    first = book(client, phone="13812345678", name="王芳")
    again = book(client, slot=NEXT, phone="+86 138-1234-5678", name="王芳芳")
    other = book(client, slot="2026-11-30T12:30:00+08:00", phone="13912345678")
    assert {first.status_code, again.status_code, other.status_code} == {201}
    container = client.app.state.container
    with container.db.read() as session:
        customers = {row.customer_id for row in session.scalars(select(Appointment)).all()}
        rows = session.scalars(select(Customer)).all()
    assert len(customers) == 2 and len(rows) == 2
    returning = next(row for row in rows if row.phone_masked == "138****5678")
    assert returning.name == "王芳芳"  # the name given last
    assert len(returning.phone_key) == 64 and "12345678" not in returning.phone_key
    for row in rows:
        assert "12345678" not in f"{row.name}{row.phone_masked}{row.phone_key}"
    # keyed: the plain hash of the number is not the key
    assert returning.phone_key != hashlib.sha256(b"13812345678").hexdigest()


def test_one_phone_holds_at_most_the_branchs_limit_of_bookings_to_come(client, clock):
    tokens = [book(client, slot=f"2026-11-30T1{hour}:00:00+08:00").json()["manage_token"] for hour in (1, 2, 3)]
    fourth = book(client, slot="2026-11-30T14:00:00+08:00")
    assert fourth.status_code == 409 and fourth.json()["code"] == "appointment.phone_limit"
    assert fourth.json()["params"] == {"limit": 3, "held": 3} and fourth.json()["field"] == "phone"
    assert book(client, slot="2026-11-30T14:00:00+08:00", phone="13900000000").status_code == 201
    client.post(f"{BASE}/appointments/manage/{tokens[0]}/cancel")
    assert book(client, slot="2026-11-30T14:00:00+08:00", phone="138 1234 5678").status_code == 409  # slot taken
    assert book(client, slot="2026-11-30T15:00:00+08:00").status_code == 201  # a place freed by cancelling
    clock.advance(hours=2, minutes=30)  # 12:30: the 12:00 booking is over (not yet marked no-show)
    assert book(client, slot="2026-11-30T16:00:00+08:00").status_code == 201
    settings(client, max_open_bookings_per_phone=0)
    assert book(client, slot="2026-11-30T17:00:00+08:00").status_code == 201


def test_the_phone_limit_is_worded_in_chinese(client):
    for hour in (1, 2, 3):
        book(client, slot=f"2026-11-30T1{hour}:00:00+08:00")
    refused = client.post(f"{BASE}/branches/demo/appointments", headers={"Accept-Language": "zh-CN"},
                          json={"service": "loans", "slot_start": "2026-11-30T14:00:00+08:00", "name": "王芳",
                                "phone": "13812345678"})
    assert refused.json()["detail"] == "此手机号在本网点已有 3 个待办预约（最多 3 个）。请先取消一个，或办理后再约。"


# -- the private link: view, move, cancel ---------------------------------------------------------


def test_the_private_link_shows_the_booking_with_its_qr_code_and_masked_phone(client):
    booking = book(client).json()
    seen = client.get(f"{BASE}/appointments/manage/{booking['manage_token']}").json()
    assert seen["qr_code"] == booking["qr_code"] and seen["phone_masked"] == "138****5678"
    assert seen["branch"]["code"] == "demo" and seen["can_change"] is True and "王芳" not in str(seen)


def test_a_booking_moves_to_a_free_slot_and_frees_its_old_one(client):
    booking = book(client).json()
    token = booking["manage_token"]
    moved = client.post(f"{BASE}/appointments/manage/{token}/reschedule", json={"slot_start": NEXT})
    assert moved.status_code == 200, moved.text
    body = moved.json()
    assert body["slot_start"] == "2026-11-30T03:30:00+00:00" and body["code"] == booking["code"]
    assert body["qr_code"] != booking["qr_code"]  # signed until the new slot's end
    assert slot(slots(client), SLOT)["left"] == 1 and slot(slots(client), NEXT)["left"] == 0
    with client.app.state.container.db.read() as session:
        event = session.scalars(select(Event).where(Event.type == "appointment.rescheduled")).one()
    assert event.payload["from_slot_start"] == "2026-11-30T02:30:00+00:00"


def test_a_move_into_a_full_slot_keeps_the_booking_where_it_was(client):
    token = book(client).json()["manage_token"]
    assert book(client, slot=NEXT, phone="13900000000").status_code == 201
    refused = client.post(f"{BASE}/appointments/manage/{token}/reschedule", json={"slot_start": NEXT})
    assert refused.status_code == 409 and refused.json()["code"] == "appointment.slot_full"
    assert client.get(f"{BASE}/appointments/manage/{token}").json()["slot_start"] == "2026-11-30T02:30:00+00:00"
    # a move onto a slot overlapping its own place counts only the others
    shifted = client.post(f"{BASE}/appointments/manage/{token}/reschedule",
                          json={"slot_start": "2026-11-30T11:15:00+08:00"})
    assert shifted.status_code == 409  # 11:30-11:45 is the other booking's
    early = client.post(f"{BASE}/appointments/manage/{token}/reschedule",
                        json={"slot_start": "2026-11-30T10:15:00+08:00"})
    assert early.status_code == 200 and early.json()["slot_end"] == "2026-11-30T02:45:00+00:00"


def test_a_cancelled_booking_cannot_move_and_bad_slots_are_refused(client):
    token = book(client).json()["manage_token"]
    assert client.post(f"{BASE}/appointments/manage/{token}/reschedule",
                       json={"slot_start": "2026-11-30T10:40:00+08:00"}).json()["field"] == "slot_start"
    client.post(f"{BASE}/appointments/manage/{token}/cancel")
    refused = client.post(f"{BASE}/appointments/manage/{token}/reschedule", json={"slot_start": NEXT})
    assert refused.status_code == 409 and refused.json()["code"] == "appointment.cannot_reschedule"
    assert client.get(f"{BASE}/appointments/manage/{token}").json()["can_change"] is False


# -- public rate limit -------------------------------------------------------------------------------


def test_public_booking_requests_are_rate_limited_per_address(settings_for_rates, clock):
    container = build_container(settings_for_rates, clock=clock, migrate=False)
    try:
        with TestClient(create_app(container, background_jobs=False), headers=ENGLISH) as client:
            answers = [client.get(f"{BASE}/branches/demo/slots", params={"service": "cash"}).status_code
                       for _ in range(4)]
            assert answers == [200, 200, 200, 429]
            limited = client.get(f"{BASE}/branches/demo/slots", params={"service": "cash"})
            assert limited.json()["code"] == "rate.limited" and int(limited.headers["Retry-After"]) <= 60
            page = client.get("/book/demo")
            assert page.status_code == 429 and "Please wait a minute" in page.text
            assert book(client).status_code == 201
            assert book(client, slot=NEXT).status_code == 429  # two writes a minute
            clock.advance(minutes=1)
            assert client.get("/book/demo").status_code == 200
    finally:
        container.close()



@pytest.fixture
def settings_for_rates(settings):  # type: ignore[no-untyped-def]
    return settings.model_copy(update={"public_requests_per_minute": 3, "public_bookings_per_minute": 1})


# -- the pages, as served ---------------------------------------------------------------------------


def test_the_booking_page_offers_only_bookable_services_and_a_bad_branch_gets_a_page(client):
    settings(client, capacities={"corporate": 0})
    page = client.get("/book/demo", headers={"Accept-Language": "zh-CN"})
    assert page.status_code == 200 and "贷款业务" in page.text and "对公业务" not in page.text
    assert 'href="../palette.css"' in page.text  # relative links: works under any proxy path
    assert client.get("/book/nope").status_code == 404


def test_the_private_page_is_kept_out_of_referrers_and_search_engines(client):
    token = book(client).json()["manage_token"]
    page = client.get(f"/a/{token}")
    assert page.status_code == 200 and page.headers["Referrer-Policy"] == "no-referrer"
    assert page.headers["X-Robots-Tag"] == "noindex" and '<svg class="qr"' in page.text
    assert "138****5678" in page.text and "王芳" not in page.text
