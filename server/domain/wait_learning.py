"""What a branch's own history teaches about its queue: service times, silent leavers, arrival rates.

Each learner takes the events the server already records and answers one question cheaply, because the
predictor asks them for every waiting ticket at every queue event.
"""

from __future__ import annotations

import math
from collections import defaultdict, deque

import numpy as np

from .enums import PriorityTier

MIN_COUNTER_SAMPLES = 30
SERVICE_PRIOR = 20
HOUR_PRIOR = 50
RESIDUAL_PRIOR = 10
RESIDUAL_HISTORY = 2000
SECONDS_PER_DAY = 86_400.0


class _Moments:
    __slots__ = ("count", "total")

    def __init__(self) -> None:
        self.count, self.total = 0, 0.0

    def add(self, value: float) -> None:
        self.count += 1
        self.total += value

    @property
    def mean(self) -> float:
        return self.total / self.count


class ServiceTimes:
    """Mean service time per service, refined by hour and by counter; time left of a running service.

    Every learned figure is shrunk toward the coarser one by pseudo-counts, so the first services of a
    new branch, hour or teller do not swing the estimate, and the configured mean is the prior of all.
    """

    def __init__(self) -> None:
        self._by_service: dict[str, _Moments] = defaultdict(_Moments)
        self._by_hour: dict[tuple[str, int], _Moments] = defaultdict(_Moments)
        self._by_counter: dict[tuple[str, int], _Moments] = defaultdict(_Moments)
        self._recent: dict[str, deque[float]] = defaultdict(lambda: deque(maxlen=RESIDUAL_HISTORY))
        self._sorted: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._stale: dict[str, int] = defaultdict(int)

    def observe(
        self, service_code: str, counter_id: int, duration_s: float, started_at: float | None = None
    ) -> None:
        self._by_service[service_code].add(duration_s)
        self._by_counter[(service_code, counter_id)].add(duration_s)
        if started_at is not None:
            self._by_hour[(service_code, _hour(started_at))].add(duration_s)
        self._recent[service_code].append(duration_s)
        self._stale[service_code] += 1
        recent = self._recent[service_code]
        if len(recent) >= 20 and (service_code not in self._sorted or self._stale[service_code] >= 50):
            self._stale[service_code] = 0
            ordered = np.sort(np.fromiter(recent, dtype=float))
            self._sorted[service_code] = (ordered, np.concatenate((np.cumsum(ordered[::-1])[::-1], [0.0])))

    def mean(self, service_code: str, counter_id: int, configured_s: float, at: float | None = None) -> float:
        """Expected duration of a service of `service_code` at `counter_id`, starting around `at`."""
        service = _shrunk(self._by_service.get(service_code), configured_s, SERVICE_PRIOR)
        if at is not None:
            service = _shrunk(self._by_hour.get((service_code, _hour(at))), service, HOUR_PRIOR)
        counter = self._by_counter.get((service_code, counter_id))
        if counter is None or counter.count < MIN_COUNTER_SAMPLES:
            return service
        overall = _shrunk(self._by_service.get(service_code), configured_s, SERVICE_PRIOR)
        return service * _shrunk(counter, overall, MIN_COUNTER_SAMPLES) / overall

    def remaining(self, service_code: str, elapsed_s: float, configured_s: float) -> float:
        """Expected time left of a service that has already run `elapsed_s`: E[D - e | D > e].

        Read off the service's recent durations, shrunk toward the memoryless prior (the mean itself).
        """
        typical = self.mean(service_code, -1, configured_s)
        prior = typical
        table = self._table(service_code)
        if table is None:
            return prior
        ordered, suffix_sums = table
        index = int(np.searchsorted(ordered, elapsed_s, side="right"))
        tail = len(ordered) - index
        observed_excess = float(suffix_sums[index]) - elapsed_s * tail
        return (observed_excess + RESIDUAL_PRIOR * prior) / (tail + RESIDUAL_PRIOR)

    def _table(self, service_code: str) -> tuple[np.ndarray, np.ndarray] | None:
        """Recent durations sorted, with suffix sums (worked out in `observe`, so reading changes nothing)."""
        return self._sorted.get(service_code)


