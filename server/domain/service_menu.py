"""What the kiosk's menu says of each service: its state, how many wait, and what a newcomer would wait.

Pure rules, no I/O. The server derives the same summaries for the services answer
(`GET /branches/{code}/services`) and for the `service.summary` events the estimate refresher pushes when
a summary changes, so the kiosk's menu shown from the answer and kept live from the stream never disagree.

A service's state, first match wins:

    closed_for_day   the branch is closed and opens no more today (after closing, a holiday, a day off)
    before_opening   the branch is closed and opens later today (before the first period, or a break)
    no_counter_open  the branch is open but no open counter serves the service (reason: some are paused,
                     or all are closed)
    open             an open counter serves it
"""

from __future__ import annotations

from collections import Counter as Tally
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from .calendar import BranchCalendar
from .queue import QueueSnapshot
from .wait_model import WaitEstimate


class ServiceState(StrEnum):
    OPEN = "open"
    NO_COUNTER_OPEN = "no_counter_open"
    BEFORE_OPENING = "before_opening"
    CLOSED_FOR_DAY = "closed_for_day"


class StateReason(StrEnum):
    """Why a service is not open; the kiosk words it in the customer's language."""

    COUNTERS_PAUSED = "counters_paused"
    """Counters serving it are paused (a teller stepped away): they come back soon."""
    COUNTERS_CLOSED = "counters_closed"
    """No counter serving it is open or paused."""
    OPENS_LATER_TODAY = "opens_later_today"
    """Before the day's first opening period."""
    BREAK = "break"
    """Between two opening periods of the day (lunch)."""
    AFTER_CLOSING = "after_closing"
    """The day's last period has ended."""
    NOT_OPEN_TODAY = "not_open_today"
    """A holiday or a day without opening hours."""


@dataclass(frozen=True, slots=True)
class BranchOpening:
    """Whether the branch's doors are open now and, if not, why and when they open.

    Attributes:
        open_now: within an opening period.
        reason: when closed, one of the calendar reasons of `StateReason`.
        opens_at: when closed, the next opening (aware, in the branch's zone); None when none within a year.
    """

    open_now: bool
    reason: StateReason | None = None
    opens_at: datetime | None = None


def branch_opening(calendar: BranchCalendar, now: datetime) -> BranchOpening:
    """The branch's doors at `now`, by its calendar (weekly hours, holidays, make-up days).

    Runs on every re-estimation: an open branch costs one look at today's periods."""
    if calendar.is_open(now):
        return BranchOpening(open_now=True)
    today = calendar.local_day(now)
    openings = calendar.openings_on(today)
    following = calendar.next_opening(now)
    opens_at = following.astimezone(calendar.zone) if following is not None else None
    if not openings:
        return BranchOpening(False, StateReason.NOT_OPEN_TODAY, opens_at)
    if now < openings[0].opens:
        return BranchOpening(False, StateReason.OPENS_LATER_TODAY, opens_at)
    if now >= openings[-1].closes:
        return BranchOpening(False, StateReason.AFTER_CLOSING, opens_at)
    return BranchOpening(False, StateReason.BREAK, opens_at)


@dataclass(frozen=True, slots=True)
class ServiceSummary:
    """One line of the kiosk's menu, as the `service.summary` event carries it.

    Attributes:
        service: the service code.
        waiting: tickets waiting for it now.
        open_counters: open counters serving it.
        estimated_wait_s, estimated_wait_low_s, estimated_wait_high_s: what a customer taking a ticket now
            would be told, with its 80% range, in whole seconds (None when the predictor has no estimate).
        state, reason, opens_at: see the module's docstring; `opens_at` only while the branch is closed.
    """

    service: str
    waiting: int
    open_counters: int
    estimated_wait_s: int | None
    estimated_wait_low_s: int | None
    estimated_wait_high_s: int | None
    state: ServiceState
    reason: StateReason | None = None
    opens_at: datetime | None = None

    def as_payload(self) -> dict[str, object]:
        return {
            "service": self.service,
            "waiting": self.waiting,
            "open_counters": self.open_counters,
            "estimated_wait_s": self.estimated_wait_s,
            "estimated_wait_low_s": self.estimated_wait_low_s,
            "estimated_wait_high_s": self.estimated_wait_high_s,
            "state": self.state.value,
            "state_reason": None if self.reason is None else self.reason.value,
            "opens_at": None if self.opens_at is None else self.opens_at.isoformat(),
        }


def service_state(
    opening: BranchOpening, open_counters: int, paused_counters: int
) -> tuple[ServiceState, StateReason | None, datetime | None]:
    """A service's state, its reason and (when the branch is closed) when it opens."""
    if not opening.open_now:
        today = opening.reason in (StateReason.OPENS_LATER_TODAY, StateReason.BREAK)
        state = ServiceState.BEFORE_OPENING if today else ServiceState.CLOSED_FOR_DAY
        return state, opening.reason, opening.opens_at
    if open_counters:
        return ServiceState.OPEN, None, None
    reason = StateReason.COUNTERS_PAUSED if paused_counters else StateReason.COUNTERS_CLOSED
    return ServiceState.NO_COUNTER_OPEN, reason, None


def service_summaries(
    snapshot: QueueSnapshot,
    newcomer: Mapping[str, WaitEstimate | None],
    opening: BranchOpening,
    codes: Iterable[str] | None = None,
) -> dict[str, ServiceSummary]:
    """The summary of each service in `codes` (default: every service of the snapshot), by code.

    `newcomer` is the predictor's estimate for a regular ticket taken now, per service code.
    """
    waiting = Tally(ticket.service_code for ticket in snapshot.waiting)
    open_by = Tally(code for counter in snapshot.open_counters for code in set(counter.services))
    paused_by = Tally(code for counter in snapshot.paused_counters for code in set(counter.services))
    summaries = {}
    for code in snapshot.services if codes is None else codes:
        state, reason, opens_at = service_state(opening, open_by[code], paused_by[code])
        estimate = newcomer.get(code)
        summaries[code] = ServiceSummary(
            service=code,
            waiting=waiting[code],
            open_counters=open_by[code],
            estimated_wait_s=None if estimate is None else round(estimate.expected_s),
            estimated_wait_low_s=None if estimate is None else round(estimate.low_s),
            estimated_wait_high_s=None if estimate is None else round(estimate.high_s),
            state=state,
            reason=reason,
            opens_at=opens_at,
        )
    return summaries


def changed_summaries(
    current: Mapping[str, ServiceSummary], last_pushed: Mapping[str, ServiceSummary], threshold_s: int = 60
) -> list[ServiceSummary]:
    """The summaries worth pushing, in code order: new ones, and those whose count, counters or state moved,
    or whose estimate moved by `threshold_s` or more (or appeared or vanished)."""
    return [summary for code, summary in sorted(current.items()) if _moved(summary, last_pushed.get(code), threshold_s)]


def _moved(summary: ServiceSummary, before: ServiceSummary | None, threshold_s: int) -> bool:
    if before is None:
        return True
    same_facts = (summary.waiting, summary.open_counters, summary.state, summary.reason, summary.opens_at) == (
        before.waiting, before.open_counters, before.state, before.reason, before.opens_at
    )
    if not same_facts:
        return True
    now, then = summary.estimated_wait_s, before.estimated_wait_s
    if now is None or then is None:
        return (now is None) != (then is None)
    return abs(now - then) >= threshold_s
