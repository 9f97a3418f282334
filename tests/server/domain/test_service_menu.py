"""The kiosk's menu lines, derived alone from a queue snapshot, the predictor's newcomer estimates and the
branch's calendar: state and reason, waiting count, estimate and range, and which changes are worth pushing."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from server.domain.calendar import BranchCalendar, SpecialDay, day_hours
from server.domain.queue import CounterView, QueuedTicket, QueueSnapshot, ServiceProfile
from server.domain.service_menu import (
    BranchOpening,
    ServiceState,
    StateReason,
    branch_opening,
    changed_summaries,
    service_summaries,
)
from server.domain.wait_model import WaitEstimate

WORKDAY = day_hours(["09:00-12:00", "13:30-17:00"])
CALENDAR = BranchCalendar(
    "Asia/Shanghai", (WORKDAY,) * 5 + ((), ()), {date(2027, 1, 1): SpecialDay(date(2027, 1, 1), note="元旦")}
)
OPEN = BranchOpening(open_now=True)


def shanghai(day: int, hour: int, minute: int = 0, month: int = 11, year: int = 2026) -> datetime:
    """A Shanghai wall-clock time, as the server's clock gives it (UTC)."""
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo("Asia/Shanghai")).astimezone(UTC)


@pytest.mark.parametrize(
    ("moment", "reason", "opens_at"),
    [
        (shanghai(30, 8, 30), StateReason.OPENS_LATER_TODAY, "2026-11-30T09:00:00+08:00"),  # Monday morning
        (shanghai(30, 12, 30), StateReason.BREAK, "2026-11-30T13:30:00+08:00"),
        (shanghai(30, 18), StateReason.AFTER_CLOSING, "2026-12-01T09:00:00+08:00"),
        (shanghai(5, 10, month=12), StateReason.NOT_OPEN_TODAY, "2026-12-07T09:00:00+08:00"),  # a Saturday
        (shanghai(1, 10, month=1, year=2027), StateReason.NOT_OPEN_TODAY, "2027-01-04T09:00:00+08:00"),  # holiday
    ],
)
def test_a_closed_branch_says_why_and_when_it_opens_in_its_own_time(moment, reason, opens_at):
    opening = branch_opening(CALENDAR, moment)
    assert (opening.open_now, opening.reason, opening.opens_at.isoformat()) == (False, reason, opens_at)


def test_an_open_branch_has_no_reason_and_no_opening_time():
    assert branch_opening(CALENDAR, shanghai(30, 10)) == BranchOpening(open_now=True)


def snapshot(waiting=(), open_counters=(), paused_counters=()) -> QueueSnapshot:  # type: ignore[no-untyped-def]
    services = {code: ServiceProfile(code, 600.0, 300.0) for code in ("cash", "fx", "loans")}
    return QueueSnapshot(1_000.0, tuple(waiting), services, tuple(open_counters), tuple(paused_counters))


def ticket(ticket_id: int, code: str) -> QueuedTicket:
    return QueuedTicket(ticket_id, code, 900.0 + ticket_id)


NEWCOMER = {"cash": WaitEstimate(420.4, 300.0, 610.6, 2), "fx": None, "loans": None}


def test_each_service_gets_its_waiting_count_state_and_newcomer_estimate():
    line = snapshot(
        waiting=[ticket(1, "cash"), ticket(2, "cash"), ticket(3, "loans")],
        open_counters=[CounterView(1, ("cash", "fx")), CounterView(2, ("cash",))],
        paused_counters=[CounterView(5, ("loans",))],
    )
    summaries = service_summaries(line, NEWCOMER, OPEN)
    cash, fx, loans = summaries["cash"], summaries["fx"], summaries["loans"]
    assert (cash.waiting, cash.open_counters, cash.state, cash.reason) == (2, 2, ServiceState.OPEN, None)
    assert (cash.estimated_wait_s, cash.estimated_wait_low_s, cash.estimated_wait_high_s) == (420, 300, 611)
    assert (fx.waiting, fx.open_counters, fx.state, fx.estimated_wait_s) == (0, 1, ServiceState.OPEN, None)
    assert (loans.waiting, loans.state, loans.reason) == (1, ServiceState.NO_COUNTER_OPEN, StateReason.COUNTERS_PAUSED)


def test_a_service_no_counter_serves_is_no_counter_open_with_its_counters_closed():
    summary = service_summaries(snapshot(), NEWCOMER, OPEN, ["fx"])
    assert list(summary) == ["fx"]
    assert (summary["fx"].state, summary["fx"].reason) == (ServiceState.NO_COUNTER_OPEN, StateReason.COUNTERS_CLOSED)


def test_while_the_branch_is_closed_every_service_is_closed_with_the_branch_s_reason_and_opening():
    lunch = branch_opening(CALENDAR, shanghai(30, 12, 30))
    evening = branch_opening(CALENDAR, shanghai(30, 18))
    line = snapshot(open_counters=[CounterView(1, ("cash",))])
    at_lunch = service_summaries(line, NEWCOMER, lunch)["cash"]
    assert (at_lunch.state, at_lunch.reason) == (ServiceState.BEFORE_OPENING, StateReason.BREAK)
    assert at_lunch.as_payload()["opens_at"] == "2026-11-30T13:30:00+08:00"
    after = service_summaries(line, NEWCOMER, evening)["cash"]
    assert (after.state, after.reason) == (ServiceState.CLOSED_FOR_DAY, StateReason.AFTER_CLOSING)


def test_the_payload_is_plain_json():
    payload = service_summaries(snapshot(), NEWCOMER, OPEN, ["cash"])["cash"].as_payload()
    assert payload == {
        "service": "cash", "waiting": 0, "open_counters": 0, "estimated_wait_s": 420, "estimated_wait_low_s": 300,
        "estimated_wait_high_s": 611, "state": "no_counter_open", "state_reason": "counters_closed", "opens_at": None,
    }


def test_only_new_lines_and_real_changes_are_pushed():
    line = snapshot(waiting=[ticket(1, "cash")], open_counters=[CounterView(1, ("cash",))])
    first = service_summaries(line, NEWCOMER, OPEN)
    assert [s.service for s in changed_summaries(first, {})] == ["cash", "fx", "loans"]
    assert changed_summaries(first, first) == []
    drifted = {**first, "cash": replace(first["cash"], estimated_wait_s=first["cash"].estimated_wait_s + 59)}
    assert changed_summaries(drifted, first) == []  # under a minute: not worth a message
    moved = {**first, "cash": replace(first["cash"], estimated_wait_s=first["cash"].estimated_wait_s + 60)}
    assert [s.service for s in changed_summaries(moved, first)] == ["cash"]
    one_more = service_summaries(snapshot(waiting=[ticket(1, "cash"), ticket(2, "fx")],
                                          open_counters=[CounterView(1, ("cash",))]), NEWCOMER, OPEN)
    assert [s.service for s in changed_summaries(one_more, first)] == ["fx"]
    closed = service_summaries(line, NEWCOMER, branch_opening(CALENDAR, shanghai(30, 18)))
    assert [s.service for s in changed_summaries(closed, first)] == ["cash", "fx", "loans"]
    no_estimate = {**first, "cash": replace(first["cash"], estimated_wait_s=None)}
    assert [s.service for s in changed_summaries(no_estimate, first)] == ["cash"]
