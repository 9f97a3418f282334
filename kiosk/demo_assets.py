"""Devices for `branchq-kiosk --demo`: a camera whose frames show the running demo server's own codes,
and a printer that prints nowhere.

At start the demo books appointments for now through the API (as a customer would online), draws each
confirmation's signed QR code into camera-like frames (`hardware.synthetic_frames`) and writes them to
an image folder, which the kiosk opens as its camera: the codes come and go in front of the "camera"
and check in for real. Nothing here is a fake of the server: the codes are the server's.
"""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from client import ApiError, BranchQClient
from hardware.synthetic_frames import FRAME_SIZE, LEVELS, synthetic_frame

DEMO_PRINTER_URL = "dummy://"
DEMO_SERVICES = ("cash", "account", "wealth")
SLOT_MINUTES = 15
CHECK_IN_WINDOW = timedelta(hours=2)
"""The server checks an appointment in up to two hours before its slot: book within that window."""
CODE_FRAMES = 6
"""Distinct frames per code (a phone held up moves a little); each is shown `REPEATS` times."""
REPEATS = 5
BLANK_FRAMES = 30
"""Frames of an empty hall between two codes: one second at 30 frames/s."""


@dataclass(frozen=True, slots=True)
class BookedAppointment:
    """An appointment booked for the demo.

    Attributes:
        service: the service code.
        code: the booking code a customer may type.
        qr_code: the signed code of the confirmation's QR code (what the camera shows).
        slot_start: the slot, as the server answered it (ISO 8601).
    """

    service: str
    code: str
    qr_code: str
    slot_start: str


@dataclass(frozen=True, slots=True)
class DemoAssets:
    """What the demo kiosk uses as devices.

    Attributes:
        camera_folder: the image folder to open as the camera (`KioskConfig.camera_source`).
        printer_url: `dummy://`.
        appointments: what the frames show, in the order they appear.
    """

    camera_folder: Path
    printer_url: str
    appointments: tuple[BookedAppointment, ...]


def next_slots(now: datetime, within: timedelta = CHECK_IN_WINDOW) -> list[datetime]:
    """The quarter-hour slot starts after `now` (UTC), nearest first, up to `within` ahead."""
    now = now.astimezone(UTC)
    first = now.replace(second=0, microsecond=0) + timedelta(minutes=SLOT_MINUTES - now.minute % SLOT_MINUTES)
    count = int(within / timedelta(minutes=SLOT_MINUTES))
    return [first + timedelta(minutes=SLOT_MINUTES * step) for step in range(count)]


def demo_phone() -> str:
    """A demo customer's mobile number, new each time: the server lets one number hold only a few bookings."""
    return f"138{secrets.randbelow(10**8):08d}"


def book_appointment_now(
    client: BranchQClient,
    branch: str,
    service: str,
    now: datetime | None = None,
    name: str = "演示客户",
    phone: str = "13800138000",
) -> BookedAppointment:
    """Book the nearest free slot of `service` that can be checked in now (an online customer's booking).

    Raises the server's `ApiError` when no slot within the check-in window is free.
    """
    last_error: ApiError | None = None
    for slot in next_slots(now or datetime.now(UTC)):
        body = {"service": service, "slot_start": slot.isoformat(), "name": name, "phone": phone}
        try:
            answer = client.create(f"/branches/{branch}/appointments", body, auth=False)
        except ApiError as error:
            if error.code != "appointment.slot_full":
                raise
            last_error = error
            continue
        return BookedAppointment(service, answer["code"], answer["qr_code"], answer["slot_start"])
    assert last_error is not None
    raise last_error


def empty_hall(seed: int) -> np.ndarray:
    """A camera frame with nobody in front: a soft grey gradient with sensor noise (BGR)."""
    rng = np.random.default_rng(seed)
    width, height = FRAME_SIZE
    gradient = np.linspace(150, 105, height)[:, None] + np.linspace(-10, 10, width)[None, :]
    grey = np.clip(gradient + rng.normal(0, 3, (height, width)), 0, 255).astype(np.uint8)
    return np.repeat(grey[:, :, None], 3, axis=2)


def code_frames(payload: str, seed: int) -> list[np.ndarray]:
    """`CODE_FRAMES` frames of a phone showing `payload`: easy and moderately hard views, alternating."""
    easy, moderate = LEVELS[0], LEVELS[1]
    return [synthetic_frame(payload, easy if index % 2 == 0 else moderate, seed + index) for index in range(CODE_FRAMES)]


def write_camera_folder(folder: Path, payloads: Sequence[str]) -> list[Path]:
    """Write the demo camera's frames: for each payload, an empty hall, then the code held up.

    Files are JPEG (what a USB camera delivers), named so that name order is showing order; a repeated
    frame is the same bytes written again, so the folder costs little to make.
    """
    import cv2

    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def write(encoded: bytes, times: int) -> None:
        for _ in range(times):
            path = folder / f"frame-{len(written):05d}.jpg"
            path.write_bytes(encoded)
            written.append(path)

    for number, payload in enumerate(payloads):
        ok, blank = cv2.imencode(".jpg", empty_hall(number), [cv2.IMWRITE_JPEG_QUALITY, 85])
        write(blank.tobytes(), BLANK_FRAMES)
        for frame in code_frames(payload, seed=1000 * number):
            ok, encoded = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, 85])
            write(encoded.tobytes(), REPEATS)
    return written


def prepare_demo_assets(
    client: BranchQClient,
    branch: str,
    folder: Path | None = None,
    services: Sequence[str] = DEMO_SERVICES,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> DemoAssets:
    """Book one appointment per service for now, and write the camera folder showing their codes.

    Blocking (a few HTTP calls and ~20 frames drawn): run it off the GUI thread.
    """
    booked = tuple(book_appointment_now(client, branch, service, now(), phone=demo_phone()) for service in services)
    folder = folder or Path(tempfile.mkdtemp(prefix="branchq-demo-camera-"))
    write_camera_folder(folder, [appointment.qr_code for appointment in booked])
    return DemoAssets(camera_folder=folder, printer_url=DEMO_PRINTER_URL, appointments=booked)
