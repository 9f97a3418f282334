"""Rate limits for the public pages and their API: at most so many requests per key within a window.

The companion of `throttle` (which counts failures): this counts every request, so one address cannot
flood the booking pages. Pure and clock-driven (`now` passed in), thread-safe, bounded in the keys it
remembers, and in-process like the throttle: several server processes each keep their own count. Behind
a reverse proxy every customer shares the proxy's address, so limits are set for a crowd, not a person;
the per-phone booking limit is what holds one customer back.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta
from math import ceil

from .throttle import TooManyAttempts


@dataclass(frozen=True, slots=True)
class RatePolicy:
    """`limit` requests per `window` per key; `name` goes into the refusal (`rate.<name>`)."""

    name: str
    limit: int
    window: timedelta = timedelta(minutes=1)
    max_keys: int = 50_000


class RateLimit:
    """Counts requests per key in a sliding window and refuses those over the limit. Thread-safe."""

    def __init__(self, policy: RatePolicy) -> None:
        self.policy = policy
        self._seen: dict[str, deque[datetime]] = {}
        self._lock = threading.Lock()

    def take(self, key: str, now: datetime) -> None:
        """Count one request of `key`; raise `TooManyAttempts` (429, `Retry-After`) when over the limit."""
        wait = self._take(key, now)
        if wait is not None:
            raise TooManyAttempts(
                f"too many requests from this address; try again in {wait} seconds",
                code="rate.limited", params={"retry_after_s": wait},
            )

    def _take(self, key: str, now: datetime) -> int | None:
        with self._lock:
            seen = self._seen.get(key)
            if seen is None:
                if len(self._seen) >= self.policy.max_keys:
                    self._forget_stale(now)
                seen = self._seen[key] = deque()
            while seen and now - seen[0] >= self.policy.window:
                seen.popleft()
            if len(seen) >= self.policy.limit:
                return max(1, ceil((seen[0] + self.policy.window - now).total_seconds()))
            seen.append(now)
            return None

    def _forget_stale(self, now: datetime) -> None:
        stale = [key for key, seen in self._seen.items() if not seen or now - seen[-1] >= self.policy.window]
        for key in stale or list(self._seen)[: max(1, len(self._seen) // 10)]:
            del self._seen[key]
