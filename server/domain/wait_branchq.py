"""The BranchQ wait predictor: a fast projection of the line ahead with what the branch has learned.

For a snapshot it replays, in expected values, how the open counters will work through the waiting
tickets: each counter becomes free when its current service is expected to end (given how long it has
already run), a paused counter when its pause usually ends; tickets are taken in calling order; each
ticket ahead costs its service's learned mean at the counter that takes it, discounted by the chance its
holder has already left (then it costs only the skip). Higher-tier customers still to come, who will go
ahead, stretch the result. An interval, and a bias correction where it has been seen to help, learned
from past errors finish the estimate. One pass serves every waiting ticket.

What the data decides rather than a constant (each a `Contest` on the predictor's own first estimates):
how much a per-counter view of the call time weighs against a pooled one, and the calling order: tier
then arrival (the field's default) or due time (as target-aware policies call). Told the branch's policy
(`bind_policy`), it takes the FIFO baseline's order as given, or, under the BranchQ policy, adds that
policy replayed forward (`wait_replay`) to the contest and starts with it: where the replay's exact order
does not pay (one service in a long M/M/s line, where the order changes with every newcomer) the
pooled arrival-order view wins, as it should.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from .calling import BranchQPolicy, CallingPolicy, PriorityFifoPolicy
from .enums import PriorityTier
from .queue import CounterView, QueuedTicket, QueueSnapshot, ServiceProfile
from .urgency_policy import UrgencyWeights
from .wait_calibration import CalibratedPredictor
from .wait_learning import Abandonment, ArrivalRates, Contest, ServiceTimes
from .wait_model import baseline_order, is_idle
from .wait_replay import Projection, replay_projection

NO_SHOW_SKIP_S = 40.0
"""What calling a ticket whose holder left costs a counter (calls, recall, marking the no-show)."""
DEFAULT_PAUSE_S = 1800.0
MAX_OVERTAKE_LOAD = 0.6
ORDER_TRIAL_OUTCOMES = 1500
BLEND_WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)
"""Candidate weights of the per-counter call time against the pooled one: the pooled one is exact for
memoryless service, the per-counter one follows long, low-variance services better; the data decides."""


def due_order(
    services: Mapping[str, ServiceProfile], credits: Mapping[PriorityTier, float]
) -> Callable[[QueuedTicket], tuple[float, int]]:
    """Key for target-aware calling: when the ticket reaches its service's target wait.

    `credits` (seconds per tier) are the head starts the branch visibly gives higher tiers.
    """

    def key(ticket: QueuedTicket) -> tuple[float, int]:
        if ticket.appointment_at is not None:
            return (ticket.appointment_at, ticket.ticket_id)
        profile = services.get(ticket.service_code)
        target = 0.0 if profile is None else profile.target_wait_s
        return (ticket.arrived_at + target - credits.get(ticket.priority, 0.0), ticket.ticket_id)

    return key


class TierCredits:
    """How much sooner, on average, each tier is called than regular customers: its visible head start."""

    def __init__(self) -> None:
        self._totals: dict[PriorityTier, list[float]] = {tier: [0, 0.0] for tier in PriorityTier}

    def observe(self, ticket: QueuedTicket, wait_s: float) -> None:
        entry = self._totals[ticket.priority]
        entry[0] += 1
        entry[1] += wait_s

    def credits(self) -> dict[PriorityTier, float]:
        count, total = self._totals[PriorityTier.REGULAR]
        if count < 30:
            return {}
        regular = total / count
        return {
            tier: max(0.0, regular - tier_total / tier_count)
            for tier, (tier_count, tier_total) in self._totals.items()
            if tier is not PriorityTier.REGULAR and tier_count >= 30
        }


class PauseDurations:
    """How long counters' pauses last, seen from consecutive snapshots."""

    def __init__(self) -> None:
        self._since: dict[int, float] = {}
        self._count, self._total = 0, 0.0

    def update(self, snapshot: QueueSnapshot) -> None:
        paused = {c.counter_id for c in snapshot.paused_counters}
        for counter_id in paused:
            self._since.setdefault(counter_id, snapshot.now)
        for counter_id in [c for c in self._since if c not in paused]:
            started = self._since.pop(counter_id)
            if any(c.counter_id == counter_id for c in snapshot.open_counters):
                self._count += 1
                self._total += snapshot.now - started

    def remaining(self, counter_id: int, now: float) -> float:
        mean = self._total / self._count if self._count >= 3 else DEFAULT_PAUSE_S
        return max(mean - (now - self._since.get(counter_id, now)), 0.2 * mean)


