"""The idle watcher: quiet for a while, a countdown you can see, then timed out; a touch starts it over."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QPushButton

from qtkit import IdleWatcher


def test_quiet_then_countdown_then_timed_out(qtbot) -> None:
    watcher = IdleWatcher(idle_s=0.1, countdown_s=3)
    ticks: list[int] = []
    watcher.countdown_ticked.connect(ticks.append)
    watcher.arm()
    with qtbot.waitSignal(watcher.countdown_started, timeout=2000) as started:
        pass
    assert started.args == [3]
    with qtbot.waitSignal(watcher.timed_out, timeout=5000):
        pass
    assert ticks == [2, 1]
    assert not watcher.armed and watcher.seconds_left is None


def test_a_press_anywhere_in_the_application_cancels_the_countdown(qtbot) -> None:
    watcher = IdleWatcher(idle_s=0.1, countdown_s=10)
    watcher.watch(QApplication.instance())
    button = QPushButton("press me")
    qtbot.addWidget(button)
    watcher.arm()
    with qtbot.waitSignal(watcher.countdown_started, timeout=2000):
        pass
    with qtbot.waitSignal(watcher.countdown_cancelled, timeout=1000):
        press = QMouseEvent(QEvent.Type.MouseButtonPress, QPointF(5, 5), QPointF(5, 5), Qt.MouseButton.LeftButton,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(button, press)
    assert watcher.seconds_left is None and watcher.armed
    QApplication.instance().removeEventFilter(watcher)


def test_disarmed_it_never_counts_down(qtbot) -> None:
    watcher = IdleWatcher(idle_s=0.05, countdown_s=1)
    watcher.arm()
    watcher.disarm()
    with qtbot.assertNotEmitted(watcher.countdown_started, wait=300):
        pass
