from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from server.api.deps import Allowed, ContainerDep
from server.api.schemas import BookingBody
from server.services.appointments import BookingRequest
from server.services.auth import Principal
from server.services.permissions import Operation

router = APIRouter(tags=["appointments"])


@router.post("/branches/{code}/appointments", status_code=201)
def book(
    code: str, body: BookingBody, container: ContainerDep, _: Principal | None = Allowed(Operation.BOOK_APPOINTMENT)
) -> dict[str, Any]:
    """Public online booking; the answer's `code` is what the customer shows or types at the kiosk."""
    request = BookingRequest(code, body.service, body.slot_start, body.name, body.phone)
    return container.appointments.book(request)


@router.get("/appointments/{code}")
def appointment_status(
    code: str, container: ContainerDep, _: Principal | None = Allowed(Operation.APPOINTMENT_STATUS)
) -> dict[str, Any]:
    return container.appointments.status(code)


@router.post("/appointments/{code}/cancel")
def cancel_appointment(
    code: str, container: ContainerDep, _: Principal | None = Allowed(Operation.CANCEL_APPOINTMENT)
) -> dict[str, Any]:
    return container.appointments.cancel(code)
