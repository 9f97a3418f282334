from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from server.domain import InvalidInput
from server.domain.calendar import BranchCalendar, SpecialDay, day_hours, uniform_week
from server.domain.appointments import (
    CODE_ALPHABET,
    check_slot,
    mask_phone,
    new_check_in_code,
    normalise_code,
    slot_length,
)

NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
SHANGHAI = "Asia/Shanghai"


def slot(hour: int, minute: int = 0, days: int = 0) -> datetime:
    return datetime(2026, 11, 30, hour, minute, tzinfo=timezone(timedelta(hours=8))) + timedelta(days=days)


NINE_TO_FIVE = BranchCalendar(SHANGHAI, uniform_week(day_hours(["09:00-17:00"])))


def check(start: datetime, length_min: int = 15, calendar: BranchCalendar = NINE_TO_FIVE) -> None:
    check_slot(start, NOW, calendar, timedelta(minutes=length_min))


def test_codes_avoid_characters_people_confuse():
    codes = {new_check_in_code() for _ in range(200)}
    assert all(len(code) == 6 and set(code) <= set(CODE_ALPHABET) for code in codes)
    assert not set("01IO") & set(CODE_ALPHABET)
    assert normalise_code(" ab3-def ") == "AB3DEF"
    with pytest.raises(InvalidInput):
        normalise_code("AB0DEF")


@pytest.mark.parametrize(("given", "masked"), [("13812345678", "138****5678"), ("+86 139-1234-0000", "139****0000")])
def test_phones_are_stored_masked(given, masked):
    assert mask_phone(given) == masked


@pytest.mark.parametrize("bad", ["12345", "23812345678", "1381234567x", ""])
def test_invalid_phones_are_refused(bad):
    with pytest.raises(InvalidInput) as error:
        mask_phone(bad)
    assert error.value.field == "phone"


def test_a_slot_must_be_future_on_the_quarter_within_hours():
    check(slot(14, 30))
    for bad, message in [
        (slot(9, 30), "future"),
        (slot(14, 10), "every 15 minutes"),
        (slot(8, 45, days=1), "opening hours"),
        (slot(16, 45, days=1), None),
        (slot(10, 0, days=40), "30 days"),
    ]:
        if message is None:
            check(bad)  # 16:45-17:00 still fits
            continue
        with pytest.raises(InvalidInput, match=message):
            check(bad)
    with pytest.raises(InvalidInput, match="opening hours"):
        check(slot(16, 45, days=1), length_min=30)
    with pytest.raises(InvalidInput, match="time zone"):
        check(datetime(2026, 12, 1, 10, 0))



def test_slots_follow_the_calendar_holidays_lunch_breaks_and_make_up_days():
    weekdays = day_hours(["09:00-12:00", "13:30-17:00"])
    holiday, make_up = date(2026, 12, 1), date(2026, 12, 6)  # a Tuesday off; a Sunday worked as a Monday
    calendar = BranchCalendar(
        SHANGHAI, (weekdays,) * 5 + ((), ()),
        {holiday: SpecialDay(holiday), make_up: SpecialDay(make_up, like_weekday=0)},
    )
    with pytest.raises(InvalidInput) as closed:
        check(slot(10, 0, days=1), calendar=calendar)
    assert (closed.value.code, closed.value.params) == ("calendar.slot_day_closed", {"date": "2026-12-01"})
    with pytest.raises(InvalidInput) as lunch:
        check(slot(11, 45, days=2), length_min=30, calendar=calendar)
    assert lunch.value.code == "calendar.slot_outside_hours"
    assert lunch.value.params == {"date": "2026-12-02", "hours": "09:00-12:00, 13:30-17:00"}
    check(slot(11, 45, days=2), calendar=calendar)  # 11:45-12:00 fits before lunch
    check(slot(10, 0, days=6), calendar=calendar)  # the make-up Sunday
    with pytest.raises(InvalidInput, match="closed"):
        check(slot(10, 0, days=5), calendar=calendar)  # an ordinary Saturday


def test_slot_length_rounds_the_service_time_up_to_quarters():
    assert slot_length(4) == timedelta(minutes=15)
    assert slot_length(25) == timedelta(minutes=30)
    assert slot_length(45) == timedelta(minutes=45)
