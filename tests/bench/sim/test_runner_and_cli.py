"""One command runs a scenario under every policy and writes every figure the issue asks for."""

from __future__ import annotations

import json
from pathlib import Path

from bench.sim.cli import main
from bench.sim.runner import available_policies, run_benchmark
from bench.sim.scenario import load_scenario
from server.domain.calling import POLICIES
from server.domain.prediction import PREDICTORS

REALISTIC = Path("bench/scenarios/realistic.json")


def test_every_policy_the_server_offers_is_simulated_fifo_first():
    assert set(available_policies()) == set(POLICIES)
    assert available_policies()[0] == "fifo"


def test_policies_face_the_same_customers_and_get_their_own_learning_predictors():
    result = run_benchmark(load_scenario(REALISTIC), days=2, seed=3)
    counts = {name: report["customers"] for name, report in result["policies"].items()}
    assert len(set(counts.values())) == 1 and set(counts) == set(POLICIES)
    for report in result["policies"].values():
        assert set(report["predictors"]) == set(PREDICTORS)
        assert all(score["scored"] > 0 for score in report["predictors"].values())


def test_the_command_writes_the_documented_json(tmp_path, capsys):
    out = tmp_path / "result.json"
    assert main([str(REALISTIC), "--days", "1", "--seed", "4", "--json", str(out), "--policies", "fifo"]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    fifo = result["policies"]["fifo"]
    assert {"p50", "p90", "p95"} <= set(fifo["waits_s"])
    assert {"service_level", "waits_s"} <= set(fifo["services"]["A"])
    assert {"abandonment_rate", "appointment_punctuality", "by_hour"} <= set(fifo)
    assert {"mae_s", "rase", "coverage_80"} <= set(fifo["predictors"]["branchq"])
    assert "policy fifo" in capsys.readouterr().out


def test_a_broken_scenario_exits_with_the_field_named(tmp_path, capsys):
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps({"day": {"open": "09:00", "close": "17:00"}}), encoding="utf-8")
    assert main([str(broken)]) == 2
    assert "'services'" in capsys.readouterr().err


def test_an_unknown_policy_is_refused_with_the_choices(capsys):
    assert main([str(REALISTIC), "--days", "1", "--policies", "lottery"]) == 2
    assert "fifo" in capsys.readouterr().err
