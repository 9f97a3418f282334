from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from server.api.deps import Allowed, ContainerDep, RowId
from server.api.schemas import CallChosenBody, PauseBody
from server.domain.enums import CounterAction
from server.services.auth import Principal
from server.services.counters import COUNTER_OPERATIONS
from server.services.permissions import Operation

router = APIRouter(prefix="/counters", tags=["counters"])


def _state_route(action: CounterAction):  # type: ignore[no-untyped-def]
    def change(
        counter_id: RowId, container: ContainerDep, principal: Principal = Allowed(COUNTER_OPERATIONS[action])
    ) -> dict[str, Any]:
        return container.counters.change_state(counter_id, action, principal)

    change.__name__ = f"{action.value}_counter"
    change.__doc__ = f"{action.value.capitalize()} the counter (the teller who opens it holds it)."
    return change


@router.get("/{counter_id}")
def counter_status(
    counter_id: RowId, container: ContainerDep, principal: Principal = Allowed(Operation.COUNTER_STATUS)
) -> dict[str, Any]:
    """The counter's state, since when, why paused, who holds it, and the ticket called or served there."""
    return container.counters.status(counter_id, principal)


@router.post("/{counter_id}/pause")
def pause_counter(
    counter_id: RowId, container: ContainerDep, body: PauseBody | None = None,
    principal: Principal = Allowed(Operation.PAUSE_COUNTER),
) -> dict[str, Any]:
    """Pause the idle counter, with a reason (break, lunch, back_office) kept for the statistics."""
    reason = body.reason if body else None
    return container.counters.change_state(counter_id, CounterAction.PAUSE, principal, reason)


for _action in (CounterAction.OPEN, CounterAction.RESUME, CounterAction.CLOSE):
    router.add_api_route(f"/{{counter_id}}/{_action.value}", _state_route(_action), methods=["POST"])


@router.post("/{counter_id}/call-next", response_model=None)
def call_next(
    counter_id: RowId, container: ContainerDep, principal: Principal = Allowed(Operation.CALL_NEXT)
) -> dict[str, Any] | Response:
    """200 with the called ticket, or 204 when nobody this counter serves is waiting."""
    ticket = container.counters.call_next(counter_id, principal)
    return Response(status_code=204) if ticket is None else ticket


@router.post("/{counter_id}/release")
def release(
    counter_id: RowId, container: ContainerDep, principal: Principal = Allowed(Operation.RELEASE_COUNTER)
) -> dict[str, Any]:
    """Managers: free a counter whose teller is gone; its ticket goes back to the line and it closes."""
    return container.counters.release(counter_id, principal)


@router.post("/{counter_id}/call/{ticket_id}")
def call_chosen(
    counter_id: RowId, ticket_id: RowId, body: CallChosenBody, container: ContainerDep,
    principal: Principal = Allowed(Operation.CALL_CHOSEN),
) -> dict[str, Any]:
    """Call this waiting ticket out of turn, where the branch allows it; who and why are recorded."""
    return container.counters.call_chosen(counter_id, ticket_id, body.reason, principal)
