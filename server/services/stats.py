"""Day statistics of a branch: what happened to the day's tickets, how long people waited, how it felt.

Two halves: `day_report` is a pure function of plain rows (`TicketFacts`, `ServiceTarget`), tested
without a database; `StatsService` reads those rows for one branch and business day.

Definitions (times in seconds, rounded to 0.1):
- A ticket belongs to the business day it was issued on. Issued counts go by the service the ticket
  was issued for; waits, service levels and service times by its *current* service (after a
  transfer, the service it was transferred to, where it was finally served).
- Wait: from arrival (kept across transfers) to the first call. Tickets never called have no wait.
- Service level of a service: the share of its called tickets whose wait was within the service's
  target wait (`target_wait_min`, inclusive).
- Service time: from start to finish of finished (done) tickets. After a transfer, only the last
  service counts, because a transfer resets the start.
- Percentiles interpolate linearly between the closest ranks (Hyndman and Fan's type 7, the
  default of numpy and of spreadsheet PERCENTILE): for n sorted values, the p-quantile sits at rank
  (n - 1) * p, counted from 0.
- Outcomes: of the served (done) tickets, how the teller said the service ended (done, referred,
  needs_follow_up); tickets finished before outcomes existed count as done.
- Pauses: per reason, how many pauses began on the day and their time in seconds (a pause still running
  counts until now).
- Estimate accuracy: the wait announced at issue (`estimated_wait_s`) against the real wait, over
  tickets that have both; `bias_s` > 0 means the estimates were too long.
- A period (`start` to `end`, both included) is the same report over the tickets of all its business
  days; `hourly` then adds up each branch-local hour across the days (the manager's "by hour" charts).
"""

from __future__ import annotations

import math
from collections import Counter as Tally
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db.engine import Database
from server.db.models import Branch, Counter, CounterPause, Rating, Service, Staff, StaffBranch, Ticket
from server.domain.enums import Channel, FinishOutcome, PauseReason, TicketStatus
from server.domain.errors import InvalidInput
from server.domain.numbering import business_day
from server.services.auth import Principal
from server.services.lookups import branch_by_code
from server.services.permissions import Operation, Target, authorize
from server.services.unit_of_work import Clock

RATING_SCORES = (1, 2, 3, 4, 5)
MAX_PERIOD_DAYS = 400
"""A year and a bit: the longest period one report covers."""
OPEN_STATUSES = (TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING)


@dataclass(frozen=True, slots=True)
class ServiceTarget:
    code: str
    target_wait_min: int


@dataclass(frozen=True, slots=True)
class TicketFacts:
    """One ticket of the day, with the names of where and by whom it was served and its rating."""

    service_code: str
    channel: Channel
    status: TicketStatus
    arrived_at: datetime
    first_called_at: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    counter_number: int | None = None
    staff_username: str | None = None
    estimated_wait_s: int | None = None
    rating: int | None = None
    issued_service_code: str | None = None
    """The service the ticket was issued for, when a transfer changed it; None: same as `service_code`."""
    outcome: str | None = None

    @property
    def issued_for(self) -> str:
        return self.issued_service_code or self.service_code

    @property
    def wait_s(self) -> float | None:
        if self.first_called_at is None:
            return None
        return (self.first_called_at - self.arrived_at).total_seconds()

    @property
    def service_s(self) -> float | None:
        if self.status is not TicketStatus.DONE or self.started_at is None or self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()


# -- the pure half -------------------------------------------------------------------------------


def percentile(values: Iterable[float], fraction: float) -> float | None:
    """The `fraction`-quantile by linear interpolation between closest ranks; None for no values."""
    ordered = sorted(values)
    if not ordered:
        return None
    rank = (len(ordered) - 1) * fraction
    lower = math.floor(rank)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (rank - lower)


def mean(values: Iterable[float]) -> float | None:
    items = list(values)
    return sum(items) / len(items) if items else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def duration_summary(values: Iterable[float | None]) -> dict[str, Any]:
    present = [value for value in values if value is not None]
    return {
        "count": len(present),
        "mean_s": _round(mean(present)),
        "p50_s": _round(percentile(present, 0.5)),
        "p90_s": _round(percentile(present, 0.9)),
    }


@dataclass(frozen=True, slots=True)
class PauseFacts:
    reason: str
    seconds: float


