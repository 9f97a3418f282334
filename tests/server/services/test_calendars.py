"""What the server says about the hours: the kiosk's status, the refusal after closing, in both languages."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from server.domain import InvalidInput
from server.domain.calendar import CLOSED, BranchCalendar, SpecialDay, day_hours, uniform_week
from server.messages import EN, ZH_CN, localise
from server.messages.calendar import MESSAGES
from server.services.calendars import opening_hours_of, opening_status, walk_ins_closed

SHANGHAI = ZoneInfo("Asia/Shanghai")
WEEKDAY = day_hours(["09:00-12:00", "13:30-17:00"])
BANK = BranchCalendar(
    "Asia/Shanghai", (WEEKDAY,) * 5 + (CLOSED, CLOSED), {date(2026, 12, 2): SpecialDay(date(2026, 12, 2))}
)


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI)


def both_languages(error) -> tuple[str, str]:
    return (localise(error.code, error.params, error.message, EN),
            localise(error.code, error.params, error.message, ZH_CN))


@pytest.mark.parametrize(
    ("moment", "english", "chinese"),
    [
        (at(11, 30, 12, 30), "walk-in tickets are not issued now; we open today at 13:30",
         "当前不在营业时间，今天 13:30 起可以取号。"),
        (at(11, 30, 8), "walk-in tickets are not issued now; we open today at 09:00",
         "当前不在营业时间，今天 09:00 起可以取号。"),
        (at(11, 30, 17), "the branch is closed; we open tomorrow at 09:00", "本网点今日已停止取号，明天 09:00 开始营业。"),
        (at(12, 4, 18), "the branch is closed; we open on Monday 2026-12-07 at 09:00",
         "本网点已停止取号，下次营业时间为 2026-12-07 09:00。"),
        (at(12, 1, 17, 30), "the branch is closed; we open on Thursday 2026-12-03 at 09:00",
         "本网点已停止取号，下次营业时间为 2026-12-03 09:00。"),
    ],
)
def test_the_refusal_after_closing_says_when_we_open(moment, english, chinese):
    assert both_languages(walk_ins_closed(BANK, moment)) == (english, chinese)


def test_a_branch_without_any_hours_says_so():
    error = walk_ins_closed(BranchCalendar("Asia/Shanghai", uniform_week(CLOSED)), at(11, 30, 10))
    assert error.code == "calendar.closed_no_opening"
    assert both_languages(error)[1] == "本网点暂停营业，近期没有营业安排。"


def test_every_calendar_input_error_has_its_chinese_wording():
    too_many = [f"0{hour}:00-0{hour}:30" for hour in range(5)]
    for texts in (["9-5"], ["17:00-09:00"], ["09:00-12:00", "11:00-13:00"], too_many):
        with pytest.raises(InvalidInput) as error:
            day_hours(texts)
        english, chinese = both_languages(error.value)
        assert error.value.code in MESSAGES and chinese != english, texts


def test_the_kiosk_status_while_open_and_closed():
    assert opening_status(BANK, at(11, 30, 10)) == {
        "open_now": True, "closes_at": "2026-11-30T12:00:00+08:00", "next_opening": "2026-11-30T13:30:00+08:00",
        "hours_today": ["09:00-12:00", "13:30-17:00"], "time_zone": "Asia/Shanghai",
    }
    saturday = opening_status(BANK, at(12, 5, 10))
    assert (saturday["open_now"], saturday["next_opening"], saturday["hours_today"]) == (
        False, "2026-12-07T09:00:00+08:00", [])


def test_staffing_plans_the_hours_touched_by_an_opening():
    assert opening_hours_of(BANK, date(2026, 11, 30)) == [9, 10, 11, 13, 14, 15, 16]
    assert opening_hours_of(BANK, date(2026, 12, 2)) == []
