"""From customer outcomes to the benchmark's figures: waits, service levels, punctuality, predictor error.

Definitions (also in bench/README.md):
- waits are those of served customers (call time - ticket time);
- service level of a service = served within its target / (served + abandoned);
- abandonment rate = customers who left silently / customers who took a ticket;
- appointment punctuality = appointment customers served and called no later than 5 min after their slot /
  appointment customers who checked in;
- predictors are scored on customers who had to wait, against the wait they had or, for those who left,
  would have had (the moment their ghost ticket was skipped): MAE, RASE = mean squared error / mean wait^2,
  and the share of waits inside the 80% interval.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from .customers import DAY_SECONDS
from .engine import Outcome
from .scenario import Scenario

PUNCTUALITY_GRACE_S = 300.0


@dataclass
class OutcomeTable:
    """Columns of every outcome of one policy over the run (compact, so 200 days stay small)."""

    predictor_names: Sequence[str]
    service: list[str] = field(default_factory=list)
    hour: list[int] = field(default_factory=list)
    """Hour of day the ticket was taken."""
    wait: list[float] = field(default_factory=list)
    abandoned: list[bool] = field(default_factory=list)
    appointment_late: list[float] = field(default_factory=list)
    """Call time minus slot for appointment customers, nan otherwise."""
    estimates: dict[str, list[tuple[float, float, float]]] = field(default_factory=dict)

    def extend(self, outcomes: Iterable[Outcome]) -> None:
        nan = math.nan
        for name in self.predictor_names:
            self.estimates.setdefault(name, [])
        for outcome in outcomes:
            customer = outcome.customer
            self.service.append(customer.service_code)
            self.hour.append(int((customer.arrival_s % DAY_SECONDS) // 3600))
            wait = outcome.wait_s
            self.wait.append(nan if wait is None else wait)
            self.abandoned.append(outcome.abandoned)
            late = nan
            if customer.appointment_at is not None:
                late = math.inf if not outcome.served else outcome.called_at - customer.appointment_at
            self.appointment_late.append(late)
            for name in self.predictor_names:
                estimate = outcome.predictions.get(name)
                self.estimates[name].append(
                    (nan, nan, nan)
                    if estimate is None
                    else (estimate.expected_s, estimate.low_s, estimate.high_s)
                )


def summarize(table: OutcomeTable, scenario: Scenario) -> dict:
    wait = np.asarray(table.wait, dtype=float)
    abandoned = np.asarray(table.abandoned, dtype=bool)
    service = np.asarray(table.service)
    called = ~np.isnan(wait)
    served = called & ~abandoned
    late = np.asarray(table.appointment_late, dtype=float)
    booked = ~np.isnan(late) & called
    report = {
        "customers": len(wait),
        "served": int(served.sum()),
        "abandoned": int(abandoned.sum()),
        "never_called": int((~called).sum()),
        "abandonment_rate": _share(abandoned.sum(), len(wait)),
        "waits_s": _wait_stats(wait[served]),
        "appointment_punctuality": _share((late[booked] <= PUNCTUALITY_GRACE_S).sum(), booked.sum()),
        "appointments": int(booked.sum()),
        "services": {},
        "predictors": {},
    }
    for spec in scenario.services:
        mine = service == spec.code
        within = served & mine & (wait <= spec.target_wait_min * 60.0)
        report["services"][spec.code] = {
            "customers": int(mine.sum()),
            "waits_s": _wait_stats(wait[served & mine]),
            "service_level": _share(within.sum(), (mine & called).sum()),
            "target_wait_s": spec.target_wait_min * 60.0,
            "abandonment_rate": _share((abandoned & mine).sum(), mine.sum()),
        }
    report["by_hour"] = _by_hour(np.asarray(table.hour), wait, served, abandoned)
    for name, rows in table.estimates.items():
        report["predictors"][name] = score_predictor(wait, np.asarray(rows, dtype=float).reshape(-1, 3))
    return report


def _by_hour(hour: np.ndarray, wait: np.ndarray, served: np.ndarray, abandoned: np.ndarray) -> dict:
    """Waits and abandonment by the hour customers arrived: where the lunch peak shows."""
    table = {}
    for value in np.unique(hour):
        mine = hour == value
        table[f"{int(value):02d}"] = {
            "customers": int(mine.sum()),
            "waits_s": _wait_stats(wait[mine & served]),
            "abandonment_rate": _share((abandoned & mine).sum(), mine.sum()),
        }
    return table


def score_predictor(wait: np.ndarray, estimates: np.ndarray) -> dict:
    """MAE, RASE and 80%-interval coverage on customers who had to wait (and got an estimate)."""
    scored = (wait > 0.0) & ~np.isnan(wait) & ~np.isnan(estimates[:, 0])
    actual, expected = wait[scored], estimates[scored, 0]
    if actual.size == 0:
        return {"scored": 0, "mae_s": None, "rase": None, "coverage_80": None, "mean_wait_s": None}
    error = actual - expected
    inside = (estimates[scored, 1] <= actual) & (actual <= estimates[scored, 2])
    return {
        "scored": int(actual.size),
        "mean_wait_s": float(actual.mean()),
        "mae_s": float(np.abs(error).mean()),
        "rase": float((error**2).mean() / actual.mean() ** 2),
        "bias_s": float(error.mean()),
        "coverage_80": float(inside.mean()),
    }


def _wait_stats(waits: np.ndarray) -> dict:
    if waits.size == 0:
        return {"count": 0, "mean": None, "p50": None, "p90": None, "p95": None}
    p50, p90, p95 = np.percentile(waits, (50, 90, 95))
    return {
        "count": int(waits.size),
        "mean": float(waits.mean()),
        "p50": float(p50),
        "p90": float(p90),
        "p95": float(p95),
    }


def _share(part: float, whole: float) -> float | None:
    return None if whole == 0 else float(part) / float(whole)
