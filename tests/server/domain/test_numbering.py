from datetime import UTC, date, datetime

import pytest

from server.domain import InvalidInput, business_day, format_ticket_number, parse_ticket_number


def test_numbers_have_a_prefix_and_at_least_three_digits():
    assert format_ticket_number("A", 1) == "A001"
    assert format_ticket_number("F", 999) == "F999"
    assert format_ticket_number("B", 1000) == "B1000"


@pytest.mark.parametrize("prefix", ["", "a", "AB", "1", "号"])
def test_prefix_must_be_one_capital_letter(prefix):
    with pytest.raises(InvalidInput) as error:
        format_ticket_number(prefix, 1)
    assert error.value.field == "prefix"


def test_sequence_starts_at_one():
    with pytest.raises(InvalidInput):
        format_ticket_number("A", 0)


def test_parse_is_the_inverse_of_format():
    assert parse_ticket_number(format_ticket_number("C", 42)) == ("C", 42)
    with pytest.raises(InvalidInput):
        parse_ticket_number("A1")


def test_business_day_follows_the_branch_time_zone():
    late_utc = datetime(2026, 11, 30, 17, 30, tzinfo=UTC)  # 01:30 next day in Shanghai
    assert business_day(late_utc, "Asia/Shanghai") == date(2026, 12, 1)
    assert business_day(late_utc, "Europe/London") == date(2026, 11, 30)


def test_business_day_refuses_naive_times():
    with pytest.raises(InvalidInput):
        business_day(datetime(2026, 11, 30, 9, 0), "Asia/Shanghai")
