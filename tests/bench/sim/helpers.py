"""Scenario builders and a recording predictor shared by the simulator's tests."""

from __future__ import annotations

from typing import Any

from bench.sim.scenario import Scenario, parse_scenario
from server.domain.prediction import LearningHooks, WaitEstimate
from server.domain.queue import QueuedTicket, QueueSnapshot


def single_service(
    counters: int = 3,
    per_hour: float = 150.0,
    mean_service_min: float = 1.0,
    hours: int = 40,
    **extra: Any,
) -> Scenario:
    """One exponential service, `counters` identical counters, Poisson arrivals over a long day."""
    data: dict[str, Any] = {
        "day": {"open": "00:00", "close": f"{hours:02d}:00"},
        "services": [
            {
                "code": "A",
                "mean_service_min": mean_service_min,
                "distribution": "exponential",
                "target_wait_min": 0.5,
            }
        ],
        "counters": [{"id": i, "skills": ["A"]} for i in range(1, counters + 1)],
        "arrivals": [{"from": "00:00", "to": f"{hours:02d}:00", "rates": {"A": per_hour}}],
        "patience": {"distribution": "none"},
        "no_show_skip_s": 0,
    }
    data.update(extra)
    return parse_scenario(data)


class RecordingPredictor(LearningHooks):
    """Predicts nothing useful; remembers every hook call so tests can check what the engine reported."""

    name = "recording"

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []
        self.snapshots: list[QueueSnapshot] = []

    def predict(self, snapshot: QueueSnapshot) -> dict[int, WaitEstimate | None]:
        self.snapshots.append(snapshot)
        return {t.ticket_id: WaitEstimate(1.0, 0.0, 2.0, 0) for t in snapshot.waiting}

    def observe_arrival(self, ticket: QueuedTicket) -> None:
        self.calls.append(("arrival", ticket.ticket_id))

    def observe_service(
        self, service_code: str, counter_id: int, started_at: float, duration_s: float
    ) -> None:
        self.calls.append(("service", (service_code, counter_id, started_at, duration_s)))

    def observe_wait(self, ticket: QueuedTicket, called_at: float) -> None:
        self.calls.append(("wait", (ticket.ticket_id, called_at)))

    def observe_abandonment(self, ticket: QueuedTicket, at: float) -> None:
        self.calls.append(("abandonment", (ticket.ticket_id, at)))
