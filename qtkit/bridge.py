"""The thin Qt adapter around `client`: calls off the UI thread, outcomes and events back on it, by signal.

`QtClient.call(work, on_done, on_failed)` runs `work()` (a call into a `client.BranchQClient`) on the thread
pool and reports on the UI thread. It also keeps the connection's state: any `ServerUnreachable` marks the
server unreachable, any answer (even a refusal) marks it reachable again. `EventBridge` re-emits the event
stream's callbacks, which arrive on the stream's own thread, as Qt signals delivered on the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from client import BranchQClient, EventStream, ServerUnreachable
from qtkit.tasks import Tasks

__all__ = ["EventBridge", "QtClient"]


class QtClient(QObject):
    """Runs client calls off the UI thread and tracks whether the server answers.

    Signals:
        reachability_changed(bool): the server stopped (False) or started again (True) answering.

    Attributes:
        reachable: whether the last call got an answer (True until a call proves otherwise).
        tasks: the thread pool helper the calls run on.
    """

    reachability_changed = Signal(bool)

    def __init__(self, tasks: Tasks | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks or Tasks(self)
        self.reachable = True

    def call(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_failed: Callable[[BaseException], None] | None = None,
    ) -> None:
        def done(result: Any) -> None:
            self._set_reachable(True)
            if on_done is not None:
                on_done(result)

        def failed(error: BaseException) -> None:
            self._set_reachable(not isinstance(error, ServerUnreachable))
            if on_failed is not None:
                on_failed(error)

        self.tasks.run(work, done, failed)

    def _set_reachable(self, reachable: bool) -> None:
        if reachable != self.reachable:
            self.reachable = reachable
            self.reachability_changed.emit(reachable)


class EventBridge(QObject):
    """The event stream's callbacks as Qt signals (emitted from the stream's thread, delivered queued).

    `follow(client, branch)` starts the branch's event stream with these callbacks; connect slots of UI-thread
    objects to the signals.

    Signals:
        event_received(dict): one event (`{"seq", "type", "payload", ...}`), in order.
        connected(): the stream is (re)connected and has caught up.
        disconnected(): the stream dropped; it reconnects by itself and resumes from the last seq.
        resync_needed(): the server asks for a full reload (the log was restored).
    """

    event_received = Signal(object)
    connected = Signal()
    disconnected = Signal()
    resync_needed = Signal()

    def follow(self, client: BranchQClient, branch: str) -> EventStream:
        """Start following `branch`'s event stream, its callbacks wired to this bridge; stop it when done."""
        stream = EventStream(client, branch, self.on_event, on_connected=self.on_connected,
                             on_disconnected=self.on_disconnected, on_resync=self.on_resync)
        stream.start()
        return stream

    def on_event(self, event: Any) -> None:
        self.event_received.emit(event)

    def on_connected(self, *_: Any) -> None:
        self.connected.emit()

    def on_disconnected(self, *_: Any) -> None:
        self.disconnected.emit()

    def on_resync(self, *_: Any) -> None:
        """Returns None: the stream continues from the end of the server's log (the apps reload instead)."""
        self.resync_needed.emit()
