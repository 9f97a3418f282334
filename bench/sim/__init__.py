"""The BranchQ branch simulator: scenario files in, benchmark figures out.

It drives the server's own calling policies and wait predictors (`server.domain`) with a simulated
clock, so what it measures is what a branch would run.
"""

from .customers import Customer, day_customers
from .engine import BranchDay, Outcome, service_profiles, simulate_day
from .errors import ScenarioError, SimulationError, SimulatorError
from .metrics import OutcomeTable, score_predictor, summarize
from .runner import available_policies, available_predictors, run_benchmark
from .scenario import Distribution, Scenario, load_scenario, parse_scenario

__all__ = [
    "BranchDay",
    "Customer",
    "Distribution",
    "Outcome",
    "OutcomeTable",
    "Scenario",
    "ScenarioError",
    "SimulationError",
    "SimulatorError",
    "available_policies",
    "available_predictors",
    "day_customers",
    "load_scenario",
    "parse_scenario",
    "run_benchmark",
    "score_predictor",
    "service_profiles",
    "simulate_day",
    "summarize",
]
