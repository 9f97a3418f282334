"""Kiosk check-in by face: only a live face is identified."""

from __future__ import annotations

import numpy as np
import pytest

from hardware.face import FaceGallery, LivenessReason, recognize_customer
from tests.hardware.face.conftest import EncodedFaces
from tests.hardware.face.helpers import similarity_warp

pytestmark = pytest.mark.face


@pytest.fixture
def gallery(encoded_faces: EncodedFaces) -> FaceGallery:
    gallery = FaceGallery()
    gallery.add("C-OBAMA", encoded_faces.encoding("obama2.jpg"))
    gallery.add("C-BIDEN", encoded_faces.encoding("biden2.jpg"))
    return gallery


def test_a_moving_enrolled_face_is_recognised(camera_frame: np.ndarray, gallery: FaceGallery) -> None:
    frames = [similarity_warp(camera_frame, step * 8, -step * 3, -step * 2) for step in range(4)]
    result = recognize_customer(frames, gallery)
    assert result.recognized
    assert result.identification is not None and result.identification.customer_id == "C-OBAMA"


def test_a_still_photo_of_an_enrolled_face_is_not_even_looked_up(
    camera_frame: np.ndarray, gallery: FaceGallery
) -> None:
    result = recognize_customer([camera_frame] * 4, gallery)
    assert not result.recognized and result.identification is None
    assert result.liveness.reason is LivenessReason.NO_MOTION


def test_no_frames_give_no_verdict_rather_than_an_error(gallery: FaceGallery) -> None:
    result = recognize_customer([], gallery)
    assert not result.recognized and result.liveness.reason is LivenessReason.TOO_FEW_FRAMES
