"""`kiosk.devices` shows the kiosk app exactly what it may use."""

from __future__ import annotations

import inspect

import kiosk.devices


def test_the_exported_names_are_the_device_classes_and_their_states() -> None:
    assert sorted(kiosk.devices.__all__) == [
        "CameraFeed", "CameraState", "FaceCapture", "FaceRefusal", "HealthReporter", "PaperTicket",
        "PrintFailure", "PrinterState", "PrinterWorker",
    ]
    for name in kiosk.devices.__all__:
        assert inspect.isclass(getattr(kiosk.devices, name)), name
