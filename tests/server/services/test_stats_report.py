"""The day report as a pure function of ticket rows: no database, no HTTP."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from server.domain.enums import Channel, TicketStatus
from server.services.stats import ServiceTarget, TicketFacts, day_report, duration_summary, percentile

OPENING = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai
SERVICES = [ServiceTarget("cash", 10), ServiceTarget("loans", 20)]


def at(minutes: float) -> datetime:
    return OPENING + timedelta(minutes=minutes)


def done(service, arrived, called, started, finished, counter, teller, estimate=None, rating=None):
    return TicketFacts(
        service,
        Channel.KIOSK,
        TicketStatus.DONE,
        at(arrived),
        at(called),
        at(started),
        at(finished),
        counter,
        teller,
        estimate,
        rating,
    )


def test_percentiles_interpolate_between_closest_ranks():
    assert percentile([], 0.5) is None
    assert percentile([7.0], 0.9) == 7.0
    assert percentile([10, 20, 30, 40], 0.5) == 25
    assert percentile([40, 10, 30, 20], 0.9) == pytest.approx(37)  # rank 2.7: 30 + 0.7 * 10
    assert percentile([1, 2], 0.0) == 1 and percentile([1, 2], 1.0) == 2


@given(st.lists(st.floats(min_value=0, max_value=1e6), min_size=1, max_size=60), st.floats(0, 1))
def test_percentiles_agree_with_numpys_linear_method(values, fraction):
    expected = float(np.percentile(values, fraction * 100, method="linear"))
    assert percentile(values, fraction) == pytest.approx(expected, rel=1e-9, abs=1e-6)


def test_a_summary_ignores_missing_durations():
    assert duration_summary([None, 60.0, None, 120.0]) == {
        "count": 2,
        "mean_s": 90.0,
        "p50_s": 90.0,
        "p90_s": 114.0,
    }
    assert duration_summary([]) == {"count": 0, "mean_s": None, "p50_s": None, "p90_s": None}


def test_a_quiet_day_reports_zeros_not_errors():
    report = day_report(date(2026, 11, 30), "Asia/Shanghai", SERVICES, [])
    assert report["tickets"] == {
        "issued": 0,
        "by_service": {"cash": 0, "loans": 0},
        "by_channel": {},
        "served": 0,
        "no_show": 0,
        "cancelled": 0,
        "expired": 0,
        "open": 0,
    }
    assert report["service_level"]["cash"] == {
        "target_wait_min": 10,
        "called": 0,
        "within_target": 0,
        "share": None,
    }
    assert report["ratings"] == {
        "count": 0,
        "mean": None,
        "distribution": {str(n): 0 for n in range(1, 6)},
        "by_counter": {},
    }
    assert (report["counters"], report["tellers"], report["hourly_arrivals"]) == ({}, {}, {})
    assert report["estimate_accuracy"] == {"count": 0, "mae_s": None, "bias_s": None}


def test_a_small_morning_adds_up():
    tickets = [
        done("cash", 0, 5, 6, 10, 1, "teller1", estimate=240, rating=5),  # waited 5 min, served 4
        done("cash", 2, 14, 15, 21, 1, "teller1", estimate=480, rating=2),  # waited 12 min > target 10
        done("loans", 3, 8, 8, 38, 5, "teller5", estimate=None),  # waited 5 min, served 30
        TicketFacts(
            "cash", Channel.ONLINE, TicketStatus.NO_SHOW, at(50), at(62), counter_number=1, staff_username="teller1"
        ),  # waited 12 min, never served
        TicketFacts("loans", Channel.COUNTER, TicketStatus.CANCELLED, at(61)),
        TicketFacts("cash", Channel.KIOSK, TicketStatus.EXPIRED, at(70)),
        TicketFacts("cash", Channel.KIOSK, TicketStatus.WAITING, at(125), estimated_wait_s=60),
    ]
    report = day_report(date(2026, 11, 30), "Asia/Shanghai", SERVICES, tickets)

    assert report["tickets"] == {
        "issued": 7,
        "by_service": {"cash": 5, "loans": 2},
        "by_channel": {"counter": 1, "kiosk": 5, "online": 1},
        "served": 3,
        "no_show": 1,
        "cancelled": 1,
        "expired": 1,
        "open": 1,
    }
    # waits in seconds: cash 300, 720, 720; loans 300
    assert report["waits"]["overall"] == {"count": 4, "mean_s": 510.0, "p50_s": 510.0, "p90_s": 720.0}
    assert report["waits"]["by_service"]["cash"] == {
        "count": 3,
        "mean_s": 580.0,
        "p50_s": 720.0,
        "p90_s": 720.0,
    }
    assert report["service_level"]["cash"] == {
        "target_wait_min": 10,
        "called": 3,
        "within_target": 1,
        "share": 0.3333,
    }
    assert report["service_level"]["loans"]["share"] == 1.0
    # service times: cash 240, 360; loans 1800
    assert report["service_times"]["by_service"]["cash"] == {
        "count": 2,
        "mean_s": 300.0,
        "p50_s": 300.0,
        "p90_s": 348.0,
    }
    assert report["ratings"]["distribution"] == {"1": 0, "2": 1, "3": 0, "4": 0, "5": 1}
    assert report["ratings"]["by_counter"] == {
        "1": {"count": 2, "mean": 3.5, "distribution": {"1": 0, "2": 1, "3": 0, "4": 0, "5": 1}}
    }
    assert report["counters"] == {
        "1": {"served": 2, "mean_service_s": 300.0, "ratings": 2, "mean_rating": 3.5},
        "5": {"served": 1, "mean_service_s": 1800.0, "ratings": 0, "mean_rating": None},
    }
    assert report["tellers"]["teller1"] == report["counters"]["1"]
    assert report["hourly_arrivals"] == {"09:00": 4, "10:00": 2, "11:00": 1}
    # estimate minus real wait: 240 - 300 = -60 and 480 - 720 = -240 (the waiting ticket has no wait yet)
    assert report["estimate_accuracy"] == {"count": 2, "mae_s": 150.0, "bias_s": -150.0}


def test_hours_are_the_branchs_own():
    arrival = [TicketFacts("cash", Channel.KIOSK, TicketStatus.WAITING, at(0))]
    assert day_report(date(2026, 11, 30), "Europe/London", SERVICES, arrival)["hourly_arrivals"] == {
        "01:00": 1
    }


def test_a_transferred_ticket_counts_as_issued_for_its_first_service_and_served_by_its_last():
    transferred = TicketFacts(
        "loans",
        Channel.KIOSK,
        TicketStatus.DONE,
        at(0),
        at(6),
        at(30),
        at(40),
        5,
        "teller5",
        issued_service_code="cash",
    )
    report = day_report(date(2026, 11, 30), "Asia/Shanghai", SERVICES, [transferred])
    assert report["tickets"]["by_service"] == {"cash": 1, "loans": 0}
    assert report["waits"]["by_service"]["loans"]["mean_s"] == 360.0
    assert report["service_times"]["by_service"]["loans"]["mean_s"] == 600.0
    assert report["service_level"]["cash"]["called"] == 0


def test_services_no_longer_listed_still_show_up():
    orphan = TicketFacts("gold", Channel.KIOSK, TicketStatus.WAITING, at(0), issued_service_code="silver")
    report = day_report(date(2026, 11, 30), "Asia/Shanghai", SERVICES, [orphan])
    assert report["tickets"]["by_service"] == {"cash": 0, "loans": 0, "gold": 0, "silver": 1}
    assert list(report["waits"]["by_service"]) == ["cash", "loans", "gold", "silver"]
