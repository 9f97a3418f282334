"""The shape every wait predictor shares: the estimate it gives and the hooks it learns from.

Predictors are told what the server sees, when the server sees it: the line as re-estimated, a ticket
issued, a ticket called (its real wait), a service finished (its real duration), a ticket found abandoned
(a silent leaver skipped at call time, or a cancellation). They never see the future they predict, and
they learn only in these `observe_*` hooks: `predict` changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from .enums import PriorityTier
from .queue import CounterView, QueuedTicket, QueueSnapshot


@dataclass(frozen=True, slots=True)
class WaitEstimate:
    expected_s: float
    """Expected remaining wait from the snapshot's `now` until the ticket is called."""
    low_s: float
    """Lower end of the 80% interval (10th percentile)."""
    high_s: float
    """Upper end of the 80% interval (90th percentile)."""
    position: int
    """People ahead of this ticket who will be called before it (as far as the predictor can tell)."""


@runtime_checkable
class WaitPredictor(Protocol):
    name: str

    def predict(self, snapshot: QueueSnapshot) -> dict[int, WaitEstimate | None]:
        """Estimate per waiting ticket id; None where nobody open can serve it. Changes no state: the same
        snapshot asked twice gets the same answer, and any thread may ask while the branch's lock is held."""
        ...

    def observe_queue(self, snapshot: QueueSnapshot) -> dict[int, WaitEstimate | None]:
        """The server published estimates for this line: learn what the line shows (each ticket's first
        estimate, pauses) and return those estimates (what `predict(snapshot)` answers afterwards)."""
        ...

    def observe_arrival(self, ticket: QueuedTicket) -> None:
        """A ticket was issued (or an appointment checked in); arrival rates are learned from these."""
        ...

    def observe_service(
        self, service_code: str, counter_id: int, started_at: float, duration_s: float
    ) -> None:
        """A service ended after `duration_s` seconds."""
        ...

    def observe_wait(self, ticket: QueuedTicket, called_at: float) -> None:
        """A ticket was called and its holder came (its real wait is `called_at - ticket.arrived_at`)."""
        ...

    def observe_abandonment(self, ticket: QueuedTicket, at: float) -> None:
        """A ticket turned out to have left (no-show at call, or cancelled)."""
        ...


class LearningHooks:
    """No-op `observe_*` methods for predictors that do not learn."""

    def observe_queue(self, snapshot: QueueSnapshot) -> dict[int, WaitEstimate | None]:
        return self.predict(snapshot)  # type: ignore[attr-defined]  (mixed into a predictor)

    def observe_arrival(self, ticket: QueuedTicket) -> None:
        return None

    def observe_service(
        self, service_code: str, counter_id: int, started_at: float, duration_s: float
    ) -> None:
        return None

    def observe_wait(self, ticket: QueuedTicket, called_at: float) -> None:
        return None

    def observe_abandonment(self, ticket: QueuedTicket, at: float) -> None:
        return None


_RANK = {tier: tier.rank for tier in PriorityTier}


def baseline_order(ticket: QueuedTicket) -> tuple[int, float, int]:
    """Priority tier, then arrival: the order the field's baseline policy calls tickets in."""
    return (_RANK[ticket.priority], ticket.arrived_at, ticket.ticket_id)


def people_ahead(ticket: QueuedTicket, snapshot: QueueSnapshot) -> int:
    """Waiting tickets of the same service that the baseline order puts before `ticket`."""
    key = baseline_order(ticket)
    return sum(
        1
        for other in snapshot.waiting
        if other.service_code == ticket.service_code and baseline_order(other) < key
    )


def positions_by_service(snapshot: QueueSnapshot) -> dict[int, int]:
    """`people_ahead` for every waiting ticket at once, in O(n log n)."""
    counts: dict[str, int] = {}
    positions: dict[int, int] = {}
    for ticket in sorted(snapshot.waiting, key=baseline_order):
        position = counts.get(ticket.service_code, 0)
        positions[ticket.ticket_id] = position
        counts[ticket.service_code] = position + 1
    return positions


def is_idle(counter: CounterView, now: float) -> bool:
    """A counter with no current service; the simulator and server mark busy ones with `busy_until`."""
    return counter.busy_until is None or counter.busy_until <= now
