"""Fakes and builders for the face tests, in one place."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from hardware.face import ConsentChannel, ConsentRecord

FACES_DIRECTORY = Path(__file__).resolve().parents[2] / "data" / "faces"


def face_image_path(name: str) -> Path:
    return FACES_DIRECTORY / name


def consent_for(customer_id: str) -> ConsentRecord:
    return ConsentRecord(
        customer_id=customer_id,
        consent_text_version="face-checkin-v1",
        consented_at=datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
        channel=ConsentChannel.COUNTER,
    )


def synthetic_encodings(count: int, centre: np.ndarray, seed: int, spread: float = 0.055) -> np.ndarray:
    """Encodings of imaginary people scattered around `centre` (the mean of real encodings).

    With 0.055 per dimension two imaginary people lie about 0.88 apart and about 0.75 from a real face,
    close to what the ResNet encoder gives for strangers, so the gallery search is not made artificially easy.
    """
    rng = np.random.default_rng(seed)
    return (centre + rng.normal(0.0, spread, size=(count, centre.shape[0]))).astype(np.float32)


class MemoryRecordStore:
    """A dict-backed `EncryptedRecordStore`: shows a backend other than files plugs in unchanged."""

    def __init__(self) -> None:
        self.sealed_by_key: dict[str, bytes] = {}

    def put(self, record_key: str, sealed: bytes) -> None:
        self.sealed_by_key[record_key] = bytes(sealed)

    def get(self, record_key: str) -> bytes | None:
        return self.sealed_by_key.get(record_key)

    def delete(self, record_key: str) -> bool:
        return self.sealed_by_key.pop(record_key, None) is not None

    def record_keys(self) -> Iterator[str]:
        yield from sorted(self.sealed_by_key)


def similarity_warp(image: np.ndarray, shift_x: float, shift_y: float, degrees: float) -> np.ndarray:
    """The image moved and rotated in its plane: what a photo slid across the camera looks like."""
    import cv2

    height, width = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    matrix[:, 2] += (shift_x, shift_y)
    return cv2.warpAffine(image, matrix, (width, height), borderMode=cv2.BORDER_REPLICATE)


def squeeze_warp(image: np.ndarray, horizontal_scale: float) -> np.ndarray:
    """The image narrowed around its centre: the foreshortening a head turn gives (not a rigid move)."""
    import cv2

    height, width = image.shape[:2]
    matrix = np.array([[horizontal_scale, 0.0, (1.0 - horizontal_scale) * width / 2], [0.0, 1.0, 0.0]])
    return cv2.warpAffine(image, matrix, (width, height), borderMode=cv2.BORDER_REPLICATE)


def shrink_to(image: np.ndarray, longest_side: int) -> np.ndarray:
    """A camera-sized copy of a large photo."""
    import cv2

    height, width = image.shape[:2]
    scale = longest_side / max(height, width)
    return cv2.resize(image, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA)
