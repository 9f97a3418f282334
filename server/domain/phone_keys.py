"""Recognising a customer by phone number without keeping the number: a keyed hash (HMAC-SHA256).

The key is derived from the server's secret for this one purpose, so the hash cannot be recomputed by
anyone holding the database alone (a plain hash of 11 digits falls to a dictionary of every number in
minutes). Changing `BRANCHQ_SECRET_KEY` changes every key: returning customers are then recorded anew.
"""

from __future__ import annotations

import hashlib
import hmac

from .appointments import normalise_phone

PURPOSE = b"branchq.customer-phone.v1"


class PhoneKeys:
    """Turns a phone number into its customer key. Attributes: none public; the derived key stays inside."""

    def __init__(self, secret: str) -> None:
        self._key = hmac.new(secret.encode(), PURPOSE, hashlib.sha256).digest()

    def key_of(self, phone: str) -> str:
        """64 hex characters, the same for every way of typing the same number."""
        return hmac.new(self._key, normalise_phone(phone).encode(), hashlib.sha256).hexdigest()
