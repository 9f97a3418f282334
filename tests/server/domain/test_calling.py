"""Calling policies as specifications: which ticket a free counter calls, and why.

The snapshots here are tiny hand-made branches; times are epoch seconds around NOW.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.domain.calling import POLICIES, BranchQPolicy, CallingPolicy, PriorityFifoPolicy, make_policy
from server.domain.enums import PriorityTier
from server.domain.errors import InvalidInput
from server.domain.queue import CounterView, QueuedTicket, QueueSnapshot, ServiceProfile
from server.domain.urgency_policy import UrgencyWeights

NOW = 1_800_000_000.0
MIN = 60.0
SERVICES = {
    "cash": ServiceProfile("cash", target_wait_s=5 * MIN, mean_service_s=3 * MIN),
    "account": ServiceProfile("account", target_wait_s=10 * MIN, mean_service_s=12 * MIN),
    "loan": ServiceProfile("loan", target_wait_s=20 * MIN, mean_service_s=25 * MIN),
}
UNSTAGED = {"wait_goal_s": 0.0, "past_target_factor": 1.0, "wait_cap_s": 0.0}
"""No branch goal, no reduced urgency past target, no cap: the plain wait / target ratio."""
PLAIN = UrgencyWeights(primary_service_bonus=0.0, scarcity_weight=0.0, speed_exponent=0.0, **UNSTAGED)
"""Pure wait/target ordering, so a test can isolate one adjustment at a time."""
STAGED = UrgencyWeights(primary_service_bonus=0.0, scarcity_weight=0.0, speed_exponent=0.0)
"""The default goal (7 min), past-target factor and cap (30 min) without the counter's weights."""


def ticket(
    ticket_id: int,
    service: str = "cash",
    waited_min: float = 0.0,
    tier: PriorityTier = PriorityTier.REGULAR,
    **extra: object,
) -> QueuedTicket:
    return QueuedTicket(ticket_id, service, NOW - waited_min * MIN, tier, **extra)  # type: ignore[arg-type]


def snapshot(*tickets: QueuedTicket, counters: tuple[CounterView, ...] = ()) -> QueueSnapshot:
    ordered = sorted(tickets, key=lambda t: t.arrived_at)
    return QueueSnapshot(now=NOW, waiting=ordered, services=SERVICES, open_counters=counters)


UNIVERSAL = CounterView(1, ("cash", "account", "loan"))


def called(
    policy: CallingPolicy, counter: CounterView, *tickets: QueuedTicket, others: tuple = ()
) -> int | None:
    decision = policy.choose(counter, snapshot(*tickets, counters=(counter, *others)))
    return None if decision is None else decision.ticket_id


class TestRegistry:
    def test_both_policies_are_selectable_by_name(self) -> None:
        assert set(POLICIES) >= {"fifo", "branchq"}
        assert isinstance(make_policy("fifo"), PriorityFifoPolicy)
        assert isinstance(make_policy("branchq"), BranchQPolicy)
        assert isinstance(make_policy("branchq"), CallingPolicy)

    def test_unknown_policy_is_refused_with_the_choices(self) -> None:
        with pytest.raises(InvalidInput, match="branchq") as caught:
            make_policy("smart")
        assert caught.value.field == "calling_policy"


class TestFifoBaseline:
    def test_priority_tier_first_then_arrival(self) -> None:
        fifo = PriorityFifoPolicy()
        tickets = (
            ticket(1, waited_min=30),
            ticket(2, waited_min=1, tier=PriorityTier.VIP),
            ticket(3, waited_min=2, tier=PriorityTier.PRIORITY_NEEDS),
        )
        assert called(fifo, UNIVERSAL, *tickets) == 3
        assert called(fifo, UNIVERSAL, *tickets[:2]) == 2

    def test_nobody_to_call(self) -> None:
        assert called(PriorityFifoPolicy(), CounterView(1, ("loan",)), ticket(1, "cash")) is None


