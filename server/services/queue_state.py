"""From database rows to the domain's `QueueSnapshot`: what policies and predictors see of a branch."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db.models import Appointment, Branch, Counter, CounterSkill, Service, Ticket
from server.domain.enums import CounterState, TicketStatus
from server.domain.queue import CounterView, QueuedTicket, QueueSnapshot, ServiceProfile


def to_epoch(moment: datetime | None) -> float | None:
    return None if moment is None else moment.timestamp()


def queued_ticket(ticket: Ticket, service_code: str, appointment_at: datetime | None = None) -> QueuedTicket:
    """How policies and predictors see `ticket` (the service code is passed in to spare a lazy load)."""
    return QueuedTicket(
        ticket_id=ticket.id,
        service_code=service_code,
        arrived_at=ticket.arrived_at.timestamp(),
        priority=ticket.priority,
        appointment_at=to_epoch(appointment_at),
        target_counter_id=ticket.target_counter_id,
        enqueued_at=ticket.enqueued_at.timestamp(),
        line_after=frozenset(ticket.line_after or ()),
    )


def service_profile(service: Service) -> ServiceProfile:
    return ServiceProfile(
        code=service.code,
        target_wait_s=service.target_wait_min * 60.0,
        mean_service_s=service.expected_service_min * 60.0,
    )


def _counter_view(counter_id: int, served: list[str], activity: CounterActivity | None) -> CounterView:
    if activity is None:
        return CounterView(counter_id, tuple(served))
    return CounterView(counter_id, tuple(served), activity.busy_until, activity.service_code, activity.since)


def build_snapshot(session: Session, branch: Branch, now: datetime) -> QueueSnapshot:
    """Read the branch's queue with light column queries: it runs on every change, queue of any length."""
    services = session.scalars(select(Service).where(Service.branch_id == branch.id)).all()
    profiles = {service.code: service_profile(service) for service in services}
    codes = {service.id: service.code for service in services}
    active_codes = {service.id: service.code for service in services if service.active}
    activity = _counter_activity(session, branch.id, codes, profiles, now.timestamp())
    skills = _staffed_counter_skills(session, branch.id, active_codes)
    return QueueSnapshot(
        now=now.timestamp(),
        waiting=_waiting(session, branch.id, codes),
        services=profiles,
        open_counters=tuple(
            _counter_view(counter_id, served, activity.get(counter_id))
            for (counter_id, state), served in skills.items()
            if state is CounterState.OPEN
        ),
        paused_counters=tuple(
            CounterView(counter_id, tuple(served))
            for (counter_id, state), served in skills.items()
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
            Ticket.id,
            Ticket.service_id,
            Ticket.arrived_at,
            Ticket.priority,
            Appointment.slot_start,
            Ticket.target_counter_id,
            Ticket.enqueued_at,
            Ticket.line_after,
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
            line_after=frozenset(row[7] or ()),
        )
        for row in rows
    )


@dataclass(frozen=True, slots=True)
class CounterActivity:
    busy_until: float
    service_code: str
    since: float


def _counter_activity(
    session: Session, branch_id: int, codes: dict[int, str], profiles: dict[str, ServiceProfile], now: float
) -> dict[int, CounterActivity]:
    """What each occupied counter is doing: a called or served ticket, since when, and its expected end.

    The expected end is the start plus the service's configured mean, never earlier than now: a service
    that overruns still occupies its counter (the simulator marks busy counters the same way).
    """
    rows = session.execute(
        select(Ticket.counter_id, Ticket.service_id, Ticket.called_at, Ticket.started_at).where(
            Ticket.branch_id == branch_id, Ticket.status.in_([TicketStatus.CALLED, TicketStatus.SERVING])
        )
    ).all()
    activity: dict[int, CounterActivity] = {}
    for counter_id, service_id, called_at, started_at in rows:
        since = (started_at or called_at).timestamp() if (started_at or called_at) else now
        code = codes[service_id]
        expected = since + profiles[code].mean_service_s
        activity[counter_id] = CounterActivity(max(expected, now + 1e-3), code, since)
    return activity
