"""Read-side views of a branch: its services with queue lengths, the live queue, a ticket by token."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from server.db.engine import Database
from server.db.models import Branch, Counter, CounterSkill, Rating, Service, Ticket
from server.domain.enums import TicketStatus
from server.domain.numbering import business_day
from server.domain.service_menu import ServiceSummary, branch_opening, service_summaries
from server.services import views
from server.services.calendars import calendar_now, opening_status
from server.services.codes import CodeSigner
from server.services.counters import counter_state_view
from server.services.faces import FaceService
from server.services.auth import Principal
from server.services.lookups import branch_by_code, ticket_by_token
from server.services.permissions import Operation, Target, audience_of, authorize
from server.services.queue_engines import QueueEngines
from server.services.queue_state import build_snapshot
from server.services.service_menu import branch_categories, guidance, service_zones
from server.services.unit_of_work import Clock


class QueueQueries:
    def __init__(
        self, db: Database, engines: QueueEngines, clock: Clock, codes: CodeSigner, faces: FaceService
    ) -> None:
        self.db = db
        self.engines = engines
        self.clock = clock
        self.codes = codes
        self.faces = faces
        self._line_estimates: dict[int, tuple[tuple[int, int], dict[int, Any]]] = {}
        """Per branch: the line's estimates for (event seq, second), shared by every status read meanwhile."""

    def services(self, branch_code: str) -> dict[str, Any]:
        """The kiosk's whole menu in one answer: the branch's hours, whether face check-in can be offered,
        the menu categories, and every active service with its state, how many wait, what a newcomer would
        wait (with its range), where it is served and what to bring.

        The services' figures come from `server.domain.service_menu`, as the `service.summary` events do."""
        with self.db.read() as session:
            branch = branch_by_code(session, branch_code)
            now = self.clock()
            snapshot = build_snapshot(session, branch, now)
            newcomer = self.engines.for_branch(branch).predict_newcomers(snapshot)
            calendar = calendar_now(session, branch, now)
            rows = session.scalars(
                select(Service)
                .where(Service.branch_id == branch.id, Service.active.is_(True))
                .options(selectinload(Service.category))
                .order_by(Service.id)
            ).all()
            summaries = service_summaries(snapshot, newcomer, branch_opening(calendar, now), [s.code for s in rows])
            zones = service_zones(session, branch.id)
            return {
                "branch": {"code": branch.code, "name_zh": branch.name_zh, "name_en": branch.name_en},
                "hours": opening_status(calendar, now),
                "face_check_in": self.faces.kiosk_offer(),
                "categories": branch_categories(session, branch.id),
                "services": [_service_row(s, summaries[s.code], zones.get(s.id, [])) for s in rows],
            }

    def queue(self, branch_code: str, principal: Principal) -> dict[str, Any]:
        """The live floor: counters and who they serve, and the waiting line with estimates.

        Staff see the staff view of every ticket; kiosks and displays the device view (no notes, no call
        facts, no staff ids)."""
        with self.db.read() as session:
            branch = branch_by_code(session, branch_code)
            authorize(principal, Operation.LIVE_QUEUE, Target(branch.id))
            audience = audience_of(principal)
            counter_view = views.device_counter if audience is views.Audience.DEVICE else dict
            now = self.clock()
            estimates = self.engines.estimates(session, branch, now)
            counters = session.scalars(
                select(Counter)
                .where(Counter.branch_id == branch.id, Counter.active.is_(True))
                .options(selectinload(Counter.skills).selectinload(CounterSkill.service))
                .order_by(Counter.number)
            ).all()
            live = session.scalars(
                select(Ticket)
                .where(
                    Ticket.branch_id == branch.id,
                    Ticket.status.in_([TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING]),
                )
                .options(selectinload(Ticket.service), selectinload(Ticket.counter))
                .order_by(Ticket.arrived_at, Ticket.id)
            ).all()
            seq = branch.event_seq
            at_counter = {t.counter_id: t for t in live if t.status.is_active}
            return {
                "branch": branch.code,
                "as_of_seq": seq,
                "at": now.isoformat(),
                "business_day": business_day(now, branch.time_zone).isoformat(),
                "counters": [
                    {**counter_view(counter_state_view(c)), "ticket": _brief(at_counter.get(c.id))} for c in counters
                ],
                "waiting": [
                    views.ticket_for(audience, t, estimates.get(t.id))
                    for t in live
                    if t.status is TicketStatus.WAITING
                ],
            }

    def ticket_status(self, token: str) -> dict[str, Any]:
        """By the raw token or by the signed code printed in the ticket's QR code."""
        token = self.codes.ticket_token(token, self.clock())
        with self.db.read() as session:
            ticket = ticket_by_token(session, token)
            estimate = None
            if ticket.status is TicketStatus.WAITING:
                estimate = self._estimates_now(session, ticket.service.branch).get(ticket.id)
            rated = session.scalar(select(func.count()).where(Rating.ticket_id == ticket.id)) > 0
            return views.public_ticket(ticket, estimate, rated)

    def _estimates_now(self, session: Session, branch: Branch) -> dict[int, Any]:
        """The line's estimates, computed once per event and second however many status pages ask: every
        page of a ticket of the branch re-reads its status after each event of the branch's log."""
        now = self.clock()
        key = (branch.event_seq, int(now.timestamp()))
        cached = self._line_estimates.get(branch.id)
        if cached is not None and cached[0] == key:
            return cached[1]
        estimates = self.engines.estimates(session, branch, now)
        self._line_estimates[branch.id] = (key, estimates)
        return estimates

    def branches(self) -> list[dict[str, Any]]:
        """The branches this server serves (the front door lists them)."""
        with self.db.read() as session:
            rows = session.scalars(select(Branch).where(Branch.active.is_(True)).order_by(Branch.id)).all()
            return [{"code": b.code, "name_zh": b.name_zh, "name_en": b.name_en} for b in rows]

    def branch_names(self, code: str) -> dict[str, Any]:
        with self.db.read() as session:
            branch = branch_by_code(session, code)
            return {"id": branch.id, "code": branch.code, "name_zh": branch.name_zh, "name_en": branch.name_en}

    def ticket_branch_id(self, token: str) -> int:
        """The branch of a ticket named by its token or signed code (whose event log its status follows)."""
        token = self.codes.ticket_token(token, self.clock())
        with self.db.read() as session:
            return ticket_by_token(session, token).branch_id


def _service_row(service: Service, summary: ServiceSummary, zones: list[dict[str, Any]]) -> dict[str, Any]:
    figures = summary.as_payload()
    del figures["service"]
    return {
        **views.service_summary(service),
        "target_wait_min": service.target_wait_min,
        **guidance(service, zones),
        **figures,
    }


def _brief(ticket: Ticket | None) -> dict[str, Any] | None:
    if ticket is None:
        return None
    return {"id": ticket.id, "number": ticket.number, "status": ticket.status.value, "service": ticket.service.code}