class TestUrgencyOrdering:
    def test_same_service_is_first_come_first_served(self) -> None:
        policy = BranchQPolicy()
        assert called(policy, UNIVERSAL, ticket(1, waited_min=2), ticket(2, waited_min=7), ticket(3)) == 2

    def test_wait_is_weighed_against_the_service_target(self) -> None:
        # cash waited 4 of 5 min (0.8) beats loan waited 12 of 20 min (0.6), although loan waited longer.
        policy = BranchQPolicy(PLAIN)
        assert called(policy, UNIVERSAL, ticket(1, "loan", 12), ticket(2, "cash", 4)) == 2
        assert called(policy, UNIVERSAL, ticket(1, "loan", 18), ticket(2, "cash", 4)) == 1

    def test_short_services_get_a_bounded_c_mu_boost(self) -> None:
        speedy = UrgencyWeights(
            primary_service_bonus=0.0, scarcity_weight=0.0, speed_exponent=0.5, **UNSTAGED
        )
        tickets = (ticket(1, "account", 5.5), ticket(2, "cash", 2.5))  # ratios 0.55 vs 0.5
        assert called(BranchQPolicy(PLAIN), UNIVERSAL, *tickets) == 1
        assert called(BranchQPolicy(speedy), UNIVERSAL, *tickets) == 2

    def test_ties_go_to_the_earliest_arrival_then_lowest_id(self) -> None:
        policy = BranchQPolicy(PLAIN)
        assert called(policy, UNIVERSAL, ticket(5, "cash", 0), ticket(4, "account", 0)) == 4


class TestSkills:
    def test_never_calls_outside_the_counters_skills(self) -> None:
        cash_only = CounterView(2, ("cash",))
        assert called(BranchQPolicy(), cash_only, ticket(1, "loan", 60), ticket(2, "cash", 0)) == 2
        assert called(BranchQPolicy(), cash_only, ticket(1, "loan", 60)) is None

    def test_a_ticket_transferred_to_a_counter_is_only_called_there(self) -> None:
        pinned = ticket(1, "loan", 30, target_counter_id=9)
        assert called(BranchQPolicy(), UNIVERSAL, pinned, ticket(2, "cash", 1)) == 2
        assert called(BranchQPolicy(), CounterView(9, ("cash",)), pinned, ticket(2, "cash", 1)) == 1

    def test_primary_service_wins_a_close_call(self) -> None:
        account_first = CounterView(1, ("account", "cash"))
        weights = UrgencyWeights(
            primary_service_bonus=0.2, scarcity_weight=0.0, speed_exponent=0.0, **UNSTAGED
        )
        tickets = (ticket(1, "cash", 5.0), ticket(2, "account", 9.0))  # 1.0 vs 0.9 * 1.2
        assert called(BranchQPolicy(weights), account_first, *tickets) == 2
        assert called(BranchQPolicy(PLAIN), account_first, *tickets) == 1

    def test_preference_does_not_beat_a_customer_far_past_target(self) -> None:
        account_first = CounterView(1, ("account", "cash"))
        tickets = (ticket(1, "cash", 8.0), ticket(2, "account", 9.0))  # 1.6 vs 1.08
        unstaged = UrgencyWeights(speed_exponent=0.0, **UNSTAGED)
        assert called(BranchQPolicy(unstaged), account_first, *tickets) == 1

    def test_scarce_skill_is_used_where_only_this_counter_has_it(self) -> None:
        # Three cash tellers could take the cash customer; only this counter can do the account.
        tellers = tuple(CounterView(10 + i, ("cash",)) for i in range(3))
        flexible = CounterView(1, ("cash", "account"))
        weights = UrgencyWeights(
            primary_service_bonus=0.0, scarcity_weight=0.5, speed_exponent=0.0, **UNSTAGED
        )
        tickets = (ticket(1, "cash", 5.5), ticket(2, "account", 10.0))  # 1.1 * 1.125 vs 1.0 * 1.5
        assert called(BranchQPolicy(weights), flexible, *tickets, others=tellers) == 2
        assert called(BranchQPolicy(PLAIN), flexible, *tickets, others=tellers) == 1


