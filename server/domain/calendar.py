"""The business day: a branch's opening hours per weekday, its holidays and make-up working days (调休).

Pure rules, no I/O. Hours are wall-clock times in the branch's own time zone: a branch that opens at
09:00 opens at 09:00 local time on both sides of a daylight-saving change. A day's hours are a list of
periods (`09:00-12:00`, `13:30-17:00`); an empty list means closed all day; `00:00-24:00` means open
around the clock, and a period ending at 24:00 runs into one starting at 00:00 the next day without a
closing in between.

Special days override the weekly hours for one date:

- a holiday: closed (`SpecialDay(day, hours=())`);
- a make-up working day (调休, a Saturday worked as a weekday): open with the hours of a given weekday
  (`like_weekday=0` for Monday's hours) or with explicit hours.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .errors import InvalidInput

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MINUTES_PER_DAY = 24 * 60
SEARCH_DAYS = 400
"""How far ahead `next_opening` looks: a little more than a year of holidays."""
MAX_PERIODS_PER_DAY = 4
ONE_DAY = timedelta(days=1)
_PERIOD = re.compile(r"^\s*(\d{2}):(\d{2})\s*-\s*(\d{2}):(\d{2})\s*$")


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """One stretch of opening on a day, in minutes after local midnight (`end` may be 1440, i.e. 24:00)."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end <= MINUTES_PER_DAY:
            raise InvalidInput(
                f"an opening period must run forward within one day (got {self})", field="hours",
                code="calendar.period_backwards", params={"given": str(self)},
            )

    @classmethod
    def parse(cls, text: str, field: str = "hours") -> Period:
        """`Period.parse("09:00-12:00")`; `24:00` is allowed as an end."""
        match = _PERIOD.match(str(text))
        if match is None:
            raise InvalidInput(
                f"opening hours look like 09:00-17:00 (got {str(text)[:32]!r})", field=field,
                code="calendar.period_format", params={"given": str(text)[:32]},
            )
        start_h, start_m, end_h, end_m = (int(group) for group in match.groups())
        start, end = _minutes(start_h, start_m, field), _minutes(end_h, end_m, field)
        if start >= end:
            raise InvalidInput(
                f"an opening period must end after it starts (got {text.strip()})", field=field,
                code="calendar.period_backwards", params={"given": text.strip()},
            )
        return cls(start, end)

    def __str__(self) -> str:
        return f"{_clock(self.start)}-{_clock(self.end)}"


DayHours = tuple[Period, ...]
CLOSED: DayHours = ()
AROUND_THE_CLOCK: DayHours = (Period(0, MINUTES_PER_DAY),)


def _minutes(hour: int, minute: int, field: str) -> int:
    if minute > 59 or hour > 24 or (hour == 24 and minute):
        raise InvalidInput(
            f"{hour:02d}:{minute:02d} is not a time of day", field=field,
            code="calendar.period_format", params={"given": f"{hour:02d}:{minute:02d}"},
        )
    return hour * 60 + minute


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def day_hours(texts: Iterable[str], field: str = "hours") -> DayHours:
    """Parse one day's periods; they are sorted and must not overlap (touching is fine)."""
    periods = sorted(Period.parse(text, field) for text in texts)
    if len(periods) > MAX_PERIODS_PER_DAY:
        raise InvalidInput(f"at most {MAX_PERIODS_PER_DAY} opening periods a day", field=field,
                           code="calendar.too_many_periods", params={"max": MAX_PERIODS_PER_DAY})
    for before, after in zip(periods, periods[1:], strict=False):
        if after.start < before.end:
            raise InvalidInput(
                f"opening periods {before} and {after} overlap", field=field,
                code="calendar.periods_overlap", params={"first": str(before), "second": str(after)},
            )
    return tuple(periods)


def hours_text(hours: DayHours) -> list[str]:
    return [str(period) for period in hours]


def weekday_index(name: str, field: str = "like") -> int:
    try:
        return WEEKDAYS.index(str(name).strip().lower())
    except ValueError:
        raise InvalidInput(
            f"{field} must be a weekday name: {', '.join(WEEKDAYS)}", field=field,
            code="calendar.unknown_weekday", params={"given": str(name)[:16]},
        ) from None


def uniform_week(hours: DayHours) -> tuple[DayHours, ...]:
    """The same hours on all seven days (what a branch's single `opens_at`/`closes_at` always meant)."""
    return (hours,) * 7


def hours_between(opens: time, closes: time) -> DayHours:
    """One period from two clock times; a closing of 00:00 after a later opening means midnight."""
    start = opens.hour * 60 + opens.minute
    end = closes.hour * 60 + closes.minute or MINUTES_PER_DAY
    return (Period(start, end),) if start < end else CLOSED


@dataclass(frozen=True, slots=True)
class SpecialDay:
    """One date that does not follow the weekly hours: a holiday, or a make-up working day (调休).

    Attributes:
        day: the local date.
        hours: explicit hours for the day (empty: closed all day); ignored when `like_weekday` is set.
        like_weekday: open with the weekly hours of this weekday (0 is Monday).
        note: why, for the administrators ("国庆节", "调休上班").
    """

    day: date
    hours: DayHours = CLOSED
    like_weekday: int | None = None
    note: str = ""

    @property
    def closed(self) -> bool:
        return self.like_weekday is None and not self.hours


