"""From database rows to the domain's `QueueSnapshot`: what policies and predictors see of a branch."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from server.db.models import Branch, Counter, CounterSkill, Service, Ticket
from server.domain.enums import CounterState, PriorityTier, TicketStatus
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
        awaiting_arrival=ticket.arrive_by is not None and ticket.checked_in_at is None,
    )


def service_profile(service: Service) -> ServiceProfile:
    return ServiceProfile(
        code=service.code,
        target_wait_s=service.target_wait_min * 60.0,
        mean_service_s=service.expected_service_min * 60.0,
    )


@dataclass(frozen=True, slots=True)
class CounterWork:
    """What an occupied counter does: the service of its called or served ticket, and since when."""

    service_code: str
    since: float


@dataclass
class QueueState:
    """What a branch's `QueueSnapshot` is built from at any moment (`snapshot(now)`).

    Read from the database by `read_queue`; `server.services.live_queue` keeps one per branch in memory
    and applies the queue's own ticket moves to it after their commit (`add_waiting`, `called`,
    `started`, `finished`).

    Attributes:
        services: service code -> its profile (every service of the branch, active or not).
        counters: (counter id, state) -> the active services it serves, for open and paused counters.
        waiting: ticket id -> how policies see the waiting ticket, in line order (arrival, then id).
        numbers: ticket id -> its number, for the waiting tickets (the estimates event names them).
        work: counter id -> what the counter is doing, for counters with a called or served ticket.
    """

    services: dict[str, ServiceProfile]
    counters: dict[tuple[int, CounterState], list[str]]
    waiting: dict[int, QueuedTicket]
    numbers: dict[int, str]
    work: dict[int, CounterWork]
    ordered: bool = True

    def snapshot(self, now: float) -> QueueSnapshot:
        if not self.ordered:
            self.waiting = dict(sorted(self.waiting.items(), key=lambda item: (item[1].arrived_at, item[0])))
            self.ordered = True
        return QueueSnapshot(
            now=now,
            waiting=tuple(self.waiting.values()),
            services=self.services,
            open_counters=tuple(
                self._counter_view(counter_id, served, now)
                for (counter_id, state), served in self.counters.items()
                if state is CounterState.OPEN
            ),
            paused_counters=tuple(
                CounterView(counter_id, tuple(served))
                for (counter_id, state), served in self.counters.items()
                if state is CounterState.PAUSED
            ),
        )

    def _counter_view(self, counter_id: int, served: list[str], now: float) -> CounterView:
        """An occupied counter is busy until its start plus the service's configured mean, never earlier
        than now: a service that overruns still occupies its counter (the simulator marks busy counters so)."""
        work = self.work.get(counter_id)
        if work is None:
            return CounterView(counter_id, tuple(served))
        expected = work.since + self.services[work.service_code].mean_service_s
        return CounterView(counter_id, tuple(served), max(expected, now + 1e-3), work.service_code, work.since)

    # -- the queue's own ticket moves ----------------------------------------------------------

    def add_waiting(self, ticket: QueuedTicket, number: str) -> None:
        last = next(reversed(self.waiting.values()), None)
        if last is not None and (last.arrived_at, last.ticket_id) > (ticket.arrived_at, ticket.ticket_id):
            self.ordered = False
        self.waiting[ticket.ticket_id] = ticket
        self.numbers[ticket.ticket_id] = number

    def called(self, ticket_id: int, counter_id: int, service_code: str, at: float) -> None:
        self.waiting.pop(ticket_id, None)
        self.numbers.pop(ticket_id, None)
        self.work[counter_id] = CounterWork(service_code, at)

    def started(self, counter_id: int, service_code: str, at: float) -> None:
        self.work[counter_id] = CounterWork(service_code, at)

    def finished(self, counter_id: int) -> None:
        self.work.pop(counter_id, None)


def read_queue(session: Session, branch_id: int) -> QueueState:
    """Read the branch's queue with light column queries: the whole line, so once per rebuild."""
    services = session.scalars(select(Service).where(Service.branch_id == branch_id)).all()
    profiles = {service.code: service_profile(service) for service in services}
    codes = {service.id: service.code for service in services}
    active_codes = {service.id: service.code for service in services if service.active}
    waiting, numbers = _waiting(session, branch_id, codes)
    return QueueState(
        services=profiles,
        counters=_staffed_counter_skills(session, branch_id, active_codes),
        waiting=waiting,
        numbers=numbers,
        work=_counter_work(session, branch_id, codes),
    )