class TestAppointments:
    FREE_SOON = CounterView(2, ("account",), busy_until=NOW + 2 * MIN)
    """Another account counter expected free well before the slots used below."""

    def test_before_its_slot_an_appointment_is_treated_like_a_walk_in(self) -> None:
        early = ticket(1, "account", 2, appointment_at=NOW + 10 * MIN)
        earlier_walk_in = ticket(2, "account", 5)
        assert called(BranchQPolicy(), UNIVERSAL, early, earlier_walk_in, others=(self.FREE_SOON,)) == 2

    def test_an_early_appointment_is_never_worse_off_than_a_walk_in(self) -> None:
        early = ticket(1, "account", 9, appointment_at=NOW + 10 * MIN)
        later_walk_in = ticket(2, "account", 8)
        decision = BranchQPolicy().choose(
            UNIVERSAL, snapshot(early, later_walk_in, counters=(UNIVERSAL, self.FREE_SOON))
        )
        assert decision is not None and decision.ticket_id == 1
        assert decision.facts["clock"] == "wait"
        assert "appointment due in 10.0 min, waited 9.0 of 10 min target like a walk-in" in decision.reason

    def test_early_appointment_is_called_ahead_when_it_would_otherwise_be_late(self) -> None:
        early = ticket(1, "account", 1, appointment_at=NOW + 10 * MIN)
        busy_past_slot = CounterView(2, ("account",), busy_until=NOW + 20 * MIN)
        state = snapshot(early, ticket(2, "account", 8), counters=(UNIVERSAL, busy_past_slot))
        decision = BranchQPolicy().choose(UNIVERSAL, state)
        assert decision is not None and decision.ticket_id == 1
        assert decision.facts["clock"] == "ahead_of_slot"
        assert "called ahead: every other counter for it is busy past the slot" in decision.reason

    def test_expected_ends_close_to_the_slot_do_not_count_as_free(self) -> None:
        # The other counter should be free 2 min before the slot, but expected ends are uncertain.
        early = ticket(1, "account", 1, appointment_at=NOW + 10 * MIN)
        tight = CounterView(2, ("account",), busy_until=NOW + 8 * MIN)
        walk_in = ticket(2, "account", 3)
        assert called(BranchQPolicy(), UNIVERSAL, early, walk_in, others=(tight,)) == 1
        relaxed = UrgencyWeights(appointment_pull_margin_s=60)
        assert called(BranchQPolicy(relaxed), UNIVERSAL, early, walk_in, others=(tight,)) == 2

    def test_due_appointment_outranks_walk_ins_past_target(self) -> None:
        due = ticket(1, "account", 4, appointment_at=NOW - 1 * MIN)  # checked in 3 min early
        past_target = ticket(2, "account", 20)
        decision = BranchQPolicy().choose(UNIVERSAL, snapshot(due, past_target, counters=(UNIVERSAL,)))
        assert decision is not None and decision.ticket_id == 1
        assert decision.facts["clock"] == "slot"
        assert decision.facts["appointment_lateness_s"] == 60.0
        assert decision.facts["check_in_lateness_s"] == -180.0
        assert decision.reason.startswith("account: appointment 1.0 min past its slot (target 2 min)")

    def test_from_its_slot_the_wait_counts_from_the_slot(self) -> None:
        early_bird = ticket(1, "account", 5, appointment_at=NOW)
        decision = BranchQPolicy().choose(UNIVERSAL, snapshot(early_bird, counters=(UNIVERSAL,)))
        assert decision is not None
        assert decision.facts["clock"] == "slot" and decision.facts["waited_s"] == 0.0

    def test_a_late_check_in_counts_from_the_check_in(self) -> None:
        late = ticket(1, "account", 1, appointment_at=NOW - 4 * MIN)
        decision = BranchQPolicy().choose(UNIVERSAL, snapshot(late, counters=(UNIVERSAL,)))
        assert decision is not None and decision.facts["waited_s"] == 60.0
        assert decision.facts["check_in_lateness_s"] == 180.0

    def test_checking_in_far_past_the_slot_makes_a_walk_in(self) -> None:
        very_late = ticket(1, "account", 1, appointment_at=NOW - 40 * MIN)
        walk_in = ticket(2, "account", 3)
        assert called(BranchQPolicy(), UNIVERSAL, very_late, walk_in) == 2


