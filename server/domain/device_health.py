"""A kiosk's health as it reports it: its printer, its camera, and whether it still speaks at all.

Pure rules, no I/O. A kiosk reports its printer and camera when either changes (an event in the log, so
staff learn of a paper-out at once) and sends a heartbeat every `HEARTBEAT_INTERVAL` (only its last-seen
time is kept). A device heard from before but not for `SILENT_AFTER` is `silent`: crashed, unplugged or
cut off from the network. A device never heard from is not called silent (it may not report at all,
like an older display); its `last_seen` is None.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

HEARTBEAT_INTERVAL = timedelta(seconds=30)
SILENT_AFTER = timedelta(minutes=2)
"""Four heartbeats missed."""


class PrinterState(StrEnum):
    OK = "ok"
    PAPER_LOW = "paper_low"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    OFFLINE = "offline"

    @property
    def prints(self) -> bool:
        """Tickets still come out (paper low is a warning for staff, not a failure)."""
        return self in (PrinterState.OK, PrinterState.PAPER_LOW)


class CameraState(StrEnum):
    OK = "ok"
    MISSING = "missing"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class DeviceHealth:
    """What a device last reported; None where it has never reported that part."""

    printer: PrinterState | None = None
    camera: CameraState | None = None

    def updated(self, printer: PrinterState | None, camera: CameraState | None) -> DeviceHealth:
        """The health after a report; a part the report leaves out keeps its last state."""
        return DeviceHealth(printer if printer is not None else self.printer, camera if camera is not None else self.camera)

    def changed_parts(self, before: DeviceHealth) -> list[str]:
        """The parts ("printer", "camera") whose state differs from `before`."""
        return [part for part in ("printer", "camera") if getattr(self, part) != getattr(before, part)]

    @property
    def needs_staff(self) -> bool:
        """Something a person must fix: the printer cannot print or is low on paper, or the camera fails."""
        printer_trouble = self.printer is not None and self.printer is not PrinterState.OK
        camera_trouble = self.camera is not None and self.camera is not CameraState.OK
        return printer_trouble or camera_trouble


def is_silent(last_seen: datetime | None, now: datetime) -> bool:
    """Heard from before, but not for `SILENT_AFTER` or longer."""
    return last_seen is not None and now - last_seen >= SILENT_AFTER
