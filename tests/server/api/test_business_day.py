"""The business day: opening hours, holidays and make-up days set per branch, and what they change.

The demo branch is open around the clock; these tests give it ordinary bank hours first:
Monday to Friday 09:00-12:00 and 13:30-17:00, Saturday 09:00-12:00, Sunday closed, Wednesday
2026-12-02 a holiday and Sunday 2026-12-06 a make-up working day with Monday's hours. The test clock
starts on Monday 2026-11-30 at 10:00 in Shanghai.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from server.db.models import Appointment, Branch, Counter, Event, Ticket
from server.domain.enums import AppointmentStatus, CounterState, TicketStatus
from server.services.day_close import DayCloseReport, close_business_days
from tests.helpers import token_headers
from tests.server.conftest import BASE

ADMIN_API = f"{BASE}/admin"
WEEKDAY = ["09:00-12:00", "13:30-17:00"]
BANK_HOURS = {
    **{day: WEEKDAY for day in ("monday", "tuesday", "wednesday", "thursday", "friday")},
    "saturday": ["09:00-12:00"],
    "sunday": [],
}
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in Shanghai in the week of the test clock (day 30 is Monday 30 November)."""
    month, day = (11, day) if day >= 30 else (12, day)
    return datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def admin(container):
    return token_headers(container, "admin")


@pytest.fixture
def bank_hours(client, admin):
    give_bank_hours(client, admin)


def give_bank_hours(client, admin):
    response = client.patch(f"{ADMIN_API}/branches/demo", json={"weekly_hours": BANK_HOURS}, headers=admin)
    assert response.status_code == 200, response.text
    for day, body in [("2026-12-02", {"closed": True, "note": "holiday"}), ("2026-12-06", {"like": "monday"})]:
        assert client.put(f"{ADMIN_API}/branches/demo/days/{day}", json=body, headers=admin).status_code == 200


def walk_in(client, floor, as_="kiosk-1", channel="kiosk"):
    return client.post(
        f"{BASE}/branches/demo/tickets", json={"service": "cash", "channel": channel},
        headers=floor.as_(as_) if as_ else {},
    )


def events(container, kind):
    with container.db.read() as session:
        return [e.payload for e in session.scalars(select(Event).where(Event.type == kind).order_by(Event.seq))]


# -- configuration ------------------------------------------------------------------------------


def test_the_demo_branch_is_open_around_the_clock(client, admin, clock):
    branch = client.get(f"{ADMIN_API}/branches/demo", headers=admin).json()
    assert branch["weekly_hours"]["sunday"] == ["00:00-24:00"]
    assert (branch["opens_at"], branch["closes_at"]) == ("00:00", "24:00")
    clock.now = at(6, 3)  # 03:00 on a Sunday
    hours = client.get(f"{BASE}/branches/demo/services").json()["hours"]
    assert hours == {"open_now": True, "closes_at": None, "next_opening": None,
                     "hours_today": ["00:00-24:00"], "time_zone": "Asia/Shanghai"}


def test_weekly_hours_and_special_days_are_set_shown_and_announced(client, admin, container, bank_hours):
    branch = client.get(f"{ADMIN_API}/branches/demo", headers=admin).json()
    assert branch["weekly_hours"] == BANK_HOURS
    assert (branch["opens_at"], branch["closes_at"]) == ("09:00", "17:00")  # the summary for older clients
    days = client.get(f"{ADMIN_API}/branches/demo/days", headers=admin).json()["days"]
    assert days == [
        {"date": "2026-12-02", "closed": True, "hours": [], "like": None, "note": "holiday"},
        {"date": "2026-12-06", "closed": False, "hours": [], "like": "monday", "note": ""},
    ]
    changes = events(container, "config.changed")
    assert changes[0]["fields"] == ["weekly_hours", "opens_at", "closes_at"]
    by_admin = {"kind": "staff", "id": changes[1]["actor"]["id"], "username": "admin", "role": "admin"}
    assert changes[1:] == [
        {"entity": "special_day", "action": "created", "code": "demo", "date": "2026-12-02", "actor": by_admin},
        {"entity": "special_day", "action": "created", "code": "demo", "date": "2026-12-06", "actor": by_admin},
    ]
    removed = client.delete(f"{ADMIN_API}/branches/demo/days/2026-12-02", headers=admin)
    assert removed.status_code == 200
    again = client.delete(f"{ADMIN_API}/branches/demo/days/2026-12-02", headers=admin)
    assert (again.status_code, again.json()["code"]) == (404, "calendar.special_day_missing")


