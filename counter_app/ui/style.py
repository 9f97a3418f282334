"""The counter app's look: the shared palette at a teller screen's sizes, and the colour of each desk state."""

from __future__ import annotations

from counter_app.flows import DeskState
from qtkit import Colours


def state_colour(colours: Colours, state: DeskState) -> tuple[str, str]:
    """(background, text) of the state band: seen from across the room, never by colour alone (a word too)."""
    return {
        DeskState.IDLE: (colours.ok, colours.text_on_brand),
        DeskState.CALLED: (colours.accent, colours.text),
        DeskState.SERVING: (colours.brand, colours.text_on_brand),
        DeskState.PAUSED: (colours.warning, colours.text_on_brand),
        DeskState.SIGNED_OUT: (colours.surface_alt, colours.text),
    }[state]


def stylesheet(colours: Colours, font_family: str = "WenQuanYi Micro Hei") -> str:
    c = colours
    return "\n".join([
        f'* {{ font-family: "{font_family}"; font-size: 20px; color: {c.text}; }}',
        f"QMainWindow, QWidget#desk, QWidget#customer {{ background: {c.surface_alt}; }}",
        f'QFrame[role="card"] {{ background: {c.surface}; border: 2px solid {c.border}; border-radius: 10px; }}',
        'QFrame[role="card"] QLabel { background: transparent; }',
        f'QLabel[role="heading"] {{ font-size: 26px; font-weight: bold; color: {c.brand}; }}',
        f'QLabel[role="number"] {{ font-size: 120px; font-weight: bold; color: {c.brand};'
        ' font-family: "DejaVu Sans Mono", monospace; }',
        f'QLabel[role="muted"] {{ color: {c.text_muted}; }}',
        f'QLabel[role="problem"] {{ color: {c.danger}; font-weight: bold; }}',
        f'QLabel[role="late"] {{ color: {c.danger}; font-weight: bold; }}',
        "QLabel#state { font-size: 40px; font-weight: bold; padding: 10px 24px; border-radius: 10px; }",
        f"QPushButton {{ min-height: 64px; padding: 6px 14px; background: {c.surface}; color: {c.text};"
        f" border: 2px solid {c.border}; border-radius: 10px; font-size: 20px; }}",
        f"QPushButton:pressed {{ background: {c.brand_light}; border-color: {c.focus}; }}",
        f"QPushButton:disabled {{ color: {c.text_muted}; background: {c.surface_alt}; border-style: dashed; }}",
        f'QPushButton[role="primary"] {{ background: {c.brand}; color: {c.text_on_brand}; font-weight: bold; }}',
        f'QPushButton[role="primary"]:disabled {{ background: {c.surface_alt}; color: {c.text_muted}; }}',
        'QPushButton[role="chip"] { min-height: 48px; border-radius: 24px; }',
        f'QPushButton[role="chip"]:checked {{ background: {c.brand}; color: {c.text_on_brand}; }}',
        f'QPushButton[role="star"] {{ font-size: 56px; min-width: 96px; color: {c.accent}; }}',
        f"QLineEdit, QComboBox, QSpinBox {{ min-height: 48px; padding: 2px 10px; background: {c.surface};"
        f" border: 2px solid {c.border}; border-radius: 8px; }}",
        f"QTableWidget {{ background: {c.surface}; gridline-color: {c.border}; }}",
        f"QHeaderView::section {{ background: {c.brand_light}; padding: 6px; border: none; font-weight: bold; }}",
    ])