class TestPriorityTiers:
    def test_vip_overtakes_regulars_who_arrived_within_its_head_start(self) -> None:
        weights = UrgencyWeights(vip_head_start_s=4 * MIN, **UNSTAGED)
        vip = ticket(1, "cash", 1, PriorityTier.VIP)
        assert called(BranchQPolicy(weights), UNIVERSAL, ticket(2, "cash", 4.5), vip) == 1
        assert called(BranchQPolicy(weights), UNIVERSAL, ticket(2, "cash", 5.5), vip) == 2

    def test_priority_needs_gets_the_larger_head_start(self) -> None:
        weights = UrgencyWeights(vip_head_start_s=4 * MIN, priority_needs_head_start_s=8 * MIN, **UNSTAGED)
        tickets = (ticket(1, "cash", 0, PriorityTier.VIP), ticket(2, "cash", 0, PriorityTier.PRIORITY_NEEDS))
        assert called(BranchQPolicy(weights), UNIVERSAL, *tickets) == 2

    @settings(max_examples=200, deadline=None)
    @given(
        arrivals=st.lists(
            st.tuples(
                st.floats(0, 3600), st.sampled_from(list(PriorityTier)), st.sampled_from(sorted(SERVICES))
            ),
            min_size=2,
            max_size=25,
        )
    )
    def test_same_service_overtaking_is_bounded_by_the_head_start(self, arrivals: list) -> None:
        """Unstaged, the chosen ticket arrived at most its extra head start after any same-service one."""
        weights = UrgencyWeights(**UNSTAGED)
        tickets = [
            QueuedTicket(i, service, NOW - ago, tier) for i, (ago, tier, service) in enumerate(arrivals)
        ]
        decision = BranchQPolicy(weights).choose(UNIVERSAL, snapshot(*tickets, counters=(UNIVERSAL,)))
        assert decision is not None
        chosen = tickets[decision.ticket_id]
        for other in tickets:
            if other.service_code == chosen.service_code:
                overtake_s = chosen.arrived_at - other.arrived_at
                allowed_s = weights.head_start_s(chosen.priority) - weights.head_start_s(other.priority)
                assert overtake_s <= allowed_s + 1e-6

    def test_a_regular_customer_is_served_despite_an_endless_priority_stream(self) -> None:
        """One counter, a priority-needs customer every 2 minutes, 3-minute services: overload forever.

        Unstaged, only priority customers who arrived within the head start after the regular one may go
        first, so it is called after at most head start / 2 min + 1 of them. FIFO-with-tiers never calls it.
        """
        weights = UrgencyWeights(**UNSTAGED)
        counter = CounterView(1, ("cash",))
        regular = QueuedTicket(0, "cash", NOW)
        waiting, served_first = [regular], []
        clock, arrived = NOW, 0
        for _ in range(500):
            while NOW + 2 * MIN * arrived <= clock:
                arrived += 1
                waiting.append(
                    QueuedTicket(arrived, "cash", NOW + 2 * MIN * (arrived - 1), PriorityTier.PRIORITY_NEEDS)
                )
            state = QueueSnapshot(clock, waiting, SERVICES, (counter,))
            decision = BranchQPolicy(weights).choose(counter, state)
            assert decision is not None
            if decision.ticket_id == 0:
                break
            served_first.append(next(t for t in waiting if t.ticket_id == decision.ticket_id))
            waiting = [t for t in waiting if t.ticket_id != decision.ticket_id]
            clock += 3 * MIN
        else:
            pytest.fail("the regular customer was never called")
        assert all(t.arrived_at <= NOW + weights.priority_needs_head_start_s for t in served_first)
        assert len(served_first) <= weights.priority_needs_head_start_s / (2 * MIN) + 1
        fifo_choice = PriorityFifoPolicy().choose(
            counter, QueueSnapshot(clock, waiting, SERVICES, (counter,))
        )
        assert fifo_choice is not None and fifo_choice.ticket_id != 0


