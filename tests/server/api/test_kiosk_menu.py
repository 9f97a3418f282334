"""The kiosk's menu from the server: one answer with categories, states, estimates, zones and documents;
the ticket answer with where to wait; and `service.summary` events that keep the menu live on a kiosk."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from server.db.models import Branch

from tests.server.conftest import BASE, Floor

SERVICES = f"{BASE}/branches/demo/services"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SUMMARY_FIELDS = {
    "service", "waiting", "open_counters", "estimated_wait_s", "estimated_wait_low_s", "estimated_wait_high_s",
    "state", "state_reason", "opens_at",
}


def menu(client) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    response = client.get(SERVICES)
    assert response.status_code == 200, response.text
    return response.json()


def line(answer: dict[str, Any], code: str) -> dict[str, Any]:
    return next(service for service in answer["services"] if service["code"] == code)


def set_hours(floor: Floor, periods: list[str]) -> None:
    """Every day the same periods (the test clock is Monday 10:00 in Shanghai)."""
    response = floor.client.patch(
        f"{BASE}/admin/branches/demo", json={"weekly_hours": {day: periods for day in WEEKDAYS}},
        headers=floor.as_("admin"),
    )
    assert response.status_code == 200, response.text


def test_the_menu_groups_services_in_categories_with_names_in_both_languages(client):
    answer = menu(client)
    assert [(c["code"], c["name_zh"], c["name_en"]) for c in answer["categories"]] == [
        ("cash", "现金业务", "Cash"), ("accounts", "账户与卡", "Accounts & cards"),
        ("wealth", "理财与贷款", "Wealth & loans"), ("corporate", "对公业务", "Business banking"),
    ]
    assert {s["code"]: s["category"] for s in answer["services"]} == {
        "cash": "cash", "fx": "cash", "account": "accounts", "wealth": "wealth", "loans": "wealth",
        "corporate": "corporate",
    }


def test_each_service_says_its_state_queue_estimate_zones_documents_and_usual_time(floor, client):
    assert line(menu(client), "cash")["state"] == "no_counter_open"
    assert line(menu(client), "cash")["state_reason"] == "counters_closed"
    floor.open(1, "teller1")  # serves cash and fx, in zone A
    floor.issue("cash")
    floor.issue("cash")
    answer = menu(client)
    cash = line(answer, "cash")
    assert cash == {
        "code": "cash", "name_zh": "现金业务", "name_en": "Cash services", "prefix": "A", "target_wait_min": 10,
        "category": "cash",
        "zones": [{"zh": "一楼 A 区", "en": "Floor 1, Zone A", "open": True},
                  {"zh": "一楼 C 区", "en": "Floor 1, Zone C", "open": False}],
        "documents_zh": ["身份证", "银行卡或存折"], "documents_en": ["ID card", "Bank card or passbook"],
        "expected_service_min": 4.0,
        "waiting": 2, "open_counters": 1,
        "estimated_wait_s": cash["estimated_wait_s"], "estimated_wait_low_s": cash["estimated_wait_low_s"],
        "estimated_wait_high_s": cash["estimated_wait_high_s"],
        "state": "open", "state_reason": None, "opens_at": None,
    }
    assert 0 < cash["estimated_wait_low_s"] <= cash["estimated_wait_s"] <= cash["estimated_wait_high_s"]
    loans = line(answer, "loans")
    assert (loans["state"], loans["state_reason"], loans["waiting"]) == ("no_counter_open", "counters_closed", 0)
    assert loans["zones"] == [{"zh": "二楼贵宾区", "en": "Floor 2, VIP area", "open": False}]
    assert answer["hours"]["open_now"] is True


def test_paused_counters_are_told_apart_from_closed_ones(floor, client):
    floor.open(5, "teller5")  # loans and wealth
    assert floor.counter(5, "pause", "teller5").status_code == 200
    assert line(menu(client), "loans")["state_reason"] == "counters_paused"


@pytest.mark.parametrize(
    ("periods", "state", "reason", "opens_at"),
    [
        (["13:30-17:00"], "before_opening", "opens_later_today", "2026-11-30T13:30:00+08:00"),
        (["08:00-09:30", "13:30-17:00"], "before_opening", "break", "2026-11-30T13:30:00+08:00"),
        (["07:00-09:00"], "closed_for_day", "after_closing", "2026-12-01T07:00:00+08:00"),
    ],
)
def test_while_the_branch_is_closed_every_service_says_why_and_when_it_opens(floor, client, periods, state, reason,
                                                                              opens_at):
    floor.open(1, "teller1")
    set_hours(floor, periods)
    for service in menu(client)["services"]:
        assert (service["state"], service["state_reason"], service["opens_at"]) == (state, reason, opens_at)


def test_the_ticket_answer_carries_where_to_wait_and_what_to_bring(floor):
    floor.open(1, "teller1")
    ticket = floor.issue("fx")
    assert ticket["service"] == {"code": "fx", "name_zh": "外汇业务", "name_en": "Foreign exchange", "prefix": "F"}
    assert ticket["guidance"] == {
        "category": "cash",
        "zones": [{"zh": "一楼 A 区", "en": "Floor 1, Zone A", "open": True}],
        "documents_zh": ["身份证或护照", "银行卡"], "documents_en": ["ID card or passport", "Bank card"],
        "expected_service_min": 8.0,
    }
    assert ticket["counter"] is None and ticket["estimated_wait_s"] is not None
    online = floor.issue("loans", channel="online", as_=None)  # the public's answer carries it too
    assert online["guidance"]["zones"] == [{"zh": "二楼贵宾区", "en": "Floor 2, VIP area", "open": False}]


# -- live from the event stream -------------------------------------------------------------------


def summaries_until(ws, done, limit: int = 60) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """`service.summary` messages received until `done(summaries)` holds (bounded, never a sleep)."""
    summaries: list[dict[str, Any]] = []
    for _ in range(limit):
        message = ws.receive_json()
        if message["type"] == "service.summary":
            summaries.append(message["data"])
            if done(summaries):
                return summaries
    raise AssertionError(f"no such summaries among {summaries}")


def stream(floor: Floor, username: str = "kiosk-1", since: int | None = None) -> str:
    """The branch's event stream for a kiosk; from `since` when given, so nothing recorded before the
    websocket is subscribed can slip past it."""
    answer = floor.client.post(f"{BASE}/branches/demo/events/ticket", headers=floor.as_(username))
    assert answer.status_code == 200, answer.text
    resume = "" if since is None else f"&since={since}"
    return f"{BASE}/branches/demo/events?ticket={answer.json()['ticket']}{resume}"


def current_seq(container) -> int:  # type: ignore[no-untyped-def]
    with container.db.read() as session:
        return session.scalar(select(Branch.event_seq).where(Branch.code == "demo"))


def latest(summaries: list[dict[str, Any]], code: str) -> dict[str, Any] | None:
    return next((s for s in reversed(summaries) if s["service"] == code), None)


def test_a_kiosk_s_menu_is_kept_live_by_service_summaries(floor, client):
    with client.websocket_connect(stream(floor)) as ws:
        floor.open(1, "teller1")
        opened = summaries_until(ws, lambda got: latest(got, "wealth") is not None)  # the last line, by code
        assert latest(opened, "cash")["state"] == "open" and latest(opened, "loans")["state"] == "no_counter_open"
        assert all(set(summary) == SUMMARY_FIELDS for summary in opened)  # the device's view: all of it, no actor
        floor.issue("cash")
        after_issue = summaries_until(ws, lambda got: (latest(got, "cash") or {}).get("waiting") == 1)
    cash = latest(after_issue, "cash")
    assert cash["estimated_wait_low_s"] <= cash["estimated_wait_s"] <= cash["estimated_wait_high_s"]
    assert latest(after_issue, "loans") is None  # unchanged lines are not pushed again
    assert cash == {key: value for key, value in line(menu(client), "cash").items() if key in SUMMARY_FIELDS} | {
        "service": "cash"
    }


def test_doors_opening_and_closing_with_the_clock_push_new_states(floor, client, container, clock):
    floor.open(1, "teller1")
    set_hours(floor, ["09:00-10:30"])
    container.estimates.settle()
    assert container.openings.check() == []  # the first round learns each branch's doors
    with client.websocket_connect(stream(floor, since=current_seq(container))) as ws:
        clock.advance(minutes=31)  # 10:31: closed
        assert container.openings.check() == [1]
        closed = summaries_until(ws, lambda got: (latest(got, "cash") or {}).get("state") == "closed_for_day")
    assert latest(closed, "cash")["opens_at"] == "2026-12-01T09:00:00+08:00"
    assert container.openings.check() == []  # nothing turned since
