"""`python -m bench.calling.frontier SCENARIO`: FIFO against BranchQ at several c-mu strengths.

The calling targets pull against each other at equal staffing (shorter p90 by serving short services
first costs the long services their service level; honouring appointments costs walk-ins), so one run
is not enough to judge a weighting. This prints, for the same simulated customers, FIFO and BranchQ at
a few `speed_exponent` values, with the figures of the issue's targets, and splits appointment
punctuality into all appointments, those who checked in by their slot, and those among them who were
still willing to wait at slot + 5 minutes (the simulator gives appointment holders the same patience as
walk-ins, so some leave before their own slot).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from bench.sim.customers import day_customers
from bench.sim.engine import Outcome, simulate_day
from bench.sim.metrics import PUNCTUALITY_GRACE_S, OutcomeTable, summarize
from bench.sim.scenario import Scenario, load_scenario
from server.domain.calling import BranchQPolicy, CallingPolicy, PriorityFifoPolicy
from server.domain.urgency_policy import UrgencyWeights

DEFAULT_SPEED_EXPONENTS = (0.0, 0.3, 0.5, 0.8)


@dataclass(frozen=True, slots=True)
class AppointmentSplit:
    all_booked: float
    checked_in_by_slot: float
    still_waiting_at_grace: float


def run_policy(
    scenario: Scenario, policy: CallingPolicy, days: int, seed: int
) -> tuple[dict, AppointmentSplit]:
    table = OutcomeTable([])
    outcomes: list[Outcome] = []
    for day in range(days):
        day_outcomes = simulate_day(scenario, day, day_customers(scenario, day, seed), policy, {})
        table.extend(day_outcomes)
        outcomes.extend(o for o in day_outcomes if o.customer.appointment_at is not None)
    return summarize(table, scenario), split_appointments(outcomes)


def split_appointments(outcomes: Sequence[Outcome]) -> AppointmentSplit:
    """Share of appointments served and called no later than the grace after their slot, three ways."""
    called = [o for o in outcomes if o.called_at is not None]
    on_time = [o for o in called if o.customer.arrival_s <= o.customer.appointment_at]  # type: ignore[operator]
    patient = [o for o in on_time if o.customer.arrival_s + o.customer.patience_s >= _deadline(o)]
    return AppointmentSplit(_punctual_share(called), _punctual_share(on_time), _punctual_share(patient))


def _deadline(outcome: Outcome) -> float:
    assert outcome.customer.appointment_at is not None
    return outcome.customer.appointment_at + PUNCTUALITY_GRACE_S


def _punctual_share(outcomes: Sequence[Outcome]) -> float:
    if not outcomes:
        return float("nan")
    punctual = sum(1 for o in outcomes if o.served and o.called_at <= _deadline(o))  # type: ignore[operator]
    return punctual / len(outcomes)


def format_row(label: str, report: dict, split: AppointmentSplit, baseline: dict | None) -> str:
    waits = report["waits_s"]
    levels = " ".join(f"{code}:{s['service_level'] * 100:.1f}" for code, s in report["services"].items())
    row = (
        f"{label:<22} p90 {waits['p90']:6.0f} s  abandon {report['abandonment_rate'] * 100:5.2f}%  "
        f"appt {split.all_booked * 100:5.1f}/{split.checked_in_by_slot * 100:5.1f}/"
        f"{split.still_waiting_at_grace * 100:5.1f}%  SL {levels}"
    )
    if baseline is not None:
        change = 100 * (waits["p90"] / baseline["waits_s"]["p90"] - 1)
        worst = min(
            (s["service_level"] - baseline["services"][code]["service_level"]) * 100
            for code, s in report["services"].items()
        )
        row += f"  | p90 {change:+.1f}%, worst SL change {worst:+.1f} pts"
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.calling.frontier", description=__doc__.split("\n")[0]
    )
    parser.add_argument("scenario", type=Path)
    parser.add_argument("--days", type=int, default=100)
    parser.add_argument("--seed", type=int, default=99)
    parser.add_argument("--speed", type=float, nargs="*", default=list(DEFAULT_SPEED_EXPONENTS))
    args = parser.parse_args(argv)
    scenario = load_scenario(args.scenario)
    baseline, split = run_policy(scenario, PriorityFifoPolicy(), args.days, args.seed)
    print(
        f"{scenario.name}: {args.days} days, seed {args.seed}; "
        "appt = all / checked in by slot / still waiting at +5 min"
    )
    print(format_row("fifo", baseline, split, None))
    for exponent in args.speed:
        weights = replace(UrgencyWeights(), speed_exponent=exponent)
        report, split = run_policy(scenario, BranchQPolicy(weights), args.days, args.seed)
        print(format_row(f"branchq speed={exponent:g}", report, split, baseline), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