class TestStagedPromises:
    """Goal, target, reduced urgency past target, and the cap that bounds the longest wait."""

    def test_a_customer_who_can_still_make_the_goal_goes_first(self) -> None:
        # account: goal 7 min, target 10. 6.5 of 7 (0.93) beats 8 of 10 (0.8), who missed the goal.
        decision = BranchQPolicy(STAGED).choose(
            UNIVERSAL, snapshot(ticket(1, "account", 8), ticket(2, "account", 6.5), counters=(UNIVERSAL,))
        )
        assert decision is not None and decision.ticket_id == 2
        assert decision.facts["stage"] == "goal" and decision.facts["target_s"] == 420.0
        assert decision.reason.startswith("account: waited 6.5 of 7 min branch wait goal")
        assert (
            called(BranchQPolicy(PLAIN), UNIVERSAL, ticket(1, "account", 8), ticket(2, "account", 6.5)) == 1
        )

    def test_a_service_with_a_target_inside_the_goal_is_held_to_its_target(self) -> None:
        decision = BranchQPolicy(STAGED).choose(
            UNIVERSAL, snapshot(ticket(1, "cash", 4), counters=(UNIVERSAL,))
        )
        assert decision is not None and decision.facts["stage"] == "target"
        assert decision.facts["target_s"] == 300.0

    def test_past_its_target_a_customer_yields_to_one_who_can_still_make_it(self) -> None:
        far_past, close = ticket(1, "account", 14), ticket(2, "account", 9)  # 0.6 x 1.4 vs 0.9
        decision = BranchQPolicy(STAGED).choose(UNIVERSAL, snapshot(far_past, close, counters=(UNIVERSAL,)))
        assert decision is not None and decision.ticket_id == 2
        alone = BranchQPolicy(STAGED).choose(UNIVERSAL, snapshot(far_past, counters=(UNIVERSAL,)))
        assert alone is not None and alone.facts["stage"] == "past_target"
        assert alone.reason.startswith("account: waited 14.0 min, past its 10 min target")

    def test_a_head_start_never_moves_anyone_into_a_lower_stage(self) -> None:
        # A fresh priority-needs customer (15 min credited) stays in the goal stage and goes first.
        elderly = ticket(1, "account", 0.5, PriorityTier.PRIORITY_NEEDS)
        decision = BranchQPolicy(STAGED).choose(
            UNIVERSAL, snapshot(elderly, ticket(2, "account", 6.5), counters=(UNIVERSAL,))
        )
        assert decision is not None and decision.ticket_id == 1 and decision.facts["stage"] == "goal"

    def test_but_its_urgency_keeps_growing(self) -> None:
        assert (
            called(BranchQPolicy(STAGED), UNIVERSAL, ticket(1, "account", 20), ticket(2, "account", 9)) == 1
        )

    def test_an_overdue_customer_goes_before_any_other_walk_in_longest_first(self) -> None:
        overdue = ticket(1, "loan", 31)  # 31 min against a 30-min cap
        longer_overdue = ticket(2, "cash", 35)
        others = (ticket(3, "account", 6.5, PriorityTier.PRIORITY_NEEDS), ticket(4, "cash", 4.9))
        decision = BranchQPolicy().choose(UNIVERSAL, snapshot(overdue, *others, counters=(UNIVERSAL,)))
        assert decision is not None and decision.ticket_id == 1
        assert decision.facts["stage"] == "overdue" and decision.facts["precedence"] == "overdue"
        assert decision.facts["urgency"] == pytest.approx(31 / 30, abs=1e-4)
        assert "past the wait cap: overdue, called first; first of 3 eligible" in decision.reason
        assert called(BranchQPolicy(), UNIVERSAL, overdue, longer_overdue, *others) == 2

    def test_a_due_appointment_goes_before_overdue_walk_ins(self) -> None:
        due = ticket(1, "account", 4, appointment_at=NOW - 5 * MIN)  # checked in 1 min after its slot
        decision = BranchQPolicy().choose(
            UNIVERSAL, snapshot(ticket(2, "cash", 40), due, counters=(UNIVERSAL,))
        )
        assert decision is not None and decision.ticket_id == 1
        assert decision.facts["precedence"] == "due_appointment"
        early = ticket(1, "account", 4, appointment_at=NOW + 5 * MIN)
        assert called(BranchQPolicy(), UNIVERSAL, ticket(2, "cash", 40), early) == 2

    @settings(max_examples=200, deadline=None)
    @given(
        arrivals=st.lists(
            st.tuples(
                st.floats(0, 3600), st.sampled_from(list(PriorityTier)), st.sampled_from(sorted(SERVICES))
            ),
            min_size=2,
            max_size=25,
        )
    )
    def test_nobody_is_passed_over_past_the_cap(self, arrivals: list) -> None:
        """Whenever someone has waited the cap, the longest-waiting customer is the one called."""
        tickets = [
            QueuedTicket(i, service, NOW - ago, tier) for i, (ago, tier, service) in enumerate(arrivals)
        ]
        decision = BranchQPolicy().choose(UNIVERSAL, snapshot(*tickets, counters=(UNIVERSAL,)))
        assert decision is not None
        longest = max(t.waited(NOW) for t in tickets)
        if longest >= UrgencyWeights().wait_cap_s:
            assert tickets[decision.ticket_id].waited(NOW) == longest

    def test_an_endless_stream_of_fresher_customers_cannot_starve_anyone(self) -> None:
        """One counter, a fresh cash customer each 2 minutes, 3-minute services: the regular one who
        missed the target is overtaken by fresher ones, but only until the cap."""
        weights = UrgencyWeights()
        counter = CounterView(1, ("cash",))
        waiting = [QueuedTicket(0, "cash", NOW)]
        clock, arrived = NOW, 0
        while True:
            while NOW + 2 * MIN * arrived <= clock:
                arrived += 1
                waiting.append(QueuedTicket(arrived, "cash", NOW + 2 * MIN * (arrived - 1)))
            decision = BranchQPolicy(weights).choose(
                counter, QueueSnapshot(clock, waiting, SERVICES, (counter,))
            )
            assert decision is not None
            if decision.ticket_id == 0:
                break
            waiting = [t for t in waiting if t.ticket_id != decision.ticket_id]
            clock += 3 * MIN
        assert weights.past_target_factor * (clock - NOW) / SERVICES["cash"].target_wait_s < 2.5
        assert clock - NOW <= weights.wait_cap_s + 3 * MIN


