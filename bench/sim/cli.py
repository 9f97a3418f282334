"""`branchq-sim SCENARIO --days N --seed S --json OUT`: run a scenario and write the benchmark figures."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from server.domain.errors import InvalidInput

from .runner import run_benchmark
from .scenario import ScenarioError, load_scenario


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="branchq-sim",
        description="Simulate branch days under every calling policy and score every wait predictor.",
    )
    parser.add_argument(
        "scenario", type=Path, help="scenario file (.json or .toml), e.g. bench/scenarios/mms.json"
    )
    parser.add_argument("--days", type=int, help="number of days (default: the scenario's)")
    parser.add_argument("--seed", type=int, help="random seed (default: the scenario's)")
    parser.add_argument("--json", type=Path, dest="json_out", help="write the full results here")
    parser.add_argument("--policies", help="comma-separated policy names (default: all the server offers)")
    parser.add_argument("--predictors", help="comma-separated predictor names (default: all)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.days is not None and args.days < 1:
        print("branchq-sim: --days must be at least 1", file=sys.stderr)
        return 2
    try:
        scenario = load_scenario(args.scenario)
        result = run_benchmark(
            scenario,
            days=args.days,
            seed=args.seed,
            policies=_names(args.policies),
            predictors=_names(args.predictors),
        )
    except ScenarioError as error:
        print(f"branchq-sim: {error}; fix the scenario file and run again", file=sys.stderr)
        return 2
    except InvalidInput as error:
        print(f"branchq-sim: {error.message}", file=sys.stderr)
        return 2
    if args.json_out is not None:
        args.json_out.parent.mkdir(parents=True, exist_ok=True)
        args.json_out.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    print(format_summary(result))
    return 0


def _names(text: str | None) -> list[str] | None:
    return None if text is None else [name.strip() for name in text.split(",") if name.strip()]


def format_summary(result: dict) -> str:
    """A few lines a person can read in a terminal; the JSON holds everything."""
    lines = [
        f"{result['scenario']}: {result['days']} days, seed {result['seed']}, {result['elapsed_s']:.1f} s"
    ]
    for policy, report in result["policies"].items():
        waits = report["waits_s"]
        lines.append(
            f"  policy {policy}: {report['customers']} customers, "
            f"abandonment {_pct(report['abandonment_rate'])}, "
            f"wait p50/p90/p95 {_min(waits['p50'])}/{_min(waits['p90'])}/{_min(waits['p95'])} min, "
            f"appointments on time {_pct(report['appointment_punctuality'])}"
        )
        for code, service in report["services"].items():
            lines.append(
                f"    service {code}: service level {_pct(service['service_level'])}, "
                f"p90 {_min(service['waits_s']['p90'])} min"
            )
        for name, score in report["predictors"].items():
            if score["scored"]:
                lines.append(
                    f"    predictor {name:8s} MAE {score['mae_s']:7.1f} s  RASE {score['rase']:.3f}  "
                    f"80% coverage {_pct(score['coverage_80'])}"
                )
    return "\n".join(lines)


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def _min(seconds: float | None) -> str:
    return "n/a" if seconds is None else f"{seconds / 60:.2f}"


if __name__ == "__main__":
    raise SystemExit(main())
