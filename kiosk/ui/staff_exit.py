"""The hidden staff exit: press and hold the branch name for three seconds, then type the staff PIN."""

from __future__ import annotations

import hmac

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QDialog, QGridLayout, QLabel, QVBoxLayout, QWidget

from kiosk.ui.widgets import button, label

__all__ = ["HOLD_MS", "LongPress", "PinDialog"]

HOLD_MS = 3000


class LongPress(QObject):
    """Emits `held` when the watched widget is pressed for `HOLD_MS` without being released."""

    held = Signal()

    def __init__(self, widget: QWidget, hold_ms: int = HOLD_MS) -> None:
        super().__init__(widget)
        self._timer = QTimer(self, singleShot=True, interval=hold_ms)
        self._timer.timeout.connect(self.held.emit)
        widget.installEventFilter(self)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin}:
            self._timer.start()
        elif event.type() in {QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd, QEvent.Type.TouchCancel}:
            self._timer.stop()
        return False


class PinDialog(QDialog):
    """A digit keypad asking for the staff PIN; accepted only when it matches (compared in constant time)."""

    def __init__(self, pin: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pin = pin
        self.typed = ""
        self.setModal(True)
        layout = QVBoxLayout(self)
        self.prompt = label(self.tr("Staff PIN"), "heading")
        self.shown_pin: QLabel = label("", "title")
        layout.addWidget(self.prompt)
        layout.addWidget(self.shown_pin)
        grid = QGridLayout()
        for index, digit in enumerate("1234567890"):
            grid.addWidget(button(digit, "key", lambda d=digit: self.press(d)), index // 3, index % 3)
        grid.addWidget(button(self.tr("OK"), "primary", self.confirm), 3, 1)
        grid.addWidget(button(self.tr("Cancel"), "", self.reject), 3, 2)
        layout.addLayout(grid)

    def press(self, digit: str) -> None:
        if len(self.typed) < 12:
            self.typed += digit
            self.shown_pin.setText("●" * len(self.typed))

    def confirm(self) -> None:
        if self._pin and hmac.compare_digest(self.typed.encode(), self._pin.encode()):
            self.accept()
            return
        self.typed = ""
        self.shown_pin.setText("")
        self.prompt.setText(self.tr("Wrong PIN"))
