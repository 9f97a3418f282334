"""Staffing advice: arrival forecast from history and counters per skill group, on hand-checkable cases."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from server.domain.errors import InvalidInput
from server.domain.staffing import (
    ArrivalCount,
    ForecastSettings,
    ServiceTarget,
    SkillGroup,
    StaffingMethod,
    forecast_arrivals,
    plan_staffing,
    size_group,
)

MONDAY = date(2026, 11, 30)
HOUR = 3600.0


def weeks_before(day: date, weeks: int) -> date:
    return day - timedelta(weeks=weeks)


class TestForecast:
    def test_recent_weeks_weigh_more(self) -> None:
        history = [
            ArrivalCount(weeks_before(MONDAY, 2), 10, "cash", 10),
            ArrivalCount(weeks_before(MONDAY, 1), 10, "cash", 20),
        ]
        forecast = forecast_arrivals(history, MONDAY, ForecastSettings(half_life_weeks=1.0))
        assert forecast[(10, "cash")] == pytest.approx((0.5 * 10 + 1.0 * 20) / 1.5)

    def test_other_weekdays_are_ignored_when_the_weekday_is_known(self) -> None:
        history = [
            ArrivalCount(weeks_before(MONDAY, 1), 10, "cash", 12),
            ArrivalCount(MONDAY - timedelta(days=1), 10, "cash", 400),  # a Sunday
        ]
        assert forecast_arrivals(history, MONDAY)[(10, "cash")] == pytest.approx(12)

    def test_falls_back_to_every_day_without_the_weekday(self) -> None:
        history = [ArrivalCount(MONDAY - timedelta(days=1), 10, "cash", 8)]
        assert forecast_arrivals(history, MONDAY)[(10, "cash")] == pytest.approx(8)

    def test_an_hour_missing_from_an_observed_day_counted_zero(self) -> None:
        history = [
            ArrivalCount(weeks_before(MONDAY, 1), 9, "cash", 10),
            ArrivalCount(weeks_before(MONDAY, 1), 10, "loan", 4),
            ArrivalCount(weeks_before(MONDAY, 2), 9, "cash", 10),
        ]
        forecast = forecast_arrivals(history, MONDAY, ForecastSettings(half_life_weeks=1e9))
        assert forecast[(10, "loan")] == pytest.approx(2.0)

    def test_the_future_is_not_history(self) -> None:
        history = [ArrivalCount(MONDAY, 10, "cash", 5), ArrivalCount(weeks_before(MONDAY, -1), 10, "cash", 5)]
        with pytest.raises(InvalidInput, match="no arrival history") as caught:
            forecast_arrivals(history, MONDAY)
        assert caught.value.field == "history"

    def test_bad_records_are_refused(self) -> None:
        with pytest.raises(InvalidInput) as caught:
            forecast_arrivals([ArrivalCount(weeks_before(MONDAY, 1), 24, "cash", 1)], MONDAY)
        assert caught.value.field == "hour"


class TestSizing:
    def test_bank_case_erlang_c_needs_eight(self) -> None:
        # 46 arrivals an hour, 6-minute service, "at most 20% wait at all": 8 counters, not 7.
        target = ServiceTarget("cash", mean_service_s=360, target_wait_s=0, service_level=0.8)
        cell = size_group(10, SkillGroup("tellers", ("cash",)), {"cash": 46}, {"cash": target})
        assert cell.counters == 8 and cell.method is StaffingMethod.ERLANG_C
        assert cell.offered_load == pytest.approx(4.6)
        assert cell.service_levels["cash"] == pytest.approx(1 - 0.1150, abs=1e-3)
        assert cell.abandon_probability == 0.0

    @pytest.mark.parametrize(("goal", "counters"), [(0.45, 3), (0.46, 4)])
    def test_mm3_reference_service_level_decides_the_count(self, goal: float, counters: int) -> None:
        # lambda 2.5/h, 1-hour service: P(Wq <= 0.5 h) is 0.4531 with three counters.
        target = ServiceTarget("loan", mean_service_s=HOUR, target_wait_s=HOUR / 2, service_level=goal)
        cell = size_group(9, SkillGroup("advisors", ("loan",)), {"loan": 2.5}, {"loan": target})
        assert cell.counters == counters

    def test_known_patience_uses_erlang_a(self) -> None:
        target = ServiceTarget("loan", HOUR, HOUR / 2, service_level=0.5, mean_patience_s=2 * HOUR)
        cell = size_group(9, SkillGroup("advisors", ("loan",)), {"loan": 2.5}, {"loan": target})
        assert cell.method is StaffingMethod.ERLANG_A
        assert cell.counters == 3
        assert cell.abandon_probability == pytest.approx(0.1305, abs=1e-4)

    def test_a_group_pools_its_services_and_meets_each_target(self) -> None:
        targets = {
            "cash": ServiceTarget("cash", 180, 300, 0.8),
            "account": ServiceTarget("account", 720, 600, 0.8),
        }
        group = SkillGroup("universal", ("cash", "account"))
        cell = size_group(11, group, {"cash": 30, "account": 10}, targets)
        assert cell.offered_load == pytest.approx((30 * 180 + 10 * 720) / HOUR)
        assert all(cell.service_levels[code] >= 0.8 for code in targets)
        fewer = size_group(
            11, group, {"cash": 30, "account": 10}, targets | {"cash": ServiceTarget("cash", 180, 900, 0.8)}
        )
        assert fewer.counters <= cell.counters

    def test_nobody_expected_needs_nobody(self) -> None:
        target = ServiceTarget("loan", 1500, 1200)
        cell = size_group(8, SkillGroup("advisors", ("loan",)), {"loan": 0.0}, {"loan": target})
        assert cell.counters == 0 and cell.service_levels == {"loan": 1.0}


class TestPlan:
    def test_plan_covers_hours_and_groups(self) -> None:
        history = []
        for weeks in (1, 2, 3):
            past = weeks_before(MONDAY, weeks)
            history += [
                ArrivalCount(past, 9, "cash", 20),
                ArrivalCount(past, 12, "cash", 46),
                ArrivalCount(past, 12, "loan", 3),
            ]
        targets = [ServiceTarget("cash", 360, 0, 0.8), ServiceTarget("loan", 1500, 1200, 0.8, 1800)]
        groups = [SkillGroup("tellers", ("cash",)), SkillGroup("advisors", ("loan",))]
        plan = plan_staffing(history, targets, groups, MONDAY)
        assert plan.hours == (9, 12) and plan.groups == ("tellers", "advisors")
        assert plan.cell(12, "tellers").counters == 8
        assert plan.cell(9, "advisors").counters == 0
        assert plan.cell(12, "advisors").method is StaffingMethod.ERLANG_A
        assert plan.counters_by_hour()[12] == 8 + plan.cell(12, "advisors").counters
        assert plan.forecast[(12, "cash")] == pytest.approx(46)

    def test_every_service_needs_exactly_one_group(self) -> None:
        history = [ArrivalCount(weeks_before(MONDAY, 1), 9, "cash", 5)]
        targets = [ServiceTarget("cash", 360, 300), ServiceTarget("loan", 1500, 1200)]
        with pytest.raises(InvalidInput, match="belong to no skill group"):
            plan_staffing(history, targets, [SkillGroup("tellers", ("cash",))], MONDAY)
        with pytest.raises(InvalidInput, match="give it to one"):
            plan_staffing(
                history, targets, [SkillGroup("a", ("cash", "loan")), SkillGroup("b", ("loan",))], MONDAY
            )

    def test_history_services_need_targets(self) -> None:
        history = [ArrivalCount(weeks_before(MONDAY, 1), 9, "fx", 5)]
        with pytest.raises(InvalidInput, match="without a target"):
            plan_staffing(history, [ServiceTarget("cash", 360, 300)], [SkillGroup("t", ("cash",))], MONDAY)

    def test_service_level_must_be_a_share(self) -> None:
        with pytest.raises(InvalidInput) as caught:
            plan_staffing(
                [], [ServiceTarget("cash", 360, 300, service_level=80)], [SkillGroup("t", ("cash",))], MONDAY
            )
        assert caught.value.field == "service_level"

    def test_impossible_loads_are_reported_not_looped_on(self) -> None:
        target = ServiceTarget("cash", 360, 60)
        with pytest.raises(InvalidInput, match="more than 200 counters"):
            size_group(9, SkillGroup("t", ("cash",)), {"cash": 46_000}, {"cash": target})


class TestAbandonmentCap:
    def test_a_cap_on_leaving_customers_can_need_more_counters(self) -> None:
        # lambda 2.5/h, 1-hour service, patience 2 h: three counters lose 13.05%, four lose fewer.
        loose = ServiceTarget("loan", HOUR, HOUR / 2, service_level=0.5, mean_patience_s=2 * HOUR)
        capped = ServiceTarget("loan", HOUR, HOUR / 2, 0.5, 2 * HOUR, max_abandonment=0.10)
        group = SkillGroup("advisors", ("loan",))
        assert size_group(9, group, {"loan": 2.5}, {"loan": loose}).counters == 3
        cell = size_group(9, group, {"loan": 2.5}, {"loan": capped})
        assert cell.counters == 4 and cell.abandon_probability <= 0.10

    def test_a_cap_needs_a_known_patience(self) -> None:
        history = [ArrivalCount(weeks_before(MONDAY, 1), 9, "cash", 5)]
        target = ServiceTarget("cash", 360, 300, max_abandonment=0.05)
        with pytest.raises(InvalidInput) as caught:
            plan_staffing(history, [target], [SkillGroup("t", ("cash",))], MONDAY)
        assert caught.value.field == "max_abandonment"
