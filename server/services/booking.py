"""What online booking offers and how far it goes: the free slots of a service, the capacity per slot and
service, and the per-phone limit, with the manager's settings for both.

A slot's capacity is the service's `booking_capacity` when the branch set one, else as many bookings as
active counters serve the service (what it always was); 0 takes the service off online booking. Counting
happens inside the booking's own transaction, under the branch lock (`Changes.begin`), so two customers
taking the last place at once get one booking and one "fully booked".
"""

from __future__ import annotations

from collections import Counter as Tally
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.db.models import Appointment, Branch, Counter, CounterSkill, Service
from server.domain.appointments import slot_length
from server.domain.enums import AppointmentStatus, EventType
from server.domain.errors import ConflictError, InvalidInput
from server.domain.slots import bookable_days, cell_load, day_slots, places_left
from server.services import views
from server.services.auth import Principal
from server.services.calendars import branch_calendar
from server.services.lookups import branch_by_code, service_by_code
from server.services.permissions import Operation, authorize_branch
from server.services.unit_of_work import Actor, Changes, Clock

ACTIVE = (AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN)
DAYS_SHOWN = 14
"""How many days the booking page offers (bookings go up to `MAX_DAYS_AHEAD`)."""
MAX_CAPACITY = 50
MAX_PHONE_LIMIT = 20


def counters_serving(session: Session, service_id: int) -> int:
    return session.scalar(
        select(func.count(CounterSkill.id))
        .join(Counter, Counter.id == CounterSkill.counter_id)
        .where(CounterSkill.service_id == service_id, Counter.active.is_(True))
    ) or 0


def capacity_of(session: Session, service: Service) -> int:
    """Bookings one slot of `service` takes."""
    if service.booking_capacity is not None:
        return service.booking_capacity
    return counters_serving(session, service.id)


def booked_load(
    session: Session, service_id: int, start: datetime, end: datetime, leave_out: int | None = None
) -> Tally[datetime]:
    """How many active bookings of the service cover each grid cell between `start` and `end`."""
    rows = session.execute(
        select(Appointment.slot_start, Appointment.slot_end).where(
            Appointment.service_id == service_id, Appointment.status.in_(ACTIVE),
            Appointment.slot_start < end, Appointment.slot_end > start,
            *([Appointment.id != leave_out] if leave_out is not None else []),
        )
    ).all()
    return cell_load((row.slot_start, row.slot_end) for row in rows)


def require_room(session: Session, service: Service, start: datetime, end: datetime,
                 leave_out: int | None = None) -> None:
    """Refuse a booking (or a move) into a slot with no place left for `service`."""
    capacity = capacity_of(session, service)
    if capacity <= 0:
        raise InvalidInput(
            "this service cannot be booked at this branch", field="service", code="appointment.service_not_bookable"
        )
    if places_left(capacity, booked_load(session, service.id, start, end, leave_out), start, end) <= 0:
        raise ConflictError(
            "this slot is fully booked; choose another time", field="slot_start", code="appointment.slot_full"
        )


def require_phone_allowance(session: Session, branch: Branch, customer_id: int, now: datetime) -> None:
    """Refuse another booking to a phone that already holds the branch's limit of bookings still to come."""
    limit = branch.max_open_bookings_per_phone
    if limit <= 0:
        return
    held = session.scalar(
        select(func.count(Appointment.id)).where(
            Appointment.branch_id == branch.id, Appointment.customer_id == customer_id,
            Appointment.status == AppointmentStatus.BOOKED, Appointment.slot_end > now,
        )
    ) or 0
    if held >= limit:
        raise ConflictError(
            f"this phone number already has {held} appointments to come at this branch (at most {limit}); "
            "cancel one or come after your visit",
            field="phone", code="appointment.phone_limit", params={"limit": limit, "held": held},
        )


