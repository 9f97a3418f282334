"""The four textbook delay predictors BranchQ is measured against (see docs: queueing research notes).

    QL   people ahead / (open counters x service rate): MSE-optimal in M/M/s, blind to silent leavers
    QLm  QL with abandonment (Erlang A): sum over the line of 1 / (s*mu + i*theta)
    LES  the wait of the last customer of the service to enter service
    HOL  how long the head of the service's line has waited so far

All four read the line as the server shows it: tickets, ghosts included. A ticket that an idle counter
can take at once gets 0 from every rule. Each learns its 80% interval from its own past errors.
"""

from __future__ import annotations

from .queue import QueuedTicket, QueueSnapshot
from .wait_calibration import CalibratedPredictor
from .wait_learning import Abandonment
from .wait_model import is_idle, positions_by_service


def _capacity(snapshot: QueueSnapshot, service_code: str) -> tuple[int, int]:
    """(open counters offering the service, how many of them are idle now)."""
    counters = snapshot.counters_serving(service_code)
    return len(counters), sum(1 for c in counters if is_idle(c, snapshot.now))


class _LineRule(CalibratedPredictor):
    """Shared frame: work out position and capacity, then let the rule turn them into a delay."""

    def point_estimates(self, snapshot: QueueSnapshot, learn: bool = False) -> dict[int, tuple[float, int] | None]:
        positions = positions_by_service(snapshot)
        line = self.prepare(snapshot)
        points: dict[int, tuple[float, int] | None] = {}
        capacity: dict[str, tuple[int, int]] = {}
        for ticket in snapshot.waiting:
            if ticket.service_code not in capacity:
                capacity[ticket.service_code] = _capacity(snapshot, ticket.service_code)
            counters, idle = capacity[ticket.service_code]
            position = positions[ticket.ticket_id]
            if counters == 0:
                points[ticket.ticket_id] = None
            elif position < idle:
                points[ticket.ticket_id] = (0.0, position)
            else:
                points[ticket.ticket_id] = (self.delay(ticket, position - idle, counters, snapshot, line), position)
        return points

    def prepare(self, snapshot: QueueSnapshot) -> object:
        """What a rule works out once per snapshot (handed to every `delay` call)."""
        return None

    def delay(
        self, ticket: QueuedTicket, excess: int, counters: int, snapshot: QueueSnapshot, line: object = None
    ) -> float:
        """Delay of a ticket with `excess` people ahead beyond the idle counters (0 = next in line)."""
        raise NotImplementedError


class QueueLengthPredictor(_LineRule):
    """QL: (n + 1) / (s * mu), with the service's configured mean service time."""

    name = "ql"

    def delay(
        self, ticket: QueuedTicket, excess: int, counters: int, snapshot: QueueSnapshot, line: object = None
    ) -> float:
        return (excess + 1) * snapshot.services[ticket.service_code].mean_service_s / counters


class AbandonmentAwareQueueLengthPredictor(_LineRule):
    """QLm: sum_{i=0..n} 1 / (s*mu + i*theta), theta learned from tickets found abandoned."""

    name = "qlm"

    def __init__(self) -> None:
        super().__init__()
        self.abandonment = Abandonment()

    def delay(
        self, ticket: QueuedTicket, excess: int, counters: int, snapshot: QueueSnapshot, line: object = None
    ) -> float:
        service_rate = counters / snapshot.services[ticket.service_code].mean_service_s
        theta = self.abandonment.rate_per_s
        return sum(1.0 / (service_rate + i * theta) for i in range(excess + 1))

    def observe_wait(self, ticket: QueuedTicket, called_at: float) -> None:
        super().observe_wait(ticket, called_at)
        self.abandonment.observe(ticket.waited(called_at), abandoned=False)

    def observe_abandonment(self, ticket: QueuedTicket, at: float) -> None:
        super().observe_abandonment(ticket, at)
        self.abandonment.observe(ticket.waited(at), abandoned=True)


class LastToEnterServicePredictor(_LineRule):
    """LES: the wait of the service's last customer to be called (0 before anyone was)."""

    name = "les"

    def __init__(self) -> None:
        super().__init__()
        self._last_wait: dict[str, float] = {}

    def delay(
        self, ticket: QueuedTicket, excess: int, counters: int, snapshot: QueueSnapshot, line: object = None
    ) -> float:
        return self._last_wait.get(ticket.service_code, 0.0)

    def observe_wait(self, ticket: QueuedTicket, called_at: float) -> None:
        super().observe_wait(ticket, called_at)
        self._last_wait[ticket.service_code] = ticket.waited(called_at)


class HeadOfLinePredictor(_LineRule):
    """HOL: how long the oldest waiting ticket of the service has waited; QL's value for the head itself."""

    name = "hol"

    def prepare(self, snapshot: QueueSnapshot) -> dict[str, QueuedTicket]:
        heads: dict[str, QueuedTicket] = {}
        for ticket in snapshot.waiting:
            head = heads.get(ticket.service_code)
            if head is None or ticket.arrived_at < head.arrived_at:
                heads[ticket.service_code] = ticket
        return heads

    def delay(
        self, ticket: QueuedTicket, excess: int, counters: int, snapshot: QueueSnapshot, line: object = None
    ) -> float:
        head = line[ticket.service_code]  # type: ignore[index]
        if head.ticket_id == ticket.ticket_id:
            return snapshot.services[ticket.service_code].mean_service_s / counters
        return head.waited(snapshot.now)
