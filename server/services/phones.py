"""Customers' phone numbers, encrypted at rest with a key derived from the server's secret.

A number is kept only to send the messages the customer asked for; it is sealed (AES-256-GCM, random nonce,
the purpose as associated data) together with the language the messages go out in, shown only masked
(138****5678), and deleted after the visit (`server.services.notifications.forget_phones`). Rotating
`BRANCHQ_SECRET_KEY` makes every sealed number unreadable, like every printed code.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from server.domain.appointments import mask_phone, normalise_phone
from server.messages import DEFAULT_LANGUAGE, LANGUAGES

_PURPOSE = b"branchq phone numbers v1"
_NONCE_BYTES = 12


@dataclass(frozen=True, slots=True)
class Contact:
    """Where a customer's messages go, and in which language."""

    phone: str
    language: str = DEFAULT_LANGUAGE

    @property
    def masked(self) -> str:
        return mask_phone(self.phone)


def contact_of(phone: str, language: str | None) -> Contact:
    """A checked contact: an 11-digit mainland mobile number (refused otherwise, as bookings are)."""
    return Contact(normalise_phone(phone), language if language in LANGUAGES else DEFAULT_LANGUAGE)


class PhoneSealer:
    def __init__(self, secret: str) -> None:
        self._key = hmac.new(secret.encode(), _PURPOSE, hashlib.sha256).digest()

    def seal(self, contact: Contact) -> bytes:
        nonce = secrets.token_bytes(_NONCE_BYTES)
        plain = json.dumps({"phone": contact.phone, "language": contact.language}).encode()
        return nonce + AESGCM(self._key).encrypt(nonce, plain, _PURPOSE)

    def open(self, sealed: bytes) -> Contact | None:
        """The contact, or None when it cannot be read (sealed under another secret)."""
        try:
            plain = AESGCM(self._key).decrypt(sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:], _PURPOSE)
        except (InvalidTag, ValueError):
            return None
        values = json.loads(plain)
        return Contact(values["phone"], values.get("language", DEFAULT_LANGUAGE))

    def seal_json(self, value: dict[str, object]) -> bytes:
        """A whole message (it carries the number), for the outbox."""
        nonce = secrets.token_bytes(_NONCE_BYTES)
        return nonce + AESGCM(self._key).encrypt(nonce, json.dumps(value, ensure_ascii=False).encode(), b"outbox")

    def open_json(self, sealed: bytes) -> dict[str, object] | None:
        try:
            return json.loads(AESGCM(self._key).decrypt(sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:], b"outbox"))
        except (InvalidTag, ValueError):
            return None
