"""The encoder's vector space: dimension, distance and the default threshold for comparing two faces.

dlib's ResNet encoder was trained so that two photos of the same person lie closer than 0.6 in euclidean
distance (99.38% on the LFW benchmark); the threshold is in that scale.

Caution for our customers: LFW is mostly faces of European descent, and the face_recognition project warns
that this model separates East Asian faces less well (ageitgey/face_recognition issue #612 and its wiki page
"Face Recognition Accuracy Problems"); at 0.6 it may take one Chinese customer for another. The threshold
must therefore be calibrated on a consented evaluation set from our branches before launch (likely lower,
around 0.5, but that is not measured yet).

Here it serves one-to-one comparisons (`compare_encodings`, `branchq-hw face-compare`). Matching a kiosk's
face against enrolled customers is the server's (`server.biometrics`), which states the dimension and
threshold it expects on its own, since devices and server import nothing of each other.
"""

from __future__ import annotations

import math

import numpy as np

from hardware.face.errors import InvalidEncoding, InvalidFaceSetting

ENCODING_DIMENSION = 128
"""Length of the ResNet encoder's face descriptor."""

DEFAULT_MATCH_THRESHOLD = 0.6
"""Largest euclidean distance still accepted as the same person."""


def as_encoding(values: object) -> np.ndarray:
    """Return `values` as a finite float32 vector of 128 numbers, or raise `InvalidEncoding`."""
    encoding = np.asarray(values, dtype=np.float32)
    if encoding.shape != (ENCODING_DIMENSION,):
        raise InvalidEncoding(
            f"a face encoding must have shape ({ENCODING_DIMENSION},), got {encoding.shape}"
        )
    if not np.isfinite(encoding).all():
        raise InvalidEncoding("a face encoding contains NaN or infinity", advice="re-encode the face image")
    return encoding


def face_distance(first: object, second: object) -> float:
    """Euclidean distance between two encodings, in the model's scale."""
    difference = as_encoding(first).astype(np.float64) - as_encoding(second).astype(np.float64)
    return float(np.sqrt(np.dot(difference, difference)))


def checked_threshold(threshold: float) -> float:
    """Return `threshold` if it is a usable match threshold, else raise `InvalidFaceSetting`."""
    if not (isinstance(threshold, (int, float)) and math.isfinite(threshold) and 0.0 < threshold <= 2.0):
        raise InvalidFaceSetting(
            f"match threshold must be a number in (0, 2], got {threshold!r}",
            advice=f"use the model's usual value {DEFAULT_MATCH_THRESHOLD} unless measured otherwise",
        )
    return float(threshold)
