"""The server feeds its branch predictor what happens, live and from history, through the observe hooks."""

from __future__ import annotations

import pytest

from server.domain import prediction
from server.domain.wait_model import LearningHooks
from tests.server.conftest import BASE, Floor
from tests.helpers import ENGLISH


class RecordingPredictor(LearningHooks):
    """A predictor that estimates nothing and writes down every hook call, in order."""

    name = "recording"
    calls: list[tuple[str, object]] = []

    def predict(self, snapshot):  # type: ignore[no-untyped-def]
        return {ticket.ticket_id: None for ticket in snapshot.waiting}

    def observe_arrival(self, ticket):  # type: ignore[no-untyped-def]
        self.calls.append(("arrival", ticket.ticket_id))

    def observe_wait(self, ticket, called_at):  # type: ignore[no-untyped-def]
        self.calls.append(("wait", ticket.ticket_id, round(called_at - ticket.arrived_at)))

    def observe_service(self, service_code, counter_id, started_at, duration_s):  # type: ignore[no-untyped-def]
        self.calls.append(("service", service_code, counter_id, round(duration_s)))

    def observe_abandonment(self, ticket, at):  # type: ignore[no-untyped-def]
        self.calls.append(("abandoned", ticket.ticket_id))


@pytest.fixture
def recording(monkeypatch, container):  # type: ignore[no-untyped-def]
    monkeypatch.setitem(prediction.PREDICTORS, "recording", RecordingPredictor)
    RecordingPredictor.calls = []
    from server.db.models import Branch

    with container.db.write() as session:
        session.query(Branch).filter(Branch.code == "demo").update({"wait_predictor": "recording"})
    return RecordingPredictor.calls


def test_live_changes_reach_the_predictor_hooks_in_order(recording, floor: Floor, clock):
    floor.open(1, "teller1")
    served = floor.issue("cash")
    left = floor.issue("cash")
    cancelled = floor.issue("fx")
    clock.advance(minutes=2)
    floor.call(1, "teller1")
    floor.act(served["id"], "start", "teller1")
    clock.advance(minutes=5)
    floor.act(served["id"], "finish", "teller1")
    floor.call(1, "teller1")
    floor.act(left["id"], "no-show", "teller1")
    floor.client.post(f"{BASE}/tickets/{cancelled['token']}/cancel")
    assert recording == [
        ("arrival", served["id"]),
        ("arrival", left["id"]),
        ("arrival", cancelled["id"]),
        ("wait", served["id"], 120),
        ("service", "cash", 1, 300),
        ("abandoned", left["id"]),
        ("abandoned", cancelled["id"]),
    ]


def test_a_new_engine_learns_the_branch_history_first(recording, floor: Floor, clock, container):
    floor.open(1, "teller1")
    ticket = floor.issue("cash")
    clock.advance(minutes=1)
    floor.call(1, "teller1")
    floor.act(ticket["id"], "start", "teller1")
    clock.advance(minutes=7)
    floor.act(ticket["id"], "finish", "teller1")
    live = list(recording)
    recording.clear()
    from server.services.lookups import branch_by_code
    from server.services.queue_engines import QueueEngines

    fresh = QueueEngines(container.db, clock)
    with container.db.read() as session:
        fresh.for_branch(branch_by_code(session, "demo"))
    assert recording == live == [("arrival", ticket["id"]), ("wait", ticket["id"], 60), ("service", "cash", 1, 420)]


def test_the_branchq_predictor_learns_slow_service_from_history(floor: Floor, clock, container, client):
    """Cash is configured at 4 minutes but really takes 12; a restarted server already knows it."""
    floor.open(1, "teller1")
    for _ in range(30):
        ticket = floor.issue("cash")
        floor.call(1, "teller1")
        floor.act(ticket["id"], "start", "teller1")
        clock.advance(minutes=12)
        floor.act(ticket["id"], "finish", "teller1")
    floor.issue("cash")
    floor.issue("cash")
    from fastapi.testclient import TestClient

    from server.api.app import create_app
    from server.container import build_container

    restarted = build_container(container.settings, clock=clock, migrate=False)
    with TestClient(create_app(restarted, background_jobs=False), headers=ENGLISH) as fresh_client:
        learned = fresh_client.get(f"{BASE}/branches/demo/services").json()["services"][0]
    restarted.close()
    assert learned["code"] == "cash"
    assert learned["estimated_wait_s"] > 2 * 4 * 60 * 1.5  # far more than the configured 4 minutes suggest


def test_call_next_explains_its_choice_with_numbers(floor: Floor, clock):
    floor.open(1, "teller1")
    floor.issue("cash")
    clock.advance(minutes=6)
    called = floor.call(1, "teller1").json()
    assert called["call_reason"] and isinstance(called["call_facts"], dict) and called["call_facts"]


def test_the_branch_predictor_projects_the_line_with_the_branch_policy(container, clock):
    from server.services.lookups import branch_by_code
    from server.services.queue_engines import QueueEngines

    engines = QueueEngines(container.db, clock)
    with container.db.read() as session:
        engine = engines.for_branch(branch_by_code(session, "demo"))
    assert engine.policy.name == "branchq" and engine.predictor.name == "branchq"
    assert engine.predictor.replayed_weights == engine.policy.weights
    assert engine.predictor.order.leader == "replay"  # until its own errors say otherwise
