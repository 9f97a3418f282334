"""Staffing advice from the branch's own history, for its managers."""

from datetime import UTC, datetime, timedelta

from server.domain.erlang import erlang_c_wait_within
from tests.server.conftest import BASE

PAST_MONDAYS = [datetime(2026, 11, day, 2, 0, tzinfo=UTC) for day in (2, 9, 16, 23)]  # 10:00 local


def issue_history(floor, clock, per_hour: int = 30) -> None:  # type: ignore[no-untyped-def]
    for monday in PAST_MONDAYS:
        for index in range(per_hour):
            clock.now = monday + timedelta(minutes=index * 60 / per_hour)
            floor.issue("cash")
    clock.now = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)


def smallest_meeting_goal(arrivals_per_hour: float, service_s: float, target_s: float) -> int:
    offered = arrivals_per_hour * service_s / 3600
    counters = int(offered) + 1
    while erlang_c_wait_within(counters, arrivals_per_hour / 3600, 1 / service_s, target_s) < 0.8:
        counters += 1
    return counters


def test_advice_forecasts_from_same_weekdays_and_sizes_by_erlang(floor, client, clock):
    issue_history(floor, clock)
    response = client.get(f"{BASE}/branches/demo/staffing?date=2026-12-07", headers=floor.as_("manager"))
    assert response.status_code == 200, response.text
    advice = response.json()
    assert advice["date"] == "2026-12-07" and advice["history_days"] == 4
    cash_ten = next(c for c in advice["dedicated"] if c["group"] == "cash" and c["hour"] == 10)
    assert cash_ten["arrivals_per_hour"] == 30.0 and cash_ten["method"] == "erlang_c"
    assert cash_ten["counters"] == smallest_meeting_goal(30, 4 * 60, 10 * 60)
    assert cash_ten["service_levels"]["cash"] >= 0.8
    quiet = next(c for c in advice["dedicated"] if c["group"] == "cash" and c["hour"] == 15)
    assert quiet["arrivals_per_hour"] == 0 and quiet["counters"] == 0
    pooled_ten = next(c for c in advice["pooled"] if c["hour"] == 10)
    assert pooled_ten["counters"] <= sum(c["counters"] for c in advice["dedicated"] if c["hour"] == 10)
    assert [h["hour"] for h in advice["pooled"]] == list(range(24))  # the demo is open around the clock


def test_advice_covers_the_hours_the_branch_is_open_that_day(floor, client, clock):
    issue_history(floor, clock)
    admin = floor.as_("admin")
    weekday = ["09:00-12:00", "13:30-17:00"]
    week = {day: weekday for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday")}
    client.patch(f"{BASE}/admin/branches/demo", json={"weekly_hours": {**week, "sunday": []}}, headers=admin)
    client.put(f"{BASE}/admin/branches/demo/days/2026-12-08", json={"closed": True}, headers=admin)
    advice = client.get(f"{BASE}/branches/demo/staffing?date=2026-12-07", headers=floor.as_("manager")).json()
    assert [h["hour"] for h in advice["pooled"]] == [9, 10, 11, 13, 14, 15, 16]  # no one at lunch (12:00-13:30)
    holiday = client.get(f"{BASE}/branches/demo/staffing?date=2026-12-08", headers=floor.as_("manager")).json()
    assert holiday["pooled"] == []


def test_staffing_is_for_managers_of_the_branch(floor, client):
    assert client.get(f"{BASE}/branches/demo/staffing", headers=floor.as_("teller1")).status_code == 403
    assert client.get(f"{BASE}/branches/demo/staffing", headers=floor.as_("kiosk-1")).status_code == 403
    assert client.get(f"{BASE}/branches/demo/staffing").status_code == 401
    empty = client.get(f"{BASE}/branches/demo/staffing", headers=floor.as_("admin"))
    assert empty.status_code == 409 and "before 2026-12-01" in empty.json()["detail"]
    bad = client.get(f"{BASE}/branches/demo/staffing?date=tomorrow", headers=floor.as_("manager"))
    assert bad.status_code == 422 and bad.json()["field"] == "date"
