from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from server.api.deps import MAX_ID, Allowed, ContainerDep, RowId
from server.api.idempotency import IdempotencyKeyHeader, idempotent
from server.api.schemas import FinishBody, RatingBody, RatingDetailsBody, TransferBody
from server.domain.enums import TicketAction
from server.domain.errors import InvalidInput, NotFound
from server.services.auth import Principal
from server.services.codes import looks_signed
from server.services.permissions import Operation, require_account
from server.services.tickets import TICKET_OPERATIONS

router = APIRouter(prefix="/tickets", tags=["tickets"])

SIMPLE_ACTIONS = (TicketAction.RECALL, TicketAction.START, TicketAction.NO_SHOW)


@router.get("/{token}")
def ticket_status(
    token: str, container: ContainerDep, _: Principal | None = Allowed(Operation.TICKET_STATUS)
) -> dict[str, Any]:
    """Public: a ticket's live status by its unguessable token; no personal data."""
    return container.queries.ticket_status(token)


def _action_route(action: TicketAction):  # type: ignore[no-untyped-def]
    def act(
        ticket_id: RowId, container: ContainerDep, principal: Principal = Allowed(TICKET_OPERATIONS[action])
    ) -> dict[str, Any]:
        return container.tickets.act(ticket_id, action, principal)

    act.__name__ = f"{action.name.lower()}_ticket"
    return act


for _action in SIMPLE_ACTIONS:
    router.add_api_route(f"/{{ticket_id}}/{_action.value}", _action_route(_action), methods=["POST"])


@router.get("/{ticket_id}/staff")
def staff_view(
    ticket_id: RowId, container: ContainerDep, principal: Principal = Allowed(Operation.STAFF_TICKET)
) -> dict[str, Any]:
    """One ticket as staff of its branch see it (the counter app restores its customer with it)."""
    return container.tickets.staff_view(ticket_id, principal)


@router.post("/{ticket_id}/finish")
def finish(
    ticket_id: RowId, container: ContainerDep, body: FinishBody | None = None,
    principal: Principal = Allowed(Operation.FINISH_TICKET),
) -> dict[str, Any]:
    """Finish the service, saying how it ended: done (the default), referred or needs_follow_up."""
    outcome = body.outcome if body else None
    return container.tickets.act(ticket_id, TicketAction.FINISH, principal, outcome=outcome)


@router.post("/{ticket_id}/transfer")
def transfer(
    ticket_id: RowId,
    container: ContainerDep,
    body: TransferBody | None = None,
    principal: Principal = Allowed(Operation.TRANSFER_TICKET),
) -> dict[str, Any]:
    """Send the ticket to another service and/or a given counter; it keeps its arrival time."""
    body = body or TransferBody()
    return container.tickets.act(
        ticket_id, TicketAction.TRANSFER, principal, service=body.service, counter_id=body.counter_id, note=body.note
    )


@router.post("/{ticket}/cancel")
def cancel(
    ticket: str, container: ContainerDep, principal: Principal | None = Allowed(Operation.CANCEL_TICKET)
) -> dict[str, Any]:
    """Staff cancel by ticket id; a customer cancels their own ticket by its token (credentials ignored)."""
    if ticket.isascii() and ticket.isdigit():  # str.isdigit() alone also takes '²' and '٣'
        if len(ticket) > len(str(MAX_ID)) or int(ticket) > MAX_ID:
            raise NotFound(
                f"ticket {ticket[:20]} does not exist", field="ticket", code="ticket.not_found",
                params={"ticket_id": ticket[:20]}
            )
        return container.tickets.act(int(ticket), TicketAction.CANCEL, require_account(principal))
    if not ticket.startswith("t") and not looks_signed(ticket):
        raise InvalidInput("not a ticket id or ticket code", field="ticket", code="ticket.bad_reference")
    return container.tickets.cancel_by_token(ticket)


@router.post("/{token}/rating", status_code=201)
def rate(
    token: str, body: RatingBody, container: ContainerDep, response: Response,
    idempotency_key: IdempotencyKeyHeader = None,
    principal: Principal | None = Allowed(Operation.RATE_TICKET),
) -> dict[str, Any]:
    """Public, once per finished ticket, by its token or the signed code of its QR code; the first rating stands.
    By ticket id: the customer screen of the counter that served it, through the teller's session.

    A retry with the same `Idempotency-Key` answers the rating again."""
    if token.isascii() and token.isdigit():
        if len(token) > len(str(MAX_ID)) or int(token) > MAX_ID:
            raise NotFound(
                f"ticket {token[:20]} does not exist", field="ticket", code="ticket.not_found",
                params={"ticket_id": token[:20]},
            )
        staff = require_account(principal)
        return container.feedback.rate_at_counter(int(token), body.score, body.comment, body.reasons, staff)
    return idempotent(
        container, response, principal, Operation.RATE_TICKET, idempotency_key,
        {"token": token, "body": body.model_dump(mode="json")},
        lambda: container.feedback.rate(token, body.score, body.comment, body.reasons),
    )


@router.post("/{token}/rating/details")
def rating_details(
    token: str, body: RatingDetailsBody, container: ContainerDep,
    _: Principal | None = Allowed(Operation.RATING_DETAILS),
) -> dict[str, Any]:
    """Public: reasons and a comment for a rating just given with one tap; once."""
    return container.feedback.add_details(token, body.comment, body.reasons)


@router.post("/{ticket}/return")
def return_after_missed_call(
    ticket: str, container: ContainerDep, principal: Principal = Allowed(Operation.RETURN_TICKET)
) -> dict[str, Any]:
    """A customer back after a missed call (过号): staff by ticket id, the kiosk by the ticket's token or
    scanned code. The ticket waits again a few places behind the front, as the branch sets."""
    return container.tickets.return_after_missed_call(ticket, principal)
