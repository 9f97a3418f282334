"""From database rows to the domain's `QueueSnapshot`, and the per-branch policy and predictor.

The policy and predictor objects live as long as the server (a learning predictor keeps what it has
learned); `QueueEngines` hands out the one configured for each branch.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from server.db.models import Appointment, Branch, Counter, CounterSkill, Service, Ticket
from server.domain.calling import CallingPolicy, make_policy
from server.domain.enums import CounterState, TicketStatus
from server.domain.prediction import WaitEstimate, WaitPredictor, make_predictor
from server.domain.queue import CounterView, QueuedTicket, QueueSnapshot, ServiceProfile


def to_epoch(moment: datetime | None) -> float | None:
    return None if moment is None else moment.timestamp()


def queued_ticket(ticket: Ticket, appointment_at: datetime | None = None) -> QueuedTicket:
    return QueuedTicket(
        ticket_id=ticket.id,
        service_code=ticket.service.code,
        arrived_at=ticket.arrived_at.timestamp(),
        priority=ticket.priority,
        appointment_at=to_epoch(appointment_at),
        target_counter_id=ticket.target_counter_id,
        enqueued_at=ticket.enqueued_at.timestamp(),
    )


def service_profile(service: Service) -> ServiceProfile:
    return ServiceProfile(
        code=service.code,
        target_wait_s=service.target_wait_min * 60.0,
        mean_service_s=service.expected_service_min * 60.0,
    )


def counter_view(counter: Counter, busy_until: float | None = None) -> CounterView:
    return CounterView(
        counter_id=counter.id,
        services=tuple(skill.service.code for skill in counter.skills if skill.service.active),
        busy_until=busy_until,
    )


def build_snapshot(session: Session, branch: Branch, now: datetime) -> QueueSnapshot:
    """Read the branch's queue with light column queries: it runs on every change, queue of any length."""
    services = session.scalars(select(Service).where(Service.branch_id == branch.id)).all()
    profiles = {service.code: service_profile(service) for service in services}
    codes = {service.id: service.code for service in services}
    active_codes = {service.id: service.code for service in services if service.active}
    busy = _busy_until(session, branch.id, codes, profiles)
    skills = _staffed_counter_skills(session, branch.id, active_codes)
    return QueueSnapshot(
        now=now.timestamp(),
        waiting=_waiting(session, branch.id, codes),
        services=profiles,
        open_counters=tuple(
            CounterView(counter_id, tuple(served), busy.get(counter_id))
            for (counter_id, state), served in skills.items()
            if state is CounterState.OPEN
        ),
        paused_counters=tuple(
            CounterView(counter_id, tuple(served)) for (counter_id, state), served in skills.items()
            if state is CounterState.PAUSED
        ),
    )


def _staffed_counter_skills(
    session: Session, branch_id: int, active_codes: dict[int, str]
) -> dict[tuple[int, CounterState], list[str]]:
    """Open and paused counters with their active services, most preferred first (one query)."""
    rows = session.execute(
        select(Counter.id, Counter.state, CounterSkill.service_id)
        .outerjoin(CounterSkill, CounterSkill.counter_id == Counter.id)
        .where(
            Counter.branch_id == branch_id,
            Counter.active.is_(True),
            Counter.state.in_([CounterState.OPEN, CounterState.PAUSED]),
        )
        .order_by(Counter.number, CounterSkill.rank)
    ).all()
    skills: dict[tuple[int, CounterState], list[str]] = {}
    for counter_id, state, service_id in rows:
        served = skills.setdefault((counter_id, state), [])
        if service_id in active_codes:
            served.append(active_codes[service_id])
    return skills


def _waiting(session: Session, branch_id: int, codes: dict[int, str]) -> tuple[QueuedTicket, ...]:
    rows = session.execute(
        select(
            Ticket.id, Ticket.service_id, Ticket.arrived_at, Ticket.priority,
            Appointment.slot_start, Ticket.target_counter_id, Ticket.enqueued_at,
        )
        .outerjoin(Appointment, Appointment.id == Ticket.appointment_id)
        .where(Ticket.branch_id == branch_id, Ticket.status == TicketStatus.WAITING)
        .order_by(Ticket.arrived_at, Ticket.id)
    ).all()
    return tuple(
        QueuedTicket(
            ticket_id=row[0],
            service_code=codes[row[1]],
            arrived_at=row[2].timestamp(),
            priority=row[3],
            appointment_at=to_epoch(row[4]),
            target_counter_id=row[5],
            enqueued_at=row[6].timestamp(),
        )
        for row in rows
    )


def _busy_until(
    session: Session, branch_id: int, codes: dict[int, str], profiles: dict[str, ServiceProfile]
) -> dict[int, float]:
    """Expected end of each counter's current service (start + the service's mean time)."""
    rows = session.execute(
        select(Ticket.counter_id, Ticket.service_id, Ticket.started_at).where(
            Ticket.branch_id == branch_id, Ticket.status == TicketStatus.SERVING
        )
    ).all()
    return {
        counter_id: started_at.timestamp() + profiles[codes[service_id]].mean_service_s
        for counter_id, service_id, started_at in rows
        if counter_id is not None and started_at is not None
    }


NEWCOMER_IDS = 2**62


@dataclass
class BranchEngine:
    policy: CallingPolicy
    predictor: WaitPredictor
    last_pushed: dict[int, int]
    """Estimate (whole seconds) last pushed per waiting ticket, to push only moves of a minute or more."""


class QueueEngines:
    """One policy and one predictor per branch, rebuilt when the branch's configuration changes."""

    def __init__(self) -> None:
        self._engines: dict[int, tuple[tuple[str, str], BranchEngine]] = {}
        self._lock = threading.Lock()

    def for_branch(self, branch: Branch) -> BranchEngine:
        key = (branch.calling_policy, branch.wait_predictor)
        with self._lock:
            cached = self._engines.get(branch.id)
            if cached is None or cached[0] != key:
                engine = BranchEngine(make_policy(key[0]), make_predictor(key[1]), {})
                self._engines[branch.id] = (key, engine)
                return engine
            return cached[1]

    def estimates(self, session: Session, branch: Branch, now: datetime) -> dict[int, WaitEstimate | None]:
        return self.for_branch(branch).predictor.predict(build_snapshot(session, branch, now))

    def newcomer_estimates(self, session: Session, branch: Branch, now: datetime) -> dict[str, WaitEstimate | None]:
        """What a customer taking a ticket now would be told, per service code.

        One hypothetical regular ticket per service joins the snapshot (arrival now, ids after any real one),
        so the answer is the branch predictor's own, not a second formula.
        """
        snapshot = build_snapshot(session, branch, now)
        newcomers = {
            NEWCOMER_IDS + index: QueuedTicket(NEWCOMER_IDS + index, code, snapshot.now, enqueued_at=snapshot.now)
            for index, code in enumerate(snapshot.services)
        }
        extended = replace(snapshot, waiting=(*snapshot.waiting, *newcomers.values()))
        estimates = self.for_branch(branch).predictor.predict(extended)
        return {ticket.service_code: estimates.get(ticket_id) for ticket_id, ticket in newcomers.items()}
