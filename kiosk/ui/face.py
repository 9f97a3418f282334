"""Face check-in: the camera preview with a round guide, what the kiosk is doing, and the greeting; anything
uncertain sends the customer to the QR code or booking code."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from kiosk.flows import Screen
from kiosk.ui.base import KioskScreen, ScreenContext
from kiosk.ui.camera_view import CameraView
from kiosk.ui.widgets import button, label

__all__ = ["FaceScreen"]


class FaceScreen(KioskScreen):
    def __init__(self, context: ScreenContext) -> None:
        super().__init__(context)
        colours = self.theme.colours
        self.heading = label("", "heading")
        self.camera = CameraView(colours.accent, colours.brand_dark, round_guide=True)
        self.status = label("", "heading", align=Qt.AlignmentFlag.AlignCenter)
        self.help = label("", "muted", align=Qt.AlignmentFlag.AlignCenter)
        self.use_code = button("", "primary", lambda: self.session.navigator.go(Screen.CHECKIN))
        self.body.addWidget(self.heading)
        self.body.addWidget(self.camera, 1)
        self.body.addWidget(self.status)
        self.body.addWidget(self.help)
        self.body.addWidget(self.use_code)
        face = self.session.face
        if face is not None:
            face.stage_changed.connect(self._changed)

    def _changed(self, *_: Any) -> None:
        self.refresh()

    def refresh(self) -> None:
        self.heading.setText(self.tr("Face check-in"))
        self.use_code.setText(self.tr("Use my QR code or booking code instead"))
        face = self.session.face
        stage = face.stage.value if face is not None else "idle"
        texts = {
            "idle": (self.tr("Please look at the camera"), self.tr("Keep your face inside the circle")),
            "looking": (self.tr("Please look at the camera"), self.tr("Keep your face inside the circle")),
            "checking": (self.tr("Checking…"), self.tr("Please stay still for a moment")),
            "greeted": (self.tr("Welcome, %1").replace("%1", face.display_name) if face and face.display_name
                        else self.tr("Welcome"), self.tr("You are checked in. Your ticket follows.")),
            "fallback": (self.tr("We could not check you in by face"),
                         self.tr("Please use the QR code or booking code of your appointment")),
        }
        title, help_text = texts.get(stage, texts["idle"])
        self.use_code.setVisible(stage != "greeted")  # checked in: no other way to offer
        self.status.setText(title)
        self.help.setText(help_text)
