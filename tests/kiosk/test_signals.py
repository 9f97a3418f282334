"""Emitting a signal from Python thousands of times leaves `True` with its references."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

from kiosk.signals import emit


class Announcer(QObject):
    said = Signal(str)


def test_emitting_many_times_keeps_true_alive(qtbot) -> None:
    announcer = Announcer()
    heard: list[str] = []
    announcer.said.connect(lambda text: heard.append(text))
    before = sys.getrefcount(True)
    for _ in range(5000):
        emit(announcer.said, "next")
    assert len(heard) == 5000
    assert sys.getrefcount(True) >= before
