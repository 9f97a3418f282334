"""The server's side of signed QR codes: it signs what it prints and reads what kiosks scan.

The key is derived from the server's secret, so rotating `BRANCHQ_SECRET_KEY` invalidates every
printed code along with every access token.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

from server.domain.errors import InvalidInput
from server.domain.signed_codes import CodeKind, CodeRejected, code_from_scan, sign_code, verify_code

TICKET_CODE_LIFETIME = timedelta(days=2)
"""A ticket's QR code outlives its business day, so a customer can still rate the service that evening."""
APPOINTMENT_GRACE = timedelta(minutes=30)

_REASONS = {
    "malformed": "this is not a BranchQ code",
    "unknown_version": "this code comes from another version of the system",
    "bad_signature": "this code was not issued by this bank",
    "expired": "this code has expired",
    "wrong_kind": "this code is for something else",
}


def derive_code_key(secret: str) -> bytes:
    return hmac.new(secret.encode(), b"branchq qr codes v1", hashlib.sha256).digest()


def looks_signed(text: str) -> bool:
    return code_from_scan(text).startswith("BQ")


class CodeSigner:
    def __init__(self, secret: str, public_base_url: str) -> None:
        self._key = derive_code_key(secret)
        self.public_base_url = public_base_url.rstrip("/")

    def ticket_code(self, token: str, issued_at: datetime) -> str:
        return sign_code(CodeKind.TICKET, token, issued_at + TICKET_CODE_LIFETIME, self._key)

    def ticket_status_url(self, token: str, issued_at: datetime) -> str:
        return f"{self.public_base_url}/t/{self.ticket_code(token, issued_at)}"

    def ticket_token(self, reference: str, now: datetime, field: str = "token") -> str:
        """The ticket's token behind what a customer holds: the token itself, or the signed code of its QR code
        (the status page `/t/<code>` acts with the code it was opened with)."""
        if looks_signed(reference):
            return self.read(reference, CodeKind.TICKET, now, field)
        return reference

    def appointment_code(self, check_in_code: str, slot_end: datetime) -> str:
        return sign_code(CodeKind.APPOINTMENT, check_in_code, slot_end + APPOINTMENT_GRACE, self._key)

    def read(self, scanned: str, kind: CodeKind, now: datetime, field: str) -> str:
        """The subject of a scanned code, or `InvalidInput` with a reason a customer can act on."""
        try:
            return verify_code(code_from_scan(scanned), self._key, now, kind).subject
        except CodeRejected as rejected:
            message = _REASONS.get(rejected.reason.value, "this code cannot be used")
            raise InvalidInput(
                f"{message}; ask a member of staff for help", field=field,
                code="scan.rejected", params={"reason": rejected.reason.value},
            ) from None
