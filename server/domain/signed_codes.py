"""Short signed codes for the QR codes on tickets and appointment confirmations.

A code reads `BQ1.T.<subject>.<expires>.<signature>`: version, kind letter, the subject the server
looks up (a ticket or appointment public id), the expiry in base-36 epoch seconds, and a truncated
HMAC-SHA256 over everything before it. It is short enough for a small, robust QR code and plain ASCII
so it survives URLs (`https://host/t/<code>`), and a kiosk can refuse a forged, altered or expired
code offline, with a reason it can show.

Pure standard library on purpose: the server and the kiosk both import it.

    CodeRejected(ValueError)   carries `reason: RejectReason` (malformed, unknown_version,
                               bad_signature, expired, wrong_kind)
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

VERSION = "BQ1"
SIGNATURE_BYTES = 12
"""96 bits of HMAC: forging needs ~2^96 tries, each one a visit to a kiosk; the code stays short."""
MIN_KEY_BYTES = 16
_SUBJECT = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
_BASE36 = re.compile(r"^[0-9a-z]{1,13}$")
_SIGNATURE = re.compile(r"^[A-Za-z0-9_-]{16}$")


class CodeKind(StrEnum):
    TICKET = "ticket"
    APPOINTMENT = "appointment"

    @property
    def letter(self) -> str:
        return _LETTERS[self]


_LETTERS = {CodeKind.TICKET: "T", CodeKind.APPOINTMENT: "A"}
_KINDS_BY_LETTER = {letter: kind for kind, letter in _LETTERS.items()}


class RejectReason(StrEnum):
    MALFORMED = "malformed"
    UNKNOWN_VERSION = "unknown_version"
    BAD_SIGNATURE = "bad_signature"
    EXPIRED = "expired"
    WRONG_KIND = "wrong_kind"


_ADVICE = {
    RejectReason.MALFORMED: "this is not a BranchQ code; scan the code printed on the ticket or confirmation",
    RejectReason.UNKNOWN_VERSION: "this code comes from another system version; please ask staff for help",
    RejectReason.BAD_SIGNATURE: "this code was not issued by this bank or was altered; please ask staff",
    RejectReason.EXPIRED: "this code has expired; please take a new ticket or book again",
    RejectReason.WRONG_KIND: "this code is for something else (e.g. a ticket, not an appointment)",
}


class CodeRejected(ValueError):
    """A scanned code is refused; `reason` says why, `advice` what the customer should do."""

    def __init__(self, reason: RejectReason, detail: str) -> None:
        super().__init__(f"{reason.value}: {detail}")
        self.reason = reason
        self.detail = detail
        self.advice = _ADVICE[reason]


@dataclass(frozen=True, slots=True)
class SignedCode:
    kind: CodeKind
    subject: str
    expires_at: datetime


def sign_code(kind: CodeKind, subject: str, expires_at: datetime, key: bytes) -> str:
    """The printable code for `subject`; valid until `expires_at` (an aware datetime)."""
    _check_key(key)
    if not _SUBJECT.match(subject):
        raise ValueError("subject must be 1-40 characters of A-Z, a-z, 0-9, '_' or '-'")
    if expires_at.tzinfo is None:
        raise ValueError("expires_at must be timezone-aware")
    body = f"{VERSION}.{CodeKind(kind).letter}.{subject}.{_to_base36(int(expires_at.timestamp()))}"
    return f"{body}.{_signature(body, key)}"


def verify_code(payload: str, key: bytes, now: datetime, expected_kind: CodeKind | None = None) -> SignedCode:
    """The code's content if it is genuine, unexpired and of the expected kind; else `CodeRejected`.

    Checks run in an order that leaks nothing useful: shape, version, signature, then meaning.
    """
    _check_key(key)
    parts = payload.strip().split(".")
    if len(parts) != 5:
        raise CodeRejected(RejectReason.MALFORMED, f"expected 5 dot-separated parts, got {len(parts)}")
    version, letter, subject, expires, signature = parts
    if version != VERSION:
        if version.startswith("BQ"):
            raise CodeRejected(RejectReason.UNKNOWN_VERSION, f"version {version!r} is not {VERSION}")
        raise CodeRejected(RejectReason.MALFORMED, "missing the BQ prefix")
    if not (letter in _KINDS_BY_LETTER and _SUBJECT.match(subject) and _BASE36.match(expires)):
        raise CodeRejected(RejectReason.MALFORMED, "kind, subject or expiry is not well formed")
    if not _SIGNATURE.match(signature):
        raise CodeRejected(RejectReason.MALFORMED, "signature has the wrong length or alphabet")
    expected = _signature(".".join(parts[:4]), key)
    if not hmac.compare_digest(expected.encode(), signature.encode()):
        raise CodeRejected(RejectReason.BAD_SIGNATURE, "signature does not match the content")
    return _meaning(_KINDS_BY_LETTER[letter], subject, int(expires, 36), now, expected_kind)


def _meaning(
    kind: CodeKind, subject: str, expires: int, now: datetime, expected_kind: CodeKind | None
) -> SignedCode:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    expires_at = datetime.fromtimestamp(expires, tz=UTC)
    if now >= expires_at:
        raise CodeRejected(RejectReason.EXPIRED, f"expired at {expires_at.isoformat()}")
    if expected_kind is not None and kind != expected_kind:
        raise CodeRejected(RejectReason.WRONG_KIND, f"this is a {kind.value} code, not {expected_kind.value}")
    return SignedCode(kind=kind, subject=subject, expires_at=expires_at)


def code_from_scan(text: str) -> str:
    """The code inside a scanned text: the code itself, or the last path segment of a status URL."""
    stripped = text.strip()
    return stripped.rstrip("/").rsplit("/", 1)[-1] if "/" in stripped else stripped


def _signature(body: str, key: bytes) -> str:
    digest = hmac.new(key, body.encode("ascii"), hashlib.sha256).digest()[:SIGNATURE_BYTES]
    return base64.urlsafe_b64encode(digest).decode("ascii")


def _check_key(key: bytes) -> None:
    if not isinstance(key, bytes) or len(key) < MIN_KEY_BYTES:
        raise ValueError(f"the signing key must be at least {MIN_KEY_BYTES} random bytes")


def _to_base36(value: int) -> str:
    if value < 0:
        raise ValueError("expiry before 1970 is not supported")
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        value, remainder = divmod(value, 36)
        text = digits[remainder] + text
        if value == 0:
            return text
