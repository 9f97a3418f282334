"""The palette of `resources/palette.json` as a Qt style: one stylesheet and one QPalette for every app.

Widgets never name a colour: they set a `role` property (`heading`, `number`, `muted`, `card`, `primary`,
`danger`…) and the stylesheet built here colours and sizes them. Sizes follow docs' kiosk figures (body
28 px, headings 40 px, the ticket number 180 px) and grow by `ELDER_SCALE` in elder mode, where muted text
turns to full-contrast text (7:1).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from importlib import resources

from PySide6.QtGui import QColor, QPalette

__all__ = ["ELDER_SCALE", "Colours", "Sizes", "Theme", "contrast_ratio"]

ELDER_SCALE = 1.3


@dataclass(frozen=True)
class Colours:
    """The named colours of resources/palette.json."""

    brand: str
    brand_dark: str
    brand_light: str
    surface: str
    surface_alt: str
    text: str
    text_muted: str
    text_on_brand: str
    accent: str
    accent_text: str
    ok: str
    warning: str
    danger: str
    border: str
    focus: str

    @classmethod
    def load(cls) -> Colours:
        data = json.loads(resources.files("resources").joinpath("palette.json").read_text(encoding="utf-8"))
        return cls(**{field.name: data[field.name] for field in fields(cls)})


@dataclass(frozen=True)
class Sizes:
    """Pixel sizes of text and targets."""

    body: int = 28
    small: int = 22
    heading: int = 40
    title: int = 52
    number: int = 180
    target: int = 60
    gap: int = 16

    def scaled(self, factor: float) -> Sizes:
        return Sizes(**{field.name: round(getattr(self, field.name) * factor) for field in fields(self)})


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two `#rrggbb` colours (1 to 21)."""
    high, low = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@dataclass(frozen=True)
class Theme:
    """Colours and sizes for one mode (regular or elder).

    Attributes:
        elder: elder mode: text x1.3, fewer choices per screen, muted text at full contrast.
        colours: the palette.
        sizes: the pixel sizes of this mode.
    """

    elder: bool = False
    colours: Colours = None  # type: ignore[assignment]
    font_family: str = "WenQuanYi Micro Hei"

    def __post_init__(self) -> None:
        if self.colours is None:
            object.__setattr__(self, "colours", Colours.load())

    @property
    def sizes(self) -> Sizes:
        return Sizes().scaled(ELDER_SCALE) if self.elder else Sizes()

    @property
    def max_choices(self) -> int:
        """How many choices one screen offers at most."""
        return 4 if self.elder else 6

    @property
    def muted_text(self) -> str:
        return self.colours.text if self.elder else self.colours.text_muted

    def qpalette(self) -> QPalette:
        c = self.colours
        palette = QPalette()
        for role, colour in (
            (QPalette.ColorRole.Window, c.surface_alt),
            (QPalette.ColorRole.Base, c.surface),
            (QPalette.ColorRole.WindowText, c.text),
            (QPalette.ColorRole.Text, c.text),
            (QPalette.ColorRole.Button, c.surface),
            (QPalette.ColorRole.ButtonText, c.text),
            (QPalette.ColorRole.Highlight, c.brand),
            (QPalette.ColorRole.HighlightedText, c.text_on_brand),
        ):
            palette.setColor(role, QColor(colour))
        return palette

    def stylesheet(self) -> str:
        c, s = self.colours, self.sizes
        return "\n".join([
            f'* {{ font-family: "{self.font_family}"; font-size: {s.body}px; color: {c.text}; }}',
            f"QWidget#screen, QStackedWidget {{ background: {c.surface_alt}; }}",
            f'QLabel[role="heading"] {{ font-size: {s.heading}px; font-weight: bold; color: {c.text}; }}',
            f'QLabel[role="title"] {{ font-size: {s.title}px; font-weight: bold; color: {c.brand}; }}',
            f'QLabel[role="muted"] {{ color: {self.muted_text}; }}',
            f'QLabel[role="small"] {{ font-size: {s.small}px; color: {self.muted_text}; }}',
            f'QLabel[role="number"] {{ font-size: {s.number}px; font-weight: bold; color: {c.brand};'
            ' font-family: "DejaVu Sans Mono", monospace; }',
            f'QLabel[role="ok"] {{ color: {c.ok}; font-size: {s.heading}px; font-weight: bold; }}',
            f'QLabel[role="problem"] {{ color: {c.danger}; font-size: {s.heading}px; font-weight: bold; }}',
            f'QLabel[role="notice"] {{ background: {c.brand_light}; color: {c.text}; border-left: 8px solid'
            f" {c.warning}; padding: 12px; }}",
            f'QFrame[role="bar"] {{ background: {c.brand}; }}',
            f'QFrame[role="notice"] {{ background: {c.brand_light}; border-left: 10px solid {c.danger}; }}',
            'QFrame[role="notice"] QLabel { background: transparent; font-weight: bold; }',
            f'QFrame[role="bar"] QLabel {{ color: {c.text_on_brand}; }}',
            f'QFrame[role="card"] {{ background: {c.surface}; border: 2px solid {c.border}; border-radius: 12px; }}',
            'QFrame[role="card"] QLabel { background: transparent; }',
            f"QPushButton {{ min-height: {s.target}px; min-width: {s.target}px; padding: 8px 20px;"
            f" background: {c.surface}; color: {c.text}; border: 2px solid {c.border}; border-radius: 10px; }}",
            f"QPushButton:pressed {{ background: {c.brand_light}; border-color: {c.focus}; }}",
            f"QPushButton:disabled {{ color: {self.muted_text}; background: {c.surface_alt}; }}",
            f'QPushButton[role="primary"] {{ background: {c.brand}; color: {c.text_on_brand};'
            f" border-color: {c.brand_dark}; font-weight: bold; }}",
            f'QPushButton[role="primary"]:pressed {{ background: {c.brand_dark}; }}',
            f'QPushButton[role="bar"] {{ background: {c.brand_dark}; color: {c.text_on_brand};'
            f" border-color: {c.text_on_brand}; }}",
            f'QPushButton[role="bar"]:checked {{ background: {c.surface}; color: {c.brand_dark};'
            f" border: 4px solid {c.accent}; font-weight: bold; }}",
            f'QPushButton[role="tile"] {{ text-align: left; padding: 24px; background: {c.surface};'
            f" border: 3px solid {c.brand}; border-radius: 16px; }}",
            f'QPushButton[role="key"] {{ font-size: {s.heading}px; font-weight: bold; }}',
            f'QPushButton[role="tab"] {{ background: {c.surface}; }}',
            f'QPushButton[role="tab"]:checked {{ background: {c.brand}; color: {c.text_on_brand}; }}',
            f'QLineEdit {{ font-size: {s.heading}px; min-height: {s.target}px; padding: 4px 12px;'
            f" background: {c.surface}; border: 2px solid {c.border}; border-radius: 8px; }}",
        ])
