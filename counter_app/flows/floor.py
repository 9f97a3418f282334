"""The queue at a glance and the teller's own day, live from the branch's event stream.

`FloorView` reloads the live queue (`GET /branches/{code}/queue`) and the service menu (targets, estimates)
when events arrive (at most once per `RELOAD_MS`), when the stream (re)connects and when the server asks for a
resync, and the teller's day (`GET /auth/me/day`) when a ticket finishes or is rated. The stream runs on its own thread; `qtkit.EventBridge` hands its events to the UI thread.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from client import EventStream
from counter_app.flows.desk import CounterDesk
from qtkit import EventBridge

__all__ = ["CounterRow", "FloorView", "ServiceLine"]

RELOAD_MS = 300


@dataclass(frozen=True)
class ServiceLine:
    code: str
    name_zh: str
    name_en: str
    waiting: int
    longest_wait_s: int
    target_wait_s: int
    estimated_wait_s: int | None

    @property
    def over_target(self) -> bool:
        return self.waiting > 0 and self.longest_wait_s > self.target_wait_s


@dataclass(frozen=True)
class CounterRow:
    counter_id: int
    number: int
    state: str
    ticket_number: str | None


class FloorView(QObject):
    """The branch's lines and counters, and my day.

    Signals:
        changed(): lines, counters or my day changed.
        arrived_while_idle(): a ticket was issued for a service of this counter while it is idle (a sound).

    Attributes:
        lines: `ServiceLine` per service, in the menu's order.
        counters: `CounterRow` per counter.
        my_day: the teller's own figures (`GET /auth/me/day`), or {}.
    """

    changed = Signal()
    arrived_while_idle = Signal()

    def __init__(self, desk: CounterDesk, parent: QObject | None = None, reload_ms: int = RELOAD_MS) -> None:
        super().__init__(parent)
        self.desk = desk
        self.lines: list[ServiceLine] = []
        self.counters: list[CounterRow] = []
        self.my_day: Mapping[str, Any] = {}
        self.documents: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        """Per service code: the documents it needs (zh, en), from the menu."""
        self.bridge = EventBridge(self)
        self.bridge.event_received.connect(self._event)
        self.bridge.connected.connect(self.reload)
        self.bridge.resync_needed.connect(self.reload)
        self._stream: EventStream | None = None
        self._reload = QTimer(self, singleShot=True, interval=reload_ms)
        self._reload.timeout.connect(self.reload)
        desk.signed_in.connect(self.start)

    def start(self) -> None:
        """Follow the desk's branch (after sign-in)."""
        if self._stream is not None or self.desk.branch is None:
            return
        self._stream = self.bridge.follow(self.desk.client, self.desk.branch)
        self.reload()

    def stop(self) -> None:
        if self._stream is not None:
            self._stream.stop()
            self._stream = None

    def reload(self) -> None:
        branch, client = self.desk.branch, self.desk.client
        if branch is None:
            return

        def work() -> tuple[Any, Any, Any]:
            return client.live_queue(branch), client.get(f"/branches/{branch}/services", auth=False), client.my_day()

        self.desk.qt.call(work, self._loaded, lambda _: None)

    def _event(self, event: Any) -> None:
        if event.type == "ticket.issued" and self.desk.state.value == "idle":
            service = event.data.get("service")
            code = service.get("code") if isinstance(service, Mapping) else service
            if code in self.desk.services:
                self.arrived_while_idle.emit()
        self._reload.start()

    def _loaded(self, answers: tuple[Any, Any, Any]) -> None:
        queue, menu, day = answers
        now = datetime.now(UTC)
        oldest: dict[str, datetime] = {}
        for ticket in queue.get("waiting", ()):
            code = ticket["service"]["code"] if isinstance(ticket.get("service"), Mapping) else ticket.get("service")
            arrived = datetime.fromisoformat(ticket["arrived_at"])
            oldest[code] = min(arrived, oldest.get(code, arrived))
        self.lines = [
            ServiceLine(
                s["code"], s["name_zh"], s["name_en"], int(s.get("waiting", 0)),
                int((now - oldest[s["code"]]).total_seconds()) if s["code"] in oldest else 0,
                int(s.get("target_wait_min", 15)) * 60, s.get("estimated_wait_s"),
            )
            for s in menu.get("services", ())
        ]
        self.counters = [
            CounterRow(c["counter_id"], c["number"], c["state"], (c.get("ticket") or {}).get("number")) for c in queue["counters"]
        ]
        self.my_day = day
        self.documents = {
            s["code"]: (tuple(s.get("documents_zh") or ()), tuple(s.get("documents_en") or ()))
            for s in menu.get("services", ())
        }
        self.changed.emit()