class TestTransfers:
    def test_transferred_ticket_keeps_its_original_arrival(self) -> None:
        transferred = ticket(1, "account", 6, enqueued_at=NOW - 30)
        fresh = ticket(2, "account", 5)
        assert called(BranchQPolicy(), UNIVERSAL, transferred, fresh) == 1


class TestExplanation:
    def test_reason_and_facts_say_why(self) -> None:
        tickets = (ticket(1, "cash", 0.5, PriorityTier.VIP), ticket(2, "account", 3))
        decision = BranchQPolicy().choose(UNIVERSAL, snapshot(*tickets, counters=(UNIVERSAL,)))
        assert decision is not None and decision.policy == "branchq"
        assert decision.reason.startswith("cash: waited 0.5 of 5 min target; vip head start 4 min")
        assert "most urgent of 2 eligible" in decision.reason
        facts = decision.facts
        assert facts["waited_s"] == 30.0 and facts["target_s"] == 300.0 and facts["head_start_s"] == 240.0
        assert facts["stage"] == "target"
        expected = (
            (30 + 240) / 300 * facts["preference_factor"] * facts["scarcity_factor"] * facts["speed_factor"]
        )
        assert facts["urgency"] == pytest.approx(expected, abs=1e-3)
        assert facts["runner_up_ticket_id"] == 2 and facts["runner_up_urgency"] < facts["urgency"]
        assert facts["counters_for_service"] == 1 and facts["eligible"] == 2

    def test_unknown_service_is_a_clear_error(self) -> None:
        with pytest.raises(InvalidInput, match="unknown service 'fx'"):
            BranchQPolicy().choose(CounterView(1, ("fx",)), snapshot(ticket(1, "fx", 1)))

    def test_a_goal_or_a_reduced_past_target_urgency_needs_a_cap(self) -> None:
        with pytest.raises(InvalidInput, match="needs a wait cap") as caught:
            UrgencyWeights(wait_cap_s=0.0)
        assert caught.value.field == "wait_cap_s"
        with pytest.raises(InvalidInput, match="at most 1"):
            UrgencyWeights(past_target_factor=1.5)

    def test_negative_weights_are_refused(self) -> None:
        with pytest.raises(InvalidInput) as caught:
            UrgencyWeights(vip_head_start_s=-1)
        assert caught.value.field == "vip_head_start_s"
