"""Fakes and builders for the biometrics tests, in one place."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import numpy as np

from server.biometrics import ConsentChannel, ConsentRecord


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
