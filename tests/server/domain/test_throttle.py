"""The failure throttle: locks a key after repeated failures, longer each time, driven by the clock."""

from datetime import timedelta

from server.domain.throttle import Throttle, ThrottlePolicy
from tests.helpers import START

POLICY = ThrottlePolicy(max_failures=3, window=timedelta(minutes=10), lockout=timedelta(minutes=5),
                        max_lockout=timedelta(minutes=30), forget_after=timedelta(hours=24))


def fail(throttle, key, times, at=START):  # type: ignore[no-untyped-def]
    return [throttle.record_failure(key, at) for _ in range(times)]


def test_the_nth_failure_locks_the_key_for_the_lockout():
    throttle = Throttle(POLICY)
    assert fail(throttle, "account:a", 3) == [None, None, 300]
    assert throttle.retry_after("account:a", START) == 300
    assert throttle.retry_after("account:a", START + timedelta(seconds=299.5)) == 1
    assert throttle.retry_after("account:a", START + timedelta(minutes=5)) is None
    assert throttle.retry_after("account:b", START) is None


def test_lockouts_grow_until_the_cap_and_a_success_forgives():
    throttle = Throttle(POLICY)
    now = START
    lengths = []
    for _ in range(4):
        lengths.append(fail(throttle, "k", 3, now)[-1])
        now += timedelta(hours=1)
    assert lengths == [300, 600, 1200, 1800]
    throttle.record_success("k")
    assert fail(throttle, "k", 3, now)[-1] == 300


def test_failures_outside_the_window_do_not_count():
    throttle = Throttle(POLICY)
    fail(throttle, "k", 2)
    assert throttle.record_failure("k", START + timedelta(minutes=11)) is None
    assert throttle.retry_after("k", START + timedelta(minutes=11)) is None


def test_a_quiet_day_forgets_past_lockouts():
    throttle = Throttle(POLICY)
    fail(throttle, "k", 3)
    assert fail(throttle, "k", 3, START + timedelta(days=1))[-1] == 300


def test_remembered_keys_are_bounded():
    throttle = Throttle(ThrottlePolicy(max_keys=50))
    for index in range(500):
        throttle.record_failure(f"address:{index}", START + timedelta(seconds=index))
    assert len(throttle._keys) <= 50
