"""The CJK font check at start: without a Chinese font every label would be empty boxes."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase

__all__ = ["CJK_FAMILY", "INSTALL_HINT", "missing_cjk_font_message"]

CJK_FAMILY = "WenQuanYi Micro Hei"
INSTALL_HINT = "sudo apt install fonts-wqy-microhei"


def missing_cjk_font_message(families: list[str] | None = None) -> str | None:
    """None when the CJK font is installed, else a sentence (in both languages: no catalogue can help yet)
    saying what is missing and how to install it. Needs a QGuiApplication."""
    installed = QFontDatabase.families() if families is None else families
    if CJK_FAMILY in installed:
        return None
    return (
        f"缺少中文字体 {CJK_FAMILY}，中文将无法显示。请安装：{INSTALL_HINT}\n"
        f"The Chinese font {CJK_FAMILY} is missing, so Chinese text cannot be shown. Install it: {INSTALL_HINT}"
    )
