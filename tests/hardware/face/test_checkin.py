"""Kiosk check-in by face: only a live face is encoded, and its encoding is the customer's."""

from __future__ import annotations

import numpy as np
import pytest

from hardware.face import LivenessReason, capture_live_face, face_distance
from tests.hardware.face.conftest import EncodedFaces
from tests.hardware.face.helpers import similarity_warp

pytestmark = pytest.mark.face


def test_a_moving_face_is_encoded_as_that_person(
    camera_frame: np.ndarray, encoded_faces: EncodedFaces
) -> None:
    frames = [similarity_warp(camera_frame, step * 8, -step * 3, -step * 2) for step in range(4)]
    capture = capture_live_face(frames)
    assert capture.liveness.is_live and capture.face is not None and capture.encoding is not None
    assert face_distance(capture.encoding, encoded_faces.encoding("obama2.jpg")) < 0.6
    assert face_distance(capture.encoding, encoded_faces.encoding("biden2.jpg")) > 0.6


def test_a_still_photo_is_not_even_encoded(camera_frame: np.ndarray) -> None:
    capture = capture_live_face([camera_frame] * 4)
    assert capture.face is None and capture.encoding is None
    assert not capture.liveness.is_live and capture.liveness.reason is LivenessReason.NO_MOTION


def test_no_frames_give_no_verdict_rather_than_an_error() -> None:
    capture = capture_live_face([])
    assert capture.encoding is None and capture.liveness.reason is LivenessReason.TOO_FEW_FRAMES


def test_the_capture_counts_the_faces_in_view() -> None:
    from hardware.face import load_image_file
    from tests.hardware.face.helpers import face_image_path, shrink_to

    pair = shrink_to(load_image_file(face_image_path("two_people.jpg")), 800)
    frames = [similarity_warp(pair, step * 8, 0, 0) for step in range(4)]
    assert capture_live_face(frames).most_faces == 2
