"""Learned 80% intervals (and bias correction) from a predictor's own past errors.

Each predictor remembers the first estimate it gave a ticket; when the ticket is called (or found
abandoned) the ratio of the real wait to that estimate is filed under the estimate's size. Quantiles of
those ratios give the interval; their mean corrects a systematic bias. Ratios are taken on waits padded
by `PAD_S` so a near-zero estimate does not explode them.
"""

from __future__ import annotations

import math
from collections import deque

import numpy as np

from .queue import QueuedTicket, QueueSnapshot
from .wait_model import LearningHooks, WaitEstimate

PAD_S = 60.0
BUCKET_EDGES_S = (60.0, 180.0, 360.0, 600.0, 900.0, 1500.0, 2400.0)
MIN_SAMPLES = 40
REFRESH_EVERY = 25
HISTORY = 3000
LOW_Q, HIGH_Q = 0.10, 0.90


class ResidualCalibrator:
    """Per estimate-size bucket: recent log ratios of real to estimated wait."""

    def __init__(self) -> None:
        self._ratios = [deque(maxlen=HISTORY) for _ in range(len(BUCKET_EDGES_S) + 1)]
        self._pooled: deque[float] = deque(maxlen=HISTORY)
        self._cache: dict[int, tuple[float, float, float]] = {}
        self._fresh = [0] * (len(BUCKET_EDGES_S) + 1)

    @staticmethod
    def bucket(estimate_s: float) -> int:
        return sum(1 for edge in BUCKET_EDGES_S if estimate_s >= edge)

    def record(self, estimate_s: float, actual_s: float) -> None:
        """File one outcome; waits of zero say nothing about the size of a real wait and are skipped."""
        if actual_s <= 0.0:
            return
        log_ratio = math.log((actual_s + PAD_S) / (estimate_s + PAD_S))
        index = self.bucket(estimate_s)
        self._ratios[index].append(log_ratio)
        self._pooled.append(log_ratio)
        self._fresh[index] += 1
        if self._fresh[index] >= REFRESH_EVERY:
            self._fresh[index] = 0
            self._cache.pop(index, None)

    def factors(self, estimate_s: float) -> tuple[float, float, float] | None:
        """(mean, 10th, 90th percentile) of the real/estimate ratio for an estimate of this size."""
        index = self.bucket(estimate_s)
        if index not in self._cache:
            samples = self._ratios[index] if len(self._ratios[index]) >= MIN_SAMPLES else self._pooled
            if len(samples) < MIN_SAMPLES:
                return None
            values = np.fromiter(samples, dtype=float)
            low, high = np.quantile(values, (LOW_Q, HIGH_Q))
            self._cache[index] = (float(np.mean(np.exp(values))), float(math.exp(low)), float(math.exp(high)))
        return self._cache[index]


class CalibratedPredictor(LearningHooks):
    """Base for predictors whose interval (and optionally bias) is learned from their own errors.

    Subclasses implement `point_estimates(snapshot)` -> {ticket_id: (estimate_s, position) or None}.
    """

    name = "calibrated"
    correct_bias = False
    """Baselines keep their textbook point estimate; only the BranchQ predictor rescales it."""

    def __init__(self) -> None:
        self.calibrator = ResidualCalibrator()
        self._first_estimate: dict[int, tuple[float, float]] = {}

    def point_estimates(self, snapshot: QueueSnapshot) -> dict[int, tuple[float, int] | None]:
        raise NotImplementedError

    def predict(self, snapshot: QueueSnapshot) -> dict[int, WaitEstimate | None]:
        estimates: dict[int, WaitEstimate | None] = {}
        points = self.point_estimates(snapshot)
        for ticket_id, point in points.items():
            if point is None:
                estimates[ticket_id] = None
                continue
            raw, position = point
            if ticket_id not in self._first_estimate:
                self._first_estimate[ticket_id] = (raw, snapshot.now)
            estimates[ticket_id] = self._with_interval(raw, position)
        return estimates

    def _with_interval(self, raw: float, position: int) -> WaitEstimate:
        factors = self.calibrator.factors(raw)
        if factors is None:
            return WaitEstimate(expected_s=raw, low_s=0.5 * raw, high_s=1.5 * raw, position=position)
        mean, low, high = factors
        padded = raw + PAD_S
        expected = max(0.0, padded * mean - PAD_S) if self.correct_bias else raw
        return WaitEstimate(
            expected_s=expected,
            low_s=max(0.0, padded * low - PAD_S),
            high_s=max(0.0, padded * high - PAD_S),
            position=position,
        )

    def observe_wait(self, ticket: QueuedTicket, called_at: float) -> None:
        self._learn_outcome(ticket, called_at)

    def observe_abandonment(self, ticket: QueuedTicket, at: float) -> None:
        self._learn_outcome(ticket, at)

    def _learn_outcome(self, ticket: QueuedTicket, at: float) -> None:
        first = self._first_estimate.pop(ticket.ticket_id, None)
        if first is None:
            return
        estimate, made_at = first
        self.calibrator.record(estimate, at - made_at)
        if len(self._first_estimate) > 5000:
            self._forget_older_than(at - 86_400.0)

    def _forget_older_than(self, cutoff: float) -> None:
        """Tickets that expired unseen would otherwise be remembered forever."""
        for ticket_id in [t for t, (_, made_at) in self._first_estimate.items() if made_at < cutoff]:
            del self._first_estimate[ticket_id]
