"""One shape for the hardware's own threads: start, stop that waits, and `with` blocks."""

from __future__ import annotations

import threading
from typing import Self

from .errors import CameraError


class BackgroundLoop:
    """A daemon thread running `_run` until `_stop` is set; `stop()` waits for it and says if it hung.

    Subclasses implement `_run` (checking `self._stop`) and may override `_wake` to interrupt a wait.
    """

    stuck_advice = "restart the application; the device driver may be hung"

    def __init__(self, name: str) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Ask the thread to finish and wait for it."""
        self._stop.set()
        self._wake()
        if self._thread.is_alive():
            self._thread.join(timeout)
        if self._thread.is_alive():
            raise CameraError(f"{self._thread.name} did not stop within {timeout}s", advice=self.stuck_advice)

    def _wake(self) -> None:
        """Interrupt whatever `_run` may be waiting on (nothing by default)."""

    def _run(self) -> None:
        raise NotImplementedError
