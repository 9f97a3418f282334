"""A customer who missed their call (过号) and comes back in time goes back near the front of the line.

The branch sets how long after the missed call a customer may come back (`return_within_s`) and how
many places behind the front they are put (`requeue_places`). The place is decided once, when they
come back: the tickets then first in their service's line (at most `requeue_places` of them, in line
order) are remembered on the ticket as `QueuedTicket.line_after`. From then on every calling policy
calls it right after the last of those still waiting, before anyone else the counter could call:
`place_returned` applies this to a policy's ranking, so the placement holds whatever the policy.
A customer comes back once; missing the call again ends the ticket.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from .errors import ConflictError
from .queue import QueuedTicket, QueueSnapshot

Ranked = TypeVar("Ranked")

DEFAULT_RETURN_WITHIN_MIN = 30
DEFAULT_REQUEUE_PLACES = 3


@dataclass(frozen=True, slots=True)
class MissedCallRule:
    """When a missed call may be redeemed, and where the customer goes back in the line."""

    return_within_s: float = DEFAULT_RETURN_WITHIN_MIN * 60.0
    requeue_places: int = DEFAULT_REQUEUE_PLACES

    def check_return(self, missed_at: float, now: float, *, returned_before: bool) -> None:
        """Refuse a second return, or one later than the branch allows."""
        if returned_before:
            raise ConflictError(
                "this ticket already came back once after a missed call; please take a new ticket",
                code="ticket.return_used",
            )
        minutes = round(self.return_within_s / 60)
        if now - missed_at > self.return_within_s:
            raise ConflictError(
                f"the call was missed more than {minutes} minutes ago; please take a new ticket",
                code="ticket.return_too_late",
                params={"minutes": minutes},
            )

    def places_ahead(self, ticket: QueuedTicket, snapshot: QueueSnapshot) -> frozenset[int]:
        """The tickets the returning customer waits behind: the first `requeue_places` of their line."""
        line = sorted(
            (
                other
                for other in snapshot.waiting
                if other.ticket_id != ticket.ticket_id
                and other.target_counter_id is None
                and other.service_code == ticket.service_code
            ),
            key=line_order,
        )
        return frozenset(other.ticket_id for other in line[: max(0, self.requeue_places)])


def line_order(ticket: QueuedTicket) -> tuple[int, float, int]:
    """The line as customers see it: priority tier, then arrival, then issue order."""
    return (ticket.priority.rank, ticket.arrived_at, ticket.ticket_id)


def place_returned(ranked: Sequence[Ranked], ticket_of: Callable[[Ranked], QueuedTicket]) -> list[Ranked]:
    """`ranked` (a policy's order, first to call first) with each returned ticket moved right behind
    the last of its `line_after` tickets still in it, or to the front when none is left.

    Returned tickets are placed in the order they came back, so one that came back later and found
    an earlier one ahead of it stays behind it.
    """
    returned = [item for item in ranked if ticket_of(item).line_after]
    if not returned:
        return list(ranked)
    order = [item for item in ranked if not ticket_of(item).line_after]
    for item in sorted(returned, key=lambda i: (ticket_of(i).enqueued_at or 0.0, ticket_of(i).ticket_id)):
        ahead = ticket_of(item).line_after
        positions = [index for index, other in enumerate(order) if ticket_of(other).ticket_id in ahead]
        order.insert(max(positions) + 1 if positions else 0, item)
    return order