def test_the_single_opens_at_closes_at_still_sets_every_day(client, admin, bank_hours):
    response = client.patch(f"{ADMIN_API}/branches/demo", json={"opens_at": "08:00", "closes_at": "18:00"},
                            headers=admin)
    assert response.json()["weekly_hours"]["sunday"] == ["08:00-18:00"]
    both = client.patch(f"{ADMIN_API}/branches/demo", json={"opens_at": "08:00", "weekly_hours": BANK_HOURS},
                        headers=admin)
    assert (both.status_code, both.json()["code"]) == (422, "calendar.hours_or_weekly")


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"weekly_hours": {"monday": WEEKDAY}}, "weekly_hours", "calendar.weekly_hours_days"),
        ({"weekly_hours": {**BANK_HOURS, "funday": []}}, "weekly_hours", "calendar.unknown_weekday"),
        ({"weekly_hours": {**BANK_HOURS, "monday": ["17:00-09:00"]}}, "weekly_hours.monday",
         "calendar.period_backwards"),
        ({"weekly_hours": {**BANK_HOURS, "monday": ["09:00-12:00", "11:00-14:00"]}}, "weekly_hours.monday",
         "calendar.periods_overlap"),
        ({"weekly_hours": {**BANK_HOURS, "monday": ["9-5"]}}, "weekly_hours.monday", "calendar.period_format"),
        ({"day_end_after_min": -1}, "day_end_after_min", "admin.number_out_of_range"),
        ({"no_show_grace_min": 100000}, "no_show_grace_min", "admin.number_out_of_range"),
    ],
)
def test_bad_hours_are_refused_by_field_and_code(client, admin, change, field, code):
    response = client.patch(f"{ADMIN_API}/branches/demo", json=change, headers=admin)
    assert response.status_code == 422, response.text
    assert (response.json()["field"], response.json()["code"]) == (field, code)


@pytest.mark.parametrize(
    ("day", "body", "status", "code"),
    [
        ("2026-12-02", {}, 422, "calendar.special_day_kind"),
        ("2026-12-02", {"closed": True, "like": "monday"}, 422, "calendar.special_day_kind"),
        ("2026-12-02", {"hours": []}, 422, "calendar.special_day_kind"),
        ("2026-12-02", {"like": "someday"}, 422, "calendar.unknown_weekday"),
        ("2026-12-02", {"hours": ["25:00-26:00"]}, 422, "calendar.period_format"),
        ("0001-01-01", {"closed": True}, 422, "calendar.day_out_of_range"),
        ("2026-02-30", {"closed": True}, 422, None),
        ("yesterday", {"closed": True}, 422, None),
    ],
)
def test_bad_special_days_are_refused(client, admin, day, body, status, code):
    response = client.put(f"{ADMIN_API}/branches/demo/days/{day}", json=body, headers=admin)
    assert response.status_code == status, response.text
    if code:
        assert response.json()["code"] == code


@pytest.mark.parametrize("who", ["manager", "teller1", "kiosk-1", "display-1"])
def test_only_admins_set_the_calendar(client, container, who):
    headers = token_headers(container, who)
    assert client.put(f"{ADMIN_API}/branches/demo/days/2026-12-02", json={"closed": True},
                      headers=headers).status_code == 403
    assert client.get(f"{ADMIN_API}/branches/demo/days", headers=headers).status_code == 403


# -- issuing ------------------------------------------------------------------------------------


def test_walk_ins_stop_at_closing_and_the_refusal_says_when_we_open(client, floor, clock, bank_hours):
    assert walk_in(client, floor).status_code == 201  # Monday 10:00
    clock.now = at(30, 12, 10)  # lunch break
    lunch = walk_in(client, floor, as_=None, channel="online")
    assert lunch.status_code == 409
    assert lunch.json()["code"] == "calendar.closed_opens_today"
    assert lunch.json()["params"]["time"] == "13:30"
    assert lunch.json()["detail"] == "walk-in tickets are not issued now; we open today at 13:30"
    clock.now = at(30, 17)
    evening = walk_in(client, floor).json()
    assert (evening["code"], evening["field"]) == ("calendar.closed_opens_tomorrow", "branch")
    assert evening["params"] == {"opens_at": "2026-12-01T09:00:00+08:00", "date": "2026-12-01", "time": "09:00",
                                 "weekday": "tuesday", "hours_today": "09:00-12:00, 13:30-17:00"}
    assert evening["detail"] == "the branch is closed; we open tomorrow at 09:00"
    clock.now = at(1, 18)  # Tuesday evening: Wednesday is a holiday
    later = walk_in(client, floor).json()
    assert (later["code"], later["params"]["date"]) == ("calendar.closed_opens_later", "2026-12-03")
    assert later["detail"] == "the branch is closed; we open on Thursday 2026-12-03 at 09:00"


