"""Keeping every waiting ticket's estimate fresh, and pushing the ones that moved.

After each change the branch's predictor re-estimates the whole queue inside the same transaction;
estimates that moved by a minute or more (or are new) go out as one `estimates.changed` event.
"""

from __future__ import annotations

from sqlalchemy import select

from server.db.models import Ticket
from server.domain.enums import EventType
from server.domain.prediction import WaitEstimate
from server.services.queue_engines import QueueEngines
from server.services.unit_of_work import Change

PUSH_THRESHOLD_S = 60


def current_estimates(change: Change, engines: QueueEngines) -> dict[int, WaitEstimate | None]:
    """Estimates for the queue as this transaction has changed it so far."""
    change.session.flush()
    return engines.estimates(change.session, change.branch, change.now)


def push_moved_estimates(change: Change, engines: QueueEngines, estimates: dict[int, WaitEstimate | None]) -> None:
    """Record one `estimates.changed` event for the estimates that moved by a minute or more."""
    engine = engines.for_branch(change.branch)
    moved = _moved(estimates, engine.last_pushed)
    if moved:
        numbers = dict(
            change.session.execute(select(Ticket.id, Ticket.number).where(Ticket.id.in_(list(moved)))).all()
        )
        change.record(
            EventType.ESTIMATES_CHANGED,
            {"estimates": [_entry(ticket_id, numbers.get(ticket_id), moved[ticket_id]) for ticket_id in sorted(moved)]},
        )
    pushed = {tid: round(e.expected_s) for tid, e in estimates.items() if e is not None}

    def remember() -> None:
        engine.last_pushed.clear()
        engine.last_pushed.update(pushed)

    change.after_commit(remember)


def _moved(
    estimates: dict[int, WaitEstimate | None], last_pushed: dict[int, int]
) -> dict[int, WaitEstimate]:
    moved: dict[int, WaitEstimate] = {}
    for ticket_id, estimate in estimates.items():
        if estimate is None:
            continue
        previous = last_pushed.get(ticket_id)
        if previous is None or abs(round(estimate.expected_s) - previous) >= PUSH_THRESHOLD_S:
            moved[ticket_id] = estimate
    return moved


def _entry(ticket_id: int, number: str | None, estimate: WaitEstimate) -> dict[str, object]:
    return {
        "ticket_id": ticket_id,
        "number": number,
        "position": estimate.position,
        "estimated_wait_s": round(estimate.expected_s),
        "estimated_wait_low_s": round(estimate.low_s),
        "estimated_wait_high_s": round(estimate.high_s),
    }

