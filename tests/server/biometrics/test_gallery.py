"""The gallery finds the closest enrolled customer within the threshold, reports the margin to the next
customer, and forgets removed customers completely (pure numpy: no dlib needed)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.biometrics import FaceGallery, InvalidEncoding, InvalidMatchThreshold


def unit_vector(index: int, length: float = 1.0) -> np.ndarray:
    vector = np.zeros(128, dtype=np.float32)
    vector[index] = length
    return vector


def test_empty_gallery_identifies_nobody() -> None:
    assert FaceGallery().identify(unit_vector(0)) is None


def test_closest_customer_within_threshold_is_identified_with_margin() -> None:
    gallery = FaceGallery(threshold=0.6)
    gallery.add("C001", unit_vector(0))
    gallery.add("C002", unit_vector(1))
    query = unit_vector(0) + 0.3 * unit_vector(2)
    found = gallery.identify(query)
    assert found is not None and found.customer_id == "C001"
    assert found.distance == pytest.approx(0.3, abs=1e-5)
    assert found.margin == pytest.approx(math.sqrt(1 + 1 + 0.09) - 0.3, abs=1e-5)


def test_nobody_is_identified_beyond_the_threshold() -> None:
    gallery = FaceGallery(threshold=0.6)
    gallery.add("C001", unit_vector(0))
    assert gallery.identify(unit_vector(0) + 0.61 * unit_vector(1)) is None


def test_margin_is_measured_to_another_customer_not_to_a_second_photo_of_the_same_one() -> None:
    gallery = FaceGallery()
    gallery.add("C001", unit_vector(0))
    gallery.add("C001", unit_vector(0) + 0.1 * unit_vector(3))
    gallery.add("C002", unit_vector(0) + 0.5 * unit_vector(4))
    found = gallery.identify(unit_vector(0))
    assert found is not None and found.customer_id == "C001"
    assert found.margin == pytest.approx(0.5, abs=1e-5)


def test_margin_is_infinite_when_only_one_customer_is_enrolled() -> None:
    gallery = FaceGallery()
    gallery.add_many(["C001", "C001"], [unit_vector(0), unit_vector(0, 1.1)])
    found = gallery.identify(unit_vector(0))
    assert found is not None and found.margin == math.inf


def test_removed_customer_is_no_longer_found_and_others_still_are() -> None:
    gallery = FaceGallery()
    gallery.add_many(["C001", "C002", "C001", "C003"], [unit_vector(i) for i in range(4)])
    assert gallery.remove("C001") == 2
    assert len(gallery) == 2 and gallery.customer_count == 2 and "C001" not in gallery
    assert gallery.identify(unit_vector(0)) is None
    assert gallery.encodings_of("C001").shape == (0, 128)
    for index, customer_id in ((1, "C002"), (3, "C003")):
        found = gallery.identify(unit_vector(index))
        assert found is not None and found.customer_id == customer_id and found.distance < 1e-3


def test_removing_an_unknown_customer_removes_nothing() -> None:
    gallery = FaceGallery()
    gallery.add("C001", unit_vector(0))
    assert gallery.remove("C999") == 0 and len(gallery) == 1


def test_replace_keeps_only_the_new_encodings() -> None:
    gallery = FaceGallery()
    gallery.add("C001", unit_vector(0))
    gallery.replace("C001", np.stack([unit_vector(5), unit_vector(6)]))
    np.testing.assert_array_equal(gallery.encodings_of("C001"), np.stack([unit_vector(5), unit_vector(6)]))
    assert gallery.identify(unit_vector(0)) is None


def test_gallery_grows_past_its_initial_capacity() -> None:
    rng = np.random.default_rng(7)
    encodings = rng.normal(0, 0.1, size=(3000, 128)).astype(np.float32)
    gallery = FaceGallery()
    for start in range(0, 3000, 700):
        gallery.add_many(
            [f"C{i}" for i in range(start, min(start + 700, 3000))], encodings[start : start + 700]
        )
    found = gallery.identify(encodings[2999])
    assert len(gallery) == 3000 and found is not None and found.customer_id == "C2999"


def test_malformed_input_is_refused_with_a_typed_error() -> None:
    with pytest.raises(InvalidMatchThreshold):
        FaceGallery(threshold=-1)
    with pytest.raises(InvalidEncoding):
        FaceGallery().add("C001", np.zeros(64))
    with pytest.raises(InvalidEncoding):
        FaceGallery().identify(np.full(128, np.nan))


operations = st.lists(
    st.tuples(st.sampled_from(["add", "remove"]), st.integers(min_value=0, max_value=7)), max_size=40
)


@settings(max_examples=60, deadline=None)
@given(operations=operations, seed=st.integers(min_value=0, max_value=2**16))
def test_identify_agrees_with_brute_force_after_any_adds_and_removes(
    operations: list[tuple[str, int]], seed: int
) -> None:
    rng = np.random.default_rng(seed)
    gallery = FaceGallery(threshold=2.0)
    reference: list[tuple[str, np.ndarray]] = []
    for operation, customer_number in operations:
        customer_id = f"C{customer_number}"
        if operation == "add":
            encoding = rng.normal(0, 0.1, 128).astype(np.float32)
            gallery.add(customer_id, encoding)
            reference.append((customer_id, encoding))
        else:
            gallery.remove(customer_id)
            reference = [(owner, encoding) for owner, encoding in reference if owner != customer_id]
    query = rng.normal(0, 0.1, 128).astype(np.float32)
    found = gallery.identify(query)
    assert len(gallery) == len(reference)
    if not reference:
        assert found is None
        return
    distances = [
        (float(np.linalg.norm(query.astype(np.float64) - encoding)), owner) for owner, encoding in reference
    ]
    best_distance, best_owner = min(distances)
    others = [distance for distance, owner in distances if owner != best_owner]
    assert found is not None and found.customer_id == best_owner
    assert found.distance == pytest.approx(best_distance, abs=1e-4)
    assert found.margin == pytest.approx(min(others) - best_distance if others else math.inf, abs=1e-4)


def test_a_removed_encoding_leaves_no_copy_in_the_gallery_buffer() -> None:
    gallery = FaceGallery()
    secret = np.full(128, 0.123, dtype=np.float32)
    gallery.add_many(["C001", "C002", "C003"], [unit_vector(1), secret, unit_vector(2)])
    gallery.remove("C002")
    buffer = gallery._matrix  # the private buffer itself: the point is what stays in memory
    assert not np.any(np.all(buffer == secret, axis=1))
