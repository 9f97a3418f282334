"""What the server accepts as a face encoding, and as a match threshold.

The kiosk's encoder (dlib's ResNet, `hardware.face`) turns a face into 128 numbers; two photos of the same
person lie closer than about 0.6 in euclidean distance. The server imports no device code, so it states
its own expectation here; tests/test_layers.py checks that it agrees with the encoder.

Caution for our customers: the model was measured on mostly European faces (LFW), and the face_recognition
project warns that it separates East Asian faces less well (ageitgey/face_recognition issue #612); at 0.6 it
may take one Chinese customer for another. Calibrate the threshold (`BRANCHQ_FACE_MATCH_THRESHOLD`) and the
margin on a consented evaluation set from our branches before launch.
"""

from __future__ import annotations

import math

import numpy as np

from server.biometrics.errors import InvalidEncoding, InvalidMatchThreshold

ENCODING_DIMENSION = 128
"""Length of the face descriptor kiosks send."""

DEFAULT_MATCH_THRESHOLD = 0.6
"""Largest euclidean distance still accepted as the same person (the encoder's usual value)."""


def as_encoding(values: object) -> np.ndarray:
    """Return `values` as a finite float32 vector of 128 numbers, or raise `InvalidEncoding`."""
    encoding = np.asarray(values, dtype=np.float32)
    if encoding.shape != (ENCODING_DIMENSION,):
        raise InvalidEncoding(
            f"a face encoding must have shape ({ENCODING_DIMENSION},), got {encoding.shape}"
        )
    if not np.isfinite(encoding).all():
        raise InvalidEncoding("a face encoding contains NaN or infinity")
    return encoding


def as_encoding_matrix(values: object) -> np.ndarray:
    """Return `values` as a finite float32 (n, 128) matrix, or raise `InvalidEncoding`."""
    matrix = np.asarray(values, dtype=np.float32)
    if matrix.ndim != 2 or matrix.shape[1] != ENCODING_DIMENSION:
        raise InvalidEncoding(f"face encodings must have shape (n, {ENCODING_DIMENSION}), got {matrix.shape}")
    if not np.isfinite(matrix).all():
        raise InvalidEncoding("face encodings contain NaN or infinity")
    return matrix


def checked_threshold(threshold: float) -> float:
    """Return `threshold` if it is a usable match threshold, else raise `InvalidMatchThreshold`."""
    if not (isinstance(threshold, (int, float)) and math.isfinite(threshold) and 0.0 < threshold <= 2.0):
        raise InvalidMatchThreshold(
            f"match threshold must be a number in (0, 2], got {threshold!r}",
            advice=f"use the model's usual value {DEFAULT_MATCH_THRESHOLD} unless measured otherwise",
        )
    return float(threshold)
