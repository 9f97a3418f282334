"""The benchmark's figures mean what bench/README.md says they mean."""

from __future__ import annotations

import numpy as np
import pytest

from bench.sim.customers import Customer
from bench.sim.engine import Outcome
from bench.sim.metrics import OutcomeTable, score_predictor, summarize
from server.domain.enums import PriorityTier
from server.domain.prediction import WaitEstimate

from .helpers import single_service


def test_predictors_are_scored_only_on_customers_who_waited():
    wait = np.array([0.0, 100.0, 300.0, np.nan])
    estimates = np.array([[50.0, 0.0, 60.0], [100.0, 50.0, 150.0], [200.0, 100.0, 250.0], [10.0, 0.0, 20.0]])
    score = score_predictor(wait, estimates)
    assert score["scored"] == 2
    assert score["mae_s"] == pytest.approx(50.0)
    assert score["rase"] == pytest.approx((0.0 + 100.0**2) / 2 / 200.0**2)
    assert score["coverage_80"] == pytest.approx(0.5)


def _outcome(customer_id, wait, abandoned=False, appointment_late=None, estimate=None):
    appointment_at = None if appointment_late is None else 1000.0
    customer = Customer(
        customer_id,
        "A",
        1000.0 if appointment_late is None else 900.0,
        PriorityTier.REGULAR,
        60.0,
        float("inf"),
        appointment_at,
    )
    called = None if wait is None else customer.arrival_s + wait
    if appointment_late is not None:
        called = appointment_at + appointment_late
    outcome = Outcome(customer, called_at=called, abandoned=abandoned)
    if estimate is not None:
        outcome.predictions["ql"] = WaitEstimate(estimate, 0.0, 2 * estimate, 0)
    return outcome


def test_service_level_abandonment_and_punctuality_follow_their_definitions():
    scenario = single_service(hours=1)
    table = OutcomeTable(["ql"])
    table.extend(
        [
            _outcome(1, 10.0, estimate=10.0),
            _outcome(2, 100.0, estimate=10.0),
            _outcome(3, 20.0, abandoned=True),
            _outcome(4, None),
            _outcome(5, None, appointment_late=200.0),
            _outcome(6, None, appointment_late=400.0),
        ]
    )
    report = summarize(table, scenario)
    assert report["abandonment_rate"] == pytest.approx(1 / 6)
    assert report["never_called"] == 1
    assert report["services"]["A"]["service_level"] == pytest.approx(1 / 5)  # target 30 s: only customer 1
    assert report["appointment_punctuality"] == pytest.approx(0.5)
    assert report["waits_s"]["count"] == 4
