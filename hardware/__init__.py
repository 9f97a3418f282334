"""BranchQ hardware: ticket printer, camera and QR check-in, voice calling (faces: `hardware.face`).

The kiosk and counter apps use only what is listed here. Names are loaded on first use, so
`import hardware` stays cheap and works on a machine without OpenCV, Pillow or zxing-cpp; ask
`availability()` which parts can run here before offering them.
"""

from __future__ import annotations

import shutil
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from .errors import (
    CameraConfigError,
    CameraError,
    CameraUnavailable,
    CoverOpen,
    HardwareError,
    HardwareUnavailable,
    PaperOut,
    PrinterConfigError,
    PrinterError,
    PrinterFault,
    PrinterOffline,
    VoiceError,
)

_LAZY: dict[str, str] = {
    **dict.fromkeys(
        [
            "PaperLevel",
            "PrintMode",
            "Printer",
            "PrinterStatus",
            "TicketLayout",
            "open_printer",
            "preview_png",
            "render_ticket",
            "sample_ticket",
        ],
        "hardware.printer",
    ),
    **dict.fromkeys(
        [
            "Backoff",
            "CaptureState",
            "CaptureThread",
            "Frame",
            "FrameSource",
            "FrameSourceEnded",
            "open_source",
        ],
        "hardware.camera",
    ),
    **dict.fromkeys(["QrDetection", "decode_qr", "make_qr_image", "qr_png"], "hardware.qr"),
    **dict.fromkeys(
        [
            "Announcer",
            "CallAnnouncement",
            "EspeakSynthesizer",
            "Language",
            "Synthesizer",
            "call_phrase",
            "spoken_ticket_number",
        ],
        "hardware.voice",
    ),
    **dict.fromkeys(["QrScanner", "RecentSightings", "RepeatFilter"], "hardware.scanner"),
    "QrCascade": "hardware.qr_cascade",
    "find_cjk_font": "hardware.fonts",
}

_PARTS: dict[str, tuple[str, ...]] = {
    "printer": ("PIL", "numpy", "qrcode", "escpos"),
    "camera": ("cv2", "numpy"),
    "qr": ("zxingcpp", "qrcode", "PIL", "numpy"),
    "voice": ("numpy",),
}


def availability() -> dict[str, bool]:
    """Which parts can run here (libraries, the CJK font, espeak-ng), checked without importing them."""
    from .fonts import cjk_font_available

    usable = {part: all(find_spec(name) is not None for name in modules) for part, modules in _PARTS.items()}
    usable["printer"] = usable["printer"] and cjk_font_available()
    usable["voice"] = usable["voice"] and shutil.which("espeak-ng") is not None
    return usable


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'hardware' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "Announcer",
    "Backoff",
    "CallAnnouncement",
    "CameraConfigError",
    "CameraError",
    "CameraUnavailable",
    "CaptureState",
    "CaptureThread",
    "CoverOpen",
    "EspeakSynthesizer",
    "Frame",
    "FrameSource",
    "FrameSourceEnded",
    "HardwareError",
    "HardwareUnavailable",
    "Language",
    "PaperLevel",
    "PaperOut",
    "PrintMode",
    "Printer",
    "PrinterConfigError",
    "PrinterError",
    "PrinterFault",
    "PrinterOffline",
    "PrinterStatus",
    "QrCascade",
    "QrDetection",
    "QrScanner",
    "RecentSightings",
    "RepeatFilter",
    "Synthesizer",
    "TicketLayout",
    "VoiceError",
    "availability",
    "call_phrase",
    "decode_qr",
    "find_cjk_font",
    "make_qr_image",
    "open_printer",
    "open_source",
    "preview_png",
    "qr_png",
    "render_ticket",
    "sample_ticket",
    "spoken_ticket_number",
]