def day_report(
    day: date,
    time_zone: str,
    services: Sequence[ServiceTarget],
    tickets: Sequence[TicketFacts],
    end: date | None = None,
    pauses: Sequence[PauseFacts] = (),
) -> dict[str, Any]:
    """Everything the manager's day (or period, `day` to `end`) view shows, from plain rows."""
    codes = _service_codes(services, tickets)
    last = end or day
    return {
        "date": day.isoformat(),
        "period": {"start": day.isoformat(), "end": last.isoformat(), "days": (last - day).days + 1},
        "time_zone": time_zone,
        "tickets": ticket_counts(codes, tickets),
        "waits": _by_service(codes, tickets, lambda ticket: ticket.wait_s),
        "service_level": service_level(services, tickets),
        "service_times": _by_service(codes, tickets, lambda ticket: ticket.service_s),
        "ratings": rating_summary(tickets, by_counter=True),
        "counters": _per_key(tickets, lambda ticket: ticket.counter_number),
        "tellers": _per_key(tickets, lambda ticket: ticket.staff_username),
        "hourly_arrivals": hourly_arrivals(tickets, time_zone),
        "hourly": hourly(tickets, time_zone),
        "estimate_accuracy": estimate_accuracy(tickets),
        "outcomes": outcome_counts(tickets),
        "pauses": pause_summary(pauses),
    }


def outcome_counts(tickets: Sequence[TicketFacts]) -> dict[str, int]:
    tally = Tally(t.outcome or FinishOutcome.DONE.value for t in tickets if t.status is TicketStatus.DONE)
    return {outcome.value: tally.get(outcome.value, 0) for outcome in FinishOutcome}


def pause_summary(pauses: Sequence[PauseFacts]) -> dict[str, Any]:
    return {
        reason.value: {
            "count": sum(1 for p in pauses if p.reason == reason.value),
            "total_s": _round(sum(p.seconds for p in pauses if p.reason == reason.value)),
        }
        for reason in PauseReason
    }


def teller_day(day: date, tickets: Sequence[TicketFacts], pauses: Sequence[PauseFacts]) -> dict[str, Any]:
    """A teller's own day: what they served, how long it took, how it was rated, how they paused."""
    served = [t for t in tickets if t.status is TicketStatus.DONE]
    return {
        "date": day.isoformat(),
        "served": len(served),
        "no_show": sum(1 for t in tickets if t.status is TicketStatus.NO_SHOW),
        "mean_service_s": _round(mean(t.service_s for t in served if t.service_s is not None)),
        "ratings": rating_summary(tickets),
        "outcomes": outcome_counts(tickets),
        "pauses": pause_summary(pauses),
    }


def _service_codes(services: Sequence[ServiceTarget], tickets: Sequence[TicketFacts]) -> list[str]:
    codes = [service.code for service in services]
    return codes + sorted(({t.service_code for t in tickets} | {t.issued_for for t in tickets}) - set(codes))


def ticket_counts(codes: Sequence[str], tickets: Sequence[TicketFacts]) -> dict[str, Any]:
    statuses = Tally(ticket.status for ticket in tickets)
    by_service = Tally(ticket.issued_for for ticket in tickets)
    return {
        "issued": len(tickets),
        "by_service": {code: by_service.get(code, 0) for code in codes},
        "by_channel": dict(sorted(Tally(ticket.channel.value for ticket in tickets).items())),
        "served": statuses[TicketStatus.DONE],
        "no_show": statuses[TicketStatus.NO_SHOW],
        "cancelled": statuses[TicketStatus.CANCELLED],
        "expired": statuses[TicketStatus.EXPIRED],
        "open": sum(statuses[status] for status in OPEN_STATUSES),
    }


def _by_service(
    codes: Sequence[str], tickets: Sequence[TicketFacts], measure: Callable[[TicketFacts], float | None]
) -> dict[str, Any]:
    return {
        "overall": duration_summary(measure(ticket) for ticket in tickets),
        "by_service": {
            code: duration_summary(measure(t) for t in tickets if t.service_code == code) for code in codes
        },
    }


