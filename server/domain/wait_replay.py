"""The line projected in the order the branch's own calling policy will call it.

A target-aware policy does not call in one fixed order: who goes next depends on when a counter frees
(a ticket passes its wait goal, its target, the wait cap; an appointment's slot comes) and on which
counter frees (skills, its primary service). Rather than learn an approximation of that order, a
predictor told the branch's policy replays it: counters free at their expected service ends, and each
freed counter takes the ticket the policy's own scoring ranks first for it at that moment.

Expected values only, and no future arrivals (the caller stretches the result for those, except for a
due appointment, whom no newcomer passes). The cost is
quadratic in the waiting tickets of a counter's skills, with a small constant.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from .queue import CounterView, QueuedTicket, QueueSnapshot
from .urgency_policy import CallPrecedence, ServiceTerms, UrgencyWeights, service_terms, standing_at

Projection = dict[int, tuple[float, float, int] | None]
"""Per waiting ticket: (per-counter delay, pooled delay, position in its service), None if unservable."""
CostFn = Callable[[QueuedTicket, int, float], float]
"""Expected seconds counter `counter_id` spends on a ticket it calls at absolute time `at`."""
StretchFn = Callable[[QueuedTicket, list[int]], float]


class PolicyReplay:
    """Which waiting ticket a counter freed at a given time calls, by the urgency policy's own scoring."""

    def __init__(self, snapshot: QueueSnapshot, counters: list[CounterView], weights: UrgencyWeights) -> None:
        codes = {ticket.service_code for ticket in snapshot.waiting}
        self.weights = weights
        self._open = snapshot.open_counters
        self._terms: dict[int, dict[str, ServiceTerms]] = {
            counter.counter_id: service_terms(counter, snapshot, weights, codes) for counter in counters
        }

    def next_call(
        self, counter: CounterView, remaining: list[QueuedTicket], at: float, free_at: Mapping[int, float]
    ) -> tuple[QueuedTicket, CallPrecedence] | None:
        """The ticket `counter` calls at `at` among `remaining` (highest precedence, urgency, then
        earliest), and its precedence; `free_at` says when each counter is expected free."""
        terms = self._terms[counter.counter_id]
        best, best_key = None, None
        for ticket in remaining:
            if not counter.serves(ticket):
                continue
            pulled = ticket.appointment_at is not None and self._others_busy_past_slot(
                ticket, counter, free_at
            )
            precedence, urgency = standing_at(ticket, at, terms[ticket.service_code], self.weights, pulled)
            key = (precedence, urgency, -ticket.arrived_at, -ticket.ticket_id)
            if best_key is None or key > best_key:
                best, best_key = ticket, key
        return None if best is None else (best, best_key[0])

    def _others_busy_past_slot(
        self, ticket: QueuedTicket, counter: CounterView, free_at: Mapping[int, float]
    ) -> bool:
        assert ticket.appointment_at is not None
        free_by = ticket.appointment_at - self.weights.appointment_pull_margin_s
        return all(
            free_at[other.counter_id] > free_by
            for other in self._open
            if other.counter_id != counter.counter_id and other.serves(ticket)
        )


def replay_projection(
    snapshot: QueueSnapshot,
    residual: Mapping[int, float],
    weights: UrgencyWeights,
    cost: CostFn,
    stretch: StretchFn,
) -> Projection:
    """Per-counter and pooled delay of every waiting ticket when counters call in the policy's order.

    `residual` holds, per open or paused counter, the seconds until it is expected free. The ticket a
    counter calls waits until that counter frees (per-counter view); the pooled view spreads the work
    ahead over every counter able to serve it, as the list-scheduling projection does.
    """
    counters = {c.counter_id: c for c in (*snapshot.open_counters, *snapshot.paused_counters)}
    open_ids = [c.counter_id for c in snapshot.open_counters]
    points: Projection = {}
    remaining: list[QueuedTicket] = []
    for ticket in snapshot.waiting:
        if any(counters[i].serves(ticket) for i in open_ids):
            remaining.append(ticket)
        else:
            points[ticket.ticket_id] = None
    replay = PolicyReplay(snapshot, list(counters.values()), weights)
    free = dict(residual)
    free_at = {i: snapshot.now + delay for i, delay in free.items()}
    active = {i for i, counter in counters.items() if any(counter.serves(t) for t in remaining)}
    seen: dict[str, int] = {}
    while remaining and active:
        counter_id = min(active, key=lambda i: (free[i], i))
        call = replay.next_call(counters[counter_id], remaining, free_at[counter_id], free_at)
        if call is None:
            active.discard(counter_id)
            continue
        ticket, precedence = call
        remaining.remove(ticket)
        able = [i for i, counter in counters.items() if counter.serves(ticket)]
        per_counter = free[counter_id]
        pooled = _pooled_delay(able, residual, free)
        free[counter_id] += cost(ticket, counter_id, snapshot.now + 0.5 * (per_counter + pooled))
        free_at[counter_id] = snapshot.now + free[counter_id]
        position = seen.get(ticket.service_code, 0)
        seen[ticket.service_code] = position + 1
        factor = 1.0 if precedence is CallPrecedence.DUE_APPOINTMENT else stretch(ticket, able)
        points[ticket.ticket_id] = (per_counter * factor, pooled * factor, position)
    return points


def _pooled_delay(able: list[int], residual: Mapping[int, float], free: Mapping[int, float]) -> float:
    """First able counter free (exponential residuals pooled), then the able counters share the work."""
    first_free = 0.0 if min(residual[i] for i in able) <= 0.0 else 1.0 / sum(1.0 / residual[i] for i in able)
    return first_free + sum(free[i] - residual[i] for i in able) / len(able)
