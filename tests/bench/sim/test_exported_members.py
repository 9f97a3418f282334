"""The simulator's public face lists exactly what it exports, and every listed name exists."""

from __future__ import annotations

import bench.sim
import server.domain.prediction


def test_every_name_in_all_exists():
    for module in (bench.sim, server.domain.prediction):
        missing = [name for name in module.__all__ if not hasattr(module, name)]
        assert not missing, f"{module.__name__} lists missing names {missing}"


def test_the_simulator_exports_its_entry_points():
    assert {"run_benchmark", "simulate_day", "load_scenario", "ScenarioError", "SimulationError"} <= set(
        bench.sim.__all__
    )
