"""A read-only snapshot of a branch's queue, the common input of calling policies and wait predictors.

The server builds it from the database; the branch simulator builds it from simulated customers. Both
then hand the *same* policy and predictor objects the same kind of snapshot, so what the benchmark
measures is what the branch runs. Times are epoch seconds (floats) so the simulator stays fast.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .enums import PriorityTier


@dataclass(frozen=True, slots=True)
class ServiceProfile:
    """What the queue needs to know of a service."""

    code: str
    target_wait_s: float
    mean_service_s: float


@dataclass(frozen=True, slots=True)
class QueuedTicket:
    """A waiting ticket as policies and predictors see it (no personal data)."""

    ticket_id: int
    service_code: str
    arrived_at: float
    """When the customer first took a ticket; a transfer keeps it, so waits count from here."""
    priority: PriorityTier = PriorityTier.REGULAR
    appointment_at: float | None = None
    """Slot start of a checked-in appointment, if any."""
    target_counter_id: int | None = None
    """Set when the ticket was transferred to one specific counter: only that counter may call it."""
    enqueued_at: float | None = None
    """When it (re)entered the waiting line: arrival, or the moment of its last transfer."""
    line_after: frozenset[int] = frozenset()
    """Set when a customer who missed their call came back: the tickets then ahead of them. Policies
    call it right after the last of these still waiting, before anyone else (see `missed_call`)."""
    awaiting_arrival: bool = False
    """A remote ticket whose customer has not checked in at the branch yet: it keeps its place in the line
    (and in every estimate) but no counter calls it (`eligible_for`; see `server.domain.remote`)."""

    def waited(self, now: float) -> float:
        return max(0.0, now - self.arrived_at)


@dataclass(frozen=True, slots=True)
class CounterView:
    """An open counter and its skills, most preferred service first."""

    counter_id: int
    services: tuple[str, ...]
    busy_until: float | None = None
    """Expected end of the current service (None when idle or unknown)."""
    serving_service_code: str | None = None
    """Service of the ticket being served right now (None when idle); lets a predictor use what it learned."""
    serving_since: float | None = None
    """When the current service started (None when idle): a long-running service has more left to run."""

    def serves(self, ticket: QueuedTicket) -> bool:
        if ticket.target_counter_id is not None:
            return ticket.target_counter_id == self.counter_id
        return ticket.service_code in self.services


@dataclass(frozen=True, slots=True)
class QueueSnapshot:
    now: float
    waiting: Sequence[QueuedTicket]
    """Every waiting ticket of the branch, oldest arrival first."""
    services: Mapping[str, ServiceProfile]
    open_counters: Sequence[CounterView]
    """Counters that are open (including those busy serving); paused and closed ones are absent."""
    paused_counters: Sequence[CounterView] = field(default_factory=tuple)

    def eligible_for(self, counter: CounterView) -> list[QueuedTicket]:
        """The tickets `counter` may call now: those it serves whose customer is here (every policy asks this)."""
        return [t for t in self.waiting if counter.serves(t) and not t.awaiting_arrival]

    def counters_serving(self, service_code: str) -> list[CounterView]:
        return [c for c in self.open_counters if service_code in c.services]
