"""The booking grid, the keyed phone hash and the rate limit: pure rules, no server."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from server.domain.calendar import BranchCalendar, day_hours, uniform_week
from server.domain.errors import InvalidInput
from server.domain.phone_keys import PhoneKeys
from server.domain.rate_limit import RateLimit, RatePolicy
from server.domain.slots import cell_load, day_slots, open_bookings_over, places_left
from server.domain.throttle import TooManyAttempts

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai, a Monday


def at(hour: int, minute: int = 0, day: int = 30) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=SHANGHAI).astimezone(UTC)


def bank_hours() -> BranchCalendar:
    return BranchCalendar("Asia/Shanghai", uniform_week(day_hours(["09:00-12:00", "13:30-17:00"])))


def test_a_day_offers_starts_within_one_opening_after_now_with_their_places() -> None:
    load = cell_load([(at(11), at(11, 30))])
    slots = day_slots(bank_hours(), date(2026, 11, 30), timedelta(minutes=30), NOW, 1, load)
    starts = [slot.start.astimezone(SHANGHAI).strftime("%H:%M") for slot in slots]
    assert starts[:2] == ["10:15", "10:30"] and "11:30" in starts and "11:45" not in starts  # not across lunch
    assert starts[-1] == "16:30" and "13:15" not in starts
    left = {slot.start.astimezone(SHANGHAI).strftime("%H:%M"): slot.left for slot in slots}
    assert (left["10:30"], left["10:45"], left["11:15"], left["11:30"]) == (1, 0, 0, 1)
    assert day_slots(bank_hours(), date(2027, 1, 5), timedelta(minutes=30), NOW, 1, load) == []  # too far ahead


def test_a_slot_has_room_while_every_cell_it_covers_has_room() -> None:
    load = cell_load([(at(10), at(10, 30)), (at(10, 30), at(11))])
    assert places_left(1, load, at(10, 15), at(10, 45)) == 0
    assert places_left(2, load, at(10, 15), at(10, 45)) == 1  # each cell holds one booking, not two
    assert places_left(1, load, at(11), at(11, 30)) == 1


def test_open_bookings_over_the_limit() -> None:
    assert open_bookings_over(3, 3) and not open_bookings_over(3, 2)
    assert not open_bookings_over(0, 100)  # 0: no limit


def test_the_same_phone_typed_differently_has_one_key_and_another_secret_another() -> None:
    keys = PhoneKeys("a-server-secret-that-is-long-enough-000")
    assert keys.key_of("13812345678") == keys.key_of("+86 138-1234-5678") == keys.key_of("138 1234 5678")
    assert keys.key_of("13812345678") != keys.key_of("13812345679")
    assert PhoneKeys("another-secret-that-is-long-enough-0000").key_of("13812345678") != keys.key_of("13812345678")
    assert "12345678" not in keys.key_of("13812345678")
    with pytest.raises(InvalidInput) as refused:
        keys.key_of("555")
    assert refused.value.field == "phone"


def test_the_rate_limit_counts_a_sliding_window_per_key() -> None:
    limit = RateLimit(RatePolicy("reads", 2, timedelta(minutes=1)))
    limit.take("a", NOW)
    limit.take("a", NOW + timedelta(seconds=30))
    with pytest.raises(TooManyAttempts) as refused:
        limit.take("a", NOW + timedelta(seconds=40))
    assert refused.value.code == "rate.limited" and refused.value.retry_after_s == 20
    limit.take("b", NOW + timedelta(seconds=40))  # another address is not held back
    limit.take("a", NOW + timedelta(seconds=60))  # the first request left the window


def test_the_rate_limit_forgets_idle_keys_when_full() -> None:
    limit = RateLimit(RatePolicy("reads", 1, timedelta(minutes=1), max_keys=3))
    for key in "abc":
        limit.take(key, NOW)
    limit.take("d", NOW + timedelta(minutes=2))
    limit.take("a", NOW + timedelta(minutes=2))  # forgotten, then counted anew
