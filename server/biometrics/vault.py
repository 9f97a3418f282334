"""Enrolled encodings, encrypted at rest, only with the customer's recorded consent.

Each customer is one record: the consent and the encodings, serialised as JSON and sealed with AES-256-GCM
(random 96-bit nonce; the record key as associated data, so a record copied under another customer's key
fails to open). Record keys are an HMAC of the customer id, so file names reveal no customer numbers.
`forget` deletes the record and the gallery rows together. The storage backend is an interface: files
here, a database table later.

What it does not do: unlinking a file does not scrub the disk blocks, so a forgotten record's ciphertext may
survive on the medium until overwritten; it stays unreadable without the key, and rotating the key after a
deletion request makes it unreadable for good.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import secrets
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Protocol

import numpy as np

from server.biometrics.encodings import as_encoding_matrix
from server.biometrics.errors import ConsentRequired, InvalidEncoding, InvalidVaultKey, VaultRecordUnreadable
from server.biometrics.gallery import FaceGallery

_RECORD_MAGIC = b"BQFACE1\0"
_NONCE_BYTES = 12
_KEY_BYTES = 32


class ConsentChannel(StrEnum):
    """Where the customer gave consent to face check-in."""

    COUNTER = "counter"
    KIOSK = "kiosk"
    MOBILE_APP = "mobile_app"


@dataclass(frozen=True)
class ConsentRecord:
    """The customer's recorded consent: who, which consent text, when (timezone-aware) and where, and the
    name they chose to be greeted by at the kiosk (empty: greeted without a name). The caller cleans and
    bounds that name; the vault only keeps it, sealed with the rest of the record."""

    customer_id: str
    consent_text_version: str
    consented_at: datetime
    channel: ConsentChannel
    display_name: str = ""

    def __post_init__(self) -> None:
        if not self.customer_id.strip() or not self.consent_text_version.strip():
            raise ConsentRequired("a consent record lacks the customer id or the consent text version")
        if self.consented_at.tzinfo is None:
            raise ConsentRequired(
                "the consent time carries no timezone", advice="record the consent time as an aware datetime"
            )

    def to_json(self) -> dict[str, str]:
        record = {
            "customer_id": self.customer_id,
            "consent_text_version": self.consent_text_version,
            "consented_at": self.consented_at.isoformat(),
            "channel": self.channel.value,
        }
        if self.display_name:
            record["display_name"] = self.display_name
        return record

    @classmethod
    def from_json(cls, data: dict[str, str]) -> ConsentRecord:
        return cls(
            customer_id=data["customer_id"],
            consent_text_version=data["consent_text_version"],
            consented_at=datetime.fromisoformat(data["consented_at"]),
            channel=ConsentChannel(data["channel"]),
            display_name=data.get("display_name", ""),
        )


@dataclass(frozen=True)
class EnrollmentRecord:
    """What the vault holds for one customer."""

    consent: ConsentRecord
    encodings: np.ndarray


@dataclass(frozen=True)
class VaultLoadResult:
    """What `FaceVault.load_gallery` found: customers loaded, and records it could not open (to log)."""

    loaded_customers: int
    unreadable_record_keys: tuple[str, ...] = ()


class VaultKey:
    """A 256-bit AES key from configuration (base64 text), never logged or printed."""

    def __init__(self, key_bytes: bytes) -> None:
        if len(key_bytes) != _KEY_BYTES:
            raise InvalidVaultKey(f"the face vault key must be {_KEY_BYTES} bytes, got {len(key_bytes)}")
        self._key_bytes = bytes(key_bytes)

    @classmethod
    def from_base64(cls, text: str) -> VaultKey:
        try:
            return cls(base64.b64decode(text.strip(), validate=True))
        except (binascii.Error, ValueError) as error:
            raise InvalidVaultKey(
                "the face vault key is not valid base64", advice="copy the key again from the secret store"
            ) from error

    @classmethod
    def generate(cls) -> VaultKey:
        return cls(secrets.token_bytes(_KEY_BYTES))

    def to_base64(self) -> str:
        return base64.b64encode(self._key_bytes).decode("ascii")

    def __repr__(self) -> str:
        return "VaultKey(<hidden>)"

    def record_key(self, customer_id: str) -> str:
        """Storage key for a customer: HMAC-SHA256 of the id, so stored names leak no customer numbers."""
        return hmac.new(self._key_bytes, b"record-key:" + customer_id.encode(), hashlib.sha256).hexdigest()

    def seal(self, plaintext: bytes, record_key: str) -> bytes:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        nonce = secrets.token_bytes(_NONCE_BYTES)
        return _RECORD_MAGIC + nonce + AESGCM(self._key_bytes).encrypt(nonce, plaintext, record_key.encode())

    def open(self, sealed: bytes, record_key: str) -> bytes:
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        header_length = len(_RECORD_MAGIC) + _NONCE_BYTES
        if not sealed.startswith(_RECORD_MAGIC) or len(sealed) < header_length:
            raise VaultRecordUnreadable(
                f"record {record_key} is not a face vault record", record_key=record_key
            )
        nonce = sealed[len(_RECORD_MAGIC) : header_length]
        try:
            return AESGCM(self._key_bytes).decrypt(nonce, sealed[header_length:], record_key.encode())
        except InvalidTag as error:
            raise VaultRecordUnreadable(
                f"record {record_key} fails authentication: sealed with another key, or altered",
                record_key=record_key,
            ) from error


class EncryptedRecordStore(Protocol):
    """Where sealed records live. Implementations see only opaque keys and ciphertext."""

    def put(self, record_key: str, sealed: bytes) -> None: ...

    def get(self, record_key: str) -> bytes | None: ...

    def delete(self, record_key: str) -> bool: ...

    def record_keys(self) -> Iterator[str]: ...


class FileRecordStore:
    """One file per record in `directory`, written atomically (temporary file, fsync, rename); the directory
    is created owner-only and the files are owner-only (mkstemp's 0600)."""

    _SUFFIX = ".face"

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)

    def _path(self, record_key: str) -> Path:
        if not record_key.isalnum():
            raise ValueError(f"record key {record_key!r} must be alphanumeric")
        return self.directory / f"{record_key}{self._SUFFIX}"

    def put(self, record_key: str, sealed: bytes) -> None:
        target = self._path(record_key)
        handle, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as output:
                output.write(sealed)
                output.flush()
                os.fsync(output.fileno())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def get(self, record_key: str) -> bytes | None:
        try:
            return self._path(record_key).read_bytes()
        except FileNotFoundError:
            return None

    def delete(self, record_key: str) -> bool:
        try:
            self._path(record_key).unlink()
        except FileNotFoundError:
            return False
        return True

    def record_keys(self) -> Iterator[str]:
        for path in sorted(self.directory.glob(f"*{self._SUFFIX}")):
            yield path.name.removesuffix(self._SUFFIX)


