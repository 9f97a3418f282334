"""Detect faces in RGB images and turn each into a 128-d encoding (dlib HOG detector, 5-point landmarks,
ResNet encoder).

Images are numpy arrays (height, width, 3) of uint8 in RGB order, as a camera frame converted from BGR or a
file read by `load_image_file`. Detection runs on a grayscale copy shrunk to `max_detection_side`, because
the HOG detector's cost grows with pixel count while a kiosk face is large; landmarks and encodings use the
full-resolution image.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import numpy as np

from hardware.face.errors import FaceNotFound, InvalidFaceImage, SeveralFacesFound
from hardware.face.metric import DEFAULT_MATCH_THRESHOLD, checked_threshold, face_distance
from hardware.face.models import load_models


class FaceSelection(StrEnum):
    """Which face to use when an image may hold several."""

    ONLY = "only"
    """Exactly one face is required; several raise `SeveralFacesFound`."""
    LARGEST = "largest"
    """Take the largest face: at a kiosk, the person standing in front of the camera."""


@dataclass(frozen=True)
class FaceBox:
    """A detected face's rectangle in image pixels (right and bottom exclusive)."""

    left: int
    top: int
    right: int
    bottom: int

    @property
    def width(self) -> int:
        return self.right - self.left

    @property
    def height(self) -> int:
        return self.bottom - self.top

    @property
    def area(self) -> int:
        return self.width * self.height


@dataclass(frozen=True)
class DetectedFace:
    """One face found in an image.

    Attributes:
        box: where the face is.
        landmarks: (5, 2) float32 pixel coordinates: two corners of each eye, then the base of the nose.
        encoding: float32 vector of 128 numbers; compare with `face_distance`.
    """

    box: FaceBox
    landmarks: np.ndarray
    encoding: np.ndarray


@dataclass(frozen=True)
class FaceComparison:
    """Outcome of comparing two faces: distance in the model's scale and the verdict at `threshold`."""

    distance: float
    is_match: bool
    threshold: float = DEFAULT_MATCH_THRESHOLD


