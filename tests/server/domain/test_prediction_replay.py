"""A predictor told the branch's calling policy projects the line in the order that policy calls it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.domain.calling import BranchQPolicy, PriorityFifoPolicy
from server.domain.enums import PriorityTier
from server.domain.prediction import PREDICTORS, make_predictor
from server.domain.queue import CounterView, QueuedTicket, QueueSnapshot, ServiceProfile
from server.domain.urgency_policy import (
    UrgencyWeights,
    rank_for_counter,
    service_terms,
    standing_at,
)
from server.domain.wait_replay import replay_projection

NOW = 1_800_000_000.0
MIN = 60.0
SERVICES = {
    "cash": ServiceProfile("cash", target_wait_s=5 * MIN, mean_service_s=3 * MIN),
    "account": ServiceProfile("account", target_wait_s=10 * MIN, mean_service_s=12 * MIN),
    "loan": ServiceProfile("loan", target_wait_s=20 * MIN, mean_service_s=25 * MIN),
}
SKILLS = (("cash", "account"), ("account", "loan", "cash"), ("loan",), ("cash",))
WEIGHTS = UrgencyWeights()

tickets_strategy = st.lists(
    st.tuples(
        st.sampled_from(sorted(SERVICES)),
        st.floats(0.0, 40 * MIN),
        st.sampled_from(list(PriorityTier)),
        st.one_of(st.none(), st.floats(-15 * MIN, 20 * MIN)),
    ),
    min_size=1,
    max_size=12,
)
"""Per ticket: service, minutes waited, tier, and for appointments the slot relative to now."""


def _tickets(drawn: list) -> list[QueuedTicket]:
    tickets = []
    for ticket_id, (service, waited, tier, slot_offset) in enumerate(drawn, start=1):
        arrived = NOW - waited
        appointment = None if slot_offset is None else min(arrived + 9 * MIN, NOW + slot_offset)
        tickets.append(QueuedTicket(ticket_id, service, arrived, tier, appointment_at=appointment))
    return sorted(tickets, key=lambda t: t.arrived_at)


def _others_busy_past_slot(ticket: QueuedTicket, counter: CounterView, snapshot: QueueSnapshot) -> bool:
    free_by = ticket.appointment_at - WEIGHTS.appointment_pull_margin_s
    return all(
        other.busy_until is not None and other.busy_until > free_by
        for other in snapshot.open_counters
        if other.counter_id != counter.counter_id and other.serves(ticket)
    )


@settings(max_examples=150, deadline=None)
@given(tickets_strategy, st.lists(st.floats(0.0, 30 * MIN), min_size=4, max_size=4))
def test_standing_at_now_orders_tickets_as_the_policy_ranks_them(drawn, busy_for):
    counters = [
        CounterView(i + 1, skills, busy_until=NOW + busy if i else None)
        for i, (skills, busy) in enumerate(zip(SKILLS, busy_for))
    ]
    snapshot = QueueSnapshot(NOW, _tickets(drawn), SERVICES, counters)
    counter = counters[0]
    terms = service_terms(counter, snapshot, WEIGHTS, set(SERVICES))

    def key(ticket: QueuedTicket) -> tuple:
        pulled = ticket.appointment_at is not None and _others_busy_past_slot(ticket, counter, snapshot)
        precedence, urgency = standing_at(ticket, NOW, terms[ticket.service_code], WEIGHTS, pulled)
        return (-precedence, -urgency, ticket.arrived_at, ticket.ticket_id)

    expected = [scored.ticket.ticket_id for scored in rank_for_counter(counter, snapshot, WEIGHTS)]
    assert [t.ticket_id for t in sorted(snapshot.eligible_for(counter), key=key)] == expected


def _policy_call_times(tickets: list[QueuedTicket], free_in: dict[int, float]) -> dict[int, float]:
    """Ground truth: counters free at known times, services last exactly their mean, the policy decides."""
    policy, waiting, free_at = BranchQPolicy(WEIGHTS), list(tickets), {i: NOW + s for i, s in free_in.items()}
    skills = {i + 1: s for i, s in enumerate(SKILLS)}
    called: dict[int, float] = {}
    idle: set[int] = set()
    while waiting and len(idle) < len(skills):
        counter_id = min((i for i in skills if i not in idle), key=lambda i: (free_at[i], i))
        at = free_at[counter_id]
        views = [
            CounterView(i, skills[i], busy_until=None if i == counter_id else free_at[i]) for i in skills
        ]
        decision = policy.choose(views[counter_id - 1], QueueSnapshot(at, waiting, SERVICES, views))
        if decision is None:
            idle.add(counter_id)
            continue
        ticket = next(t for t in waiting if t.ticket_id == decision.ticket_id)
        waiting.remove(ticket)
        called[ticket.ticket_id] = at - NOW
        free_at[counter_id] = at + SERVICES[ticket.service_code].mean_service_s
    return called


@settings(max_examples=100, deadline=None)
@given(tickets_strategy, st.lists(st.floats(1.0, 30 * MIN), min_size=4, max_size=4, unique=True))
def test_the_replay_calls_each_ticket_when_the_policy_would_with_exact_service_times(drawn, busy_for):
    tickets = _tickets(drawn)
    free_in = {i + 1: busy for i, busy in enumerate(busy_for)}
    counters = [
        CounterView(i + 1, skills, busy_until=NOW + free_in[i + 1]) for i, skills in enumerate(SKILLS)
    ]
    snapshot = QueueSnapshot(NOW, tickets, SERVICES, counters)
    projection = replay_projection(
        snapshot,
        free_in,
        WEIGHTS,
        cost=lambda ticket, counter_id, at: SERVICES[ticket.service_code].mean_service_s,
        stretch=lambda ticket, able: 1.0,
    )
    truth = _policy_call_times(tickets, free_in)
    assert {ticket_id: point[0] for ticket_id, point in projection.items()} == pytest.approx(truth)


def _account_line() -> QueueSnapshot:
    """One account counter about to call; ticket 1 waited 8 min (past the 7 min goal), 2 waited 6."""
    waiting = [QueuedTicket(1, "account", NOW - 8 * MIN), QueuedTicket(2, "account", NOW - 6 * MIN)]
    return QueueSnapshot(NOW, waiting, SERVICES, [CounterView(1, ("account",))])


def test_bound_to_the_branchq_policy_the_ticket_still_within_the_goal_is_projected_first():
    estimates = make_predictor("branchq", policy=BranchQPolicy()).predict(_account_line())
    assert estimates[2].expected_s < estimates[1].expected_s
    assert estimates[1].expected_s == pytest.approx(12 * MIN, rel=0.05)


def test_unbound_or_bound_to_fifo_the_earlier_arrival_is_projected_first():
    for predictor in (make_predictor("branchq"), make_predictor("branchq", policy=PriorityFifoPolicy())):
        estimates = predictor.predict(_account_line())
        assert estimates[1].expected_s < estimates[2].expected_s


def test_a_due_appointment_is_projected_at_the_first_free_counter_whatever_waits():
    waiting = [QueuedTicket(i, "cash", NOW - 4 * MIN, PriorityTier.VIP) for i in range(1, 6)]
    waiting.append(QueuedTicket(9, "cash", NOW - 2 * MIN, appointment_at=NOW - MIN))
    counters = [
        CounterView(c, ("cash",), busy_until=NOW + 60.0 * c, serving_service_code="cash", serving_since=NOW)
        for c in (1, 2)
    ]
    snapshot = QueueSnapshot(NOW, waiting, SERVICES, counters)
    bound = make_predictor("branchq", policy=BranchQPolicy()).predict(snapshot)
    unbound = make_predictor("branchq").predict(snapshot)
    assert bound[9].position == 0
    assert bound[9].expected_s < 0.5 * unbound[9].expected_s


def test_every_predictor_can_be_built_for_a_branch_policy():
    for name in PREDICTORS:
        for policy in (PriorityFifoPolicy(), BranchQPolicy()):
            assert make_predictor(name, policy=policy).name == name
    weights = UrgencyWeights(wait_goal_s=300.0)
    assert make_predictor("branchq", policy=BranchQPolicy(weights)).replayed_weights is weights


def test_a_branch_that_calls_otherwise_teaches_the_bound_predictor_to_drop_the_replay():
    """The replay is a candidate, not a dogma: if calls keep following arrival order, arrival order wins."""
    predictor = make_predictor("branchq", policy=BranchQPolicy())
    for round_number in range(150):
        shift = round_number * 100_000.0
        first, second = (
            QueuedTicket(2 * round_number + 1, "account", NOW + shift - 8 * MIN),
            QueuedTicket(2 * round_number + 2, "account", NOW + shift - 6 * MIN),
        )
        snapshot = QueueSnapshot(NOW + shift, [first, second], SERVICES, [CounterView(1, ("account",))])
        predictor.observe_queue(snapshot)
        predictor.observe_wait(first, NOW + shift)
        predictor.observe_wait(second, NOW + shift + 12 * MIN)
    assert predictor.order.leader == "tier_fifo"
    estimates = predictor.predict(
        QueueSnapshot(NOW, _account_line().waiting, SERVICES, [CounterView(1, ("account",))])
    )
    assert estimates[1].expected_s < estimates[2].expected_s


def test_a_very_long_line_is_projected_in_a_fixed_order_to_stay_fast():
    from server.domain.calling import make_policy
    from server.domain.enums import PriorityTier
    from server.domain.prediction import make_predictor
    from server.domain.queue import CounterView, QueuedTicket, QueueSnapshot, ServiceProfile
    from server.domain.wait_branchq import REPLAY_LIMIT

    predictor = make_predictor("branchq", policy=make_policy("branchq"))
    services = {"cash": ServiceProfile("cash", 600.0, 240.0)}
    counters = (CounterView(1, ("cash",), busy_until=1_000.0, serving_service_code="cash", serving_since=900.0),)
    waiting = tuple(
        QueuedTicket(i, "cash", float(i), PriorityTier.REGULAR, enqueued_at=float(i)) for i in range(REPLAY_LIMIT * 3)
    )
    estimates = predictor.predict(QueueSnapshot(now=999.0, waiting=waiting, services=services, open_counters=counters))
    expected = [estimates[i].expected_s for i in range(len(waiting))]
    assert expected == sorted(expected) and expected[-1] > expected[0]
    assert [estimates[i].position for i in range(5)] == [0, 1, 2, 3, 4]
