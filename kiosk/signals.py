"""`emit(signal, *args)`: emit a Qt signal from Python without wearing out `True`.

PySide6 6.12.0 (the version installed here) returns `True` from `SignalInstance.emit()` without taking
a reference to it, so every emit from Python code drops one reference to `True`; on Python 3.11, where
`True` is an ordinary object, a few hundred emits later the interpreter aborts with "bool_dealloc:
deallocating True or False" (`tests/kiosk/test_signals.py` shows it). `emit` gives the reference back.
Should a later PySide6 return a proper reference, the one given back is merely never released, which
costs nothing (`True` lives as long as the interpreter anyway).

Signals Qt emits itself (QTimer.timeout, QThread.finished ...) are not affected; every `.emit(` in the
kiosk's own code goes through here.
"""

from __future__ import annotations

import ctypes
from typing import Any

_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None


def emit(signal: Any, *args: Any) -> None:
    """`signal.emit(*args)`, then give back the reference PySide6 takes from the returned bool."""
    result = signal.emit(*args)
    if result is True or result is False:
        _incref(result)
