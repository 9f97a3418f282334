"""The simulator reproduces queueing theory (reference numbers in shared/research/queueing.md).

M/M/3 with lambda 2.5 and mu 1 per minute: Erlang C, Erlang A with theta 0.5, and Cobham's two-class
non-preemptive priority. Each replication is a 40-hour day; customers of the first 200 minutes (the
warm-up from an empty branch) are left out. Mean waits are strongly autocorrelated, so the comparison
is against three standard errors across replications.
"""

from __future__ import annotations

import numpy as np
import pytest

from bench.sim.customers import DAY_SECONDS, day_customers
from bench.sim.engine import simulate_day
from server.domain.calling import make_policy
from server.domain.enums import PriorityTier

from .helpers import single_service

REPLICATIONS = 30
WARM_UP_S = 200 * 60.0

pytestmark = pytest.mark.slow


def _replications(scenario, replications: int = REPLICATIONS) -> list[list]:
    """Per replication, the outcomes of customers who arrived after the warm-up."""
    runs = []
    for day in range(replications):
        customers = day_customers(scenario, day, seed=2024)
        outcomes = simulate_day(scenario, day, customers, make_policy("fifo"))
        runs.append([o for o in outcomes if o.customer.arrival_s - day * DAY_SECONDS > WARM_UP_S])
    return runs


def _estimate(runs: list[list], statistic) -> tuple[float, float]:
    values = np.asarray([statistic(kept) for kept in runs])
    return float(values.mean()), float(values.std(ddof=1) / np.sqrt(len(values)))


def _assert_within_three_standard_errors(observed: tuple[float, float], theory: float) -> None:
    mean, standard_error = observed
    assert abs(mean - theory) <= 3 * standard_error, (
        f"simulated {mean:.4f} +- {standard_error:.4f}, theory {theory}"
    )
    assert standard_error < 0.05 * theory, "too few replications for the comparison to mean anything"


def _waits_min(kept) -> np.ndarray:
    return np.array([o.wait_s for o in kept]) / 60.0


@pytest.fixture(scope="module")
def erlang_c_runs():
    return _replications(single_service())


def test_mean_wait_matches_erlang_c(erlang_c_runs):
    _assert_within_three_standard_errors(_estimate(erlang_c_runs, lambda k: _waits_min(k).mean()), 1.4045)


def test_probability_of_waiting_matches_erlang_c(erlang_c_runs):
    _assert_within_three_standard_errors(
        _estimate(erlang_c_runs, lambda k: np.mean(_waits_min(k) > 0)), 0.7022
    )


def test_wait_distribution_matches_erlang_c(erlang_c_runs):
    _assert_within_three_standard_errors(
        _estimate(erlang_c_runs, lambda k: np.mean(_waits_min(k) <= 0.5)), 0.4531
    )


def test_silent_abandonment_matches_erlang_a():
    runs = _replications(single_service(patience={"distribution": "exponential", "mean_min": 2.0}))
    _assert_within_three_standard_errors(_estimate(runs, lambda k: np.mean([o.abandoned for o in k])), 0.1305)


def test_two_priority_classes_match_cobham():
    runs = _replications(single_service(vip_share=0.4))

    def class_wait(tier):
        return lambda kept: np.mean([o.wait_s for o in kept if o.customer.priority is tier]) / 60.0

    _assert_within_three_standard_errors(_estimate(runs, class_wait(PriorityTier.VIP)), 0.3511)
    _assert_within_three_standard_errors(_estimate(runs, class_wait(PriorityTier.REGULAR)), 2.107)
