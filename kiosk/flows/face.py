"""Face check-in: a live face's encoding goes to the server, which answers only for a consenting customer
with an appointment due now. Recognised: greeted by the name they chose and checked in. Anything else (no
face, not live, several faces, no match, ambiguous, nothing due, a refusal of the check-in): the customer is
sent to the QR code or booking code, never to someone else's appointment.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QObject, Signal

from client import ClientError, FaceMatch, Ticket
from qtkit import QtClient

__all__ = ["FaceCheckinFlow", "FaceStage"]


class FaceStage(StrEnum):
    IDLE = "idle"
    LOOKING = "looking"      # sampling frames and checking liveness (on the kiosk, in the face process)
    CHECKING = "checking"    # asking the server who it is, then checking in
    GREETED = "greeted"      # recognised and checked in: `ticket` holds the ticket
    FALLBACK = "fallback"    # use the QR code or the booking code


class FaceCheckinFlow(QObject):
    """One face check-in.

    Signals:
        stage_changed(FaceStage)
        checked_in(Ticket): recognised and checked in.

    Attributes:
        stage: where it is.
        available: the server offers face check-in here (switched on, someone enrolled) and a camera is there.
        display_name: the name a recognised customer chose to be greeted by ("" when they chose none).
        ticket: the checked-in ticket (stage GREETED).
        reason: why it fell back (a device refusal or the server's reason), for the log; never shown raw.
    """

    stage_changed = Signal(object)
    checked_in = Signal(object)

    def __init__(
        self,
        qt_client: QtClient,
        capture: Any,
        identify: Callable[[list[float]], FaceMatch],
        check_in: Callable[[str, str], Ticket],
        parent: QObject | None = None,
    ) -> None:
        """`capture` is a `kiosk.devices.FaceCapture` (`capture()`, `cancel()`; signals `captured(list)` and
        `refused(str)`); `identify(encoding)` and `check_in(code, key)` are blocking client calls."""
        super().__init__(parent)
        self._qt_client = qt_client
        self._capture = capture
        self._identify = identify
        self._check_in = check_in
        self.offered = False
        capture.captured.connect(self._captured)
        capture.refused.connect(self._refused)
        self.reset()

    @property
    def available(self) -> bool:
        return self.offered

    def update_offer(self, offer: Mapping[str, Any] | None) -> None:
        """The menu's `face_check_in` answer: `{"enabled", "enrolled"}`."""
        self.offered = bool(offer and offer.get("enabled") and offer.get("enrolled"))

    def reset(self) -> None:
        self._generation = uuid.uuid4()
        if getattr(self, "stage", None) is FaceStage.LOOKING:
            self._capture.cancel()
        self.display_name = ""
        self.ticket: Ticket | None = None
        self.reason = ""
        self._set(FaceStage.IDLE)

    def begin(self) -> None:
        """The face screen is showing: look for a live face."""
        if self.stage in {FaceStage.LOOKING, FaceStage.CHECKING}:
            return
        self.reset()
        self._set(FaceStage.LOOKING)
        self._capture.capture()

    def _captured(self, encoding: list) -> None:  # type: ignore[type-arg]
        if self.stage is not FaceStage.LOOKING:
            return
        self._set(FaceStage.CHECKING)
        generation = self._generation
        self._qt_client.call(
            lambda: self._identify_and_check_in(list(encoding)),
            lambda answer: self._answered(generation, answer),
            lambda error: self._failed(generation, error),
        )

    def _identify_and_check_in(self, encoding: list[float]) -> tuple[FaceMatch, Ticket | None]:
        match = self._identify(encoding)
        if not match.recognised or match.appointment is None:
            return match, None
        return match, self._check_in(match.appointment.code, uuid.uuid4().hex)

    def _answered(self, generation: uuid.UUID, answer: tuple[FaceMatch, Ticket | None]) -> None:
        if generation != self._generation:
            return
        match, ticket = answer
        if ticket is None:
            self._fall_back(match.reason or "not_recognised")
            return
        self.display_name = match.display_name or ""
        self.ticket = ticket
        self._set(FaceStage.GREETED)
        self.checked_in.emit(ticket)

    def _failed(self, generation: uuid.UUID, error: BaseException) -> None:
        if generation != self._generation:
            return
        if not isinstance(error, ClientError):
            raise error
        self._fall_back(getattr(error, "code", "unreachable"))

    def _refused(self, reason: str) -> None:
        if self.stage is FaceStage.LOOKING:
            self._fall_back(reason)

    def _fall_back(self, reason: str) -> None:
        self.reason = reason
        self._set(FaceStage.FALLBACK)

    def _set(self, stage: FaceStage) -> None:
        if stage is not getattr(self, "stage", None):
            self.stage = stage
            self.stage_changed.emit(stage)
