"""The calling policy and wait predictor of each branch, kept for the life of the server.

A learning predictor is only as good as what it has seen, so when a branch's engine is built it first
replays the branch's recent history from the database, in time order, through the same `observe_*`
hooks the live server calls: arrivals, waits of customers who came, service durations, and tickets
found abandoned. After that the services feed it live.

Locks: each branch has its own. Building and teaching a branch's engine holds only that branch's lock
(never one shared by all branches) and runs outside any write transaction: services fetch the engine
(`for_branch`) before they open their transaction. Every use of a predictor (`predict`, `observe_*`)
goes through `BranchEngine.predicting()`, so a request reading estimates never sees one half-taught.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db.engine import Database
from server.db.models import Appointment, Branch, Service, Ticket
from server.domain.calling import CallingPolicy, make_policy
from server.domain.enums import TicketStatus
from server.domain.errors import NotFound
from server.domain.prediction import WaitEstimate, WaitPredictor, make_predictor
from server.domain.queue import QueuedTicket, QueueSnapshot
from server.domain.service_menu import ServiceSummary
from server.services.caches import GenerationCache
from server.services.queue_state import build_snapshot, queued_ticket

HISTORY = timedelta(days=28)
NEWCOMER_IDS = 2**62


@dataclass
class BranchEngine:
    policy: CallingPolicy
    predictor: WaitPredictor
    last_pushed: dict[int, int] = field(default_factory=dict)
    """Estimate (whole seconds) last pushed per waiting ticket, to push only moves of a minute or more."""
    last_summaries: dict[str, ServiceSummary] = field(default_factory=dict)
    """The `service.summary` last pushed per service code (`server.domain.service_menu.changed_summaries`)."""
    lock: threading.Lock = field(default_factory=threading.Lock)
    """This branch's lock around its predictor (the policy keeps no state)."""

    @contextmanager
    def predicting(self) -> Iterator[WaitPredictor]:
        with self.lock:
            yield self.predictor

    def predict(self, snapshot: QueueSnapshot) -> dict[int, WaitEstimate | None]:
        with self.lock:
            return self.predictor.predict(snapshot)

    def predict_newcomers(self, snapshot: QueueSnapshot) -> dict[str, WaitEstimate | None]:
        """What a customer taking a ticket now would be told, per service code.

        One hypothetical regular ticket per service joins the snapshot (arrival now, ids after any real one),
        so the answer is the branch predictor's own, not a second formula.
        """
        newcomers = {
            NEWCOMER_IDS + index: QueuedTicket(NEWCOMER_IDS + index, code, snapshot.now, enqueued_at=snapshot.now)
            for index, code in enumerate(snapshot.services)
        }
        estimates = self.predict(replace(snapshot, waiting=(*snapshot.waiting, *newcomers.values())))
        return {ticket.service_code: estimates.get(ticket_id) for ticket_id, ticket in newcomers.items()}


@dataclass
class _Slot:
    lock: threading.Lock = field(default_factory=threading.Lock)
    key: tuple[str, str] | None = None
    engine: BranchEngine | None = None


