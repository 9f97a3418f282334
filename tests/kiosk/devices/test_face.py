"""Face check-in on the kiosk with the test photos (tests only: never in screenshots): a moving face gives
that person's encoding; a still photo, two people or an empty hall give a named refusal."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from hardware.face import analyze_single_face, face_distance, load_image_file
from kiosk.demo_assets import empty_hall
from kiosk.devices import CameraFeed, FaceCapture
from tests.hardware.face.helpers import face_image_path, shrink_to, similarity_warp

pytestmark = pytest.mark.face


def camera_frames(name: str, moving: bool) -> list[np.ndarray]:
    """BGR frames of a test photo at a kiosk camera's size, moved a little each frame (or held still)."""
    photo = shrink_to(load_image_file(face_image_path(name)), 640)[:, :, ::-1]
    steps = range(6) if moving else [0] * 6
    return [np.ascontiguousarray(similarity_warp(photo, step * 8, -step * 3, -step * 2)) for step in steps]


def provider(frames: list[np.ndarray]):  # type: ignore[no-untyped-def]
    cycle = itertools.cycle(frames)
    return lambda: next(cycle)


@pytest.fixture(scope="module")
def face_capture(qapp) -> Iterator[FaceCapture]:  # type: ignore[no-untyped-def]
    """One face process for the module (it takes seconds to start); each test gives it its frames."""
    capture = FaceCapture(lambda: None, frame_interval_ms=40)
    capture.start()
    yield capture
    capture.stop()


@pytest.fixture
def reference_encoding():  # type: ignore[no-untyped-def]
    return lambda name: analyze_single_face(load_image_file(face_image_path(name))).encoding


def answer(qtbot, capture: FaceCapture, timeout_ms: int = 60_000) -> tuple[str, object]:  # type: ignore[no-untyped-def]
    answers: list[tuple[str, object]] = []
    capture.captured.connect(lambda encoding: answers.append(("captured", encoding)))
    capture.refused.connect(lambda reason: answers.append(("refused", reason)))
    try:
        capture.capture()
        qtbot.waitUntil(lambda: len(answers) > 0, timeout=timeout_ms)
    finally:
        capture.captured.disconnect()
        capture.refused.disconnect()
    assert len(answers) == 1 and not capture.busy
    return answers[0]


def test_a_moving_face_gives_that_persons_encoding(qtbot, face_capture, reference_encoding) -> None:
    face_capture.frame_provider = provider(camera_frames("obama.jpg", moving=True))
    face_capture.timeout_ms = 60_000
    progress: list[int] = []
    face_capture.progress.connect(progress.append)
    kind, encoding = answer(qtbot, face_capture)
    face_capture.progress.disconnect()
    assert kind == "captured" and len(encoding) == 128
    assert face_distance(encoding, reference_encoding("obama2.jpg")) < 0.6
    assert face_distance(encoding, reference_encoding("biden2.jpg")) > 0.6
    assert progress[0] == 0 and progress[-1] == 100 and progress == sorted(progress)


def test_a_still_photo_is_refused(qtbot, face_capture) -> None:
    face_capture.frame_provider = provider(camera_frames("obama.jpg", moving=False))
    face_capture.timeout_ms = 60_000
    assert answer(qtbot, face_capture) == ("refused", "not_live")
    assert face_capture.last_detail == "no_motion"


def test_two_people_in_view_are_refused(qtbot, face_capture) -> None:
    face_capture.frame_provider = provider(camera_frames("two_people.jpg", moving=True))
    face_capture.timeout_ms = 60_000
    assert answer(qtbot, face_capture) == ("refused", "several_faces")


def test_an_empty_hall_is_no_face_once_the_time_is_up(qtbot, face_capture) -> None:
    face_capture.frame_provider = provider([empty_hall(seed) for seed in range(3)])
    face_capture.timeout_ms = 5_000
    assert answer(qtbot, face_capture) == ("refused", "no_face")


def test_an_analysis_that_cannot_finish_in_time_is_a_timeout(qtbot, face_capture) -> None:
    face_capture.frame_provider = provider(camera_frames("obama.jpg", moving=True))
    face_capture.timeout_ms = 100  # shorter than sampling the burst
    assert answer(qtbot, face_capture) == ("refused", "timeout")


def test_the_camera_feed_gives_the_frames(qtbot, face_capture, reference_encoding, tmp_path: Path) -> None:
    import cv2

    for index, frame in enumerate(camera_frames("biden.jpg", moving=True)):
        cv2.imwrite(str(tmp_path / f"frame-{index}.png"), frame)
    feed = CameraFeed(str(tmp_path), max_fps=10)
    feed.start()
    try:
        face_capture.frame_provider = feed.latest_frame
        face_capture.timeout_ms = 60_000
        kind, encoding = answer(qtbot, face_capture)
    finally:
        feed.stop()
    assert kind == "captured"
    assert face_distance(encoding, reference_encoding("biden2.jpg")) < 0.6


def test_the_face_process_starts_without_qt() -> None:
    """What the face process imports stays light: no PySide6 (the kiosk's devices package imports it)."""
    import subprocess
    import sys

    probe = "import sys, kiosk.face_process; print(sorted(m for m in sys.modules if m.startswith('PySide6')))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