REPLAY_LIMIT = 100
"""Longest line the policy replay projects; the server re-estimates the whole line on every change."""


class BranchQPredictor(CalibratedPredictor):
    """Registered as "branchq". One instance per branch; it learns from every `observe_*` call.

    Attributes:
        service_times, abandonment, arrivals, pauses, tier_credits: what it has learned so far.
        order, blend: the contests that pick the calling order and the per-counter/pooled weight.
        replayed_weights: the BranchQ policy's weights when it is bound to one (its order is replayed).
    """

    name = "branchq"
    correct_bias = True
    calibrate_by_hour = True

    def __init__(self, policy: CallingPolicy | None = None) -> None:
        super().__init__()
        self.service_times = ServiceTimes()
        self.abandonment = Abandonment()
        self.arrivals = ArrivalRates()
        self.pauses = PauseDurations()
        self.tier_credits = TierCredits()
        self.order = Contest(["tier_fifo", "due"], default="tier_fifo", decide_after=ORDER_TRIAL_OUTCOMES)
        """Which calling order the projection follows: tier then arrival, due time, or (when bound to the
        BranchQ policy, see `bind_policy`) that policy replayed."""
        self.blend = Contest(list(BLEND_WEIGHTS), default=0.0)
        """How much the per-counter view weighs against the pooled one."""
        self.replayed_weights: UrgencyWeights | None = None
        if policy is not None:
            self.bind_policy(policy)

    def bind_policy(self, policy: CallingPolicy) -> None:
        """Follow the order `policy` calls in: FIFO's as given, the BranchQ policy's replayed (in contest
        with the fixed orders); a policy it does not know leaves the learned order.

        The server and the simulator hand the predictor the same policy object the branch calls with.
        """
        self.replayed_weights = None
        self.order = Contest(["tier_fifo", "due"], default="tier_fifo", decide_after=ORDER_TRIAL_OUTCOMES)
        if isinstance(policy, BranchQPolicy):
            self.replayed_weights = policy.weights
            self.order = Contest(
                ["replay", "tier_fifo", "due"], default="replay", decide_after=ORDER_TRIAL_OUTCOMES
            )
        elif isinstance(policy, PriorityFifoPolicy):
            self.order.decided = "tier_fifo"

    # -- learning -----------------------------------------------------------------------------------

    def observe_arrival(self, ticket: QueuedTicket) -> None:
        self.arrivals.observe(ticket.service_code, ticket.priority, ticket.arrived_at)

    def observe_service(
        self, service_code: str, counter_id: int, started_at: float, duration_s: float
    ) -> None:
        self.service_times.observe(service_code, counter_id, duration_s, started_at)

    def observe_wait(self, ticket: QueuedTicket, called_at: float) -> None:
        super().observe_wait(ticket, called_at)
        self._settle(ticket, called_at)
        self.tier_credits.observe(ticket, ticket.waited(called_at))
        self.abandonment.observe(ticket.waited(called_at), abandoned=False)

    def observe_abandonment(self, ticket: QueuedTicket, at: float) -> None:
        super().observe_abandonment(ticket, at)
        self._settle(ticket, at)
        self.abandonment.observe(ticket.waited(at), abandoned=True)

    # -- projection ---------------------------------------------------------------------------------

    def point_estimates(self, snapshot: QueueSnapshot, learn: bool = False) -> dict[int, tuple[float, int] | None]:
        """One projection per snapshot; learning (`learn`) also enters every candidate in the contests."""
        if learn:
            self.pauses.update(snapshot)
        projectors = self._projectors(snapshot)
        if "replay" in projectors and len(snapshot.waiting) > REPLAY_LIMIT:
            # The replay's cost grows with the square of the line; past the limit follow the best fixed order.
            fallback = self.order.leader if self.order.leader != "replay" else "tier_fifo"
            return self._points(snapshot, projectors[fallback](), learn)
        if self.order.decided is not None or not learn:
            return self._points(snapshot, projectors[self.order.leader](), learn)
        projections = {name: project() for name, project in projectors.items()}
        for ticket_id, point in next(iter(projections.values())).items():
            if point is not None:
                self.order.enter(
                    ticket_id,
                    snapshot.now,
                    {name: self._blended(projections[name][ticket_id]) for name in projections},
                )
        return self._points(snapshot, projections[self.order.leader], learn)

    def _projectors(self, snapshot: QueueSnapshot) -> dict[str, Callable[[], Projection]]:
        """The projections in contest: the bound policy replayed (when bound), and the fixed orders."""
        due = due_order(snapshot.services, self.tier_credits.credits())
        stretches: dict[tuple, float] = {}
        projectors: dict[str, Callable[[], Projection]] = {}
        weights = self.replayed_weights
        if weights is not None:
            projectors["replay"] = lambda: self._replay(snapshot, weights, stretches)
        projectors["tier_fifo"] = lambda: self._project(snapshot, baseline_order, stretches)
        projectors["due"] = lambda: self._project(snapshot, due, stretches)
        return projectors

    def _points(
        self, snapshot: QueueSnapshot, projection: Projection, learn: bool
    ) -> dict[int, tuple[float, int] | None]:
        points: dict[int, tuple[float, int] | None] = {}
        for ticket_id, point in projection.items():
            if point is None:
                points[ticket_id] = None
                continue
            per_counter, pooled, position = point
            if learn:
                self.blend.enter(
                    ticket_id, snapshot.now, {w: w * per_counter + (1 - w) * pooled for w in BLEND_WEIGHTS}
                )
            points[ticket_id] = (self._blended(point), position)
        return points

    def _blended(self, point: tuple[float, float, int]) -> float:
        weight = self.blend.leader
        return weight * point[0] + (1.0 - weight) * point[1]

    def _settle(self, ticket: QueuedTicket, at: float) -> None:
        self.order.settle(ticket.ticket_id, at)
        self.blend.settle(ticket.ticket_id, at)

    def _residuals(self, snapshot: QueueSnapshot) -> dict[int, float]:
        """Seconds until each open or paused counter is expected free."""
        paused_ids = {c.counter_id for c in snapshot.paused_counters}
        return {
            c.counter_id: self._free_at(c, snapshot, c.counter_id in paused_ids) - snapshot.now
            for c in (*snapshot.open_counters, *snapshot.paused_counters)
        }

    def _replay(self, snapshot: QueueSnapshot, weights: UrgencyWeights, stretches: dict[tuple, float]) -> Projection:
        return replay_projection(
            snapshot,
            self._residuals(snapshot),
            weights,
            cost=lambda ticket, counter_id, at: self._cost(ticket, counter_id, at, snapshot),
            stretch=lambda ticket, able: self._overtake_stretch(ticket, able, snapshot, stretches),
        )

    def _project(self, snapshot: QueueSnapshot, order_key, stretches: dict[tuple, float]) -> Projection:
        """Projection of the line: a ticket is called once its able counters have worked off what is ahead.

        Two views are blended. Per counter (list scheduling): the ticket goes to the able counter that
        frees first. Pooled: treating residual service times as exponential, the first able counter
        frees after 1 / sum(1 / residual), and from then on the able counters share the work ahead,
        which in M/M/s is exactly (n + 1) / (s * mu).
        """
        now = snapshot.now
        open_ids = {c.counter_id for c in snapshot.open_counters}
        counters = [*snapshot.open_counters, *snapshot.paused_counters]
        residual = self._residuals(snapshot)
        work = dict.fromkeys(residual, 0.0)
        able_by_route: dict[tuple[str, int | None], list[int]] = {}
        seen: dict[str, int] = {}
        points: Projection = {}
        for ticket in sorted(snapshot.waiting, key=order_key):
            route = (ticket.service_code, ticket.target_counter_id)
            if route not in able_by_route:
                able_by_route[route] = [c.counter_id for c in counters if c.serves(ticket)]
            ids = able_by_route[route]
            position = seen.get(ticket.service_code, 0)
            seen[ticket.service_code] = position + 1
            if open_ids.isdisjoint(ids):
                points[ticket.ticket_id] = None
                continue
            chosen, per_counter, pooled = _call_delay(ids, residual, work)
            work[chosen] += self._cost(ticket, chosen, now + 0.5 * (per_counter + pooled), snapshot)
            stretch = self._overtake_stretch(ticket, ids, snapshot, stretches)
            points[ticket.ticket_id] = (per_counter * stretch, pooled * stretch, position)
        return points

    def _free_at(self, counter: CounterView, snapshot: QueueSnapshot, paused: bool) -> float:
        now = snapshot.now
        if paused:
            return now + self.pauses.remaining(counter.counter_id, now)
        if is_idle(counter, now):
            return now
        code = counter.serving_service_code
        if code is None or code not in snapshot.services or counter.serving_since is None:
            return max(now, counter.busy_until or now)
        configured = snapshot.services[code].mean_service_s
        return now + self.service_times.remaining(code, now - counter.serving_since, configured)

    def _cost(self, ticket: QueuedTicket, counter_id: int, called: float, snapshot: QueueSnapshot) -> float:
        """Expected time the counter spends on `ticket`: its service, or the skip if its holder left."""
        configured = snapshot.services[ticket.service_code].mean_service_s
        mean = self.service_times.mean(ticket.service_code, counter_id, configured, called)
        gone = self.abandonment.gone_probability(called - ticket.arrived_at)
        return (1.0 - gone) * mean + gone * NO_SHOW_SKIP_S

    def _overtake_stretch(
        self, ticket: QueuedTicket, able_ids: list[int], snapshot: QueueSnapshot, stretches: dict[tuple, float]
    ) -> float:
        """1 / (1 - share of the able counters' time that future higher-tier arrivals will take).

        Worked out once per route and tier for each snapshot (`stretches`, owned by the caller).
        """
        key = (ticket.service_code, ticket.priority, tuple(able_ids))
        cached = stretches.get(key)
        if cached is not None:
            return cached
        able = [c for c in (*snapshot.open_counters, *snapshot.paused_counters) if c.counter_id in able_ids]
        codes = {code for counter in able for code in counter.services}
        load = 0.0
        for code in codes:
            configured = snapshot.services[code].mean_service_s if code in snapshot.services else 0.0
            for tier in _HIGHER_TIERS[ticket.priority]:
                load += self.arrivals.per_second(code, tier, snapshot.now) * self.service_times.mean(
                    code, -1, configured
                )
        value = 1.0 / (1.0 - min(load / max(len(able), 1), MAX_OVERTAKE_LOAD))
        stretches[key] = value
        return value


def _call_delay(
    ids: list[int], residual: dict[int, float], work: dict[int, float]
) -> tuple[int, float, float]:
    """The able counter that will take the ticket, and the per-counter and pooled delays until it does."""
    chosen = min(ids, key=lambda i: residual[i] + work[i])
    per_counter = residual[chosen] + work[chosen]
    first_free = 0.0 if min(residual[i] for i in ids) <= 0.0 else 1.0 / sum(1.0 / residual[i] for i in ids)
    pooled = first_free + sum(work[i] for i in ids) / len(ids)
    return chosen, per_counter, pooled


_HIGHER_TIERS = {tier: [other for other in PriorityTier if other.rank < tier.rank] for tier in PriorityTier}
