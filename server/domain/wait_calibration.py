"""Learned 80% intervals (and bias correction) from a predictor's own past errors.

Each predictor remembers the first estimate it gave a ticket; when the ticket is called (or found
abandoned) the ratio of the real wait to that estimate is filed under the estimate's size (and, for
predictors that ask for it, the hour of day: lunch breaks and surges bend estimates the same way every
day). Quantiles of those ratios give the interval; their mean corrects a systematic bias. Ratios are
taken on waits padded by `PAD_S` so a near-zero estimate does not explode them.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict, deque

import numpy as np

from .queue import QueuedTicket, QueueSnapshot
from .wait_learning import Contest
from .wait_model import LearningHooks, WaitEstimate

PAD_S = 60.0
BUCKET_EDGES_S = (60.0, 180.0, 360.0, 600.0, 900.0, 1500.0, 2400.0)
MIN_SAMPLES = 40
HISTORY = 3000
LOW_Q, HIGH_Q = 0.10, 0.90
SECONDS_PER_DAY = 86_400.0

Factors = tuple[float, float, float]


class ResidualCalibrator:
    """Recent log ratios of real to estimated wait, by (context, estimate-size bucket)."""

    def __init__(self) -> None:
        self._ratios: dict[tuple[int | None, int | None], deque[float]] = defaultdict(
            lambda: deque(maxlen=HISTORY)
        )
        self._cache: dict[tuple[int | None, int | None], Factors] = {}

    @staticmethod
    def bucket(estimate_s: float) -> int:
        return bisect.bisect_right(BUCKET_EDGES_S, estimate_s)

    def record(self, estimate_s: float, actual_s: float, context: int | None = None) -> None:
        """File one outcome; waits of zero say nothing about the size of a real wait and are skipped."""
        if actual_s <= 0.0:
            return
        log_ratio = math.log((actual_s + PAD_S) / (estimate_s + PAD_S))
        bucket = self.bucket(estimate_s)
        keys = [(None, None), (None, bucket)] + ([(context, bucket)] if context is not None else [])
        for key in keys:
            self._ratios[key].append(log_ratio)
            samples = self._ratios[key]
            if len(samples) >= MIN_SAMPLES:
                self._cache[key] = _factors(samples)

    def factors(self, estimate_s: float, context: int | None = None) -> Factors | None:
        """(centre, 10th, 90th percentile) of the real/estimate ratio, from the most specific key with data.

        Only reads: the factors are worked out when outcomes are recorded, so estimating changes nothing.
        """
        bucket = self.bucket(estimate_s)
        for key in ((context, bucket), (None, bucket), (None, None)):
            if key in self._cache:
                return self._cache[key]
        return None


def _factors(samples: deque[float]) -> Factors:
    """The centre lies between the geometric mean (near the median, which absolute error favours) and
    the arithmetic mean (which squared error favours)."""
    values = np.fromiter(samples, dtype=float)
    low, high = np.quantile(values, (LOW_Q, HIGH_Q))
    arithmetic, geometric = float(np.mean(np.exp(values))), float(math.exp(np.mean(values)))
    return (math.sqrt(arithmetic * geometric), float(math.exp(low)), float(math.exp(high)))


class CalibratedPredictor(LearningHooks):
    """Base for predictors whose interval (and optionally bias) is learned from their own errors.

    Subclasses implement `point_estimates(snapshot, learn)` -> {ticket_id: (estimate_s, position) or None},
    changing their state only when `learn` is true.

    `predict(snapshot)` changes nothing: ask it twice, get the same answer. What a predictor learns from
    the line itself (the first estimate each ticket was given, how long pauses last, which candidate
    estimates to score) it learns in `observe_queue(snapshot)`, which the server calls once per published
    re-estimation and which returns the estimates it published (the ones `predict` then repeats).
    """

    name = "calibrated"
    correct_bias = False
    """Baselines keep their textbook point estimate; only the BranchQ predictor rescales it."""
    calibrate_by_hour = False
    """Also learn errors by hour of day."""

    def __init__(self) -> None:
        self.calibrator = ResidualCalibrator()
        self._first_estimate: dict[int, tuple[float, float]] = {}
        self.correction = Contest(["none", "any", "hour"], default="none", squared=True)
        """Whether rescaling by past errors (by estimate size, or also by hour) has been seen to help."""

    def point_estimates(self, snapshot: QueueSnapshot, learn: bool = False) -> dict[int, tuple[float, int] | None]:
        raise NotImplementedError

    def predict(self, snapshot: QueueSnapshot) -> dict[int, WaitEstimate | None]:
        return self._estimate(snapshot, learn=False)

    def observe_queue(self, snapshot: QueueSnapshot) -> dict[int, WaitEstimate | None]:
        return self._estimate(snapshot, learn=True)

    def _estimate(self, snapshot: QueueSnapshot, learn: bool) -> dict[int, WaitEstimate | None]:
        estimates: dict[int, WaitEstimate | None] = {}
        hour = self._context(snapshot.now)
        for ticket_id, point in self.point_estimates(snapshot, learn).items():
            if point is None:
                estimates[ticket_id] = None
                continue
            raw, position = point
            if learn and ticket_id not in self._first_estimate:
                self._first_estimate[ticket_id] = (raw, snapshot.now)
                if self.correct_bias:
                    self._enter_correction_contest(ticket_id, raw, hour, snapshot.now)
            estimates[ticket_id] = self._with_interval(raw, position, hour, self.correction.leader)
        return estimates

    def _enter_correction_contest(self, ticket_id: int, raw: float, hour: int | None, now: float) -> None:
        guesses = {
            mode: self._with_interval(raw, 0, hour, mode).expected_s for mode in ("none", "any", "hour")
        }
        self.correction.enter(ticket_id, now, guesses)

    def _context(self, at: float) -> int | None:
        return int((at % SECONDS_PER_DAY) // 3600.0) if self.calibrate_by_hour else None

    def _with_interval(
        self, raw: float, position: int, hour: int | None, correction: str = "none"
    ) -> WaitEstimate:
        """The interval from past errors (by hour when known); the centre rescaled if `correction` says so."""
        factors = self.calibrator.factors(raw, hour)
        if factors is None:
            return WaitEstimate(expected_s=raw, low_s=0.5 * raw, high_s=1.5 * raw, position=position)
        _, low, high = factors
        padded = raw + PAD_S
        expected = raw
        if self.correct_bias and correction != "none":
            centre_factors = self.calibrator.factors(raw, hour if correction == "hour" else None)
            expected = max(0.0, padded * centre_factors[0] - PAD_S)
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
        self.calibrator.record(estimate, at - made_at, self._context(made_at))
        self.correction.settle(ticket.ticket_id, at)
        if len(self._first_estimate) > 5000:
            self._forget_older_than(at - SECONDS_PER_DAY)

    def _forget_older_than(self, cutoff: float) -> None:
        """Tickets that expired unseen would otherwise be remembered forever."""
        for ticket_id in [t for t, (_, made_at) in self._first_estimate.items() if made_at < cutoff]:
            del self._first_estimate[ticket_id]
