"""Booking, looking up and cancelling appointments; checking in happens when the ticket is issued.

Two secrets come with a booking. The short check-in code is typed at the kiosk and read by staff; it
is too short to guard the booking online, so reading and cancelling online take the long manage token,
returned once at booking and stored only as its SHA-256. Wrong codes and tokens count against the
caller (its address when anonymous, its account otherwise) and lock it out for a while
(`server.domain.throttle`; in-process state, one per server process).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.db.models import Appointment, Customer
from server.domain.appointments import check_slot, mask_phone, new_check_in_code, slot_length
from server.domain.enums import AppointmentStatus, EventType, PriorityTier
from server.domain.errors import ConflictError, InvalidInput, NotFound
from server.domain.phone_keys import PhoneKeys
from server.domain.throttle import Throttle, ThrottlePolicy, TooManyAttempts
from server.services import views
from server.services.auth import Principal
from server.services.booking import require_phone_allowance, require_room
from server.services.calendars import calendar_now
from server.services.codes import CodeSigner
from server.services.lookups import appointment_by_code, branch_by_code, service_by_code
from server.services.permissions import Operation, authorize_branch
from server.services.phones import PhoneSealer, contact_of
from server.services.unit_of_work import CUSTOMER, Actor, Change, Changes

WRONG_CODE_POLICY = ThrottlePolicy(max_failures=10, lockout=timedelta(minutes=1), max_lockout=timedelta(hours=1))
"""Ten wrong codes or tokens within 15 minutes lock the caller out for a minute, doubling each time."""


@dataclass(frozen=True, slots=True)
class BookingRequest:
    branch_code: str
    service_code: str
    slot_start: datetime
    name: str
    phone: str


class AppointmentService:
    def __init__(
        self, changes: Changes, codes: CodeSigner, phone_keys: PhoneKeys, throttle: Throttle | None = None,
        phones: PhoneSealer | None = None,
    ) -> None:
        self.changes = changes
        self.codes = codes
        self.phone_keys = phone_keys
        self.wrong_codes = throttle or Throttle(WRONG_CODE_POLICY)
        self.phones = phones
        """Seals the number for the reminder the day before and the messages of the visit (None: not kept)."""

    def book(self, request: BookingRequest) -> dict[str, Any]:
        if not request.name.strip():
            raise InvalidInput(
                "enter the name the appointment is for", field="name", code="appointment.name_required",
            )
        phone = mask_phone(request.phone)
        phone_key = self.phone_keys.key_of(request.phone)
        with self.changes.db.read() as session:
            branch_id = branch_by_code(session, request.branch_code).id
        with self.changes.begin(branch_id, actor=CUSTOMER) as change:
            branch = change.branch
            service = service_by_code(change.session, branch, request.service_code)
            length = slot_length(service.expected_service_min)
            check_slot(request.slot_start, change.now, calendar_now(change.session, branch, change.now), length)
            start = request.slot_start.astimezone(UTC)
            end = start + length
            require_room(change.session, service, start, end)
            customer = _customer(change, phone_key, phone, request.name.strip())
            require_phone_allowance(change.session, branch, customer.id, change.now)
            manage_token = secrets.token_urlsafe(32)
            appointment = Appointment(
                branch_id=branch.id, service_id=service.id, code=self._unused_code(change), slot_start=start,
                slot_end=end, status=AppointmentStatus.BOOKED, created_at=change.now,
                manage_token_hash=hash_manage_token(manage_token),
                phone_sealed=self.phones.seal(contact_of(request.phone, None)) if self.phones else None,
            )
            appointment.service = service
            appointment.customer_id = customer.id
            change.session.add(appointment)
            change.session.flush()
            change.record(EventType.APPOINTMENT_BOOKED, appointment_event(appointment))
            qr_code = self.codes.appointment_code(appointment.code, appointment.slot_end)
            return {**appointment_view(appointment), "qr_code": qr_code, "manage_token": manage_token}

    def status(self, code: str, principal: Principal) -> dict[str, Any]:
        """Staff and the branch's devices look a booking up by its check-in code."""
        find = self._by_code(code, principal, Operation.APPOINTMENT_STATUS)
        with self.changes.db.read() as session:
            return appointment_view(find(session))

    def cancel(self, code: str, principal: Principal) -> dict[str, Any]:
        """Staff cancel a booking by its check-in code (the customer at the counter or on the phone)."""
        return self._cancel(self._by_code(code, principal, Operation.CANCEL_APPOINTMENT), Actor.of(principal))

    def status_by_manage_token(self, token: str, address: str) -> dict[str, Any]:
        """The customer's own view of their booking: its QR code, the branch, the masked phone."""
        find = self._by_manage_token(token, address)
        with self.changes.db.read() as session:
            return self._managed_view(session, find(session))

    def cancel_by_manage_token(self, token: str, address: str) -> dict[str, Any]:
        self._cancel(self._by_manage_token(token, address), CUSTOMER)
        return self.status_by_manage_token(token, address)

    def reschedule_by_manage_token(self, token: str, address: str, slot_start: datetime) -> dict[str, Any]:
        """Move the booking to another free slot of its service, in one transaction: the old place is
        given up only when the new one is taken."""
        find = self._by_manage_token(token, address)
        with self.changes.db.read() as session:
            branch_id = find(session).branch_id
        with self.changes.begin(branch_id, actor=CUSTOMER) as change:
            appointment = find(change.session)
            if appointment.status is not AppointmentStatus.BOOKED:
                raise ConflictError(f"this appointment is {appointment.status.value} and cannot be moved",
                                    field="appointment", code="appointment.cannot_reschedule",
                                    params={"status": appointment.status.value})
            service = appointment.service
            length = slot_length(service.expected_service_min)
            check_slot(slot_start, change.now, calendar_now(change.session, change.branch, change.now), length)
            start = slot_start.astimezone(UTC)
            if start != appointment.slot_start:
                require_room(change.session, service, start, start + length, leave_out=appointment.id)
                moved_from = appointment.slot_start.isoformat()
                appointment.slot_start, appointment.slot_end = start, start + length
                change.session.flush()
                change.record(EventType.APPOINTMENT_RESCHEDULED,
                              {**appointment_event(appointment), "from_slot_start": moved_from})
            return self._managed_view(change.session, appointment)

    def _managed_view(self, session: Session, appointment: Appointment) -> dict[str, Any]:
        customer = session.get(Customer, appointment.customer_id) if appointment.customer_id else None
        branch = appointment.service.branch
        return {
            **appointment_view(appointment),
            "qr_code": self.codes.appointment_code(appointment.code, appointment.slot_end),
            "branch": {"code": branch.code, "name_zh": branch.name_zh, "name_en": branch.name_en,
                       "time_zone": branch.time_zone},
            "phone_masked": customer.phone_masked if customer else "",
            "can_change": appointment.status is AppointmentStatus.BOOKED,
        }

    def _by_code(self, code: str, principal: Principal, operation: Operation) -> Callable[[Session], Appointment]:
        key = f"account:{principal.kind}:{principal.account_id}"
        with self.changes.db.read() as session:
            appointment = self._guarded(key, lambda: appointment_by_code(session, code))
            authorize_branch(principal, operation, appointment.branch_id)
        return lambda session: appointment_by_code(session, code)

    def _by_manage_token(self, token: str, address: str) -> Callable[[Session], Appointment]:
        digest = hash_manage_token(token)
        with self.changes.db.read() as session:
            self._guarded(f"address:{address}", lambda: _by_manage_hash(session, digest))
        return lambda session: _by_manage_hash(session, digest)

    def _guarded(self, key: str, find: Callable[[], Appointment]) -> Appointment:
        """`find()`, counting a miss against `key`; refused outright while `key` is locked out."""
        now = self.changes.clock()
        wait = self.wrong_codes.retry_after(key, now)
        if wait is not None:
            raise TooManyAttempts(f"too many wrong appointment codes; try again in {wait} seconds",
                                  code="appointment.too_many_wrong_codes", params={"retry_after_s": wait})
        try:
            return find()
        except (NotFound, InvalidInput):
            self.wrong_codes.record_failure(key, now)
            raise

    def _cancel(self, find: Callable[[Session], Appointment], actor: Actor) -> dict[str, Any]:
        with self.changes.db.read() as session:
            branch_id = find(session).branch_id
        with self.changes.begin(branch_id, actor=actor) as change:
            appointment = find(change.session)
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


