"""The kiosk application put together: configuration, devices, client, flows, window."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtWidgets import QApplication, QMessageBox

from client import BranchQClient
from kiosk.config import KioskConfig, Orientation
from kiosk.devices import PrinterWorker
from kiosk.flows import KioskSession, SessionSettings
from kiosk.ui.base import ScreenContext
from kiosk.ui.texts import Words
from kiosk.ui.window import KioskWindow
from qtkit import Language, Translations, missing_cjk_font_message

__all__ = ["KioskApp", "build_kiosk"]

log = logging.getLogger("branchq.kiosk")


@dataclass
class KioskApp:
    """The running kiosk's parts (kept together so they live as long as the window)."""

    config: KioskConfig
    client: BranchQClient
    translations: Translations
    session: KioskSession
    window: KioskWindow
    printer: PrinterWorker | None
    devices: list[Any] = field(default_factory=list)

    def stop(self) -> None:
        self.session.stop()
        for device in [*self.devices, self.printer]:
            if device is not None:
                device.stop()
        self.client.close()


def build_kiosk(config: KioskConfig, *, camera: Any = None, start_printer: bool = True) -> KioskApp:
    """Everything but the event loop; needs a QApplication."""
    language = Language.parse(config.language.value)
    translations = Translations("kiosk", language)
    client = BranchQClient(config.server_url, language=language.http_tag)
    printer = PrinterWorker(config.printer_url) if config.printer_url else None
    if printer is not None and start_printer:
        printer.start()
    settings = SessionSettings(
        branch=config.branch, username=config.device_username, password=config.device_password,
        language=language, elder_mode=config.elder_mode,
    )
    session = KioskSession(settings, client, translations, printer=printer)
    context = ScreenContext(session, Words(language), camera_available=camera is not None)
    window = KioskWindow(context, exit_pin=config.exit_pin)
    if config.orientation is Orientation.PORTRAIT:
        window.resize(1080, 1920)
    else:
        window.resize(1920, 1080)
    return KioskApp(config, client, translations, session, window, printer)


def run(config: KioskConfig, *, windowed: bool = False) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("BranchQ kiosk")
    problem = missing_cjk_font_message()
    if problem is not None:
        print(problem, file=sys.stderr)
        QMessageBox.critical(None, "BranchQ", problem)
        return 3
    kiosk = build_kiosk(config)
    kiosk.session.idle.watch(app)
    kiosk.window.staff_exit.connect(app.quit)
    kiosk.session.start()
    if windowed:
        kiosk.window.show()
    else:
        kiosk.window.showFullScreen()
    try:
        return app.exec()
    finally:
        kiosk.stop()
