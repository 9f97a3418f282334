"""Face check-in through the flow, with the face process and the test photos (tests only: never in
screenshots): the enrolled customer is greeted by the name they chose and checked in; a stranger, a still
photo, a customer with nothing due or one who withdrew consent is sent to the QR code or booking code."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from client import BranchQClient
from hardware.face import analyze_single_face, load_image_file
from kiosk.demo_assets import BookedAppointment, book_appointment_now, demo_phone
from kiosk.devices import FaceCapture
from kiosk.flows import FaceStage, Screen
from tests.hardware.face.helpers import face_image_path, shrink_to, similarity_warp

pytestmark = pytest.mark.face


def camera_frames(name: str, moving: bool = True) -> list[np.ndarray]:
    """BGR frames of a test photo at a kiosk camera's size, moved a little each frame (or held still)."""
    photo = shrink_to(load_image_file(face_image_path(name)), 640)[:, :, ::-1]
    steps = range(6) if moving else [0] * 6
    return [np.ascontiguousarray(similarity_warp(photo, step * 8, -step * 3, -step * 2)) for step in steps]


def showing(frames: list[np.ndarray]):  # type: ignore[no-untyped-def]
    cycle = itertools.cycle(frames)
    return lambda: next(cycle)


@pytest.fixture(scope="module")
def face_capture(qapp) -> Iterator[FaceCapture]:  # type: ignore[no-untyped-def]
    """One face process for the module (it takes seconds to start)."""
    capture = FaceCapture(lambda: None, frame_interval_ms=40, timeout_ms=60_000)
    capture.start()
    yield capture
    capture.stop()


@pytest.fixture(scope="module")
def enrolled(live_server) -> Iterator[BookedAppointment]:
    """Obama (obama2.jpg) consented to face check-in, as "Mr O", and has an appointment due now."""
    staff = BranchQClient(live_server.base_url, language="en")
    staff.login(live_server.accounts.lobby, live_server.accounts.password)
    later = datetime.now(UTC) + timedelta(minutes=40)
    booking = book_appointment_now(staff, live_server.branch, "wealth", later, name="测试", phone=demo_phone())
    encoding = analyze_single_face(load_image_file(face_image_path("obama2.jpg"))).encoding
    staff.post(f"/appointments/{booking.code}/face", {
        "encodings": [[float(value) for value in encoding]],
        "consent": {"text_version": "face-checkin-v1", "channel": "counter", "display_name": "Mr O"},
    })
    yield booking
    staff.close()
    manager = BranchQClient(live_server.base_url, language="en")
    manager.login(live_server.accounts.manager, live_server.accounts.password)
    manager.request("DELETE", f"/appointments/{booking.code}/face")  # the gallery as the session found it
    manager.close()


def test_the_face_tile_is_offered_once_someone_is_enrolled(session_factory, face_capture, enrolled) -> None:
    session = session_factory(face_capture=face_capture)
    assert session.face is not None and session.face.available


def test_a_still_photo_falls_back_to_the_code(qtbot, session_factory, face_capture, enrolled) -> None:
    face_capture.frame_provider = showing(camera_frames("obama.jpg", moving=False))
    session = session_factory(face_capture=face_capture)
    with qtbot.waitSignal(session.face.stage_changed, timeout=60_000,
                          check_params_cb=lambda stage: stage is FaceStage.FALLBACK):
        session.navigator.go(Screen.FACE)
    assert session.face.reason == "not_live"
    assert session.face.ticket is None


def test_a_stranger_falls_back_to_the_code(qtbot, session_factory, face_capture, enrolled) -> None:
    face_capture.frame_provider = showing(camera_frames("biden2.jpg"))
    session = session_factory(face_capture=face_capture)
    with qtbot.waitSignal(session.face.stage_changed, timeout=60_000,
                          check_params_cb=lambda stage: stage is FaceStage.FALLBACK):
        session.navigator.go(Screen.FACE)
    assert session.face.reason in {"no_match", "ambiguous"}
    assert session.face.ticket is None and session.face.display_name == ""


def test_the_enrolled_customer_is_greeted_and_checked_in(qtbot, session_factory, face_capture, enrolled) -> None:
    face_capture.frame_provider = showing(camera_frames("obama.jpg"))
    session = session_factory(face_capture=face_capture)
    with qtbot.waitSignal(session.face.checked_in, timeout=60_000) as checked_in:
        session.navigator.go(Screen.FACE)
    assert session.face.stage is FaceStage.GREETED
    assert session.face.display_name == "Mr O"
    assert checked_in.args[0].service.code == "wealth"
    qtbot.waitUntil(lambda: session.navigator.screen is Screen.TICKET, timeout=10_000)
    assert session.ticket.ticket.number == checked_in.args[0].number

    # the same face again: its appointment is checked in, nothing is due now: the QR code or booking code
    session.navigator.home()
    with qtbot.waitSignal(session.face.stage_changed, timeout=60_000,
                          check_params_cb=lambda stage: stage is FaceStage.FALLBACK):
        session.navigator.go(Screen.FACE)
    assert session.face.reason == "no_appointment_due"


def test_a_customer_who_withdrew_consent_is_no_longer_recognised(
    qtbot, session_factory, face_capture, enrolled, live_server
) -> None:
    """Runs after the greeting above (its appointment is checked in: known but nothing due); once the customer
    withdraws consent and staff forget the face, the same face is nobody the server knows."""
    manager = BranchQClient(live_server.base_url, language="en")
    manager.login(live_server.accounts.manager, live_server.accounts.password)
    try:
        manager.request("DELETE", f"/appointments/{enrolled.code}/face")
    finally:
        manager.close()
    face_capture.frame_provider = showing(camera_frames("obama.jpg"))
    session = session_factory(face_capture=face_capture)
    with qtbot.waitSignal(session.face.stage_changed, timeout=60_000,
                          check_params_cb=lambda stage: stage is FaceStage.FALLBACK):
        session.navigator.go(Screen.FACE)
    assert session.face.reason in {"no_match", "ambiguous"}  # no longer "no_appointment_due": not known at all
    assert session.face.ticket is None and session.face.display_name == ""
