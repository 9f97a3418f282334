"""The kiosk's icons, drawn with QPainter (no image files, no emoji font needed): every state shown in colour
also has an icon and a word."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPixmap

__all__ = ["Icon", "icon_pixmap"]


class Icon(StrEnum):
    TICKET = "ticket"
    CALENDAR = "calendar"
    FACE = "face"
    GUIDE = "guide"
    CHECK = "check"
    WARNING = "warning"
    PAUSE = "pause"
    PRINTER = "printer"


def icon_pixmap(icon: Icon, size: int, colour: str) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor(colour), max(2.0, size / 14), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
               Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    unit = size / 24
    painter.scale(unit, unit)
    pen.setWidthF(max(2.0, size / 14) / unit)
    painter.setPen(pen)
    _DRAW[icon](painter, QColor(colour))
    painter.end()
    return pixmap


def _ticket(p: QPainter, _: QColor) -> None:
    path = QPainterPath()
    path.moveTo(3, 6)
    path.lineTo(21, 6)
    path.lineTo(21, 10)
    path.arcTo(QRectF(19, 10, 4, 4), 90, 180)
    path.lineTo(21, 18)
    path.lineTo(3, 18)
    path.lineTo(3, 14)
    path.arcTo(QRectF(1, 10, 4, 4), -90, 180)
    path.closeSubpath()
    p.drawPath(path)
    p.drawLine(QPointF(8, 10), QPointF(16, 10))
    p.drawLine(QPointF(8, 14), QPointF(14, 14))


def _calendar(p: QPainter, _: QColor) -> None:
    p.drawRoundedRect(QRectF(3, 5, 18, 16), 2, 2)
    p.drawLine(QPointF(3, 10), QPointF(21, 10))
    p.drawLine(QPointF(8, 3), QPointF(8, 7))
    p.drawLine(QPointF(16, 3), QPointF(16, 7))
    p.drawPolyline([QPointF(9, 15.5), QPointF(11, 17.5), QPointF(15.5, 13)])


def _face(p: QPainter, colour: QColor) -> None:
    for corner in ((3, 7, 3, 3, 7, 3), (17, 3, 21, 3, 21, 7), (21, 17, 21, 21, 17, 21), (7, 21, 3, 21, 3, 17)):
        p.drawPolyline([QPointF(corner[0], corner[1]), QPointF(corner[2], corner[3]), QPointF(corner[4], corner[5])])
    p.drawEllipse(QRectF(7, 6, 10, 12))
    p.setBrush(colour)
    p.drawEllipse(QPointF(10, 11), 0.6, 0.6)
    p.drawEllipse(QPointF(14, 11), 0.6, 0.6)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawArc(QRectF(9.5, 12, 5, 3.5), 200 * 16, 140 * 16)


def _guide(p: QPainter, colour: QColor) -> None:
    p.drawEllipse(QRectF(2.5, 2.5, 19, 19))
    p.drawLine(QPointF(12, 11), QPointF(12, 17))
    p.setBrush(colour)
    p.drawEllipse(QPointF(12, 7.5), 0.8, 0.8)


def _check(p: QPainter, _: QColor) -> None:
    p.drawEllipse(QRectF(2.5, 2.5, 19, 19))
    p.drawPolyline([QPointF(7.5, 12.5), QPointF(10.5, 15.5), QPointF(16.5, 9)])


def _warning(p: QPainter, colour: QColor) -> None:
    path = QPainterPath()
    path.moveTo(12, 3)
    path.lineTo(22, 20.5)
    path.lineTo(2, 20.5)
    path.closeSubpath()
    p.drawPath(path)
    p.drawLine(QPointF(12, 9.5), QPointF(12, 14))
    p.setBrush(colour)
    p.drawEllipse(QPointF(12, 17.3), 0.7, 0.7)


def _pause(p: QPainter, _: QColor) -> None:
    p.drawEllipse(QRectF(2.5, 2.5, 19, 19))
    p.drawLine(QPointF(10, 8.5), QPointF(10, 15.5))
    p.drawLine(QPointF(14, 8.5), QPointF(14, 15.5))


def _printer(p: QPainter, _: QColor) -> None:
    p.drawRect(QRectF(7, 3, 10, 5))
    p.drawRoundedRect(QRectF(3, 8, 18, 9), 2, 2)
    p.drawRect(QRectF(7, 14, 10, 7))


_DRAW = {
    Icon.TICKET: _ticket, Icon.CALENDAR: _calendar, Icon.FACE: _face, Icon.GUIDE: _guide, Icon.CHECK: _check,
    Icon.WARNING: _warning, Icon.PAUSE: _pause, Icon.PRINTER: _printer,
}
