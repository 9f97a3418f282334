"""The server's in-memory gallery of enrolled face encodings, searched by vectorised euclidean distance.

Encodings sit in one float32 matrix with their squared norms precomputed, so a query costs one
matrix-vector product: ||a - b||^2 = ||a||^2 + ||b||^2 - 2 a.b for every row at once (about 30 ms at a
million rows on two cores). A customer may hold several rows (several enrollment photos); the margin is
measured to the best row of a *different* customer. Removal overwrites the row with the last one and zeroes
the vacated slot, so a forgotten face leaves no copy in the buffer.

Matching has this one home: the kiosk only encodes (`hardware.face`) and sends the encoding.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from server.biometrics.encodings import (
    DEFAULT_MATCH_THRESHOLD,
    ENCODING_DIMENSION,
    as_encoding,
    as_encoding_matrix,
    checked_threshold,
)

_INITIAL_CAPACITY = 1024


@dataclass(frozen=True)
class Identification:
    """The best-matching enrolled customer for a query face.

    Attributes:
        customer_id: who the face belongs to.
        distance: euclidean distance to that customer's closest encoding (at most the threshold).
        margin: how much farther the closest *other* customer is; `math.inf` if there is none. A small
            margin means two enrolled people look alike, and the caller may ask for a second factor.
    """

    customer_id: str
    distance: float
    margin: float


class FaceGallery:
    """Enrolled encodings keyed by customer id; safe to share between threads.

    Attributes:
        threshold: largest distance `identify` accepts as a match.
    """

    def __init__(self, threshold: float = DEFAULT_MATCH_THRESHOLD) -> None:
        self.threshold = checked_threshold(threshold)
        self._lock = threading.Lock()
        self._matrix = np.zeros((_INITIAL_CAPACITY, ENCODING_DIMENSION), dtype=np.float32)
        self._squared_norms = np.zeros(_INITIAL_CAPACITY, dtype=np.float32)
        self._row_owner: list[str] = []
        self._rows_of: dict[str, list[int]] = {}

    def __len__(self) -> int:
        """Number of encodings held (not customers)."""
        return len(self._row_owner)

    def __contains__(self, customer_id: object) -> bool:
        return customer_id in self._rows_of

    @property
    def customer_count(self) -> int:
        return len(self._rows_of)

    def add(self, customer_id: str, encoding: object) -> None:
        """Add one encoding for `customer_id` (a customer may have several)."""
        self.add_many([customer_id], as_encoding(encoding)[np.newaxis, :])

    def add_many(self, customer_ids: Sequence[str], encodings: object) -> None:
        """Add row i of `encodings` for `customer_ids[i]`; the bulk path used when loading the vault."""
        matrix = as_encoding_matrix(encodings)
        if len(customer_ids) != matrix.shape[0]:
            raise ValueError(f"{len(customer_ids)} customer ids for {matrix.shape[0]} encodings")
        with self._lock:
            start = len(self._row_owner)
            self._ensure_capacity(start + matrix.shape[0])
            self._matrix[start : start + matrix.shape[0]] = matrix
            self._squared_norms[start : start + matrix.shape[0]] = np.einsum("ij,ij->i", matrix, matrix)
            for offset, customer_id in enumerate(customer_ids):
                self._row_owner.append(customer_id)
                self._rows_of.setdefault(customer_id, []).append(start + offset)

    def replace(self, customer_id: str, encodings: object) -> None:
        """Make `encodings` the customer's only rows (re-enrollment)."""
        matrix = as_encoding_matrix(encodings)
        self.remove(customer_id)
        self.add_many([customer_id] * matrix.shape[0], matrix)

    def remove(self, customer_id: str) -> int:
        """Delete every row of `customer_id`; return how many were removed (0 if unknown)."""
        with self._lock:
            rows = self._rows_of.pop(customer_id, [])
            for row in sorted(rows, reverse=True):
                self._remove_row(row)
            return len(rows)

    def encodings_of(self, customer_id: str) -> np.ndarray:
        """A copy of the customer's encodings, (k, 128); empty when not enrolled."""
        with self._lock:
            rows = self._rows_of.get(customer_id, [])
            return self._matrix[rows].copy()

    def identify(self, encoding: object) -> Identification | None:
        """The enrolled customer closest to `encoding`, or None if nobody is within the threshold."""
        query = as_encoding(encoding)
        with self._lock:
            count = len(self._row_owner)
            if count == 0:
                return None
            squared = self._squared_distances(query, count)
            best_row = int(np.argmin(squared))
            best_distance = math.sqrt(max(float(squared[best_row]), 0.0))
            if best_distance > self.threshold:
                return None
            customer_id = self._row_owner[best_row]
            squared[self._rows_of[customer_id]] = np.inf
            second = float(squared.min()) if count > len(self._rows_of[customer_id]) else math.inf
        margin = math.sqrt(max(second, 0.0)) - best_distance
        return Identification(customer_id=customer_id, distance=best_distance, margin=margin)

    def _squared_distances(self, query: np.ndarray, count: int) -> np.ndarray:
        # einsum, not `@`: the scan is memory-bound, and OpenBLAS's threaded matrix-vector product measured
        # 2-5x slower than one einsum thread on the busy 2-core server (see bench/face_identify.py).
        products = np.einsum("ij,j->i", self._matrix[:count], query)
        squared = self._squared_norms[:count] + np.float32(np.dot(query, query))
        squared -= 2.0 * products
        return squared

    def _ensure_capacity(self, needed: int) -> None:
        capacity = self._matrix.shape[0]
        if needed <= capacity:
            return
        new_capacity = max(needed, capacity * 2)
        matrix = np.zeros((new_capacity, ENCODING_DIMENSION), dtype=np.float32)
        matrix[:capacity] = self._matrix
        norms = np.zeros(new_capacity, dtype=np.float32)
        norms[:capacity] = self._squared_norms
        self._matrix.fill(0.0)
        self._matrix, self._squared_norms = matrix, norms

    def _remove_row(self, row: int) -> None:
        last = len(self._row_owner) - 1
        if row != last:
            moved_owner = self._row_owner[last]
            self._matrix[row] = self._matrix[last]
            self._squared_norms[row] = self._squared_norms[last]
            self._row_owner[row] = moved_owner
            owner_rows = self._rows_of[moved_owner]
            owner_rows[owner_rows.index(last)] = row
        self._matrix[last] = 0.0
        self._squared_norms[last] = 0.0
        self._row_owner.pop()
