"""The biometrics package's exception tree, drawn once.

    BiometricsError                 base; `advice` says what an operator should do next
    ├── InvalidEncoding             an encoding is not a finite vector of `ENCODING_DIMENSION` numbers
    ├── InvalidMatchThreshold       a match threshold is out of range
    ├── ConsentRequired             enrollment asked for without the customer's recorded consent
    └── FaceVaultError              the encrypted store cannot be used
        ├── InvalidVaultKey         the configured key is not a 32-byte AES key
        └── VaultRecordUnreadable   a stored record fails authentication (wrong key or tampered file)

These are the server's internal errors, for logs and configuration checks: `server.services.faces` turns
the ones a request can cause into domain errors (`InvalidInput`, `FaceCheckInUnavailable`) with a code.
`message` says what happened, `advice` what to do next; neither is meant for customers' eyes.
"""

from __future__ import annotations


class BiometricsError(Exception):
    """Base of every error the biometrics package raises on purpose."""

    default_advice = "check the face check-in configuration; if it persists, report it with the log"

    def __init__(self, message: str, *, advice: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.advice = advice or self.default_advice

    def __str__(self) -> str:
        return f"{self.message} (what to do: {self.advice})"


class InvalidEncoding(BiometricsError):
    """An encoding is not a finite vector of the expected dimension."""

    default_advice = "send the encodings the kiosk's face encoder produced"


class InvalidMatchThreshold(BiometricsError):
    """A match threshold is not a number in (0, 2]."""

    default_advice = "correct the face match threshold in the configuration"


class ConsentRequired(BiometricsError):
    """Enrollment without a matching, recorded consent of the customer."""

    default_advice = "record the customer's consent (text version, time, channel) before enrolling their face"


class FaceVaultError(BiometricsError):
    """The encrypted encoding store cannot be used."""

    default_advice = "check the face vault's storage and key configuration"


class InvalidVaultKey(FaceVaultError):
    """The configured vault key is malformed."""

    default_advice = "configure a base64 32-byte key, e.g. from VaultKey.generate().to_base64()"


class VaultRecordUnreadable(FaceVaultError):
    """A stored record cannot be decrypted or parsed."""

    default_advice = "check that the configured key is the one the records were sealed with, else re-enroll"

    def __init__(self, message: str, *, record_key: str, advice: str | None = None) -> None:
        super().__init__(message, advice=advice)
        self.record_key = record_key
