"""Shared fixtures: each test image is read and encoded once per session (encoding costs ~0.1-0.5 s)."""

from __future__ import annotations

import numpy as np
import pytest

from hardware.face import DetectedFace, analyze_single_face, load_image_file
from tests.hardware.face.helpers import face_image_path, shrink_to


class EncodedFaces:
    """Lazily encodes the single face of a named test image and remembers it."""

    def __init__(self) -> None:
        self._faces: dict[str, DetectedFace] = {}

    def face(self, name: str) -> DetectedFace:
        if name not in self._faces:
            self._faces[name] = analyze_single_face(load_image_file(face_image_path(name)))
        return self._faces[name]

    def encoding(self, name: str) -> np.ndarray:
        return self.face(name).encoding


@pytest.fixture(scope="session")
def encoded_faces() -> EncodedFaces:
    return EncodedFaces()


@pytest.fixture(scope="session")
def camera_frame() -> np.ndarray:
    """obama.jpg at a kiosk camera's size (640 pixels on the long side)."""
    return shrink_to(load_image_file(face_image_path("obama.jpg")), 640)
