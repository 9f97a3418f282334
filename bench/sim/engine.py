"""One simulated branch day: a discrete-event simulation driving the server's own policy and predictors.

The engine keeps the truth (who is still in the lobby, how long each service really takes) and shows
the domain objects only what the server would see: a `QueueSnapshot` of tickets and counters. A
customer whose patience ran out leaves silently and their ticket stays in the line as a ghost until a
counter calls it; the call then costs `no_show_skip_s` and the predictor hears `observe_abandonment`.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import IntEnum

from server.domain.calling import CallingPolicy
from server.domain.enums import CounterState
from server.domain.prediction import WaitEstimate, WaitPredictor
from server.domain.queue import CounterView, QueuedTicket, QueueSnapshot, ServiceProfile

from .customers import DAY_SECONDS, Customer
from .errors import SimulationError
from .scenario import CounterSpec, Scenario


class _Kind(IntEnum):
    """Event kinds; at equal times the lower value is handled first."""

    SERVICE_END = 0
    COUNTER_OPEN = 1
    BREAK_END = 2
    BREAK_START = 3
    COUNTER_CLOSE = 4
    ARRIVAL = 5


@dataclass(slots=True)
class Outcome:
    """What happened to one customer under one policy."""

    customer: Customer
    called_at: float | None = None
    """When a counter called their ticket (for a ghost: when it was skipped); None if never called."""
    counter_id: int | None = None
    abandoned: bool = False
    predictions: dict[str, WaitEstimate | None] = field(default_factory=dict)
    """Each predictor's estimate made when the ticket was issued."""

    @property
    def wait_s(self) -> float | None:
        return None if self.called_at is None else self.called_at - self.customer.arrival_s

    @property
    def served(self) -> bool:
        return self.called_at is not None and not self.abandoned


@dataclass(slots=True)
class _Counter:
    spec: CounterSpec
    state: CounterState = CounterState.CLOSED
    serving: Customer | None = None
    started_at: float = 0.0
    busy: bool = False
    pause_after_service: bool = False
    close_after_service: bool = False
    idle_since: float = 0.0


def service_profiles(scenario: Scenario) -> dict[str, ServiceProfile]:
    """What the branch configured for each service, as the server would know it."""
    return {
        s.code: ServiceProfile(
            code=s.code, target_wait_s=s.target_wait_min * 60.0, mean_service_s=s.mean_service_min * 60.0
        )
        for s in scenario.services
    }


