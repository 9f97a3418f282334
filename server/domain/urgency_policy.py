"""Urgency scoring of the BranchQ calling policy: how pressing each waiting ticket is for one counter.

The score follows the generalized-due-date / largest-weighted-delay family (Van Mieghem 2003; Stolyar &
Ramanan 2001): a ticket's urgency is the time it has waited relative to its service's target wait, so a
5-minute cash target and a 20-minute loan target are compared on the same footing ("how far through its
promise is this customer?"). Around that ratio sit a few bounded adjustments:

* priority tiers get a head start in *seconds*, never an absolute precedence, so a regular customer is
  overtaken only by priority customers who arrived at most that head start after it;
* a checked-in appointment is never worse off than a walk-in who came at the same time: before its
  slot it is scored like one; from its slot on, its wait counts from the slot against a short appointment
  target with a head start, so it is called near its slot. An early arrival is scored as already due
  when every other counter able to serve it is expected busy past its slot (waiting would make it late);
* the counter's own skills weigh in: its primary service gets a bonus, a service few open counters can
  serve gets a bonus (those skills are scarce, so this counter is where those customers get served), and
  short services get a mild c-mu boost (serving them frees the counter sooner).

All multipliers are bounded, so every ticket's urgency keeps growing without limit while a newcomer's
starts from a bounded value: nobody starves. Scoring is pure and linear in the number of waiting tickets.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

from .enums import PriorityTier
from .errors import InvalidInput
from .queue import CounterView, QueuedTicket, QueueSnapshot


@dataclass(frozen=True, slots=True)
class UrgencyWeights:
    """Tuning of the BranchQ policy; a branch may override any of these.

    Attributes:
        vip_head_start_s: seconds of wait a VIP ticket is credited with on arrival.
        priority_needs_head_start_s: the same for elderly/disabled/pregnant customers.
        appointment_target_s: how soon after its slot a checked-in appointment should be called.
        appointment_head_start_s: wait credited to an appointment at its slot. 600 s against a 120 s
            target scores like a walk-in five times past its own target, so a due appointment goes first
            (the simulator shows what that costs the walk-ins: see bench/README.md).
        appointment_grace_s: an appointment checking in later than this after its slot is a walk-in.
        appointment_pull_margin_s: another counter counts as free for an early appointment only if it is
            expected free this long before the slot (expected ends are uncertain).
        primary_service_bonus: extra weight (0.2 = +20%) for the counter's first-listed service.
        scarcity_weight: extra weight for a service in proportion to 1 / (open counters serving it).
        speed_exponent: c-mu strength; weight (reference / mean service time) ** exponent, 0 disables.
        reference_service_s: service time at which the speed weight is 1.
    """

    vip_head_start_s: float = 240.0
    priority_needs_head_start_s: float = 900.0
    appointment_target_s: float = 120.0
    appointment_head_start_s: float = 600.0
    appointment_grace_s: float = 600.0
    appointment_pull_margin_s: float = 300.0
    primary_service_bonus: float = 0.2
    scarcity_weight: float = 0.5
    speed_exponent: float = 0.3
    reference_service_s: float = 300.0

    def __post_init__(self) -> None:
        for name in self.__slots__:
            value = getattr(self, name)
            if not value >= 0.0:
                raise InvalidInput(f"urgency weight {name} must be >= 0, got {value!r}", field=name)
        for name in ("appointment_target_s", "reference_service_s"):
            if getattr(self, name) <= 0.0:
                raise InvalidInput(f"urgency weight {name} must be > 0", field=name)

    def head_start_s(self, tier: PriorityTier) -> float:
        if tier is PriorityTier.PRIORITY_NEEDS:
            return self.priority_needs_head_start_s
        if tier is PriorityTier.VIP:
            return self.vip_head_start_s
        return 0.0


class UrgencyClock(StrEnum):
    """Which clock a ticket's urgency was read from."""

    WAIT = "wait"
    """Time since the ticket was taken, against the service's target (walk-ins, early appointments)."""
    SLOT = "slot"
    """Time since the appointment slot (or the late check-in), against the appointment target."""
    AHEAD_OF_SLOT = "ahead_of_slot"
    """An early appointment scored as due: every other counter able to serve it is busy past its slot."""


@dataclass(frozen=True, slots=True)
class TicketUrgency:
    """Why one ticket scores what it scores at one counter; the numbers behind a call decision.

    Attributes:
        clock: the clock the urgency was read from (see `UrgencyClock`).
        waited_s: seconds on that clock (0 for an appointment called ahead of its slot).
        target_s: the promise the wait is measured against.
        head_start_s: tier or appointment credit added to `waited_s`.
        check_in_lateness_s: seconds after its slot the customer checked in (negative: early), None for
            walk-ins and for appointments checked in too late to keep their slot.
        since_slot_s: seconds from the slot to now (negative: the slot is still ahead), None for walk-ins.
        counters_for_service: open counters able to serve the ticket's service (skill scarcity).
        weight: product of the preference, scarcity and speed factors.
        urgency: (waited_s + head_start_s) / target_s * weight; the highest is called.
    """

    ticket: QueuedTicket
    clock: UrgencyClock
    waited_s: float
    target_s: float
    head_start_s: float
    check_in_lateness_s: float | None
    since_slot_s: float | None
    counters_for_service: int
    preference_factor: float
    scarcity_factor: float
    speed_factor: float
    urgency: float

    @property
    def weight(self) -> float:
        return self.preference_factor * self.scarcity_factor * self.speed_factor


