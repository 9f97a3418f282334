"""`EventStream`: a branch's live events, on a thread of its own, resumed without loss after any break.

The stream asks the server for a single-use connection ticket (`POST /branches/{code}/events/ticket`,
with the client's login), opens `WS /branches/{code}/events?ticket=...&since=<last seq>` and hands every
event to `on_event`, in order, each once. When the connection breaks (server restart, network, a 4429 for
a reader too slow) it reconnects with growing pauses (`Backoff`) and resumes from the last `seq` it
delivered, so nothing is lost and nothing comes twice.

Close code 4409 means `since` lies beyond the server's log (its database was restored or reset): the events
the app holds belong to another history. The stream then calls `on_resync`, where the app reloads its state
(`GET .../queue` gives `as_of_seq`) and returns the seq to resume from (or None: from the log's current end).

Start the stream with `since` = the `as_of_seq` of the state the app loaded (`GET .../queue`): with `since`
None it starts at the log's end and knows no seq until its first event, so a break before that first event
could lose what happened meanwhile.

Callbacks run on the stream's thread: a Qt adapter forwards them by signal, never touching widgets here.
An exception raised by a callback is logged and does not stop the stream.
"""

from __future__ import annotations

import json
import logging
import random
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus
from websockets.sync.client import ClientConnection, connect

from client.errors import ClientError
from client.http import BranchQClient
from client.results import freeze

__all__ = ["CLOSE_RESYNC", "Backoff", "Event", "EventStream"]

log = logging.getLogger("branchq.client.events")

CLOSE_RESYNC = 4409
"""The server's close code for `since` past the end of its log."""


@dataclass(frozen=True)
class Event:
    """One committed event of the branch: `seq` counts up by one per event, `data` is the caller's view."""

    seq: int
    type: str
    at: str
    data: Mapping[str, Any]

    @classmethod
    def from_message(cls, text: str | bytes) -> Event:
        message = json.loads(text)
        return cls(int(message["seq"]), str(message["type"]), str(message.get("at", "")),
                   freeze(message.get("data") or {}))


@dataclass(frozen=True)
class Backoff:
    """Pauses between reconnection attempts: `first_s`, doubling up to `max_s`, with +-`jitter` (a fraction),
    so a branch's kiosks do not all knock at once when the server comes back."""

    first_s: float = 0.25
    max_s: float = 10.0
    jitter: float = 0.2

    def delay(self, failures: int) -> float:
        base = min(self.max_s, self.first_s * 2 ** max(0, failures - 1))
        return base * random.uniform(1 - self.jitter, 1 + self.jitter)  # noqa: S311 - spreading, not secrecy


