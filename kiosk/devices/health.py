"""The kiosk tells the server how its printer and camera are, so staff learn of a paper-out at once.

A state change is reported when it happens (`POST /devices/me/health`, a `device.health` event for staff);
a heartbeat goes every 30 s (`POST /devices/me/heartbeat`, the server's "last seen"), so a kiosk that
crashed or lost its network is flagged after two minutes. A report that cannot be delivered (server
away) is kept and sent again at the next beat; a report counts as a beat itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from client import BranchQClient
from kiosk.devices.printer import PrinterState
from qtkit import QtClient

HEARTBEAT_MS = 30_000
PARTS = ("printer", "camera")

_SERVER_PRINTER_STATE = {PrinterState.ERROR.value: PrinterState.OFFLINE.value}
"""The server knows ok, paper_low, paper_out, cover_open and offline: a printer fault or an unusable
printer address stops printing just as a switched-off printer does."""


class HealthReporter(QObject):
    """Reports the printer's and camera's state on change, and a heartbeat, through the kiosk's client.

    Connect it with `watch_printer(PrinterWorker)` and `watch_camera(CameraFeed)` (or call
    `printer_changed` / `camera_changed` yourself), then `start()`.

    Signals:
        reported(dict): the server's answer to a health report (the device as managers see it).
        beat(str last_seen): the server recorded a heartbeat at this time (ISO 8601).
        failed(object error): a report or heartbeat did not go through; it is tried again at the next beat.

    Attributes:
        unreported: the states not yet delivered to the server ({"printer": "paper_out"} ...).
        delivered: the states the server has acknowledged.
    """

    reported = Signal(dict)
    beat = Signal(str)
    failed = Signal(object)

    def __init__(
        self,
        qt_client: QtClient,
        client: BranchQClient,
        heartbeat_ms: int = HEARTBEAT_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.qt_client = qt_client
        self.client = client
        self.unreported: dict[str, str] = {}
        self.delivered: dict[str, str] = {}
        self._in_flight = False
        self._timer = QTimer(self)
        self._timer.setInterval(heartbeat_ms)
        self._timer.timeout.connect(self._on_beat)

    def watch_printer(self, printer: Any) -> None:
        """Report every `status_changed` of a `PrinterWorker`."""
        printer.status_changed.connect(self.printer_changed)

    def watch_camera(self, camera: Any) -> None:
        """Report every `state_changed` of a `CameraFeed`."""
        camera.state_changed.connect(self.camera_changed)

    def start(self) -> None:
        """Beat now (sending any states known already), then every `heartbeat_ms`."""
        self._timer.start()
        self._on_beat()

    def stop(self) -> None:
        self._timer.stop()

    @Slot(str)
    def printer_changed(self, state: str) -> None:
        self._changed("printer", _SERVER_PRINTER_STATE.get(state, state))

    @Slot(str)
    def camera_changed(self, state: str) -> None:
        self._changed("camera", state)

    def _changed(self, part: str, state: str) -> None:
        # while a report is under way, `delivered` may be about to change (paper out, then ok again before
        # the server acknowledged "paper_out"): keep the newest state and decide once the answer is in
        if not self._in_flight and self.delivered.get(part) == state:
            self.unreported.pop(part, None)
            return
        self.unreported[part] = state
        if self._timer.isActive():
            self._send_report()

    @Slot()
    def _on_beat(self) -> None:
        if self.unreported:
            self._send_report()
        elif not self._in_flight:
            self._call(self.client.post, "/devices/me/heartbeat", lambda answer: self.beat.emit(answer["last_seen"]))

    def _send_report(self) -> None:
        if self._in_flight:
            return  # the answer to the report under way sends what changed meanwhile
        sent = dict(self.unreported)
        self._call(self.client.post, "/devices/me/health", lambda answer: self._acknowledged(sent, answer), sent)

    def _acknowledged(self, sent: Mapping[str, str], answer: Mapping[str, Any]) -> None:
        for part, state in sent.items():
            self.delivered[part] = state
            if self.unreported.get(part) == state:
                del self.unreported[part]
        self.reported.emit(_plain(answer))

    def _call(self, post: Callable[..., Any], path: str, on_done: Callable[[Any], None], body: Any = None) -> None:
        self._in_flight = True

        def done(answer: Any) -> None:
            self._in_flight = False
            on_done(answer)
            for part, state in list(self.unreported.items()):
                if self.delivered.get(part) == state:
                    del self.unreported[part]  # changed and changed back while the call was under way
            if self.unreported and self._timer.isActive():
                self._send_report()  # what changed while this call was under way

        def failed(error: BaseException) -> None:
            self._in_flight = False
            self.failed.emit(error)

        self.qt_client.call(lambda: post(path, body), done, failed)


def _plain(value: Any) -> Any:
    """The client's frozen JSON as plain dicts and lists (what a Qt signal of `dict` carries well)."""
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value
