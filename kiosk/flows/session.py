"""The kiosk as one object: its flows, its preferences and the rule that an idle kiosk forgets everything.

`KioskSession` owns the navigator, the live menu, the ticket, check-in and face flows and the connection
monitor; it arms the idle watcher on every screen but Home and, when the countdown runs out, goes Home and
resets every flow, the language and elder mode to the kiosk's defaults. The app builds it with a logged-in
`client.BranchQClient`; the tests build it the same way against the live server.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from client import BranchQClient, EventStream, Ticket
from kiosk.config import VoiceGuidance
from kiosk.flows.checkin import CheckinFlow, booking_code_of
from kiosk.flows.connection import ConnectionMonitor
from kiosk.flows.face import FaceCheckinFlow, FaceStage
from kiosk.flows.menu import ServiceMenu
from kiosk.flows.navigation import Navigator, Screen
from kiosk.devices import PaperTicket
from kiosk.flows.paper import paper_ticket
from kiosk.flows.ticket import TicketFlow
from kiosk.flows.voice import VoiceGuide
from qtkit import EventBridge, IdleWatcher, Language, QtClient, Translations

__all__ = ["GREETING_MS", "KioskSession", "SessionSettings"]

GREETING_MS = 2500
"""How long a recognised customer's greeting stays before their ticket shows."""


@dataclass(frozen=True)
class SessionSettings:
    """What the session needs to know of the kiosk's configuration."""

    branch: str
    username: str
    password: str
    language: Language = Language.ZH_CN
    elder_mode: bool = False
    voice: VoiceGuidance = VoiceGuidance.ELDER
    cache_folder: Path | None = None
    """Where the last menu is kept for the guide (None: nowhere)."""
    idle_s: float = 30
    countdown_s: int = 10
    first_retry_s: float = 2.0
    """The first pause before trying the server again once it stopped answering (it grows up to 15 s)."""


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
        camera: Any = None,
        face_capture: Any = None,
        voice: VoiceGuide | None = None,
        parent: QObject | None = None,
    ) -> None:
        """`printer` is a `kiosk.devices.PrinterWorker`, `camera` a `kiosk.devices.CameraFeed` (QR codes it reads
        check in while the check-in screen shows), `face_capture` a `kiosk.devices.FaceCapture`; each may be
        None (no such device)."""
        super().__init__(parent)
        self.settings = settings
        self.client = client
        self.translations = translations
        self.elder_mode = settings.elder_mode
        self.qt_client = QtClient(parent=self)
        self.navigator = Navigator(self)
        cache = settings.cache_folder / f"menu-{settings.branch}.json" if settings.cache_folder else None
        self.menu = ServiceMenu(self.qt_client, lambda: client.services(settings.branch), self, cache=cache)
        self.ticket = TicketFlow(
            self.qt_client,
            lambda service, key: client.issue_ticket(settings.branch, service, idempotency_key=key),
            printer, self._paper_for, self,
        )
        self.checkin = CheckinFlow(
            self.qt_client, lambda code, key: client.check_in(settings.branch, code, idempotency_key=key),
            lambda code: client.get(f"/appointments/{booking_code_of(code)}").get("slot_start"), self,
            check_in_remote=lambda reference, key: client.check_in_remote(settings.branch, reference,
                                                                             idempotency_key=key),
        )
        self.camera = camera
        self.voice = voice or VoiceGuide(parent=self)
        self.voice.enabled = settings.voice.speaks(settings.elder_mode)
        self.face: FaceCheckinFlow | None = None
        if face_capture is not None:
            self.face = FaceCheckinFlow(
                self.qt_client, face_capture,
                lambda encoding: client.identify_face(settings.branch, encoding),
                lambda code, key: client.check_in(settings.branch, code, idempotency_key=key), self,
            )
        self._greeting = QTimer(self, singleShot=True, interval=GREETING_MS)
        self._greeting.timeout.connect(lambda: self.navigator.go(Screen.TICKET))
        self.connection = ConnectionMonitor(
            self.qt_client, self._start_session, self, first_retry_s=settings.first_retry_s
        )
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
        if self.camera is not None:
            self.camera.code_read.connect(self._code_read)
        if self.face is not None:
            self.menu.changed.connect(self._menu_changed)
            self.face.checked_in.connect(self._face_checked_in)

    def start(self) -> None:
        """Log in and load the menu (off the UI thread); the event stream starts once the server answers."""
        self.connection.start()

    def stop(self) -> None:
        self.connection.stop()
        self.idle.disarm()
        self._greeting.stop()
        self.voice.stop()
        if self._stream is not None:
            self._stream.stop()
            self._stream = None
        self.qt_client.tasks.wait_for_done()

    @property
    def stream_connected(self) -> bool:
        """The event stream is open (the menu is live)."""
        return self._stream is not None and self._stream.connected

    # -- customer actions -------------------------------------------------------------------------------

    def choose_service(self, service_code: str) -> None:
        self.ticket.take(service_code)
        self.navigator.go(Screen.TICKET)

    def set_elder_mode(self, on: bool) -> None:
        """Elder mode: larger text, fewer choices, and (unless configured otherwise) the voice reading each
        screen's sentence."""
        if on != self.elder_mode:
            self.elder_mode = on
            self.voice.enabled = self.settings.voice.speaks(on)
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
        self._stream = self.events.follow(self.client, self.settings.branch)

    def _paper_for(self, ticket: Ticket) -> PaperTicket:
        """What the printer prints of `ticket` (both languages: paper is read by anyone)."""
        return paper_ticket(ticket, self.menu.services)

    def _code_read(self, payload: str) -> None:
        if self.navigator.screen is Screen.CHECKIN:
            self.checkin.qr_decoded(payload)

    def _menu_changed(self) -> None:
        services = self.menu.services
        if self.face is not None and services is not None:
            self.face.update_offer(services.raw.get("face_check_in"))

    def _face_checked_in(self, ticket: Ticket) -> None:
        """Greeted on the face screen for a moment, then the ticket (printing starts at once)."""
        self.ticket.present(ticket)
        self._greeting.start()

    def _screen_changed(self, screen: Screen) -> None:
        self._greeting.stop()
        if self.face is not None:
            if screen is Screen.FACE:
                self.face.begin()
            elif self.face.stage is not FaceStage.GREETED or screen is Screen.HOME:
                self.face.reset()
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
