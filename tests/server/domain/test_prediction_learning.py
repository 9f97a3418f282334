"""What the predictors learn from a branch's history, piece by piece."""

from __future__ import annotations

import numpy as np
import pytest

from server.domain.enums import PriorityTier
from server.domain.wait_learning import Abandonment, ArrivalRates, Contest, ServiceTimes


def test_patience_rate_is_recovered_from_tickets_found_abandoned_only_at_call_time():
    rng = np.random.default_rng(1)
    abandonment = Abandonment()
    for wait, patience in zip(rng.uniform(0, 1800, 4000), rng.exponential(600.0, 4000)):
        abandonment.observe(float(wait), abandoned=bool(patience < wait))
    assert abandonment.rate_per_s == pytest.approx(1 / 600.0, rel=0.1)
    assert abandonment.gone_probability(600.0) == pytest.approx(1 - np.exp(-1.0), abs=0.08)


def test_any_wait_has_a_probability_even_one_from_the_day_before_or_one_a_clock_step_made_negative():
    abandonment = Abandonment()
    for wait in range(0, 6000, 20):
        abandonment.observe(float(wait), abandoned=wait >= 3000)
    assert abandonment.gone_probability(86_400.0 + 3600.0) == 1.0  # the longest bucket's own ratio
    assert abandonment.gone_probability(-5000.0) == abandonment.gone_probability(0.0) == 0.0


def test_a_service_running_long_has_more_left_when_times_vary_and_less_when_they_do_not():
    rng = np.random.default_rng(2)
    varied, steady = ServiceTimes(), ServiceTimes()
    for exponential, lognormal in zip(rng.exponential(300.0, 1000), rng.lognormal(np.log(300.0), 0.1, 1000)):
        varied.observe("A", 1, float(exponential))
        steady.observe("A", 1, float(lognormal))
    assert varied.remaining("A", 0.0, 300.0) == pytest.approx(300.0, rel=0.1)
    assert varied.remaining("A", 300.0, 300.0) == pytest.approx(300.0, rel=0.2)
    assert steady.remaining("A", 250.0, 300.0) < 80.0


def test_a_teller_with_enough_history_gets_their_own_mean():
    times = ServiceTimes()
    for _ in range(100):
        times.observe("A", 1, 200.0)
        times.observe("A", 2, 400.0)
    assert times.mean("A", 1, 300.0) < 260.0
    assert times.mean("A", 2, 300.0) > 340.0
    assert times.mean("A", 3, 300.0) == pytest.approx(300.0)


def test_arrival_rates_are_averaged_per_hour_over_the_days_seen():
    rates = ArrivalRates()
    for day in range(4):
        for minute in range(0, 60, 6):
            rates.observe("A", PriorityTier.VIP, day * 86_400.0 + 10 * 3600.0 + minute * 60.0)
    assert rates.per_second("A", PriorityTier.VIP, 10.5 * 3600.0) == pytest.approx(10 / 3600.0)
    assert rates.per_second("A", PriorityTier.VIP, 11.5 * 3600.0) == 0.0


def test_a_contest_is_won_by_the_closer_guess_and_then_decided():
    contest = Contest(["close", "far"], default="far", decide_after=150)
    for ticket_id in range(150):
        contest.enter(ticket_id, 0.0, {"close": 100.0, "far": 400.0})
        contest.settle(ticket_id, 110.0)
    assert contest.decided == "close" and contest.leader == "close"


def test_an_hour_with_slower_services_gets_its_own_mean_once_seen_often():
    times = ServiceTimes()
    for day in range(20):
        for minute in range(0, 60, 6):
            times.observe("A", 1, 300.0, started_at=day * 86_400.0 + 9 * 3600.0 + minute * 60.0)
            times.observe("A", 1, 600.0, started_at=day * 86_400.0 + 12 * 3600.0 + minute * 60.0)
    morning = times.mean("A", -1, 450.0, at=9.5 * 3600.0)
    lunch = times.mean("A", -1, 450.0, at=12.5 * 3600.0)
    assert morning < 360.0 and lunch > 540.0