def test_the_refusal_reads_in_chinese_by_default(client, floor, clock, bank_hours):
    clock.now = at(30, 17, 30)
    response = client.post(f"{BASE}/branches/demo/tickets", json={"service": "cash", "channel": "kiosk"},
                           headers={**floor.as_("kiosk-1"), "Accept-Language": "zh-CN"})
    assert response.json()["detail"] == "本网点今日已停止取号，明天 09:00 开始营业。"


def test_staff_issue_after_closing_and_those_waiting_are_still_called(client, floor, clock, bank_hours):
    waiting = floor.issue("cash")
    floor.open(1, "teller1")
    clock.now = at(30, 17, 5)
    assert walk_in(client, floor).status_code == 409
    assert walk_in(client, floor, as_="teller1", channel="counter").status_code == 201
    assert walk_in(client, floor, as_="manager", channel="kiosk").status_code == 201
    called = floor.call(1, "teller1")
    assert called.status_code == 200 and called.json()["number"] == waiting["number"]


def test_the_kiosk_learns_whether_the_branch_is_open_and_when_it_opens(client, clock, bank_hours):
    hours = client.get(f"{BASE}/branches/demo/services").json()["hours"]
    assert hours["open_now"] is True
    assert hours["closes_at"] == "2026-11-30T12:00:00+08:00"
    assert hours["next_opening"] == "2026-11-30T13:30:00+08:00"
    assert hours["hours_today"] == WEEKDAY
    clock.now = at(5, 12, 30)  # Saturday afternoon; Sunday is a make-up working day
    hours = client.get(f"{BASE}/branches/demo/services").json()["hours"]
    assert (hours["open_now"], hours["closes_at"]) == (False, None)
    assert hours["next_opening"] == "2026-12-06T09:00:00+08:00"


# -- booking ------------------------------------------------------------------------------------


def book(client, slot):
    return client.post(f"{BASE}/branches/demo/appointments",
                       json={"service": "cash", "slot_start": slot, "name": "王芳", "phone": "13812345678"})


def test_bookings_follow_the_hours_holidays_and_make_up_days(client, bank_hours):
    holiday = book(client, "2026-12-02T10:00:00+08:00")
    assert (holiday.status_code, holiday.json()["code"]) == (422, "calendar.slot_day_closed")
    lunch = book(client, "2026-12-01T12:00:00+08:00")
    assert (lunch.status_code, lunch.json()["code"]) == (422, "calendar.slot_outside_hours")
    assert lunch.json()["params"] == {"date": "2026-12-01", "hours": "09:00-12:00, 13:30-17:00"}
    assert book(client, "2026-12-06T10:00:00+08:00").status_code == 201  # the make-up Sunday
    assert book(client, "2026-12-13T10:00:00+08:00").json()["code"] == "calendar.slot_day_closed"


# -- the end of the day -------------------------------------------------------------------------


def counter_states(container):
    """The demo branch's counters by number (demo2 numbers its counters from 1 too)."""
    with container.db.read() as session:
        counters = select(Counter).join(Branch).where(Branch.code == "demo")
        return {c.number: c.state for c in session.scalars(counters)}


def ticket_status(container, number):
    with container.db.read() as session:
        return session.scalars(select(Ticket).where(Ticket.number == number)).one().status