def build_snapshot(session: Session, branch: Branch, now: datetime) -> QueueSnapshot:
    """The branch's queue as `session` sees it in the database (reads the whole line)."""
    return read_queue(session, branch.id).snapshot(now.timestamp())


def _staffed_counter_skills(
    session: Session, branch_id: int, active_codes: dict[int, str]
) -> dict[tuple[int, CounterState], list[str]]:
    """Open and paused counters with their active services, most preferred first (one query)."""
    counters, skills_table = Counter.__table__, CounterSkill.__table__
    rows = session.connection().execute(
        select(counters.c.id, counters.c.state, skills_table.c.service_id)
        .select_from(counters.outerjoin(skills_table, skills_table.c.counter_id == counters.c.id))
        .where(
            counters.c.branch_id == branch_id,
            counters.c.active.is_(True),
            counters.c.state.in_([CounterState.OPEN, CounterState.PAUSED]),
        )
        .order_by(counters.c.number, skills_table.c.rank)
    ).all()
    skills: dict[tuple[int, CounterState], list[str]] = {}
    for counter_id, state, service_id in rows:
        served = skills.setdefault((counter_id, state), [])
        if service_id in active_codes:
            served.append(active_codes[service_id])
    return skills


_TICKETS = Ticket.__table__
_WAITING = text(
    "SELECT t.id, t.service_id, t.arrived_at, t.priority, a.slot_start, t.target_counter_id, t.enqueued_at,"
    " t.line_after, t.number, t.arrive_by IS NOT NULL AND t.checked_in_at IS NULL"
    " FROM tickets t LEFT OUTER JOIN appointments a ON a.id = t.appointment_id"
    " WHERE t.branch_id = :branch_id AND t.status = :status ORDER BY t.arrived_at, t.id"
)
"""Plain SQL, not ORM or typed Core: the line is read on every call and refresh, and per-value type
processing of a few hundred rows cost more than the query itself (see bench/README.md)."""


def _epoch(value: datetime | str | None) -> float | None:
    """Seconds since the epoch of a stored UTC time: SQLite hands back naive text, PostgreSQL aware values."""
    if value is None:
        return None
    if isinstance(value, str):
        return datetime.fromisoformat(value).replace(tzinfo=UTC).timestamp()
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).timestamp()


def _id_set(value: str | list[int] | None) -> frozenset[int]:
    """A stored JSON list of ticket ids: SQLite hands back its text, PostgreSQL the parsed list."""
    if not value:
        return frozenset()
    return frozenset(json.loads(value) if isinstance(value, str) else value)


def _waiting(
    session: Session, branch_id: int, codes: dict[int, str]
) -> tuple[dict[int, QueuedTicket], dict[int, str]]:
    rows = session.connection().execute(
        _WAITING, {"branch_id": branch_id, "status": TicketStatus.WAITING.value}
    ).all()
    tiers = {tier.value: tier for tier in PriorityTier}
    waiting = {
        row[0]: QueuedTicket(
            ticket_id=row[0],
            service_code=codes[row[1]],
            arrived_at=_epoch(row[2]),  # type: ignore[arg-type]
            priority=tiers[row[3]],
            appointment_at=_epoch(row[4]),
            target_counter_id=row[5],
            enqueued_at=_epoch(row[6]),  # type: ignore[arg-type]
            line_after=_id_set(row[7]),
            awaiting_arrival=bool(row[9]),
        )
        for row in rows
    }
    return waiting, {row[0]: row[8] for row in rows}


def _counter_work(session: Session, branch_id: int, codes: dict[int, str]) -> dict[int, CounterWork]:
    """What each occupied counter is doing: the service of its called or served ticket, and since when."""
    tickets = _TICKETS
    rows = session.connection().execute(
        select(tickets.c.counter_id, tickets.c.service_id, tickets.c.called_at, tickets.c.started_at).where(
            tickets.c.branch_id == branch_id, tickets.c.status.in_([TicketStatus.CALLED, TicketStatus.SERVING])
        )
    ).all()
    return {
        counter_id: CounterWork(codes[service_id], (started_at or called_at).timestamp())
        for counter_id, service_id, called_at, started_at in rows
        if started_at or called_at
    }
