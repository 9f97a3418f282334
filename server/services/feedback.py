"""Customer ratings: one per finished ticket, given with the ticket's token."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from server.db.models import Rating, Ticket
from server.domain.enums import EventType, TicketStatus
from server.domain.errors import ConflictError, InvalidInput
from server.services.lookups import ticket_by_id, ticket_by_token
from server.services.unit_of_work import Changes

MAX_COMMENT = 500


class FeedbackService:
    def __init__(self, changes: Changes) -> None:
        self.changes = changes

    def rate(self, token: str, score: int, comment: str = "") -> dict[str, Any]:
        if not 1 <= score <= 5:
            raise InvalidInput(
                "score must be a whole number from 1 to 5", field="score", code="feedback.score_invalid",
            )
        if len(comment) > MAX_COMMENT:
            raise InvalidInput(
                f"comment is longer than {MAX_COMMENT} characters", field="comment",
                code="feedback.comment_too_long", params={"max": MAX_COMMENT},
            )
        with self.changes.db.read() as session:
            ticket = ticket_by_token(session, token)
            branch_id, ticket_id = ticket.branch_id, ticket.id
        with self.changes.begin(branch_id) as change:
            ticket = ticket_by_id(change.session, ticket_id)
            _check_ratable(change.session, ticket)
            rating = Rating(
                ticket_id=ticket.id, branch_id=branch_id, score=score, comment=comment.strip(), created_at=change.now
            )
            change.session.add(rating)
            change.record(
                EventType.TICKET_RATED,
                {"ticket_id": ticket.id, "number": ticket.number, "counter_id": ticket.counter_id, "score": score},
            )
        return {"number": ticket.number, "score": score, "comment": rating.comment}


def _check_ratable(session: Any, ticket: Ticket) -> None:
    if ticket.status is not TicketStatus.DONE:
        raise ConflictError(
            "only a finished service can be rated", field="token", code="feedback.not_finished",
        )
    if session.scalar(select(Rating.id).where(Rating.ticket_id == ticket.id)) is not None:
        raise ConflictError(
            "this service has already been rated; thank you", field="token", code="feedback.already_rated",
        )
