"""The hub fans out without ever waiting on a subscriber."""

import asyncio
import threading

import pytest

from server.events import EventHub, PublishedEvent, SubscriptionOverflow


def event(seq: int, branch_id: int = 1) -> PublishedEvent:
    return PublishedEvent(branch_id, seq, "ticket.issued", "2026-11-30T02:00:00+00:00", {"n": seq})


async def test_a_stalled_subscriber_is_cut_off_and_the_others_get_everything():
    hub = EventHub(queue_size=3)
    hub.bind(asyncio.get_running_loop())
    stalled, reader = hub.subscribe(1), hub.subscribe(1)
    received = []

    async def read_all() -> None:
        while len(received) < 10:
            received.append((await reader.next()).seq)

    task = asyncio.create_task(read_all())
    for seq in range(1, 11):
        hub.publish([event(seq)])
        await asyncio.sleep(0)  # let the reader run between publishes, as a live client would
    await asyncio.wait_for(task, timeout=5)
    assert received == list(range(1, 11))
    with pytest.raises(SubscriptionOverflow):
        await stalled.next()


async def test_events_reach_only_their_branch():
    hub = EventHub()
    hub.bind(asyncio.get_running_loop())
    first, second = hub.subscribe(1), hub.subscribe(2)
    hub.publish([event(1, branch_id=2)])
    assert (await asyncio.wait_for(second.next(), 1)).branch_id == 2
    assert first.queue.empty()


async def test_publishing_from_a_worker_thread_is_delivered_on_the_loop():
    hub = EventHub()
    hub.bind(asyncio.get_running_loop())
    subscription = hub.subscribe(1)
    await asyncio.to_thread(hub.publish, [event(7)])
    assert (await asyncio.wait_for(subscription.next(), 1)).seq == 7


async def test_unsubscribed_clients_receive_nothing():
    hub = EventHub()
    hub.bind(asyncio.get_running_loop())
    subscription = hub.subscribe(1)
    hub.unsubscribe(subscription)
    hub.publish([event(1)])
    assert subscription.queue.empty() and hub.subscriber_count(1) == 0


async def test_a_subscriber_served_by_another_loop_is_woken_from_that_loop():
    """A test client (or a second server loop) reads its queue on its own thread: the hub hands events over."""
    hub = EventHub()
    hub.bind(asyncio.get_running_loop())
    subscribed = threading.Event()
    received: list[int] = []

    def other_loop() -> None:
        async def read() -> None:
            subscription = hub.subscribe(1)
            subscribed.set()
            received.append((await subscription.next()).seq)  # no timer: only the hand-over wakes this loop

        asyncio.run(read())

    reader = threading.Thread(target=other_loop, daemon=True)
    reader.start()
    assert await asyncio.to_thread(subscribed.wait, 5)
    hub.publish([event(7)])
    await asyncio.to_thread(reader.join, 3)
    assert received == [7]
