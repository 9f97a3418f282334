"""Keeping every waiting ticket's estimate fresh, off the write path, and pushing the ones that moved.

A change to a branch commits without estimating anything. After the commit it asks the branch's
`EstimateRefresher` for a refresh (`Changes.on_commit`); the refresher re-estimates the whole line on a
snapshot of the branch's in-memory queue (`live_queue`, as of the last commit; nothing is read from the
database), outside any write transaction, and coalesces per branch: at most one
refresh runs and at most one more is queued, however many changes arrive meanwhile (a burst of 30
tickets leads to a few re-estimations, not 30).

A refresh lets the predictor learn from the line it publishes (`observe_queue`), then, in a short
transaction of its own, stores the first estimate of every new ticket (`estimated_wait_s`, what the
statistics score) and records one `estimates.changed` event with the estimates that moved by a minute or
more (or are new). So estimates stay in the gapless event log, a few events behind the change that moved
them. The same transaction records a `service.summary` event for each service whose menu line changed
(waiting count, open counters, state, or a newcomer's estimate by a minute or more; derived by the pure
`server.domain.service_menu`), so a kiosk's menu stays live from the stream. A caller that needs its own ticket's estimate (issuing, a transfer) waits for the refresh that
started after its commit (`refreshed`); many concurrent callers share one refresh.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from sqlalchemy import bindparam, update

from server.db.models import Ticket
from server.domain.enums import EventType
from server.domain.prediction import WaitEstimate
from server.domain.queue import QueueSnapshot
from server.domain.service_menu import ServiceSummary, changed_summaries, service_summaries
from server.events.hub import PublishedEvent
from server.services.queue_engines import BranchEngine, QueueEngines
from server.services.service_menu import MenuFactsReader
from server.services.unit_of_work import SYSTEM, Change, Changes

PUSH_THRESHOLD_S = 60
QUEUE_NEUTRAL_EVENTS = frozenset(
    {EventType.ESTIMATES_CHANGED.value, EventType.SERVICE_SUMMARY.value, EventType.DEVICE_HEALTH.value}
)
"""Events that move nothing in the line: a change recording only these asks for no refresh."""
DEFER_S = 0.25
"""How long a refresh asked for by a call, start or finish waits for other changes to join it: their
answers show no estimate, and a display does not notice a quarter of a second. Refreshes asked for by
changes whose answer shows one (an issue, a transfer, a return) start at once."""
DEFERRABLE = frozenset(
    {EventType.TICKET_CALLED.value, EventType.TICKET_STARTED.value, EventType.TICKET_FINISHED.value}
)
WAIT_LIMIT_S = 10.0
"""Longest a request waits for its refresh before answering without an estimate."""

log = logging.getLogger("branchq.estimates")
Estimates = dict[int, WaitEstimate | None]


@dataclass
class _BranchRefresh:
    """One branch's refresh bookkeeping; `requested` and `done` count refresh requests."""

    condition: threading.Condition = field(default_factory=threading.Condition)
    requested: int = 0
    done: int = 0
    running: bool = False
    urgent: int = 0
    """The latest request that must not wait (`DEFER_S`)."""
    latest: Estimates = field(default_factory=dict)


