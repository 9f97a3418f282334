"""`EventStream` against the live demo server: it delivers what happens on the floor, in order and once,
comes back by itself after the server restarts without losing what happened meanwhile, and starts over
when the server's log is behind the seq it holds (4409)."""

from __future__ import annotations

import threading

from client import BranchQClient, Event, EventStream
from tests.client.conftest import EventCollector

FAST = {"open_timeout_s": 5.0}


def _counter_id(teller: BranchQClient, number: int) -> int:
    return next(c["counter_id"] for c in teller.live_queue("demo2")["counters"] if c["number"] == number)


def _contiguous(events: list[Event]) -> bool:
    return all(later.seq == earlier.seq + 1 for earlier, later in zip(events, events[1:]))


def test_a_kiosk_sees_a_teller_call_its_ticket(connect, collector: EventCollector) -> None:  # type: ignore[no-untyped-def]
    kiosk = connect("demo2-kiosk-1")
    teller = connect("demo2-teller1")
    counter_id = _counter_id(teller, 2)
    stream = EventStream(kiosk, "demo2", collector.on_event, on_connected=collector.on_connected, **FAST)
    with stream:
        assert stream.wait_connected(20)
        mine = kiosk.issue_ticket("demo2", "fx")
        teller.open_counter(counter_id)
        try:
            called = teller.call_next(counter_id)
            while called is not None and called.number != mine.number:
                teller.no_show(called.id)
                called = teller.call_next(counter_id)
            collector.wait_until(lambda c: c.called(mine.number))
            teller.no_show(called.id)
        finally:
            teller.close_counter(counter_id)
        collector.wait_until(lambda c: any(e.type == "counter.state" and e.data["state"] == "closed" for e in c.events))

    assert collector.issued(mine.number)
    assert _contiguous(collector.events)
    call = next(e for e in collector.events if e.type == "ticket.called" and e.data["number"] == mine.number)
    assert call.data["counter"]["number"] == 2
    assert "call_facts" not in call.data  # a kiosk gets the device view of every event


def test_the_stream_resumes_after_a_server_crash_without_losing_events(live_server, connect, collector) -> None:  # type: ignore[no-untyped-def]
    kiosk = connect("demo2-kiosk-1")
    issued_while_away: list[str] = []
    may_reconnect = threading.Event()

    def on_disconnected(reason: str) -> None:
        collector.on_disconnected(reason)
        may_reconnect.wait(60)  # the stream stays away until the test has changed things on the server

    stream = EventStream(kiosk, "demo2", collector.on_event, on_connected=collector.on_connected,
                         on_disconnected=on_disconnected, **FAST)
    with stream:
        assert stream.wait_connected(20)
        before = kiosk.issue_ticket("demo2", "cash").number
        collector.wait_until(lambda c: c.issued(before))
        live_server.restart(graceful=False)
        collector.wait_until(lambda c: len(c.disconnections) == 1)
        issued_while_away += [kiosk.issue_ticket("demo2", "cash").number for _ in range(3)]
        may_reconnect.set()
        collector.wait_until(lambda c: all(c.issued(number) for number in issued_while_away))

    assert collector.connections == 2
    assert _contiguous(collector.events)
    assert len({e.seq for e in collector.events}) == len(collector.events)


def test_a_seq_beyond_the_servers_log_starts_over_from_the_reloaded_state(connect, collector) -> None:  # type: ignore[no-untyped-def]
    kiosk = connect("demo2-kiosk-1")
    reloaded: list[int] = []

    def on_resync() -> int:
        reloaded.append(kiosk.live_queue("demo2")["as_of_seq"])
        return reloaded[-1]

    stream = EventStream(kiosk, "demo2", collector.on_event, since=10**9, on_connected=collector.on_connected,
                         on_resync=on_resync, **FAST)
    with stream:
        # the server accepts, then closes with 4409; the stream reloads and opens again from the reloaded seq
        collector.wait_until(lambda c: c.connections == 2)
        number = kiosk.issue_ticket("demo2", "cash").number
        collector.wait_until(lambda c: c.issued(number))

    assert len(reloaded) == 1
    assert collector.events[0].seq == reloaded[0] + 1
    assert _contiguous(collector.events)
