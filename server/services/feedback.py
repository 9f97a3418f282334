"""Customer ratings: one per finished ticket, given with the ticket's token or the signed code of its QR code.

A rating is one tap (the score); the reasons (`server.domain.rating_reasons`) and a comment may come with it
or once just after it (`add_details`), so a customer who taps a star and closes the page has still rated.
The first rating stands, from the phone or the counter's customer screen alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from server.db.models import Rating, Ticket
from server.domain.enums import EventType, TicketStatus
from server.domain.errors import ConflictError, InvalidInput, NotFound
from server.domain.rating_reasons import BY_CODE, MAX_REASONS, OFFERED, ReasonCategory
from server.services.auth import Principal
from server.services.codes import CodeSigner
from server.services.lookups import ticket_by_id, ticket_by_token
from server.services.permissions import Operation, Target, authorize, authorize_branch
from server.services.unit_of_work import CUSTOMER, Actor, Changes

MAX_COMMENT = 500


def reasons_view() -> dict[str, Any]:
    """The list every screen offers: categories in order, and each reason with both labels."""
    return {
        "categories": [category.value for category in ReasonCategory],
        "max_reasons": MAX_REASONS,
        "reasons": [
            {"code": r.code, "category": r.category.value, "tone": r.tone.value, "label_zh": r.label_zh,
             "label_en": r.label_en}
            for r in OFFERED
        ],
    }


class FeedbackService:
    def __init__(self, changes: Changes, codes: CodeSigner) -> None:
        self.changes = changes
        self.codes = codes

    def rate(self, token: str, score: int, comment: str = "", reasons: Sequence[str] = ()) -> dict[str, Any]:
        if not 1 <= score <= 5:
            raise InvalidInput(
                "score must be a whole number from 1 to 5", field="score", code="feedback.score_invalid",
            )
        comment, reasons = _checked_details(comment, reasons)
        branch_id, ticket_id = self._ticket(token)
        with self.changes.begin(branch_id, actor=CUSTOMER) as change:
            ticket = ticket_by_id(change.session, ticket_id)
            _check_ratable(change.session, ticket)
            rating = Rating(
                ticket_id=ticket.id, branch_id=branch_id, score=score, comment=comment, reasons=reasons,
                detailed=False, created_at=change.now,
            )
            change.session.add(rating)
            change.record(
                EventType.TICKET_RATED,
                {"ticket_id": ticket.id, "number": ticket.number, "counter_id": ticket.counter_id, "score": score,
                 "reasons": reasons},
            )
        return _view(ticket.number, rating)

    def rate_at_counter(
        self, ticket_id: int, score: int, comment: str, reasons: Sequence[str], principal: Principal
    ) -> dict[str, Any]:
        """A rating given on the customer screen of the counter that served the ticket, through the teller's
        session (no customer token): score, reasons and comment at once; the first rating stands here too."""
        if not 1 <= score <= 5:
            raise InvalidInput(
                "score must be a whole number from 1 to 5", field="score", code="feedback.score_invalid",
            )
        comment, reasons = _checked_details(comment, reasons)
        with self.changes.db.read() as session:
            branch_id = ticket_by_id(session, ticket_id).branch_id
        authorize_branch(principal, Operation.RATE_TICKET, branch_id)
        with self.changes.begin(branch_id, actor=Actor.of(principal)) as change:
            ticket = ticket_by_id(change.session, ticket_id)
            counter = ticket.counter
            holder = counter.staff_id if counter is not None else None
            number = counter.number if counter is not None else None
            authorize(principal, Operation.RATE_TICKET, Target(branch_id, holder, number, is_ticket=True))
            _check_ratable(change.session, ticket)
            rating = Rating(
                ticket_id=ticket.id, branch_id=branch_id, score=score, comment=comment, reasons=reasons,
                detailed=bool(comment or reasons), via_counter=True, created_at=change.now,
            )
            change.session.add(rating)
            change.record(
                EventType.TICKET_RATED,
                {"ticket_id": ticket.id, "number": ticket.number, "counter_id": ticket.counter_id, "score": score,
                 "reasons": reasons, "via_counter": True},
            )
        return _view(ticket.number, rating)

    def add_details(self, token: str, comment: str = "", reasons: Sequence[str] = ()) -> dict[str, Any]:
        """Reasons and a comment for a rating given a moment ago with one tap; once, like the score."""
        comment, reasons = _checked_details(comment, reasons)
        if not comment and not reasons:
            raise InvalidInput("choose a reason or write a comment", field="reasons", code="feedback.details_empty")
        branch_id, ticket_id = self._ticket(token)
        with self.changes.begin(branch_id, actor=CUSTOMER) as change:
            ticket = ticket_by_id(change.session, ticket_id)
            rating = change.session.scalar(select(Rating).where(Rating.ticket_id == ticket.id))
            if rating is None:
                raise NotFound("this service has not been rated yet", field="token", code="feedback.not_rated")
            if rating.detailed or rating.reasons or rating.comment:
                raise ConflictError(
                    "the reasons for this rating were already given; thank you", field="token",
                    code="feedback.details_given",
                )
            rating.reasons, rating.comment, rating.detailed = reasons, comment, True
            change.record(
                EventType.TICKET_RATED,
                {"ticket_id": ticket.id, "number": ticket.number, "counter_id": ticket.counter_id,
                 "score": rating.score, "reasons": reasons, "details": True},
            )
        return _view(ticket.number, rating)

    def _ticket(self, token: str) -> tuple[int, int]:
        token = self.codes.ticket_token(token, self.changes.clock())
        with self.changes.db.read() as session:
            ticket = ticket_by_token(session, token)
            return ticket.branch_id, ticket.id


def _view(number: str, rating: Rating) -> dict[str, Any]:
    return {"number": number, "score": rating.score, "comment": rating.comment, "reasons": list(rating.reasons)}


def _checked_details(comment: str, reasons: Sequence[str]) -> tuple[str, list[str]]:
    if len(comment) > MAX_COMMENT:
        raise InvalidInput(
            f"comment is longer than {MAX_COMMENT} characters", field="comment",
            code="feedback.comment_too_long", params={"max": MAX_COMMENT},
        )
    unknown = [code for code in reasons if code not in BY_CODE]
    if unknown:
        raise InvalidInput(
            f"unknown reason {unknown[0][:40]!r}; the reasons are listed at /feedback/reasons", field="reasons",
            code="feedback.reason_unknown", params={"reason": unknown[0][:40]},
        )
    chosen = list(dict.fromkeys(reasons))
    if len(chosen) > MAX_REASONS:
        raise InvalidInput(
            f"choose at most {MAX_REASONS} reasons", field="reasons", code="feedback.too_many_reasons",
            params={"max": MAX_REASONS},
        )
    return comment.strip(), chosen


def _check_ratable(session: Any, ticket: Ticket) -> None:
    if ticket.status is not TicketStatus.DONE:
        raise ConflictError(
            "only a finished service can be rated", field="token", code="feedback.not_finished",
        )
    if session.scalar(select(Rating.id).where(Rating.ticket_id == ticket.id)) is not None:
        raise ConflictError(
            "this service has already been rated; thank you", field="token", code="feedback.already_rated",
        )
