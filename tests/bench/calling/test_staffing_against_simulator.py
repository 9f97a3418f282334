"""Staffing advice on the branch simulator: the recommended count meets the goal, one fewer does not."""

from __future__ import annotations

import pytest

from bench.sim.customers import day_customers
from bench.sim.engine import simulate_day
from bench.sim.metrics import OutcomeTable, summarize
from bench.sim.scenario import Scenario, parse_scenario
from server.domain.calling import PriorityFifoPolicy
from server.domain.erlang import erlang_c_wait_within
from server.domain.staffing import ServiceTarget, SkillGroup, size_group

ARRIVALS_PER_HOUR = 36.0
TARGET = ServiceTarget("A", mean_service_s=360.0, target_wait_s=120.0, service_level=0.8)


def branch(counters: int) -> Scenario:
    """A 24-hour M/M/s day (few start-up transients), exponential 6-minute services, nobody leaves."""
    return parse_scenario(
        {
            "day": {"open": "00:00", "close": "24:00"},
            "services": [
                {
                    "code": "A",
                    "mean_service_min": 6.0,
                    "cv": 1.0,
                    "distribution": "exponential",
                    "target_wait_min": 2,
                }
            ],
            "counters": [{"id": i + 1, "skills": ["A"]} for i in range(counters)],
            "arrivals": [{"from": "00:00", "to": "24:00", "rates": {"A": ARRIVALS_PER_HOUR}}],
        }
    )


def simulated_service_level(counters: int, days: int = 20) -> float:
    scenario = branch(counters)
    table = OutcomeTable([])
    for day in range(days):
        table.extend(
            simulate_day(scenario, day, day_customers(scenario, day, seed=3), PriorityFifoPolicy(), {})
        )
    return summarize(table, scenario)["services"]["A"]["service_level"]


def test_recommended_count_meets_the_goal_and_one_fewer_does_not() -> None:
    cell = size_group(10, SkillGroup("tellers", ("A",)), {"A": ARRIVALS_PER_HOUR}, {"A": TARGET})
    assert cell.counters == 6
    enough, short = simulated_service_level(cell.counters), simulated_service_level(cell.counters - 1)
    assert enough >= TARGET.service_level > short
    for counters, measured in ((cell.counters, enough), (cell.counters - 1, short)):
        predicted = erlang_c_wait_within(counters, ARRIVALS_PER_HOUR / 3600, 1 / TARGET.mean_service_s, 120.0)
        assert measured == pytest.approx(predicted, abs=0.03)
