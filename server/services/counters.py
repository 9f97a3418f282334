"""Counter sessions (open, pause, resume, close) and calling the next customer.

The teller who opens a counter holds it: only that account calls, recalls, finishes or pauses there,
until the counter is closed; an account holds one counter at a time. A manager may close any idle
counter of the branch, and release one whose teller is gone: its called or served ticket goes back
to the line (arrival kept) and the counter closes. A counter that closes sends the tickets that were
transferred to it back to their service's line, so nobody waits for a counter that will not call.
Who may do what is the permission table's (`server.services.permissions`); this module only asks it.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select

from server.db.models import Counter, CounterPause, Staff, Ticket
from server.domain.enums import (
    CounterAction,
    CounterState,
    EventType,
    PauseReason,
    TicketAction,
    TicketStatus,
)
from server.domain.errors import ConflictError, IllegalTransition, InvalidInput
from server.domain.lifecycle import next_counter_state, next_status
from server.domain.numbering import business_day
from server.domain.text import TextRule, clean_text
from server.services import views
from server.services.auth import PermissionDenied, Principal
from server.services.caches import GenerationCache
from server.services.lookups import counter_by_id
from server.services.permissions import Operation, Target, authorize, authorize_branch
from server.services.queue_engines import QueueEngines
from server.services.unit_of_work import Actor, Change, Changes
from server.services.notifications import Notifications

log = logging.getLogger("branchq.counters")


class CounterService:
    def __init__(self, changes: Changes, engines: QueueEngines, notifications: Notifications | None = None) -> None:
        self.changes = changes
        self.engines = engines
        self._branch_ids: GenerationCache[int] = GenerationCache(changes.db)
        self.notifications = notifications
        """Queues the customer's "please go to counter 5" and the "three places ahead" messages with each call."""

    def change_state(
        self, counter_id: int, action: CounterAction, principal: Principal, reason: PauseReason | None = None
    ) -> dict[str, Any]:
        """Open, pause (with its reason: `other` when none is given), resume or close the counter."""
        operation = COUNTER_OPERATIONS[action]
        branch_id = self._counter_branch(counter_id, principal, operation)
        with self.changes.begin(branch_id, actor=Actor.of(principal)) as change:
            counter = counter_by_id(change.session, counter_id)
            _authorize_at(counter, operation, principal)
            if action in (CounterAction.PAUSE, CounterAction.CLOSE):
                _require_idle(change, counter)
            if action is CounterAction.OPEN:
                _require_no_other_counter(change, counter, principal)
            counter.state = next_counter_state(counter.state, action)
            counter.state_since = change.now
            _end_pause(change, counter)
            if action is CounterAction.PAUSE:
                _begin_pause(change, counter, reason or PauseReason.OTHER)
            if action is CounterAction.OPEN:
                counter.staff_id = principal.account_id
            elif action is CounterAction.CLOSE:
                counter.staff_id = None
            requeued = _unbind_targeted(change, counter) if action is CounterAction.CLOSE else []
            summary = self._record(change, counter, action.value, requeued, "counter_closed")
        return summary

    def release(self, counter_id: int, principal: Principal) -> dict[str, Any]:
        """A manager frees a counter whose teller is absent: its ticket goes back to the line, it closes."""
        branch_id = self._counter_branch(counter_id, principal, Operation.RELEASE_COUNTER)
        with self.changes.begin(branch_id, actor=Actor.of(principal)) as change:
            counter = counter_by_id(change.session, counter_id)
            if counter.state is CounterState.CLOSED:
                raise IllegalTransition(
                    f"counter {counter.number} is already closed; there is nothing to release",
                    code="counter.release_closed",
                    params={"counter": counter.number},
                )
            released = _active_tickets(change, counter)
            for ticket in released:
                _requeue(change, ticket)
            _end_pause(change, counter)
            counter.state, counter.staff_id, counter.state_since = CounterState.CLOSED, None, change.now
            requeued = [*released, *_unbind_targeted(change, counter)]
            summary = self._record(change, counter, "release", requeued, "counter_released")
        return {**summary, "requeued": [ticket.id for ticket in requeued]}

    def _record(
        self, change: Change, counter: Counter, action: str, requeued: list[Ticket], reason: str
    ) -> dict[str, Any]:
        """Record the counter's new state and each ticket it sent back to the line (estimates follow the commit)."""
        summary = counter_state_view(counter)
        change.record(EventType.COUNTER_STATE, {**summary, "action": action})
        for ticket in requeued:
            view = views.staff_ticket(ticket)
            event = {**views.ticket_event(ticket, view), "reason": reason, "from_counter": counter.number}
            change.record(EventType.TICKET_REQUEUED, event)
        return summary

    def call_next(self, counter_id: int, principal: Principal) -> dict[str, Any] | None:
        """Call the ticket the branch's policy picks for this counter; None when nobody it serves waits."""
        branch_id = self._counter_branch(counter_id, principal, Operation.CALL_NEXT)
        self.engines.for_branch_id(branch_id)  # built and taught before the transaction, if it must be
        with self.changes.begin(branch_id, actor=Actor.of(principal)) as change:
            counter = counter_by_id(change.session, counter_id, with_skills=False)
            _authorize_at(counter, Operation.CALL_NEXT, principal)
            _require_open(counter)
            _require_idle(change, counter)
            ticket = self._choose(change, counter)
            if ticket is None:
                return None
            view = views.staff_ticket(ticket)
            change.record(EventType.TICKET_CALLED, _called_event(ticket, view))
            if self.notifications is not None:
                self.notifications.ticket_called(change, ticket, counter)
                self.notifications.queue_moved(change)
        return view

    def call_chosen(self, counter_id: int, ticket_id: int, why: str, principal: Principal) -> dict[str, Any]:
        """Call one waiting ticket out of turn, where the branch allows it; the call records who and why."""
        branch_id = self._counter_branch(counter_id, principal, Operation.CALL_CHOSEN)
        self.engines.for_branch_id(branch_id)
        with self.changes.begin(branch_id, actor=Actor.of(principal)) as change:
            counter = counter_by_id(change.session, counter_id)
            _authorize_at(counter, Operation.CALL_CHOSEN, principal)
            if not change.branch.allow_call_specific:
                raise ConflictError(
                    "this branch calls tickets in the order of its policy; calling a chosen ticket is not allowed",
                    code="counter.call_chosen_off",
                )
            _require_open(counter)
            _require_idle(change, counter)
            why = clean_text(why, WHY_RULE, field="reason")
            if not why:
                raise InvalidInput(
                    "say why this ticket is called out of turn", field="reason", code="counter.call_chosen_why"
                )
            ticket = _chosen_ticket(change, counter, ticket_id)
            _call(change, counter, ticket, "chosen", {"chosen_by": principal.username, "why": why})
            view = views.staff_ticket(ticket)
            change.record(EventType.TICKET_CALLED, {**_called_event(ticket, view), "chosen": True, "why": why})
        return view

    def status(self, counter_id: int, principal: Principal) -> dict[str, Any]:
        """The counter as its teller's app restores it: state, since when, why paused, and its ticket."""
        with self.changes.db.read() as session:
            counter = counter_by_id(session, counter_id)
            authorize(principal, Operation.COUNTER_STATUS, Target(counter.branch_id))
            active = next(iter(_active_tickets_in(session, counter)), None)
            holder = session.get(Staff, counter.staff_id) if counter.staff_id else None
            branch = counter.branch
            return {
                **counter_state_view(counter),
                "branch": branch.code,
                "holder": None if holder is None else {"username": holder.username, "name": holder.display_name},
                "max_recalls": branch.max_recalls,
                "allow_call_specific": branch.allow_call_specific,
                "ticket": None if active is None else views.staff_ticket(active),
            }

    def _choose(self, change: Change, counter: Counter) -> Ticket | None:
        """The policy's choice on the branch's queue in memory (`live_queue`), checked in the database.

        The in-memory queue follows every committed change, so the chosen ticket waits; should it not
        (the state went wrong), the queue is read again from this transaction and the choice made anew.
        """
        engine = self.engines.for_branch(change.branch)
        live = self.changes.live
        for _ in range(2):
            state = live.state(change.branch.id, change.session)
            snapshot = state.snapshot(change.now.timestamp())
            view = next(c for c in snapshot.open_counters if c.counter_id == counter.id)
            decision = engine.policy.choose(view, snapshot)
            if decision is None:
                change.follow()
                return None
            ticket = change.session.get(Ticket, decision.ticket_id)
            if ticket is not None and ticket.status is TicketStatus.WAITING and ticket.branch_id == change.branch.id:
                break
            log.error("the in-memory queue of branch %s offered ticket %s, which does not wait; reading it again",
                      change.branch.id, decision.ticket_id)
            live.forget(change.branch.id)
        else:
            raise RuntimeError("the queue read from the database offered a ticket that does not wait")
        _call(change, counter, ticket, decision.reason, dict(decision.facts))
        return ticket

    def _counter_branch(self, counter_id: int, principal: Principal, operation: Operation) -> int:
        """The counter's branch, checked against the caller's (cached: counters change by configuration)."""
        branch_id = self._branch_ids.get(
            counter_id, lambda session: counter_by_id(session, counter_id, with_skills=False).branch_id
        )
        authorize_branch(principal, operation, branch_id)
        return branch_id