class FaceVault:
    """Consent-gated enrollment, encrypted storage and forgetting, kept in step with a `FaceGallery`.

    Attributes:
        gallery: the in-memory gallery the server identifies against.
    """

    def __init__(self, store: EncryptedRecordStore, key: VaultKey, gallery: FaceGallery) -> None:
        self._store = store
        self._key = key
        self.gallery = gallery

    def enroll(self, customer_id: str, encodings: object, *, consent: ConsentRecord | None) -> None:
        """Store the customer's encodings (one or a stack), replacing earlier ones; add them to the gallery.

        Raises `ConsentRequired` without a consent record for this very customer: the caller must pass the
        consent it recorded, which makes enrolling without one a visible decision, never a default.
        """
        if not isinstance(consent, ConsentRecord):
            raise ConsentRequired(f"customer {customer_id} has no recorded consent to face check-in")
        if consent.customer_id != customer_id:
            raise ConsentRequired(f"the consent given belongs to {consent.customer_id}, not to {customer_id}")
        matrix = as_encoding_matrix(np.atleast_2d(np.asarray(encodings, dtype=np.float32)))
        if matrix.shape[0] == 0:
            raise InvalidEncoding(
                "enrollment needs at least one face encoding", advice="capture the face first"
            )
        record_key = self._key.record_key(customer_id)
        self._store.put(record_key, self._key.seal(_serialise(consent, matrix), record_key))
        self.gallery.replace(customer_id, matrix)

    def forget(self, customer_id: str) -> bool:
        """Delete the customer's face data from the store and the gallery; True if anything existed."""
        deleted_from_store = self._store.delete(self._key.record_key(customer_id))
        removed_rows = self.gallery.remove(customer_id)
        return deleted_from_store or removed_rows > 0

    def record_of(self, customer_id: str) -> EnrollmentRecord | None:
        """The customer's decrypted record, or None if not enrolled."""
        record_key = self._key.record_key(customer_id)
        sealed = self._store.get(record_key)
        return None if sealed is None else _deserialise(self._key.open(sealed, record_key), record_key)

    def load_gallery(self) -> VaultLoadResult:
        """Fill the gallery from every stored record (server start).

        One damaged record must not switch face check-in off for everybody, so unreadable records are
        skipped and listed; but when no record opens at all, the key is wrong and this raises
        `VaultRecordUnreadable` rather than start with an empty gallery.
        """
        loaded, unreadable = 0, []
        first_error: VaultRecordUnreadable | None = None
        for record_key in self._store.record_keys():
            sealed = self._store.get(record_key)
            if sealed is None:
                continue
            try:
                record = _deserialise(self._key.open(sealed, record_key), record_key)
            except VaultRecordUnreadable as error:
                unreadable.append(record_key)
                first_error = first_error or error
                continue
            self.gallery.replace(record.consent.customer_id, record.encodings)
            loaded += 1
        if loaded == 0 and first_error is not None:
            raise first_error
        return VaultLoadResult(loaded_customers=loaded, unreadable_record_keys=tuple(unreadable))


def _serialise(consent: ConsentRecord, encodings: np.ndarray) -> bytes:
    payload = {
        "format": 1,
        "consent": consent.to_json(),
        "encodings": base64.b64encode(encodings.astype("<f4").tobytes()).decode("ascii"),
        "encoding_count": int(encodings.shape[0]),
    }
    return json.dumps(payload, separators=(",", ":")).encode()


def _deserialise(plaintext: bytes, record_key: str) -> EnrollmentRecord:
    try:
        payload = json.loads(plaintext)
        raw = np.frombuffer(base64.b64decode(payload["encodings"]), dtype="<f4")
        encodings = as_encoding_matrix(raw.reshape(payload["encoding_count"], -1))
        return EnrollmentRecord(consent=ConsentRecord.from_json(payload["consent"]), encodings=encodings)
    except (ValueError, KeyError, TypeError) as error:
        raise VaultRecordUnreadable(
            f"record {record_key} decrypted but its content is malformed ({error})",
            record_key=record_key,
            advice="re-enroll the customer",
        ) from error
