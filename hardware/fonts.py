"""The one place that finds a CJK font on this machine.

Ticket raster printing and previews need a font that covers Chinese. We do not ship one (good CJK
fonts are 10-20 MB); we look for a system font instead, and say exactly what to install when none is
found. `BRANCHQ_CJK_FONT` overrides the search (a path to a .ttf/.ttc/.otf).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from .errors import HardwareUnavailable

FONT_ENV = "BRANCHQ_CJK_FONT"

CANDIDATES: tuple[str, ...] = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simhei.ttf",
)


def find_cjk_font() -> Path:
    """Path of a font that can draw Chinese, or `HardwareUnavailable` saying what to install."""
    override = os.environ.get(FONT_ENV)
    if override:
        path = Path(override)
        if not path.is_file():
            raise HardwareUnavailable(
                f"{FONT_ENV}={override} does not name a font file",
                advice=f"point {FONT_ENV} at an existing .ttf/.ttc file or unset it",
            )
        return path
    return _search_candidates()


@lru_cache(maxsize=1)
def _search_candidates() -> Path:
    for candidate in CANDIDATES:
        if Path(candidate).is_file():
            return Path(candidate)
    raise HardwareUnavailable(
        "no Chinese (CJK) font is installed, so tickets cannot be drawn",
        advice=f"install one: apt install fonts-wqy-microhei (or fonts-noto-cjk), or set {FONT_ENV}",
    )


def cjk_font_available() -> bool:
    try:
        find_cjk_font()
    except HardwareUnavailable:
        return False
    return True
