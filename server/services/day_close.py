"""The end of the business day, and the appointments nobody came for.

Run periodically by the server (every minute) and safe to run at any time, any number of times:

- tickets still open from an earlier business day (in the branch's own time zone) expire;
- once a day has ended (`day_end_after_min` after its last closing, when the branch really closes:
  a branch open around the clock never ends its day), the counters open since before the end close and
  the day's tickets issued before the end expire, once: `Branch.day_closed_on` remembers the day. What
  staff open or issue after the end (working late) is left alone, and a run that catches up the next
  morning (the server was down) closes nothing opened that morning;
- appointments still booked (not checked in) `no_show_grace_min` after the end of their slot are
  marked no-show.

Each branch is one transaction; every change is an event (`ticket.expired`, `counter.state` with
`"reason": "day_end"`, `appointment.no_show`), marked `"by": "system"`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select

from server.db.models import Appointment, Branch, Counter, Ticket
from server.domain.calendar import BranchCalendar
from server.domain.enums import (
    AppointmentStatus,
    CounterAction,
    CounterState,
    EventType,
    TicketAction,
    TicketStatus,
)
from server.domain.lifecycle import next_counter_state, next_status
from server.domain.numbering import business_day
from server.services.appointments import appointment_event
from server.services.calendars import branch_calendar
from server.services.counters import counter_state_view
from server.services.unit_of_work import Change, Changes

OPEN_STATUSES = (TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING)
SYSTEM = "system"
DAY_END = "day_end"


@dataclass(frozen=True, slots=True)
class DayCloseReport:
    """What one run changed, summed over branches."""

    expired: int = 0
    counters_closed: int = 0
    no_shows: int = 0

    def __add__(self, other: DayCloseReport) -> DayCloseReport:
        return DayCloseReport(
            self.expired + other.expired,
            self.counters_closed + other.counters_closed,
            self.no_shows + other.no_shows,
        )

    def __bool__(self) -> bool:
        return bool(self.expired or self.counters_closed or self.no_shows)


def close_business_days(changes: Changes) -> DayCloseReport:
    """Run the day close for every active branch."""
    with changes.db.read() as session:
        branch_ids = session.scalars(select(Branch.id).where(Branch.active.is_(True))).all()
    report = DayCloseReport()
    for branch_id in branch_ids:
        report += _close_branch(changes, branch_id)
    return report


def day_end(calendar: BranchCalendar, branch: Branch, day: date) -> datetime | None:
    """When `day` ends for its counters and open tickets; None when the branch does not close that day."""
    closing = calendar.closing_time(day)
    if closing is None or calendar.is_open(closing):
        return None  # closed all day, or open on past midnight (around the clock)
    return closing + timedelta(minutes=branch.day_end_after_min)


def _close_branch(changes: Changes, branch_id: int) -> DayCloseReport:
    with changes.begin(branch_id) as change:
        branch = change.branch
        calendar = branch_calendar(
            change.session, branch, since=business_day(change.now, branch.time_zone) - timedelta(days=1)
        )
        today = calendar.local_day(change.now)
        expired = _expire(change, Ticket.business_day < today)
        counters = 0
        ended = _last_ended_day(calendar, branch, today, change.now)
        if ended is not None and (branch.day_closed_on is None or branch.day_closed_on < ended[0]):
            day, end = ended
            expired += _expire(change, and_(Ticket.business_day <= day, Ticket.issued_at < end))
            counters = _close_counters(change, end)
            branch.day_closed_on = day
        return DayCloseReport(expired, counters, _mark_no_shows(change))


def _last_ended_day(
    calendar: BranchCalendar, branch: Branch, today: date, now: datetime
) -> tuple[date, datetime] | None:
    """Today or yesterday (the server may have been down at the end), whichever ended last, with its end."""
    for day in (today, today - timedelta(days=1)):
        end = day_end(calendar, branch, day)
        if end is not None and end <= now:
            return day, end
    return None


def _expire(change: Change, which: Any) -> int:
    stale = change.session.scalars(
        select(Ticket).where(Ticket.branch_id == change.branch.id, Ticket.status.in_(OPEN_STATUSES), which)
    ).all()
    for ticket in stale:
        ticket.status = next_status(ticket.status, TicketAction.EXPIRE)
        ticket.finished_at = change.now
        change.record(
            EventType.TICKET_EXPIRED,
            {"ticket_id": ticket.id, "number": ticket.number, "business_day": ticket.business_day.isoformat(),
             "by": SYSTEM},
        )
    return len(stale)


def _close_counters(change: Change, end: datetime) -> int:
    """Every counter open or paused since before the day's end closes (their tickets have just expired);
    one opened since (a teller working late, or this morning if the server was down) stays open."""
    counters = change.session.scalars(
        select(Counter).where(
            Counter.branch_id == change.branch.id,
            Counter.state != CounterState.CLOSED,
            or_(Counter.state_since.is_(None), Counter.state_since < end),
        )
    ).all()
    for counter in counters:
        counter.state = next_counter_state(counter.state, CounterAction.CLOSE)
        counter.staff_id = None
        counter.state_since = change.now
        change.record(
            EventType.COUNTER_STATE,
            {**counter_state_view(counter), "action": CounterAction.CLOSE.value, "reason": DAY_END, "by": SYSTEM},
        )
    return len(counters)


def _mark_no_shows(change: Change) -> int:
    overdue = change.now - timedelta(minutes=change.branch.no_show_grace_min)
    missed = change.session.scalars(
        select(Appointment).where(
            Appointment.branch_id == change.branch.id,
            Appointment.status == AppointmentStatus.BOOKED,
            Appointment.slot_end <= overdue,
        )
    ).all()
    for appointment in missed:
        appointment.status = AppointmentStatus.NO_SHOW
        change.record(EventType.APPOINTMENT_NO_SHOW, {**appointment_event(appointment), "by": SYSTEM})
    return len(missed)
