"""The kiosk's frame, the same on every screen so nobody gets lost: a top bar (branch name, time, language,
elder mode), the screen, and a bottom bar (Back, Home and the idle countdown); a plain notice when the queue
system cannot be reached."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QSize, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.flows import Connection, Screen
from kiosk.ui.base import KioskScreen, ScreenContext
from kiosk.ui.checkin import CheckinScreen
from kiosk.ui.face import FaceScreen
from kiosk.ui.guide import GuideScreen
from kiosk.ui.home import HomeScreen
from kiosk.ui.icons import Icon, icon_pixmap
from kiosk.ui.services import ServicesScreen
from kiosk.ui.staff_exit import LongPress, PinDialog
from kiosk.ui.ticket import TicketScreen
from kiosk.ui.widgets import ElidedLabel, button, label
from qtkit import Language, Theme

__all__ = ["KioskWindow"]


class KioskWindow(QWidget):
    """The kiosk's one window.

    Signals:
        staff_exit(): staff typed the PIN to leave the kiosk.
        preview_size_changed(QSize): the camera preview showing now has this size (frames are scaled to it).
    """

    staff_exit = Signal()
    preview_size_changed = Signal(QSize)

    def __init__(self, context: ScreenContext, exit_pin: str = "") -> None:
        super().__init__()
        self.context = context
        self.exit_pin = exit_pin
        session = context.session
        self.setObjectName("screen")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self._top_bar())
        self.offline = self._offline_notice()
        outer.addWidget(self.offline)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)
        outer.addWidget(self._bottom_bar())
        self.screens: dict[Screen, KioskScreen] = {
            Screen.HOME: HomeScreen(context),
            Screen.SERVICES: ServicesScreen(context),
            Screen.TICKET: TicketScreen(context),
            Screen.CHECKIN: CheckinScreen(context),
            Screen.FACE: FaceScreen(context),
            Screen.GUIDE: GuideScreen(context),
        }
        for screen in self.screens.values():
            self.stack.addWidget(screen)
            camera = getattr(screen, "camera", None)
            if camera is not None:
                camera.resized.connect(self._preview_resized)
        session.navigator.screen_changed.connect(self._show)
        session.translations.language_changed.connect(self._language_changed)
        session.elder_mode_changed.connect(self._elder_mode_changed)
        session.connection.state_changed.connect(self._connection_changed)
        session.idle.countdown_started.connect(self._countdown)
        session.idle.countdown_ticked.connect(self._countdown)
        session.idle.countdown_cancelled.connect(lambda: self.countdown.setVisible(False))
        session.idle.timed_out.connect(lambda: self.countdown.setVisible(False))
        self._clock_timer = QTimer(self, interval=10_000)
        self._clock_timer.timeout.connect(self._tick_clock)
        self._clock_timer.start()
        self.apply_theme()
        self._show(session.navigator.screen)

    # -- bars -----------------------------------------------------------------------------------------

    def _top_bar(self) -> QFrame:
        bar = QFrame()
        bar.setProperty("role", "bar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(32, 12, 32, 12)
        row.setSpacing(24)
        self.branch_name = ElidedLabel("heading")
        self.branch_name.setMinimumWidth(160)
        LongPress(self.branch_name).held.connect(self._ask_pin)
        self.clock = label("", wrap=False)
        self.language_button = button("", "bar", self.context.session.translations.toggle)
        self.elder_button = button("", "bar", self._toggle_elder_mode)
        self.elder_button.setCheckable(True)
        row.addWidget(self.branch_name, 1)
        row.addWidget(self.clock)
        row.addWidget(self.language_button)
        row.addWidget(self.elder_button)
        return bar

    def _bottom_bar(self) -> QFrame:
        bar = QFrame()
        bar.setProperty("role", "bar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(32, 12, 32, 12)
        row.setSpacing(24)
        navigator = self.context.session.navigator
        self.back_button = button("", "bar", navigator.back)
        self.home_button = button("", "bar", navigator.home)
        self.countdown = label("", wrap=False)
        self.countdown.setVisible(False)
        row.addWidget(self.back_button)
        row.addWidget(self.home_button)
        row.addStretch(1)
        row.addWidget(self.countdown)
        return bar

    def _offline_notice(self) -> QFrame:
        notice = QFrame()
        notice.setProperty("role", "notice")
        row = QHBoxLayout(notice)
        row.setContentsMargins(32, 12, 32, 12)
        self.offline_icon = QLabel()
        self.offline_text = label("")
        row.addWidget(self.offline_icon)
        row.addWidget(self.offline_text, 1)
        notice.setVisible(False)
        return notice

    # -- reactions ------------------------------------------------------------------------------------

    def _show(self, screen: Screen) -> None:
        current = self.stack.currentWidget()
        if isinstance(current, KioskScreen):
            current.hidden()
        widget = self.screens[screen]
        widget.refresh()
        self.stack.setCurrentWidget(widget)
        widget.shown()
        camera = getattr(widget, "camera", None)
        if camera is not None:
            self.preview_size_changed.emit(camera.size())
        session = self.context.session
        session.voice.say(widget.spoken_text(), session.translations.language)
        at_home = screen is Screen.HOME
        self.back_button.setVisible(not at_home)
        self.home_button.setVisible(not at_home)

    def _language_changed(self, language: Language) -> None:
        self.context.words.language = language
        self.retranslate()

    def _elder_mode_changed(self, _on: bool) -> None:
        self.apply_theme()

    def _toggle_elder_mode(self) -> None:
        session = self.context.session
        session.set_elder_mode(not session.elder_mode)

    def apply_theme(self) -> None:
        """Style for the current mode (regular or elder), then redraw everything."""
        self.context.theme = Theme(elder=self.context.session.elder_mode)
        app = QApplication.instance()
        app.setPalette(self.context.theme.qpalette())
        app.setStyleSheet(self.context.theme.stylesheet())
        self.retranslate()

    def retranslate(self) -> None:
        """Every text of the frame and of every screen again, in the current language."""
        session = self.context.session
        services = session.menu.guide
        self.branch_name.set_full_text(
            self.context.words.pick(services.branch, "name") if services else self.tr("BranchQ"))
        other = Language.EN if session.translations.language is Language.ZH_CN else Language.ZH_CN
        self.language_button.setText(other.switch_label)
        # on: a tick as well as the colours, so the state never rests on colour alone
        self.elder_button.setText(("✓ " if session.elder_mode else "") + self.tr("Elder mode"))
        self.elder_button.setChecked(session.elder_mode)
        self.back_button.setText(self.tr("Back"))
        self.home_button.setText(self.tr("Home"))
        self._connection_changed(session.connection.state)
        self._tick_clock()
        if session.idle.seconds_left is not None:
            self._countdown(session.idle.seconds_left)
        for screen in self.screens.values():
            screen.refresh()

    def _tick_clock(self) -> None:
        now = datetime.now()
        if self.width() < self.height():
            self.clock.setText(f"{now:%H:%M}")  # portrait: the branch's name needs the room more than the date
        elif self.context.words.english:
            self.clock.setText(f"{now:%H:%M}  {now.day} {now:%b %Y}")
        else:
            self.clock.setText(f"{now:%H:%M}  {now.year}年{now.month}月{now.day}日")

    def _countdown(self, seconds: int) -> None:
        self.countdown.setText(self.tr("Returning to the start in %1 s. Touch the screen to stay.")
                               .replace("%1", str(seconds)))
        self.countdown.setVisible(True)

    def _connection_changed(self, state: Connection) -> None:
        offline = state is Connection.OFFLINE
        self.offline.setVisible(offline)
        if offline:
            size = self.context.theme.sizes.heading
            self.offline_icon.setPixmap(icon_pixmap(Icon.WARNING, size, self.context.theme.colours.danger))
            self.offline_icon.setFixedSize(QSize(size, size))
            self.offline_text.setText(self.tr(
                "We cannot reach the queue system just now and keep trying by ourselves. "
                "The guide is still available; staff can help you."))

    def _ask_pin(self) -> None:
        if not self.exit_pin:
            return
        dialog = PinDialog(self.exit_pin, self)
        if dialog.exec():
            self.staff_exit.emit()

    def _preview_resized(self, size: QSize) -> None:
        if getattr(self.stack.currentWidget(), "camera", None) is self.sender():
            self.preview_size_changed.emit(size)

    def show_camera_frame(self, frame: object) -> None:
        """A preview frame from the camera: drawn by whichever camera screen is showing."""
        screen = self.stack.currentWidget()
        camera = getattr(screen, "camera", None)
        if camera is not None:
            camera.show_frame(frame)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(1080, 1920)

    def set_orientation(self, portrait: bool) -> None:
        """Arrange every screen for the orientation before the window takes its size (a screen laid out
        for portrait is taller than a landscape screen allows)."""
        for screen in self.screens.values():
            screen.set_portrait(portrait)

    def resizeEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        self.set_orientation(self.height() >= self.width())
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._tick_clock()
