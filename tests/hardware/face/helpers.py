"""Builders for the face tests (images and their warps), in one place."""

from __future__ import annotations

from pathlib import Path

import numpy as np

FACES_DIRECTORY = Path(__file__).resolve().parents[2] / "data" / "faces"


def face_image_path(name: str) -> Path:
    return FACES_DIRECTORY / name


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
