from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from server.domain import InvalidInput
from server.domain.calendar import (
    AROUND_THE_CLOCK,
    CLOSED,
    BranchCalendar,
    Period,
    SpecialDay,
    day_hours,
    hours_between,
    hours_text,
    uniform_week,
    weekday_index,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")
WEEKDAY = day_hours(["09:00-12:00", "13:30-17:00"])
SATURDAY = day_hours(["09:00-12:00"])
# Monday 2026-11-30 .. Sunday 2026-12-06; 2026-12-02 (Wednesday) a holiday; Sunday 12-06 worked as a Monday
HOLIDAY = date(2026, 12, 2)
MAKE_UP = date(2026, 12, 6)


def shanghai(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


def dec(day: int, hour: int, minute: int = 0) -> datetime:
    return shanghai(day, hour, minute, month=12)


@pytest.fixture
def calendar() -> BranchCalendar:
    return BranchCalendar(
        "Asia/Shanghai",
        (WEEKDAY, WEEKDAY, WEEKDAY, WEEKDAY, WEEKDAY, SATURDAY, CLOSED),
        {
            HOLIDAY: SpecialDay(HOLIDAY, note="holiday"),
            MAKE_UP: SpecialDay(MAKE_UP, like_weekday=0, note="调休上班"),
        },
    )


def test_periods_read_and_print_as_clock_times():
    assert Period.parse("09:00-12:00") == Period(540, 720)
    assert str(Period.parse(" 00:00 - 24:00 ")) == "00:00-24:00"
    assert hours_text(WEEKDAY) == ["09:00-12:00", "13:30-17:00"]
    assert day_hours(["13:30-17:00", "09:00-12:00"]) == WEEKDAY  # sorted


@pytest.mark.parametrize(
    ("texts", "code"),
    [
        (["9am-5pm"], "calendar.period_format"),
        (["09:00-24:30"], "calendar.period_format"),
        (["09:60-10:00"], "calendar.period_format"),
        (["17:00-09:00"], "calendar.period_backwards"),
        (["10:00-10:00"], "calendar.period_backwards"),
        (["09:00-12:00", "11:00-13:00"], "calendar.periods_overlap"),
        (["00:00-01:00", "02:00-03:00", "04:00-05:00", "06:00-07:00", "08:00-09:00"], "calendar.too_many_periods"),
    ],
)
def test_bad_hours_are_refused_with_a_code(texts, code):
    with pytest.raises(InvalidInput) as error:
        day_hours(texts)
    assert error.value.code == code


def test_touching_periods_are_allowed():
    assert len(day_hours(["09:00-12:00", "12:00-13:00"])) == 2


def test_weekday_names_and_the_legacy_single_period():
    assert weekday_index("Saturday") == 5
    with pytest.raises(InvalidInput) as error:
        weekday_index("someday")
    assert error.value.code == "calendar.unknown_weekday"
    assert hours_between(time(9), time(17)) == (Period(540, 1020),)
    assert hours_between(time(0), time(0)) == AROUND_THE_CLOCK


def test_hours_follow_the_weekday_then_special_days(calendar):
    assert calendar.hours_on(date(2026, 11, 30)) == WEEKDAY
    assert calendar.hours_on(date(2026, 12, 5)) == SATURDAY
    assert calendar.hours_on(HOLIDAY) == CLOSED
    assert calendar.hours_on(MAKE_UP) == WEEKDAY  # a Sunday worked with Monday's hours
    assert calendar.hours_on(date(2026, 12, 13)) == CLOSED  # an ordinary Sunday
    explicit = BranchCalendar("Asia/Shanghai", uniform_week(CLOSED), {MAKE_UP: SpecialDay(MAKE_UP, SATURDAY)})
    assert explicit.hours_on(MAKE_UP) == SATURDAY


def test_open_within_periods_closed_at_lunch_and_at_the_stroke_of_closing(calendar):
    assert not calendar.is_open(shanghai(30, 8, 59))
    assert calendar.is_open(shanghai(30, 9))
    assert calendar.is_open(shanghai(30, 11, 59))
    assert not calendar.is_open(shanghai(30, 12))
    assert not calendar.is_open(shanghai(30, 13, 29))
    assert calendar.is_open(shanghai(30, 13, 30))
    assert not calendar.is_open(shanghai(30, 17))
    assert not calendar.is_open(dec(2, 10))  # holiday
    assert calendar.is_open(dec(6, 10))  # make-up Sunday
    assert calendar.is_open(datetime(2026, 11, 30, 2, 0, tzinfo=UTC))  # 10:00 in Shanghai, asked in UTC


def test_next_opening_after_lunch_evening_holiday_and_weekend(calendar):
    assert calendar.next_opening(shanghai(30, 12, 5)) == shanghai(30, 13, 30)
    assert calendar.next_opening(shanghai(30, 17)) == dec(1, 9)
    assert calendar.next_opening(dec(1, 17, 30)) == dec(3, 9)  # skips the holiday
    assert calendar.next_opening(dec(5, 12)) == dec(6, 9)  # Saturday noon -> the make-up Sunday
    assert calendar.next_opening(dec(6, 18)) == dec(7, 9)
    # while open, the next opening is the one after the coming break
    assert calendar.next_opening(shanghai(30, 10)) == shanghai(30, 13, 30)


def test_closing_time_and_the_current_opening(calendar):
    assert calendar.closing_time(date(2026, 11, 30)) == shanghai(30, 17)
    assert calendar.closing_time(date(2026, 12, 5)) == dec(5, 12)
    assert calendar.closing_time(HOLIDAY) is None
    opening = calendar.current_opening(shanghai(30, 10))
    assert (opening.opens, opening.closes) == (shanghai(30, 9), shanghai(30, 12))
    assert calendar.current_opening(shanghai(30, 12, 30)) is None


def test_a_slot_must_fit_one_unbroken_opening(calendar):
    assert calendar.covers(shanghai(30, 11, 30), shanghai(30, 12))
    assert not calendar.covers(shanghai(30, 11, 45), shanghai(30, 12, 15))  # runs into lunch
    assert not calendar.covers(dec(2, 10), dec(2, 10, 15))  # holiday
    assert calendar.covers(dec(6, 10), dec(6, 10, 15))  # make-up day


def test_around_the_clock_never_closes():
    always = BranchCalendar("Asia/Shanghai", uniform_week(AROUND_THE_CLOCK))
    for moment in (shanghai(30, 0), shanghai(30, 23, 59), dec(25, 3)):
        assert always.is_open(moment)
    assert always.next_opening(shanghai(30, 10)) is None
    assert always.closing_time(date(2026, 11, 30)) == dec(1, 0)
    assert always.covers(shanghai(30, 23, 45), dec(1, 0, 15))  # a slot across midnight


def test_a_night_period_runs_on_into_the_next_morning():
    night = BranchCalendar("Asia/Shanghai", uniform_week(day_hours(["00:00-02:00", "20:00-24:00"])))
    opening = night.current_opening(shanghai(30, 23))
    assert (opening.opens, opening.closes) == (shanghai(30, 20), dec(1, 2))
    assert night.next_opening(shanghai(30, 3)) == shanghai(30, 20)


def test_hours_are_wall_clock_across_daylight_saving_changes():
    branch = BranchCalendar("America/New_York", uniform_week(day_hours(["09:00-17:00"])))
    # 2026-03-08: clocks spring forward at 02:00 (EST, UTC-5 -> EDT, UTC-4)
    assert branch.closing_time(date(2026, 3, 7)) == datetime(2026, 3, 7, 22, 0, tzinfo=UTC)
    assert branch.closing_time(date(2026, 3, 8)) == datetime(2026, 3, 8, 21, 0, tzinfo=UTC)
    assert branch.next_opening(datetime(2026, 3, 7, 23, 0, tzinfo=UTC)) == datetime(2026, 3, 8, 13, 0, tzinfo=UTC)
    assert branch.is_open(datetime(2026, 3, 8, 13, 30, tzinfo=UTC))  # 09:30 EDT
    assert not branch.is_open(datetime(2026, 3, 8, 21, 30, tzinfo=UTC))  # 17:30 EDT
    # 2026-11-01: clocks fall back at 02:00; a night shift 00:00-04:00 lasts five hours that night
    night = BranchCalendar("America/New_York", uniform_week(day_hours(["00:00-04:00"])))
    opening = night.current_opening(datetime(2026, 11, 1, 5, 30, tzinfo=UTC))  # 01:30 EDT
    assert opening.closes - opening.opens == timedelta(hours=5)
    assert night.is_open(datetime(2026, 11, 1, 6, 30, tzinfo=UTC))  # 01:30 EST, the repeated hour
    assert night.is_open(datetime(2026, 11, 1, 8, 30, tzinfo=UTC))  # 03:30 EST


def test_a_calendar_needs_seven_days_and_aware_moments(calendar):
    with pytest.raises(InvalidInput):
        BranchCalendar("Asia/Shanghai", (WEEKDAY,) * 5)
    with pytest.raises(InvalidInput):
        calendar.is_open(datetime(2026, 11, 30, 10))


def test_no_opening_within_a_year_is_none():
    never = BranchCalendar("Asia/Shanghai", uniform_week(CLOSED))
    assert never.next_opening(shanghai(30, 10)) is None
    assert never.current_opening(shanghai(30, 10)) is None
