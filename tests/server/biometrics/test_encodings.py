"""The server accepts finite 128-number float32 encodings and match thresholds in (0, 2], nothing else."""

from __future__ import annotations

import math

import numpy as np
import pytest

from server.biometrics import (
    InvalidEncoding,
    InvalidMatchThreshold,
    as_encoding,
    as_encoding_matrix,
    checked_threshold,
)


def test_encodings_become_float32() -> None:
    assert as_encoding([0.1] * 128).dtype == np.float32
    assert as_encoding_matrix([[0.1] * 128] * 2).shape == (2, 128)


@pytest.mark.parametrize(
    "bad", [np.zeros(127), np.zeros((2, 128)), np.full(128, np.nan), np.full(128, np.inf)]
)
def test_malformed_encoding_is_refused(bad: np.ndarray) -> None:
    with pytest.raises(InvalidEncoding):
        as_encoding(bad)


@pytest.mark.parametrize("bad", [np.zeros((3, 64)), np.zeros(128), np.full((2, 128), np.nan)])
def test_malformed_encoding_matrix_is_refused(bad: np.ndarray) -> None:
    with pytest.raises(InvalidEncoding, match=r"\(n, 128\)|NaN"):
        as_encoding_matrix(bad)


@pytest.mark.parametrize("bad", [0.0, -0.1, 2.5, math.nan, math.inf, "0.6"])
def test_unusable_threshold_is_refused(bad: object) -> None:
    with pytest.raises(InvalidMatchThreshold, match="threshold"):
        checked_threshold(bad)  # type: ignore[arg-type]
