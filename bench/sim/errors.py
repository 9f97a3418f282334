"""The simulator's exception tree, drawn once.

    SimulatorError
    ├── ScenarioError     a scenario file is unreadable, or a field is missing, unknown or out of range
    └── SimulationError   the domain code under test did something a branch cannot do

`branchq-sim` turns a `ScenarioError` into exit status 2 with the field named; a `SimulationError` is a
bug in a policy or predictor and is left to surface with its traceback.
"""

from __future__ import annotations


class SimulatorError(Exception):
    """Base of every error the simulator raises on purpose."""


class ScenarioError(SimulatorError, ValueError):
    """A scenario file is missing a field or holds a value the simulator cannot use."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"scenario field {field!r}: {problem}")
        self.field = field


class SimulationError(SimulatorError, RuntimeError):
    """The domain code under test did something the branch cannot do (e.g. called an ineligible ticket)."""
