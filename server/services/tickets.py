"""Issuing tickets and moving them through their lifecycle.

Each public method is one transaction (`Changes.begin`, which records who acts): it checks who may act
(the permission table, `server.services.permissions`), applies the domain state machine and records the
events. The queue's estimates are refreshed after the commit (`estimates.EstimateRefresher`, asked by
`Changes.on_commit`); an answer that shows a waiting ticket's estimate waits for that refresh.

A ticket's priority comes from who issues it and what is verified, never from the customer's request:
staff grant a tier, an appointment brings its customer's tier, everyone else is `regular`.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from server.db.models import Appointment, Branch, Counter, Customer, Service, Ticket
from server.domain.appointments import normalise_code
from server.domain.calendar import BranchCalendar
from server.domain.enums import (
    AppointmentStatus,
    Channel,
    CounterState,
    EventType,
    FinishOutcome,
    PriorityTier,
    TicketAction,
    TicketStatus,
)
from server.domain.errors import ConflictError, InvalidInput, NotFound
from server.domain.lifecycle import RecallRule, next_status
from server.domain.missed_call import MissedCallRule
from server.domain.numbering import business_day, format_ticket_number
from server.domain.prediction import WaitPredictor
from server.domain.queue import QueuedTicket
from server.domain.signed_codes import CodeKind
from server.domain.text import MAX_NOTE_LENGTH, TextRule, append_note, clean_text
from server.services import views
from server.services.auth import PermissionDenied, Principal
from server.services.caches import GenerationCache
from server.services.calendars import branch_calendar, require_open_for_walk_ins
from server.services.codes import CodeSigner, looks_signed
from server.services.estimates import EstimateRefresher
from server.services.lookups import (
    branch_by_code,
    branch_of_ticket,
    counter_by_id,
    service_by_code,
    ticket_by_id,
    ticket_by_token,
)
from server.services.numbering import allocate_sequence
from server.services.permissions import (
    Operation,
    Target,
    audience_of,
    authorize,
    authorize_branch,
    check_check_in,
    check_issue,
    granted_priority,
)
from server.services.queue_engines import BranchEngine, QueueEngines
from server.services.queue_state import build_snapshot, queued_ticket
from server.services.service_menu import service_guidance
from server.services.unit_of_work import CUSTOMER, Actor, Change, Changes

APPOINTMENT_EARLY = timedelta(hours=2)
APPOINTMENT_LATE = timedelta(minutes=30)
NOTE_RULE = TextRule(MAX_NOTE_LENGTH)
_TICKETS = Ticket.__table__
_INSERT_TICKET = insert(_TICKETS).returning(_TICKETS.c.id)
_NEW_TICKET: dict[str, Any] = {
    "status": TicketStatus.WAITING,
    "first_called_at": None,
    "called_at": None,
    "started_at": None,
    "finished_at": None,
    "counter_id": None,
    "staff_id": None,
    "target_counter_id": None,
    "recall_count": 0,
    "transfer_count": 0,
    "notes": [],
    "estimated_wait_s": None,
    "call_reason": None,
    "call_facts": None,
    "returned_at": None,
    "line_after": [],
}
"""Every column of a new ticket that the issue does not set: a Core insert fills no ORM defaults."""


@dataclass(frozen=True, slots=True)
class IssueRequest:
    branch_code: str
    service_code: str | None
    channel: Channel
    priority: PriorityTier | None = None
    """What the request asks for; None: what the issuer and the verified customer justify."""
    appointment_code: str | None = None

    @property
    def needs_account(self) -> bool:
        """Only a plain online ticket can be taken without an account (credentials are then ignored)."""
        asks_priority = self.priority not in (None, PriorityTier.REGULAR)
        return self.channel is not Channel.ONLINE or asks_priority or self.appointment_code is not None


def new_token() -> str:
    """Unguessable, URL-safe, never all digits (so it cannot be mistaken for a ticket id)."""
    return "t" + secrets.token_urlsafe(18)


class TicketService:
    def __init__(
        self, changes: Changes, engines: QueueEngines, codes: CodeSigner, estimates: EstimateRefresher
    ) -> None:
        self.changes = changes
        self.engines = engines
        self.codes = codes
        self.estimates = estimates
        self._branches: GenerationCache[Branch] = GenerationCache(changes.db)
        self._services: GenerationCache[Service] = GenerationCache(changes.db)
        self._calendars: GenerationCache[BranchCalendar] = GenerationCache(changes.db)

    # -- issuing -------------------------------------------------------------------------------

    def issue(
        self, request: IssueRequest, principal: Principal | None,
        prepare: Callable[[Change, Ticket], None] | None = None,
    ) -> dict[str, Any]:
        """Issue a ticket; the answer is the issuer's view of it (the public's: no internal id), its codes,
        and the service's `guidance` (where to wait, what to bring), so a kiosk needs no second call.

        `prepare(change, ticket)` completes the new ticket inside the transaction, before anything is recorded
        (the remote queue sets its arrive-by time and checks the day's cap there). The row is already written
        (a Core insert): `prepare` writes what it sets itself, and the line in memory learns the ticket after."""
        principal = principal if request.needs_account else None
        branch = self._branch(request.branch_code)
        check_issue(principal, request.channel, branch.id)
        if request.appointment_code is not None:
            check_check_in(principal)
        self.engines.for_branch(branch)  # built and taught before the transaction, if it must be
        with self.changes.begin(branch.id, actor=Actor.of(principal)) as change:
            if _keeps_opening_hours(request, principal):
                require_open_for_walk_ins(self._calendar(change), change.now)
            ticket = self._create_ticket(change, request, principal)
            if prepare is not None:
                prepare(change, ticket)
            self._follow_new(change, ticket)
            view = views.staff_ticket(ticket)
            change.record(EventType.TICKET_ISSUED, views.ticket_event(ticket, view))
            self._observe(change, lambda predictor, seen: predictor.observe_arrival(seen), ticket)
            answer = views.ticket_for(audience_of(principal), ticket, None)
            where = service_guidance(change.session, ticket.service)
        answer = self._with_estimate(answer, ticket.id, branch.id, change)
        return {
            **answer,
            "guidance": where,
            "token": ticket.token,
            "qr_code": self.codes.ticket_code(ticket.token, ticket.issued_at),
            "status_url": self.codes.ticket_status_url(ticket.token, ticket.issued_at),
        }

    def _create_ticket(self, change: Change, request: IssueRequest, principal: Principal | None) -> Ticket:
        """Number the ticket and insert it (one Core insert); the returned `Ticket` is not in the session:
        it carries the inserted row's values and its service, for the answer and the event."""
        branch = change.branch
        appointment = self._check_in(change, request.appointment_code) if request.appointment_code else None
        priority = granted_priority(request.priority, principal, _customer_tier(change, appointment))
        if appointment is not None:
            service = appointment.service
        elif request.service_code:
            service = self._service(branch, request.service_code)
        else:
            raise InvalidInput(
                "choose a service (or give an appointment code)", field="service",
                code="ticket.service_required"
            )
        day = business_day(change.now, branch.time_zone)
        sequence = allocate_sequence(change.session, branch.id, service.id, day)
        values: dict[str, Any] = {
            **_NEW_TICKET,
            "branch_id": branch.id,
            "service_id": service.id,
            "issued_service_id": service.id,
            "business_day": day,
            "sequence": sequence,
            "number": format_ticket_number(service.prefix, sequence),
            "token": new_token(),
            "channel": Channel.APPOINTMENT if appointment else request.channel,
            "priority": priority,
            "appointment_id": appointment.id if appointment else None,
            "customer_id": appointment.customer_id if appointment else None,
            "phone_sealed": appointment.phone_sealed if appointment else None,
            "phone_masked": _masked_phone(change, appointment),
            "issued_at": change.now,
            "arrived_at": change.now,
            "enqueued_at": change.now,
        }
        ticket_id = change.session.connection().execute(_INSERT_TICKET, values).scalar_one()
        ticket = Ticket(id=ticket_id, **{**values, "notes": [], "line_after": []})
        ticket.service = service
        ticket.appointment = appointment
        return ticket

    @staticmethod
    def _follow_new(change: Change, ticket: Ticket) -> None:
        """The new ticket joins the branch's line in memory once the change commits (`live_queue`)."""
        appointment = ticket.appointment
        seen = queued_ticket(ticket, ticket.service.code, appointment.slot_start if appointment else None)
        number = ticket.number
        change.follow(lambda state: state.add_waiting(seen, number))

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
        operation = TICKET_OPERATIONS[action]
        branch = self._ticket_branch(ticket_id)
        authorize_branch(principal, operation, branch.id)
        self.engines.for_branch(branch)
        with self.changes.begin(branch.id, actor=Actor.of(principal)) as change:
            ticket = ticket_by_id(change.session, ticket_id)
            _check_actor(ticket, action, operation, principal)
            handler = getattr(self, f"_{action.name.lower()}")
            event_type, extra = handler(change, ticket, **options)
            view = views.staff_ticket(ticket)
            change.record(event_type, {**views.ticket_event(ticket, view), **extra})
        if ticket.status is TicketStatus.WAITING:
            return self._with_estimate(view, ticket.id, branch.id, change)
        return view

    def _with_estimate(self, view: dict[str, Any], ticket_id: int, branch_id: int, change: Change) -> dict[str, Any]:
        """`view` with the ticket's estimate from the refresh its committed change asked for."""
        estimate = self.estimates.refreshed(branch_id, change.committed).get(ticket_id)
        return {**view, **views.estimate_fields(estimate)}

    def _recall(self, change: Change, ticket: Ticket) -> tuple[EventType, dict[str, Any]]:
        next_status(ticket.status, TicketAction.RECALL)
        RecallRule(change.branch.max_recalls).check_recall(ticket.recall_count)
        ticket.recall_count += 1
        ticket.called_at = change.now
        return EventType.TICKET_RECALLED, {"recall_count": ticket.recall_count}

    def _start(self, change: Change, ticket: Ticket) -> tuple[EventType, dict[str, Any]]:
        ticket.status = next_status(ticket.status, TicketAction.START)
        ticket.started_at = change.now
        if ticket.counter_id is not None:
            counter_id, code, at = ticket.counter_id, ticket.service.code, change.now.timestamp()
            change.follow(lambda state: state.started(counter_id, code, at))
        called_at = (ticket.first_called_at or change.now).timestamp()
        self._observe(change, lambda predictor, seen: predictor.observe_wait(seen, called_at), ticket)
        return EventType.TICKET_STARTED, {}

    def _finish(
        self, change: Change, ticket: Ticket, outcome: FinishOutcome | None = None
    ) -> tuple[EventType, dict[str, Any]]:
        ticket.status = next_status(ticket.status, TicketAction.FINISH)
        ticket.finished_at = change.now
        if ticket.counter_id is not None:
            counter_id = ticket.counter_id
            change.follow(lambda state: state.finished(counter_id))
        ticket.outcome = (outcome or FinishOutcome.DONE).value
        started = ticket.started_at or change.now
        duration = (change.now - started).total_seconds()
        engine = self.engines.for_branch(change.branch)
        service_code, counter_id = ticket.service.code, ticket.counter_id or 0

        def observe() -> None:
            with engine.predicting() as predictor:
                predictor.observe_service(service_code, counter_id, started.timestamp(), duration)

        change.after_commit(observe)
        return EventType.TICKET_FINISHED, {"service_time_s": round(duration), "outcome": ticket.outcome}

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
        was_served = ticket.status is TicketStatus.SERVING
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
        if was_served:
            ticket.recall_count = 0  # the customer came; recalls before a served visit no longer count
        ticket.line_after = []
        ticket.transfer_count += 1
        ticket.enqueued_at = change.now
        ticket.notes = append_note(ticket.notes, _transfer_note(from_service, origin, ticket, note))
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
        if counter.state is CounterState.CLOSED:
            raise ConflictError(
                f"counter {counter.number} is closed; transfer to an open or paused counter, or to the service",
                field="counter_id",
                code="transfer.counter_closed",
                params={"counter": counter.number},
            )
        return counter.id

    def _observe_abandonment(self, change: Change, ticket: Ticket) -> None:
        at = change.now.timestamp()
        self._observe(change, lambda predictor, seen: predictor.observe_abandonment(seen, at), ticket)

    def _observe(
        self, change: Change, hook: Callable[[WaitPredictor, QueuedTicket], None], ticket: Ticket
    ) -> None:
        """Tell the branch's predictor what happened, once the change is committed."""
        engine = self.engines.for_branch(change.branch)
        seen = queued_ticket(
            ticket, ticket.service.code, ticket.appointment.slot_start if ticket.appointment else None
        )
        change.after_commit(lambda: _tell(engine, hook, seen))

    # -- back after a missed call --------------------------------------------------------------

    def return_after_missed_call(self, reference: str, principal: Principal) -> dict[str, Any]:
        """A customer who missed their call came back in time: staff by ticket id, a kiosk by scanning it.

        The ticket waits again (arrival kept) behind the first few of its service's line, as the
        branch sets (`missed_call_requeue_places`), and every calling policy keeps that place.
        """
        ticket_id = self._returning_ticket(reference, principal)
        branch = self._ticket_branch(ticket_id)
        authorize_branch(principal, Operation.RETURN_TICKET, branch.id)
        self.engines.for_branch(branch)
        with self.changes.begin(branch.id, actor=Actor.of(principal)) as change:
            ticket = ticket_by_id(change.session, ticket_id)
            ahead = self._place_returning(change, ticket)
            view = views.staff_ticket(ticket)
            change.record(EventType.TICKET_RETURNED, {**views.ticket_event(ticket, view), "places_ahead": len(ahead)})
            public = views.public_ticket(ticket, None, rated=False)
        estimate = self.estimates.refreshed(branch.id, change.committed).get(ticket.id)
        if principal.role.is_device:
            return {**public, **views.estimate_fields(estimate)}  # it waits again
        return {**view, **views.estimate_fields(estimate)}

    def _place_returning(self, change: Change, ticket: Ticket) -> frozenset[int]:
        branch = change.branch
        rule = MissedCallRule(branch.missed_call_return_min * 60.0, branch.missed_call_requeue_places)
        status = next_status(ticket.status, TicketAction.RETURN)  # explains a ticket that did not miss its call
        if ticket.business_day != business_day(change.now, branch.time_zone):
            raise ConflictError(
                "this ticket was for an earlier business day; please take a new ticket", code="ticket.return_other_day"
            )
        missed_at = ticket.finished_at or change.now
        rule.check_return(missed_at.timestamp(), change.now.timestamp(), returned_before=ticket.returned_at is not None)
        snapshot = build_snapshot(change.session, branch, change.now)
        ahead = rule.places_ahead(queued_ticket(ticket, ticket.service.code), snapshot)
        ticket.status, ticket.counter, ticket.staff_id = status, None, None
        ticket.called_at = ticket.started_at = ticket.finished_at = None
        ticket.returned_at = ticket.enqueued_at = change.now
        ticket.line_after = sorted(ahead)
        return ahead

    def _returning_ticket(self, reference: str, principal: Principal) -> int:
        """The ticket id behind a ticket id (staff), a ticket token or a scanned ticket code (the kiosk)."""
        if reference.isascii() and reference.isdigit():
            if principal.role.is_device:
                raise PermissionDenied(
                    "scan the customer's ticket: a kiosk finds tickets by their code", code="ticket.return_by_scan"
                )
            return self._ticket_id_checked(reference)
        token = reference
        if looks_signed(reference):
            token = self.codes.read(reference, CodeKind.TICKET, self.changes.clock(), field="ticket")
        with self.changes.db.read() as session:
            return ticket_by_token(session, token).id

    def _ticket_id_checked(self, reference: str) -> int:
        if len(reference) > 10 or int(reference) > 2_147_483_647:
            raise NotFound(
                f"ticket {reference[:12]} does not exist", field="ticket", code="ticket.not_found",
                params={"ticket_id": reference[:12]},
            )
        return int(reference)

    # -- the customer's own actions ------------------------------------------------------------

    def cancel_by_token(self, token: str) -> dict[str, Any]:
        """The customer cancels with the ticket's token or the signed code of its QR code (the status page)."""
        token = self.codes.ticket_token(token, self.changes.clock())
        with self.changes.db.read() as session:
            ticket = ticket_by_token(session, token)
            branch_id, ticket_id = ticket.branch_id, ticket.id
        self.engines.for_branch_id(branch_id)
        with self.changes.begin(branch_id, actor=CUSTOMER) as change:
            ticket = ticket_by_id(change.session, ticket_id)
            self._cancel(change, ticket)
            view = views.staff_ticket(ticket)
            change.record(EventType.TICKET_CANCELLED, {**views.ticket_event(ticket, view), "by": "customer"})
            public = views.public_ticket(ticket, None, rated=False)
        return public

    def staff_view(self, ticket_id: int, principal: Principal) -> dict[str, Any]:
        """One ticket as staff of its branch see it (the counter app restores its customer with it)."""
        with self.changes.db.read() as session:
            ticket = ticket_by_id(session, ticket_id)
            authorize(principal, Operation.STAFF_TICKET, Target(ticket.branch_id))
            return views.staff_ticket(ticket)

    # -- helpers -------------------------------------------------------------------------------

    def _branch(self, code: str) -> Branch:
        """The active branch with this code (from `caches`: its row is read again after any configuration change)."""
        return self._branches.get(code, lambda session: branch_by_code(session, code))

    def _service(self, branch: Branch, code: str) -> Service:
        """The branch's active service with this code, as cached (not in any session: read its columns, its
        branch and its category only)."""
        def load(session: Session) -> Service:
            service = service_by_code(session, branch, code)
            _ = service.branch, service.category  # loaded with it: answers name both, read outside any session
            return service

        return self._services.get((branch.id, code), load)

    def _calendar(self, change: Change) -> BranchCalendar:
        """The branch's calendar for today's questions, as cached (special days and hours are configuration)."""
        branch = change.branch
        since = business_day(change.now, branch.time_zone) - timedelta(days=1)
        return self._calendars.get((branch.id, since), lambda session: branch_calendar(session, branch, since))

    def _ticket_branch(self, ticket_id: int) -> Branch:
        with self.changes.db.engine.connect() as connection:  # one column: no ORM session needed
            branch_id = branch_of_ticket(connection, ticket_id)
        return self.engines.branch(branch_id)


def _tell(engine: BranchEngine, hook: Callable[[WaitPredictor, QueuedTicket], None], seen: QueuedTicket) -> None:
    with engine.predicting() as predictor:
        hook(predictor, seen)


def _customer_tier(change: Change, appointment: Appointment | None) -> PriorityTier | None:
    """The tier of the customer behind a checked-in appointment: the one verified source besides staff."""
    if appointment is None or appointment.customer_id is None:
        return None
    customer = change.session.get(Customer, appointment.customer_id)
    return customer.tier if customer is not None else None


def _masked_phone(change: Change, appointment: Appointment | None) -> str | None:
    """An appointment's ticket is notified like a remote one when the booking left a number."""
    if appointment is None or appointment.phone_sealed is None or appointment.customer_id is None:
        return None
    customer = change.session.get(Customer, appointment.customer_id)
    return customer.phone_masked if customer is not None else None


def _keeps_opening_hours(request: IssueRequest, principal: Principal | None) -> bool:
    """Walk-ins from the public and the kiosk stop at closing; staff issue at any hour (their override),
    and a booked customer checks in for a slot that lies within the hours anyway."""
    if request.appointment_code:
        return False
    return principal is None or principal.role.is_device


TICKET_OPERATIONS = {
    TicketAction.RECALL: Operation.RECALL_TICKET,
    TicketAction.START: Operation.START_TICKET,
    TicketAction.NO_SHOW: Operation.NO_SHOW_TICKET,
    TicketAction.FINISH: Operation.FINISH_TICKET,
    TicketAction.TRANSFER: Operation.TRANSFER_TICKET,
    TicketAction.CANCEL: Operation.CANCEL_TICKET,
}


def _check_actor(ticket: Ticket, action: TicketAction, operation: Operation, principal: Principal) -> None:
    """The table's reach on this ticket: at the counter it was called to, or while it waits."""
    if ticket.status.is_final:
        next_status(ticket.status, action)  # explains why nothing more can happen
    counter: Counter | None = ticket.counter if ticket.status.is_active else None
    target = Target(
        ticket.branch_id,
        holder_id=counter.staff_id if counter else None,
        counter_number=counter.number if counter else None,
        ticket_waiting=ticket.status is TicketStatus.WAITING,
        is_ticket=True,
    )
    authorize(principal, operation, target)


def _transfer_note(from_service: str, origin: int | None, ticket: Ticket, note: str | None) -> str:
    where = f"counter {origin}" if origin is not None else "the queue"
    text = f"transferred from {from_service} at {where} to {ticket.service.code}"
    if ticket.target_counter_id:
        text += f" (counter id {ticket.target_counter_id})"
    typed = clean_text(note or "", NOTE_RULE, field="note")
    return f"{text}: {typed}" if typed else text