def counter_state_view(counter: Counter) -> dict[str, Any]:
    return {
        "counter_id": counter.id,
        "number": counter.number,
        "name": counter.name,
        **views.zone_fields(counter),
        "state": counter.state.value,
        "state_since": counter.state_since.isoformat() if counter.state_since else None,
        "pause_reason": counter.pause_reason,
        "staff_id": counter.staff_id,
        "services": [skill.service.code for skill in counter.skills],
    }


WHY_RULE = TextRule(200)

COUNTER_OPERATIONS = {
    CounterAction.OPEN: Operation.OPEN_COUNTER,
    CounterAction.PAUSE: Operation.PAUSE_COUNTER,
    CounterAction.RESUME: Operation.RESUME_COUNTER,
    CounterAction.CLOSE: Operation.CLOSE_COUNTER,
}


def _authorize_at(counter: Counter, operation: Operation, principal: Principal) -> None:
    """The table's reach at this counter; a closed counter has no holder, which its state explains best."""
    try:
        authorize(principal, operation, Target(counter.branch_id, counter.staff_id, counter.number))
    except PermissionDenied:
        if counter.state is CounterState.CLOSED:
            raise IllegalTransition(
                f"counter {counter.number} is closed; open it first", code="counter.closed",
                params={"counter": counter.number},
            ) from None
        raise


