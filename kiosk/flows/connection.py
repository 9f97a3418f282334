"""Is the server there? The kiosk says so plainly when it is not, keeps guidance on screen, and retries.

The monitor starts the kiosk's session (log in, load the menu), then watches every call's outcome through
`QtClient.reachability_changed` and the event stream's connection. While the server is away it tries again
by itself, waiting a little longer each time (up to `MAX_RETRY_S`); once it answers, the menu is reloaded.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from client import ClientError
from qtkit import QtClient

__all__ = ["Connection", "ConnectionMonitor"]

FIRST_RETRY_S = 2.0
MAX_RETRY_S = 15.0


class Connection(StrEnum):
    CONNECTING = "connecting"
    ONLINE = "online"
    OFFLINE = "offline"


class ConnectionMonitor(QObject):
    """The kiosk's link to the server.

    Signals:
        state_changed(Connection): the link came up, went down or is being set up.
        came_online(): the server answers again (after the start or an outage): reload what is shown.

    Attributes:
        state: the link's state now.
        retries: attempts made since the link went down.
    """

    state_changed = Signal(object)
    came_online = Signal()

    def __init__(
        self, qt_client: QtClient, start_session: Callable[[], Any], parent: QObject | None = None,
        first_retry_s: float = FIRST_RETRY_S, max_retry_s: float = MAX_RETRY_S,
    ) -> None:
        """`start_session()` logs in (if not yet) and proves the server answers (a blocking client call)."""
        super().__init__(parent)
        self._qt_client = qt_client
        self._start_session = start_session
        self._first_retry_s, self._max_retry_s = first_retry_s, max_retry_s
        self.state = Connection.CONNECTING
        self.retries = 0
        self._attempting = False
        self._stopped = False
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.attempt)
        qt_client.reachability_changed.connect(self._reachability_changed)

    def start(self) -> None:
        self.attempt()

    def stop(self) -> None:
        """No more retries (the kiosk is shutting down)."""
        self._timer.stop()
        self._stopped = True

    def stream_disconnected(self) -> None:
        """The event stream dropped: probe the server (the stream reconnects by itself)."""
        if self.state is Connection.ONLINE:
            self.attempt()

    def attempt(self) -> None:
        if self._attempting or self._stopped:
            return
        self._attempting = True
        self._qt_client.call(self._start_session, self._answered, self._failed)

    @property
    def next_retry_s(self) -> float:
        return min(self._max_retry_s, self._first_retry_s * 2 ** max(0, self.retries - 1))

    def _answered(self, _: Any) -> None:
        self._attempting = False
        self.retries = 0
        self._timer.stop()
        was = self.state
        self._set(Connection.ONLINE)
        if was is not Connection.ONLINE:
            self.came_online.emit()

    def _failed(self, error: BaseException) -> None:
        self._attempting = False
        if not isinstance(error, ClientError):
            raise error
        self.retries += 1
        self._set(Connection.OFFLINE)
        if not self._stopped:
            self._timer.start(int(self.next_retry_s * 1000))

    def _reachability_changed(self, reachable: bool) -> None:
        if not reachable and self.state is Connection.ONLINE:
            self._set(Connection.OFFLINE)
            self.retries = 1
            self._timer.start(int(self.next_retry_s * 1000))
        elif reachable and self.state is Connection.OFFLINE:
            self.attempt()

    def _set(self, state: Connection) -> None:
        if state is not self.state:
            self.state = state
            self.state_changed.emit(state)