def _customer(change: Change, phone_key: str, phone_masked: str, name: str) -> Customer:
    """The customer this phone number belongs to, recorded now if it is new. The name given last is kept.

    Two branches (each under its own lock) may record the same new number at once: the second insert
    meets the unique key and takes the row the first one made."""
    session = change.session
    customer = session.scalars(select(Customer).where(Customer.phone_key == phone_key)).one_or_none()
    if customer is None:
        try:
            with session.begin_nested():
                customer = Customer(name=name, phone_masked=phone_masked, phone_key=phone_key,
                                    tier=PriorityTier.REGULAR, created_at=change.now)
                session.add(customer)
                session.flush()
            return customer
        except IntegrityError:
            customer = session.scalars(select(Customer).where(Customer.phone_key == phone_key)).one()
    customer.name = name
    return customer


def hash_manage_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _by_manage_hash(session: Session, digest: str) -> Appointment:
    appointment = session.scalars(select(Appointment).where(Appointment.manage_token_hash == digest)).one_or_none()
    if appointment is None:
        raise NotFound("no appointment has this link; check it, or ask at the branch",
                       field="token", code="appointment.manage_token_unknown")
    return appointment


def appointment_view(appointment: Appointment) -> dict[str, Any]:
    """What the customer sees of their booking: no name or phone, those stay with the bank."""
    return {
        "code": appointment.code,
        "status": appointment.status.value,
        "service": views.service_summary(appointment.service),
        "slot_start": appointment.slot_start.isoformat(),
        "slot_end": appointment.slot_end.isoformat(),
    }


def appointment_event(appointment: Appointment) -> dict[str, Any]:
    return {"appointment_id": appointment.id, "service": appointment.service.code,
            "slot_start": appointment.slot_start.isoformat(), "status": appointment.status.value}
