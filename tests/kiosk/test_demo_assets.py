"""The demo kiosk's devices: a camera folder showing appointments booked on the running server, which check
in for real, and a printer that prints nowhere."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from client import BranchQClient
from hardware.camera import ImageFolderSource
from hardware.qr import decode_qr
from kiosk.demo_assets import BLANK_FRAMES, CODE_FRAMES, REPEATS, next_slots, prepare_demo_assets


def test_slots_are_the_next_quarter_hours() -> None:
    slots = next_slots(datetime(2026, 12, 2, 9, 7, 30, tzinfo=UTC))
    assert slots[:2] == [datetime(2026, 12, 2, 9, 15, tzinfo=UTC), datetime(2026, 12, 2, 9, 30, tzinfo=UTC)]
    assert len(slots) == 8 and next_slots(datetime(2026, 12, 2, 9, 15, tzinfo=UTC))[0].minute == 30


def test_the_demo_camera_shows_codes_that_check_in_at_the_kiosk(live_server, tmp_path: Path) -> None:
    with BranchQClient(live_server.base_url, language="en") as customer:
        assets = prepare_demo_assets(customer, live_server.branch, tmp_path / "camera", services=("cash", "fx"))
    assert assets.printer_url == "dummy://"
    assert [appointment.service for appointment in assets.appointments] == ["cash", "fx"]

    source = ImageFolderSource(assets.camera_folder)
    source.open()
    frames = [source.read() for _ in range(2 * (BLANK_FRAMES + CODE_FRAMES * REPEATS))]
    seen = [found.payload for frame in frames for found in decode_qr(frame)]
    assert set(seen) == {appointment.qr_code for appointment in assets.appointments}
    assert len(frames) == len(list(assets.camera_folder.iterdir()))

    with BranchQClient(live_server.base_url, language="en") as kiosk:
        kiosk.login(live_server.accounts.kiosk, live_server.accounts.password)
        ticket = kiosk.check_in(live_server.branch, assets.appointments[0].qr_code)
    assert ticket.service.code == "cash" and ticket.number.startswith("A") and ticket.channel == "appointment"
