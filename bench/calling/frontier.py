"""`python -m bench.calling.frontier SCENARIO`: FIFO against BranchQ and its variants, same customers.

The calling targets pull against each other at equal staffing (a shorter p90 costs the p99; short
services first costs the long services their service level; honouring appointments costs walk-ins), so
one run is not enough to judge a weighting. This prints, for the same simulated customers, FIFO, the
BranchQ defaults and a set of variants (`VARIANTS`: each changes a few `UrgencyWeights` fields), with the
wait percentiles up to the maximum, abandonment, service level per service, the p90 wait per priority
tier, and appointment punctuality three ways: all appointments, those who checked in by their slot, and
those among them who were still willing to wait at slot + 5 minutes (the simulator gives appointment
holders the same patience as walk-ins, so some leave before their own slot).
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import numpy as np

from bench.sim.customers import day_customers
from bench.sim.engine import Outcome, simulate_day
from bench.sim.metrics import PUNCTUALITY_GRACE_S
from bench.sim.scenario import Scenario, load_scenario
from server.domain.calling import BranchQPolicy, CallingPolicy, PriorityFifoPolicy
from server.domain.urgency_policy import UrgencyWeights

UNSTAGED = {"wait_goal_s": 0.0, "past_target_factor": 1.0, "wait_cap_s": 0.0}

VARIANTS: dict[str, dict[str, float]] = {
    "branchq": {},
    "no stages (wait/target only)": UNSTAGED,
    "previous default": {
        **UNSTAGED,
        "scarcity_weight": 0.5,
        "speed_exponent": 0.3,
        "appointment_pull_margin_s": 300.0,
    },
    "goal 6 min": {"wait_goal_s": 360.0},
    "goal 8 min": {"wait_goal_s": 480.0},
    "past-target factor 0.5": {"past_target_factor": 0.5},
    "past-target factor 0.7": {"past_target_factor": 0.7},
    "past-target factor 1": {"past_target_factor": 1.0},
    "cap 20 min": {"wait_cap_s": 1200.0},
    "cap 25 min": {"wait_cap_s": 1500.0},
    "c-mu 0": {"speed_exponent": 0.0},
    "c-mu 0.4": {"speed_exponent": 0.4},
    "scarcity 0.5": {"scarcity_weight": 0.5},
}
"""BranchQ variants by label: the changes from the defaults. "previous default" is the earlier release."""


@dataclass(frozen=True, slots=True)
class AppointmentSplit:
    all_booked: float
    checked_in_by_slot: float
    still_waiting_at_grace: float


@dataclass(frozen=True, slots=True)
class PolicyFigures:
    """The figures of one policy over one run; waits are those of served customers, in seconds."""

    label: str
    customers: int
    waits_s: dict[str, float]
    abandonment: float
    service_levels: dict[str, float]
    tier_p90_s: dict[str, float]
    appointments: AppointmentSplit


def build_policy(label: str) -> CallingPolicy:
    if label == "fifo":
        return PriorityFifoPolicy()
    return BranchQPolicy(replace(UrgencyWeights(), **VARIANTS[label]))


def run_policy(scenario: Scenario, label: str, days: int, seed: int) -> PolicyFigures:
    policy = build_policy(label)
    outcomes: list[Outcome] = []
    for day in range(days):
        outcomes.extend(simulate_day(scenario, day, day_customers(scenario, day, seed), policy, {}))
    return figures(label, outcomes, {s.code: s.target_wait_min * 60.0 for s in scenario.services})


def figures(label: str, outcomes: Sequence[Outcome], targets_s: Mapping[str, float]) -> PolicyFigures:
    """Percentiles, abandonment, service levels (within target / called) and punctuality of one run."""
    served = [o for o in outcomes if o.served]
    waits = np.asarray([o.wait_s for o in served], dtype=float)
    levels = {}
    for code, target in targets_s.items():
        called = [o for o in outcomes if o.customer.service_code == code and o.called_at is not None]
        within = sum(1 for o in called if o.served and o.wait_s <= target)  # type: ignore[operator]
        levels[code] = within / len(called) if called else math.nan
    tiers = sorted({o.customer.priority.value for o in served})
    return PolicyFigures(
        label=label,
        customers=len(outcomes),
        waits_s=wait_figures(waits),
        abandonment=sum(o.abandoned for o in outcomes) / max(len(outcomes), 1),
        service_levels=levels,
        tier_p90_s={
            tier: float(np.percentile([o.wait_s for o in served if o.customer.priority.value == tier], 90))
            for tier in tiers
        },
        appointments=split_appointments([o for o in outcomes if o.customer.appointment_at is not None]),
    )


def wait_figures(waits: np.ndarray) -> dict[str, float]:
    if waits.size == 0:
        return {key: math.nan for key in ("mean", "p50", "p90", "p95", "p99", "max")}
    p50, p90, p95, p99 = np.percentile(waits, (50, 90, 95, 99))
    return {
        "mean": float(waits.mean()),
        "p50": float(p50),
        "p90": float(p90),
        "p95": float(p95),
        "p99": float(p99),
        "max": float(waits.max()),
    }


def split_appointments(outcomes: Sequence[Outcome]) -> AppointmentSplit:
    """Share of appointments served and called no later than the grace after their slot, three ways."""
    called = [o for o in outcomes if o.called_at is not None]
    on_time = [o for o in called if o.customer.arrival_s <= _slot(o)]
    patient = [o for o in on_time if o.customer.arrival_s + o.customer.patience_s >= _deadline(o)]
    return AppointmentSplit(_punctual_share(called), _punctual_share(on_time), _punctual_share(patient))


def _slot(outcome: Outcome) -> float:
    assert outcome.customer.appointment_at is not None
    return outcome.customer.appointment_at


def _deadline(outcome: Outcome) -> float:
    return _slot(outcome) + PUNCTUALITY_GRACE_S


def _punctual_share(outcomes: Sequence[Outcome]) -> float:
    if not outcomes:
        return float("nan")
    punctual = sum(1 for o in outcomes if o.served and o.called_at <= _deadline(o))  # type: ignore[operator]
    return punctual / len(outcomes)


def format_row(row: PolicyFigures, baseline: PolicyFigures | None) -> str:
    waits, split = row.waits_s, row.appointments
    levels = " ".join(f"{code}:{level * 100:.1f}" for code, level in row.service_levels.items())
    tiers = " ".join(f"{tier[:3]}:{p90:.0f}" for tier, p90 in row.tier_p90_s.items())
    text = (
        f"{row.label:<30} p50/90/95/99/max {waits['p50']:4.0f} {waits['p90']:4.0f} {waits['p95']:4.0f} "
        f"{waits['p99']:5.0f} {waits['max']:5.0f} s  mean {waits['mean']:4.0f}  abandon "
        f"{row.abandonment * 100:5.2f}%  appt {split.all_booked * 100:4.1f}/"
        f"{split.checked_in_by_slot * 100:4.1f}/{split.still_waiting_at_grace * 100:4.1f}%  "
        f"SL {levels}  tier p90 {tiers}"
    )
    if baseline is not None:
        text += (
            f"  | p90 {_change(row, baseline, 'p90'):+.1f}%, p99 {_change(row, baseline, 'p99'):+.1f}%, "
            f"worst SL change {worst_service_level_change(row, baseline):+.1f} pts"
        )
    return text


def _change(row: PolicyFigures, baseline: PolicyFigures, key: str) -> float:
    return 100 * (row.waits_s[key] / baseline.waits_s[key] - 1)


def worst_service_level_change(row: PolicyFigures, baseline: PolicyFigures) -> float:
    """Largest loss of service level of any service against the baseline, in points (negative: a loss)."""
    return min(100 * (row.service_levels[c] - baseline.service_levels[c]) for c in row.service_levels)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.calling.frontier", description=__doc__.split("\n")[0]
    )
    parser.add_argument("scenario", type=Path)
    parser.add_argument("--days", type=int, default=100)
    parser.add_argument("--seed", type=int, default=99)
    parser.add_argument(
        "--variants",
        nargs="*",
        default=list(VARIANTS),
        help=f"labels of VARIANTS (default: all): {list(VARIANTS)}",
    )
    parser.add_argument("--jobs", type=int, default=1, help="policies simulated in parallel processes")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.variants) - set(VARIANTS))
    if unknown:
        parser.error(f"unknown variants {unknown}; choose from {list(VARIANTS)}")
    scenario = load_scenario(args.scenario)
    labels = ["fifo", *args.variants]
    print(
        f"{scenario.name}: {args.days} days, seed {args.seed}; waits of served customers; "
        "appt = all / checked in by slot / still waiting at +5 min",
        flush=True,
    )
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        rows = list(
            pool.map(run_policy, *zip(*((scenario, label, args.days, args.seed) for label in labels)))
        )
    for row in rows:
        print(format_row(row, rows[0] if row is not rows[0] else None))
    if args.json is not None:
        document = {
            "scenario": scenario.name,
            "days": args.days,
            "seed": args.seed,
            "policies": [asdict(r) for r in rows],
        }
        args.json.write_text(json.dumps(document, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
