"""Plain dictionaries the API returns: one place that decides what each audience may see.

Three audiences (`Audience`), chosen by who calls (`server.services.permissions.audience_of`):

- public: a customer holding a ticket's token; its status, no internal ids, nothing about others;
- device: kiosks and waiting-room displays; numbers, services, counters and estimates, never notes,
  names, phones, call facts, staff ids or who acted;
- staff: tellers, the lobby manager, managers and administrators; everything the floor needs.

Events follow the same rule: the event log keeps the full payload (it is the audit trail, with `actor`),
and the websocket sends each subscriber its audience's view of it (`event_data`): staff get the payload
as recorded, devices only the fields listed for the event's type in `DEVICE_EVENT_FIELDS` (an event type
not listed reaches devices with its type and sequence number but no data). An allow-list, so a field
added to an event later stays away from devices until someone decides they may see it.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from server.db.models import Counter, Service, Ticket
from server.domain.prediction import WaitEstimate


class Audience(StrEnum):
    PUBLIC = "public"
    DEVICE = "device"
    STAFF = "staff"


def service_summary(service: Service) -> dict[str, Any]:
    return {"code": service.code, "name_zh": service.name_zh, "name_en": service.name_en, "prefix": service.prefix}


def estimate_fields(estimate: WaitEstimate | None) -> dict[str, Any]:
    if estimate is None:
        return {"position": None, "estimated_wait_s": None, "estimated_wait_low_s": None, "estimated_wait_high_s": None}
    return {
        "position": estimate.position,
        "estimated_wait_s": round(estimate.expected_s),
        "estimated_wait_low_s": round(estimate.low_s),
        "estimated_wait_high_s": round(estimate.high_s),
    }


def counter_summary(counter: Counter | None) -> dict[str, Any] | None:
    if counter is None:
        return None
    return {"id": counter.id, "number": counter.number, "name": counter.name, **zone_fields(counter)}


def zone_fields(counter: Counter) -> dict[str, str]:
    """Where the counter is, in both languages; `zone` is the two joined, as one mixed string used to be
    (kept for screens written before the split; new screens pick `zone_zh` or `zone_en`)."""
    joined = counter.zone_zh if counter.zone_zh == counter.zone_en else f"{counter.zone_zh} / {counter.zone_en}"
    return {"zone": joined.strip(" /"), "zone_zh": counter.zone_zh, "zone_en": counter.zone_en}


def staff_ticket(ticket: Ticket, estimate: WaitEstimate | None = None) -> dict[str, Any]:
    """What tellers, managers and the counter app see of a ticket."""
    return {
        "id": ticket.id,
        "number": ticket.number,
        "service": service_summary(ticket.service),
        "status": ticket.status.value,
        "channel": ticket.channel.value,
        "priority": ticket.priority.value,
        "issued_at": ticket.issued_at.isoformat(),
        "arrived_at": ticket.arrived_at.isoformat(),
        "called_at": ticket.called_at.isoformat() if ticket.called_at else None,
        "started_at": ticket.started_at.isoformat() if ticket.started_at else None,
        "finished_at": ticket.finished_at.isoformat() if ticket.finished_at else None,
        "counter": counter_summary(ticket.counter),
        "target_counter_id": ticket.target_counter_id,
        "recall_count": ticket.recall_count,
        "transfer_count": ticket.transfer_count,
        "notes": list(ticket.notes or []),
        "call_reason": ticket.call_reason,
        "call_facts": ticket.call_facts,
        "appointment_id": ticket.appointment_id,
        **remote_fields(ticket),
        "phone": ticket.phone_masked,
        "appointment_slot_start": ticket.appointment.slot_start.isoformat() if ticket.appointment else None,
        "outcome": ticket.outcome,
        **estimate_fields(estimate),
    }


def remote_fields(ticket: Ticket) -> dict[str, Any]:
    """A remote ticket's arrive-by time and whether its customer is still on the way (not callable yet)."""
    return {
        "arrive_by": ticket.arrive_by.isoformat() if ticket.arrive_by else None,
        "awaiting_arrival": ticket.arrive_by is not None and ticket.checked_in_at is None,
    }


DEVICE_TICKET_FIELDS = (
    "id", "number", "service", "status", "channel", "issued_at", "arrived_at", "called_at", "counter",
    "recall_count", "position", "estimated_wait_s", "estimated_wait_low_s", "estimated_wait_high_s",
    "arrive_by", "awaiting_arrival",
)
"""An allow-list, like the device event fields: a field added to the staff view stays hidden from devices."""


