"""Joining the queue from a phone (`/q/<branch>`), checking in on arrival, and expiring no-shows.

A remote ticket is an online ticket issued by `TicketService.issue` (same number series, same status page)
with an arrive-by time; the rules are `server.domain.remote`. The kiosk (or staff) checks it in by the status
page's code, its token or its number typed in; until then the calling policies skip it. Not checked in by its
arrive-by time, the background loop expires it (`expire_overdue`), and its status page says why.
"""

from __future__ import annotations

from datetime import timedelta
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select, update

from server.db.models import Branch, Ticket
from server.domain.enums import Channel, EventType, TicketAction, TicketStatus
from server.domain.errors import ConflictError, InvalidInput, NotFound
from server.domain.lifecycle import next_status
from server.domain.numbering import business_day, parse_ticket_number
from server.domain.remote import RemoteQueueRule, check_arrival, check_settings, overdue
from server.services import views
from server.services.auth import Principal
from server.services.codes import CodeSigner, looks_signed
from server.services.estimates import EstimateRefresher
from server.services.lookups import branch_by_code, ticket_by_token
from server.services.notifications import Notifications
from server.services.permissions import Operation, audience_of, authorize_branch
from server.services.phones import contact_of
from server.services.queue_engines import QueueEngines
from server.services.tickets import IssueRequest, TicketService
from server.services.unit_of_work import CUSTOMER, SYSTEM, Actor, Change, Changes

NOT_ARRIVED = "not_arrived"


def rule_of(branch: Branch) -> RemoteQueueRule:
    return RemoteQueueRule(
        branch.remote_queue_enabled, branch.remote_daily_cap, timedelta(minutes=branch.remote_arrive_within_min)
    )


def settings_view(branch: Branch) -> dict[str, Any]:
    return {
        "enabled": branch.remote_queue_enabled, "daily_cap": branch.remote_daily_cap,
        "arrive_within_min": branch.remote_arrive_within_min,
    }