class Abandonment:
    """How likely a ticket's holder has left by the time it is called, as a function of its wait.

    Silent leavers are only discovered when called, so the leaving time is interval-censored: the
    exponential rate is fitted by EM, and where a wait bucket has enough history its own observed ghost
    ratio is used instead (patience is rarely exponential).
    """

    BUCKET_S = 120.0
    BUCKETS = 40
    MIN_BUCKET = 25

    def __init__(self) -> None:
        self._ghosts = [0] * self.BUCKETS
        self._totals = [0] * self.BUCKETS
        self._served_wait_total = 0.0
        self._ghost_waits: deque[float] = deque(maxlen=5000)
        self._served_count = 0
        self.rate_per_s = 0.0
        self._since_fit = 0

    def _bucket(self, wait_s: float) -> int:
        """The wait's bucket (of a wait not below zero); the last holds every longer wait."""
        return min(int(wait_s // self.BUCKET_S), self.BUCKETS - 1)

    def observe(self, wait_s: float, abandoned: bool) -> None:
        index = self._bucket(wait_s)
        self._totals[index] += 1
        if abandoned:
            self._ghosts[index] += 1
            self._ghost_waits.append(wait_s)
        else:
            self._served_wait_total += wait_s
            self._served_count += 1
        self._since_fit += 1
        if self._since_fit >= 50:
            self._since_fit = 0
            self._fit_rate()

    def _fit_rate(self) -> None:
        if not self._ghost_waits:
            self.rate_per_s = 0.0
            return
        ghosts = np.fromiter(self._ghost_waits, dtype=float)
        rate = len(ghosts) / (self._served_wait_total + float(ghosts.sum()) / 2.0 + 1e-9)
        for _ in range(20):
            survival = np.exp(-rate * ghosts)
            expected_leave = 1.0 / rate - ghosts * survival / np.maximum(1.0 - survival, 1e-12)
            rate = len(ghosts) / (self._served_wait_total + float(expected_leave.sum()) + 1e-9)
        self.rate_per_s = rate

    def gone_probability(self, wait_s: float) -> float:
        """P(a ticket called after waiting `wait_s` finds its holder gone).

        A call predicted before the ticket's arrival (the clock stepped back since) counts as no wait: a
        negative wait once indexed the buckets from the end, or past it."""
        wait_s = max(0.0, wait_s)
        index = self._bucket(wait_s)
        if self._totals[index] >= self.MIN_BUCKET:
            return self._ghosts[index] / self._totals[index]
        return 1.0 - math.exp(-self.rate_per_s * wait_s)


class ArrivalRates:
    """Arrivals per hour of day, per service and tier, averaged over the days seen."""

    def __init__(self) -> None:
        self._counts: dict[tuple[int, str, PriorityTier], int] = defaultdict(int)
        self._days: set[int] = set()

    def observe(self, service_code: str, priority: PriorityTier, at: float) -> None:
        self._days.add(int(at // SECONDS_PER_DAY))
        self._counts[(_hour(at), service_code, priority)] += 1

    def per_second(self, service_code: str, priority: PriorityTier, at: float) -> float:
        if not self._days:
            return 0.0
        return self._counts.get((_hour(at), service_code, priority), 0) / len(self._days) / 3600.0


def _shrunk(moments: _Moments | None, prior_mean: float, prior_count: float) -> float:
    if moments is None:
        return prior_mean
    return (moments.total + prior_count * prior_mean) / (moments.count + prior_count)


def _hour(at: float) -> int:
    return int((at % SECONDS_PER_DAY) // 3600.0)


class Contest:
    """Alternative ways of estimating, scored on the same tickets; the one with least error leads.

    Each ticket's first guesses are entered when it is first estimated and settled against its real
    wait. With `decide_after`, the leader is frozen after that many settled tickets (and guesses are
    no longer stored), so a settled question costs nothing more.
    """

    def __init__(self, names: list, default, decide_after: int | None = None, squared: bool = False) -> None:
        self._errors = dict.fromkeys(names, 0.0)
        self._default = default
        self._decide_after = decide_after
        self._squared = squared
        self._guesses: dict[int, tuple[float, dict]] = {}
        self.settled_count = 0
        self.decided = None

    @property
    def leader(self):
        if self.decided is not None:
            return self.decided
        if self.settled_count < 100:
            return self._default
        return min(self._errors, key=self._errors.get)

    def enter(self, ticket_id: int, made_at: float, guesses: dict) -> None:
        """Guesses of the remaining wait from `made_at`; only a ticket's first guesses count."""
        if self.decided is None and ticket_id not in self._guesses:
            self._guesses[ticket_id] = (made_at, guesses)

    def settle(self, ticket_id: int, called_at: float) -> None:
        entry = self._guesses.pop(ticket_id, None)
        if entry is None:
            return
        made_at, guesses = entry
        actual_s = max(called_at - made_at, 0.0)
        for name, guess in guesses.items():
            if self._squared:
                self._errors[name] += (actual_s - guess) ** 2
            else:
                self._errors[name] += abs(math.log((actual_s + 60.0) / (guess + 60.0)))
        self.settled_count += 1
        if self._decide_after is not None and self.settled_count >= self._decide_after:
            self.decided = min(self._errors, key=self._errors.get)
            self._guesses.clear()
        elif len(self._guesses) > 20_000:
            self._guesses.clear()
