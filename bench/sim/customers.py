"""The customers of one simulated day, drawn once and replayed under every policy.

Common random numbers: each customer carries their own service work and patience, drawn from the day's
seed, so two policies face exactly the same people and a difference in waits is the policy's doing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from server.domain.enums import PriorityTier

from .scenario import Distribution, Scenario

DAY_SECONDS = 86_400.0


@dataclass(frozen=True, slots=True)
class Customer:
    customer_id: int
    service_code: str
    arrival_s: float
    """Seconds since the simulated epoch (day index x 86400 + time of day)."""
    priority: PriorityTier
    work_s: float
    """Service time at a counter of speed 1."""
    patience_s: float
    """How long they wait before leaving silently (inf: never)."""
    appointment_at: float | None = None


def sample_positive(
    rng: np.random.Generator, distribution: Distribution, mean: float, cv: float, size: int
) -> np.ndarray:
    """Draw `size` values with the given mean and coefficient of variation."""
    if distribution is Distribution.NONE or math.isinf(mean):
        return np.full(size, math.inf)
    if distribution is Distribution.DETERMINISTIC or cv == 0.0:
        return np.full(size, mean)
    if distribution is Distribution.EXPONENTIAL:
        return rng.exponential(mean, size)
    sigma2 = math.log1p(cv * cv)
    return rng.lognormal(math.log(mean) - sigma2 / 2.0, math.sqrt(sigma2), size)


def day_customers(scenario: Scenario, day_index: int, seed: int) -> list[Customer]:
    """All customers of day `day_index`, sorted by arrival (appointment no-shows never arrive)."""
    rng = np.random.default_rng([seed, day_index])
    day_start = day_index * DAY_SECONDS
    drafts: list[tuple[float, str]] = []
    for period in scenario.arrivals:
        hours = (period.end_min - period.start_min) / 60.0
        for code, rate in period.rates_per_hour.items():
            count = rng.poisson(rate * hours)
            for minute in rng.uniform(period.start_min, period.end_min, count):
                drafts.append((minute * 60.0, code))
    drafts.sort()
    customers = [
        _make_customer(scenario, rng, day_start, index, at, code) for index, (at, code) in enumerate(drafts)
    ]
    customers = [c for c in customers if c is not None]
    customers.sort(key=lambda c: c.arrival_s)
    return customers


def _make_customer(
    scenario: Scenario,
    rng: np.random.Generator,
    day_start: float,
    index: int,
    time_of_day_s: float,
    code: str,
) -> Customer | None:
    spec = scenario.service(code)
    work = float(sample_positive(rng, spec.distribution, spec.mean_service_min * 60.0, spec.cv, 1)[0])
    patience_spec = scenario.patience
    patience = float(
        sample_positive(rng, patience_spec.distribution, patience_spec.mean_min * 60.0, patience_spec.cv, 1)[
            0
        ]
    )
    tier_draw, booked_draw, show_draw, offset_draw = (
        rng.random(),
        rng.random(),
        rng.random(),
        rng.standard_normal(),
    )
    priority = _tier(scenario, tier_draw)
    customer_id = int(day_start // DAY_SECONDS) * 100_000 + index + 1
    appointments = scenario.appointments
    if booked_draw >= appointments.share.get(code, 0.0):
        return Customer(customer_id, code, day_start + time_of_day_s, priority, work, patience)
    if show_draw < appointments.no_show_rate:
        return None
    slot_s = appointments.slot_min * 60.0
    slot = math.floor(time_of_day_s / slot_s) * slot_s
    offset = (-appointments.early_mean_min + appointments.punctuality_sd_min * offset_draw) * 60.0
    arrival = min(max(slot + offset, scenario.open_min * 60.0), scenario.close_min * 60.0)
    return Customer(
        customer_id, code, day_start + arrival, priority, work, patience, appointment_at=day_start + slot
    )


def _tier(scenario: Scenario, draw: float) -> PriorityTier:
    if draw < scenario.priority_needs_share:
        return PriorityTier.PRIORITY_NEEDS
    if draw < scenario.priority_needs_share + scenario.vip_share:
        return PriorityTier.VIP
    return PriorityTier.REGULAR