def service_level(services: Sequence[ServiceTarget], tickets: Sequence[TicketFacts]) -> dict[str, Any]:
    levels: dict[str, Any] = {}
    for service in services:
        waits = [t.wait_s for t in tickets if t.service_code == service.code and t.wait_s is not None]
        within = sum(1 for wait in waits if wait <= service.target_wait_min * 60)
        levels[service.code] = {
            "target_wait_min": service.target_wait_min,
            "called": len(waits),
            "within_target": within,
            "share": round(within / len(waits), 4) if waits else None,
        }
    return levels


def rating_summary(tickets: Sequence[TicketFacts], *, by_counter: bool = False) -> dict[str, Any]:
    scores = [ticket.rating for ticket in tickets if ticket.rating is not None]
    tally = Tally(scores)
    summary: dict[str, Any] = {
        "count": len(scores),
        "mean": None if not scores else round(sum(scores) / len(scores), 2),
        "distribution": {str(score): tally.get(score, 0) for score in RATING_SCORES},
    }
    if by_counter:
        numbers = sorted(
            {t.counter_number for t in tickets if t.rating is not None and t.counter_number is not None}
        )
        summary["by_counter"] = {
            str(number): rating_summary([t for t in tickets if t.counter_number == number])
            for number in numbers
        }
    return summary


def _per_key(tickets: Sequence[TicketFacts], key: Callable[[TicketFacts], Any]) -> dict[str, Any]:
    """Served count, mean service time and mean rating per counter number or teller."""
    groups: dict[Any, list[TicketFacts]] = {}
    for ticket in tickets:
        if key(ticket) is not None and ticket.first_called_at is not None:
            groups.setdefault(key(ticket), []).append(ticket)
    report = {}
    for name in sorted(groups):
        group = groups[name]
        ratings = [t.rating for t in group if t.rating is not None]
        report[str(name)] = {
            "served": sum(1 for t in group if t.status is TicketStatus.DONE),
            "mean_service_s": _round(mean(t.service_s for t in group if t.service_s is not None)),
            "ratings": len(ratings),
            "mean_rating": None if not ratings else round(sum(ratings) / len(ratings), 2),
        }
    return report


def hourly_arrivals(tickets: Sequence[TicketFacts], time_zone: str) -> dict[str, int]:
    """Arrivals per branch-local hour, as {"09:00": n}, hours without arrivals left out."""
    zone = ZoneInfo(time_zone)
    hours = Tally(ticket.arrived_at.astimezone(zone).hour for ticket in tickets)
    return {f"{hour:02d}:00": hours[hour] for hour in sorted(hours)}


def hourly(tickets: Sequence[TicketFacts], time_zone: str) -> list[dict[str, Any]]:
    """Per branch-local hour of arrival (hours without arrivals left out): arrivals by channel, and the
    waits of the tickets that arrived in that hour (count, p50, p90)."""
    zone = ZoneInfo(time_zone)
    groups: dict[int, list[TicketFacts]] = {}
    for ticket in tickets:
        groups.setdefault(ticket.arrived_at.astimezone(zone).hour, []).append(ticket)
    rows = []
    for hour in sorted(groups):
        group = groups[hour]
        channels = Tally(ticket.channel.value for ticket in group)
        waits = duration_summary(ticket.wait_s for ticket in group)
        rows.append({
            "hour": f"{hour:02d}:00",
            "arrivals": len(group),
            "by_channel": {channel.value: channels.get(channel.value, 0) for channel in Channel},
            "waits": {key: waits[key] for key in ("count", "p50_s", "p90_s")},
        })
    return rows


def estimate_accuracy(tickets: Sequence[TicketFacts]) -> dict[str, Any]:
    errors = [
        ticket.estimated_wait_s - ticket.wait_s
        for ticket in tickets
        if ticket.estimated_wait_s is not None and ticket.wait_s is not None
    ]
    return {
        "count": len(errors),
        "mae_s": _round(mean(abs(error) for error in errors)),
        "bias_s": _round(mean(errors)),
    }


# -- the query half ------------------------------------------------------------------------------


