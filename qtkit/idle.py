"""The idle watcher: after a while without a touch, a visible countdown, then back to the start.

Any press, touch or key anywhere in the application counts as activity (an event filter on the
application), and so does a call to `touched()`. Timers are Qt timers: the watcher never blocks.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

__all__ = ["IdleWatcher"]

IDLE_S = 30
COUNTDOWN_S = 10
_ACTIVITY = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate,
    QEvent.Type.KeyPress,
    QEvent.Type.Wheel,
}


class IdleWatcher(QObject):
    """Counts idle time while armed; idle for `idle_s` starts a countdown of `countdown_s` seconds.

    Signals:
        countdown_started(int): the countdown begins, with the seconds left.
        countdown_ticked(int): seconds left, once a second while counting down.
        countdown_cancelled(): someone touched the screen during the countdown.
        timed_out(): the countdown reached zero (the app goes Home and forgets everything).

    Attributes:
        seconds_left: the countdown's seconds left, or None when not counting down.
        armed: whether idleness is being watched (off on the Home screen, where there is nothing to forget).
    """

    countdown_started = Signal(int)
    countdown_ticked = Signal(int)
    countdown_cancelled = Signal()
    timed_out = Signal()

    def __init__(self, idle_s: float = IDLE_S, countdown_s: int = COUNTDOWN_S, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.countdown_s = countdown_s
        self.seconds_left: int | None = None
        self.armed = False
        self._idle = QTimer(self, singleShot=True, interval=int(idle_s * 1000))
        self._idle.timeout.connect(self._start_countdown)
        self._tick = QTimer(self, interval=1000)
        self._tick.timeout.connect(self._count_down)

    def watch(self, application: QObject) -> None:
        """Count every press, touch and key of `application` as activity."""
        application.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in _ACTIVITY:
            self.touched()
        return False

    def arm(self) -> None:
        """Start watching (a screen with something to forget is showing)."""
        self.armed = True
        self.touched()

    def disarm(self) -> None:
        """Stop watching and hide any countdown (back at Home)."""
        self.armed = False
        self._idle.stop()
        self._stop_countdown(cancelled=True)

    def touched(self) -> None:
        """Activity: the idle time starts again and a running countdown is cancelled."""
        self._stop_countdown(cancelled=True)
        if self.armed:
            self._idle.start()

    def _start_countdown(self) -> None:
        self.seconds_left = self.countdown_s
        self._tick.start()
        self.countdown_started.emit(self.seconds_left)

    def _count_down(self) -> None:
        if self.seconds_left is None:
            return
        self.seconds_left -= 1
        if self.seconds_left > 0:
            self.countdown_ticked.emit(self.seconds_left)
            return
        self._stop_countdown(cancelled=False)
        self.armed = False
        self.timed_out.emit()

    def _stop_countdown(self, *, cancelled: bool) -> None:
        running = self.seconds_left is not None
        self._tick.stop()
        self.seconds_left = None
        if running and cancelled:
            self.countdown_cancelled.emit()
