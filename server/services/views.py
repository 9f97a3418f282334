"""Plain dictionaries the API returns: one place that decides what each audience may see."""

from __future__ import annotations

from typing import Any

from server.db.models import Counter, Service, Ticket
from server.domain.prediction import WaitEstimate


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
    return {"id": counter.id, "number": counter.number, "name": counter.name, "zone": counter.zone}


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
        **estimate_fields(estimate),
    }


def public_ticket(ticket: Ticket, estimate: WaitEstimate | None, rated: bool) -> dict[str, Any]:
    """What anyone holding the ticket's token may see: no personal data, no internal ids."""
    service = ticket.service
    return {
        "number": ticket.number,
        "status": ticket.status.value,
        "service": service_summary(service),
        "documents_zh": list(service.documents_zh or []),
        "documents_en": list(service.documents_en or []),
        "issued_at": ticket.issued_at.isoformat(),
        "called_at": ticket.called_at.isoformat() if ticket.called_at else None,
        "counter": counter_summary(ticket.counter) if ticket.status.is_active else None,
        "can_rate": ticket.status.value == "done" and not rated,
        "rated": rated,
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
    }