def test_at_the_end_of_the_day_counters_close_and_what_is_left_expires_once(
    client, floor, clock, container, bank_hours
):
    served = floor.issue("cash")
    left = floor.issue("cash")
    floor.open(1, "teller1")
    floor.open(2, "teller2")
    assert floor.call(1, "teller1").json()["number"] == served["number"]
    clock.now = at(30, 17, 59)  # the day ends 60 minutes after the 17:00 closing
    assert not close_business_days(container.changes)
    assert counter_states(container)[1] is CounterState.OPEN
    clock.now = at(30, 18)
    report = close_business_days(container.changes)
    assert (report.expired, report.counters_closed) == (2, 2)
    assert ticket_status(container, left["number"]) is TicketStatus.EXPIRED
    assert ticket_status(container, served["number"]) is TicketStatus.EXPIRED
    assert set(counter_states(container).values()) == {CounterState.CLOSED}
    closed = events(container, "counter.state")[-2:]
    assert [(e["number"], e["reason"], e["actor"]) for e in closed] == [
        (1, "day_end", {"kind": "system"}),
        (2, "day_end", {"kind": "system"}),
    ]
    assert {e["number"] for e in events(container, "ticket.expired")} == {served["number"], left["number"]}
    # idempotent: a teller working late is left alone, and nothing happens twice
    floor.open(1, "teller1")
    late = walk_in(client, floor, as_="teller1", channel="counter").json()
    clock.now = at(30, 19)
    assert not close_business_days(container.changes)
    assert counter_states(container)[1] is CounterState.OPEN
    # the next morning the late ticket of the past day expires; the counter stays as the teller left it
    clock.now = at(1, 8)
    assert close_business_days(container.changes).expired == 1
    assert ticket_status(container, late["number"]) is TicketStatus.EXPIRED


def test_the_day_end_catches_up_after_the_server_was_down(floor, clock, container, bank_hours):
    floor.open(3, "teller3")
    clock.now = at(1, 8, 20)
    floor.open(4, "teller4")  # this morning, before the first run
    clock.now = at(1, 8, 30)  # first run the next morning, before opening
    assert close_business_days(container.changes).counters_closed == 1
    assert (counter_states(container)[3], counter_states(container)[4]) == (CounterState.CLOSED, CounterState.OPEN)


def test_a_fresh_server_does_not_close_counters_opened_today(floor, clock, container, bank_hours):
    """day_closed_on starts empty (a new branch, or just after the upgrade): only yesterday's end is due."""
    clock.now = at(1, 9, 30)  # Tuesday: Monday ended at 18:00 with nobody to close it
    floor.open(1, "teller1")
    ticket = floor.issue("cash")
    assert close_business_days(container.changes) == DayCloseReport()
    assert counter_states(container)[1] is CounterState.OPEN
    assert ticket_status(container, ticket["number"]) is TicketStatus.WAITING


def test_a_branch_open_around_the_clock_never_closes_its_counters(floor, clock, container):
    floor.open(1, "teller1")
    ticket = floor.issue("cash")
    clock.now = at(1, 3)  # the next night
    report = close_business_days(container.changes)
    assert (report.expired, report.counters_closed) == (1, 0)  # yesterday's ticket, as always
    assert ticket_status(container, ticket["number"]) is TicketStatus.EXPIRED
    assert counter_states(container)[1] is CounterState.OPEN


def test_day_end_delay_is_a_branch_setting(client, admin, clock, container, floor, bank_hours):
    client.patch(f"{ADMIN_API}/branches/demo", json={"day_end_after_min": 0}, headers=admin)
    floor.open(1, "teller1")
    clock.now = at(30, 17)
    assert close_business_days(container.changes).counters_closed == 1


def test_appointments_not_checked_in_become_no_shows_after_the_grace_period(client, clock, container, bank_hours):
    manage_token = book(client, "2026-11-30T10:30:00+08:00").json()["manage_token"]  # cash: one 15-minute slot
    clock.now = at(30, 10, 59)  # the slot ended at 10:45; the grace is 15 minutes
    assert close_business_days(container.changes).no_shows == 0
    clock.now = at(30, 11)
    assert close_business_days(container.changes).no_shows == 1
    assert client.get(f"{BASE}/appointments/manage/{manage_token}").json()["status"] == "no_show"
    assert [e["status"] for e in events(container, "appointment.no_show")] == ["no_show"]
    assert close_business_days(container.changes).no_shows == 0
    with container.db.read() as session:
        assert session.scalars(select(Appointment)).one().status is AppointmentStatus.NO_SHOW


def test_a_checked_in_appointment_is_not_a_no_show(client, floor, clock, container):
    code = book(client, "2026-11-30T10:30:00+08:00").json()["code"]
    floor.issue(service=None, channel="appointment", appointment=code)
    clock.now = at(30, 12)
    assert close_business_days(container.changes).no_shows == 0
