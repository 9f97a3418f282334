"""PySide6 6.12.0 drops a reference to `True` on every `Signal.emit()` from Python: after a few thousand
emissions the interpreter aborts ("bool_dealloc"). pyproject.toml keeps PySide6 below 6.12; this test fails
if an installed version brings the fault back."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    happened = Signal(object)


def test_emitting_a_signal_leaves_the_reference_counts_of_true_and_false_alone(qapp) -> None:
    emitter = _Emitter()
    seen = []
    emitter.happened.connect(seen.append)
    before = sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(50):
        emitter.happened.emit("x")
    seen.clear()
    assert (sys.getrefcount(True), sys.getrefcount(False)) == before