class EstimateRefresher:
    """Re-estimates each branch's line after commits, one refresh at a time per branch, in worker threads."""

    def __init__(self, changes: Changes, engines: QueueEngines, workers: int = 2) -> None:
        self.changes = changes
        self.engines = engines
        self._menus = MenuFactsReader(changes.db)
        self._branches: dict[int, _BranchRefresh] = {}
        self._lock = threading.Lock()
        self._workers = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="estimates")

    def committed(self, branch_id: int, events: Sequence[PublishedEvent]) -> int | None:
        """`Changes.on_commit`: ask for a refresh unless the change moved nothing in the line (it only
        published estimates or summaries, or a device's health)."""
        if all(event.type in QUEUE_NEUTRAL_EVENTS for event in events):
            return None
        return self.request(branch_id, urgent=not all(event.type in DEFERRABLE for event in events))

    def request(self, branch_id: int, *, urgent: bool = True) -> int:
        """Ask for a refresh that starts from now on (or within `DEFER_S`, unless `urgent`); returns its
        number (for `refreshed`)."""
        state = self._state(branch_id)
        with state.condition:
            state.requested += 1
            if urgent:
                state.urgent = state.requested
                state.condition.notify_all()
            if not state.running:
                state.running = True
                self._workers.submit(self._run, branch_id, state)
            return state.requested

    def refreshed(self, branch_id: int, request: int | None) -> Estimates:
        """The estimates of refresh `request` (or a later one), once it is done; {} if it never comes."""
        state = self._state(branch_id)
        with state.condition:
            if request is not None:
                state.condition.wait_for(lambda: state.done >= request, timeout=WAIT_LIMIT_S)
            return state.latest

    def settle(self) -> None:
        """Wait until no branch has a refresh running or queued (tests, shutdown)."""
        for state in list(self._branches.values()):
            with state.condition:
                state.condition.wait_for(lambda: not state.running, timeout=WAIT_LIMIT_S)  # noqa: B023

    def close(self) -> None:
        self._workers.shutdown(wait=True)

    def _state(self, branch_id: int) -> _BranchRefresh:
        with self._lock:
            return self._branches.setdefault(branch_id, _BranchRefresh())

    def _run(self, branch_id: int, state: _BranchRefresh) -> None:
        while True:
            with state.condition:
                if state.urgent <= state.done:  # only calls, starts and finishes: let more of them join
                    state.condition.wait_for(lambda: state.urgent > state.done, timeout=DEFER_S)
                target = state.requested
            try:
                self._refresh(branch_id, lambda estimates: self._publish(state, target, estimates))  # noqa: B023
            except Exception:
                log.exception("re-estimating branch %s failed", branch_id)
            with state.condition:
                state.done = max(state.done, target)
                if state.requested == target:
                    state.running = False
                state.condition.notify_all()
                if not state.running:
                    return

    @staticmethod
    def _publish(state: _BranchRefresh, target: int, estimates: Estimates) -> None:
        """Hand the new estimates to waiting callers before they are written to the log."""
        with state.condition:
            state.latest = estimates
            state.done = target
            state.condition.notify_all()

    def _refresh(self, branch_id: int, ready: Callable[[Estimates], None]) -> None:
        engine = self.engines.for_branch_id(branch_id)
        live = self.changes.live
        with live.turn(branch_id):  # the queue as of the last committed change (in memory, `live_queue`)
            state = live.state(branch_id)
            snapshot = state.snapshot(self.changes.clock().timestamp())
            numbers = state.numbers.copy()
        with engine.predicting() as predictor:
            estimates = predictor.observe_queue(snapshot)
        ready(estimates)
        moved = _moved(estimates, engine.last_pushed)
        changed = self._changed_summaries(branch_id, snapshot, engine)
        if moved or changed:
            with self.changes.begin(branch_id, actor=SYSTEM) as change:
                _record_first_estimates(change, moved, engine)
                _record_moved(change, moved, numbers)
                _record_summaries(change, changed)
        engine.last_pushed = {tid: round(e.expected_s) for tid, e in estimates.items() if e is not None}
        engine.last_summaries = {**engine.last_summaries, **{summary.service: summary for summary in changed}}

    def _changed_summaries(self, branch_id: int, snapshot: QueueSnapshot, engine: BranchEngine) -> list[ServiceSummary]:
        """The kiosk menu's lines that changed since last pushed (`server.domain.service_menu`)."""
        menu = self._menus.at(branch_id, snapshot.now)
        summaries = service_summaries(snapshot, engine.predict_newcomers(snapshot), menu.opening, menu.codes)
        return changed_summaries(summaries, engine.last_summaries, PUSH_THRESHOLD_S)


def _record_summaries(change: Change, changed: list[ServiceSummary]) -> None:
    """One `service.summary` event per changed line of the menu."""
    for summary in changed:
        change.record(EventType.SERVICE_SUMMARY, summary.as_payload())


def _record_first_estimates(change: Change, moved: dict[int, WaitEstimate], engine: BranchEngine) -> None:
    """The first estimate of each new ticket, as the statistics score it (set once, never overwritten)."""
    first = [
        {"ticket": ticket_id, "estimate": round(estimate.expected_s)}
        for ticket_id, estimate in moved.items()
        if ticket_id not in engine.last_pushed
    ]
    if first:
        table = Ticket.__table__
        change.session.connection().execute(
            update(table)
            .where(table.c.id == bindparam("ticket"), table.c.estimated_wait_s.is_(None))
            .values(estimated_wait_s=bindparam("estimate")),
            first,
        )


def _record_moved(change: Change, moved: dict[int, WaitEstimate], numbers: dict[int, str]) -> None:
    """One `estimates.changed` event for the estimates that moved by a minute or more (or are new)."""
    entries = [
        _entry(ticket_id, numbers[ticket_id], moved[ticket_id]) for ticket_id in sorted(moved) if ticket_id in numbers
    ]
    if entries:
        change.record(EventType.ESTIMATES_CHANGED, {"estimates": entries})


def _moved(estimates: Estimates, last_pushed: dict[int, int]) -> dict[int, WaitEstimate]:
    moved: dict[int, WaitEstimate] = {}
    for ticket_id, estimate in estimates.items():
        if estimate is None:
            continue
        previous = last_pushed.get(ticket_id)
        if previous is None or abs(round(estimate.expected_s) - previous) >= PUSH_THRESHOLD_S:
            moved[ticket_id] = estimate
    return moved


def _entry(ticket_id: int, number: str | None, estimate: WaitEstimate) -> dict[str, object]:
    return {
        "ticket_id": ticket_id,
        "number": number,
        "position": estimate.position,
        "estimated_wait_s": round(estimate.expected_s),
        "estimated_wait_low_s": round(estimate.low_s),
        "estimated_wait_high_s": round(estimate.high_s),
    }
