"""Home: three or four big tiles, each with an icon and two lines (what it is, who it is for)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.flows import Screen
from kiosk.ui.base import KioskScreen, ScreenContext
from kiosk.ui.icons import Icon, icon_pixmap
from kiosk.ui.widgets import TileButton, clear_layout, label

__all__ = ["HomeScreen"]


class HomeScreen(KioskScreen):
    """The first screen: take a ticket, I have an appointment, face check-in (when offered), guide."""

    def __init__(self, context: ScreenContext) -> None:
        super().__init__(context)
        self.greeting = label("", "title", align=Qt.AlignmentFlag.AlignCenter)
        self.hint = label("", "muted", align=Qt.AlignmentFlag.AlignCenter)
        self.tiles = QGridLayout()
        self.tiles.setSpacing(32)
        self.body.addWidget(self.greeting)
        self.body.addWidget(self.hint)
        self.body.addSpacing(16)
        self.body.addLayout(self.tiles, 1)
        self.tile_buttons: dict[Screen, QPushButton] = {}

    def spoken_text(self) -> str:
        return f"{self.greeting.text()}。{self.hint.text()}"

    def face_offered(self) -> bool:
        face = self.session.face
        return bool(self.context.camera_available and face is not None and face.available)

    def refresh(self) -> None:
        clear_layout(self.tiles)
        self.tile_buttons = {}
        self.greeting.setText(self.tr("Welcome"))
        self.hint.setText(self.tr("Touch a choice below to begin"))
        tiles = [
            (Screen.SERVICES, Icon.TICKET, self.tr("Take a ticket"), self.tr("Queue for a service at a counter")),
            (Screen.CHECKIN, Icon.CALENDAR, self.tr("I have an appointment"),
             self.tr("Check in with your QR code or booking code")),
        ]
        if self.face_offered():
            tiles.append((Screen.FACE, Icon.FACE, self.tr("Face check-in"),
                          self.tr("For customers who agreed to face check-in")))
        tiles.append((Screen.GUIDE, Icon.GUIDE, self.tr("Guide"),
                      self.tr("Where to go, what to bring, how long it takes")))
        columns = 1 if self.portrait else 2
        for index, (screen, icon, title, line) in enumerate(tiles):
            tile = self._tile(icon, title, line)
            tile.clicked.connect(lambda _=False, target=screen: self.session.navigator.go(target))
            self.tile_buttons[screen] = tile
            self.tiles.addWidget(tile, index // columns, index % columns)
        for row in range(4):
            self.tiles.setRowStretch(row, 1 if row <= (len(tiles) - 1) // columns else 0)

    def _tile(self, icon: Icon, title: str, line: str) -> QPushButton:
        sizes = self.theme.sizes
        tile = TileButton()
        tile.setProperty("role", "tile")
        tile.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        tile.setMinimumHeight(round(sizes.heading * 5))
        row = QHBoxLayout(tile)
        row.setContentsMargins(32, 16, 32, 16)
        row.setSpacing(32)
        picture = QLabel()
        picture.setPixmap(icon_pixmap(icon, sizes.heading * 2, self.theme.colours.brand))
        picture.setFixedSize(QSize(sizes.heading * 2, sizes.heading * 2))
        row.addWidget(picture)
        text = QVBoxLayout()
        text.addStretch(1)
        text.addWidget(label(title, "heading"))
        text.addWidget(label(line, "muted"))
        text.addStretch(1)
        holder = QWidget()
        holder.setLayout(text)
        holder.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        picture.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        row.addWidget(holder, 1)
        return tile