def _active_tickets(change: Change, counter: Counter) -> list[Ticket]:
    """The ticket called or served at `counter` (a list: an empty one when it is idle)."""
    return _active_tickets_in(change.session, counter)


def _active_tickets_in(session: Any, counter: Counter) -> list[Ticket]:
    return list(
        session.scalars(
            select(Ticket).where(
                Ticket.counter_id == counter.id, Ticket.status.in_([TicketStatus.CALLED, TicketStatus.SERVING])
            )
        )
    )


def _requeue(change: Change, ticket: Ticket) -> None:
    """Back to its service's line, keeping its arrival time (so its wait keeps counting) and recalls."""
    ticket.status = next_status(ticket.status, TicketAction.REQUEUE)
    ticket.counter, ticket.staff_id = None, None
    ticket.called_at = ticket.started_at = None
    ticket.target_counter_id = None
    ticket.line_after = []
    ticket.enqueued_at = change.now


def _unbind_targeted(change: Change, counter: Counter) -> list[Ticket]:
    """Tickets transferred to `counter` that still wait for it go back to their service's line."""
    targeted = list(
        change.session.scalars(
            select(Ticket).where(Ticket.target_counter_id == counter.id, Ticket.status == TicketStatus.WAITING)
        )
    )
    for ticket in targeted:
        _requeue(change, ticket)
    return targeted


