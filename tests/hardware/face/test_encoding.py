"""Detection and encoding on real photos: the same person matches, different people do not."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from hardware.face import (
    FaceNotFound,
    FaceSelection,
    InvalidFaceImage,
    InvalidFaceSetting,
    SeveralFacesFound,
    analyze_faces,
    analyze_single_face,
    compare_encodings,
    compare_image_files,
    detect_faces,
    face_distance,
    load_image_file,
)
from tests.hardware.face.conftest import EncodedFaces
from tests.hardware.face.helpers import face_image_path

pytestmark = pytest.mark.face

SAME_PERSON = [
    ("obama.jpg", "obama2.jpg"),
    ("obama.jpg", "obama1.jpg"),
    ("obama2.jpg", "obama1.jpg"),
    ("biden.jpg", "biden2.jpg"),
]
DIFFERENT_PEOPLE = [("obama.jpg", "biden.jpg"), ("obama2.jpg", "biden2.jpg"), ("obama1.jpg", "biden.jpg")]


def test_an_encoding_is_a_float32_vector_of_128(encoded_faces: EncodedFaces) -> None:
    encoding = encoded_faces.encoding("obama.jpg")
    assert encoding.dtype == np.float32 and encoding.shape == (128,)


@pytest.mark.parametrize(("first", "second"), SAME_PERSON)
def test_two_photos_of_the_same_person_match(encoded_faces: EncodedFaces, first: str, second: str) -> None:
    comparison = compare_encodings(encoded_faces.encoding(first), encoded_faces.encoding(second))
    assert comparison.is_match and comparison.distance < 0.6


@pytest.mark.parametrize(("first", "second"), DIFFERENT_PEOPLE)
def test_photos_of_different_people_do_not_match(
    encoded_faces: EncodedFaces, first: str, second: str
) -> None:
    comparison = compare_encodings(encoded_faces.encoding(first), encoded_faces.encoding(second))
    assert not comparison.is_match and comparison.distance > 0.6


def test_a_stricter_threshold_refuses_a_distant_photo_of_the_same_person(encoded_faces: EncodedFaces) -> None:
    distance = face_distance(encoded_faces.encoding("obama.jpg"), encoded_faces.encoding("obama2.jpg"))
    strict = compare_encodings(encoded_faces.encoding("obama.jpg"), encoded_faces.encoding("obama2.jpg"), 0.2)
    assert distance > 0.2 and not strict.is_match


def test_compare_image_files_reads_both_files_and_compares_their_faces() -> None:
    same = compare_image_files(face_image_path("obama.jpg"), face_image_path("obama2.jpg"))
    assert same.is_match and same.threshold == 0.6
    different = compare_image_files(
        face_image_path("obama2.jpg"), face_image_path("biden.jpg"), threshold=0.6
    )
    assert not different.is_match


def test_compare_image_files_refuses_a_picture_of_two_people() -> None:
    with pytest.raises(SeveralFacesFound, match="one person") as raised:
        compare_image_files(face_image_path("two_people.jpg"), face_image_path("obama.jpg"))
    assert raised.value.face_count == 2


def test_compare_image_files_refuses_an_unusable_threshold_before_reading_files() -> None:
    with pytest.raises(InvalidFaceSetting):
        compare_image_files("missing-a.jpg", "missing-b.jpg", threshold=0)


def test_both_faces_of_two_people_are_found_and_recognised(encoded_faces: EncodedFaces) -> None:
    faces = analyze_faces(load_image_file(face_image_path("two_people.jpg")))
    assert len(faces) == 2
    left, right = sorted(faces, key=lambda face: face.box.left)
    assert compare_encodings(left.encoding, encoded_faces.encoding("obama.jpg")).is_match
    assert compare_encodings(right.encoding, encoded_faces.encoding("biden.jpg")).is_match
    assert not compare_encodings(left.encoding, encoded_faces.encoding("biden.jpg")).is_match


def test_largest_selection_takes_the_biggest_face() -> None:
    image = load_image_file(face_image_path("two_people.jpg"))
    boxes = detect_faces(image)
    largest = analyze_single_face(image, selection=FaceSelection.LARGEST)
    assert largest.box == max(boxes, key=lambda box: box.area)


def test_landmarks_are_five_points_inside_the_face_box(encoded_faces: EncodedFaces) -> None:
    face = encoded_faces.face("biden.jpg")
    box = face.box
    assert face.landmarks.shape == (5, 2)
    assert np.all((face.landmarks[:, 0] >= box.left) & (face.landmarks[:, 0] <= box.right))
    assert np.all((face.landmarks[:, 1] >= box.top) & (face.landmarks[:, 1] <= box.bottom))


def test_a_grayscale_frame_is_accepted(encoded_faces: EncodedFaces) -> None:
    gray = load_image_file(face_image_path("obama.jpg")).mean(axis=2).astype(np.uint8)
    face = analyze_single_face(gray)
    assert compare_encodings(face.encoding, encoded_faces.encoding("obama.jpg")).is_match


def test_an_image_without_a_face_says_so() -> None:
    blank = np.full((240, 320, 3), 128, dtype=np.uint8)
    assert detect_faces(blank) == []
    with pytest.raises(FaceNotFound, match="look straight at the camera"):
        analyze_single_face(blank)


def test_unreadable_files_and_arrays_are_refused(tmp_path: Path) -> None:
    not_an_image = tmp_path / "notes.jpg"
    not_an_image.write_text("this is not a photo")
    with pytest.raises(InvalidFaceImage, match="JPEG or PNG"):
        load_image_file(not_an_image)
    with pytest.raises(InvalidFaceImage, match="does not exist"):
        load_image_file(tmp_path / "absent.jpg")
    with pytest.raises(InvalidFaceImage, match="uint8"):
        detect_faces(np.zeros((100, 100, 3), dtype=np.float64))
    with pytest.raises(InvalidFaceImage, match="RGB"):
        detect_faces(np.zeros((100, 100, 2), dtype=np.uint8))
