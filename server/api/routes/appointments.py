"""Appointments: booked online, managed online with the manage token, looked up by code at the branch.

The 6-character check-in code is for typing at the kiosk; online, the booking is read and cancelled
only with the long `manage_token` given once in the booking answer. Staff and the branch's devices may
still look a booking up (and staff cancel it) by its code. Wrong codes and tokens are throttled (429).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from server.api.deps import Allowed, ContainerDep, client_address
from server.api.idempotency import IdempotencyKeyHeader, idempotent
from server.api.schemas import BookingBody, BookingSettingsBody, RescheduleBody
from server.services.appointments import BookingRequest
from server.services.auth import Principal
from server.services.permissions import Operation

router = APIRouter(tags=["appointments"])

ManageToken = Path(min_length=20, max_length=100, description="the manage token from the booking answer")


def public_read(request: Request) -> None:
    """Counts against the caller's address: reads of the booking pages (429 `rate.limited` over the limit)."""
    container = request.app.state.container
    container.public_reads.take(client_address(request), container.clock())


def public_write(request: Request) -> None:
    """Counts against the caller's address: bookings, moves and cancellations."""
    container = request.app.state.container
    container.public_writes.take(client_address(request), container.clock())


ReadLimited = Depends(public_read)
WriteLimited = Depends(public_write)


@router.get("/branches/{code}/slots", dependencies=[ReadLimited])
def slots(
    code: str, container: ContainerDep,
    service: str = Query(min_length=1, max_length=32), day: date | None = Query(None, alias="date"),
    _: Principal | None = Allowed(Operation.BOOKING_SLOTS),
) -> dict[str, Any]:
    """The days bookings are offered (each with its free places) and the slots of `date` (default today,
    in the branch's time zone), each with its `capacity` and the places `left`. No one's booking shows."""
    return container.booking.slots(code, service, day)


@router.get("/branches/{code}/booking-settings")
def booking_settings(
    code: str, container: ContainerDep, principal: Principal = Allowed(Operation.BOOKING_SETTINGS)
) -> dict[str, Any]:
    """The per-phone limit and, per service, the capacity set (`null`: as many as `counters`) and in force."""
    return container.booking.settings(code, principal)


@router.patch("/branches/{code}/booking-settings")
def update_booking_settings(
    code: str, body: BookingSettingsBody, container: ContainerDep,
    principal: Principal = Allowed(Operation.UPDATE_BOOKING_SETTINGS),
) -> dict[str, Any]:
    """`{max_open_bookings_per_phone?: 0-20 (0: no limit), capacities?: {service: 0-50 or null}}`; bookings
    already made stay."""
    return container.booking.update_settings(code, principal, body.max_open_bookings_per_phone, body.capacities)


@router.post("/branches/{code}/appointments", status_code=201, dependencies=[WriteLimited])
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


@router.get("/appointments/manage/{token}", dependencies=[ReadLimited])
def manage_status(
    request: Request, container: ContainerDep, token: str = ManageToken,
    _: Principal | None = Allowed(Operation.MANAGED_APPOINTMENT_STATUS),
) -> dict[str, Any]:
    return container.appointments.status_by_manage_token(token, client_address(request))


@router.post("/appointments/manage/{token}/cancel", dependencies=[WriteLimited])
def manage_cancel(
    request: Request, container: ContainerDep, token: str = ManageToken,
    _: Principal | None = Allowed(Operation.CANCEL_MANAGED_APPOINTMENT),
) -> dict[str, Any]:
    return container.appointments.cancel_by_manage_token(token, client_address(request))


@router.post("/appointments/manage/{token}/reschedule", dependencies=[WriteLimited])
def manage_reschedule(
    body: RescheduleBody, request: Request, container: ContainerDep, token: str = ManageToken,
    _: Principal | None = Allowed(Operation.RESCHEDULE_MANAGED_APPOINTMENT),
) -> dict[str, Any]:
    """Move the booking to another free slot of its service, atomically (the old place is kept if the
    new one is taken meanwhile: 409 `appointment.slot_full`)."""
    return container.appointments.reschedule_by_manage_token(token, client_address(request), body.slot_start)


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