class RemoteQueueService:
    def __init__(
        self, changes: Changes, engines: QueueEngines, codes: CodeSigner, estimates: EstimateRefresher,
        tickets: TicketService, notifications: Notifications, menu: Callable[[str], dict[str, Any]],
    ) -> None:
        self.changes, self.engines, self.codes, self.estimates = changes, engines, codes, estimates
        self.tickets, self.notifications = tickets, notifications
        self.menu = menu
        """The kiosk's menu of a branch (`QueueQueries.services`): each service's state and a newcomer's wait."""

    # -- the public side -----------------------------------------------------------------------

    def offer(self, branch_code: str) -> dict[str, Any]:
        """What `/q/<branch>` shows: whether the branch takes remote tickets now, how many are left today,
        and its services as the kiosk's menu has them (state, people waiting, what a newcomer would wait)."""
        menu = self.menu(branch_code)
        with self.changes.db.read() as session:
            branch = branch_by_code(session, branch_code)
            now = self.changes.clock()
            left = max(branch.remote_daily_cap - _joined_on(session, branch, business_day(now, branch.time_zone)), 0)
            return {
                "branch": menu["branch"], "enabled": branch.remote_queue_enabled, "left_today": left,
                "arrive_within_min": branch.remote_arrive_within_min, "services": menu["services"],
            }

    def join(self, branch_code: str, service_code: str, phone: str | None, language: str | None) -> dict[str, Any]:
        """A remote ticket for `service_code`, with its arrive-by time; a phone number (optional) is told when
        the turn nears and when it is called."""
        contact = contact_of(phone, language) if phone else None
        with self.changes.db.read() as session:
            branch = branch_by_code(session, branch_code)
            rule_of(branch).check_join(0)
            expected = self.engines.newcomer_estimates(session, branch, self.changes.clock()).get(service_code)

        def prepare(change: Change, ticket: Ticket) -> None:
            rule = rule_of(change.branch)
            rule.check_join(_joined_on(change.session, change.branch, ticket.business_day, but=ticket.id))
            ticket.arrive_by = rule.arrive_by(change.now, expected.expected_s if expected else None)
            if contact is not None:
                ticket.phone_sealed = self.notifications.sealer.seal(contact)
                ticket.phone_masked = contact.masked
            written = {"arrive_by": ticket.arrive_by, "phone_sealed": ticket.phone_sealed,
                       "phone_masked": ticket.phone_masked}
            change.session.execute(  # the row is already inserted (Core): write what is set here
                update(Ticket).where(Ticket.id == ticket.id).values(**written),
                execution_options={"synchronize_session": False},
            )
            if contact is not None:
                self.notifications.queue_moved(change)

        return self.tickets.issue(IssueRequest(branch_code, service_code, Channel.ONLINE), None, prepare=prepare)

    def leave_phone(self, reference: str, phone: str, language: str | None) -> dict[str, Any]:
        """A customer leaves a number on the status page to be told when their turn nears (once per ticket)."""
        contact = contact_of(phone, language)
        token = self.codes.ticket_token(reference, self.changes.clock())
        with self.changes.db.read() as session:
            ticket = ticket_by_token(session, token)
            branch_id, ticket_id = ticket.branch_id, ticket.id
        with self.changes.begin(branch_id, actor=CUSTOMER) as change:
            ticket = change.session.get(Ticket, ticket_id)
            assert ticket is not None
            if ticket.status is not TicketStatus.WAITING:
                raise ConflictError(
                    "this ticket no longer waits; no message is needed", field="phone", code="remote.phone_not_waiting"
                )
            if ticket.phone_sealed is not None or ticket.phone_masked is not None:
                raise ConflictError("a number was already left for this ticket", field="phone",
                                    code="remote.phone_already")
            ticket.phone_sealed = self.notifications.sealer.seal(contact)
            ticket.phone_masked = contact.masked
            self.notifications.queue_moved(change)
        return {"notify": True, "phone": contact.masked}

    # -- at the branch -------------------------------------------------------------------------

    def check_in(self, branch_code: str, reference: str, principal: Principal) -> dict[str, Any]:
        """The customer arrived: the kiosk scanned the status page's code (or the number was typed). From now
        on the ticket may be called; its place in the line is the one it kept."""
        with self.changes.db.read() as session:
            branch = branch_by_code(session, branch_code)
        authorize_branch(principal, Operation.REMOTE_CHECK_IN, branch.id)
        self.engines.for_branch(branch)
        with self.changes.begin(branch.id, actor=Actor.of(principal)) as change:
            ticket = self._find(change, reference)
            if ticket.status is not TicketStatus.WAITING:
                raise ConflictError(
                    f"this ticket is {ticket.status.value}, not waiting", field="ticket", code="remote.not_waiting",
                    params={"status": ticket.status.value},
                )
            check_arrival(ticket.arrive_by, ticket.checked_in_at, change.now)
            ticket.checked_in_at = change.now
            view = views.staff_ticket(ticket)
            change.record(EventType.TICKET_CHECKED_IN, views.ticket_event(ticket, view))
            self.notifications.queue_moved(change)
            answer = views.ticket_for(audience_of(principal), ticket, None)
        estimate = self.estimates.refreshed(branch.id, change.committed).get(ticket.id)
        return {
            **answer, **views.estimate_fields(estimate),
            "token": ticket.token,
            "qr_code": self.codes.ticket_code(ticket.token, ticket.issued_at),
            "status_url": self.codes.ticket_status_url(ticket.token, ticket.issued_at),
        }

    def _find(self, change: Change, reference: str) -> Ticket:
        """The ticket behind a scanned status-page code, a token, or a number typed in (today's, this branch)."""
        reference = reference.strip()
        if looks_signed(reference) or (reference.startswith("t") and len(reference) > 16):
            token = self.codes.ticket_token(reference, change.now, field="ticket")
            ticket = ticket_by_token(change.session, token)
        else:
            try:
                parse_ticket_number(reference.upper())
            except InvalidInput:
                raise InvalidInput(
                    "not a ticket number or a ticket's code", field="ticket", code="ticket.bad_reference"
                ) from None
            ticket = change.session.scalars(
                select(Ticket).where(
                    Ticket.branch_id == change.branch.id, Ticket.number == reference.upper(),
                    Ticket.business_day == business_day(change.now, change.branch.time_zone),
                )
            ).first()
            if ticket is None:
                raise NotFound("no ticket with this number here today", field="ticket", code="remote.not_today")
        if ticket.branch_id != change.branch.id:
            raise NotFound("no ticket with this number here today", field="ticket", code="remote.not_today")
        return ticket

    # -- the branch's setting --------------------------------------------------------------------

    def settings(self, branch_code: str, principal: Principal) -> dict[str, Any]:
        with self.changes.db.read() as session:
            branch = branch_by_code(session, branch_code)
            authorize_branch(principal, Operation.REMOTE_SETTINGS, branch.id)
            return settings_view(branch)

    def configure(self, branch_code: str, values: dict[str, Any], principal: Principal) -> dict[str, Any]:
        """Switch the remote queue on or off, set its daily cap and the longest time given to arrive."""
        with self.changes.db.read() as session:
            branch_id = branch_by_code(session, branch_code).id
        authorize_branch(principal, Operation.CONFIGURE_REMOTE, branch_id)
        with self.changes.begin(branch_id, actor=Actor.of(principal)) as change:
            branch = change.branch
            wanted = {**settings_view(branch), **{key: value for key, value in values.items() if value is not None}}
            check_settings(wanted["daily_cap"], wanted["arrive_within_min"])
            branch.remote_queue_enabled = bool(wanted["enabled"])
            branch.remote_daily_cap = wanted["daily_cap"]
            branch.remote_arrive_within_min = wanted["arrive_within_min"]
            change.record(EventType.CONFIG_CHANGED, {
                "entity": "branch", "action": "updated", "code": branch.code,
                "fields": sorted(f"remote_{key}" for key, value in values.items() if value is not None),
            })
            return settings_view(branch)

    # -- the background job ----------------------------------------------------------------------

    def expire_overdue(self) -> int:
        """Expire remote tickets not checked in by their arrive-by time; returns how many."""
        now = self.changes.clock()
        with self.changes.db.read() as session:
            branch_ids = session.scalars(
                select(Ticket.branch_id).distinct().where(
                    Ticket.status == TicketStatus.WAITING, Ticket.arrive_by.is_not(None),
                    Ticket.checked_in_at.is_(None), Ticket.arrive_by < now,
                )
            ).all()
        expired = 0
        for branch_id in branch_ids:
            with self.changes.begin(branch_id, actor=SYSTEM) as change:
                expired += _expire_in(change)
        return expired


def _expire_in(change: Change) -> int:
    stale = change.session.scalars(
        select(Ticket).where(
            Ticket.branch_id == change.branch.id, Ticket.status == TicketStatus.WAITING,
            Ticket.arrive_by.is_not(None), Ticket.checked_in_at.is_(None),
        )
    ).all()
    count = 0
    for ticket in stale:
        if not overdue(ticket.arrive_by, ticket.checked_in_at, change.now):
            continue
        ticket.status = next_status(ticket.status, TicketAction.EXPIRE)
        ticket.finished_at = change.now
        view = views.staff_ticket(ticket)
        change.record(EventType.TICKET_EXPIRED, {**views.ticket_event(ticket, view), "reason": NOT_ARRIVED})
        count += 1
    return count


def _joined_on(session: Any, branch: Branch, day: Any, but: int | None = None) -> int:
    """Remote tickets the branch took on business day `day` (not counting ticket `but`)."""
    query = select(func.count()).select_from(Ticket).where(
        Ticket.branch_id == branch.id, Ticket.business_day == day, Ticket.arrive_by.is_not(None)
    )
    if but is not None:
        query = query.where(Ticket.id != but)
    return session.scalar(query) or 0
