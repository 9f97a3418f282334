"""A customer back after a missed call (过号): when they may come back, and where every policy puts them."""

from __future__ import annotations

import pytest

from server.domain.calling import POLICIES
from server.domain.enums import PriorityTier
from server.domain.errors import ConflictError
from server.domain.missed_call import MissedCallRule, place_returned
from server.domain.queue import CounterView, QueuedTicket, QueueSnapshot
from tests.server.domain.test_calling import MIN, NOW, SERVICES, UNIVERSAL, ticket


def returned(ticket_id: int, waited_min: float, ahead: set[int], back_min_ago: float = 0.0) -> QueuedTicket:
    """A customer who first arrived `waited_min` ago and came back `back_min_ago`, behind `ahead`."""
    return QueuedTicket(
        ticket_id, "cash", NOW - waited_min * MIN, line_after=frozenset(ahead), enqueued_at=NOW - back_min_ago * MIN
    )


def line(*tickets: QueuedTicket) -> QueueSnapshot:
    return QueueSnapshot(
        now=NOW, waiting=sorted(tickets, key=lambda t: t.arrived_at), services=SERVICES, open_counters=(UNIVERSAL,)
    )


def call_order(policy_name: str, snapshot: QueueSnapshot, counter: CounterView = UNIVERSAL) -> list[int]:
    """Call tickets one by one until the line is empty, as a free counter would."""
    policy, order = POLICIES[policy_name](), []
    waiting = list(snapshot.waiting)
    while waiting:
        view = QueueSnapshot(snapshot.now, tuple(waiting), snapshot.services, snapshot.open_counters)
        decision = policy.choose(counter, view)
        assert decision is not None
        order.append(decision.ticket_id)
        waiting = [t for t in waiting if t.ticket_id != decision.ticket_id]
    return order


def test_a_customer_may_come_back_once_within_the_branch_time():
    rule = MissedCallRule(return_within_s=30 * MIN, requeue_places=3)
    rule.check_return(missed_at=NOW - 29 * MIN, now=NOW, returned_before=False)
    with pytest.raises(ConflictError, match="more than 30 minutes") as late:
        rule.check_return(missed_at=NOW - 31 * MIN, now=NOW, returned_before=False)
    assert late.value.code == "ticket.return_too_late" and late.value.params == {"minutes": 30}
    with pytest.raises(ConflictError) as twice:
        rule.check_return(missed_at=NOW - 1 * MIN, now=NOW, returned_before=True)
    assert twice.value.code == "ticket.return_used"


def test_the_places_ahead_are_the_front_of_the_customers_own_line():
    rule = MissedCallRule(requeue_places=3)
    back = ticket(99, "cash")
    snapshot = line(
        ticket(1, waited_min=10),
        ticket(2, waited_min=8),
        ticket(3, "account", waited_min=9),  # another line
        ticket(4, waited_min=2, tier=PriorityTier.PRIORITY_NEEDS),  # ahead by tier
        ticket(5, waited_min=5),
        ticket(6, waited_min=1),
        ticket(7, waited_min=20, target_counter_id=3),  # sent to one counter: not in the line
        back,
    )
    assert rule.places_ahead(back, snapshot) == {4, 1, 2}
    assert MissedCallRule(requeue_places=0).places_ahead(back, snapshot) == frozenset()
    assert MissedCallRule(requeue_places=10).places_ahead(back, snapshot) == {1, 2, 4, 5, 6}


@pytest.mark.parametrize("policy_name", sorted(POLICIES))
def test_every_policy_calls_the_returned_customer_right_after_those_ahead(policy_name):
    # arrived long ago (so the policy alone would call them first), placed behind tickets 1 and 2
    others = (ticket(1, waited_min=6), ticket(2, waited_min=5), ticket(3, waited_min=4), ticket(4, waited_min=3))
    without = call_order(policy_name, line(*others))
    after = max(without.index(1), without.index(2)) + 1
    expected = [*without[:after], 9, *without[after:]]
    assert call_order(policy_name, line(*others, returned(9, waited_min=40, ahead={1, 2}))) == expected
    assert call_order("fifo", line(*others, returned(9, waited_min=40, ahead={1, 2}))) == [1, 2, 9, 3, 4]


@pytest.mark.parametrize("policy_name", sorted(POLICIES))
def test_later_arrivals_never_overtake_a_returned_customer(policy_name):
    # the returned customer's own wait is short (they arrived recently, then missed the call quickly)
    snapshot = line(ticket(1, waited_min=30), returned(9, waited_min=1, ahead={1}), ticket(2, waited_min=29))
    assert call_order(policy_name, snapshot) == [1, 9, 2]


@pytest.mark.parametrize("policy_name", sorted(POLICIES))
def test_with_nobody_left_ahead_the_returned_customer_is_called_first(policy_name):
    snapshot = line(ticket(3, waited_min=50), returned(9, waited_min=1, ahead={1, 2}))
    assert call_order(policy_name, snapshot)[0] == 9


def test_two_returned_customers_keep_the_order_they_came_back_in():
    first = returned(8, waited_min=1, ahead={1}, back_min_ago=5)
    second = returned(9, waited_min=30, ahead={1, 8}, back_min_ago=1)
    ranked = [ticket(9 - 8)] + [second, first, ticket(2)]
    assert [t.ticket_id for t in place_returned(ranked, lambda t: t)] == [1, 8, 9, 2]


def test_a_returned_customer_waits_only_for_tickets_this_counter_could_call():
    fx_only = CounterView(2, ("account",))
    snapshot = QueueSnapshot(
        now=NOW,
        waiting=(ticket(1, waited_min=9), ticket(5, "account", waited_min=8),
                 QueuedTicket(9, "account", NOW - MIN, line_after=frozenset({1}), enqueued_at=NOW)),
        services=SERVICES,
        open_counters=(fx_only,),
    )
    assert POLICIES["fifo"]().choose(fx_only, snapshot).ticket_id == 9  # ticket 1 (cash) is not its line
