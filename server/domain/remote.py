"""Joining the queue from a phone, and the messages that tell a customer their turn nears. Pure, no I/O.

A remote ticket takes its number in the service's daily series like any other and keeps its place in the
line, but no counter calls it until its customer checks in at the branch (the kiosk scans the status page's
code, or the customer types the number). It comes with a time by which to arrive: not checked in by then,
it expires. `QueueSnapshot.eligible_for` leaves tickets `awaiting_arrival` out, so every calling policy
skips them; the wait predictors still count them, which is what keeping one's place means.

Notifications go out when a ticket with a phone number is `NEAR_FRONT_PLACES` from the front, when it is
called, and the day before an appointment (`reminder_due`). The gateway is retried with `retry_delay`
until `MAX_ATTEMPTS`.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum

from .errors import ConflictError, InvalidInput

NEAR_FRONT_PLACES = 3
"""A customer is told their turn nears when this many people (or fewer) are ahead of them."""
MIN_ARRIVAL = timedelta(minutes=20)
"""However short the line, a remote customer gets at least this long to reach the branch."""
MAX_ARRIVE_WITHIN_MIN = 240
MAX_DAILY_CAP = 10_000
MAX_ATTEMPTS = 8
"""Deliveries tried before a message is given up (the first try and seven retries)."""
REMINDER_FROM = time(10, 0)
"""Reminders for tomorrow's appointments go out from this branch-local time on (never at night)."""


class NotificationKind(StrEnum):
    NEAR = "near"
    """Three places from the front."""
    CALLED = "called"
    REMINDER = "reminder"
    """The day before an appointment."""


@dataclass(frozen=True, slots=True)
class RemoteQueueRule:
    """A branch's remote-queue setting: on or off, the daily cap, the longest time given to arrive."""

    enabled: bool
    daily_cap: int
    arrive_within: timedelta

    def check_join(self, joined_today: int) -> None:
        """Refuse a join the branch does not take now (switched off, or the day's cap reached)."""
        if not self.enabled:
            raise ConflictError(
                "this branch does not take remote queue tickets; please take a ticket at the branch",
                code="remote.disabled",
            )
        if joined_today >= self.daily_cap:
            raise ConflictError(
                "today's remote queue tickets are all taken; please take a ticket at the branch",
                code="remote.cap_reached", params={"cap": self.daily_cap},
            )

    def arrive_by(self, now: datetime, expected_wait_s: float | None) -> datetime:
        """When the customer must have checked in: by the time their turn is expected, at least
        `MIN_ARRIVAL` from now and at most the branch's `arrive_within`."""
        expected = timedelta(seconds=expected_wait_s) if expected_wait_s is not None else self.arrive_within
        allowed = min(max(expected, MIN_ARRIVAL), max(self.arrive_within, MIN_ARRIVAL))
        return (now + allowed).replace(microsecond=0)


def check_settings(daily_cap: int, arrive_within_min: int) -> None:
    if not 0 <= daily_cap <= MAX_DAILY_CAP:
        raise InvalidInput(
            f"the daily cap is between 0 and {MAX_DAILY_CAP}", field="daily_cap", code="remote.cap_range",
            params={"max": MAX_DAILY_CAP},
        )
    minimum = int(MIN_ARRIVAL.total_seconds() // 60)
    if not minimum <= arrive_within_min <= MAX_ARRIVE_WITHIN_MIN:
        raise InvalidInput(
            f"the time to arrive is between {minimum} and {MAX_ARRIVE_WITHIN_MIN} minutes",
            field="arrive_within_min", code="remote.arrive_within_range",
            params={"min": minimum, "max": MAX_ARRIVE_WITHIN_MIN},
        )


def check_arrival(arrive_by: datetime | None, checked_in_at: datetime | None, now: datetime) -> None:
    """May this ticket check in now? Only a remote ticket, once, by its arrive-by time."""
    if arrive_by is None:
        raise ConflictError(
            "this ticket was taken at the branch; it needs no check-in", field="ticket", code="remote.not_remote"
        )
    if checked_in_at is not None:
        raise ConflictError("this ticket is already checked in", field="ticket", code="remote.already_checked_in")
    if now > arrive_by:
        raise ConflictError(
            "the time to arrive has passed; please take a new ticket", field="ticket", code="remote.arrival_passed"
        )


def overdue(arrive_by: datetime | None, checked_in_at: datetime | None, now: datetime) -> bool:
    """A remote ticket whose customer did not check in by the arrive-by time: it expires."""
    return arrive_by is not None and checked_in_at is None and now > arrive_by


def is_near_front(people_ahead: int | None) -> bool:
    return people_ahead is not None and people_ahead <= NEAR_FRONT_PLACES


def reminder_due(slot_day: datetime, now_local: datetime) -> bool:
    """The day before an appointment, from `REMINDER_FROM` (both branch-local)."""
    return slot_day.date() - now_local.date() == timedelta(days=1) and now_local.time() >= REMINDER_FROM


def retry_delay(attempts: int) -> timedelta:
    """Wait before the next delivery after `attempts` failed ones: 10 s, 20 s, 40 s ... at most 30 minutes."""
    return timedelta(seconds=min(10 * 2 ** max(attempts - 1, 0), 1800))


def webhook_signature(secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 (hex) of `<timestamp>.<body>` with the shared secret: the gateway recomputes it, and
    refuses a timestamp too old, so a captured request cannot be replayed later."""
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
