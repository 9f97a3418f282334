"""A branch's calendar read from its rows, and the answers built on it (open now? when next? refused why?).

The rules are in `server.domain.calendar`; this module only turns rows into a `BranchCalendar` and
words what the kiosk, the booking page and the issuing refusal say about the hours.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db.models import Branch
from server.db.models import SpecialDay as SpecialDayRow
from server.domain.calendar import (
    WEEKDAYS,
    BranchCalendar,
    DayHours,
    SpecialDay,
    day_hours,
    hours_between,
    hours_text,
    uniform_week,
)
from server.domain.errors import ConflictError
from server.domain.numbering import business_day

FAR_AWAY = timedelta(days=366)
"""An opening that lasts longer than this has no closing worth telling (around the clock)."""


def weekly_hours(branch: Branch) -> tuple[DayHours, ...]:
    """The branch's seven days of hours; a branch without its own uses `opens_at`-`closes_at` every day."""
    if branch.weekly_hours is None:
        return uniform_week(hours_between(branch.opens_at, branch.closes_at))
    return tuple(day_hours(periods) for periods in branch.weekly_hours)


def special_day(row: SpecialDayRow) -> SpecialDay:
    return SpecialDay(row.day, day_hours(row.hours or []), row.like_weekday, row.note)


def branch_calendar(session: Session, branch: Branch, since: date | None = None) -> BranchCalendar:
    """The branch's calendar; `since` skips special days before it (they cannot matter any more)."""
    query = select(SpecialDayRow).where(SpecialDayRow.branch_id == branch.id)
    if since is not None:
        query = query.where(SpecialDayRow.day >= since)
    special = {row.day: special_day(row) for row in session.scalars(query)}
    return BranchCalendar(branch.time_zone, weekly_hours(branch), special)


def calendar_now(session: Session, branch: Branch, now: datetime) -> BranchCalendar:
    """The calendar for questions about now and the coming year (yesterday's night shift included)."""
    return branch_calendar(session, branch, since=business_day(now, branch.time_zone) - timedelta(days=1))


def weekly_view(week: tuple[DayHours, ...]) -> dict[str, list[str]]:
    return {name: hours_text(hours) for name, hours in zip(WEEKDAYS, week, strict=True)}


def opening_hours_of(calendar: BranchCalendar, day: date) -> list[int]:
    """The clock hours (0-23) of `day` during which the branch is open at least part of the hour."""
    return sorted(
        {hour for period in calendar.hours_on(day) for hour in range(period.start // 60, -(-period.end // 60))}
    )


def opening_status(calendar: BranchCalendar, now: datetime) -> dict[str, Any]:
    """What a kiosk shows about the hours: open now, until when, when next, and today's periods."""
    current = calendar.current_opening(now)
    closes = current.closes if current is not None and current.closes - now < FAR_AWAY else None
    next_opening = calendar.next_opening(now)
    return {
        "open_now": current is not None,
        "closes_at": _local_iso(calendar, closes),
        "next_opening": _local_iso(calendar, next_opening),
        "hours_today": hours_text(calendar.hours_on(calendar.local_day(now))),
        "time_zone": calendar.time_zone,
    }


def require_open_for_walk_ins(calendar: BranchCalendar, now: datetime) -> None:
    """Walk-in tickets only while the branch is open; the refusal says when it opens next."""
    if calendar.is_open(now):
        return
    raise walk_ins_closed(calendar, now)


def walk_ins_closed(calendar: BranchCalendar, now: datetime) -> ConflictError:
    today = calendar.local_day(now)
    hours_today = ", ".join(hours_text(calendar.hours_on(today)))
    next_opening = calendar.next_opening(now)
    if next_opening is None:
        return ConflictError(
            "the branch is closed and has no opening hours in the coming year", field="branch",
            code="calendar.closed_no_opening", params={"hours_today": hours_today},
        )
    local = next_opening.astimezone(calendar.zone)
    opens_at, day, clock = local.isoformat(), local.date().isoformat(), local.strftime("%H:%M")
    weekday = WEEKDAYS[local.weekday()]
    if local.date() == today:
        return ConflictError(
            f"walk-in tickets are not issued now; we open today at {clock}", field="branch",
            code="calendar.closed_opens_today",
            params={"opens_at": opens_at, "date": day, "time": clock, "weekday": weekday,
                    "hours_today": hours_today},
        )
    if local.date() == today + timedelta(days=1):
        return ConflictError(
            f"the branch is closed; we open tomorrow at {clock}", field="branch",
            code="calendar.closed_opens_tomorrow",
            params={"opens_at": opens_at, "date": day, "time": clock, "weekday": weekday,
                    "hours_today": hours_today},
        )
    return ConflictError(
        f"the branch is closed; we open on {weekday.title()} {day} at {clock}", field="branch",
        code="calendar.closed_opens_later",
        params={"opens_at": opens_at, "date": day, "time": clock, "weekday": weekday,
                "hours_today": hours_today},
    )


def _local_iso(calendar: BranchCalendar, moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(calendar.zone).isoformat()
