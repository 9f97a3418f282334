"""Urgency scoring of the BranchQ calling policy: how pressing each waiting ticket is for one counter.

The score follows the generalized-due-date / largest-weighted-delay family (Van Mieghem 2003; Stolyar &
Ramanan 2001): a ticket's urgency is the time it has waited relative to the promise it can still keep,
so a 5-minute cash target and a 20-minute loan target are compared on the same footing ("how far through
its promise is this customer?"). A walk-in passes through staged promises (`WaitStage`):

* the branch's wait goal (the headline "called within N minutes" that a branch reads as its p90 wait):
  urgency = credited wait / goal;
* once past the goal, its service target: urgency = credited wait / target. The urgency *drops* when the
  goal is missed. In a busy hour a free counter cannot keep every promise; a call spent on a customer
  who can still be called within the goal keeps one, a call spent on one who already missed it keeps
  none (and that customer still has the service target ahead);
* once past the target, a reduced urgency (`past_target_factor` x wait / target): the same reasoning for
  the service level, but the urgency keeps growing with the wait;
* past the wait cap, overdue: called before anyone not overdue, longest wait first. The cap bounds how
  long the two drops above can pass anyone over.

The stage follows the wait the customer really had, while head starts count inside the stage. Deciding
which waits count is the branch's choice (goal, factor, cap); the simulator measures the price: the p90
and the service levels improve, the p99 grows, the maximum is bounded (bench/README.md).

Around that sit a few bounded adjustments:

* priority tiers get a head start in *seconds*, never an absolute precedence (with the stages switched
  off, a regular customer is overtaken only by priority customers who arrived at most that head start
  after it; with them on, the cap is the bound);
* a checked-in appointment is never worse off than a walk-in who came at the same time: before its
  slot it is scored like one; from its slot on it precedes every walk-in, overdue ones included (its
  promise is a few minutes and appointments are few, so the walk-ins' bound grows only a little), and
  among due appointments its wait counts from the slot against a short appointment target. An early arrival is scored as already due
  when every other counter able to serve it is expected busy past its slot (waiting would make it late);
* the counter's own skills weigh in: its primary service gets a bonus, a service few open counters can
  serve may get a bonus (off by default: with the stages on it measured no gain and slightly more
  abandonment), and short services get a mild c-mu boost (serving them frees the counter sooner).

All multipliers are bounded and every walk-in reaches the overdue stage at the wait cap: nobody starves.
Scoring is pure and linear in the number of waiting tickets.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import IntEnum, StrEnum

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
        wait_goal_s: the branch's headline wait goal, the first promise of every walk-in (a service
            with a shorter target uses its target). Set it at or a little below the p90 wait the branch
            achieves today; 0 disables the stage (plain wait / target).
        past_target_factor: urgency of a ticket past its service target, as a share of wait / target
            (1 keeps the plain ratio; lower lets customers who can still make their target go first).
        wait_cap_s: a walk-in who has waited this long is overdue: called before every other walk-in,
            longest wait first (due appointments still go first).
            0 disables the cap, which is allowed only without a goal and with past_target_factor 1.
    """

    vip_head_start_s: float = 240.0
    priority_needs_head_start_s: float = 900.0
    appointment_target_s: float = 120.0
    appointment_head_start_s: float = 600.0
    appointment_grace_s: float = 600.0
    appointment_pull_margin_s: float = 420.0
    primary_service_bonus: float = 0.2
    scarcity_weight: float = 0.0
    speed_exponent: float = 0.2
    reference_service_s: float = 300.0
    wait_goal_s: float = 420.0
    past_target_factor: float = 0.6
    wait_cap_s: float = 1800.0

    def __post_init__(self) -> None:
        for name in self.__slots__:
            value = getattr(self, name)
            if not value >= 0.0:
                raise InvalidInput(
                    f"urgency weight {name} must be >= 0, got {value!r}", field=name,
                    code="policy.weight_negative", params={"name": name, "value": repr(value)},
                )
        for name in ("appointment_target_s", "reference_service_s", "past_target_factor"):
            if getattr(self, name) <= 0.0:
                raise InvalidInput(
                    f"urgency weight {name} must be > 0", field=name,
                    code="policy.weight_not_positive", params={"name": name},
                )
        if self.past_target_factor > 1.0:
            raise InvalidInput(
                "past_target_factor must be at most 1: a ticket past its target must not jump ahead",
                field="past_target_factor", code="policy.past_target_factor_too_high",
            )
        if self.wait_cap_s == 0.0 and (self.wait_goal_s > 0.0 or self.past_target_factor < 1.0):
            raise InvalidInput(
                "a wait goal or a past-target factor below 1 needs a wait cap, or the longest waits "
                "are unbounded; set wait_cap_s",
                field="wait_cap_s", code="policy.wait_cap_needed",
            )

    def head_start_s(self, tier: PriorityTier) -> float:
        if tier is PriorityTier.PRIORITY_NEEDS:
            return self.priority_needs_head_start_s
        if tier is PriorityTier.VIP:
            return self.vip_head_start_s
        return 0.0


