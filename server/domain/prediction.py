"""Waiting-time prediction: an estimate, with an 80% interval, for every waiting ticket.

Predictors share one shape: `predict(snapshot)` gives an estimate per waiting ticket; `observe_*`
lets a learning predictor update from what really happened (the baseline ignores it). The server and
the branch simulator call the same objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from .errors import InvalidInput
from .queue import QueuedTicket, QueueSnapshot


@dataclass(frozen=True, slots=True)
class WaitEstimate:
    expected_s: float
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
        """Estimate per waiting ticket id; None where nobody open can serve it."""
        ...

    def observe_service(self, service_code: str, counter_id: int, started_at: float, duration_s: float) -> None:
        """A service ended after `duration_s` seconds."""
        ...

    def observe_wait(self, ticket: QueuedTicket, called_at: float) -> None:
        """A ticket was called (its real wait is `called_at - ticket.arrived_at`)."""
        ...

    def observe_abandonment(self, ticket: QueuedTicket, at: float) -> None:
        """A ticket turned out to have left (no-show at call, or cancelled)."""
        ...


class LearningHooks:
    """No-op `observe_*` methods for predictors that do not learn."""

    def observe_service(self, service_code: str, counter_id: int, started_at: float, duration_s: float) -> None:
        return None

    def observe_wait(self, ticket: QueuedTicket, called_at: float) -> None:
        return None

    def observe_abandonment(self, ticket: QueuedTicket, at: float) -> None:
        return None


def baseline_order_key(ticket: QueuedTicket) -> tuple[int, float, int]:
    """The order the baseline policy calls a service's tickets in: tier, then arrival."""
    return (ticket.priority.rank, ticket.arrived_at, ticket.ticket_id)


def people_ahead(ticket: QueuedTicket, snapshot: QueueSnapshot) -> int:
    """Waiting tickets of the same service that the baseline order puts before `ticket`."""
    key = baseline_order_key(ticket)
    return sum(
        1
        for other in snapshot.waiting
        if other.service_code == ticket.service_code and baseline_order_key(other) < key
    )


def positions_by_service(snapshot: QueueSnapshot) -> dict[int, int]:
    """`people_ahead` for every waiting ticket at once, in O(n log n)."""
    lines: dict[str, list[QueuedTicket]] = {}
    for ticket in snapshot.waiting:
        lines.setdefault(ticket.service_code, []).append(ticket)
    positions: dict[int, int] = {}
    for line in lines.values():
        for index, ticket in enumerate(sorted(line, key=baseline_order_key)):
            positions[ticket.ticket_id] = index
    return positions


class QueueLengthPredictor(LearningHooks):
    """The field's baseline (QL): people ahead / open counters x mean service time.

    The interval is a plain +-50% band; the scheduling work replaces it with learned quantiles.
    """

    name = "ql"

    def predict(self, snapshot: QueueSnapshot) -> dict[int, WaitEstimate | None]:
        estimates: dict[int, WaitEstimate | None] = {}
        positions = positions_by_service(snapshot)
        counters_by_service = {code: len(snapshot.counters_serving(code)) for code in snapshot.services}
        for ticket in snapshot.waiting:
            counters = counters_by_service.get(ticket.service_code, 0)
            if counters == 0:
                estimates[ticket.ticket_id] = None
                continue
            ahead = positions[ticket.ticket_id]
            mean_service = snapshot.services[ticket.service_code].mean_service_s
            expected = ahead * mean_service / counters
            estimates[ticket.ticket_id] = WaitEstimate(
                expected_s=expected, low_s=0.5 * expected, high_s=1.5 * expected, position=ahead
            )
        return estimates


PREDICTORS: dict[str, type] = {QueueLengthPredictor.name: QueueLengthPredictor}


def make_predictor(name: str) -> WaitPredictor:
    try:
        return PREDICTORS[name]()
    except KeyError:
        raise InvalidInput(
            f"unknown wait predictor {name!r}; choose one of {sorted(PREDICTORS)}", field="wait_predictor"
        ) from None
