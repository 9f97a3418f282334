"""Exact queueing formulas for staffing and for validating the simulator: Erlang C, Erlang A, Cobham.

Bank branches run a handful of counters, where the square-root staffing rule can be a counter off,
so everything here is computed exactly. Nothing uses raw factorials: Erlang C comes from the Erlang B
recursion and the Erlang A (M/M/s+M) chain is summed in log space, so 100 counters are as safe as 3.

Units are the caller's: rates and times only have to agree (per hour and hours, per second and seconds).
An overloaded Erlang C system (offered load >= servers) has no steady state; it is reported as
"everybody waits, forever" (probability 1, mean wait infinity) rather than refused, because staffing
searches walk through such counts on their way up.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from .errors import InvalidInput

_LOG_NEGLIGIBLE = 46.0
"""Terms smaller than the largest by e^-46 (about 1e-20) do not change a probability."""
_MAX_CHAIN_STATES = 200_000


@dataclass(frozen=True, slots=True)
class ErlangAResult:
    """Steady state of M/M/s+M (Erlang A): Poisson arrivals, exponential service and patience.

    Attributes:
        wait_probability: share of arrivals who find every counter busy and have to wait.
        abandon_probability: share of arrivals who leave before being served.
        mean_wait: mean time in queue over all arrivals (those who abandon count their time until leaving).
        mean_queue_length: mean number of customers waiting (not in service).
        utilization: mean share of counters busy.
    """

    wait_probability: float
    abandon_probability: float
    mean_wait: float
    mean_queue_length: float
    utilization: float


def erlang_b(servers: int, offered_load: float) -> float:
    """Blocking probability of M/M/s/s, by the stable recursion B(k) = aB(k-1) / (k + aB(k-1))."""
    _check_servers(servers)
    _check_non_negative(offered_load, "offered_load")
    blocking = 1.0
    for k in range(1, servers + 1):
        blocking = offered_load * blocking / (k + offered_load * blocking)
    return blocking


def erlang_c_wait_probability(servers: int, offered_load: float) -> float:
    """Probability that an arrival waits in M/M/s (Erlang C); 1.0 when the load reaches the servers."""
    _check_servers(servers)
    _check_non_negative(offered_load, "offered_load")
    if offered_load >= servers:
        return 1.0
    blocking = erlang_b(servers, offered_load)
    return servers * blocking / (servers - offered_load * (1.0 - blocking))


def erlang_c_mean_wait(servers: int, arrival_rate: float, service_rate: float) -> float:
    """Mean time in queue over all arrivals in M/M/s: C / (s*mu - lambda); infinity when unstable."""
    drain_rate = _drain_rate(servers, arrival_rate, service_rate)
    if drain_rate <= 0.0:
        return math.inf
    return erlang_c_wait_probability(servers, arrival_rate / service_rate) / drain_rate


def erlang_c_wait_within(servers: int, arrival_rate: float, service_rate: float, wait_limit: float) -> float:
    """P(Wq <= wait_limit) in M/M/s: 1 - C * exp(-(s*mu - lambda) * t); 0.0 when unstable."""
    _check_non_negative(wait_limit, "wait_limit")
    drain_rate = _drain_rate(servers, arrival_rate, service_rate)
    if drain_rate <= 0.0:
        return 0.0
    wait_probability = erlang_c_wait_probability(servers, arrival_rate / service_rate)
    return 1.0 - wait_probability * math.exp(-drain_rate * wait_limit)


def erlang_a(
    servers: int, arrival_rate: float, service_rate: float, abandonment_rate: float
) -> ErlangAResult:
    """Steady state of M/M/s+M, summed over its birth-death chain (Garnett, Mandelbaum & Reiman 2002)."""
    probabilities = _erlang_a_distribution(servers, arrival_rate, service_rate, abandonment_rate)
    wait_probability = math.fsum(probabilities[servers:])
    queue_length = math.fsum((k - servers) * p for k, p in enumerate(probabilities) if k > servers)
    busy = math.fsum(min(k, servers) * p for k, p in enumerate(probabilities))
    mean_wait = queue_length / arrival_rate if arrival_rate > 0 else 0.0
    abandon = abandonment_rate * queue_length / arrival_rate if arrival_rate > 0 else 0.0
    return ErlangAResult(
        wait_probability=wait_probability,
        abandon_probability=abandon,
        mean_wait=mean_wait,
        mean_queue_length=queue_length,
        utilization=busy / servers,
    )


def erlang_a_wait_within(
    servers: int, arrival_rate: float, service_rate: float, abandonment_rate: float, wait_limit: float
) -> float:
    """P(Wq <= t) in M/M/s+M, where Wq is the time actually spent waiting (until service or leaving).

    Wq = min(V, patience) with V the wait an infinitely patient arrival would have; patience is
    independent of V, so P(Wq > t) = P(V > t) * exp(-theta * t).
    """
    offered_beyond = _erlang_a_offered_wait_beyond(
        servers, arrival_rate, service_rate, abandonment_rate, wait_limit
    )
    return 1.0 - offered_beyond * math.exp(-abandonment_rate * wait_limit)


def erlang_a_served_within(
    servers: int, arrival_rate: float, service_rate: float, abandonment_rate: float, wait_limit: float
) -> float:
    """Share of arrivals who reach a counter within `wait_limit` (those who leave count as failures).

    This is the service level a branch target speaks of: "80% of customers served within 10 minutes".
    """
    return _arrival_absorption(
        servers,
        arrival_rate,
        service_rate,
        abandonment_rate,
        wait_limit,
        own_abandonment_rate=abandonment_rate,
    )


def cobham_priority_waits(
    servers: int, arrival_rates: Sequence[float], service_rate: float
) -> tuple[float, ...]:
    """Mean queue waits per class of M/M/s with non-preemptive priority, highest class first (Cobham 1954).

    W_k = C(s, a) / (s*mu * (1 - sigma_{k-1}) * (1 - sigma_k)), sigma_k the load of classes 1..k. All
    classes share one service rate, which is what makes the M/M/s form exact. A class whose cumulative
    load reaches the servers waits forever (infinity).
    """
    if not arrival_rates:
        raise InvalidInput(
            "give at least one class arrival rate", field="arrival_rates", code="staffing.no_arrival_rates",
        )
    for rate in arrival_rates:
        _check_non_negative(rate, "arrival_rates")
    total_rate = math.fsum(arrival_rates)
    capacity = _capacity(servers, service_rate)
    wait_probability = erlang_c_wait_probability(servers, total_rate / service_rate)
    waits: list[float] = []
    higher_load = 0.0
    for rate in arrival_rates:
        load = higher_load + rate / capacity
        if load >= 1.0:
            waits.append(math.inf)
        else:
            waits.append(wait_probability / (capacity * (1.0 - higher_load) * (1.0 - load)))
        higher_load = load
    return tuple(waits)


def square_root_staffing(offered_load: float, quality: float) -> int:
    """Borst-Mandelbaum-Reiman rule of thumb s = ceil(a + beta*sqrt(a)); kept for comparison only."""
    _check_non_negative(offered_load, "offered_load")
    return max(1, math.ceil(offered_load + quality * math.sqrt(offered_load)))


def _erlang_a_distribution(
    servers: int, arrival_rate: float, service_rate: float, abandonment_rate: float
) -> list[float]:
    """Stationary probabilities of the number in system, truncated where the tail is negligible."""
    _check_servers(servers)
    _check_non_negative(arrival_rate, "arrival_rate")
    _check_positive(service_rate, "service_rate")
    _check_positive(abandonment_rate, "abandonment_rate")
    if arrival_rate == 0.0:
        return [1.0] + [0.0] * servers
    log_terms = [0.0]
    log_arrival = math.log(arrival_rate)
    peak = 0.0
    k = 0
    while True:
        k += 1
        death_rate = min(k, servers) * service_rate + max(k - servers, 0) * abandonment_rate
        step = log_arrival - math.log(death_rate)
        log_terms.append(log_terms[-1] + step)
        peak = max(peak, log_terms[-1])
        if k >= servers and step < 0.0 and log_terms[-1] < peak - _LOG_NEGLIGIBLE:
            break
        if k >= _MAX_CHAIN_STATES:
            raise InvalidInput(
                "abandonment is too slow for this overload; check the patience and arrival rates",
                field="abandonment_rate", code="staffing.abandonment_too_slow",
            )
    weights = [math.exp(term - peak) for term in log_terms]
    total = math.fsum(weights)
    return [w / total for w in weights]


def _erlang_a_offered_wait_beyond(
    servers: int, arrival_rate: float, service_rate: float, abandonment_rate: float, wait_limit: float
) -> float:
    """P(V > t): the wait of an infinitely patient arrival exceeds t."""
    served = _arrival_absorption(
        servers, arrival_rate, service_rate, abandonment_rate, wait_limit, own_abandonment_rate=0.0
    )
    return 1.0 - served


def _arrival_absorption(
    servers: int,
    arrival_rate: float,
    service_rate: float,
    abandonment_rate: float,
    wait_limit: float,
    own_abandonment_rate: float,
) -> float:
    """P(an arrival reaches a counter within t), by uniformizing the queue ahead of it.

    An arrival who finds j people waiting moves up at rate s*mu + i*theta while i are ahead of it, and
    reaches a counter after j+1 such steps (a pure-death chain); it leaves itself at `own_abandonment_rate`.
    """
    _check_non_negative(wait_limit, "wait_limit")
    probabilities = _erlang_a_distribution(servers, arrival_rate, service_rate, abandonment_rate)
    immediate = math.fsum(probabilities[:servers])
    ahead = probabilities[servers:]
    if not ahead or wait_limit == 0.0:
        return immediate
    capacity = servers * service_rate
    move_rates = [capacity + i * abandonment_rate for i in range(len(ahead))]
    uniform_rate = move_rates[-1] + own_abandonment_rate
    served_mass = _uniformized_served_mass(ahead, move_rates, own_abandonment_rate, uniform_rate, wait_limit)
    return immediate + served_mass


def _uniformized_served_mass(
    start: list[float], move_rates: list[float], leave_rate: float, uniform_rate: float, horizon: float
) -> float:
    """Mass absorbed at "served" by `horizon` in the pure-death chain, by uniformization."""
    mean_jumps = uniform_rate * horizon
    move = [rate / uniform_rate for rate in move_rates]
    stay = [1.0 - (rate + leave_rate) / uniform_rate for rate in move_rates]
    state = list(start)
    served_by_step = 0.0
    result = 0.0
    log_poisson = -mean_jumps
    cumulative_poisson = 0.0
    for step in range(int(mean_jumps + 12.0 * math.sqrt(mean_jumps) + 40) + 1):
        if step > 0:
            served_by_step += state[0] * move[0]
            state = _death_step(state, move, stay)
            log_poisson += math.log(mean_jumps) - math.log(step)
        weight = math.exp(log_poisson)
        result += weight * served_by_step
        cumulative_poisson += weight
    return result + max(0.0, 1.0 - cumulative_poisson) * served_by_step


def _death_step(state: list[float], move: list[float], stay: list[float]) -> list[float]:
    """One uniformized jump: each state keeps its `stay` share and hands its `move` share one step down."""
    shifted = [state[i] * stay[i] for i in range(len(state))]
    for i in range(len(state) - 1):
        shifted[i] += state[i + 1] * move[i + 1]
    return shifted


def _drain_rate(servers: int, arrival_rate: float, service_rate: float) -> float:
    _check_non_negative(arrival_rate, "arrival_rate")
    return _capacity(servers, service_rate) - arrival_rate


def _capacity(servers: int, service_rate: float) -> float:
    _check_servers(servers)
    _check_positive(service_rate, "service_rate")
    return servers * service_rate


def _check_servers(servers: int) -> None:
    if isinstance(servers, bool) or not isinstance(servers, int) or servers < 1:
        raise InvalidInput(
            f"servers must be a whole number of counters >= 1, got {servers!r}", field="servers",
            code="staffing.servers_invalid", params={"value": repr(servers)},
        )


def _check_non_negative(value: float, name: str) -> None:
    if not math.isfinite(value) or value < 0.0:
        raise InvalidInput(
            f"{name} must be a finite number >= 0, got {value!r}", field=name,
            code="staffing.not_non_negative", params={"name": name, "value": repr(value)},
        )


def _check_positive(value: float, name: str) -> None:
    if not math.isfinite(value) or value <= 0.0:
        raise InvalidInput(
            f"{name} must be a finite number > 0, got {value!r}", field=name,
            code="staffing.not_positive", params={"name": name, "value": repr(value)},
        )