class BookingOffer:
    """The free slots of a service (for the booking page) and the branch's booking settings."""

    def __init__(self, changes: Changes, clock: Clock) -> None:
        self.changes = changes
        self.clock = clock

    def slots(self, branch_code: str, service_code: str, day: date | None) -> dict[str, Any]:
        now = self.clock()
        with self.changes.db.read() as session:
            branch = branch_by_code(session, branch_code)
            service = service_by_code(session, branch, service_code)
            calendar = branch_calendar(session, branch, since=now.date() - timedelta(days=1))
            today = now.astimezone(calendar.zone).date()
            day = day or today
            if not today <= day < today + timedelta(days=DAYS_SHOWN * 3):
                raise InvalidInput(
                    "choose a day from today on, within the weeks bookings are open", field="date",
                    code="appointment.day_out_of_range", params={"date": day.isoformat()},
                )
            capacity = capacity_of(session, service)
            length = slot_length(service.expected_service_min)
            window_start = datetime.combine(today, datetime.min.time(), calendar.zone)
            window_end = window_start + timedelta(days=max(DAYS_SHOWN, (day - today).days + 1) + 1)
            load = booked_load(session, service.id, window_start, window_end)
            days = []
            for shown, opens in bookable_days(calendar, today, DAYS_SHOWN):
                free = sum(slot.left for slot in day_slots(calendar, shown, length, now, capacity, load)) if opens else 0
                days.append({"date": shown.isoformat(), "open": opens, "free": free})
            slots = day_slots(calendar, day, length, now, capacity, load) if capacity > 0 else []
            return {
                "branch": branch.code, "service": views.service_summary(service), "date": day.isoformat(),
                "time_zone": calendar.time_zone, "length_min": int(length.total_seconds() // 60),
                "bookable": capacity > 0, "days": days,
                "slots": [{"start": s.start.astimezone(calendar.zone).isoformat(),
                           "end": s.end.astimezone(calendar.zone).isoformat(),
                           "capacity": s.capacity, "left": s.left} for s in slots],
            }

    def settings_public(self, branch_code: str) -> dict[str, Any]:
        """What the booking page offers: the services that take bookings, with a booking's length."""
        with self.changes.db.read() as session:
            branch = branch_by_code(session, branch_code)
            services = session.scalars(
                select(Service).where(Service.branch_id == branch.id, Service.active.is_(True)).order_by(Service.id)
            ).all()
            offered = [
                {**views.service_summary(service), "length_min": int(slot_length(service.expected_service_min)
                                                                     .total_seconds() // 60)}
                for service in services if capacity_of(session, service) > 0
            ]
            return {"branch": branch.code, "services": offered}

    def settings(self, branch_code: str, principal: Principal) -> dict[str, Any]:
        with self.changes.db.read() as session:
            branch = branch_by_code(session, branch_code)
            authorize_branch(principal, Operation.BOOKING_SETTINGS, branch.id)
            return _settings_view(session, branch)

    def update_settings(
        self, branch_code: str, principal: Principal, max_open_bookings_per_phone: int | None,
        capacities: dict[str, int | None],
    ) -> dict[str, Any]:
        """Set the per-phone limit and the capacity of services (None: back to the counters' number)."""
        with self.changes.db.read() as session:
            branch_id = branch_by_code(session, branch_code).id
        authorize_branch(principal, Operation.UPDATE_BOOKING_SETTINGS, branch_id)
        with self.changes.begin(branch_id, actor=Actor.of(principal)) as change:
            branch = change.branch
            fields = []
            if max_open_bookings_per_phone is not None:
                _within("max_open_bookings_per_phone", max_open_bookings_per_phone, MAX_PHONE_LIMIT)
                branch.max_open_bookings_per_phone = max_open_bookings_per_phone
                fields.append("max_open_bookings_per_phone")
            for code, capacity in capacities.items():
                service = service_by_code(change.session, branch, code, field="capacities")
                if capacity is not None:
                    _within("capacities", capacity, MAX_CAPACITY)
                service.booking_capacity = capacity
                fields.append(f"capacity:{code}")
            change.session.flush()
            change.record(EventType.CONFIG_CHANGED, {"entity": "booking", "action": "updated", "id": branch.id,
                                                     "code": branch.code, "fields": fields})
            return _settings_view(change.session, branch)


def _within(field: str, value: int, most: int) -> None:
    if not 0 <= value <= most:
        raise InvalidInput(f"{field} must be between 0 and {most}", field=field,
                           code="booking.setting_range", params={"field": field, "max": most})


def _settings_view(session: Session, branch: Branch) -> dict[str, Any]:
    services = session.scalars(
        select(Service).where(Service.branch_id == branch.id, Service.active.is_(True)).order_by(Service.id)
    ).all()
    return {
        "branch": branch.code,
        "max_open_bookings_per_phone": branch.max_open_bookings_per_phone,
        "services": [
            {**views.service_summary(service), "capacity": service.booking_capacity,
             "counters": counters_serving(session, service.id), "effective_capacity": capacity_of(session, service)}
            for service in services
        ],
    }
