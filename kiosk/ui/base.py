"""What every kiosk screen shares: the session it draws, the words it says, the theme it is drawn in."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.flows import KioskSession
from kiosk.ui.texts import Words
from qtkit import Theme

__all__ = ["KioskScreen", "ScreenContext"]


@dataclass
class ScreenContext:
    """Shared by the screens of one window.

    Attributes:
        session: the kiosk's flows (the screens read its state and pass taps to it).
        words: sentences in the current language.
        theme: the current theme (regular or elder mode); replaced when elder mode changes.
        camera_available: the kiosk has a camera (check-in by QR code, face check-in).
    """

    session: KioskSession
    words: Words
    theme: Theme = field(default_factory=Theme)
    camera_available: bool = False


class KioskScreen(QWidget):
    """A passive screen: `refresh()` redraws it from the session's state in the current language and theme;
    `set_portrait()` arranges it for the screen's orientation."""

    def __init__(self, context: ScreenContext) -> None:
        super().__init__()
        self.setObjectName("screen")
        self.context = context
        self.portrait = True
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(48, 32, 48, 32)
        self.body.setSpacing(24)

    @property
    def session(self) -> KioskSession:
        return self.context.session

    @property
    def words(self) -> Words:
        return self.context.words

    @property
    def theme(self) -> Theme:
        return self.context.theme

    def refresh(self) -> None:  # pragma: no cover - every screen draws itself
        raise NotImplementedError

    def set_portrait(self, portrait: bool) -> None:
        if portrait != self.portrait:
            self.portrait = portrait
            # landscape has 1080 px of height for the bars and the screen: tighter margins
            self.body.setContentsMargins(48, 32, 48, 32) if portrait else self.body.setContentsMargins(40, 16, 40, 16)
            self.body.setSpacing(24 if portrait else 16)
            self.refresh()

    def spoken_text(self) -> str:
        """What the voice guidance says when the screen comes into view: its heading."""
        heading = getattr(self, "heading", None)
        return heading.text() if heading is not None else ""

    def shown(self) -> None:
        """The screen came into view (start a camera, speak a sentence)."""

    def hidden(self) -> None:
        """The screen left the view (stop a camera)."""
