"""Enrollment needs recorded consent; encodings are encrypted at rest; forgetting removes them everywhere."""

from __future__ import annotations

import base64
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

from server.biometrics import (
    ConsentChannel,
    ConsentRecord,
    ConsentRequired,
    FaceGallery,
    FaceVault,
    FileRecordStore,
    InvalidEncoding,
    InvalidVaultKey,
    VaultKey,
    VaultLoadResult,
    VaultRecordUnreadable,
)
from tests.server.biometrics.helpers import MemoryRecordStore, consent_for


def encodings_for(seed: int, count: int = 2) -> np.ndarray:
    return np.random.default_rng(seed).normal(0, 0.1, size=(count, 128)).astype(np.float32)


@pytest.fixture
def key() -> VaultKey:
    return VaultKey.generate()


@pytest.fixture
def vault_directory(tmp_path: Path) -> Path:
    return tmp_path / "face-vault"


def open_vault(directory: Path, key: VaultKey) -> FaceVault:
    return FaceVault(FileRecordStore(directory), key, FaceGallery())


def test_enrolling_without_consent_is_refused_and_stores_nothing(
    vault_directory: Path, key: VaultKey
) -> None:
    vault = open_vault(vault_directory, key)
    with pytest.raises(ConsentRequired, match=r"no recorded consent.*record the customer.s consent"):
        vault.enroll("C001", encodings_for(1), consent=None)
    assert list(vault_directory.iterdir()) == [] and len(vault.gallery) == 0


def test_consent_of_another_customer_does_not_count(vault_directory: Path, key: VaultKey) -> None:
    vault = open_vault(vault_directory, key)
    with pytest.raises(ConsentRequired, match="belongs to C002"):
        vault.enroll("C001", encodings_for(1), consent=consent_for("C002"))


def test_consent_must_name_the_text_version_and_carry_a_timezone() -> None:
    with pytest.raises(ConsentRequired):
        ConsentRecord("C001", " ", datetime.fromisoformat("2026-03-02T09:30:00+08:00"), ConsentChannel.KIOSK)
    with pytest.raises(ConsentRequired, match="timezone"):
        ConsentRecord("C001", "face-checkin-v1", datetime(2026, 3, 2, 9, 30), ConsentChannel.KIOSK)


def test_enrolled_customer_is_identifiable_at_once(vault_directory: Path, key: VaultKey) -> None:
    vault = open_vault(vault_directory, key)
    encodings = encodings_for(1)
    vault.enroll("C001", encodings, consent=consent_for("C001"))
    found = vault.gallery.identify(encodings[0])
    assert found is not None and found.customer_id == "C001"


def test_disk_holds_neither_the_raw_encoding_bytes_nor_the_customer_id(
    vault_directory: Path, key: VaultKey
) -> None:
    encodings = encodings_for(1)
    open_vault(vault_directory, key).enroll("C001", encodings, consent=consent_for("C001"))
    (record_file,) = vault_directory.iterdir()
    on_disk = record_file.read_bytes()
    raw = encodings.astype("<f4").tobytes()
    assert all(raw[start : start + 8] not in on_disk for start in range(0, len(raw) - 8, 4))
    assert base64.b64encode(raw[:48]) not in on_disk
    assert b"C001" not in on_disk and "C001" not in record_file.name
    assert b"face-checkin-v1" not in on_disk


def test_records_are_readable_by_their_owner_only(vault_directory: Path, key: VaultKey) -> None:
    open_vault(vault_directory, key).enroll("C001", encodings_for(1), consent=consent_for("C001"))
    (record_file,) = vault_directory.iterdir()
    assert vault_directory.stat().st_mode & 0o077 == 0
    assert record_file.stat().st_mode & 0o077 == 0


def test_records_survive_a_restart_with_the_same_key(vault_directory: Path, key: VaultKey) -> None:
    first = open_vault(vault_directory, key)
    first.enroll("C001", encodings_for(1), consent=consent_for("C001"))
    first.enroll("C002", encodings_for(2, count=3), consent=consent_for("C002"))
    restarted = open_vault(vault_directory, VaultKey.from_base64(key.to_base64()))
    assert restarted.load_gallery() == VaultLoadResult(loaded_customers=2)
    np.testing.assert_array_equal(restarted.gallery.encodings_of("C002"), encodings_for(2, count=3))
    record = restarted.record_of("C001")
    assert record is not None and record.consent == consent_for("C001")
    np.testing.assert_array_equal(record.encodings, encodings_for(1))