def device_ticket(ticket: Ticket, estimate: WaitEstimate | None = None) -> dict[str, Any]:
    """What kiosks and displays see of a ticket: its number, service, counter and estimate."""
    staff = staff_ticket(ticket, estimate)
    return {name: staff[name] for name in DEVICE_TICKET_FIELDS}


def ticket_for(audience: Audience, ticket: Ticket, estimate: WaitEstimate | None) -> dict[str, Any]:
    """A ticket as `audience` may see it (the public's view of a ticket just issued: not rated yet)."""
    if audience is Audience.STAFF:
        return staff_ticket(ticket, estimate)
    if audience is Audience.DEVICE:
        return device_ticket(ticket, estimate)
    return public_ticket(ticket, estimate, rated=False)


def public_ticket(ticket: Ticket, estimate: WaitEstimate | None, rated: bool) -> dict[str, Any]:
    """What anyone holding the ticket's token may see: no personal data, no internal ids."""
    service = ticket.service
    branch = service.branch
    return {
        "number": ticket.number,
        "status": ticket.status.value,
        "service": service_summary(service),
        "branch": {"code": branch.code, "name_zh": branch.name_zh, "name_en": branch.name_en,
                   "time_zone": branch.time_zone},
        "documents_zh": list(service.documents_zh or []),
        "documents_en": list(service.documents_en or []),
        "issued_at": ticket.issued_at.isoformat(),
        "called_at": ticket.called_at.isoformat() if ticket.called_at else None,
        "counter": counter_summary(ticket.counter) if ticket.status.is_active else None,
        "can_rate": ticket.status.value == "done" and not rated,
        "rated": rated,
        **remote_fields(ticket),
        "notify": ticket.phone_masked is not None,
        **estimate_fields(estimate if ticket.status.value == "waiting" else None),
    }


def ticket_event(ticket: Ticket, view: dict[str, Any]) -> dict[str, Any]:
    """Event payloads carry what displays and counter apps need, never personal data or tokens."""
    return {
        "ticket_id": ticket.id,
        "number": ticket.number,
        "status": ticket.status.value,
        "service": view["service"],
        "priority": ticket.priority.value,
        "counter": view["counter"],
        "target_counter_id": ticket.target_counter_id,
        "position": view["position"],
        "estimated_wait_s": view["estimated_wait_s"],
        "call_reason": ticket.call_reason,
        "call_facts": ticket.call_facts,
        **remote_fields(ticket),
    }


def device_counter(counter_view: Mapping[str, Any]) -> dict[str, Any]:
    """A counter's state as devices see it: who holds it is staff's business."""
    return {key: value for key, value in counter_view.items() if key != "staff_id"}


_TICKET_EVENT_FIELDS = frozenset(
    {"ticket_id", "number", "status", "service", "counter", "position", "estimated_wait_s", "recall_count",
     "from_service", "from_counter", "business_day", "arrive_by", "awaiting_arrival"}
)
DEVICE_EVENT_FIELDS: Mapping[str, frozenset[str]] = {
    **{
        event_type: _TICKET_EVENT_FIELDS
        for event_type in (
            "ticket.issued", "ticket.called", "ticket.recalled", "ticket.started", "ticket.transferred",
            "ticket.finished", "ticket.no_show", "ticket.cancelled", "ticket.expired", "ticket.requeued",
            "ticket.returned", "ticket.checked_in",
        )
    },
    "estimates.changed": frozenset({"estimates"}),
    "counter.state": frozenset(
        {"counter_id", "number", "name", "zone", "zone_zh", "zone_en", "state", "services", "action"}
    ),
    "service.summary": frozenset(
        {"service", "waiting", "open_counters", "estimated_wait_s", "estimated_wait_low_s", "estimated_wait_high_s",
         "state", "state_reason", "opens_at"}
    ),
    "config.changed": frozenset({"entity", "action", "id", "code", "fields"}),
    "appointment.checked_in": frozenset({"appointment_id"}),
}
"""What devices receive of each event type's payload; types not listed reach them without data."""


def event_data(audience: Audience, event_type: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """An event's payload as `audience` may see it (the public has no event stream)."""
    if audience is Audience.STAFF:
        return dict(data)
    allowed = DEVICE_EVENT_FIELDS.get(event_type, frozenset()) if audience is Audience.DEVICE else frozenset()
    return {key: value for key, value in data.items() if key in allowed}
