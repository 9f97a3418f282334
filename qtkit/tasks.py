"""Blocking work off the UI thread, its outcome back on it: the one helper every Qt app uses for that.

`Tasks.run(work, on_done, on_failed)` runs `work()` on a `QThreadPool` and calls `on_done(result)` or
`on_failed(exception)` on the UI thread (the thread that owns the `Tasks` object). Nothing else in the apps
starts threads for network calls, so no widget is ever touched from a worker.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

__all__ = ["Tasks"]

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class _Relay(QObject):
    """Lives on the UI thread; its signals are emitted by a pool thread and so delivered queued."""

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, on_done: Done | None, on_failed: Failed | None, parent: QObject) -> None:
        super().__init__(parent)
        self._on_done = on_done
        self._on_failed = on_failed
        self.succeeded.connect(self._deliver_result)
        self.failed.connect(self._deliver_error)

    @Slot(object)
    def _deliver_result(self, result: object) -> None:
        try:
            if self._on_done is not None:
                self._on_done(result)
        finally:
            self.deleteLater()

    @Slot(object)
    def _deliver_error(self, error: object) -> None:
        try:
            if self._on_failed is not None:
                self._on_failed(error)  # type: ignore[arg-type]
        finally:
            self.deleteLater()


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as error:  # noqa: BLE001 - every failure goes back to the caller's on_failed
            self._relay.failed.emit(error)
        else:
            self._relay.succeeded.emit(result)


class Tasks(QObject):
    """Runs blocking callables on a thread pool and reports back on the UI thread.

    Signals:
        busy_changed(bool): True when the first job starts, False when the last one has reported back.

    Attributes:
        pending: how many jobs have not reported back yet.
    """

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, max_threads: int = 4) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self.pending = 0

    def run(self, work: Callable[[], Any], on_done: Done | None = None, on_failed: Failed | None = None) -> None:
        """Start `work()` now on the pool; exactly one of the callbacks runs later, on this object's thread."""
        self._started()
        relay = _Relay(self._finishing(on_done), self._finishing(on_failed), self)
        self._pool.start(_Job(work, relay))

    def wait_for_done(self, timeout_ms: int = 30_000) -> bool:
        """Block until the pool is idle (for shutdown and tests; callbacks still need the event loop)."""
        return self._pool.waitForDone(timeout_ms)

    def _started(self) -> None:
        self.pending += 1
        if self.pending == 1:
            self.busy_changed.emit(True)

    def _finishing(self, callback: Callable[[Any], None] | None) -> Callable[[Any], None]:
        def finish(value: Any) -> None:
            self.pending -= 1
            try:
                if callback is not None:
                    callback(value)
            finally:
                if self.pending == 0:
                    self.busy_changed.emit(False)

        return finish
