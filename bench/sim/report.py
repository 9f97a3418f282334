"""Markdown tables of benchmark results, for bench/README.md (so no figure there is typed by hand).

python -m bench.sim.report bench/results/mms.json bench/results/realistic.json bench/results/stressed.json
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

BASELINES = ("ql", "qlm", "les", "hol")


def predictor_table(results: list[dict]) -> str:
    lines = [
        "| scenario, policy | QL MAE / RASE | QLm | LES | HOL | **BranchQ** | BranchQ vs QL | BranchQ 80% coverage |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for result in results:
        for policy, report in result["policies"].items():
            scores = report["predictors"]
            cells = [f"{scores[name]['mae_s']:.1f} s / {scores[name]['rase']:.3f}" for name in BASELINES]
            ours, ql = scores["branchq"], scores["ql"]
            lines.append(
                f"| {result['scenario']} ({result['days']} d), {policy} | {' | '.join(cells)} "
                f"| **{ours['mae_s']:.1f} s / {ours['rase']:.3f}** "
                f"| MAE {_change(ours['mae_s'], ql['mae_s'])}, RASE {_change(ours['rase'], ql['rase'])} "
                f"| {100 * ours['coverage_80']:.1f}% |"
            )
    return "\n".join(lines)


def operations_table(results: list[dict]) -> str:
    lines = [
        "| scenario, policy | wait p50 / p90 / p95 (min) | service level | abandonment | appointments on time |",
        "|---|---|---|---|---|",
    ]
    for result in results:
        for policy, report in result["policies"].items():
            waits = report["waits_s"]
            levels = " / ".join(
                f"{code} {100 * service['service_level']:.1f}%"
                for code, service in report["services"].items()
            )
            punctuality = report["appointment_punctuality"]
            lines.append(
                f"| {result['scenario']}, {policy} | {waits['p50'] / 60:.2f} / {waits['p90'] / 60:.2f} / "
                f"{waits['p95'] / 60:.2f} | {levels} | {100 * report['abandonment_rate']:.1f}% | "
                f"{'-' if punctuality is None else f'{100 * punctuality:.1f}%'} |"
            )
    return "\n".join(lines)


def _change(value: float, reference: float) -> str:
    return f"{100 * (value / reference - 1):+.1f}%"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.sim.report", description="Markdown tables of results."
    )
    parser.add_argument("results", nargs="+", type=Path)
    args = parser.parse_args(argv)
    results = [json.loads(path.read_text(encoding="utf-8")) for path in args.results]
    print(predictor_table(results))
    print()
    print(operations_table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
