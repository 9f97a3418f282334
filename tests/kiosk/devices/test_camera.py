"""The kiosk's camera feed: preview frames for the screen, the server's own signed codes read once each,
and the camera's state as the kiosk reports it."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QImage

from hardware.camera import Backoff
from hardware.testing import UnpluggableCamera
from kiosk.demo_assets import book_appointment_now, demo_phone, write_camera_folder
from kiosk.devices import CameraFeed


@pytest.fixture
def make_feed(qtbot):  # type: ignore[no-untyped-def]
    feeds: list[CameraFeed] = []

    def make(source, **options) -> CameraFeed:  # type: ignore[no-untyped-def]
        feed = CameraFeed(source, **options)
        feeds.append(feed)
        return feed

    yield make
    for feed in feeds:
        feed.stop()


@pytest.fixture(scope="module")
def appointment_codes(live_server, tmp_path_factory):  # type: ignore[no-untyped-def]
    """Two appointments booked through the live server, and a camera folder showing their QR codes."""
    from client import BranchQClient

    with BranchQClient(live_server.base_url, language="en") as client:
        booked = [book_appointment_now(client, live_server.branch, service, phone=demo_phone())
                  for service in ("loans", "fx")]
    folder = tmp_path_factory.mktemp("camera")
    write_camera_folder(folder, [appointment.qr_code for appointment in booked])
    return [appointment.qr_code for appointment in booked], folder


def test_the_server_signed_codes_are_read_from_the_camera_once_each(qtbot, make_feed, appointment_codes) -> None:
    codes, folder = appointment_codes
    feed = make_feed(str(folder), repeat_quiet_s=60)
    read: list[str] = []
    feed.code_read.connect(lambda payload: read.append(payload))
    with qtbot.waitSignal(feed.state_changed, timeout=5000) as state:
        feed.start()
    assert state.args == ["ok"]
    qtbot.waitUntil(lambda: sorted(read) == sorted(codes), timeout=20_000)
    assert all(code.startswith("BQ1.A.") for code in read)
    frames_in_folder = len(list(folder.iterdir()))
    qtbot.waitUntil(lambda: feed._capture.stats().frames_read > 2 * frames_in_folder, timeout=30_000)
    assert sorted(read) == sorted(codes)  # shown again and again, reported once each


def test_preview_frames_arrive_as_images_of_the_camera(qtbot, make_feed, appointment_codes) -> None:
    _, folder = appointment_codes
    feed = make_feed(str(folder))
    images: list[QImage] = []
    feed.frame_ready.connect(images.append)
    feed.start()
    qtbot.waitUntil(lambda: len(images) >= 10, timeout=10_000)
    assert {(image.width(), image.height()) for image in images} == {(640, 480)}
    assert not images[0].isNull() and feed.latest_frame().shape == (480, 640, 3)


def test_a_busy_screen_skips_frames_instead_of_queueing_them(qtbot, make_feed, appointment_codes) -> None:
    _, folder = appointment_codes
    feed = make_feed(str(folder))
    feed.start()
    qtbot.waitUntil(lambda: feed.frames_shown >= 3, timeout=10_000)
    read_before = feed._capture.stats().frames_read
    shown_before = feed.frames_shown
    time.sleep(0.5)  # the GUI thread is busy: frames keep coming from the camera meanwhile
    assert feed._capture.stats().frames_read >= read_before + 5
    QCoreApplication.processEvents()
    assert feed.frames_shown - shown_before <= 1


def test_a_source_that_makes_no_sense_is_an_error(qtbot, make_feed, tmp_path: Path) -> None:
    feed = make_feed(str(tmp_path / "no-such-folder"))
    with qtbot.waitSignal(feed.state_changed, timeout=1000) as state:
        feed.start()
    assert state.args == ["error"] and "no-such-folder" in feed.problem and not feed.running


def test_a_camera_that_cannot_be_opened_is_missing(qtbot, make_feed, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    feed = make_feed(str(empty))
    with qtbot.waitSignal(feed.state_changed, timeout=5000) as state:
        feed.start()
    assert state.args == ["missing"]


def test_an_unplugged_camera_is_missing_until_it_is_back(qtbot, make_feed) -> None:
    camera = UnpluggableCamera(frames_before_unplug=20, failed_reopens=15)
    feed = make_feed(camera, backoff=Backoff(initial_s=0.1, max_s=0.1))
    states: list[str] = []
    feed.state_changed.connect(states.append)
    feed.start()
    qtbot.waitUntil(lambda: "missing" in states and states[-1] == "ok", timeout=15_000)
    assert states[0] == "ok" and states.index("missing") > 0


def test_preview_frames_come_scaled_to_the_view_as_qt_would_scale_them(qtbot, make_feed, appointment_codes) -> None:
    from PySide6.QtCore import QSize, Qt

    _, folder = appointment_codes
    feed = make_feed(str(folder))
    feed.set_preview_size(QSize(1000, 1000))
    images: list[QImage] = []
    feed.frame_ready.connect(lambda image: images.append(image))
    feed.start()
    qtbot.waitUntil(lambda: len(images) >= 3, timeout=10_000)
    assert images[-1].size() == QSize(1333, 1000)
    assert images[-1].scaled(QSize(1000, 1000), Qt.AspectRatioMode.KeepAspectRatioByExpanding).size() == QSize(1333, 1000)
    assert feed.latest_frame().shape == (480, 640, 3)  # face capture and the scanner still get the camera's frame
