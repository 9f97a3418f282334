"""Real faces hidden among thousands of synthetic ones are identified, with margin; strangers are not.

The encodings come from the kiosk's real encoder (`hardware.face`, through the `encoded_faces` fixture):
this is where the two sides meet, in the tests, never in the code."""

from __future__ import annotations

import numpy as np
import pytest

from server.biometrics import FaceGallery
from tests.hardware.face.conftest import EncodedFaces
from tests.server.biometrics.helpers import synthetic_encodings

pytestmark = pytest.mark.face

ENROLLED = {"C-OBAMA": "obama.jpg", "C-BIDEN": "biden.jpg"}


@pytest.fixture(scope="module")
def crowded_gallery(encoded_faces: EncodedFaces) -> FaceGallery:
    real = np.stack([encoded_faces.encoding(name) for name in ENROLLED.values()])
    synthetic = synthetic_encodings(5000, real.mean(axis=0), seed=2026)
    gallery = FaceGallery()
    gallery.add_many([f"S{index:05d}" for index in range(2500)], synthetic[:2500])
    gallery.add_many(list(ENROLLED), real)
    gallery.add_many([f"S{index:05d}" for index in range(2500, 5000)], synthetic[2500:])
    return gallery


@pytest.mark.parametrize(
    ("query", "customer_id"),
    [("obama2.jpg", "C-OBAMA"), ("obama1.jpg", "C-OBAMA"), ("biden2.jpg", "C-BIDEN")],
)
def test_another_photo_finds_the_enrolled_customer_with_margin(
    crowded_gallery: FaceGallery, encoded_faces: EncodedFaces, query: str, customer_id: str
) -> None:
    found = crowded_gallery.identify(encoded_faces.encoding(query))
    assert found is not None and found.customer_id == customer_id
    assert found.distance < 0.6 and found.margin > 0.1


def test_a_customer_who_is_not_enrolled_is_not_identified(encoded_faces: EncodedFaces) -> None:
    gallery = FaceGallery()
    gallery.add_many(["C-OBAMA"], encoded_faces.encoding("obama.jpg")[np.newaxis])
    assert gallery.identify(encoded_faces.encoding("biden2.jpg")) is None


def test_synthetic_strangers_are_as_far_apart_as_real_strangers(
    crowded_gallery: FaceGallery, encoded_faces: EncodedFaces
) -> None:
    """Guards the test itself: the synthetic crowd must not be trivially far from the real faces."""
    synthetic = crowded_gallery.encodings_of("S00001")[0]
    distance = float(np.linalg.norm(synthetic - encoded_faces.encoding("obama2.jpg")))
    assert 0.6 < distance < 1.0


def test_after_forgetting_the_customer_their_face_is_no_longer_identified(
    encoded_faces: EncodedFaces,
) -> None:
    gallery = FaceGallery()
    gallery.add("C-OBAMA", encoded_faces.encoding("obama.jpg"))
    gallery.add("C-BIDEN", encoded_faces.encoding("biden.jpg"))
    gallery.remove("C-OBAMA")
    assert gallery.identify(encoded_faces.encoding("obama2.jpg")) is None
