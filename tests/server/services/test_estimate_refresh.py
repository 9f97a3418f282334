"""Estimates off the write path: refreshed after commit, coalesced per branch; after-commit work isolated."""

from __future__ import annotations

import logging
import threading

import pytest

from server.db.models import Branch, Event
from server.domain import prediction
from server.domain.wait_model import LearningHooks, WaitEstimate
from tests.server.conftest import BASE, Floor


class GatedPredictor(LearningHooks):
    """Estimates 300 s for everyone; `observe_queue` can be held shut to pile up refresh requests."""

    name = "gated"
    gate = threading.Event()
    entered = threading.Event()
    refreshes = 0
    writer_held_while_learning: list[bool] = []
    writer_lock: threading.Lock | None = None

    def predict(self, snapshot):  # type: ignore[no-untyped-def]
        return {t.ticket_id: WaitEstimate(300.0 + 60.0 * i, 200.0, 400.0, i) for i, t in enumerate(snapshot.waiting)}

    def observe_queue(self, snapshot):  # type: ignore[no-untyped-def]
        type(self).refreshes += 1
        type(self).entered.set()
        assert type(self).gate.wait(10)
        return self.predict(snapshot)

    def observe_arrival(self, ticket):  # type: ignore[no-untyped-def]
        lock = type(self).writer_lock
        type(self).writer_held_while_learning.append(bool(lock and lock.locked()))


class FailingPredictor(LearningHooks):
    name = "failing"

    def predict(self, snapshot):  # type: ignore[no-untyped-def]
        return {t.ticket_id: None for t in snapshot.waiting}

    def observe_arrival(self, ticket):  # type: ignore[no-untyped-def]
        raise RuntimeError("predictor hook broke")

    def observe_queue(self, snapshot):  # type: ignore[no-untyped-def]
        raise RuntimeError("re-estimating broke")


def _use(container, monkeypatch, predictor: type) -> int:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(prediction.PREDICTORS, predictor.name, predictor)
    with container.db.write() as session:
        branch = session.query(Branch).filter(Branch.code == "demo").one()
        branch.wait_predictor = predictor.name
        return branch.id


@pytest.fixture
def gated(container, monkeypatch):  # type: ignore[no-untyped-def]
    GatedPredictor.gate = threading.Event()
    GatedPredictor.entered = threading.Event()
    GatedPredictor.refreshes = 0
    GatedPredictor.writer_held_while_learning = []
    GatedPredictor.writer_lock = container.db._sqlite_writer
    branch_id = _use(container, monkeypatch, GatedPredictor)
    yield branch_id
    GatedPredictor.gate.set()


def test_a_burst_of_changes_leads_to_a_few_refreshes_not_one_each(container, gated) -> None:
    refresher = container.estimates
    first = refresher.request(gated)
    assert GatedPredictor.entered.wait(10)  # one refresh is running, held at the gate
    later = [refresher.request(gated) for _ in range(30)]
    GatedPredictor.gate.set()
    assert refresher.refreshed(gated, later[-1]) is not None
    refresher.settle()
    assert first < later[-1]
    assert GatedPredictor.refreshes == 2  # the running one, and one more for all thirty


def test_the_issue_answer_keeps_the_new_tickets_estimate_and_the_log_gets_it(client, container, gated) -> None:
    GatedPredictor.gate.set()
    floor = Floor(client, container)
    floor.issue("cash")
    second = floor.issue("cash")
    assert (second["position"], second["estimated_wait_s"]) == (1, 360)
    container.estimates.settle()
    with container.db.read() as session:
        events = session.query(Event).filter(Event.type == "estimates.changed").order_by(Event.seq).all()
    pushed = {entry["ticket_id"]: entry["estimated_wait_s"] for event in events for entry in event.payload["estimates"]}
    assert pushed[second["id"]] == 360


def test_the_predictor_learns_outside_the_write_transaction(client, container, gated) -> None:
    GatedPredictor.gate.set()
    Floor(client, container).issue("cash")
    container.estimates.settle()
    assert GatedPredictor.writer_held_while_learning == [False]


def test_teaching_from_history_happens_before_the_write_transaction(client, container, gated) -> None:
    GatedPredictor.gate.set()
    floor = Floor(client, container)
    floor.issue("cash")
    floor.issue("fx")
    container.estimates.settle()
    GatedPredictor.writer_held_while_learning.clear()
    container.engines._slots.clear()  # as after a restart: the next change builds and teaches the engine
    floor.issue("cash")
    assert GatedPredictor.writer_held_while_learning  # history replayed, then the live arrival
    assert not any(GatedPredictor.writer_held_while_learning)


def test_a_committed_change_never_answers_500_when_work_after_commit_fails(
    client, container, monkeypatch, caplog
) -> None:
    _use(container, monkeypatch, FailingPredictor)
    floor = Floor(client, container)
    with caplog.at_level(logging.ERROR):
        issued = floor.issue("cash")
        container.estimates.settle()
    assert issued["number"] and issued["estimated_wait_s"] is None
    assert client.get(f"{BASE}/tickets/{issued['token']}").status_code == 200
    messages = [record.getMessage() for record in caplog.records]
    assert any("after-commit action failed" in message for message in messages)
    assert any("re-estimating branch" in message for message in messages)


def test_a_failing_publisher_does_not_fail_the_change(client, container, monkeypatch, caplog) -> None:
    def broken(events):  # type: ignore[no-untyped-def]
        raise RuntimeError("hub down")

    monkeypatch.setattr(container.hub, "publish", broken)
    with caplog.at_level(logging.ERROR):
        issued = Floor(client, container).issue("cash")
    assert issued["number"]
    assert any("publishing events failed" in record.getMessage() for record in caplog.records)
