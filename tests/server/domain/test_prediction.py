"""Wait predictors: textbook baselines give textbook numbers; BranchQ learns what the line shows it."""

from __future__ import annotations

import pytest

from server.domain.enums import PriorityTier
from server.domain.errors import InvalidInput
from server.domain.prediction import PREDICTORS, WaitPredictor, make_predictor
from server.domain.queue import CounterView, QueuedTicket, QueueSnapshot, ServiceProfile

SERVICES = {"A": ServiceProfile("A", target_wait_s=600.0, mean_service_s=300.0)}


def _busy(counter_id: int, now: float = 1000.0) -> CounterView:
    return CounterView(
        counter_id, ("A",), busy_until=now + 200.0, serving_service_code="A", serving_since=now - 100.0
    )


def _line(count: int, now: float = 1000.0, counters: int = 2) -> QueueSnapshot:
    waiting = [QueuedTicket(i, "A", arrived_at=now - 100.0 + i) for i in range(1, count + 1)]
    return QueueSnapshot(now, waiting, SERVICES, [_busy(c, now) for c in range(1, counters + 1)])


def test_every_registered_predictor_fits_the_protocol_and_is_built_by_name():
    assert set(PREDICTORS) == {"ql", "qlm", "les", "hol", "branchq"}
    for name in PREDICTORS:
        assert isinstance(make_predictor(name), WaitPredictor)


def test_an_unknown_predictor_name_is_refused_with_the_choices():
    with pytest.raises(InvalidInput, match="branchq"):
        make_predictor("oracle")


def test_ql_is_people_ahead_plus_one_over_capacity():
    estimates = make_predictor("ql").predict(_line(3))
    assert [estimates[i].expected_s for i in (1, 2, 3)] == [150.0, 300.0, 450.0]
    assert [estimates[i].position for i in (1, 2, 3)] == [0, 1, 2]


def test_an_idle_counter_means_no_wait_for_the_first_in_line():
    snapshot = QueueSnapshot(0.0, [QueuedTicket(1, "A", 0.0)], SERVICES, [CounterView(1, ("A",))])
    for name in PREDICTORS:
        assert make_predictor(name).predict(snapshot)[1].expected_s == pytest.approx(0.0, abs=1e-6), name


def test_nobody_open_for_the_service_gives_no_estimate():
    snapshot = QueueSnapshot(0.0, [QueuedTicket(1, "A", 0.0)], SERVICES, [CounterView(1, ("B",))])
    for name in PREDICTORS:
        assert make_predictor(name).predict(snapshot)[1] is None, name


def test_qlm_shortens_the_wait_once_it_has_seen_tickets_abandoned():
    predictor = make_predictor("qlm")
    before = predictor.predict(_line(10))[10].expected_s
    for i in range(200):
        ticket = QueuedTicket(10_000 + i, "A", arrived_at=0.0)
        if i % 3 == 0:
            predictor.observe_abandonment(ticket, 600.0)
        else:
            predictor.observe_wait(ticket, 600.0)
    assert predictor.predict(_line(10))[10].expected_s < 0.9 * before


def test_les_repeats_the_last_wait_and_hol_reads_the_head_of_the_line():
    les, hol = make_predictor("les"), make_predictor("hol")
    les.observe_wait(QueuedTicket(99, "A", arrived_at=0.0), 420.0)
    assert les.predict(_line(3))[3].expected_s == 420.0
    assert hol.predict(_line(3))[3].expected_s == pytest.approx(100.0 - 1.0)


def test_vip_tickets_are_ahead_of_regular_ones_for_the_baselines():
    snapshot = _line(3)
    vip = QueuedTicket(4, "A", arrived_at=snapshot.now, priority=PriorityTier.VIP)
    snapshot = QueueSnapshot(snapshot.now, [*snapshot.waiting, vip], SERVICES, snapshot.open_counters)
    assert make_predictor("ql").predict(snapshot)[4].position == 0


def test_branchq_learns_a_service_faster_than_configured():
    predictor = make_predictor("branchq")
    untrained = predictor.predict(_line(6))[6].expected_s
    for i in range(200):
        predictor.observe_service("A", 1 + i % 2, started_at=float(i), duration_s=150.0)
    trained = predictor.predict(_line(6))[6].expected_s
    assert trained < 0.7 * untrained


def test_branchq_corrects_its_bias_from_its_own_errors():
    predictor = make_predictor("branchq")
    for round_number in range(300):
        snapshot = _line(1, now=1000.0 + round_number * 10_000.0)
        predictor.observe_queue(snapshot)
        predictor.observe_wait(snapshot.waiting[0], snapshot.now + 2000.0)
    estimate = predictor.predict(_line(1, now=5_000_000.0))[1]
    assert estimate.expected_s == pytest.approx(2000.0, rel=0.01)
    assert estimate.low_s == pytest.approx(2000.0, rel=0.01) and estimate.high_s == pytest.approx(
        2000.0, rel=0.01
    )


def test_an_interval_covers_the_spread_of_past_errors():
    predictor = make_predictor("ql")
    for round_number in range(200):
        snapshot = _line(1, now=1000.0 + round_number * 10_000.0)
        predictor.observe_queue(snapshot)
        predictor.observe_wait(snapshot.waiting[0], snapshot.now + 50.0 + 5.0 * (round_number % 100))
    estimate = predictor.predict(_line(1, now=5_000_000.0))[1]
    assert estimate.expected_s == 150.0
    assert estimate.low_s == pytest.approx(100.0, abs=10.0) and estimate.high_s == pytest.approx(
        500.0, abs=10.0
    )
