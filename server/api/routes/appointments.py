"""Appointments: booked online, managed online with the manage token, looked up by code at the branch.

The 6-character check-in code is for typing at the kiosk; online, the booking is read and cancelled
only with the long `manage_token` given once in the booking answer. Staff and the branch's devices may
still look a booking up (and staff cancel it) by its code. Wrong codes and tokens are throttled (429).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Path, Request, Response

from server.api.deps import Allowed, ContainerDep, client_address
from server.api.idempotency import IdempotencyKeyHeader, idempotent
from server.api.schemas import BookingBody
from server.services.appointments import BookingRequest
from server.services.auth import Principal
from server.services.permissions import Operation

router = APIRouter(tags=["appointments"])

ManageToken = Path(min_length=20, max_length=100, description="the manage token from the booking answer")


@router.post("/branches/{code}/appointments", status_code=201)
def book(
    code: str, body: BookingBody, container: ContainerDep, response: Response,
    idempotency_key: IdempotencyKeyHeader = None,
    principal: Principal | None = Allowed(Operation.BOOK_APPOINTMENT),
) -> dict[str, Any]:
    """Public online booking. The answer's `code` is what the customer shows or types at the kiosk;
    `manage_token` (shown once, keep it) reads and cancels the booking online. With an `Idempotency-Key`,
    a retry of the same booking answers the same appointment again."""
    request = BookingRequest(code, body.service, body.slot_start, body.name, body.phone)
    return idempotent(
        container, response, principal, Operation.BOOK_APPOINTMENT, idempotency_key,
        {"code": code, "body": body.model_dump(mode="json")}, lambda: container.appointments.book(request),
    )


@router.get("/appointments/manage/{token}")
def manage_status(
    request: Request, container: ContainerDep, token: str = ManageToken,
    _: Principal | None = Allowed(Operation.MANAGED_APPOINTMENT_STATUS),
) -> dict[str, Any]:
    return container.appointments.status_by_manage_token(token, client_address(request))


@router.post("/appointments/manage/{token}/cancel")
def manage_cancel(
    request: Request, container: ContainerDep, token: str = ManageToken,
    _: Principal | None = Allowed(Operation.CANCEL_MANAGED_APPOINTMENT),
) -> dict[str, Any]:
    return container.appointments.cancel_by_manage_token(token, client_address(request))


@router.get("/appointments/{code}")
def appointment_status(
    code: str, container: ContainerDep, principal: Principal = Allowed(Operation.APPOINTMENT_STATUS)
) -> dict[str, Any]:
    return container.appointments.status(code, principal)


@router.post("/appointments/{code}/cancel")
def cancel_appointment(
    code: str, container: ContainerDep, principal: Principal = Allowed(Operation.CANCEL_APPOINTMENT)
) -> dict[str, Any]:
    return container.appointments.cancel(code, principal)
