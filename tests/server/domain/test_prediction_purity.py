"""`predict` changes no state; learning happens only in the `observe_*` hooks (including `observe_queue`)."""

from __future__ import annotations

import copy
from collections import deque
from typing import Any

import numpy as np
import pytest

from server.domain.calling import BranchQPolicy
from server.domain.enums import PriorityTier
from server.domain.prediction import PREDICTORS, make_predictor
from server.domain.queue import CounterView, QueuedTicket, QueueSnapshot, ServiceProfile

SERVICES = {"A": ServiceProfile("A", 600.0, 240.0), "B": ServiceProfile("B", 900.0, 600.0)}


def _line(now: float) -> QueueSnapshot:
    waiting = tuple(
        QueuedTicket(i, "A" if i % 3 else "B", now - 60.0 * i, PriorityTier.REGULAR, enqueued_at=now - 60.0 * i)
        for i in range(1, 30)
    )
    counters = (CounterView(1, ("A", "B"), now + 100.0, "A", now - 50.0), CounterView(2, ("B",)))
    return QueueSnapshot(now, waiting, SERVICES, counters, (CounterView(3, ("A",)),))


def _state(value: Any) -> Any:
    """Everything a predictor holds, as plain comparable values."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, dict):
        return {key: _state(item) for key, item in value.items()}
    if isinstance(value, list | tuple | deque):
        return [_state(item) for item in value]
    if hasattr(value, "__dict__") and not callable(value):
        return {"type": type(value).__name__, **_state(vars(value))}
    if hasattr(value, "__slots__"):
        return {slot: _state(getattr(value, slot, None)) for slot in value.__slots__}
    return value


def _trained(name: str):  # type: ignore[no-untyped-def]
    predictor = make_predictor(name, policy=BranchQPolicy())
    for day in range(60):
        snapshot = _line(1_000_000.0 + day * 3600.0)
        predictor.observe_queue(snapshot)
        for ticket in snapshot.waiting[:5]:
            predictor.observe_arrival(ticket)
            predictor.observe_wait(ticket, snapshot.now + 300.0 + ticket.ticket_id)
            predictor.observe_service(ticket.service_code, 1, snapshot.now, 200.0 + ticket.ticket_id)
        predictor.observe_abandonment(snapshot.waiting[6], snapshot.now + 100.0)
    return predictor


@pytest.mark.parametrize("name", sorted(PREDICTORS))
def test_predicting_twice_changes_nothing_and_answers_the_same(name: str) -> None:
    predictor = _trained(name)
    snapshot = _line(2_000_000.0)
    before = _state(predictor)
    first = predictor.predict(snapshot)
    second = predictor.predict(snapshot)
    assert first == second
    assert _state(predictor) == before


@pytest.mark.parametrize("name", sorted(PREDICTORS))
def test_observing_the_line_learns_and_predict_then_repeats_what_was_published(name: str) -> None:
    predictor = _trained(name)
    snapshot = _line(2_000_000.0)
    untouched = copy.deepcopy(predictor)
    published = predictor.observe_queue(snapshot)
    assert _state(predictor) != _state(untouched)  # first estimates of new tickets remembered
    assert predictor.predict(snapshot) == published