def test_reenrolling_replaces_the_old_encodings(vault_directory: Path, key: VaultKey) -> None:
    vault = open_vault(vault_directory, key)
    vault.enroll("C001", encodings_for(1), consent=consent_for("C001"))
    vault.enroll("C001", encodings_for(9, count=1), consent=consent_for("C001"))
    assert len(list(vault_directory.iterdir())) == 1
    assert vault.gallery.identify(encodings_for(1)[0]) is None
    np.testing.assert_array_equal(vault.gallery.encodings_of("C001"), encodings_for(9, count=1))
    record = open_vault(vault_directory, key).record_of("C001")
    assert record is not None
    np.testing.assert_array_equal(record.encodings, encodings_for(9, count=1))


def test_forget_removes_the_record_from_disk_and_the_gallery(vault_directory: Path, key: VaultKey) -> None:
    vault = open_vault(vault_directory, key)
    vault.enroll("C001", encodings_for(1), consent=consent_for("C001"))
    vault.enroll("C002", encodings_for(2), consent=consent_for("C002"))
    assert vault.forget("C001") is True
    assert vault.gallery.identify(encodings_for(1)[0]) is None
    assert "C001" not in vault.gallery and vault.record_of("C001") is None
    assert len(list(vault_directory.iterdir())) == 1
    restarted = open_vault(vault_directory, key)
    assert restarted.load_gallery().loaded_customers == 1 and "C001" not in restarted.gallery
    assert vault.forget("C001") is False


def test_a_wrong_key_cannot_read_the_records(vault_directory: Path, key: VaultKey) -> None:
    open_vault(vault_directory, key).enroll("C001", encodings_for(1), consent=consent_for("C001"))
    other_key = VaultKey.generate()
    stranger = FaceVault(FileRecordStore(vault_directory), other_key, FaceGallery())
    with pytest.raises(VaultRecordUnreadable, match=r"sealed with another key.*check that the configured"):
        stranger.load_gallery()


def test_an_altered_record_is_refused(vault_directory: Path, key: VaultKey) -> None:
    vault = open_vault(vault_directory, key)
    vault.enroll("C001", encodings_for(1), consent=consent_for("C001"))
    (record_file,) = vault_directory.iterdir()
    altered = bytearray(record_file.read_bytes())
    altered[-20] ^= 0x01
    record_file.write_bytes(bytes(altered))
    with pytest.raises(VaultRecordUnreadable):
        vault.record_of("C001")


def test_one_damaged_record_is_skipped_and_reported_while_the_others_load(
    vault_directory: Path, key: VaultKey
) -> None:
    vault = open_vault(vault_directory, key)
    vault.enroll("C001", encodings_for(1), consent=consent_for("C001"))
    vault.enroll("C002", encodings_for(2), consent=consent_for("C002"))
    damaged = vault_directory / f"{key.record_key('C001')}.face"
    damaged.write_bytes(damaged.read_bytes()[:-1])
    restarted = open_vault(vault_directory, key)
    result = restarted.load_gallery()
    assert result == VaultLoadResult(loaded_customers=1, unreadable_record_keys=(key.record_key("C001"),))
    assert "C002" in restarted.gallery and "C001" not in restarted.gallery
    assert damaged.exists()


def test_a_record_moved_under_another_customer_does_not_open(key: VaultKey) -> None:
    store = MemoryRecordStore()
    vault = FaceVault(store, key, FaceGallery())
    vault.enroll("C001", encodings_for(1), consent=consent_for("C001"))
    store.put(key.record_key("C002"), store.get(key.record_key("C001")) or b"")
    with pytest.raises(VaultRecordUnreadable):
        vault.record_of("C002")


def test_another_storage_backend_plugs_in_unchanged(key: VaultKey) -> None:
    store = MemoryRecordStore()
    FaceVault(store, key, FaceGallery()).enroll("C001", encodings_for(1), consent=consent_for("C001"))
    restarted = FaceVault(store, key, FaceGallery())
    assert restarted.load_gallery().loaded_customers == 1 and "C001" in restarted.gallery


def test_enrollment_without_any_encoding_is_refused(vault_directory: Path, key: VaultKey) -> None:
    with pytest.raises(InvalidEncoding):
        open_vault(vault_directory, key).enroll("C001", np.empty((0, 128)), consent=consent_for("C001"))


@pytest.mark.parametrize("text", ["not base64!", base64.b64encode(b"short").decode()])
def test_a_malformed_key_is_refused(text: str) -> None:
    with pytest.raises(InvalidVaultKey):
        VaultKey.from_base64(text)


def test_the_key_never_shows_in_its_repr(key: VaultKey) -> None:
    assert key.to_base64() not in repr(key)
