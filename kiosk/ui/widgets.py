"""Small passive building blocks of the kiosk's screens: labelled text, cards, the QR code, the keypad."""

from __future__ import annotations

from collections.abc import Callable

from functools import lru_cache

import qrcode
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

QR_MASK = 4
"""The QR mask pattern used for every code on screen (any one reads; choosing the best costs 8 trials)."""

__all__ = ["Card", "ElidedLabel", "Keypad", "TileButton", "clear_layout", "label", "qr_pixmap", "button", "set_role"]


def set_role(widget: QWidget, role: str) -> None:
    """Style `widget` as `role` (see qtkit.theme) and re-apply the stylesheet to it."""
    widget.setProperty("role", role)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def label(text: str = "", role: str = "", *, wrap: bool = True, align: Qt.AlignmentFlag | None = None) -> QLabel:
    widget = QLabel(text)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    if role:
        widget.setProperty("role", role)
    if align is not None:
        widget.setAlignment(align)
    return widget


def button(text: str = "", role: str = "", on_click: Callable[[], None] | None = None) -> QPushButton:
    widget = QPushButton(text)
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    if role:
        widget.setProperty("role", role)
    if on_click is not None:
        widget.clicked.connect(lambda: on_click())
    return widget


def clear_layout(layout: QBoxLayout | QGridLayout) -> None:
    """Empty `layout`: its widgets leave the screen at once and are deleted later."""
    while layout.count():
        item = layout.takeAt(0)
        if item.widget() is not None:
            widget = item.widget()
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()
        elif item.layout() is not None:
            clear_layout(item.layout())


class TileButton(QPushButton):
    """A large button holding a layout of its own (icon, lines of text); as tall as its content needs."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        inner = self.layout().sizeHint() if self.layout() is not None else QSize()
        return super().sizeHint().expandedTo(inner)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        inner = self.layout().minimumSize() if self.layout() is not None else QSize()
        return super().minimumSizeHint().expandedTo(inner)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return self.layout() is not None and self.layout().hasHeightForWidth()

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        return max(self.minimumHeight(), self.layout().totalHeightForWidth(width))


class ElidedLabel(QLabel):
    """One line that ends in "…" when it does not fit (never clipped mid-letter); the whole text is its tooltip.

    Attributes:
        full_text: the text before eliding.
    """

    def __init__(self, role: str = "") -> None:
        super().__init__()
        self.full_text = ""
        self.setProperty("role", role)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_full_text(self, text: str) -> None:
        self.full_text = text
        self.setToolTip(text)
        self._elide()

    def resizeEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._elide()

    def changeEvent(self, event: object) -> None:  # noqa: N802 - Qt's name (a new style: a new font)
        super().changeEvent(event)  # type: ignore[arg-type]
        self._elide()

    def _elide(self) -> None:
        self.setText(self.fontMetrics().elidedText(self.full_text, Qt.TextElideMode.ElideRight, self.width()))


class Card(QFrame):
    """A white card with a border; `layout` holds its content."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(24, 20, 24, 20)
        self.layout_.setSpacing(8)


def qr_pixmap(text: str, size: int, dark: str, light: str = "#FFFFFF") -> QPixmap:
    """The QR code of `text`, `size` pixels square, drawn with whole modules (sharp for phone cameras).

    The screen redraws at every printing stage: the image is made once per ticket (`_qr_image` is cached)."""
    return QPixmap.fromImage(_qr_image(text, size, dark, light))


@lru_cache(maxsize=8)
def _qr_image(text: str, size: int, dark: str, light: str) -> QImage:
    # a fixed mask saves trying all eight on the UI thread (~20 ms down to ~3 ms, bench/README.md)
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, mask_pattern=QR_MASK)
    code.add_data(text)
    code.make(fit=True)
    matrix = code.get_matrix()
    modules = len(matrix)
    scale = max(1, size // modules)
    image = QImage(modules * scale, modules * scale, QImage.Format.Format_RGB32)
    image.fill(QColor(light))
    painter = QPainter(image)
    for row, cells in enumerate(matrix):
        for column, filled in enumerate(cells):
            if filled:
                painter.fillRect(column * scale, row * scale, scale, scale, QColor(dark))
    painter.end()
    return image


class Keypad(QWidget):
    """The booking-code keypad: digits ordered like a phone's (1 2 3 on top) and the code's letters below.

    Keys not in `alphabet` (I and O always; 0 and 1 unless ticket numbers are typed too) are left out of the
    letters or disabled among the digits, so nobody types a character that cannot be in a code.

    Signals:
        key_pressed(str): a digit or letter.
        erase_pressed(), clear_pressed()
    """

    key_pressed = Signal(str)
    erase_pressed = Signal()
    clear_pressed = Signal()

    def __init__(self, alphabet: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.alphabet = alphabet
        self.erase = button("", "", self.erase_pressed.emit)
        self.clear = button("", "", self.clear_pressed.emit)
        self.keys: dict[str, QPushButton] = {}
        digits = QGridLayout()
        digits.setSpacing(16)
        for index, digit in enumerate("123456789"):
            digits.addWidget(self._key(digit), index // 3, index % 3)
        for word_key in (self.erase, self.clear):
            word_key.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        digits.addWidget(self.clear, 3, 0)
        digits.addWidget(self._key("0"), 3, 1)
        digits.addWidget(self.erase, 3, 2)
        letters = QGridLayout()
        letters.setSpacing(12)
        for index, letter in enumerate(ch for ch in alphabet if ch.isalpha()):
            letters.addWidget(self._key(letter), index // 6, index % 6)
        self._layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._layout.setSpacing(32)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addLayout(digits, 1)
        self._layout.addLayout(letters, 2)

    def set_portrait(self, portrait: bool) -> None:
        """Letters below the digits in portrait, beside them in landscape."""
        self._layout.setDirection(QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight)

    def _key(self, key: str) -> QPushButton:
        widget = button(key, "key", lambda: self.key_pressed.emit(key))
        widget.setEnabled(key in self.alphabet)
        widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.keys[key] = widget
        return widget
