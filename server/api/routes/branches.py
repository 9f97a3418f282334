from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from server.api.deps import Allowed, ContainerDep
from server.api.idempotency import IdempotencyKeyHeader, idempotent
from server.api.schemas import IssueTicketBody
from server.services.auth import Principal
from server.services.display import display_board
from server.services.permissions import Operation
from server.services.tickets import IssueRequest

router = APIRouter(prefix="/branches", tags=["branches"])


@router.get("/{code}/services")
def list_services(
    code: str, container: ContainerDep, _: Principal | None = Allowed(Operation.BRANCH_SERVICES)
) -> dict[str, Any]:
    """Public: what the kiosk and the booking page offer, with queue length and expected wait."""
    return container.queries.services(code)


@router.post("/{code}/tickets", status_code=201)
def issue_ticket(
    code: str,
    body: IssueTicketBody,
    container: ContainerDep,
    response: Response,
    idempotency_key: IdempotencyKeyHeader = None,
    principal: Principal | None = Allowed(Operation.ISSUE_TICKET),
) -> dict[str, Any]:
    """Anyone takes an online ticket; kiosks and staff issue on their channels, and only staff grant priority.
    With `appointment`, the booking is checked in and the ticket is its own.

    The answer is the issuer's view of the ticket plus its token and codes: the public's view (no internal
    id) for an online ticket, the device view for a kiosk, the staff view for staff. With an
    `Idempotency-Key`, a retry of the same request answers the same ticket again."""
    request = IssueRequest(
        branch_code=code,
        service_code=body.service,
        channel=body.channel,
        priority=body.priority,
        appointment_code=body.appointment,
    )
    return idempotent(
        container, response, principal, Operation.ISSUE_TICKET, idempotency_key,
        {"code": code, "body": body.model_dump(mode="json")}, lambda: container.tickets.issue(request, principal),
    )


@router.get("/{code}/queue")
def live_queue(code: str, container: ContainerDep, principal: Principal = Allowed(Operation.LIVE_QUEUE)) -> dict[str, Any]:
    """Staff get the staff view; kiosks and displays the device view (no notes, call facts or staff ids)."""
    return container.queries.queue(code, principal)


@router.get("/{code}/display")
def display(code: str, container: ContainerDep, principal: Principal = Allowed(Operation.DISPLAY_BOARD)) -> dict[str, Any]:
    """What the waiting-room display shows: the day's latest calls (from the event log), the lines per
    service with their estimates, the hours, and `as_of_seq` to follow the event stream from."""
    return display_board(container.queries, code, principal)
