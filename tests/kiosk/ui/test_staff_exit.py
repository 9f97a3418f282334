"""The hidden staff exit: a long press on the branch name, then the PIN; a wrong PIN keeps the kiosk."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel

from kiosk.ui.staff_exit import LongPress, PinDialog


def test_holding_the_press_asks_for_the_pin_and_a_short_tap_does_not(qtbot) -> None:
    name = QLabel("Demo branch")
    qtbot.addWidget(name)
    press = LongPress(name, hold_ms=100)
    held: list[bool] = []
    press.held.connect(lambda: held.append(True))
    qtbot.mousePress(name, Qt.MouseButton.LeftButton, pos=QPoint(2, 2))
    qtbot.mouseRelease(name, Qt.MouseButton.LeftButton, pos=QPoint(2, 2), delay=10)
    qtbot.wait(200)
    assert held == []
    qtbot.mousePress(name, Qt.MouseButton.LeftButton, pos=QPoint(2, 2))
    qtbot.waitUntil(lambda: held == [True], timeout=2000)


def test_only_the_right_pin_lets_staff_out(qtbot) -> None:
    dialog = PinDialog("2580")
    qtbot.addWidget(dialog)
    for digit in "1234":
        dialog.press(digit)
    dialog.confirm()
    assert dialog.result() != PinDialog.DialogCode.Accepted and dialog.typed == ""
    for digit in "2580":
        dialog.press(digit)
    assert dialog.shown_pin.text() == "●●●●"  # never the digits themselves
    dialog.confirm()
    assert dialog.result() == PinDialog.DialogCode.Accepted
