"""Every error the hardware layer raises on purpose, drawn once.

    HardwareError                  base; `advice` says what a kiosk operator should do next
    ├── HardwareUnavailable        a needed library, program or font is not installed here
    ├── PrinterError
    │   ├── PrinterConfigError     the printer URL or an option is wrong
    │   ├── PrinterOffline         the printer cannot be reached or does not answer
    │   ├── PaperOut               the paper roll is empty
    │   ├── CoverOpen              the cover is open
    │   └── PrinterFault           the printer reports an error (cutter jam, head overheated ...)
    ├── CameraError
    │   ├── CameraConfigError      the camera source cannot be understood
    │   └── CameraUnavailable      the camera, video or folder cannot be opened or read
    └── VoiceError                 speech synthesis failed

The kiosk and counter apps catch `HardwareError` and show `advice`; they never parse messages.
"""

from __future__ import annotations


class HardwareError(Exception):
    """Base of every hardware error; `advice` is one sentence for staff."""

    default_advice = "check the device and its cable, then try again"

    def __init__(self, message: str, *, advice: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.advice = advice or self.default_advice

    def __str__(self) -> str:
        return f"{self.message} (what to do: {self.advice})"


class HardwareUnavailable(HardwareError):
    default_advice = "install the missing component (see the message) and restart the application"


class PrinterError(HardwareError):
    default_advice = "check the ticket printer, then try again"


class PrinterConfigError(PrinterError):
    default_advice = "correct the printer URL in the kiosk settings (e.g. tcp://192.168.1.50:9100)"


class PrinterOffline(PrinterError):
    default_advice = "check that the printer is switched on and its cable or network is connected"


class PaperOut(PrinterError):
    default_advice = "load a new paper roll and close the cover"


class CoverOpen(PrinterError):
    default_advice = "close the printer cover firmly"


class PrinterFault(PrinterError):
    default_advice = "switch the printer off and on; if it persists, clear any paper jam at the cutter"


class CameraError(HardwareError):
    default_advice = "check the camera, then try again"


class CameraConfigError(CameraError):
    default_advice = "give a camera index (0), a video file or a folder of images"


class CameraUnavailable(CameraError):
    default_advice = "check that the camera is plugged in and not used by another program"


class VoiceError(HardwareError):
    default_advice = (
        "check that espeak-ng is installed (apt install espeak-ng) and the cache folder is writable"
    )
