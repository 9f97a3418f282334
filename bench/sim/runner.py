"""Run a scenario for many days under every calling policy, with every wait predictor listening.

Each day's customers are drawn once and replayed under each policy (common random numbers). Every policy
gets its own fresh predictors, built as the server builds them (told the branch's policy), which then
learn across the days of the run, only from what already happened.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from server.domain.calling import POLICIES, make_policy
from server.domain.prediction import PREDICTORS, make_predictor

from .customers import day_customers
from .engine import simulate_day
from .metrics import OutcomeTable, summarize
from .scenario import Scenario

PREDICTOR_ORDER = ("ql", "qlm", "les", "hol", "branchq")


def available_policies() -> list[str]:
    """Every policy the server offers (the baseline first)."""
    return sorted(POLICIES, key=lambda name: (name != "fifo", name))


def available_predictors() -> list[str]:
    known = [name for name in PREDICTOR_ORDER if name in PREDICTORS]
    return known + sorted(set(PREDICTORS) - set(known))


def run_benchmark(
    scenario: Scenario,
    days: int | None = None,
    seed: int | None = None,
    policies: Sequence[str] | None = None,
    predictors: Sequence[str] | None = None,
    on_day: Callable[[int], None] | None = None,
) -> dict:
    """Simulate and summarise; the result is the JSON document `branchq-sim` writes."""
    days = scenario.days if days is None else days
    seed = scenario.seed if seed is None else seed
    policy_names = list(policies) if policies is not None else available_policies()
    predictor_names = list(predictors) if predictors is not None else available_predictors()
    started = time.perf_counter()
    policy_objects = {name: make_policy(name) for name in policy_names}
    listeners = {
        name: {p: make_predictor(p, policy=policy_objects[name]) for p in predictor_names}
        for name in policy_names
    }
    tables = {name: OutcomeTable(predictor_names) for name in policy_names}
    timing: dict[str, list[float]] = {}
    for day_index in range(days):
        customers = day_customers(scenario, day_index, seed)
        for name in policy_names:
            outcomes = simulate_day(
                scenario, day_index, customers, policy_objects[name], listeners[name], timing
            )
            tables[name].extend(outcomes)
        if on_day is not None:
            on_day(day_index)
    return {
        "scenario": scenario.name,
        "days": days,
        "seed": seed,
        "policies": {name: summarize(tables[name], scenario) for name in policy_names},
        "elapsed_s": time.perf_counter() - started,
        "timing": {
            what: {"calls": int(calls), "total_s": seconds, "mean_us": 1e6 * seconds / max(calls, 1)}
            for what, (calls, seconds) in sorted(timing.items())
        },
    }
