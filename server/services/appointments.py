"""Booking, looking up and cancelling appointments; checking in happens when the ticket is issued."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from server.db.models import Appointment, Counter, CounterSkill, Customer
from server.domain.appointments import check_slot, mask_phone, new_check_in_code, slot_length
from server.domain.enums import AppointmentStatus, EventType, PriorityTier
from server.domain.errors import ConflictError, InvalidInput
from server.services import views
from server.services.calendars import calendar_now
from server.services.codes import CodeSigner
from server.services.lookups import appointment_by_code, branch_by_code, service_by_code
from server.services.unit_of_work import Change, Changes

ACTIVE = (AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN)


@dataclass(frozen=True, slots=True)
class BookingRequest:
    branch_code: str
    service_code: str
    slot_start: datetime
    name: str
    phone: str


class AppointmentService:
    def __init__(self, changes: Changes, codes: CodeSigner) -> None:
        self.changes = changes
        self.codes = codes

    def book(self, request: BookingRequest) -> dict[str, Any]:
        if not request.name.strip():
            raise InvalidInput(
                "enter the name the appointment is for", field="name", code="appointment.name_required",
            )
        phone = mask_phone(request.phone)
        with self.changes.db.read() as session:
            branch_id = branch_by_code(session, request.branch_code).id
        with self.changes.begin(branch_id) as change:
            branch = change.branch
            service = service_by_code(change.session, branch, request.service_code)
            length = slot_length(service.expected_service_min)
            check_slot(request.slot_start, change.now, calendar_now(change.session, branch, change.now), length)
            start = request.slot_start.astimezone(UTC)
            end = start + length
            _check_capacity(change, service.id, start, end)
            customer = Customer(name=request.name.strip(), phone_masked=phone, tier=PriorityTier.REGULAR,
                                created_at=change.now)
            appointment = Appointment(
                branch_id=branch.id, service_id=service.id, code=self._unused_code(change), slot_start=start,
                slot_end=end, status=AppointmentStatus.BOOKED, created_at=change.now,
            )
            appointment.service = service
            change.session.add(customer)
            change.session.flush()
            appointment.customer_id = customer.id
            change.session.add(appointment)
            change.session.flush()
            change.record(EventType.APPOINTMENT_BOOKED, appointment_event(appointment))
            qr_code = self.codes.appointment_code(appointment.code, appointment.slot_end)
            return {**appointment_view(appointment), "qr_code": qr_code}

    def status(self, code: str) -> dict[str, Any]:
        with self.changes.db.read() as session:
            return appointment_view(appointment_by_code(session, code))

    def cancel(self, code: str) -> dict[str, Any]:
        with self.changes.db.read() as session:
            branch_id = appointment_by_code(session, code).branch_id
        with self.changes.begin(branch_id) as change:
            appointment = appointment_by_code(change.session, code)
            if appointment.status is not AppointmentStatus.BOOKED:
                raise ConflictError(f"this appointment is {appointment.status.value} and cannot be cancelled",
                                    field="appointment", code="appointment.cannot_cancel",
                                    params={"status": appointment.status.value})
            appointment.status = AppointmentStatus.CANCELLED
            change.record(EventType.APPOINTMENT_CANCELLED, appointment_event(appointment))
            return appointment_view(appointment)

    @staticmethod
    def _unused_code(change: Change) -> str:
        while True:
            code = new_check_in_code()
            if change.session.scalar(select(Appointment.id).where(Appointment.code == code)) is None:
                return code


def appointment_view(appointment: Appointment) -> dict[str, Any]:
    """What the customer sees of their booking: no name or phone, those stay with the bank."""
    return {
        "code": appointment.code,
        "status": appointment.status.value,
        "service": views.service_summary(appointment.service),
        "slot_start": appointment.slot_start.isoformat(),
        "slot_end": appointment.slot_end.isoformat(),
    }


def _check_capacity(change: Change, service_id: int, start: datetime, end: datetime) -> None:
    """No more overlapping bookings of a service than counters that can serve it."""
    counters = change.session.scalar(
        select(func.count(CounterSkill.id))
        .join(Counter, Counter.id == CounterSkill.counter_id)
        .where(CounterSkill.service_id == service_id, Counter.active.is_(True))
    )
    booked = change.session.scalar(
        select(func.count(Appointment.id)).where(
            Appointment.service_id == service_id,
            Appointment.status.in_(ACTIVE),
            Appointment.slot_start < end,
            Appointment.slot_end > start,
        )
    )
    if not counters:
        raise InvalidInput(
            "this service cannot be booked at this branch", field="service",
            code="appointment.service_not_bookable"
        )
    if booked >= counters:
        raise ConflictError(
            "this slot is fully booked; choose another time", field="slot_start", code="appointment.slot_full"
        )


def appointment_event(appointment: Appointment) -> dict[str, Any]:
    return {"appointment_id": appointment.id, "service": appointment.service.code,
            "slot_start": appointment.slot_start.isoformat(), "status": appointment.status.value}
