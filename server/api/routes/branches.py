from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from server.api.deps import ContainerDep, OptionalPrincipal, QueueViewer
from server.api.schemas import IssueTicketBody
from server.services.lookups import branch_by_code, require_branch_access
from server.services.tickets import IssueRequest

router = APIRouter(prefix="/branches", tags=["branches"])


@router.get("/{code}/services")
def list_services(code: str, container: ContainerDep) -> dict[str, Any]:
    """Public: what the kiosk and the booking page offer, with queue length and expected wait."""
    return container.queries.services(code)


@router.post("/{code}/tickets", status_code=201)
def issue_ticket(
    code: str, body: IssueTicketBody, container: ContainerDep, principal: OptionalPrincipal
) -> dict[str, Any]:
    request = IssueRequest(
        branch_code=code,
        service_code=body.service,
        channel=body.channel,
        priority=body.priority,
        appointment_code=body.appointment,
    )
    return container.tickets.issue(request, principal)


@router.get("/{code}/queue")
def live_queue(code: str, container: ContainerDep, principal: QueueViewer) -> dict[str, Any]:
    with container.db.read() as session:
        require_branch_access(principal, branch_by_code(session, code).id)
    return container.queries.queue(code)