class EventStream:
    """The event stream of one branch, run by `start()` on a daemon thread until `stop()`.

    Callbacks (all optional but `on_event`, all called on the stream's thread):
        on_event(event): each event once, in `seq` order.
        on_connected(): the stream is open (again).
        on_disconnected(reason): it broke; it reconnects by itself.
        on_resync() -> int | None: the server's log is behind our `seq` (4409); reload state and return
            the seq it is as of (or None to continue from the log's current end).

    Attributes:
        last_seq: the seq of the last event delivered (None before the first, or after a resync to None).
        connected: True while the websocket is open.
    """

    def __init__(
        self, client: BranchQClient, branch: str, on_event: Callable[[Event], None], *,
        since: int | None = None,
        on_connected: Callable[[], None] | None = None,
        on_disconnected: Callable[[str], None] | None = None,
        on_resync: Callable[[], int | None] | None = None,
        backoff: Backoff = Backoff(),
        open_timeout_s: float = 5.0,
    ) -> None:
        self.client = client
        self.branch = branch
        self.last_seq = since
        self.backoff = backoff
        self.open_timeout_s = open_timeout_s
        self._on_event = on_event
        self._on_connected = on_connected
        self._on_disconnected = on_disconnected
        self._on_resync = on_resync
        self._stopping = threading.Event()
        self._connected = threading.Event()
        self._thread: threading.Thread | None = None
        self._socket: ClientConnection | None = None
        self._lock = threading.Lock()

    @property
    def connected(self) -> bool:
        return self._connected.is_set()

    def wait_connected(self, timeout_s: float) -> bool:
        """True once the stream is open (waits up to `timeout_s`)."""
        return self._connected.wait(timeout_s)

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("the event stream runs already")
        self._thread = threading.Thread(target=self._run, name=f"branchq-events-{self.branch}", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        """Close the stream and wait for its thread to end."""
        self._stopping.set()
        with self._lock:
            if self._socket is not None:
                self._socket.close()
        if self._thread is not None:
            self._thread.join(timeout_s)
            self._thread = None

    def __enter__(self) -> EventStream:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- the stream's thread ---------------------------------------------------------------------------

    def _run(self) -> None:
        failures = 0
        while not self._stopping.is_set():
            outcome = self._session()
            if outcome == "resync":
                failures = 0
                continue
            failures = 0 if outcome == "delivered" else failures + 1
            if self._stopping.wait(self.backoff.delay(max(1, failures))):
                return

    def _session(self) -> str:
        """One connection from ticket to close: "delivered" (it was open), "resync" or "failed"."""
        try:
            ticket = self.client.events_ticket(self.branch)
            with connect(self._url(ticket), open_timeout=self.open_timeout_s, close_timeout=1.0,
                         proxy=None) as socket:
                reason = self._open(socket)
        except (ClientError, InvalidHandshake, OSError, TimeoutError) as error:
            log.info("event stream of %s: cannot connect: %s", self.branch, _describe(error))
            return "failed"
        except Exception:  # a bug must not end the stream for good: log it, back off, try again
            log.exception("event stream of %s failed", self.branch)
            return "failed"
        if reason is None:
            return "delivered"
        if reason == f"closed {CLOSE_RESYNC}":
            self.last_seq = self._call(self._on_resync)
            log.info("event stream of %s: log reset on the server; resuming from %s", self.branch, self.last_seq)
            return "resync"
        if not self._stopping.is_set():
            self._call(self._on_disconnected, reason)
        return "delivered"

    def _open(self, socket: ClientConnection) -> str | None:
        """Deliver from the open `socket` until it ends; why it ended (None: stopped before it began)."""
        with self._lock:
            if self._stopping.is_set():
                return None
            self._socket = socket
        self._connected.set()
        try:
            self._call(self._on_connected)
            return self._read(socket)
        finally:
            self._connected.clear()
            with self._lock:
                self._socket = None

    def _read(self, socket: ClientConnection) -> str:
        """Deliver events until the connection ends; why it ended."""
        try:
            for message in socket:
                event = Event.from_message(message)
                if self.last_seq is not None and event.seq <= self.last_seq:
                    continue  # already delivered before a reconnection
                self.last_seq = event.seq
                self._call(self._on_event, event)
        except ConnectionClosed as closed:
            return _closed_reason(closed)
        except (OSError, ValueError, KeyError) as error:
            return f"broken: {error}"
        return f"closed {socket.close_code}"

    def _url(self, ticket: str) -> str:
        base = self.client.api_url.replace("http://", "ws://", 1).replace("https://", "wss://", 1)
        query: dict[str, Any] = {"ticket": ticket}
        if self.last_seq is not None:
            query["since"] = self.last_seq
        return f"{base}/branches/{quote(self.branch, safe='')}/events?{urlencode(query)}"

    def _call(self, callback: Callable[..., Any] | None, *args: Any) -> Any:
        if callback is None:
            return None
        try:
            return callback(*args)
        except Exception:  # a broken callback must not end the stream
            log.exception("event stream callback %r failed", callback)
            return None


def _closed_reason(closed: ConnectionClosed) -> str:
    if closed.rcvd is not None:
        return f"closed {closed.rcvd.code}"
    return "connection lost"


def _describe(error: BaseException) -> str:
    if isinstance(error, InvalidStatus):
        return f"refused with HTTP {error.response.status_code}"
    return f"{type(error).__name__}: {error}"