class QueueEngines:
    """One policy and one predictor per branch, rebuilt (and re-taught) when the branch's choice changes."""

    def __init__(self, db: Database, clock: Callable[[], datetime]) -> None:
        self.db = db
        self.clock = clock
        self._slots: dict[int, _Slot] = {}
        self._slots_lock = threading.Lock()
        """Held only to find or add a branch's slot, never while building or teaching."""
        self._branches: GenerationCache[Branch] = GenerationCache(db)

    def for_branch(self, branch: Branch) -> BranchEngine:
        """The branch's engine; built and taught from history first when missing or reconfigured.

        Call it outside write transactions (teaching reads the database); inside one it is a lookup.
        """
        key = (branch.calling_policy, branch.wait_predictor)
        with self._slots_lock:
            slot = self._slots.setdefault(branch.id, _Slot())
        engine = slot.engine
        if engine is not None and slot.key == key:
            return engine
        with slot.lock:
            if slot.engine is not None and slot.key == key:
                return slot.engine
            policy = make_policy(key[0])
            engine = BranchEngine(policy, make_predictor(key[1], policy=policy))
            with engine.lock:
                teach_from_history(self.db, branch.id, engine.predictor, self.clock() - HISTORY)
            slot.engine, slot.key = engine, key
            return engine

    def for_branch_id(self, branch_id: int) -> BranchEngine:
        return self.for_branch(self.branch(branch_id))

    def branch(self, branch_id: int) -> Branch:
        """The branch's row as cached (`server.services.caches`; not in any session: read its columns only)."""
        return self._branches.get(branch_id, lambda session: _branch_by_id(session, branch_id))

    def warm_up(self) -> int:
        """Build (and teach) every active branch's engine now, so no customer waits for it; returns how many."""
        with self.db.read() as session:
            branches = session.scalars(select(Branch).where(Branch.active.is_(True))).all()
        for branch in branches:
            self.for_branch(branch)
        return len(branches)

    def estimates(self, session: Session, branch: Branch, now: datetime) -> dict[int, WaitEstimate | None]:
        return self.for_branch(branch).predict(build_snapshot(session, branch, now))

    def newcomer_estimates(
        self, session: Session, branch: Branch, now: datetime
    ) -> dict[str, WaitEstimate | None]:
        """What a customer taking a ticket now would be told, per service code (`BranchEngine.predict_newcomers`)."""
        return self.for_branch(branch).predict_newcomers(build_snapshot(session, branch, now))


def _branch_by_id(session: Session, branch_id: int) -> Branch:
    branch = session.get(Branch, branch_id)
    if branch is None:
        raise NotFound(f"branch {branch_id} does not exist", code="branch.id_not_found", params={"branch_id": branch_id})
    return branch


Observation = tuple[float, int, Callable[[], None]]


def teach_from_history(db: Database, branch_id: int, predictor: WaitPredictor, since: datetime) -> int:
    """Replay the branch's tickets issued since `since` into `predictor`; returns how many were replayed."""
    with db.read() as session:
        rows = session.execute(
            select(Ticket, Service.code, Appointment.slot_start)
            .join(Service, Service.id == Ticket.service_id)
            .outerjoin(Appointment, Appointment.id == Ticket.appointment_id)
            .where(Ticket.branch_id == branch_id, Ticket.issued_at >= since)
            .order_by(Ticket.issued_at, Ticket.id)
        ).all()
        observations = [
            item for ticket, code, slot in rows for item in _observations(predictor, ticket, code, slot)
        ]
    for _, _, observe in sorted(observations, key=lambda item: item[:2]):
        observe()
    return len(rows)


def _observations(
    predictor: WaitPredictor, ticket: Ticket, service_code: str, slot: datetime | None
) -> Iterable[Observation]:
    """The hook calls the live server made (or would have made) for this ticket, each with its time."""
    view = queued_ticket(ticket, service_code, slot)
    yield view.arrived_at, 0, lambda: predictor.observe_arrival(view)
    if ticket.first_called_at is not None and ticket.started_at is not None:
        called = ticket.first_called_at.timestamp()
        yield ticket.started_at.timestamp(), 1, lambda: predictor.observe_wait(view, called)
    if ticket.status is TicketStatus.DONE and ticket.started_at and ticket.finished_at and ticket.counter_id:
        started = ticket.started_at.timestamp()
        duration = (ticket.finished_at - ticket.started_at).total_seconds()
        counter_id = ticket.counter_id
        yield (
            ticket.finished_at.timestamp(),
            2,
            lambda: predictor.observe_service(service_code, counter_id, started, duration),
        )
    if ticket.status in (TicketStatus.NO_SHOW, TicketStatus.CANCELLED) and ticket.finished_at:
        yield (
            ticket.finished_at.timestamp(),
            3,
            lambda: predictor.observe_abandonment(view, ticket.finished_at.timestamp()),
        )
