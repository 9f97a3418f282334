"""Counter sessions (open, pause, resume, close) and calling the next customer.

The teller who opens a counter holds it: only that account calls, recalls, finishes or pauses there,
until the counter is closed. A manager may close any counter of the branch (end of day, teller absent).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from server.db.models import Counter, Ticket
from server.domain.enums import CounterAction, CounterState, EventType, Role, TicketAction, TicketStatus
from server.domain.errors import ConflictError, IllegalTransition
from server.domain.lifecycle import next_counter_state, next_status
from server.services import views
from server.services.auth import PermissionDenied, Principal
from server.services.estimates import current_estimates, push_moved_estimates
from server.services.lookups import counter_by_id, require_branch_access
from server.services.queue_engines import QueueEngines
from server.services.queue_state import build_snapshot
from server.services.unit_of_work import Change, Changes


class CounterService:
    def __init__(self, changes: Changes, engines: QueueEngines) -> None:
        self.changes = changes
        self.engines = engines

    def change_state(self, counter_id: int, action: CounterAction, principal: Principal) -> dict[str, Any]:
        branch_id = self._counter_branch(counter_id, principal)
        with self.changes.begin(branch_id) as change:
            counter = counter_by_id(change.session, counter_id)
            _check_counter_actor(counter, action, principal)
            if action in (CounterAction.PAUSE, CounterAction.CLOSE):
                _require_idle(change, counter)
            counter.state = next_counter_state(counter.state, action)
            counter.state_since = change.now
            if action is CounterAction.OPEN:
                counter.staff_id = principal.account_id
            elif action is CounterAction.CLOSE:
                counter.staff_id = None
            estimates = current_estimates(change, self.engines)
            summary = counter_state_view(counter)
            change.record(EventType.COUNTER_STATE, {**summary, "action": action.value})
            push_moved_estimates(change, self.engines, estimates)
        return summary

    def call_next(self, counter_id: int, principal: Principal) -> dict[str, Any] | None:
        """Call the ticket the branch's policy picks for this counter; None when nobody it serves waits."""
        branch_id = self._counter_branch(counter_id, principal)
        with self.changes.begin(branch_id) as change:
            counter = counter_by_id(change.session, counter_id)
            _require_holder(counter, principal)
            if counter.state is not CounterState.OPEN:
                raise IllegalTransition(
                    f"counter {counter.number} is {counter.state.value}; resume it first",
                    code="counter.not_open", params={"counter": counter.number, "state": counter.state.value},
                )
            _require_idle(change, counter)
            ticket = self._choose(change, counter)
            if ticket is None:
                return None
            estimates = current_estimates(change, self.engines)
            view = views.staff_ticket(ticket, estimates.get(ticket.id))
            change.record(EventType.TICKET_CALLED, _called_event(ticket, view))
            push_moved_estimates(change, self.engines, estimates)
        return view

    def _choose(self, change: Change, counter: Counter) -> Ticket | None:
        engine = self.engines.for_branch(change.branch)
        snapshot = build_snapshot(change.session, change.branch, change.now)
        view = next(c for c in snapshot.open_counters if c.counter_id == counter.id)
        decision = engine.policy.choose(view, snapshot)
        if decision is None:
            return None
        ticket = change.session.get(Ticket, decision.ticket_id)
        assert ticket is not None  # the snapshot was read in this transaction
        ticket.status = next_status(ticket.status, TicketAction.CALL)
        ticket.counter = counter
        ticket.staff_id = counter.staff_id
        ticket.called_at = change.now
        ticket.first_called_at = ticket.first_called_at or change.now
        ticket.target_counter_id = None
        ticket.call_reason = decision.reason
        ticket.call_facts = dict(decision.facts)
        return ticket

    def _counter_branch(self, counter_id: int, principal: Principal) -> int:
        with self.changes.db.read() as session:
            branch_id = counter_by_id(session, counter_id).branch_id
        require_branch_access(principal, branch_id)
        return branch_id


def counter_state_view(counter: Counter) -> dict[str, Any]:
    return {
        "counter_id": counter.id,
        "number": counter.number,
        "name": counter.name,
        "zone": counter.zone,
        "state": counter.state.value,
        "staff_id": counter.staff_id,
        "services": [skill.service.code for skill in counter.skills],
    }


def _check_counter_actor(counter: Counter, action: CounterAction, principal: Principal) -> None:
    if principal.kind != "staff":
        raise PermissionDenied("devices cannot operate counters", code="counter.devices_cannot_operate")
    if action is CounterAction.OPEN:
        return
    if action is CounterAction.CLOSE and principal.role in (Role.MANAGER, Role.ADMIN):
        return
    _require_holder(counter, principal)


def _require_holder(counter: Counter, principal: Principal) -> None:
    if counter.state is CounterState.CLOSED:
        raise IllegalTransition(
            f"counter {counter.number} is closed; open it first", code="counter.closed",
            params={"counter": counter.number}
        )
    if principal.kind != "staff" or counter.staff_id != principal.account_id:
        raise PermissionDenied(
            f"counter {counter.number} was opened by another account",
            code="counter.opened_by_other", params={"counter": counter.number},
        )


def _require_idle(change: Change, counter: Counter) -> None:
    active = change.session.scalars(
        select(Ticket).where(
            Ticket.counter_id == counter.id, Ticket.status.in_([TicketStatus.CALLED, TicketStatus.SERVING])
        )
    ).first()
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
