"""Exact Erlang C / Erlang A / Cobham formulas, checked against the reference numbers in queueing.md
(confirmed there with the ciw simulator) and against identities that tie the formulas together."""

from __future__ import annotations

import math

import pytest

from server.domain.erlang import (
    ErlangAResult,
    cobham_priority_waits,
    erlang_a,
    erlang_a_served_within,
    erlang_a_wait_within,
    erlang_b,
    erlang_c_mean_wait,
    erlang_c_wait_probability,
    erlang_c_wait_within,
    square_root_staffing,
)
from server.domain.errors import InvalidInput


class TestErlangC:
    def test_mm3_reference_numbers(self) -> None:
        assert erlang_c_wait_probability(3, 2.5) == pytest.approx(0.7022, abs=1e-4)
        assert erlang_c_mean_wait(3, 2.5, 1.0) == pytest.approx(1.4045, abs=1e-4)
        assert erlang_c_wait_within(3, 2.5, 1.0, 0.5) == pytest.approx(0.4531, abs=1e-4)

    def test_single_server_is_rho(self) -> None:
        # M/M/1: P(wait) = rho and Wq = rho / (mu - lambda), by hand.
        assert erlang_c_wait_probability(1, 0.6) == pytest.approx(0.6)
        assert erlang_c_mean_wait(1, 0.6, 1.0) == pytest.approx(0.6 / 0.4)

    def test_erlang_b_by_hand(self) -> None:
        # B(2, 1) = (1/2) / (1 + 1 + 1/2) = 0.2
        assert erlang_b(2, 1.0) == pytest.approx(0.2)

    def test_bank_case_needs_eight_counters_where_square_root_says_seven(self) -> None:
        offered_load = 46 / 10  # 46 arrivals an hour, 6-minute service
        needed = next(s for s in range(1, 30) if erlang_c_wait_probability(s, offered_load) <= 0.2)
        assert needed == 8
        assert erlang_c_wait_probability(7, offered_load) > 0.2
        assert square_root_staffing(offered_load, 1.0) == 7

    def test_stable_for_a_hundred_counters(self) -> None:
        probability = erlang_c_wait_probability(100, 95.0)
        assert 0.0 < probability < 1.0
        assert math.isfinite(erlang_c_mean_wait(300, 290.0, 1.0))

    def test_overload_means_everybody_waits_forever(self) -> None:
        assert erlang_c_wait_probability(3, 3.0) == 1.0
        assert erlang_c_mean_wait(3, 3.5, 1.0) == math.inf
        assert erlang_c_wait_within(3, 3.5, 1.0, 10.0) == 0.0

    @pytest.mark.parametrize(
        ("servers", "load", "field"),
        [(0, 1.0, "servers"), (2, -1.0, "offered_load"), (2, math.nan, "offered_load")],
    )
    def test_bad_input_names_the_field(self, servers: int, load: float, field: str) -> None:
        with pytest.raises(InvalidInput) as caught:
            erlang_c_wait_probability(servers, load)
        assert caught.value.field == field


