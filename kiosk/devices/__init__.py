"""The kiosk's devices as Qt objects: printer, camera (preview and QR codes), face capture, health reports.

Each one does its blocking work off the GUI thread and reports by signal. Nothing here draws; the kiosk's
flows connect to these signals and the screens show the result.
"""

from kiosk.devices.camera import CameraFeed, CameraState
from kiosk.devices.face import FaceCapture
from kiosk.devices.health import HealthReporter
from kiosk.devices.paper import PaperTicket
from kiosk.face_process import FaceRefusal
from kiosk.devices.printer import PrinterState, PrinterWorker, PrintFailure

__all__ = [
    "CameraFeed",
    "CameraState",
    "FaceCapture",
    "FaceRefusal",
    "HealthReporter",
    "PaperTicket",
    "PrintFailure",
    "PrinterState",
    "PrinterWorker",
]
