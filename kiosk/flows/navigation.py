"""Where the customer is: the kiosk's screens and the way between them (no widgets here)."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QObject, Signal

__all__ = ["Navigator", "Screen"]


class Screen(StrEnum):
    HOME = "home"
    SERVICES = "services"
    TICKET = "ticket"
    CHECKIN = "checkin"
    FACE = "face"
    GUIDE = "guide"


class Navigator(QObject):
    """The current screen and the way back.

    Signals:
        screen_changed(Screen): a new screen is showing.

    Attributes:
        screen: the screen showing now.
        history: the screens Back returns to, oldest first.
    """

    screen_changed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.screen = Screen.HOME
        self.history: list[Screen] = []

    def go(self, screen: Screen) -> None:
        if screen is self.screen:
            return
        if screen is Screen.HOME:
            self.home()
            return
        self.history.append(self.screen)
        self._show(screen)

    def back(self) -> None:
        """Back one screen (a ticket's screen goes Home: its ticket is taken, there is no undoing it)."""
        if self.screen is Screen.TICKET or not self.history:
            self.home()
            return
        self._show(self.history.pop())

    def home(self) -> None:
        self.history.clear()
        self._show(Screen.HOME)

    def _show(self, screen: Screen) -> None:
        changed = screen is not self.screen
        self.screen = screen
        if changed:
            self.screen_changed.emit(screen)
