"""Calling policies: which waiting ticket a free counter calls next.

A policy is a small object with `choose(counter, snapshot)`. It returns a `CallDecision` that carries
its own explanation, so a teller or manager can always see *why* a ticket was called. Policies are
selected per branch by name through `POLICIES`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from .errors import InvalidInput
from .queue import CounterView, QueuedTicket, QueueSnapshot


@dataclass(frozen=True, slots=True)
class CallDecision:
    ticket_id: int
    policy: str
    reason: str
    """One sentence in English for logs and the manager; `facts` carries the numbers for translation."""
    facts: dict[str, float | str] = field(default_factory=dict)


@runtime_checkable
class CallingPolicy(Protocol):
    name: str

    def choose(self, counter: CounterView, snapshot: QueueSnapshot) -> CallDecision | None:
        """The ticket `counter` should call now, or None when it serves nobody who waits."""
        ...


class PriorityFifoPolicy:
    """The field's baseline: priority tier first, then earliest arrival, among the counter's services.

    What most queue systems do. Transferred tickets keep their original arrival time, so they are not
    sent to the back of the line.
    """

    name = "fifo"

    def choose(self, counter: CounterView, snapshot: QueueSnapshot) -> CallDecision | None:
        candidates = snapshot.eligible_for(counter)
        if not candidates:
            return None
        best = min(candidates, key=_fifo_key)
        waited = best.waited(snapshot.now)
        return CallDecision(
            ticket_id=best.ticket_id,
            policy=self.name,
            reason=(
                f"{best.priority.value} tier, waited {waited / 60:.1f} min: "
                f"first in line among {len(candidates)} eligible"
            ),
            facts={"priority": best.priority.value, "waited_s": round(waited, 1), "eligible": len(candidates)},
        )


def _fifo_key(ticket: QueuedTicket) -> tuple[int, float, int]:
    return (ticket.priority.rank, ticket.arrived_at, ticket.ticket_id)


POLICIES: dict[str, type] = {PriorityFifoPolicy.name: PriorityFifoPolicy}


def make_policy(name: str) -> CallingPolicy:
    """Build the policy a branch has configured; unknown names are refused, not defaulted."""
    try:
        return POLICIES[name]()
    except KeyError:
        raise InvalidInput(
            f"unknown calling policy {name!r}; choose one of {sorted(POLICIES)}", field="calling_policy"
        ) from None
