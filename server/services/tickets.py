"""Issuing tickets and moving them through their lifecycle.

Each public method is one transaction (`Changes.begin`): it checks who may act, applies the domain
state machine, records the events and refreshes the queue's estimates before commit.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from server.db.models import Appointment, Counter, Ticket
from server.domain.appointments import normalise_code
from server.domain.enums import (
    AppointmentStatus,
    Channel,
    EventType,
    PriorityTier,
    Role,
    TicketAction,
    TicketStatus,
)
from server.domain.errors import ConflictError, InvalidInput
from server.domain.lifecycle import RecallRule, next_status
from server.domain.numbering import business_day, format_ticket_number
from server.domain.prediction import WaitPredictor
from server.domain.queue import QueuedTicket
from server.domain.signed_codes import CodeKind
from server.services import views
from server.services.auth import PermissionDenied, Principal
from server.services.calendars import calendar_now, require_open_for_walk_ins
from server.services.codes import CodeSigner, looks_signed
from server.services.estimates import current_estimates, push_moved_estimates
from server.services.lookups import (
    branch_by_code,
    counter_by_id,
    require_branch_access,
    service_by_code,
    ticket_by_id,
    ticket_by_token,
)
from server.services.numbering import allocate_sequence
from server.services.queue_engines import QueueEngines
from server.services.queue_state import queued_ticket
from server.services.unit_of_work import Change, Changes

APPOINTMENT_EARLY = timedelta(hours=2)
APPOINTMENT_LATE = timedelta(minutes=30)


@dataclass(frozen=True, slots=True)
class IssueRequest:
    branch_code: str
    service_code: str | None
    channel: Channel
    priority: PriorityTier = PriorityTier.REGULAR
    appointment_code: str | None = None


def new_token() -> str:
    """Unguessable, URL-safe, never all digits (so it cannot be mistaken for a ticket id)."""
    return "t" + secrets.token_urlsafe(18)


class TicketService:
    def __init__(self, changes: Changes, engines: QueueEngines, codes: CodeSigner) -> None:
        self.changes = changes
        self.engines = engines
        self.codes = codes

    # -- issuing -------------------------------------------------------------------------------

    def issue(self, request: IssueRequest, principal: Principal | None) -> dict[str, Any]:
        branch_id = self._branch_id(request.branch_code)
        _check_issuer(request.channel, principal, branch_id)
        with self.changes.begin(branch_id) as change:
            if _keeps_opening_hours(request, principal):
                require_open_for_walk_ins(calendar_now(change.session, change.branch, change.now), change.now)
            ticket = self._create_ticket(change, request)
            estimates = current_estimates(change, self.engines)
            estimate = estimates.get(ticket.id)
            ticket.estimated_wait_s = None if estimate is None else round(estimate.expected_s)
            view = views.staff_ticket(ticket, estimate)
            change.record(EventType.TICKET_ISSUED, views.ticket_event(ticket, view))
            push_moved_estimates(change, self.engines, estimates)
            self._observe(change, lambda predictor, seen: predictor.observe_arrival(seen), ticket)
        return {
            **view,
            "token": ticket.token,
            "qr_code": self.codes.ticket_code(ticket.token, ticket.issued_at),
            "status_url": self.codes.ticket_status_url(ticket.token, ticket.issued_at),
        }

    def _create_ticket(self, change: Change, request: IssueRequest) -> Ticket:
        session, branch = change.session, change.branch
        appointment = self._check_in(change, request.appointment_code) if request.appointment_code else None
        if appointment is not None:
            service = appointment.service
        elif request.service_code:
            service = service_by_code(session, branch, request.service_code)
        else:
            raise InvalidInput(
                "choose a service (or give an appointment code)", field="service",
                code="ticket.service_required"
            )
        day = business_day(change.now, branch.time_zone)
        sequence = allocate_sequence(session, branch.id, service.id, day)
        ticket = Ticket(
            branch_id=branch.id,
            service_id=service.id,
            issued_service_id=service.id,
            business_day=day,
            sequence=sequence,
            number=format_ticket_number(service.prefix, sequence),
            token=new_token(),
            channel=Channel.APPOINTMENT if appointment else request.channel,
            priority=request.priority,
            status=TicketStatus.WAITING,
            appointment_id=appointment.id if appointment else None,
            customer_id=appointment.customer_id if appointment else None,
            issued_at=change.now,
            arrived_at=change.now,
            enqueued_at=change.now,
            notes=[],
        )
        ticket.service = service
        session.add(ticket)
        session.flush()
        return ticket

    def _check_in(self, change: Change, code: str) -> Appointment:
        if looks_signed(code):
            code = self.codes.read(code, CodeKind.APPOINTMENT, change.now, field="appointment")
        appointment = change.session.scalars(
            select(Appointment).where(Appointment.code == normalise_code(code))
        ).one_or_none()
        if appointment is None or appointment.branch_id != change.branch.id:
            raise InvalidInput(
                "no appointment with this code at this branch", field="appointment",
                code="appointment.not_at_branch"
            )
        if appointment.status is not AppointmentStatus.BOOKED:
            raise ConflictError(
                f"this appointment is already {appointment.status.value}", field="appointment",
                code="appointment.already_status", params={"status": appointment.status.value},
            )
        if change.now < appointment.slot_start - APPOINTMENT_EARLY:
            raise ConflictError(
                "too early to check in; come back within 2 hours of the slot", field="appointment",
                code="appointment.too_early",
            )
        if change.now > appointment.slot_start + APPOINTMENT_LATE:
            raise ConflictError(
                "this appointment's slot has passed; take a normal ticket", field="appointment",
                code="appointment.slot_passed",
            )
        appointment.status = AppointmentStatus.CHECKED_IN
        change.record(EventType.APPOINTMENT_CHECKED_IN, {"appointment_id": appointment.id})
        return appointment

    # -- actions at a counter ------------------------------------------------------------------

    def act(
        self, ticket_id: int, action: TicketAction, principal: Principal, **options: Any
    ) -> dict[str, Any]:
        branch_id = self._ticket_branch(ticket_id)
        require_branch_access(principal, branch_id)
        with self.changes.begin(branch_id) as change:
            ticket = ticket_by_id(change.session, ticket_id)
            _check_actor(change, ticket, action, principal)
            handler = getattr(self, f"_{action.name.lower()}")
            event_type, extra = handler(change, ticket, **options)
            estimates = current_estimates(change, self.engines)
            view = views.staff_ticket(ticket, estimates.get(ticket.id))
            change.record(event_type, {**views.ticket_event(ticket, view), **extra})
            push_moved_estimates(change, self.engines, estimates)
        return view

    def _recall(self, change: Change, ticket: Ticket) -> tuple[EventType, dict[str, Any]]:
        next_status(ticket.status, TicketAction.RECALL)
        RecallRule(change.branch.max_recalls).check_recall(ticket.recall_count)
        ticket.recall_count += 1
        ticket.called_at = change.now
        return EventType.TICKET_RECALLED, {"recall_count": ticket.recall_count}

    def _start(self, change: Change, ticket: Ticket) -> tuple[EventType, dict[str, Any]]:
        ticket.status = next_status(ticket.status, TicketAction.START)
        ticket.started_at = change.now
        called_at = (ticket.first_called_at or change.now).timestamp()
        self._observe(change, lambda predictor, seen: predictor.observe_wait(seen, called_at), ticket)
        return EventType.TICKET_STARTED, {}

    def _finish(self, change: Change, ticket: Ticket) -> tuple[EventType, dict[str, Any]]:
        ticket.status = next_status(ticket.status, TicketAction.FINISH)
        ticket.finished_at = change.now
        started = ticket.started_at or change.now
        duration = (change.now - started).total_seconds()
        predictor = self.engines.for_branch(change.branch).predictor
        service_code, counter_id = ticket.service.code, ticket.counter_id or 0
        change.after_commit(
            lambda: predictor.observe_service(service_code, counter_id, started.timestamp(), duration)
        )
        return EventType.TICKET_FINISHED, {"service_time_s": round(duration)}

    def _no_show(self, change: Change, ticket: Ticket) -> tuple[EventType, dict[str, Any]]:
        ticket.status = next_status(ticket.status, TicketAction.NO_SHOW)
        ticket.finished_at = change.now
        self._observe_abandonment(change, ticket)
        return EventType.TICKET_NO_SHOW, {}

    def _cancel(self, change: Change, ticket: Ticket) -> tuple[EventType, dict[str, Any]]:
        ticket.status = next_status(ticket.status, TicketAction.CANCEL)
        ticket.finished_at = change.now
        self._observe_abandonment(change, ticket)
        return EventType.TICKET_CANCELLED, {}

    def _transfer(
        self,
        change: Change,
        ticket: Ticket,
        service: str | None = None,
        counter_id: int | None = None,
        note: str | None = None,
    ) -> tuple[EventType, dict[str, Any]]:
        ticket.status = next_status(ticket.status, TicketAction.TRANSFER)
        if service is None and counter_id is None:
            raise InvalidInput(
                "say where to transfer: a service, a counter, or both", field="service",
                code="ticket.transfer_target_missing",
            )
        origin = ticket.counter.number if ticket.counter else None
        from_service = ticket.service.code
        if service is not None:
            ticket.service = service_by_code(change.session, change.branch, service)
        ticket.target_counter_id = self._target_counter(change, counter_id, ticket) if counter_id else None
        ticket.counter, ticket.staff_id = None, None
        ticket.called_at = ticket.started_at = None
        ticket.recall_count = 0
        ticket.transfer_count += 1
        ticket.enqueued_at = change.now
        ticket.notes = [*ticket.notes, _transfer_note(from_service, origin, ticket, note)]
        return EventType.TICKET_TRANSFERRED, {"from_service": from_service, "from_counter": origin}

    def _target_counter(self, change: Change, counter_id: int, ticket: Ticket) -> int:
        counter = counter_by_id(change.session, counter_id)
        if counter.branch_id != change.branch.id:
            raise InvalidInput(
                f"counter {counter_id} is not in this branch", field="counter_id",
                code="ticket.counter_not_in_branch", params={"counter_id": counter_id},
            )
        if ticket.service.code not in {skill.service.code for skill in counter.skills}:
            raise InvalidInput(
                f"counter {counter.number} does not serve {ticket.service.code}", field="counter_id",
                code="ticket.counter_lacks_service",
                params={"counter": counter.number, "service": ticket.service.code},
            )
        return counter.id

    def _observe_abandonment(self, change: Change, ticket: Ticket) -> None:
        at = change.now.timestamp()
        self._observe(change, lambda predictor, seen: predictor.observe_abandonment(seen, at), ticket)

    def _observe(
        self, change: Change, hook: Callable[[WaitPredictor, QueuedTicket], None], ticket: Ticket
    ) -> None:
        """Tell the branch's predictor what happened, once the change is committed."""
        predictor = self.engines.for_branch(change.branch).predictor
        seen = queued_ticket(
            ticket, ticket.service.code, ticket.appointment.slot_start if ticket.appointment else None
        )
        change.after_commit(lambda: hook(predictor, seen))

    # -- the customer's own actions ------------------------------------------------------------

    def cancel_by_token(self, token: str) -> dict[str, Any]:
        with self.changes.db.read() as session:
            ticket = ticket_by_token(session, token)
            branch_id, ticket_id = ticket.branch_id, ticket.id
        with self.changes.begin(branch_id) as change:
            ticket = ticket_by_id(change.session, ticket_id)
            self._cancel(change, ticket)
            estimates = current_estimates(change, self.engines)
            view = views.staff_ticket(ticket)
            change.record(EventType.TICKET_CANCELLED, {**views.ticket_event(ticket, view), "by": "customer"})
            push_moved_estimates(change, self.engines, estimates)
        return views.public_ticket(ticket, None, rated=False)

    # -- helpers -------------------------------------------------------------------------------

    def _branch_id(self, code: str) -> int:
        with self.changes.db.read() as session:
            return branch_by_code(session, code).id

    def _ticket_branch(self, ticket_id: int) -> int:
        with self.changes.db.read() as session:
            return ticket_by_id(session, ticket_id).branch_id


