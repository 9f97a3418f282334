"""Read-side views of a branch: its services with queue lengths, the live queue, a ticket by token."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from server.db.engine import Database
from server.db.models import Branch, Counter, CounterSkill, Rating, Service, Ticket
from server.domain.enums import CounterState, TicketStatus
from server.domain.numbering import business_day
from server.domain.prediction import WaitEstimate
from server.services import views
from server.services.calendars import calendar_now, opening_status
from server.services.codes import CodeSigner
from server.services.counters import counter_state_view
from server.services.auth import Principal
from server.services.lookups import branch_by_code, ticket_by_token
from server.services.permissions import Operation, Target, audience_of, authorize
from server.services.queue_engines import QueueEngines
from server.services.unit_of_work import Clock


class QueueQueries:
    def __init__(self, db: Database, engines: QueueEngines, clock: Clock, codes: CodeSigner) -> None:
        self.db = db
        self.engines = engines
        self.clock = clock
        self.codes = codes
        self._line_estimates: dict[int, tuple[tuple[int, int], dict[int, Any]]] = {}
        """Per branch: the line's estimates for (event seq, second), shared by every status read meanwhile."""

    def services(self, branch_code: str) -> dict[str, Any]:
        """Active services with how many wait and how long a new customer would wait, and the branch's
        hours: open now, until when, when it opens next (what the kiosk shows)."""
        with self.db.read() as session:
            branch = branch_by_code(session, branch_code)
            now = self.clock()
            newcomer = self.engines.newcomer_estimates(session, branch, now)
            waiting = self._waiting_by_service(session, branch.id)
            open_counts = self._open_counters_by_service(session, branch.id)
            rows = session.scalars(
                select(Service).where(Service.branch_id == branch.id, Service.active.is_(True)).order_by(Service.id)
            ).all()
            hours = opening_status(calendar_now(session, branch, now), now)
            return {
                "branch": {"code": branch.code, "name_zh": branch.name_zh, "name_en": branch.name_en},
                "hours": hours,
                "services": [
                    _service_row(s, waiting.get(s.id, 0), open_counts.get(s.id, 0), newcomer.get(s.code))
                    for s in rows
                ],
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

    @staticmethod
    def _waiting_by_service(session: Session, branch_id: int) -> dict[int, int]:
        rows = session.execute(
            select(Ticket.service_id, func.count())
            .where(Ticket.branch_id == branch_id, Ticket.status == TicketStatus.WAITING)
            .group_by(Ticket.service_id)
        ).all()
        return {key: count for key, count in rows}

    @staticmethod
    def _open_counters_by_service(session: Session, branch_id: int) -> dict[int, int]:
        rows = session.execute(
            select(CounterSkill.service_id, func.count())
            .join(Counter, Counter.id == CounterSkill.counter_id)
            .where(Counter.branch_id == branch_id, Counter.state == CounterState.OPEN, Counter.active.is_(True))
            .group_by(CounterSkill.service_id)
        ).all()
        return {key: count for key, count in rows}


def _service_row(
    service: Service, waiting: int, open_counters: int, estimate: WaitEstimate | None
) -> dict[str, Any]:
    return {
        **views.service_summary(service),
        "target_wait_min": service.target_wait_min,
        "expected_service_min": service.expected_service_min,
        "documents_zh": list(service.documents_zh or []),
        "documents_en": list(service.documents_en or []),
        "waiting": waiting,
        "open_counters": open_counters,
        **{k: v for k, v in views.estimate_fields(estimate).items() if k != "position"},
    }


def _brief(ticket: Ticket | None) -> dict[str, Any] | None:
    if ticket is None:
        return None
    return {"id": ticket.id, "number": ticket.number, "status": ticket.status.value, "service": ticket.service.code}
