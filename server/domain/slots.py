"""The booking grid: which slots of a day can be booked, and how many places each has left. Pure.

Slots start every `SLOT_MINUTES`; a booking covers whole grid cells (`slot_length`). A slot has room when
every cell it covers holds fewer bookings than the service's capacity, so two back-to-back bookings of a
30-minute service do not both count against the slot that overlaps each by half.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from .appointments import MAX_DAYS_AHEAD, SLOT_MINUTES
from .calendar import BranchCalendar

CELL = timedelta(minutes=SLOT_MINUTES)


@dataclass(frozen=True, slots=True)
class Slot:
    """One bookable start: `left` of `capacity` places free (0: full)."""

    start: datetime
    end: datetime
    capacity: int
    left: int


def cells(start: datetime, end: datetime) -> Iterable[datetime]:
    """The grid cells (their starts) a booking from `start` to `end` covers."""
    cell = start
    while cell < end:
        yield cell
        cell += CELL


def cell_load(bookings: Iterable[tuple[datetime, datetime]]) -> Counter[datetime]:
    """How many bookings cover each grid cell."""
    load: Counter[datetime] = Counter()
    for start, end in bookings:
        load.update(cells(start, end))
    return load


def places_left(capacity: int, load: Counter[datetime], start: datetime, end: datetime) -> int:
    """Free places for one more booking from `start` to `end`: the capacity less the busiest cell it covers."""
    busiest = max((load[cell] for cell in cells(start, end)), default=0)
    return max(0, capacity - busiest)


def day_slots(
    calendar: BranchCalendar, day: date, length: timedelta, now: datetime, capacity: int,
    load: Counter[datetime],
) -> list[Slot]:
    """Every start on `day` (local) whose whole length lies within one opening, after `now` and no further
    ahead than bookings go; each with the places it has left."""
    zone = calendar.zone
    first = datetime.combine(day, time(0), zone)
    slots = []
    opening = None  # the opening the last start fell in: looked up again only when a start leaves it
    for step in range(24 * 60 // SLOT_MINUTES):
        local = first + step * CELL
        if local.date() != day:  # a daylight-saving day can be shorter
            break
        start = local.astimezone(now.tzinfo)
        end = start + length
        if start <= now or start - now > timedelta(days=MAX_DAYS_AHEAD):
            continue
        if opening is None or not opening.opens <= start < opening.closes:
            opening = calendar.current_opening(start)
        if opening is None or end > opening.closes:
            continue
        slots.append(Slot(start, end, capacity, places_left(capacity, load, start, end)))
    return slots


def bookable_days(calendar: BranchCalendar, today: date, count: int) -> list[tuple[date, bool]]:
    """The next `count` days from `today` (local), each with whether the branch opens at all."""
    days = [today + timedelta(days=offset) for offset in range(count)]
    return [(day, bool(calendar.hours_on(day))) for day in days]


def open_bookings_over(limit: int, open_bookings: int) -> bool:
    """A phone holding `open_bookings` bookings still to come may not book another (`limit` 0: no limit)."""
    return limit > 0 and open_bookings >= limit


def total_left(slots: Sequence[Slot]) -> int:
    return sum(slot.left for slot in slots)
