"""The ticket lifecycle as an explicit state machine.

    waiting ──call──▶ called ──start──▶ serving ──finish──▶ done
       ▲  │             │ ▲                │
       │  │             │ └─recall─┘       │
       │  │             ├──no-show──▶ no_show
       └──┴─transfer────┴──────────────────┘   (back to waiting, arrival time kept)
    waiting|called ──cancel──▶ cancelled;  any non-final ──expire──▶ expired

Every change goes through `apply`; an action the table does not allow raises `IllegalTransition`
with a message a teller can act on. Nothing here knows about HTTP or a database.
"""

from __future__ import annotations

from dataclasses import dataclass

from .enums import CounterAction, CounterState, TicketAction, TicketStatus
from .errors import IllegalTransition

W, C, S = TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING

TRANSITIONS: dict[tuple[TicketStatus, TicketAction], TicketStatus] = {
    (W, TicketAction.CALL): C,
    (C, TicketAction.RECALL): C,
    (C, TicketAction.START): S,
    (C, TicketAction.NO_SHOW): TicketStatus.NO_SHOW,
    (S, TicketAction.FINISH): TicketStatus.DONE,
    (W, TicketAction.TRANSFER): W,
    (C, TicketAction.TRANSFER): W,
    (S, TicketAction.TRANSFER): W,
    (W, TicketAction.CANCEL): TicketStatus.CANCELLED,
    (C, TicketAction.CANCEL): TicketStatus.CANCELLED,
    (W, TicketAction.EXPIRE): TicketStatus.EXPIRED,
    (C, TicketAction.EXPIRE): TicketStatus.EXPIRED,
    (S, TicketAction.EXPIRE): TicketStatus.EXPIRED,
}

_HINTS: dict[TicketStatus, str] = {
    TicketStatus.WAITING: "it has not been called yet",
    TicketStatus.CALLED: "it has been called but service has not started",
    TicketStatus.SERVING: "it is being served; finish or transfer it",
    TicketStatus.DONE: "its service is already finished",
    TicketStatus.NO_SHOW: "it was marked as a no-show",
    TicketStatus.CANCELLED: "it was cancelled",
    TicketStatus.EXPIRED: "it expired at the end of the business day",
}


def next_status(current: TicketStatus, action: TicketAction) -> TicketStatus:
    """The status after `action`, or `IllegalTransition` saying why not."""
    try:
        return TRANSITIONS[(current, action)]
    except KeyError:
        raise IllegalTransition(
            f"cannot {action.value} a ticket that is {current.value}: {_HINTS[current]}",
            code="ticket.illegal_transition", params={"action": action.value, "status": current.value},
        ) from None


def allowed_actions(current: TicketStatus) -> list[TicketAction]:
    """Actions the state machine allows from `current`, in declaration order."""
    return [action for (status, action) in TRANSITIONS if status == current]


@dataclass(frozen=True, slots=True)
class RecallRule:
    """How many times a called ticket may be recalled before it must be marked a no-show.

    `max_recalls` counts recalls after the first call; 0 forbids recalling at all.
    """

    max_recalls: int = 2

    def check_recall(self, recalls_so_far: int) -> None:
        if recalls_so_far >= self.max_recalls:
            raise IllegalTransition(
                f"this ticket has already been recalled {recalls_so_far} time(s), the branch's limit; "
                "mark it as a no-show instead",
                code="ticket.recall_limit", params={"recalls": recalls_so_far},
            )

    def must_be_no_show(self, recalls_so_far: int) -> bool:
        return recalls_so_far >= self.max_recalls


COUNTER_TRANSITIONS: dict[tuple[CounterState, CounterAction], CounterState] = {
    (CounterState.CLOSED, CounterAction.OPEN): CounterState.OPEN,
    (CounterState.OPEN, CounterAction.PAUSE): CounterState.PAUSED,
    (CounterState.PAUSED, CounterAction.RESUME): CounterState.OPEN,
    (CounterState.OPEN, CounterAction.CLOSE): CounterState.CLOSED,
    (CounterState.PAUSED, CounterAction.CLOSE): CounterState.CLOSED,
}


def next_counter_state(current: CounterState, action: CounterAction) -> CounterState:
    """The counter's state after `action`, or `IllegalTransition` saying why not."""
    try:
        return COUNTER_TRANSITIONS[(current, action)]
    except KeyError:
        raise IllegalTransition(
            f"cannot {action.value} a counter that is {current.value}",
            code="counter.illegal_transition", params={"action": action.value, "state": current.value},
        ) from None
