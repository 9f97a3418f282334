"""The face package's exception tree, drawn once.

    FaceError
    ├── FaceModelsUnavailable   dlib or the model files are missing: install the `face` extra
    ├── InvalidFaceImage        the image cannot be read or is not an RGB picture
    ├── FaceNotFound            no face in the image: ask the customer to face the camera
    ├── SeveralFacesFound       more than one face where exactly one was required
    ├── ConsentRequired         enrollment asked for without the customer's recorded consent
    ├── InvalidEncoding         an encoding is not a finite 128-d vector
    ├── InvalidFaceSetting      a threshold or policy value is out of range
    ├── FaceWorkerStopped       a job was submitted to a face worker that was shut down
    └── FaceVaultError          the encrypted store cannot be used
        ├── InvalidVaultKey     the configured key is not a 32-byte AES key
        └── VaultRecordUnreadable  a stored record fails authentication (wrong key or tampered file)

Every message says what to do next; callers may show `message` to staff, never to customers.
"""

from __future__ import annotations


class FaceError(Exception):
    """Base of every error the face package raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class FaceModelsUnavailable(FaceError):
    """dlib or the face model files cannot be loaded on this machine."""


class InvalidFaceImage(FaceError):
    """The input is not a readable RGB image."""


class FaceNotFound(FaceError):
    """The image holds no detectable face."""


class SeveralFacesFound(FaceError):
    """The image holds more faces than the operation allows."""

    def __init__(self, message: str, *, face_count: int) -> None:
        super().__init__(message)
        self.face_count = face_count


class ConsentRequired(FaceError):
    """Enrollment without a matching, recorded consent of the customer."""


class InvalidEncoding(FaceError):
    """An encoding is not a finite vector of the encoder's dimension."""


class InvalidFaceSetting(FaceError):
    """A configured threshold or policy value is out of its valid range."""


class FaceWorkerStopped(FaceError):
    """The face worker no longer takes jobs."""


class FaceVaultError(FaceError):
    """The encrypted encoding store cannot be used."""


class InvalidVaultKey(FaceVaultError):
    """The configured vault key is malformed."""


class VaultRecordUnreadable(FaceVaultError):
    """A stored record cannot be decrypted or parsed."""

    def __init__(self, message: str, *, record_key: str) -> None:
        super().__init__(message)
        self.record_key = record_key