class CallPrecedence(IntEnum):
    """Coarse order before urgency: a higher precedence is called first, urgency orders within one."""

    BY_URGENCY = 0
    OVERDUE = 1
    """A walk-in past the wait cap (urgency: wait / cap, so the longest wait goes first)."""
    DUE_APPOINTMENT = 2
    """An appointment at or past its slot: its promise is a few minutes, and appointments are few."""


class WaitStage(StrEnum):
    """Which promise a walk-in's wait is measured against right now."""

    GOAL = "goal"
    """Still within the branch's wait goal: wait / goal."""
    TARGET = "target"
    """Past the goal, within the service target: wait / target."""
    PAST_TARGET = "past_target"
    """Past the service target: a reduced wait / target."""
    OVERDUE = "overdue"
    """Waited past the cap: called before everyone not overdue, longest first."""
    APPOINTMENT = "appointment"
    """Read from the appointment clock: wait since the slot against the appointment target."""


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
        target_s: the promise the wait is measured against (the goal, the target or the appointment's).
        stage: for the wait clock, where the ticket stands against goal, target and cap.
        head_start_s: tier or appointment credit added to `waited_s`.
        check_in_lateness_s: seconds after its slot the customer checked in (negative: early), None for
            walk-ins and for appointments checked in too late to keep their slot.
        since_slot_s: seconds from the slot to now (negative: the slot is still ahead), None for walk-ins.
        counters_for_service: open counters able to serve the ticket's service (skill scarcity).
        weight: product of the preference, scarcity and speed factors.
        urgency: (waited_s + head_start_s) / target_s, reduced past target, times weight (overdue:
            waited / cap, unweighted). Tickets are called by `precedence`, then urgency.
    """

    ticket: QueuedTicket
    clock: UrgencyClock
    waited_s: float
    target_s: float
    head_start_s: float
    stage: WaitStage
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

    @property
    def precedence(self) -> CallPrecedence:
        if self.clock is UrgencyClock.SLOT:
            return CallPrecedence.DUE_APPOINTMENT
        if self.stage is WaitStage.OVERDUE:
            return CallPrecedence.OVERDUE
        return CallPrecedence.BY_URGENCY


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
    """Every ticket `counter` may call, first to call first: by precedence (due appointments, then
    overdue walk-ins, then the rest), then urgency, then earliest arrival, then lowest id."""
    candidates = snapshot.eligible_for(counter)
    if not candidates:
        return []
    terms = service_terms(counter, snapshot, weights, {t.service_code for t in candidates})
    scored = [score_ticket(t, counter, snapshot, weights, terms[t.service_code]) for t in candidates]
    scored.sort(key=lambda s: (-s.precedence, -s.urgency, s.ticket.arrived_at, s.ticket.ticket_id))
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
                field="service_code", code="policy.unknown_service", params={"service": code},
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
    reading = _read_clock(ticket, counter, snapshot, terms.target_s, lateness, weights)
    weighted = reading.pressure if reading.stage is WaitStage.OVERDUE else reading.pressure * terms.weight
    return TicketUrgency(
        ticket=ticket,
        clock=reading.clock,
        waited_s=reading.waited_s,
        target_s=reading.target_s,
        head_start_s=reading.head_start_s,
        stage=reading.stage,
        check_in_lateness_s=lateness,
        since_slot_s=None if lateness is None else snapshot.now - (ticket.arrived_at - lateness),
        counters_for_service=terms.counters_for_service,
        preference_factor=terms.preference_factor,
        scarcity_factor=terms.scarcity_factor,
        speed_factor=terms.speed_factor,
        urgency=weighted,
    )


@dataclass(frozen=True, slots=True)
class _Reading:
    """One clock read for one ticket: the wait, the promise it is held to and the unweighted urgency."""

    clock: UrgencyClock
    waited_s: float
    target_s: float
    head_start_s: float
    stage: WaitStage
    pressure: float


def _appointment_reading(clock: UrgencyClock, waited_s: float, weights: UrgencyWeights) -> _Reading:
    head_start = weights.appointment_head_start_s
    pressure = (waited_s + head_start) / weights.appointment_target_s
    return _Reading(
        clock, waited_s, weights.appointment_target_s, head_start, WaitStage.APPOINTMENT, pressure
    )


def _walk_in_reading(
    ticket: QueuedTicket, now: float, service_target_s: float, weights: UrgencyWeights
) -> _Reading:
    """The staged wait clock: goal, then service target, then a reduced urgency, then overdue.

    The stage follows the wait the customer really had; a tier's head start raises the urgency within
    the stage, so a head start never pushes anyone into a stage of lower urgency.
    """
    waited = ticket.waited(now)
    head_start = weights.head_start_s(ticket.priority)
    credited = waited + head_start
    if weights.wait_cap_s > 0.0 and waited >= weights.wait_cap_s:
        pressure = waited / weights.wait_cap_s
        return _Reading(UrgencyClock.WAIT, waited, service_target_s, head_start, WaitStage.OVERDUE, pressure)
    goal = weights.wait_goal_s
    if 0.0 < goal < service_target_s and waited < goal:
        return _Reading(UrgencyClock.WAIT, waited, goal, head_start, WaitStage.GOAL, credited / goal)
    ratio = credited / service_target_s
    if waited < service_target_s:
        return _Reading(UrgencyClock.WAIT, waited, service_target_s, head_start, WaitStage.TARGET, ratio)
    pressure = weights.past_target_factor * ratio
    return _Reading(UrgencyClock.WAIT, waited, service_target_s, head_start, WaitStage.PAST_TARGET, pressure)


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
) -> _Reading:
    """The clock that decides: the slot's once it has come (a due appointment outranks every walk-in),
    before it the walk-in's, or the slot's ahead of time when no other counter will be free for it."""
    now = snapshot.now
    walk_in = _walk_in_reading(ticket, now, service_target_s, weights)
    if lateness is None:
        return walk_in
    slot = ticket.arrived_at - lateness
    if now < slot:
        if walk_in.stage is not WaitStage.OVERDUE and _nobody_else_free_by_slot(
            ticket, counter, snapshot, weights
        ):
            return _appointment_reading(UrgencyClock.AHEAD_OF_SLOT, 0.0, weights)
        return walk_in
    return _appointment_reading(UrgencyClock.SLOT, now - max(slot, ticket.arrived_at), weights)


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


def standing_at(
    ticket: QueuedTicket,
    at: float,
    terms: ServiceTerms,
    weights: UrgencyWeights,
    others_busy_past_slot: bool = False,
) -> tuple[CallPrecedence, float]:
    """(precedence, urgency) `score_ticket` would give `ticket` at time `at` at a counter with `terms`.

    For predictors that replay the policy forward in time without building future snapshots: the
    caller says whether every other counter able to serve an early appointment is then expected busy
    past its slot (`_nobody_else_free_by_slot`). Sorting by it, highest first, is `rank_for_counter`'s order.
    """
    lateness = _appointment_lateness(ticket, weights)
    walk_in = _walk_in_reading(ticket, at, terms.target_s, weights)
    if lateness is not None:
        slot = ticket.arrived_at - lateness
        if at >= slot:
            reading = _appointment_reading(UrgencyClock.SLOT, at - max(slot, ticket.arrived_at), weights)
            return CallPrecedence.DUE_APPOINTMENT, reading.pressure * terms.weight
        if others_busy_past_slot and walk_in.stage is not WaitStage.OVERDUE:
            reading = _appointment_reading(UrgencyClock.AHEAD_OF_SLOT, 0.0, weights)
            return CallPrecedence.BY_URGENCY, reading.pressure * terms.weight
    if walk_in.stage is WaitStage.OVERDUE:
        return CallPrecedence.OVERDUE, walk_in.pressure
    return CallPrecedence.BY_URGENCY, walk_in.pressure * terms.weight