class BranchDay:
    """Simulate one day of `customers` under `policy`, telling `predictors` what the server would."""

    def __init__(
        self,
        scenario: Scenario,
        day_index: int,
        customers: Sequence[Customer],
        policy: CallingPolicy,
        predictors: Mapping[str, WaitPredictor],
    ) -> None:
        self.scenario = scenario
        self.policy = policy
        self.predictors = predictors
        self.profiles = service_profiles(scenario)
        self.day_start = day_index * DAY_SECONDS
        self.close_s = self.day_start + scenario.close_min * 60.0
        self.now = self.day_start
        self.counters = {spec.counter_id: _Counter(spec) for spec in scenario.counters}
        self.waiting: list[QueuedTicket] = []
        self.outcomes = {c.customer_id: Outcome(c) for c in customers}
        self._events: list[tuple[float, int, int, object]] = []
        self.timing: dict[str, list[float]] = {}
        """Calls and seconds spent building snapshots, in the policy and in each predictor."""
        self._sequence = 0
        for customer in customers:
            self._schedule(customer.arrival_s, _Kind.ARRIVAL, customer)
        for counter in self.counters.values():
            self._schedule_counter_day(counter.spec)

    def run(self) -> list[Outcome]:
        handlers = {
            _Kind.ARRIVAL: self._on_arrival,
            _Kind.SERVICE_END: self._on_service_end,
            _Kind.COUNTER_OPEN: self._on_open,
            _Kind.BREAK_START: self._on_break_start,
            _Kind.BREAK_END: self._on_break_end,
            _Kind.COUNTER_CLOSE: self._on_close,
        }
        while self._events:
            time, kind, _, payload = heapq.heappop(self._events)
            self.now = time
            handlers[_Kind(kind)](payload)
        return list(self.outcomes.values())

    # -- events -------------------------------------------------------------------------------------

    def _schedule(self, time: float, kind: _Kind, payload: object) -> None:
        self._sequence += 1
        heapq.heappush(self._events, (time, int(kind), self._sequence, payload))

    def _schedule_counter_day(self, spec: CounterSpec) -> None:
        self._schedule(self.day_start + spec.open_min * 60.0, _Kind.COUNTER_OPEN, spec.counter_id)
        self._schedule(self.day_start + spec.close_min * 60.0, _Kind.COUNTER_CLOSE, spec.counter_id)
        for pause in spec.breaks:
            start = self.day_start + pause.start_min * 60.0
            self._schedule(start, _Kind.BREAK_START, spec.counter_id)
            self._schedule(start + pause.duration_min * 60.0, _Kind.BREAK_END, spec.counter_id)

    def _on_arrival(self, customer: Customer) -> None:
        ticket = QueuedTicket(
            ticket_id=customer.customer_id,
            service_code=customer.service_code,
            arrived_at=customer.arrival_s,
            priority=customer.priority,
            appointment_at=customer.appointment_at,
            enqueued_at=customer.arrival_s,
        )
        self.waiting.append(ticket)
        if self.predictors:
            outcome = self.outcomes[customer.customer_id]
            for predictor in self.predictors.values():
                predictor.observe_arrival(ticket)
            snapshot = self._timed("snapshot", self.snapshot)
            for name, predictor in self.predictors.items():
                estimates = self._timed(f"predict:{name}", predictor.observe_queue, snapshot)
                outcome.predictions[name] = estimates.get(ticket.ticket_id)
        self._dispatch()

    def _on_service_end(self, counter_id: int) -> None:
        counter = self.counters[counter_id]
        customer = counter.serving
        if customer is not None:
            duration = self.now - counter.started_at
            for predictor in self.predictors.values():
                predictor.observe_service(customer.service_code, counter_id, counter.started_at, duration)
        counter.serving, counter.busy, counter.idle_since = None, False, self.now
        if counter.close_after_service:
            counter.state, counter.close_after_service, counter.pause_after_service = (
                CounterState.CLOSED,
                False,
                False,
            )
        elif counter.pause_after_service:
            counter.state, counter.pause_after_service = CounterState.PAUSED, False
        self._dispatch()

    def _on_open(self, counter_id: int) -> None:
        counter = self.counters[counter_id]
        counter.state, counter.idle_since = CounterState.OPEN, self.now
        self._dispatch()

    def _on_break_start(self, counter_id: int) -> None:
        counter = self.counters[counter_id]
        if counter.state is not CounterState.OPEN:
            return
        if counter.busy:
            counter.pause_after_service = True
        else:
            counter.state = CounterState.PAUSED

    def _on_break_end(self, counter_id: int) -> None:
        counter = self.counters[counter_id]
        counter.pause_after_service = False
        if counter.state is CounterState.PAUSED:
            counter.state, counter.idle_since = CounterState.OPEN, self.now
            self._dispatch()

    def _on_close(self, counter_id: int) -> None:
        """A counter closing with the doors stays to clear its line; one closing earlier leaves."""
        counter = self.counters[counter_id]
        if self.now >= self.close_s:
            return
        if counter.busy:
            counter.close_after_service = True
        else:
            counter.state = CounterState.CLOSED

    # -- calling ------------------------------------------------------------------------------------

    def _timed(self, what: str, function, *args):
        """Call `function` and add its run time to `timing[what]` (calls, seconds)."""
        started = time.perf_counter()
        result = function(*args)
        entry = self.timing.setdefault(what, [0, 0.0])
        entry[0] += 1
        entry[1] += time.perf_counter() - started
        return result

    def snapshot(self) -> QueueSnapshot:
        open_views, paused_views = [], []
        for counter in self.counters.values():
            if counter.state is CounterState.OPEN:
                open_views.append(self._view(counter))
            elif counter.state is CounterState.PAUSED:
                paused_views.append(self._view(counter))
        return QueueSnapshot(
            now=self.now,
            waiting=tuple(self.waiting),
            services=self.profiles,
            open_counters=tuple(open_views),
            paused_counters=tuple(paused_views),
        )

    def _view(self, counter: _Counter) -> CounterView:
        """What the server knows of a counter: skills and, when busy, what it serves since when."""
        if not counter.busy:
            return CounterView(counter.spec.counter_id, counter.spec.skills)
        code = counter.serving.service_code if counter.serving is not None else None
        expected = counter.started_at + (
            self.profiles[code].mean_service_s if code else self.scenario.no_show_skip_s
        )
        return CounterView(
            counter.spec.counter_id,
            counter.spec.skills,
            busy_until=max(expected, self.now + 1e-3),
            serving_service_code=code,
            serving_since=counter.started_at,
        )

    def _dispatch(self) -> None:
        """Every idle open counter, longest idle first, asks the policy whom to call."""
        while self.waiting:
            idle = [c for c in self.counters.values() if c.state is CounterState.OPEN and not c.busy]
            if not idle:
                return
            progressed = False
            for counter in sorted(idle, key=lambda c: (c.idle_since, c.spec.counter_id)):
                if self._call_next(counter):
                    progressed = True
                    break
            if not progressed:
                self._close_finished_counters(idle)
                return
        if self.now >= self.close_s:
            self._close_finished_counters([c for c in self.counters.values() if not c.busy])

    def _close_finished_counters(self, idle: list[_Counter]) -> None:
        if self.now < self.close_s:
            return
        for counter in idle:
            counter.state = CounterState.CLOSED

    def _call_next(self, counter: _Counter) -> bool:
        view = self._view(counter)
        decision = self._timed("policy", self.policy.choose, view, self._timed("snapshot", self.snapshot))
        if decision is None:
            return False
        ticket = next((t for t in self.waiting if t.ticket_id == decision.ticket_id), None)
        if ticket is None or not view.serves(ticket):
            raise SimulationError(
                f"policy {self.policy.name!r} called ticket {decision.ticket_id}, which counter "
                f"{counter.spec.counter_id} cannot call now"
            )
        self.waiting.remove(ticket)
        outcome = self.outcomes[ticket.ticket_id]
        outcome.called_at, outcome.counter_id = self.now, counter.spec.counter_id
        customer = outcome.customer
        counter.busy, counter.started_at = True, self.now
        if self.now - customer.arrival_s > customer.patience_s:
            outcome.abandoned = True
            for predictor in self.predictors.values():
                predictor.observe_abandonment(ticket, self.now)
            counter.serving = None
            self._schedule(
                self.now + self.scenario.no_show_skip_s, _Kind.SERVICE_END, counter.spec.counter_id
            )
        else:
            for predictor in self.predictors.values():
                predictor.observe_wait(ticket, self.now)
            counter.serving = customer
            self._schedule(
                self.now + customer.work_s / counter.spec.speed, _Kind.SERVICE_END, counter.spec.counter_id
            )
        return True


def simulate_day(
    scenario: Scenario,
    day_index: int,
    customers: Sequence[Customer],
    policy: CallingPolicy,
    predictors: Mapping[str, WaitPredictor] | None = None,
    timing: dict[str, list[float]] | None = None,
) -> list[Outcome]:
    """Run one day and return every customer's outcome (in arrival order); add run times to `timing`."""
    day = BranchDay(scenario, day_index, customers, policy, predictors or {})
    outcomes = day.run()
    if timing is not None:
        for what, (calls, seconds) in day.timing.items():
            entry = timing.setdefault(what, [0, 0.0])
            entry[0] += calls
            entry[1] += seconds
    return outcomes


__all__ = ["BranchDay", "Outcome", "SimulationError", "service_profiles", "simulate_day"]
