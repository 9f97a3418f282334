"""Past days of service written into a server's database, for the figures of a period and staffing advice.

Past tickets cannot be made through the API (it works at the server's own time), so this writes them as the
day's work leaves them: final tickets (served, no-show, cancelled) with their times, counters, tellers and
ratings, through the server's own models. No events are written: past days are history, not news, and a
live page following the event stream must not see them as calls. Deterministic (a seeded random source),
so a test can compare the figures of the same period from two readers.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from server.db.engine import Database, make_engine
from server.db.models import Branch, Counter, Rating, Service, Staff, Ticket
from server.domain.enums import Channel, PriorityTier, TicketStatus

__all__ = ["seed_history"]

CHANNELS = (Channel.KIOSK,) * 6 + (Channel.ONLINE,) * 2 + (Channel.COUNTER, Channel.APPOINTMENT)
COUNTERS_OF = {"cash": (1, 2), "fx": (1, 3), "account": (3, 4), "wealth": (4,)}


def seed_history(database_url: str, branch_code: str, days: Sequence[date], per_hour: int = 3) -> int:
    """Writes `per_hour` tickets per opening hour (9:00-16:59) of each day; returns how many."""
    draw = random.Random(20261202)
    db = Database(make_engine(database_url))
    written = 0
    try:
        with db.write() as session:
            branch = session.scalar(select(Branch).where(Branch.code == branch_code))
            zone = ZoneInfo(branch.time_zone)
            services = {s.code: s for s in session.scalars(select(Service).where(Service.branch_id == branch.id))}
            counters = {c.number: c for c in session.scalars(select(Counter).where(Counter.branch_id == branch.id))}
            tellers = {s.username: s for s in session.scalars(select(Staff))}
            for day in days:
                sequences: dict[str, int] = {}
                for hour in range(9, 17):
                    for index in range(per_hour + draw.randint(-1, 2)):
                        code = draw.choice(tuple(COUNTERS_OF))
                        sequences[code] = sequences.get(code, 0) + 1
                        arrived = datetime.combine(day, time(hour, draw.randint(0, 59)), zone)
                        number = counters[draw.choice(COUNTERS_OF[code])].number
                        ticket = _ticket(draw, branch.id, services[code], day, sequences[code], arrived,
                                         counters[number], tellers[f"teller{number}"])
                        session.add(ticket)
                        written += 1
                        if ticket.status is TicketStatus.DONE and draw.random() < 0.6:
                            session.flush()
                            score = draw.choices((1, 2, 3, 4, 5), weights=(1, 1, 2, 5, 8))[0]
                            session.add(Rating(ticket_id=ticket.id, branch_id=branch.id, score=score,
                                               created_at=ticket.finished_at))
    finally:
        db.dispose()
    return written


def _ticket(draw: random.Random, branch_id: int, service: Service, day: date, sequence: int, arrived: datetime,
            counter: Counter, teller: Staff) -> Ticket:
    fate = draw.random()
    status = TicketStatus.DONE if fate < 0.86 else TicketStatus.NO_SHOW if fate < 0.94 else TicketStatus.CANCELLED
    wait = timedelta(seconds=draw.randint(30, int(service.target_wait_min * 60 * 1.6)))
    service_time = timedelta(seconds=draw.randint(120, int(service.expected_service_min * 60 * 1.5)))
    called = arrived + wait if status is not TicketStatus.CANCELLED else None
    started = called + timedelta(seconds=20) if status is TicketStatus.DONE and called else None
    finished = (started + service_time if started else called + timedelta(seconds=60) if called
                else arrived + timedelta(seconds=draw.randint(60, 600)))
    return Ticket(
        branch_id=branch_id, service_id=service.id, issued_service_id=service.id, business_day=day,
        sequence=sequence, number=f"{service.prefix}{sequence:03d}", token=secrets.token_hex(16),
        channel=draw.choice(CHANNELS), priority=PriorityTier.REGULAR, status=status,
        issued_at=arrived, arrived_at=arrived, enqueued_at=arrived, first_called_at=called, called_at=called,
        started_at=started, finished_at=finished,
        counter_id=counter.id if called else None, staff_id=teller.id if called else None,
        estimated_wait_s=int(wait.total_seconds() * draw.uniform(0.7, 1.3)),
    )