def _require_no_other_counter(change: Change, counter: Counter, principal: Principal) -> None:
    held = change.session.scalars(
        select(Counter).where(
            Counter.staff_id == principal.account_id,
            Counter.state != CounterState.CLOSED,
            Counter.id != counter.id,
        )
    ).first()
    if held is not None:
        raise ConflictError(
            f"you already hold counter {held.number}; close it before opening another",
            code="counter.already_held",
            params={"counter": held.number},
        )


def _require_idle(change: Change, counter: Counter) -> None:
    active = next(iter(_active_tickets(change, counter)), None)
    if active is not None:
        raise ConflictError(
            f"counter {counter.number} still has ticket {active.number} ({active.status.value}); "
            "finish, transfer or mark it a no-show first",
            code="counter.has_active_ticket",
            params={"counter": counter.number, "ticket": active.number, "status": active.status.value},
        )


def _called_event(ticket: Ticket, view: dict[str, Any]) -> dict[str, Any]:
    waited = (ticket.called_at - ticket.arrived_at).total_seconds() if ticket.called_at else None
    return {**views.ticket_event(ticket, view), "waited_s": None if waited is None else round(waited)}


def _require_open(counter: Counter) -> None:
    if counter.state is not CounterState.OPEN:
        raise IllegalTransition(
            f"counter {counter.number} is {counter.state.value}; resume it first",
            code="counter.not_open", params={"counter": counter.number, "state": counter.state.value},
        )


def _call(change: Change, counter: Counter, ticket: Ticket, reason: str, facts: dict[str, Any]) -> None:
    ticket.status = next_status(ticket.status, TicketAction.CALL)
    ticket.counter = counter
    ticket.staff_id = counter.staff_id
    ticket.called_at = change.now
    ticket.first_called_at = ticket.first_called_at or change.now
    ticket.target_counter_id = None
    ticket.line_after = []
    ticket.call_reason = reason
    ticket.call_facts = facts
    ticket_id, counter_id, code, at = ticket.id, counter.id, ticket.service.code, change.now.timestamp()
    change.follow(lambda state: state.called(ticket_id, counter_id, code, at))


def _chosen_ticket(change: Change, counter: Counter, ticket_id: int) -> Ticket:
    ticket = change.session.get(Ticket, ticket_id)
    if ticket is None or ticket.branch_id != counter.branch_id:
        raise IllegalTransition(
            f"ticket {ticket_id} is not in this branch", field="ticket_id", code="counter.call_chosen_elsewhere",
            params={"ticket_id": ticket_id},
        )
    if ticket.status is not TicketStatus.WAITING:
        raise ConflictError(
            f"ticket {ticket.number} is not waiting ({ticket.status.value})", field="ticket_id",
            code="counter.call_chosen_not_waiting", params={"ticket": ticket.number, "status": ticket.status.value},
        )
    services = {skill.service_id for skill in counter.skills}
    if ticket.service_id not in services or ticket.target_counter_id not in (None, counter.id):
        raise ConflictError(
            f"counter {counter.number} does not serve ticket {ticket.number}", field="ticket_id",
            code="counter.call_chosen_not_served", params={"counter": counter.number, "ticket": ticket.number},
        )
    return ticket


def _begin_pause(change: Change, counter: Counter, reason: PauseReason) -> None:
    counter.pause_reason = reason.value
    change.session.add(
        CounterPause(
            branch_id=counter.branch_id, counter_id=counter.id, staff_id=counter.staff_id,
            business_day=business_day(change.now, change.branch.time_zone), reason=reason.value,
            started_at=change.now,
        )
    )


def _end_pause(change: Change, counter: Counter) -> None:
    """The counter's open pause (if any) ends now."""
    counter.pause_reason = None
    for pause in change.session.scalars(
        select(CounterPause).where(CounterPause.counter_id == counter.id, CounterPause.ended_at.is_(None))
    ):
        pause.ended_at = change.now