class StatsService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    def day(
        self, branch_code: str, day: date | None, principal: Principal, end: date | None = None
    ) -> dict[str, Any]:
        """The report of `day` (default: today in the branch's time zone), or of the period from `day` to
        `end` (both included), for managers of the branch."""
        with self.db.read() as session:
            branch = branch_by_code(session, branch_code)
            authorize(principal, Operation.DAY_STATS, Target(branch.id))
            day = day or business_day(self.clock(), branch.time_zone)
            check_period(day, end)
            services = session.execute(
                select(Service.code, Service.target_wait_min, Service.name_zh, Service.name_en)
                .where(Service.branch_id == branch.id)
                .order_by(Service.id)
            ).all()
            tickets = load_ticket_facts(session, branch.id, day, end)
            pauses = load_pause_facts(session, self.clock(), CounterPause.branch_id == branch.id, day, end)
            targets = [ServiceTarget(code, target) for code, target, _, _ in services]
            report = day_report(day, branch.time_zone, targets, tickets, end, pauses)
            names = {code: {"name_zh": zh, "name_en": en} for code, _, zh, en in services}
            return {"branch": branch.code, **report, "service_names": names}


    def my_day(self, principal: Principal) -> dict[str, Any]:
        """The calling staff member's own figures for today (in their first branch's time zone)."""
        with self.db.read() as session:
            zone = session.scalar(
                select(Branch.time_zone).join(StaffBranch, StaffBranch.branch_id == Branch.id)
                .where(StaffBranch.staff_id == principal.account_id).order_by(Branch.id)
            )
            day = business_day(self.clock(), zone or "Asia/Shanghai")
            tickets = load_ticket_facts(session, None, day, None, Ticket.staff_id == principal.account_id)
            pauses = load_pause_facts(session, self.clock(), CounterPause.staff_id == principal.account_id, day)
            return {"username": principal.username, **teller_day(day, tickets, pauses)}


def check_period(start: date, end: date | None) -> None:
    if end is None:
        return
    if end < start:
        raise InvalidInput(
            f"the period ends ({end.isoformat()}) before it starts ({start.isoformat()})", field="end",
            code="stats.period_reversed", params={"start": start.isoformat(), "end": end.isoformat()},
        )
    if end - start >= timedelta(days=MAX_PERIOD_DAYS):
        raise InvalidInput(
            f"a period covers at most {MAX_PERIOD_DAYS} days", field="end", code="stats.period_too_long",
            params={"max": MAX_PERIOD_DAYS},
        )


def load_pause_facts(
    session: Session, now: datetime, whose: Any, day: date, end: date | None = None
) -> list[PauseFacts]:
    days = CounterPause.business_day == day if end is None else CounterPause.business_day.between(day, end)
    rows = session.execute(
        select(CounterPause.reason, CounterPause.started_at, CounterPause.ended_at)
        .where(whose, days)
    ).all()
    return [PauseFacts(reason, ((ended or now) - started).total_seconds()) for reason, started, ended in rows]


def load_ticket_facts(
    session: Session, branch_id: int | None, day: date, end: date | None = None, *more: Any
) -> list[TicketFacts]:
    """The tickets of a branch (or of any branch, when `more` narrows them otherwise) from `day` to `end`."""
    in_branch = [] if branch_id is None else [Service.branch_id == branch_id]
    codes = dict(session.execute(select(Service.id, Service.code).where(*in_branch)).all())
    where = [] if branch_id is None else [Ticket.branch_id == branch_id]
    rows = session.execute(
        select(
            Ticket.service_id,
            Ticket.issued_service_id,
            Ticket.channel,
            Ticket.status,
            Ticket.arrived_at,
            Ticket.first_called_at,
            Ticket.started_at,
            Ticket.finished_at,
            Counter.number,
            Staff.username,
            Ticket.estimated_wait_s,
            Rating.score,
            Ticket.outcome,
        )
        .outerjoin(Counter, Counter.id == Ticket.counter_id)
        .outerjoin(Staff, Staff.id == Ticket.staff_id)
        .outerjoin(Rating, Rating.ticket_id == Ticket.id)
        .where(*where, *more, Ticket.business_day == day if end is None else Ticket.business_day.between(day, end))
        .order_by(Ticket.id)
    ).all()
    return [
        TicketFacts(
            codes[service_id],
            channel,
            status,
            *times,
            number,
            username,
            estimate,
            score,
            issued_service_code=None if issued_id == service_id else codes[issued_id],
            outcome=outcome,
        )
        for service_id, issued_id, channel, status, *times, number, username, estimate, score, outcome in rows
    ]
