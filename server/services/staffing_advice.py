"""Staffing advice for a branch's coming day, from its own ticket history (manager dashboard).

The queueing work is pure (`server.domain.staffing`); this module reads what it needs: arrivals per
local hour and service over the last eight weeks, the service times the branch really sees, and how
patient its customers are, then asks for two plans. Counters are shared between services, so the true
need lies between the two answers it gives:

- `dedicated`: every service staffed on its own (no pooling; an upper bound),
- `pooled`: all services served by fully cross-trained counters (a lower bound).
"""

from __future__ import annotations

from collections import Counter as Tally
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from server.db.engine import Database
from server.db.models import Branch, Service, Ticket
from server.domain.enums import TicketStatus
from server.domain.errors import ConflictError
from server.domain.staffing import ArrivalCount, ServiceTarget, SkillGroup, StaffingPlan, plan_staffing
from server.services.auth import Principal
from server.services.calendars import branch_calendar, opening_hours_of
from server.services.lookups import branch_by_code, require_branch_access
from server.services.unit_of_work import Clock

HISTORY_DAYS = 56
MIN_SAMPLES = 20
"""Below this many observations the configured service time (or unknown patience) is used instead."""
SERVICE_LEVEL_GOAL = 0.8
POOLED = "pooled"


@dataclass(frozen=True, slots=True)
class TicketHistory:
    """One past ticket, reduced to what staffing needs."""

    service_code: str
    local_day: date
    local_hour: int
    waited_s: float | None
    """Arrival to first call (None when never called)."""
    served_s: float | None
    abandoned: bool


class StaffingAdvisor:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    def advise(self, branch_code: str, day: date | None, principal: Principal) -> dict[str, Any]:
        with self.db.read() as session:
            branch = branch_by_code(session, branch_code)
            require_branch_access(principal, branch.id)
            zone = ZoneInfo(branch.time_zone)
            target_day = day or (self.clock().astimezone(zone).date() + timedelta(days=1))
            services = session.scalars(
                select(Service).where(Service.branch_id == branch.id, Service.active.is_(True)).order_by(Service.id)
            ).all()
            history = _history(session, branch, zone, target_day)
            hours = opening_hours_of(branch_calendar(session, branch, since=target_day), target_day)
        if not history:
            raise ConflictError(
                f"no ticket history before {target_day.isoformat()} yet; advice starts after the first day of service",
                field="date", code="staffing.no_ticket_history", params={"day": target_day.isoformat()},
            )
        targets = [_target(service, history) for service in services]
        arrivals = _arrival_counts(history, {s.code for s in services})
        dedicated = plan_staffing(arrivals, targets, [SkillGroup(s.code, (s.code,)) for s in services], target_day, hours)
        pooled = plan_staffing(arrivals, targets, [SkillGroup(POOLED, tuple(s.code for s in services))], target_day, hours)
        return {
            "branch": branch.code,
            "date": target_day.isoformat(),
            "history_days": len({h.local_day for h in history}),
            "targets": [_target_view(t) for t in targets],
            "dedicated": _plan_view(dedicated),
            "pooled": _plan_view(pooled),
        }


def _history(session: Any, branch: Branch, zone: ZoneInfo, before: date) -> list[TicketHistory]:
    start = datetime.combine(before - timedelta(days=HISTORY_DAYS), datetime.min.time(), zone)
    end = datetime.combine(before, datetime.min.time(), zone)
    rows = session.execute(
        select(Ticket, Service.code)
        .join(Service, Service.id == Ticket.issued_service_id)
        .where(
            Ticket.branch_id == branch.id,
            Ticket.issued_at >= start.astimezone(UTC),
            Ticket.issued_at < end.astimezone(UTC),
        )
    ).all()
    return [_reduce(ticket, code, zone) for ticket, code in rows]


def _reduce(ticket: Ticket, code: str, zone: ZoneInfo) -> TicketHistory:
    local = ticket.arrived_at.astimezone(zone)
    waited = (ticket.first_called_at - ticket.arrived_at).total_seconds() if ticket.first_called_at else None
    served = (
        (ticket.finished_at - ticket.started_at).total_seconds()
        if ticket.status is TicketStatus.DONE and ticket.started_at and ticket.finished_at
        else None
    )
    abandoned = ticket.status in (TicketStatus.NO_SHOW, TicketStatus.CANCELLED)
    if abandoned and waited is None and ticket.finished_at:
        waited = (ticket.finished_at - ticket.arrived_at).total_seconds()
    return TicketHistory(code, local.date(), local.hour, waited, served, abandoned)


def _arrival_counts(history: list[TicketHistory], codes: set[str]) -> list[ArrivalCount]:
    tally = Tally((h.local_day, h.local_hour, h.service_code) for h in history if h.service_code in codes)
    return [ArrivalCount(day, hour, code, count) for (day, hour, code), count in sorted(tally.items())]


def _target(service: Service, history: list[TicketHistory]) -> ServiceTarget:
    mine = [h for h in history if h.service_code == service.code]
    served = [h.served_s for h in mine if h.served_s is not None]
    mean_service = sum(served) / len(served) if len(served) >= MIN_SAMPLES else service.expected_service_min * 60
    return ServiceTarget(
        service_code=service.code,
        mean_service_s=max(mean_service, 1.0),
        target_wait_s=service.target_wait_min * 60.0,
        service_level=SERVICE_LEVEL_GOAL,
        mean_patience_s=_mean_patience(mine),
    )


def _mean_patience(history: list[TicketHistory]) -> float | None:
    """Exponential patience by maximum likelihood: time all customers spent waiting / customers who left."""
    left = sum(1 for h in history if h.abandoned)
    exposure = sum(h.waited_s for h in history if h.waited_s is not None)
    if left < MIN_SAMPLES or exposure <= 0:
        return None
    return exposure / left


def _target_view(target: ServiceTarget) -> dict[str, Any]:
    return {
        "service": target.service_code,
        "mean_service_s": round(target.mean_service_s),
        "target_wait_s": round(target.target_wait_s),
        "service_level_goal": target.service_level,
        "mean_patience_s": None if target.mean_patience_s is None else round(target.mean_patience_s),
    }


def _plan_view(plan: StaffingPlan) -> list[dict[str, Any]]:
    return [
        {
            "hour": cell.hour,
            "group": cell.group,
            "arrivals_per_hour": round(cell.arrivals_per_hour, 2),
            "offered_load": round(cell.offered_load, 3),
            "counters": cell.counters,
            "service_levels": {code: round(level, 4) for code, level in cell.service_levels.items()},
            "abandon_probability": round(cell.abandon_probability, 4),
            "method": cell.method.value,
        }
        for cell in plan.cells
    ]
