"""README tables are generated from results, one row per scenario and policy."""

from __future__ import annotations

from pathlib import Path

from bench.sim.report import operations_table, predictor_table
from bench.sim.runner import run_benchmark
from bench.sim.scenario import load_scenario


def test_tables_have_a_row_per_policy_with_the_figures_of_the_run():
    result = run_benchmark(load_scenario(Path("bench/scenarios/realistic.json")), days=1, seed=2)
    predictors, operations = predictor_table([result]), operations_table([result])
    for policy, report in result["policies"].items():
        ours = report["predictors"]["branchq"]
        assert f"realistic (1 d), {policy} |" in predictors
        assert f"**{ours['mae_s']:.1f} s / {ours['rase']:.3f}**" in predictors
        assert f"| realistic, {policy} | {report['waits_s']['p50'] / 60:.2f} /" in operations
