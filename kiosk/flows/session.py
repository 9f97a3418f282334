"""The kiosk as one object: its flows, its preferences and the rule that an idle kiosk forgets everything.

`KioskSession` owns the navigator, the live menu, the ticket, check-in and face flows and the connection
monitor; it arms the idle watcher on every screen but Home and, when the countdown runs out, goes Home and
resets every flow, the language and elder mode to the kiosk's defaults. The app builds it with a logged-in
`client.BranchQClient`; the tests build it the same way against the live server.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from client import BranchQClient, EventStream
from kiosk.flows.checkin import CheckinFlow
from kiosk.flows.connection import ConnectionMonitor
from kiosk.flows.menu import ServiceMenu
from kiosk.flows.navigation import Navigator, Screen
from kiosk.flows.ticket import TicketFlow
from qtkit import EventBridge, IdleWatcher, Language, QtClient, Translations

__all__ = ["KioskSession", "SessionSettings"]


@dataclass(frozen=True)
class SessionSettings:
    """What the session needs to know of the kiosk's configuration."""

    branch: str
    username: str
    password: str
    language: Language = Language.ZH_CN
    elder_mode: bool = False
    idle_s: float = 30
    countdown_s: int = 10


class KioskSession(QObject):
    """The kiosk's state, without widgets.

    Signals:
        elder_mode_changed(bool): elder mode was switched.
        reset_done(): an idle timeout (or staff) sent the kiosk Home and everything was forgotten.

    Attributes:
        navigator, menu, ticket, checkin, connection, idle, translations, qt_client: the parts.
        face: the face check-in flow, or None when this kiosk has no camera for it.
        elder_mode: elder mode is on.
    """

    elder_mode_changed = Signal(bool)
    reset_done = Signal()

    def __init__(
        self,
        settings: SessionSettings,
        client: BranchQClient,
        translations: Translations,
        printer: Any = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.client = client
        self.translations = translations
        self.elder_mode = settings.elder_mode
        self.qt_client = QtClient(parent=self)
        self.navigator = Navigator(self)
        self.menu = ServiceMenu(self.qt_client, lambda: client.services(settings.branch), self)
        self.ticket = TicketFlow(
            self.qt_client,
            lambda service, key: client.issue_ticket(settings.branch, service, idempotency_key=key),
            printer, self._paper_for, self,
        )
        self.checkin = CheckinFlow(
            self.qt_client, lambda code, key: client.check_in(settings.branch, code, idempotency_key=key), self
        )
        self.face: Any = None
        self.connection = ConnectionMonitor(self.qt_client, self._start_session, self)
        self.idle = IdleWatcher(settings.idle_s, settings.countdown_s, self)
        self.events = EventBridge(self)
        self._stream: EventStream | None = None
        self._wire()
        self._language_changed(translations.language)

    def _wire(self) -> None:
        self.navigator.screen_changed.connect(self._screen_changed)
        self.idle.timed_out.connect(self.forget_everything)
        self.connection.came_online.connect(self.menu.refresh)
        self.connection.came_online.connect(self._start_stream)
        self.events.event_received.connect(self.menu.apply_event)
        self.events.resync_needed.connect(self.menu.refresh)
        self.events.connected.connect(self.menu.refresh)
        self.events.disconnected.connect(self.connection.stream_disconnected)
        self.translations.language_changed.connect(self._language_changed)
        self.checkin.finished.connect(self._checked_in)

    def start(self) -> None:
        """Log in and load the menu (off the UI thread); the event stream starts once the server answers."""
        self.connection.start()

    def stop(self) -> None:
        if self._stream is not None:
            self._stream.stop()
            self._stream = None
        self.qt_client.tasks.wait_for_done()

    # -- customer actions -------------------------------------------------------------------------------

    def choose_service(self, service_code: str) -> None:
        self.ticket.take(service_code)
        self.navigator.go(Screen.TICKET)

    def set_elder_mode(self, on: bool) -> None:
        if on != self.elder_mode:
            self.elder_mode = on
            self.elder_mode_changed.emit(on)

    def forget_everything(self) -> None:
        """Home, and nothing of the last customer left: flows reset, language and elder mode as configured."""
        self.navigator.home()
        self.ticket.reset()
        self.checkin.reset()
        if self.face is not None:
            self.face.reset()
        self.translations.set_language(self.settings.language)
        self.set_elder_mode(self.settings.elder_mode)
        self.reset_done.emit()

    # -- internals --------------------------------------------------------------------------------------

    def _start_session(self) -> Any:
        if not self.client.logged_in:
            self.client.login(self.settings.username, self.settings.password)
        return self.client.health()

    def _start_stream(self) -> None:
        if self._stream is not None:
            return
        events = self.events
        self._stream = EventStream(
            self.client, self.settings.branch, events.on_event,
            on_connected=events.on_connected, on_disconnected=events.on_disconnected, on_resync=self._resync,
        )
        self._stream.start()

    def _resync(self) -> None:
        """Called on the stream's thread: ask the UI thread to reload; continue from the log's end."""
        self.events.on_resync()
        return None

    def _screen_changed(self, screen: Screen) -> None:
        if screen is Screen.HOME:
            self.idle.disarm()
            self.ticket.reset()
            self.checkin.reset()
            if self.face is not None:
                self.face.reset()
        else:
            self.idle.arm()

    def _language_changed(self, language: Language) -> None:
        self.client.language = language.http_tag

    def _checked_in(self, _outcome: object) -> None:
        if self.checkin.ticket is not None:
            self.ticket.present(self.checkin.ticket)
            self.navigator.go(Screen.TICKET)
