"""Plots of benchmark results for bench/README.md.

    python -m bench.sim.figures bench/results/realistic.json ... --out bench/figures

Reads the JSON `branchq-sim` writes; draws, per scenario, predictor error, waits through the day and
service level per service (PNG, matplotlib's headless backend).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np


def draw_all(result: dict, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    name = result["scenario"]
    return [
        _save(_predictor_figure(result), out_dir / f"{name}_predictors.png"),
        _save(_hourly_figure(result), out_dir / f"{name}_by_hour.png"),
        _save(_service_level_figure(result), out_dir / f"{name}_service_levels.png"),
    ]


def _save(figure, path: Path) -> Path:
    figure.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(figure)
    return path


def _predictor_figure(result: dict):
    policies = list(result["policies"])
    predictors = list(next(iter(result["policies"].values()))["predictors"])
    figure, axes = plt.subplots(1, 3, figsize=(13, 3.8))
    metrics = (("mae_s", "MAE (s)"), ("rase", "RASE"), ("coverage_80", "80% interval coverage"))
    width = 0.8 / max(len(policies), 1)
    for axis, (key, label) in zip(axes, metrics):
        for index, policy in enumerate(policies):
            scores = result["policies"][policy]["predictors"]
            values = [scores[p][key] or 0.0 for p in predictors]
            axis.bar(np.arange(len(predictors)) + index * width, values, width, label=f"policy {policy}")
        axis.set_xticks(np.arange(len(predictors)) + width * (len(policies) - 1) / 2, predictors)
        axis.set_title(label)
        if key == "coverage_80":
            axis.axhspan(0.75, 0.85, color="green", alpha=0.12)
            axis.set_ylim(0, 1)
    axes[0].legend(fontsize=8)
    figure.suptitle(f"{result['scenario']}: wait predictors ({result['days']} days, scored at ticket time)")
    return figure


def _hourly_figure(result: dict):
    figure, (waits, abandons) = plt.subplots(1, 2, figsize=(11, 3.8))
    for index, (policy, report) in enumerate(result["policies"].items()):
        color = f"C{index}"
        hours = sorted(report["by_hour"])
        rows = [report["by_hour"][h] for h in hours]
        x = [int(h) for h in hours]
        waits.plot(
            x,
            [(r["waits_s"]["mean"] or 0) / 60 for r in rows],
            marker="o",
            color=color,
            label=f"{policy} mean",
        )
        waits.plot(
            x,
            [(r["waits_s"]["p90"] or 0) / 60 for r in rows],
            linestyle="--",
            color=color,
            label=f"{policy} p90",
        )
        abandons.plot(
            x, [100 * (r["abandonment_rate"] or 0) for r in rows], marker="o", color=color, label=policy
        )
    waits.set(title="Wait of served customers by arrival hour", xlabel="hour", ylabel="minutes")
    abandons.set(title="Silent abandonment by arrival hour", xlabel="hour", ylabel="% of tickets")
    waits.legend(fontsize=8)
    abandons.legend(fontsize=8)
    return figure


def _service_level_figure(result: dict):
    policies = list(result["policies"])
    services = list(next(iter(result["policies"].values()))["services"])
    figure, axis = plt.subplots(figsize=(7, 3.6))
    width = 0.8 / max(len(policies), 1)
    for index, policy in enumerate(policies):
        levels = [100 * (result["policies"][policy]["services"][s]["service_level"] or 0) for s in services]
        axis.bar(np.arange(len(services)) + index * width, levels, width, label=policy)
    labels = [
        f"{s}\n(target {result['policies'][policies[0]]['services'][s]['target_wait_s'] / 60:.0f} min)"
        for s in services
    ]
    axis.set_xticks(np.arange(len(services)) + width * (len(policies) - 1) / 2, labels)
    axis.set(
        ylabel="% served within target",
        ylim=(0, 100),
        title=f"{result['scenario']}: service level per service",
    )
    axis.legend(fontsize=8)
    return figure


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.sim.figures", description="Plot branchq-sim results."
    )
    parser.add_argument("results", nargs="+", type=Path, help="JSON files written by branchq-sim --json")
    parser.add_argument("--out", type=Path, default=Path("bench/figures"))
    args = parser.parse_args(argv)
    for path in args.results:
        for written in draw_all(json.loads(path.read_text(encoding="utf-8")), args.out):
            print(written)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
