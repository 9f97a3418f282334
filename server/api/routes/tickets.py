from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from server.api.deps import MAX_ID, ContainerDep, OptionalPrincipal, RowId, Staff
from server.api.schemas import RatingBody, TransferBody
from server.domain.enums import TicketAction
from server.domain.errors import InvalidInput, NotFound
from server.services.auth import AuthError

router = APIRouter(prefix="/tickets", tags=["tickets"])

SIMPLE_ACTIONS = (TicketAction.RECALL, TicketAction.START, TicketAction.NO_SHOW, TicketAction.FINISH)


@router.get("/{token}")
def ticket_status(token: str, container: ContainerDep) -> dict[str, Any]:
    """Public: a ticket's live status by its unguessable token; no personal data."""
    return container.queries.ticket_status(token)


def _action_route(action: TicketAction):  # type: ignore[no-untyped-def]
    def act(ticket_id: RowId, container: ContainerDep, principal: Staff) -> dict[str, Any]:
        return container.tickets.act(ticket_id, action, principal)

    act.__name__ = f"{action.name.lower()}_ticket"
    return act


for _action in SIMPLE_ACTIONS:
    router.add_api_route(f"/{{ticket_id}}/{_action.value}", _action_route(_action), methods=["POST"])


@router.post("/{ticket_id}/transfer")
def transfer(
    ticket_id: RowId, container: ContainerDep, principal: Staff, body: TransferBody | None = None
) -> dict[str, Any]:
    """Send the ticket to another service and/or a given counter; it keeps its arrival time."""
    body = body or TransferBody()
    return container.tickets.act(
        ticket_id, TicketAction.TRANSFER, principal, service=body.service, counter_id=body.counter_id, note=body.note
    )


@router.post("/{ticket}/cancel")
def cancel(ticket: str, container: ContainerDep, principal: OptionalPrincipal) -> dict[str, Any]:
    """Staff cancel by ticket id; a customer cancels their own ticket by its token."""
    if ticket.isdigit():
        if int(ticket) > MAX_ID:
            raise NotFound(
                f"ticket {ticket} does not exist", field="ticket", code="ticket.not_found",
                params={"ticket_id": ticket}
            )
        if principal is None:
            raise AuthError(
                "log in first: cancelling by ticket id is for staff", code="auth.staff_cancel_by_id",
            )
        return container.tickets.act(int(ticket), TicketAction.CANCEL, principal)
    if not ticket.startswith("t"):
        raise InvalidInput("not a ticket id or ticket code", field="ticket", code="ticket.bad_reference")
    return container.tickets.cancel_by_token(ticket)


@router.post("/{token}/rating", status_code=201)
def rate(token: str, body: RatingBody, container: ContainerDep) -> dict[str, Any]:
    """Public, once per finished ticket."""
    return container.feedback.rate(token, body.score, body.comment)
