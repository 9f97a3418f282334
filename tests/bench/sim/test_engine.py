"""How a simulated day behaves: ghosts, breaks, hooks, and the policy kept honest."""

from __future__ import annotations

import pytest

from bench.sim.customers import Customer, day_customers
from bench.sim.engine import SimulationError, simulate_day
from bench.sim.scenario import Scenario, parse_scenario
from server.domain.calling import CallDecision, make_policy
from server.domain.enums import PriorityTier

from .helpers import RecordingPredictor, single_service


def _customer(
    customer_id: int, at_s: float, work_s: float = 600.0, patience_s: float = float("inf")
) -> Customer:
    return Customer(customer_id, "A", at_s, PriorityTier.REGULAR, work_s, patience_s)


def test_a_customer_who_left_is_skipped_at_call_time_and_costs_the_skip():
    scenario = single_service(counters=1, hours=2, no_show_skip_s=45)
    people = [_customer(1, 0.0), _customer(2, 10.0, patience_s=60.0), _customer(3, 20.0)]
    recorder = RecordingPredictor()
    outcomes = {
        o.customer.customer_id: o
        for o in simulate_day(scenario, 0, people, make_policy("fifo"), {"r": recorder})
    }
    assert outcomes[2].abandoned and outcomes[2].called_at == 600.0
    assert outcomes[3].called_at == 645.0 and outcomes[3].served
    assert ("abandonment", (2, 600.0)) in recorder.calls
    assert [c for c in recorder.calls if c[0] == "wait"] == [("wait", (1, 0.0)), ("wait", (3, 645.0))]


def test_services_are_reported_with_their_real_duration():
    scenario = single_service(counters=1, hours=1)
    recorder = RecordingPredictor()
    simulate_day(scenario, 0, [_customer(1, 5.0, work_s=123.0)], make_policy("fifo"), {"r": recorder})
    assert ("service", ("A", 1, 5.0, 123.0)) in recorder.calls


def test_predictors_see_busy_counters_with_expected_end_but_not_the_true_one():
    scenario = single_service(counters=1, hours=1, mean_service_min=5.0)
    recorder = RecordingPredictor()
    simulate_day(
        scenario,
        0,
        [_customer(1, 0.0, work_s=900.0), _customer(2, 60.0)],
        make_policy("fifo"),
        {"r": recorder},
    )
    counter = recorder.snapshots[-1].open_counters[0]
    assert (
        counter.busy_until == 300.0 and counter.serving_since == 0.0 and counter.serving_service_code == "A"
    )


def test_a_counter_on_break_calls_nobody_and_shows_as_paused():
    scenario = parse_scenario(
        {
            "day": {"open": "00:00", "close": "02:00"},
            "services": [{"code": "A", "mean_service_min": 1, "target_wait_min": 1}],
            "counters": [{"skills": ["A"], "breaks": [{"start": "00:10", "minutes": 20}]}],
            "arrivals": [{"from": "00:00", "to": "02:00", "rates": {"A": 1}}],
        }
    )
    recorder = RecordingPredictor()
    outcomes = simulate_day(
        scenario, 0, [_customer(1, 700.0, work_s=30.0)], make_policy("fifo"), {"r": recorder}
    )
    assert outcomes[0].called_at == 1800.0
    assert recorder.snapshots[0].paused_counters and not recorder.snapshots[0].open_counters


def test_every_policy_faces_the_same_customers():
    scenario = single_service(hours=3)
    customers = day_customers(scenario, 0, seed=5)
    assert customers == day_customers(scenario, 0, seed=5)
    fifo = simulate_day(scenario, 0, customers, make_policy("fifo"))
    other = simulate_day(scenario, 0, customers, make_policy("fifo"))
    assert [o.customer for o in fifo] == [o.customer for o in other]
    assert [o.called_at for o in fifo] == [o.called_at for o in other]


class _CallsTheWrongTicket:
    name = "rogue"

    def choose(self, counter, snapshot):
        return CallDecision(ticket_id=999_999, policy=self.name, reason="made up")


def test_a_policy_calling_a_ticket_that_is_not_waiting_is_caught():
    scenario = single_service(counters=1, hours=1)
    with pytest.raises(SimulationError, match="rogue"):
        simulate_day(scenario, 0, [_customer(1, 0.0)], _CallsTheWrongTicket())


def _two_service_branch(close_b: str) -> Scenario:
    return parse_scenario(
        {
            "day": {"open": "00:00", "close": "01:00"},
            "services": [
                {"code": "A", "mean_service_min": 10, "target_wait_min": 5},
                {"code": "B", "mean_service_min": 10, "target_wait_min": 5},
            ],
            "counters": [{"id": 1, "skills": ["A"]}, {"id": 2, "skills": ["B"], "close": close_b}],
            "arrivals": [{"from": "00:00", "to": "01:00", "rates": {"A": 1}}],
        }
    )


def test_counters_closing_with_the_doors_serve_every_ticket_already_issued():
    scenario = _two_service_branch(close_b="01:00")
    people = [_customer(i, 3000.0 + i, work_s=900.0) for i in (1, 2, 3)]
    outcomes = simulate_day(scenario, 0, people, make_policy("fifo"))
    assert [o.called_at for o in outcomes] == [3001.0, 3901.0, 4801.0]


def test_a_ticket_only_an_early_closing_counter_could_serve_is_never_called():
    scenario = _two_service_branch(close_b="00:30")
    late_b = Customer(9, "B", 2400.0, PriorityTier.REGULAR, 60.0, float("inf"))
    early_b = Customer(8, "B", 600.0, PriorityTier.REGULAR, 1500.0, float("inf"))
    outcomes = {
        o.customer.customer_id: o for o in simulate_day(scenario, 0, [early_b, late_b], make_policy("fifo"))
    }
    assert outcomes[8].called_at == 600.0 and outcomes[8].served
    assert outcomes[9].called_at is None
