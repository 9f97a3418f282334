"""Appointment check-in: the camera preview with a square guide for the QR code, and the booking code on a
large keypad ordered like a phone's; the answer as a clear success or a reason with the next step."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QVBoxLayout

from kiosk.flows import CODE_LENGTH, CheckinOutcome
from kiosk.flows.checkin import KEYPAD_ALPHABET
from kiosk.ui.base import KioskScreen, ScreenContext
from kiosk.ui.camera_view import CameraView
from kiosk.ui.icons import Icon, icon_pixmap
from kiosk.ui.widgets import Card, Keypad, button, label

__all__ = ["CheckinScreen"]


class CheckinScreen(KioskScreen):
    """Check in by QR code (camera) or booking code (keypad)."""

    def __init__(self, context: ScreenContext) -> None:
        super().__init__(context)
        colours = self.theme.colours
        self.heading = label("", "heading")
        self.body.addWidget(self.heading)
        self.answer = Card()
        self.answer_icon = QLabel()
        self.answer_title = label("", "problem")
        self.answer_text = label("")
        row = QHBoxLayout()
        row.addWidget(self.answer_icon, 0, Qt.AlignmentFlag.AlignTop)
        words = QVBoxLayout()
        words.addWidget(self.answer_title)
        words.addWidget(self.answer_text)
        row.addLayout(words, 1)
        self.answer.layout_.addLayout(row)
        self.body.addWidget(self.answer)
        self.columns = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.columns.setSpacing(32)
        self.body.addLayout(self.columns, 1)
        self.camera_side = QVBoxLayout()
        self.camera = CameraView(colours.accent, colours.brand_dark)
        self.camera_help = label("", align=Qt.AlignmentFlag.AlignCenter)
        self.camera_side.addWidget(self.camera, 1)
        self.camera_side.addWidget(self.camera_help)
        self.keypad_side = QVBoxLayout()
        self.keypad_side.setSpacing(16)
        self.code_help = label("")
        self.code = label("", "title", align=Qt.AlignmentFlag.AlignCenter)
        self.code.setProperty("role", "title")
        self.keypad = Keypad(KEYPAD_ALPHABET)
        self.submit = button("", "primary", self.session.checkin.submit_typed)
        self.keypad_side.addWidget(self.code_help)
        self.keypad_side.addWidget(self.code)
        self.keypad_side.addWidget(self.keypad, 1)
        self.keypad_side.addWidget(self.submit)
        self.columns.addLayout(self.camera_side, 4)
        self.columns.addLayout(self.keypad_side, 5)
        flow = self.session.checkin
        self.keypad.key_pressed.connect(flow.type_key)
        self.keypad.erase_pressed.connect(flow.erase)
        self.keypad.clear_pressed.connect(flow.clear)
        flow.typed_code_changed.connect(self._changed)
        flow.checking.connect(self._changed)
        flow.finished.connect(self._changed)

    def _changed(self, *_: Any) -> None:
        self.refresh()

    def refresh(self) -> None:
        flow = self.session.checkin
        self.heading.setText(self.tr("Check in for your appointment"))
        self.columns.setDirection(QBoxLayout.Direction.TopToBottom if self.portrait else QBoxLayout.Direction.LeftToRight)
        self.keypad.set_portrait(self.portrait)
        has_camera = self.context.camera_available
        self.camera.setVisible(has_camera)
        self.camera_help.setVisible(has_camera)
        self.camera_help.setText(self.tr("Hold the QR code of your booking inside the square"))
        self.code_help.setText(self.tr("Or type your booking code (%1 letters and digits)").replace(
            "%1", str(CODE_LENGTH)) if has_camera else self.tr("Type your booking code (%1 letters and digits)")
            .replace("%1", str(CODE_LENGTH)))
        shown = flow.typed_code + "·" * (CODE_LENGTH - len(flow.typed_code))
        self.code.setText(" ".join(shown))
        self.keypad.erase.setText(self.tr("Erase"))
        self.keypad.clear.setText(self.tr("Clear"))
        self.submit.setText(self.tr("Checking…") if flow.checking_now else self.tr("Check in"))
        self.submit.setEnabled(flow.code_complete and not flow.checking_now)
        self._draw_answer(flow.outcome, flow.server_text)

    def _draw_answer(self, outcome: CheckinOutcome | None, server_text: str) -> None:
        failed = outcome is not None and outcome not in {CheckinOutcome.CHECKED_IN, CheckinOutcome.CHECKED_IN_LATE}
        self.answer.setVisible(failed)
        if not failed:
            return
        title, next_step = self.words.checkin_outcome(outcome, server_text)
        size = self.theme.sizes.heading + 8
        self.answer_icon.setPixmap(icon_pixmap(Icon.WARNING, size, self.theme.colours.danger))
        self.answer_icon.setFixedSize(QSize(size, size))
        self.answer_title.setText(title)
        self.answer_text.setText(next_step)