@dataclass(frozen=True, slots=True)
class Opening:
    """A stretch of time, as aware datetimes, during which the branch is open without a break."""

    opens: datetime
    closes: datetime


@dataclass(frozen=True)
class BranchCalendar:
    """When one branch is open.

    Attributes:
        time_zone: the branch's IANA time zone; all hours are wall-clock times there.
        weekly: seven days of hours, Monday first.
        special: dates whose hours differ from the weekly ones (holidays, make-up working days).
    """

    time_zone: str
    weekly: Sequence[DayHours]
    special: Mapping[date, SpecialDay] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if len(self.weekly) != 7:
            raise InvalidInput(
                "weekly hours need all seven days, Monday first", field="weekly_hours",
                code="calendar.weekly_hours_days", params={"missing": ", ".join(WEEKDAYS[len(self.weekly):])},
            )

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    # -- one day --------------------------------------------------------------------------------

    def hours_on(self, day: date) -> DayHours:
        """The day's opening periods, special days first, then the weekly hours."""
        special = self.special.get(day)
        if special is None:
            return tuple(self.weekly[day.weekday()])
        if special.like_weekday is not None:
            return tuple(self.weekly[special.like_weekday])
        return special.hours

    def local_day(self, moment: datetime) -> date:
        return self._local(moment).date()

    def openings_on(self, day: date) -> list[Opening]:
        """The day's periods as aware datetimes in the branch's zone (24:00 is the next midnight)."""
        return [Opening(self._at(day, period.start), self._at(day, period.end)) for period in self.hours_on(day)]

    def closing_time(self, day: date) -> datetime | None:
        """When the day's last period ends; None on a closed day."""
        hours = self.hours_on(day)
        return self._at(day, hours[-1].end) if hours else None

    # -- a moment -------------------------------------------------------------------------------

    def is_open(self, at: datetime) -> bool:
        local = self._local(at)
        minute = local.hour * 60 + local.minute + (local.second + local.microsecond / 1e6) / 60
        return any(period.start <= minute < period.end for period in self.hours_on(local.date()))

    def current_opening(self, at: datetime) -> Opening | None:
        """The unbroken opening `at` falls in (periods meeting at midnight are one), or None when closed."""
        for opening in self._openings_from(self.local_day(at) - timedelta(days=1)):
            if opening.opens > at:
                return None
            if at < opening.closes:
                return opening
        return None

    def next_opening(self, after: datetime) -> datetime | None:
        """The first moment later than `after` at which closed doors open; None if none within a year.

        A branch open around the clock never opens (it never closed), so it answers None too; ask
        `is_open` first.
        """
        for opening in self._openings_from(self.local_day(after) - timedelta(days=1)):
            if opening.opens > after:
                return opening.opens
        return None

    def covers(self, start: datetime, end: datetime) -> bool:
        """Whether the branch is open, without a break, from `start` until `end` (a booked slot)."""
        opening = self.current_opening(start)
        return opening is not None and end <= opening.closes

    # -- helpers --------------------------------------------------------------------------------

    def _openings_from(self, first_day: date) -> Iterator[Opening]:
        """Openings in time order from `first_day` on; a period ending at 24:00 runs on into one
        starting at 00:00 the next day. Works in whole minutes and builds datetimes only for results."""
        pending: tuple[date, int, date, int] | None = None
        ran_to_midnight = False  # the day before ended with a period running to 24:00
        day = first_day
        for _ in range(SEARCH_DAYS + 2):
            hours = self.hours_on(day)
            for index, period in enumerate(hours):
                if pending is not None and index == 0 and period.start == 0 and ran_to_midnight:
                    pending = (pending[0], pending[1], day, period.end)
                    continue
                if pending is not None:
                    yield self._opening(pending)
                pending = (day, period.start, day, period.end)
            ran_to_midnight = bool(hours) and hours[-1].end == MINUTES_PER_DAY
            day += ONE_DAY
        if pending is not None:
            yield self._opening(pending)

    def _opening(self, span: tuple[date, int, date, int]) -> Opening:
        return Opening(self._at(span[0], span[1]), self._at(span[2], span[3]))

    def _local(self, moment: datetime) -> datetime:
        if moment.tzinfo is None:
            raise InvalidInput("moment must be timezone-aware", field="moment", code="ticket.moment_naive")
        return moment.astimezone(self.zone)

    def _at(self, day: date, minutes: int) -> datetime:
        """Local wall-clock `minutes` after midnight of `day` (1440 is the next midnight), in UTC.

        UTC, because Python compares two datetimes of the same zone by wall clock, which is wrong across
        a daylight-saving change.
        """
        if minutes == MINUTES_PER_DAY:
            day, minutes = day + timedelta(days=1), 0
        return datetime.combine(day, time(minutes // 60, minutes % 60), self.zone).astimezone(UTC)
