"""The remote queue's rules: a ticket on its way keeps its place but is not called; when to arrive; when to
tell a customer their turn nears; how the gateway is retried and how its messages are signed."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, timedelta

import pytest

from server.domain.calling import POLICIES, make_policy
from server.domain.errors import ConflictError, InvalidInput
from server.domain.queue import CounterView, QueuedTicket, QueueSnapshot, ServiceProfile
from server.domain.remote import (
    MAX_ATTEMPTS,
    MIN_ARRIVAL,
    RemoteQueueRule,
    check_arrival,
    check_settings,
    is_near_front,
    overdue,
    reminder_due,
    retry_delay,
    webhook_signature,
)
from server.domain.wait_model import positions_by_service
from server.domain.prediction import make_predictor

NOW = 1_800_000_000.0
MOMENT = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)
SERVICES = {"cash": ServiceProfile("cash", target_wait_s=300.0, mean_service_s=180.0)}
COUNTER = CounterView(1, ("cash",))
RULE = RemoteQueueRule(enabled=True, daily_cap=2, arrive_within=timedelta(minutes=60))


def line(*tickets: QueuedTicket) -> QueueSnapshot:
    return QueueSnapshot(now=NOW, waiting=tickets, services=SERVICES, open_counters=(COUNTER,))


ON_THE_WAY = QueuedTicket(1, "cash", NOW - 1200, awaiting_arrival=True)
HERE = QueuedTicket(2, "cash", NOW - 300)


@pytest.mark.parametrize("policy", sorted(POLICIES))
def test_every_policy_skips_a_remote_ticket_whose_customer_has_not_arrived(policy: str) -> None:
    decision = make_policy(policy).choose(COUNTER, line(ON_THE_WAY, HERE))
    assert decision is not None and decision.ticket_id == HERE.ticket_id


@pytest.mark.parametrize("policy", sorted(POLICIES))
def test_nobody_is_called_when_only_customers_on_their_way_wait(policy: str) -> None:
    assert make_policy(policy).choose(COUNTER, line(ON_THE_WAY)) is None


def test_once_checked_in_it_is_called_in_the_place_it_kept() -> None:
    arrived = QueuedTicket(1, "cash", NOW - 1200)
    decision = make_policy("fifo").choose(COUNTER, line(arrived, HERE))
    assert decision is not None and decision.ticket_id == arrived.ticket_id


def test_a_ticket_on_its_way_still_counts_ahead_of_later_ones_in_places_and_estimates() -> None:
    later = QueuedTicket(3, "cash", NOW - 60)
    assert positions_by_service(line(ON_THE_WAY, HERE, later)) == {1: 0, 2: 1, 3: 2}
    estimates = make_predictor("ql").predict(line(ON_THE_WAY, HERE, later))
    assert estimates[1] is not None and estimates[3] is not None


def test_the_branch_switch_and_the_daily_cap_refuse_a_join() -> None:
    RULE.check_join(1)
    with pytest.raises(ConflictError) as full:
        RULE.check_join(2)
    assert full.value.code == "remote.cap_reached"
    with pytest.raises(ConflictError) as off:
        RemoteQueueRule(False, 50, timedelta(hours=1)).check_join(0)
    assert off.value.code == "remote.disabled"


def test_the_time_to_arrive_follows_the_expected_wait_within_bounds() -> None:
    assert RULE.arrive_by(MOMENT, 35 * 60) == MOMENT + timedelta(minutes=35)
    assert RULE.arrive_by(MOMENT, 60) == MOMENT + MIN_ARRIVAL  # a short line still leaves time to travel
    assert RULE.arrive_by(MOMENT, 5 * 3600) == MOMENT + timedelta(minutes=60)  # the branch's longest
    assert RULE.arrive_by(MOMENT, None) == MOMENT + timedelta(minutes=60)  # nobody serves it yet


def test_check_in_only_for_a_remote_ticket_once_and_in_time() -> None:
    arrive_by = MOMENT + timedelta(minutes=30)
    check_arrival(arrive_by, None, MOMENT)
    for args, code in (
        ((None, None, MOMENT), "remote.not_remote"),
        ((arrive_by, MOMENT, MOMENT), "remote.already_checked_in"),
        ((arrive_by, None, arrive_by + timedelta(seconds=1)), "remote.arrival_passed"),
    ):
        with pytest.raises(ConflictError) as refused:
            check_arrival(*args)
        assert refused.value.code == code


def test_overdue_is_past_the_time_without_a_check_in() -> None:
    arrive_by = MOMENT + timedelta(minutes=30)
    assert not overdue(arrive_by, None, arrive_by)
    assert overdue(arrive_by, None, arrive_by + timedelta(seconds=1))
    assert not overdue(arrive_by, MOMENT, arrive_by + timedelta(hours=1))
    assert not overdue(None, None, MOMENT)


def test_settings_are_bounded() -> None:
    check_settings(0, 20)
    with pytest.raises(InvalidInput):
        check_settings(-1, 60)
    with pytest.raises(InvalidInput):
        check_settings(10, 5)


def test_near_the_front_is_three_or_fewer_ahead() -> None:
    assert [is_near_front(ahead) for ahead in (0, 3, 4, None)] == [True, True, False, False]


def test_the_reminder_goes_the_day_before_from_ten_o_clock() -> None:
    slot = datetime(2026, 12, 3, 9, 30)
    assert reminder_due(slot, datetime(2026, 12, 2, 10, 0))
    assert not reminder_due(slot, datetime(2026, 12, 2, 9, 59))
    assert not reminder_due(slot, datetime(2026, 12, 3, 8, 0))
    assert not reminder_due(slot, datetime(2026, 12, 1, 12, 0))


def test_retries_back_off_doubling_up_to_half_an_hour() -> None:
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [10, 20, 40, 80]
    assert retry_delay(MAX_ATTEMPTS + 20) == timedelta(minutes=30)


def test_the_signature_is_the_hmac_of_timestamp_and_body() -> None:
    body = '{"id":"ticket-1-called"}'.encode()
    expected = hmac.new(b"shared-secret", b"1764640800." + body, hashlib.sha256).hexdigest()
    assert webhook_signature("shared-secret", "1764640800", body) == expected
    assert webhook_signature("other-secret", "1764640800", body) != expected
