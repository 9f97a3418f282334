"""A branch's services: what customers can queue for, their ticket letter and targets."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.db.models import Appointment, Branch, Service, ServiceCategory, Ticket
from server.domain.enums import AppointmentStatus
from server.domain.errors import ConflictError
from server.domain.numbering import business_day
from server.services.admin import rules
from server.services.admin.branches import OPEN_TICKETS
from server.services.admin.categories import category_id_for, optional_code
from server.services.admin.common import any_branch, changed_fields, row_by_id
from server.services.admin.config_write import ConfigAction, ConfigChanges, ConfigEntity
from server.services.admin.views import service_view

EDITABLE: dict[str, rules.Checker] = {
    "name_zh": rules.text(200),
    "name_en": rules.text(200),
    "prefix": rules.prefix,
    "target_wait_min": rules.whole_number(1, rules.MAX_TARGET_WAIT_MIN),
    "expected_service_min": rules.service_minutes,
    "documents_zh": rules.documents,
    "documents_en": rules.documents,
    "category": optional_code,
}
CREATABLE: dict[str, rules.Checker] = {"code": rules.code, **EDITABLE}
DEFAULTS: dict[str, Any] = {
    "target_wait_min": 15,
    "expected_service_min": 5.0,
    "documents_zh": [],
    "documents_en": [],
}


class ServiceAdmin:
    def __init__(self, config: ConfigChanges) -> None:
        self.config = config

    def list(self, branch_code: str) -> list[dict[str, Any]]:
        with self.config.changes.db.read() as session:
            branch = any_branch(session, branch_code)
            rows = session.scalars(select(Service).where(Service.branch_id == branch.id).order_by(Service.id))
            return [service_view(service, branch.code) for service in rows]

    def create(self, branch_code: str, values: dict[str, Any]) -> dict[str, Any]:
        rules.require(values, "code", "name_zh", "name_en", "prefix")
        fields = {**DEFAULTS, **rules.checked(values, CREATABLE)}
        with self.config.changes.db.read() as session:
            branch_id = any_branch(session, branch_code).id
        with self.config.begin([branch_id]) as write:
            branch = any_branch(write.session, branch_code)
            _require_unique(write.session, branch, fields, None)
            category_id = category_id_for(write.session, branch, fields.pop("category", None))
            service = Service(branch_id=branch.id, **fields, category_id=category_id, active=True)
            write.session.add(service)
            write.session.flush()
            write.announce(
                ConfigEntity.SERVICE, ConfigAction.CREATED, {"id": service.id, "code": service.code}
            )
            return service_view(service, branch.code)

    def update(self, service_id: int, values: dict[str, Any]) -> dict[str, Any]:
        fields = rules.checked(values, EDITABLE)
        with self.config.begin([self._branch_id(service_id)]) as write:
            service = row_by_id(write.session, Service, service_id, "service")
            _require_unique(write.session, service.branch, fields, service.id)
            if fields.get("prefix", service.prefix) != service.prefix:
                _require_prefix_free_today(write.session, service, fields["prefix"], write.now)
            category = fields.pop("category", service.category.code if service.category else None)
            changed = changed_fields(service, fields)
            category_id = category_id_for(write.session, service.branch, category)
            if category_id != service.category_id:
                service.category = write.session.get(ServiceCategory, category_id) if category_id else None
                changed.append("category")
            if changed:
                write.announce(
                    ConfigEntity.SERVICE,
                    ConfigAction.UPDATED,
                    {"id": service.id, "code": service.code, "fields": changed},
                )
            return service_view(service, service.branch.code)

    def deactivate(self, service_id: int) -> dict[str, Any]:
        """Refused while tickets of the service are open: they could never be called afterwards."""
        with self.config.begin([self._branch_id(service_id)]) as write:
            service = row_by_id(write.session, Service, service_id, "service")
            if service.active:
                _require_no_open_tickets(write.session, service)
                _require_no_bookings(write.session, service, write.now)
                service.active = False
                write.announce(
                    ConfigEntity.SERVICE, ConfigAction.DEACTIVATED, {"id": service.id, "code": service.code}
                )
            return service_view(service, service.branch.code)

    def _branch_id(self, service_id: int) -> int:
        with self.config.changes.db.read() as session:
            return row_by_id(session, Service, service_id, "service").branch_id


def _require_unique(session: Session, branch: Branch, fields: dict[str, Any], own_id: int | None) -> None:
    for field in ("code", "prefix"):
        if field not in fields:
            continue
        clash = session.scalars(
            select(Service).where(Service.branch_id == branch.id, getattr(Service, field) == fields[field])
        ).first()
        if clash is not None and clash.id != own_id:
            raise ConflictError(
                f"branch {branch.code!r} already has a service with {field} {fields[field]!r} "
                f"({clash.code}, id {clash.id}); choose another {field}",
                field=field, code="admin.service_field_taken",
                params={
                    "branch": branch.code, "field": field, "value": fields[field], "clash_code": clash.code,
                },
            )


def _require_prefix_free_today(session: Session, service: Service, prefix: str, now: datetime) -> None:
    """A letter another service numbered today's tickets with stays theirs until the day ends.

    Numbers count per service, so taking it mid-day would hand out that service's numbers again
    (A001 twice). A service may change its own letter: its count simply continues.
    """
    today = business_day(now, service.branch.time_zone)
    clash = session.scalars(
        select(Ticket.number).where(
            Ticket.branch_id == service.branch_id,
            Ticket.business_day == today,
            Ticket.issued_service_id != service.id,
            Ticket.number.startswith(prefix, autoescape=True),
        )
    ).first()
    if clash is not None:
        raise ConflictError(
            f"prefix {prefix!r} already numbers today's tickets of another service ({clash}); "
            "take it from tomorrow or choose another letter",
            field="prefix",
            code="service.prefix_used_today",
            params={"prefix": prefix, "number": clash},
        )


def _require_no_bookings(session: Session, service: Service, now: datetime) -> None:
    """Customers with a booking would arrive to a service nobody calls: cancel their bookings first."""
    count = session.scalar(
        select(func.count()).where(
            Appointment.service_id == service.id,
            Appointment.status == AppointmentStatus.BOOKED,
            Appointment.slot_end > now,
        )
    )
    if count:
        raise ConflictError(
            f"{count} booked appointment(s) for {service.code!r} are still to come; cancel them first "
            "(the customers are told) or keep the service",
            field="id",
            code="service.has_bookings",
            params={"service": service.code, "count": count},
        )


def _require_no_open_tickets(session: Session, service: Service) -> None:
    count = session.scalar(
        select(func.count()).where(Ticket.service_id == service.id, Ticket.status.in_(OPEN_TICKETS))
    )
    if count:
        raise ConflictError(
            f"{count} ticket(s) for {service.code!r} are still open; serve or transfer them first",
            field="id",
            code="admin.service_tickets_open", params={"count": count, "service": service.code},
        )
