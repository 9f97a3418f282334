"""The calling benchmark's figures, on hand-made outcomes and on a short simulated run."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from bench.calling.frontier import (
    VARIANTS,
    build_policy,
    figures,
    run_policy,
    split_appointments,
    worst_service_level_change,
)
from bench.sim.customers import Customer
from bench.sim.engine import Outcome
from bench.sim.scenario import load_scenario
from server.domain.calling import BranchQPolicy, PriorityFifoPolicy
from server.domain.enums import PriorityTier

SLOT = 36_000.0
REALISTIC = Path(__file__).parents[3] / "bench" / "scenarios" / "realistic.json"


def outcome(
    checked_in: float, called: float | None, patience: float = math.inf, abandoned: bool = False
) -> Outcome:
    customer = Customer(1, "C", SLOT + checked_in, PriorityTier.REGULAR, 600.0, patience, appointment_at=SLOT)
    return Outcome(customer, called_at=None if called is None else SLOT + called, abandoned=abandoned)


def walk_in(
    service: str, waited: float, abandoned: bool = False, tier: PriorityTier = PriorityTier.REGULAR
) -> Outcome:
    customer = Customer(1, service, SLOT, tier, 300.0, math.inf)
    return Outcome(customer, called_at=SLOT + waited, abandoned=abandoned)


def test_split_counts_each_group_against_slot_plus_five_minutes() -> None:
    outcomes = [
        outcome(-300, 120),  # early, called 2 min after slot: punctual
        outcome(-300, 400),  # early, called 6:40 after slot: late
        outcome(-60, 200, patience=100, abandoned=True),  # left 40 s after slot, before the call
        outcome(120, 250),  # checked in late: only in "all booked"
        outcome(-60, None),  # never called: not counted
    ]
    split = split_appointments(outcomes)
    assert split.all_booked == 2 / 4
    assert split.checked_in_by_slot == 1 / 3
    assert split.still_waiting_at_grace == 1 / 2


def test_no_appointments_gives_nan_not_an_error() -> None:
    split = split_appointments([])
    assert math.isnan(split.all_booked)


def test_waits_count_served_customers_and_a_ghost_fails_the_service_level() -> None:
    outcomes = [walk_in("A", float(w)) for w in range(1, 101)]
    outcomes += [walk_in("B", 100.0), walk_in("B", 5000.0, abandoned=True)]
    row = figures("x", outcomes, {"A": 90.0, "B": 600.0})
    assert row.waits_s["max"] == 100.0  # the ghost's 5000 s is not a wait anyone had
    assert row.waits_s["p50"] == pytest.approx(51.0)
    assert row.waits_s["p99"] == pytest.approx(100.0, abs=1.0)
    assert row.service_levels == {"A": 90 / 100, "B": 1 / 2}
    assert row.abandonment == 1 / 102
    assert set(row.tier_p90_s) == {"regular"}


def test_worst_service_level_change_is_the_largest_loss_in_points() -> None:
    base = figures("fifo", [walk_in("A", 10.0), walk_in("B", 10.0)], {"A": 60.0, "B": 60.0})
    worse = figures("x", [walk_in("A", 10.0), walk_in("B", 100.0)], {"A": 60.0, "B": 60.0})
    assert worst_service_level_change(worse, base) == pytest.approx(-100.0)
    assert worst_service_level_change(base, base) == 0.0


def test_every_variant_builds_a_valid_policy() -> None:
    assert isinstance(build_policy("fifo"), PriorityFifoPolicy)
    for label in VARIANTS:
        assert isinstance(build_policy(label), BranchQPolicy)


def test_a_short_run_replays_the_same_customers_under_each_policy() -> None:
    scenario = load_scenario(REALISTIC)
    fifo, branchq = (run_policy(scenario, label, days=2, seed=3) for label in ("fifo", "branchq"))
    assert fifo.customers == branchq.customers > 500
    assert 0.0 <= branchq.waits_s["p90"] <= branchq.waits_s["p99"] <= branchq.waits_s["max"]
