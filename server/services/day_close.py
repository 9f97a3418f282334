"""End of the business day: tickets still open from an earlier day expire.

Run periodically by the server (and safe to run any time): it only touches tickets whose business
day, in the branch's own time zone, is already over.
"""

from __future__ import annotations

from sqlalchemy import select

from server.db.models import Branch, Ticket
from server.domain.enums import EventType, TicketAction, TicketStatus
from server.domain.lifecycle import next_status
from server.domain.numbering import business_day
from server.services.unit_of_work import SYSTEM, Changes

OPEN_STATUSES = (TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING)


def expire_stale_tickets(changes: Changes) -> int:
    """Expire every open ticket of a past business day; returns how many expired."""
    with changes.db.read() as session:
        branch_ids = session.scalars(select(Branch.id).where(Branch.active.is_(True))).all()
    return sum(_expire_branch(changes, branch_id) for branch_id in branch_ids)


def _expire_branch(changes: Changes, branch_id: int) -> int:
    with changes.begin(branch_id, actor=SYSTEM) as change:
        today = business_day(change.now, change.branch.time_zone)
        stale = change.session.scalars(
            select(Ticket).where(
                Ticket.branch_id == branch_id, Ticket.status.in_(OPEN_STATUSES), Ticket.business_day < today
            )
        ).all()
        for ticket in stale:
            ticket.status = next_status(ticket.status, TicketAction.EXPIRE)
            ticket.finished_at = change.now
            change.record(
                EventType.TICKET_EXPIRED,
                {"ticket_id": ticket.id, "number": ticket.number, "business_day": ticket.business_day.isoformat()},
            )
        return len(stale)