class TestErlangA:
    def test_reference_abandonment(self) -> None:
        result = erlang_a(3, 2.5, 1.0, 0.5)
        assert isinstance(result, ErlangAResult)
        assert result.abandon_probability == pytest.approx(0.1305, abs=1e-4)

    def test_littles_law_and_flow_balance(self) -> None:
        result = erlang_a(3, 2.5, 1.0, 0.5)
        served_rate = 2.5 * (1.0 - result.abandon_probability)
        assert result.utilization * 3 == pytest.approx(served_rate / 1.0, rel=1e-9)
        assert result.mean_wait == pytest.approx(result.mean_queue_length / 2.5)

    def test_tends_to_erlang_c_when_nobody_leaves(self) -> None:
        patient = erlang_a(3, 2.5, 1.0, 1e-7)
        assert patient.wait_probability == pytest.approx(0.7022, abs=1e-4)
        assert patient.mean_wait == pytest.approx(1.4045, abs=1e-3)
        assert erlang_a_wait_within(3, 2.5, 1.0, 1e-7, 0.5) == pytest.approx(0.4531, abs=1e-4)

    def test_wait_distribution_integrates_to_the_mean_wait(self) -> None:
        # E[W] = integral of P(W > t) dt, by Simpson's rule over 250 steps of 0.1.
        step, steps = 0.1, 250
        tail = [1.0 - erlang_a_wait_within(3, 2.5, 1.0, 0.5, k * step) for k in range(steps + 1)]
        inner = sum((4 if k % 2 else 2) * tail[k] for k in range(1, steps))
        integral = step / 3 * (tail[0] + inner + tail[-1])
        assert integral == pytest.approx(erlang_a(3, 2.5, 1.0, 0.5).mean_wait, rel=1e-4)

    def test_served_within_a_long_time_is_everyone_who_stays(self) -> None:
        result = erlang_a(3, 2.5, 1.0, 0.5)
        assert erlang_a_served_within(3, 2.5, 1.0, 0.5, 60.0) == pytest.approx(1 - result.abandon_probability)
        assert erlang_a_served_within(3, 2.5, 1.0, 0.5, 0.0) == pytest.approx(1 - result.wait_probability)

    def test_served_within_agrees_with_the_offered_wait_distribution(self) -> None:
        # Served within t = no wait + integral over (0, t] of exp(-theta s) dP(V <= s), V the offered wait.
        theta, horizon, steps = 0.5, 1.5, 600
        edges = [horizon * k / steps for k in range(steps + 1)]
        offered = [
            1.0 - (1.0 - erlang_a_wait_within(3, 2.5, 1.0, theta, t)) * math.exp(theta * t) for t in edges
        ]
        integral = sum(
            math.exp(-theta * (edges[k] + edges[k + 1]) / 2) * (offered[k + 1] - offered[k])
            for k in range(steps)
        )
        expected = offered[0] + integral
        assert erlang_a_served_within(3, 2.5, 1.0, theta, horizon) == pytest.approx(expected, rel=1e-4)

    def test_served_within_is_below_waited_within(self) -> None:
        # Leaving early counts as "waited less than t" but never as "served within t".
        assert erlang_a_served_within(3, 2.5, 1.0, 0.5, 0.5) < erlang_a_wait_within(3, 2.5, 1.0, 0.5, 0.5)

    def test_overload_is_finite_with_abandonment(self) -> None:
        result = erlang_a(4, 8.0, 1.0, 0.5)
        assert 0.4 < result.abandon_probability < 1.0
        assert result.utilization == pytest.approx(1.0, abs=0.02)

    def test_stable_for_a_hundred_counters(self) -> None:
        result = erlang_a(100, 95.0, 1.0, 0.1)
        assert 0.0 < result.abandon_probability < result.wait_probability < 1.0
        assert 0.0 < erlang_a_served_within(100, 95.0, 1.0, 0.1, 0.3) < 1.0

    def test_refuses_zero_patience_rate(self) -> None:
        with pytest.raises(InvalidInput) as caught:
            erlang_a(3, 2.5, 1.0, 0.0)
        assert caught.value.field == "abandonment_rate"


class TestCobham:
    def test_reference_two_classes(self) -> None:
        high, low = cobham_priority_waits(3, [1.0, 1.5], 1.0)
        assert high == pytest.approx(0.3511, abs=1e-4)
        assert low == pytest.approx(2.107, abs=1e-3)

    def test_conservation_of_work(self) -> None:
        # With equal service rates the load-weighted mean wait equals plain FIFO's (Kleinrock).
        rates = [0.5, 0.7, 1.3]
        waits = cobham_priority_waits(3, rates, 1.0)
        mean = sum(r * w for r, w in zip(rates, waits, strict=True)) / sum(rates)
        assert mean == pytest.approx(erlang_c_mean_wait(3, sum(rates), 1.0))

    def test_low_class_starves_when_high_classes_fill_the_counters(self) -> None:
        high, low = cobham_priority_waits(2, [1.5, 0.6], 1.0)
        assert math.isfinite(high)
        assert low == math.inf

    def test_needs_a_class(self) -> None:
        with pytest.raises(InvalidInput):
            cobham_priority_waits(3, [], 1.0)
