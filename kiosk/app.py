"""The kiosk application put together: configuration, devices, client, flows, window."""

from __future__ import annotations

import dataclasses
import logging
import sys
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from client import BranchQClient, ClientError
from kiosk.config import KioskConfig, Orientation
from kiosk.devices import CameraFeed, FaceCapture, HealthReporter, PrinterWorker
from kiosk.flows import Connection, KioskSession, SessionSettings
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
    startable: list[Any] = field(default_factory=list)
    """The printer, camera and face capture, which `start_devices` starts (once)."""

    def start(self) -> None:
        """Log in and load the menu; the devices start once Home shows the menu (or the server failed to
        answer), so the camera's and the face process's start-up does not slow the first screen down."""
        self.session.menu.changed.connect(self._devices_soon)
        self.session.connection.state_changed.connect(self._devices_soon)
        self.session.start()

    def _devices_soon(self, state: Connection | None = None) -> None:
        if state in (None, Connection.OFFLINE):  # the menu is there, or will not come soon
            QTimer.singleShot(0, self.start_devices)  # after this turn of the event loop has painted Home

    def start_devices(self) -> None:
        for device in self.startable:
            device.start()
        self.startable = []

    def stop(self) -> None:
        self.session.stop()
        self.translations.uninstall()
        for device in [*self.devices, self.printer]:
            if device is not None:
                device.stop()
        self.client.close()


def build_kiosk(
    config: KioskConfig, *, start_devices: bool = True, face: bool = True, client: BranchQClient | None = None
) -> KioskApp:
    """Everything but the event loop; needs a QApplication. The devices start at once unless told not to
    (the screenshot script feeds the preview itself)."""
    language = Language.parse(config.language.value)
    translations = Translations("kiosk", language)
    client = client or BranchQClient(config.server_url, language=language.http_tag)
    printer = PrinterWorker(config.printer_url) if config.printer_url else None
    camera = CameraFeed(config.camera_source) if config.camera_source else None
    face_capture = FaceCapture(camera.latest_frame) if camera is not None and face else None
    devices: list[Any] = [device for device in (camera, face_capture) if device is not None]
    settings = SessionSettings(
        branch=config.branch, username=config.device_username, password=config.device_password,
        language=language, elder_mode=config.elder_mode, voice=config.voice,
        cache_folder=config.cache_folder,
    )
    session = KioskSession(settings, client, translations, printer=printer, camera=camera, face_capture=face_capture)
    context = ScreenContext(session, Words(language), camera_available=camera is not None)
    window = KioskWindow(context, exit_pin=config.exit_pin)
    if camera is not None:
        camera.frame_ready.connect(window.show_camera_frame)
        window.preview_size_changed.connect(camera.set_preview_size)
    health = HealthReporter(session.qt_client, client, parent=session)
    if printer is not None:
        health.watch_printer(printer)
    if camera is not None:
        health.watch_camera(camera)
    session.connection.came_online.connect(health.start)  # logged in: staff learn of a paper-out at once
    devices.append(health)
    portrait = config.orientation is Orientation.PORTRAIT
    window.set_orientation(portrait)
    window.resize(*((1080, 1920) if portrait else (1920, 1080)))
    startable = [device for device in (printer, camera, face_capture) if device is not None]
    kiosk = KioskApp(config, client, translations, session, window, printer, devices, startable)
    if start_devices:
        kiosk.start_devices()
    return kiosk


def with_demo_camera(config: KioskConfig) -> KioskConfig:
    """The demo's camera: an image folder showing appointments booked now on the demo server, so their QR
    codes check in for real. Without the server, the demo runs without a camera."""
    from kiosk.demo_assets import prepare_demo_assets  # numpy and the QR drawing: the demo's only

    client = BranchQClient(config.server_url)
    try:
        assets = prepare_demo_assets(client, config.branch)
    except ClientError as error:
        log.warning("demo camera not prepared (%s); the kiosk runs without a camera", error)
        return config
    finally:
        client.close()
    for appointment in assets.appointments:
        print(f"demo appointment {appointment.service}: booking code {appointment.code} ({appointment.slot_start})")
    return dataclasses.replace(config, camera_source=str(assets.camera_folder))


def run(config: KioskConfig, *, windowed: bool = False, demo: bool = False) -> int:
    # the client retries by itself and the kiosk says when the server is away: urllib3's warning on every
    # retried connection would fill the log of a kiosk whose server is down for the night
    logging.getLogger("urllib3.connectionpool").setLevel(logging.ERROR)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("BranchQ kiosk")
    problem = missing_cjk_font_message()
    if problem is not None:
        print(problem, file=sys.stderr)
        QMessageBox.critical(None, "BranchQ", problem)
        return 3
    if demo and config.camera_source is None:
        config = with_demo_camera(config)
    kiosk = build_kiosk(config, start_devices=False)
    kiosk.session.idle.watch(app)
    kiosk.window.staff_exit.connect(app.quit)
    kiosk.start()
    if windowed:
        kiosk.window.show()
    else:
        kiosk.window.showFullScreen()
    try:
        return app.exec()
    finally:
        kiosk.stop()