@dataclass(frozen=True, slots=True)
class ServiceTerms:
    """What a service weighs at one counter right now; the same for all of its tickets."""

    target_s: float
    counters_for_service: int
    preference_factor: float
    scarcity_factor: float
    speed_factor: float

    @property
    def weight(self) -> float:
        return self.preference_factor * self.scarcity_factor * self.speed_factor


def rank_for_counter(
    counter: CounterView, snapshot: QueueSnapshot, weights: UrgencyWeights
) -> list[TicketUrgency]:
    """Every ticket `counter` may call, most urgent first (ties: earliest arrival, then lowest id)."""
    candidates = snapshot.eligible_for(counter)
    if not candidates:
        return []
    terms = service_terms(counter, snapshot, weights, {t.service_code for t in candidates})
    scored = [score_ticket(t, counter, snapshot, weights, terms[t.service_code]) for t in candidates]
    scored.sort(key=lambda s: (-s.urgency, s.ticket.arrived_at, s.ticket.ticket_id))
    return scored


def service_terms(
    counter: CounterView, snapshot: QueueSnapshot, weights: UrgencyWeights, service_codes: set[str]
) -> dict[str, ServiceTerms]:
    """Target and weights per service for `counter`, computed once per decision rather than per ticket."""
    skill_counts = Counter(code for view in snapshot.open_counters for code in view.services)
    terms: dict[str, ServiceTerms] = {}
    for code in service_codes:
        profile = snapshot.services.get(code)
        if profile is None:
            raise InvalidInput(
                f"a waiting ticket asks for unknown service {code!r}; "
                "add the service to the snapshot's services",
                field="service_code",
            )
        counters = max(1, skill_counts.get(code, 0))
        primary = bool(counter.services) and counter.services[0] == code
        terms[code] = ServiceTerms(
            target_s=max(profile.target_wait_s, 1.0),
            counters_for_service=counters,
            preference_factor=1.0 + weights.primary_service_bonus if primary else 1.0,
            scarcity_factor=1.0 + weights.scarcity_weight / counters,
            speed_factor=(weights.reference_service_s / max(profile.mean_service_s, 1.0))
            ** weights.speed_exponent,
        )
    return terms


def score_ticket(
    ticket: QueuedTicket,
    counter: CounterView,
    snapshot: QueueSnapshot,
    weights: UrgencyWeights,
    terms: ServiceTerms,
) -> TicketUrgency:
    """Urgency of one ticket at one counter; see the module docstring for the rule."""
    lateness = _appointment_lateness(ticket, weights)
    clock, waited, target, head_start = _read_clock(
        ticket, counter, snapshot, terms.target_s, lateness, weights
    )
    return TicketUrgency(
        ticket=ticket,
        clock=clock,
        waited_s=waited,
        target_s=target,
        head_start_s=head_start,
        check_in_lateness_s=lateness,
        since_slot_s=None if lateness is None else snapshot.now - (ticket.arrived_at - lateness),
        counters_for_service=terms.counters_for_service,
        preference_factor=terms.preference_factor,
        scarcity_factor=terms.scarcity_factor,
        speed_factor=terms.speed_factor,
        urgency=(waited + head_start) / target * terms.weight,
    )


def _appointment_lateness(ticket: QueuedTicket, weights: UrgencyWeights) -> float | None:
    """How late past its slot the customer checked in; None if not (or no longer) an appointment."""
    if ticket.appointment_at is None:
        return None
    if ticket.arrived_at - ticket.appointment_at > weights.appointment_grace_s:
        return None
    return ticket.arrived_at - ticket.appointment_at


def _read_clock(
    ticket: QueuedTicket,
    counter: CounterView,
    snapshot: QueueSnapshot,
    service_target_s: float,
    lateness: float | None,
    weights: UrgencyWeights,
) -> tuple[UrgencyClock, float, float, float]:
    """(clock, waited, target, head start): the more urgent of the ticket's walk-in and appointment clocks."""
    now = snapshot.now
    walk_in = (
        UrgencyClock.WAIT,
        ticket.waited(now),
        service_target_s,
        weights.head_start_s(ticket.priority),
    )
    if lateness is None:
        return walk_in
    slot = ticket.arrived_at - lateness
    if now < slot:
        if _nobody_else_free_by_slot(ticket, counter, snapshot, weights):
            return (
                UrgencyClock.AHEAD_OF_SLOT,
                0.0,
                weights.appointment_target_s,
                weights.appointment_head_start_s,
            )
        return walk_in
    since = now - max(slot, ticket.arrived_at)
    appointment = (UrgencyClock.SLOT, since, weights.appointment_target_s, weights.appointment_head_start_s)
    return max(walk_in, appointment, key=lambda c: (c[1] + c[3]) / c[2])


def _nobody_else_free_by_slot(
    ticket: QueuedTicket, counter: CounterView, snapshot: QueueSnapshot, weights: UrgencyWeights
) -> bool:
    """True when every other open counter able to serve an early appointment is expected busy past its slot.

    Then this free counter is the appointment's last good chance: waiting for the slot would make it late.
    """
    assert ticket.appointment_at is not None
    free_by = ticket.appointment_at - weights.appointment_pull_margin_s
    for other in snapshot.open_counters:
        if other.counter_id == counter.counter_id or not other.serves(ticket):
            continue
        if other.busy_until is None or other.busy_until <= free_by:
            return False
    return True
