"""The encoder's space: encodings are finite 128-d float32 vectors; distance is euclidean; comparison
thresholds are validated."""

from __future__ import annotations

import math

import numpy as np
import pytest

from hardware.face import InvalidEncoding, InvalidFaceSetting, compare_encodings, face_distance
from hardware.face.metric import as_encoding, checked_threshold


def test_distance_is_euclidean() -> None:
    first = np.zeros(128, dtype=np.float32)
    second = np.zeros(128, dtype=np.float32)
    second[:4] = (0.3, 0.4, 0.0, 0.0)
    assert face_distance(first, second) == pytest.approx(0.5, abs=1e-6)


def test_encodings_become_float32() -> None:
    assert as_encoding([0.1] * 128).dtype == np.float32


@pytest.mark.parametrize(
    "bad", [np.zeros(127), np.zeros((2, 128)), np.full(128, np.nan), np.full(128, np.inf)]
)
def test_malformed_encoding_is_refused(bad: np.ndarray) -> None:
    with pytest.raises(InvalidEncoding):
        as_encoding(bad)


@pytest.mark.parametrize("bad", [0.0, -0.1, 2.5, math.nan, math.inf, "0.6"])
def test_unusable_threshold_is_refused(bad: object) -> None:
    with pytest.raises(InvalidFaceSetting, match="threshold"):
        checked_threshold(bad)  # type: ignore[arg-type]


def test_comparison_matches_at_or_below_threshold_only() -> None:
    first = np.zeros(128, dtype=np.float32)
    near, far = first.copy(), first.copy()
    near[0], far[0] = 0.5, 0.7
    assert compare_encodings(first, near).is_match
    assert not compare_encodings(first, far).is_match
    assert compare_encodings(first, far, threshold=0.75).is_match
