"""Failure throttling: after too many failures a key is locked out for a while, longer each time.

Pure and clock-driven: every call takes `now`, so tests drive it with a fake clock. A key is whatever
the caller throttles by (`account:teller1`, `address:10.0.0.7`). The state lives in this process:
several server processes each keep their own, so an attacker spreading guesses over them gets that
many times the allowance (still bounded; put a shared store behind `Throttle` if that matters).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from math import ceil

from .errors import DomainError


class TooManyAttempts(DomainError):
    """Locked out after repeated failures (HTTP 429 with `Retry-After`); `params["retry_after_s"]` says how long."""

    default_code = "throttled"

    @property
    def retry_after_s(self) -> int:
        return int(self.params.get("retry_after_s", 60))


@dataclass(frozen=True, slots=True)
class ThrottlePolicy:
    """`max_failures` within `window` lock the key for `lockout`, doubled for every lockout that
    follows (up to `max_lockout`) until the key succeeds or stays quiet for `forget_after`."""

    max_failures: int = 5
    window: timedelta = timedelta(minutes=15)
    lockout: timedelta = timedelta(minutes=5)
    max_lockout: timedelta = timedelta(hours=1)
    forget_after: timedelta = timedelta(hours=24)
    max_keys: int = 100_000
    """Bound on remembered keys (unknown names by address could grow without end); stale keys go first."""

    def lockout_for(self, lockouts: int) -> timedelta:
        """The length of the `lockouts`-th lockout (1-based)."""
        return min(self.lockout * (2 ** min(lockouts - 1, 30)), self.max_lockout)


@dataclass(slots=True)
class _KeyState:
    failures: list[datetime] = field(default_factory=list)
    lockouts: int = 0
    locked_until: datetime | None = None
    last_seen: datetime | None = None


class Throttle:
    """Counts failures per key and answers whether a key is locked out. Thread-safe."""

    def __init__(self, policy: ThrottlePolicy | None = None) -> None:
        self.policy = policy or ThrottlePolicy()
        self._keys: dict[str, _KeyState] = {}
        self._lock = threading.Lock()

    def retry_after(self, key: str, now: datetime) -> int | None:
        """Whole seconds until `key` may try again, or None when it is not locked."""
        with self._lock:
            state = self._keys.get(key)
            if state is None or state.locked_until is None or now >= state.locked_until:
                return None
            return max(1, ceil((state.locked_until - now).total_seconds()))

    def record_failure(self, key: str, now: datetime) -> int | None:
        """Count a failure; the lockout in seconds when this failure locks the key, else None."""
        with self._lock:
            state = self._state(key, now)
            state.failures = [at for at in state.failures if now - at < self.policy.window] + [now]
            if len(state.failures) < self.policy.max_failures:
                return None
            state.failures = []
            state.lockouts += 1
            length = self.policy.lockout_for(state.lockouts)
            state.locked_until = now + length
            return int(length.total_seconds())

    def record_success(self, key: str) -> None:
        with self._lock:
            self._keys.pop(key, None)

    def _state(self, key: str, now: datetime) -> _KeyState:
        state = self._keys.get(key)
        if state is not None and state.last_seen is not None and now - state.last_seen >= self.policy.forget_after:
            state = None
        if state is None:
            if len(self._keys) >= self.policy.max_keys:
                self._forget_stalest()
            state = self._keys[key] = _KeyState()
        state.last_seen = now
        return state

    def _forget_stalest(self) -> None:
        by_age = sorted(self._keys, key=lambda k: self._keys[k].last_seen or datetime.min)
        for key in by_age[: max(1, len(by_age) // 10)]:
            del self._keys[key]
