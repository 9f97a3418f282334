"""A ticket of the server's answer as the printer prints it (`kiosk.devices.PaperTicket`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from client import BranchServices, Ticket
from kiosk.devices import PaperTicket

__all__ = ["paper_ticket", "ticket_fact"]


def ticket_fact(ticket: Ticket, services: BranchServices | None, name: str) -> Any:
    """A fact of the issue answer (its `guidance`: zones, documents), else of the ticket's service in the menu."""
    raw = ticket.raw or {}
    guidance = raw.get("guidance") or {}
    for source in (guidance, raw):
        if source.get(name):
            return source.get(name)
    service = services.service(ticket.service.code) if services else None
    if service is None:
        return None
    return getattr(service, name, None) or (service.raw.get(name) if service.raw else None)


def _zone(zones: Any, language: str) -> str:
    for zone in zones or ():
        if isinstance(zone, Mapping):
            return str(zone.get(language) or "")
        parts = str(zone).split(" / ")
        return parts[-1] if language == "en" and len(parts) > 1 else parts[0]
    return ""


def paper_ticket(ticket: Ticket, services: BranchServices | None) -> PaperTicket:
    issued = datetime.fromisoformat(ticket.issued_at) if ticket.issued_at else datetime.now().astimezone()
    zone_name = services.hours.time_zone if services and services.hours else None
    if zone_name:
        issued = issued.astimezone(ZoneInfo(zone_name))
    zones = ticket_fact(ticket, services, "zones")
    estimate = ticket.estimate
    return PaperTicket(
        branch_name=services.branch.name_zh if services else "",
        ticket_number=ticket.number,
        service_name_zh=ticket.service.name_zh,
        service_name_en=ticket.service.name_en,
        status_url=ticket.status_url or "",
        issued_at=issued,
        people_ahead=None if ticket.position is None else max(0, ticket.position - 1),
        estimated_wait_s=None if estimate is None else estimate.expected_s,
        wait_range_s=None if estimate is None else (estimate.low_s, estimate.high_s),
        zone_zh=_zone(zones, "zh"),
        zone_en=_zone(zones, "en"),
        documents_zh=tuple(ticket_fact(ticket, services, "documents_zh") or ()),
        documents_en=tuple(ticket_fact(ticket, services, "documents_en") or ()),
    )
