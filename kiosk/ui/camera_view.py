"""The camera preview with a square guide: where to hold the QR code, or where to look for face check-in."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

__all__ = ["CameraView"]


class CameraView(QWidget):
    """Paints the latest camera frame (scaled to fill, mirrored like a mirror) and a square guide over it.

    Frames arrive by `show_frame(QImage)` from the camera worker's signal, on the UI thread.

    Signals:
        resized(QSize): the view's new size (the camera worker scales frames to it, off the UI thread).
    """

    resized = Signal(QSize)

    def __init__(self, guide_colour: str, dim_colour: str, round_guide: bool = False) -> None:
        super().__init__()
        self._frame: QImage | None = None
        self._guide = QColor(guide_colour)
        self._dim = QColor(dim_colour)
        self._round = round_guide
        self.frames_shown = 0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(QSize(320, 320))

    @Slot(QImage)
    def show_frame(self, frame: QImage) -> None:
        self._frame = frame
        self.frames_shown += 1
        self.update()

    def clear(self) -> None:
        self._frame = None
        self.update()

    def resizeEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)  # type: ignore[arg-type]
        self.resized.emit(self.size())

    def paintEvent(self, _event: object) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.fillRect(self.rect(), self._dim)
        if self._frame is not None and not self._frame.isNull():
            scaled = self._frame.scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                                        Qt.TransformationMode.SmoothTransformation)
            x = (self.width() - scaled.width()) // 2
            y = (self.height() - scaled.height()) // 2
            painter.drawImage(x, y, scaled)
        side = min(self.width(), self.height()) * 0.62
        guide = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        painter.setPen(QPen(self._guide, 8))
        if self._round:
            painter.drawEllipse(guide.adjusted(side * 0.12, 0, -side * 0.12, 0))
        else:
            corner = side / 5
            for x, y, dx, dy in ((guide.left(), guide.top(), 1, 1), (guide.right(), guide.top(), -1, 1),
                                 (guide.left(), guide.bottom(), 1, -1), (guide.right(), guide.bottom(), -1, -1)):
                painter.drawLine(int(x), int(y), int(x + dx * corner), int(y))
                painter.drawLine(int(x), int(y), int(x), int(y + dy * corner))
        painter.end()
