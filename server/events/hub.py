"""In-process broadcast of committed branch events.

Each subscriber owns a bounded `asyncio.Queue`. Publishing never waits on a subscriber: when a queue is
full the subscription is closed with `SubscriptionOverflow` and the client reconnects with `since`,
catching up from the event log. So one slow or dead client never delays another, and nothing is lost
because the database log, not the hub, is the record.

Services publish from worker threads (FastAPI runs sync handlers in a thread pool); the hub hands the
fan-out to its event loop with `call_soon_threadsafe`.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class PublishedEvent:
    branch_id: int
    seq: int
    type: str
    at: str
    data: dict[str, Any]

    def as_message(self) -> dict[str, Any]:
        return {"seq": self.seq, "type": self.type, "at": self.at, "data": self.data}


class SubscriptionOverflow(Exception):
    """The subscriber fell too far behind; reconnect with `since` to resume from the log."""


_CLOSED = object()


@dataclass(eq=False)
class Subscription:
    branch_id: int
    queue: asyncio.Queue[Any]
    overflowed: bool = field(default=False)
    loop: asyncio.AbstractEventLoop | None = None
    """The loop that reads the queue; an asyncio.Queue may only be touched from its own loop's thread."""

    async def next(self) -> PublishedEvent:
        item = await self.queue.get()
        if item is _CLOSED:
            raise SubscriptionOverflow("subscriber fell behind and was disconnected")
        return item

    def offer(self, event: PublishedEvent) -> None:
        if self.overflowed:
            return
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            self.overflowed = True
            self._force_close()

    def _force_close(self) -> None:
        while True:
            try:
                self.queue.get_nowait()
            except asyncio.QueueEmpty:
                break
        self.queue.put_nowait(_CLOSED)


class EventHub:
    def __init__(self, queue_size: int = 1000) -> None:
        self.queue_size = queue_size
        self._loop: asyncio.AbstractEventLoop | None = None
        self._subscribers: dict[int, set[Subscription]] = {}
        self._lock = threading.Lock()

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        """Attach to the loop that serves the websockets (called at application start-up)."""
        self._loop = loop

    def subscribe(self, branch_id: int) -> Subscription:
        subscription = Subscription(branch_id, asyncio.Queue(maxsize=self.queue_size), loop=_running_loop())
        with self._lock:
            self._subscribers.setdefault(branch_id, set()).add(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        with self._lock:
            self._subscribers.get(subscription.branch_id, set()).discard(subscription)

    def subscriber_count(self, branch_id: int) -> int:
        with self._lock:
            return len(self._subscribers.get(branch_id, ()))

    def publish(self, events: list[PublishedEvent]) -> None:
        """Fan committed events out to live subscribers; safe to call from any thread."""
        if not events or self._loop is None or self._loop.is_closed():
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is self._loop:
            self._fan_out(events)
        else:
            self._loop.call_soon_threadsafe(self._fan_out, events)

    def _fan_out(self, events: list[PublishedEvent]) -> None:
        with self._lock:
            targets = {branch: list(subs) for branch, subs in self._subscribers.items()}
        here = _running_loop()
        for event in events:
            for subscription in targets.get(event.branch_id, ()):
                if subscription.loop is None or subscription.loop is here:
                    subscription.offer(event)
                elif not subscription.loop.is_closed():
                    # A subscriber served by another loop (a second server loop, a test client's own
                    # thread): hand the event to that loop rather than touch its queue from here.
                    subscription.loop.call_soon_threadsafe(subscription.offer, event)


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None
