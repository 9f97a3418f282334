"""The appointment punctuality split of the calling benchmark, on hand-made outcomes."""

from __future__ import annotations

import math

from bench.calling.frontier import split_appointments
from bench.sim.customers import Customer
from bench.sim.engine import Outcome
from server.domain.enums import PriorityTier

SLOT = 36_000.0


def outcome(
    checked_in: float, called: float | None, patience: float = math.inf, abandoned: bool = False
) -> Outcome:
    customer = Customer(1, "C", SLOT + checked_in, PriorityTier.REGULAR, 600.0, patience, appointment_at=SLOT)
    return Outcome(customer, called_at=None if called is None else SLOT + called, abandoned=abandoned)


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
