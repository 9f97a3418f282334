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
from .urgency_policy import (
    CallPrecedence,
    TicketUrgency,
    UrgencyClock,
    UrgencyWeights,
    WaitStage,
    rank_for_counter,
)


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
            facts={
                "priority": best.priority.value,
                "waited_s": round(waited, 1),
                "eligible": len(candidates),
            },
        )


def _fifo_key(ticket: QueuedTicket) -> tuple[int, float, int]:
    return (ticket.priority.rank, ticket.arrived_at, ticket.ticket_id)


class BranchQPolicy:
    """Skill- and service-level-aware calling: the most urgent ticket for this counter goes first.

    Urgency is the wait relative to the promise the customer can still keep (the branch's wait goal,
    then the service's target), with a cap past which a customer is called first whatever else waits;
    bounded head starts for VIP and priority-needs customers, appointments timed from their slot, and
    the counter's primary service, scarce skills and short services weighed in (see `urgency_policy`).
    Waits count from the first arrival, so a transferred ticket keeps its place in time.
    """

    name = "branchq"

    def __init__(self, weights: UrgencyWeights | None = None) -> None:
        self.weights = weights or UrgencyWeights()

    def choose(self, counter: CounterView, snapshot: QueueSnapshot) -> CallDecision | None:
        ranked = rank_for_counter(counter, snapshot, self.weights)
        if not ranked:
            return None
        best = ranked[0]
        runner_up = ranked[1] if len(ranked) > 1 else None
        return CallDecision(
            ticket_id=best.ticket.ticket_id,
            policy=self.name,
            reason=_explain(best, runner_up, len(ranked)),
            facts=_facts(best, runner_up, len(ranked)),
        )


def _explain(best: TicketUrgency, runner_up: TicketUrgency | None, eligible: int) -> str:
    ticket = best.ticket
    parts = [f"{ticket.service_code}: {_clock_clause(best)}"]
    weighed = best.precedence is CallPrecedence.BY_URGENCY
    if weighed and best.clock is UrgencyClock.WAIT and best.head_start_s > 0:
        parts.append(f"{ticket.priority.value} head start {best.head_start_s / 60:.0f} min")
    if weighed and best.preference_factor > 1.0:
        parts.append("this counter's primary service")
    if weighed and best.counters_for_service == 1:
        parts.append("only this counter's skill serves it")
    ranking = f"{'most urgent' if weighed else 'first'} of {eligible} eligible (urgency {best.urgency:.2f}"
    if runner_up is not None:
        ranking += f", next {runner_up.urgency:.2f}"
    return "; ".join(parts) + f"; {ranking})"


def _clock_clause(best: TicketUrgency) -> str:
    waited = _wait_clause(best)
    if best.since_slot_s is None:
        return waited
    if best.clock is UrgencyClock.AHEAD_OF_SLOT:
        return (
            f"appointment due in {-best.since_slot_s / 60:.1f} min, called ahead: "
            "every other counter for it is busy past the slot"
        )
    if best.clock is UrgencyClock.WAIT:
        return f"appointment due in {-best.since_slot_s / 60:.1f} min, {waited} like a walk-in"
    return f"appointment {best.waited_s / 60:.1f} min past its slot (target {best.target_s / 60:.0f} min)"


def _wait_clause(best: TicketUrgency) -> str:
    waited, promise = best.waited_s / 60, best.target_s / 60
    if best.stage is WaitStage.GOAL:
        return f"waited {waited:.1f} of {promise:.0f} min branch wait goal"
    if best.stage is WaitStage.PAST_TARGET:
        return f"waited {waited:.1f} min, past its {promise:.0f} min target"
    if best.stage is WaitStage.OVERDUE:
        return f"waited {waited:.1f} min, past the wait cap: overdue, called first"
    return f"waited {waited:.1f} of {promise:.0f} min target"


def _facts(best: TicketUrgency, runner_up: TicketUrgency | None, eligible: int) -> dict[str, float | str]:
    facts: dict[str, float | str] = {
        "service": best.ticket.service_code,
        "priority": best.ticket.priority.value,
        "clock": best.clock.value,
        "stage": best.stage.value,
        "precedence": best.precedence.name.lower(),
        "waited_s": round(best.waited_s, 1),
        "target_s": round(best.target_s, 1),
        "head_start_s": round(best.head_start_s, 1),
        "urgency": round(best.urgency, 4),
        "preference_factor": round(best.preference_factor, 4),
        "scarcity_factor": round(best.scarcity_factor, 4),
        "speed_factor": round(best.speed_factor, 4),
        "counters_for_service": best.counters_for_service,
        "eligible": eligible,
    }
    if best.since_slot_s is not None and best.check_in_lateness_s is not None:
        facts["appointment_lateness_s"] = round(best.since_slot_s, 1)
        facts["check_in_lateness_s"] = round(best.check_in_lateness_s, 1)
    if runner_up is not None:
        facts["runner_up_ticket_id"] = runner_up.ticket.ticket_id
        facts["runner_up_urgency"] = round(runner_up.urgency, 4)
    return facts


POLICIES: dict[str, type] = {PriorityFifoPolicy.name: PriorityFifoPolicy, BranchQPolicy.name: BranchQPolicy}


def make_policy(name: str) -> CallingPolicy:
    """Build the policy a branch has configured; unknown names are refused, not defaulted."""
    try:
        return POLICIES[name]()
    except KeyError:
        raise InvalidInput(
            f"unknown calling policy {name!r}; choose one of {sorted(POLICIES)}", field="calling_policy",
            code="policy.unknown_calling_policy", params={"name": str(name), "choices": sorted(POLICIES)},
        ) from None
