"""Save a screenshot of every kiosk screen, in both languages and both orientations, to docs/screenshots/.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots_kiosk.py [--only NAME]

It starts a demo server of its own on loopback (the tests' live server), opens two counters so services are
available, and drives the real kiosk through its flows. The face check-in screens show a synthetic camera frame
(a drawn face) and the greeting comes from a made-up encoding enrolled for an appointment due now (the server
matches it for real): the test photos never appear in screenshots. "Server away" is a kiosk started while the
server is down, showing the guide it kept from its last run.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QImage, QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

import numpy as np  # noqa: E402

from client import BranchQClient  # noqa: E402
from kiosk.demo_assets import book_appointment_now, code_frames  # noqa: E402
from hardware.printer import PaperLevel, PrinterStatus  # noqa: E402
from hardware.testing import FakeNetworkPrinter  # noqa: E402
from kiosk.app import build_kiosk  # noqa: E402
from kiosk.config import KioskConfig, Orientation  # noqa: E402
from kiosk.devices import FaceCapture  # noqa: E402
from kiosk.flows import Connection, FaceStage, Screen, TicketStage  # noqa: E402
from qtkit import Language, compile_catalogues  # noqa: E402
from tests.support.live_server import LiveServer  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}
FACE_CUSTOMERS = itertools.count(1)


def wait_until(condition: Callable[[], bool], timeout_s: float = 15.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the kiosk did not get there in time")
        QApplication.processEvents()
        time.sleep(0.01)


def settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


def synthetic_face_frame() -> QImage:
    """A drawn face on a plain background: what the camera preview looks like, without a real person."""
    image = QImage(640, 480, QImage.Format.Format_RGB32)
    image.fill(QColor("#8A9BB5"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor("#F0C8A0"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(QRectF(230, 110, 180, 230))
    painter.setBrush(QColor("#3B2A20"))
    painter.drawEllipse(QPointF(285, 210), 12, 8)
    painter.drawEllipse(QPointF(355, 210), 12, 8)
    painter.drawRect(QRectF(295, 285, 50, 8))
    painter.drawChord(QRectF(225, 95, 190, 110), 0, 180 * 16)
    painter.end()
    return image


def qr_frame(server: LiveServer) -> QImage:
    """A camera frame of a phone showing a booking's QR code (drawn, like the demo camera's frames)."""
    frame = code_frames(f"BQ1.A.SCREENSHOT.{server.port}", seed=3)[0]
    rgb = np.ascontiguousarray(frame[:, :, ::-1])
    height, width, _ = rgb.shape
    return QImage(rgb.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()


def open_counters(server: LiveServer) -> list[tuple[BranchQClient, int]]:
    opened = []
    for number, username in ((1, "teller1"), (2, "teller2")):
        teller = BranchQClient(server.base_url)
        teller.login(username, server.accounts.password)
        counters = {c["number"]: c["counter_id"] for c in teller.live_queue(server.branch)["counters"]}
        teller.open_counter(counters[number])
        opened.append((teller, counters[number]))
    return opened


def enroll_synthetic_face(server: LiveServer) -> None:
    """Someone enrolled for face check-in (so Home offers it): random numbers as the encoding, no photo."""
    import random

    customer = BranchQClient(server.base_url)
    staff = BranchQClient(server.base_url)
    staff.login("lobby", server.accounts.password)
    slot = (datetime.now(UTC) + timedelta(hours=3)).replace(minute=0, second=0, microsecond=0)
    booking = customer.post(f"/branches/{server.branch}/appointments", {
        "service": "wealth", "slot_start": slot.isoformat(), "name": "示例", "phone": "13800138000"}, auth=False)
    rng = random.Random(7)
    encoding = [rng.uniform(-0.2, 0.2) for _ in range(128)]
    staff.post(f"/appointments/{booking['code']}/face", {
        "encodings": [encoding], "consent": {"text_version": "face-checkin-v1", "channel": "counter",
                                              "display_name": "王女士"}})
    customer.close()
    staff.close()


def enroll_face_due_now(server: LiveServer, seed: int) -> list[float]:
    """An appointment that may be checked in now, with a made-up face encoding and the greeting name 王女士;
    the kiosk that sends this encoding is greeted and checked in by the server. One customer per `seed`
    (a customer checked in once is not checked in again)."""
    import random

    customer = BranchQClient(server.base_url)
    staff = BranchQClient(server.base_url)
    staff.login("lobby", server.accounts.password)
    booking = book_appointment_now(customer, server.branch, "wealth", name="王丽", phone=f"1390013{seed:04d}")
    rng = random.Random(seed)
    encoding = [rng.uniform(-0.2, 0.2) for _ in range(128)]
    staff.post(f"/appointments/{booking.code}/face", {
        "encodings": [encoding], "consent": {"text_version": "face-checkin-v1", "channel": "counter",
                                              "display_name": "王女士"}})
    customer.close()
    staff.close()
    return encoding


def shoot(server: LiveServer, orientation: str, language: Language, only: str | None, camera: Path) -> list[Path]:
    with FakeNetworkPrinter() as printer:
        return shoot_with(server, orientation, language, only, camera, printer)


def shoot_with(
    server: LiveServer, orientation: str, language: Language, only: str | None, camera: Path,
    printer: FakeNetworkPrinter,
) -> list[Path]:
    config = KioskConfig(
        server_url=server.base_url, branch=server.branch, device_username="kiosk-1",
        device_password=server.accounts.password, exit_pin="0000", printer_url=printer.url,
        camera_source=str(camera), language=language, orientation=Orientation(orientation),
        cache_folder=camera / "cache",
    )
    kiosk = build_kiosk(config, start_devices=False)
    kiosk.printer.start()
    session, window = kiosk.session, kiosk.window
    window.resize(*SIZES[orientation])
    window.show()
    session.start()
    wait_until(lambda: session.menu.services is not None)
    saved: list[Path] = []

    def save(name: str) -> None:
        if only and only != name:
            return
        settle()
        window.retranslate()
        settle()
        path = OUT / f"kiosk-{name}-{orientation}-{language.value}.png"
        window.grab().save(str(path))
        saved.append(path)

    navigator = session.navigator
    save("home")
    navigator.go(Screen.SERVICES)
    save("services")
    session.choose_service("cash")
    wait_until(lambda: session.ticket.stage in {TicketStage.DONE, TicketStage.PRINT_FAILED})
    save("ticket")
    navigator.home()
    printer.status = PrinterStatus(paper=PaperLevel.OUT)
    navigator.go(Screen.SERVICES)
    session.choose_service("fx")
    wait_until(lambda: session.ticket.stage in {TicketStage.DONE, TicketStage.PRINT_FAILED})
    save("ticket-paper-out")
    printer.status = PrinterStatus()
    navigator.home()
    navigator.go(Screen.CHECKIN)
    window.screens[Screen.CHECKIN].camera.show_frame(qr_frame(server))
    for key in "K7":
        session.checkin.type_key(key)
    save("checkin")
    for key in "ZZZ2":
        session.checkin.type_key(key)
    session.checkin.submit_typed()
    wait_until(lambda: session.checkin.outcome is not None)
    save("checkin-refused")
    navigator.go(Screen.GUIDE)
    save("guide")
    navigator.home()
    navigator.go(Screen.FACE)
    window.screens[Screen.FACE].camera.show_frame(synthetic_face_frame())
    save("face")
    if not only or only == "face-greeting":
        capture = next(device for device in kiosk.devices if isinstance(device, FaceCapture))
        capture.captured.emit(enroll_face_due_now(server, seed=next(FACE_CUSTOMERS)))
        wait_until(lambda: session.face.stage in {FaceStage.GREETED, FaceStage.FALLBACK})
        if session.face.stage is FaceStage.FALLBACK:
            raise RuntimeError(f"the drawn face was not checked in: {session.face.reason}")
        wait_until(lambda: session.face.stage is FaceStage.GREETED)
        window.screens[Screen.FACE].camera.show_frame(synthetic_face_frame())
        save("face-greeting")
    navigator.home()
    session.set_elder_mode(True)
    save("home-elder")
    navigator.go(Screen.SERVICES)
    save("services-elder")
    session.set_elder_mode(False)
    navigator.home()
    window.hide()
    kiosk.stop()
    if not only or only == "offline-guide":
        with server.down():  # a kiosk (re)started while the server is away: the guide it kept last time
            kiosk = build_kiosk(config, start_devices=False)
            session, window = kiosk.session, kiosk.window
            window.resize(*SIZES[orientation])
            window.show()
            session.start()
            wait_until(lambda: session.connection.state is Connection.OFFLINE, timeout_s=30)
            session.navigator.go(Screen.GUIDE)
            save("offline-guide")
            window.hide()
            kiosk.stop()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="one screen's name (home, services, ticket, checkin, guide, face…)")
    parser.add_argument("--orientation", choices=sorted(SIZES))
    parser.add_argument("--language", choices=[language.value for language in Language])
    arguments = parser.parse_args(argv)
    compile_catalogues()
    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    server = LiveServer(Path(tempfile.mkdtemp(prefix="branchq-shots-")))
    server.start()
    tellers = open_counters(server)
    enroll_synthetic_face(server)
    camera = Path(tempfile.mkdtemp(prefix="branchq-shots-camera-"))
    try:
        for orientation in [arguments.orientation] if arguments.orientation else sorted(SIZES):
            for language in [Language(arguments.language)] if arguments.language else list(Language):
                for path in shoot(server, orientation, language, arguments.only, camera):
                    print(path.relative_to(ROOT))
    finally:
        for teller, counter_id in tellers:
            teller.close_counter(counter_id)
            teller.close()
        server.stop()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