def _check_issuer(channel: Channel, principal: Principal | None, branch_id: int) -> None:
    """Who may issue on which channel: the public online, kiosks at the kiosk, tellers at the counter."""
    if principal is None:
        if channel is not Channel.ONLINE:
            raise PermissionDenied(
                "without logging in, only online tickets can be taken", code="ticket.online_only_anonymous"
            )
        return
    require_branch_access(principal, branch_id)
    allowed = {
        Role.KIOSK: {Channel.KIOSK, Channel.APPOINTMENT},
        Role.TELLER: {Channel.COUNTER},
        Role.MANAGER: set(Channel),
        Role.ADMIN: set(Channel),
    }.get(principal.role, set())
    if channel not in allowed:
        raise PermissionDenied(
            f"a {principal.role.value} account cannot issue {channel.value} tickets",
            code="ticket.channel_forbidden", params={"role": principal.role.value, "channel": channel.value},
        )


def _keeps_opening_hours(request: IssueRequest, principal: Principal | None) -> bool:
    """Walk-ins from the public and the kiosk stop at closing; staff issue at any hour (their override),
    and a booked customer checks in for a slot that lies within the hours anyway."""
    if request.appointment_code:
        return False
    return principal is None or principal.role.is_device


def _check_actor(change: Change, ticket: Ticket, action: TicketAction, principal: Principal) -> None:
    """A teller acts only on tickets at the counter it holds; a manager may move or cancel waiting ones."""
    if principal.role.is_device:
        raise PermissionDenied("devices cannot act on tickets", code="ticket.devices_cannot_act")
    if ticket.status.is_active:
        counter: Counter | None = ticket.counter
        if counter is None or counter.staff_id != principal.account_id:
            raise PermissionDenied(
                "only the teller at the ticket's counter can do this", code="ticket.only_own_counter"
            )
        return
    if action in (TicketAction.TRANSFER, TicketAction.CANCEL) and ticket.status is TicketStatus.WAITING:
        if principal.role in (Role.MANAGER, Role.ADMIN):
            return
        raise PermissionDenied(
            "only a manager can move or cancel a ticket that is still waiting",
            code="ticket.manager_only_waiting"
        )
    next_status(ticket.status, action)  # a final ticket: explains why nothing more can happen
    raise PermissionDenied("this ticket is not at your counter", code="ticket.not_at_your_counter")


def _transfer_note(from_service: str, origin: int | None, ticket: Ticket, note: str | None) -> str:
    where = f"counter {origin}" if origin is not None else "the queue"
    text = f"transferred from {from_service} at {where} to {ticket.service.code}"
    if ticket.target_counter_id:
        text += f" (counter id {ticket.target_counter_id})"
    return f"{text}: {note.strip()}" if note and note.strip() else text