def load_image_file(path: str | Path) -> np.ndarray:
    """Read an image file as an RGB uint8 array, honouring the EXIF orientation of phone photos."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(path) as opened:
            upright = ImageOps.exif_transpose(opened)
            return np.asarray(upright.convert("RGB"))
    except FileNotFoundError as error:
        raise InvalidFaceImage(f"image file {path} does not exist", advice="check the path") from error
    except (UnidentifiedImageError, OSError) as error:
        raise InvalidFaceImage(f"cannot read {path} as an image ({error})") from error


def as_rgb_image(image: object) -> np.ndarray:
    """Return `image` as a C-contiguous (h, w, 3) uint8 array, or raise `InvalidFaceImage`."""
    if not isinstance(image, np.ndarray) or image.dtype != np.uint8:
        raise InvalidFaceImage("a face image must be a numpy uint8 array", advice="convert the frame first")
    if image.ndim == 2:
        image = np.stack([image] * 3, axis=-1)
    elif image.ndim == 3 and image.shape[2] == 4:
        image = image[:, :, :3]
    if image.ndim != 3 or image.shape[2] != 3 or min(image.shape[:2]) < 16:
        raise InvalidFaceImage(
            f"a face image must be (height, width, 3) RGB and at least 16 pixels each way, got {image.shape}"
        )
    return np.ascontiguousarray(image)


def detect_faces(
    image: np.ndarray, *, upsample_times: int = 1, max_detection_side: int = 800
) -> list[FaceBox]:
    """Find the faces in an RGB image, largest first.

    `upsample_times` lets the detector see faces smaller than ~80 pixels (each step doubles the cost);
    `max_detection_side` bounds the work on large photos.
    """
    rgb = as_rgb_image(image)
    models = load_models()
    gray, scale = _detection_view(rgb, max_detection_side)
    rectangles = models.detector(gray, upsample_times)
    boxes = [_box_in_original(rectangle, scale, rgb.shape) for rectangle in rectangles]
    return sorted(boxes, key=lambda box: box.area, reverse=True)


def _detection_view(rgb: np.ndarray, max_side: int) -> tuple[np.ndarray, float]:
    import dlib

    gray = np.ascontiguousarray(rgb.mean(axis=2, dtype=np.float32).astype(np.uint8))
    scale = min(1.0, max_side / max(gray.shape))
    if scale < 1.0:
        rows, columns = round(gray.shape[0] * scale), round(gray.shape[1] * scale)
        gray = dlib.resize_image(gray, rows, columns)
    return gray, scale


def _box_in_original(rectangle: Any, scale: float, shape: tuple[int, ...]) -> FaceBox:
    height, width = shape[:2]
    return FaceBox(
        left=max(0, round(rectangle.left() / scale)),
        top=max(0, round(rectangle.top() / scale)),
        right=min(width, round((rectangle.right() + 1) / scale)),
        bottom=min(height, round((rectangle.bottom() + 1) / scale)),
    )


def face_landmarks(image: np.ndarray, box: FaceBox) -> np.ndarray:
    """The (5, 2) float32 landmark points of the face inside `box`, without the cost of encoding it."""
    return _landmark_array(_shape(as_rgb_image(image), box))


def analyze_face(image: np.ndarray, box: FaceBox, *, jitters: int = 0) -> DetectedFace:
    """Landmarks and encoding of the face inside `box`.

    `jitters` > 1 averages that many randomly shifted copies: slightly more robust, that many times slower.
    """
    rgb = as_rgb_image(image)
    shape = _shape(rgb, box)
    descriptor = load_models().encoder.compute_face_descriptor(rgb, shape, jitters)
    return DetectedFace(
        box=box, landmarks=_landmark_array(shape), encoding=np.asarray(descriptor, np.float32)
    )


def _shape(rgb: np.ndarray, box: FaceBox) -> Any:
    import dlib

    rectangle = dlib.rectangle(box.left, box.top, box.right - 1, box.bottom - 1)
    return load_models().shape_predictor(rgb, rectangle)


def _landmark_array(shape: Any) -> np.ndarray:
    return np.array([[point.x, point.y] for point in shape.parts()], dtype=np.float32)


def analyze_faces(image: np.ndarray, *, upsample_times: int = 1) -> list[DetectedFace]:
    """Detect and encode every face in the image, largest first."""
    rgb = as_rgb_image(image)
    return [analyze_face(rgb, box) for box in detect_faces(rgb, upsample_times=upsample_times)]


def analyze_single_face(
    image: np.ndarray, *, selection: FaceSelection = FaceSelection.ONLY, upsample_times: int = 1
) -> DetectedFace:
    """Detect and encode the one face the operation needs; raise when there is none (or several, if ONLY)."""
    rgb = as_rgb_image(image)
    boxes = detect_faces(rgb, upsample_times=upsample_times)
    if not boxes:
        raise FaceNotFound("no face found in the image")
    if len(boxes) > 1 and selection is FaceSelection.ONLY:
        raise SeveralFacesFound(
            f"{len(boxes)} faces found where one was expected",
            face_count=len(boxes),
        )
    return analyze_face(rgb, boxes[0])


def encode_face(image: np.ndarray, *, selection: FaceSelection = FaceSelection.ONLY) -> np.ndarray:
    """The 128-d float32 encoding of the single face in `image`."""
    return analyze_single_face(image, selection=selection).encoding


def compare_encodings(
    first: np.ndarray, second: np.ndarray, threshold: float = DEFAULT_MATCH_THRESHOLD
) -> FaceComparison:
    """Compare two encodings: a match when their distance is at most `threshold`."""
    limit = checked_threshold(threshold)
    distance = face_distance(first, second)
    return FaceComparison(distance=distance, is_match=distance <= limit, threshold=limit)


def compare_image_files(
    path_a: str | Path, path_b: str | Path, threshold: float = DEFAULT_MATCH_THRESHOLD
) -> FaceComparison:
    """Compare the single face of each image file (the `branchq-hw face-compare A B` command)."""
    limit = checked_threshold(threshold)
    encodings = [encode_face(load_image_file(path)) for path in (path_a, path_b)]
    return compare_encodings(encodings[0], encodings[1], limit)
