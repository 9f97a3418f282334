"""Joining the queue from a phone, checking in on arrival, the branch's switch; a number left for messages.

See `server.services.remote_queue` for the rules and `server.services.notifications` for the messages.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from server.api.deps import Allowed, ContainerDep
from server.api.idempotency import IdempotencyKeyHeader, idempotent
from server.api.schemas import PhoneBody, RemoteCheckInBody, RemoteJoinBody, RemoteSettingsBody
from server.services.auth import Principal
from server.services.permissions import Operation

router = APIRouter(tags=["remote queue"])


@router.get("/branches/{code}/remote-queue")
def offer(code: str, container: ContainerDep, _: Principal | None = Allowed(Operation.REMOTE_OFFER)) -> dict[str, Any]:
    """Public: whether the branch takes remote tickets, how many are left today, its services and waits."""
    return container.remote.offer(code)


@router.post("/branches/{code}/remote-queue/tickets", status_code=201)
def join(
    code: str, body: RemoteJoinBody, container: ContainerDep, response: Response,
    idempotency_key: IdempotencyKeyHeader = None,
    principal: Principal | None = Allowed(Operation.JOIN_REMOTE),
) -> dict[str, Any]:
    """Public: a ticket in the service's number series with `arrive_by`, the time to check in at the kiosk by;
    it keeps its place but is not called before. `status_url` is its status page."""
    return idempotent(
        container, response, None, Operation.JOIN_REMOTE, idempotency_key,
        {"code": code, "body": body.model_dump(mode="json")},
        lambda: container.remote.join(code, body.service, body.phone, body.language),
    )


@router.post("/branches/{code}/remote-queue/check-in")
def check_in(
    code: str, body: RemoteCheckInBody, container: ContainerDep, response: Response,
    idempotency_key: IdempotencyKeyHeader = None,
    principal: Principal = Allowed(Operation.REMOTE_CHECK_IN),
) -> dict[str, Any]:
    """The customer of a remote ticket arrived: by the status page's scanned code, its token or its number."""
    return idempotent(
        container, response, principal, Operation.REMOTE_CHECK_IN, idempotency_key,
        {"code": code, "body": body.model_dump(mode="json")},
        lambda: container.remote.check_in(code, body.ticket, principal),
    )


@router.get("/branches/{code}/remote-queue/settings")
def settings(
    code: str, container: ContainerDep, principal: Principal = Allowed(Operation.REMOTE_SETTINGS)
) -> dict[str, Any]:
    return container.remote.settings(code, principal)


@router.put("/branches/{code}/remote-queue/settings")
def configure(
    code: str, body: RemoteSettingsBody, container: ContainerDep,
    principal: Principal = Allowed(Operation.CONFIGURE_REMOTE),
) -> dict[str, Any]:
    """The branch manager's switch: `enabled`, `daily_cap`, `arrive_within_min` (fields left out stay)."""
    return container.remote.configure(code, body.model_dump(), principal)


@router.post("/tickets/{token}/phone")
def leave_phone(
    token: str, body: PhoneBody, container: ContainerDep, _: Principal | None = Allowed(Operation.LEAVE_PHONE)
) -> dict[str, Any]:
    """Public, by the ticket's token or signed code: a number to be told by message when the turn nears
    (stored encrypted, deleted after the visit; answered masked)."""
    return container.remote.leave_phone(token, body.phone, body.language)
