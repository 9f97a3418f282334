"""Qt toolkit shared by the BranchQ apps (kiosk, counter app): the Qt side of `client`, translations, the
palette as a style, the CJK font check and the idle watcher. It imports `client` and PySide6, never `server`.
"""

from qtkit.bridge import EventBridge, QtClient
from qtkit.fonts import CJK_FAMILY, missing_cjk_font_message
from qtkit.i18n import CatalogueError, Language, Translations, compile_catalogues
from qtkit.idle import IdleWatcher
from qtkit.tasks import Tasks
from qtkit.theme import ELDER_SCALE, Colours, Sizes, Theme, contrast_ratio

__all__ = [
    "CJK_FAMILY",
    "ELDER_SCALE",
    "CatalogueError",
    "Colours",
    "EventBridge",
    "IdleWatcher",
    "Language",
    "QtClient",
    "Sizes",
    "Tasks",
    "Theme",
    "Translations",
    "compile_catalogues",
    "contrast_ratio",
    "missing_cjk_font_message",
]
