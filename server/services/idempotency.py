"""Idempotency keys: a create request sent twice (a kiosk retrying after a timeout) acts once.

A client may send `Idempotency-Key: <16 to 64 of A-Z a-z 0-9 _ ->` with a create request (issuing a ticket,
which includes checking in; booking; rating). The server keeps, for 24 hours, (who asks, which route, the
key) -> a fingerprint of the request (path and body) and the answer it got:

- the same key with the same request answers the stored answer again (same ticket, no new event, the
  header `Idempotent-Replayed: true`);
- the same key with a different request is refused: 409 `idempotency.key_reused`;
- while the first request is still finishing, a retry gets 409 `idempotency.in_progress` (try again in a
  moment); a request is only kept once it succeeded, so a refused one may simply be sent again.

The key is claimed inside the change's own transaction (`Changes.begin` calls `claim_pending` once it
holds the branch lock), so the claim commits with the ticket or not at all, and two copies of a request
arriving together are serialised by the branch lock: the second sees the first's claim. The claim costs one
indexed lookup and one insert (Core statements) in a transaction that is open anyway; the answer is stored right after the
commit (the answer carries estimates computed after it).

Who asks: `staff:<id>`, `device:<id>` or `anonymous` (online customers). Keys are stored only as an HMAC
with the server's secret, and answers sealed (AES-GCM) with a key derived from the idempotency key, so the
table reveals no booking's manage token and no ticket's code to someone who reads the database.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import re
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from server.db.engine import Database
from server.db.models import IdempotencyKey
from server.domain.errors import ConflictError, InvalidInput
from server.services.auth import Principal

__all__ = ["KEY_HEADER", "REPLAYED_HEADER", "RETENTION", "Idempotency", "claim_pending"]

log = logging.getLogger("branchq.idempotency")

KEY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
KEY_MIN_LENGTH = 16
KEY_MAX_LENGTH = 64
_KEY = re.compile(rf"[A-Za-z0-9_-]{{{KEY_MIN_LENGTH},{KEY_MAX_LENGTH}}}")
RETENTION = timedelta(hours=24)
ANSWER_GRACE = timedelta(minutes=1)
"""How long a claimed key may wait for its answer before a retry is told the answer was lost."""

Clock = Callable[[], datetime]


@dataclass
class _Claim:
    scope: str
    route: str
    key_hash: str
    fingerprint: str
    sealing_key: bytes
    row_id: int | None = None
    taken: bool = False


_pending: ContextVar[_Claim | None] = ContextVar("branchq_idempotency_claim", default=None)


class _Replay(Exception):  # noqa: N818 - not an error: how the stored answer leaves the transaction
    def __init__(self, answer: dict[str, Any]) -> None:
        super().__init__("idempotent replay")
        self.answer = answer


class Idempotency:
    """Runs create requests under their idempotency key (see the module's docstring)."""

    def __init__(self, db: Database, clock: Clock, secret_key: str) -> None:
        self.db = db
        self.clock = clock
        self._secret = secret_key.encode()

    def run(
        self, principal: Principal | None, route: str, key: str | None, request: Mapping[str, Any],
        action: Callable[[], dict[str, Any]],
    ) -> tuple[dict[str, Any], bool]:
        """(the answer, whether it is a replay). Without a key, `action` simply runs. `request` is what makes
        two requests the same (path parameters and body, as JSON)."""
        if key is None:
            return action(), False
        claim = self._claim(principal, route, key, request)
        token = _pending.set(claim)
        try:
            answer = action()
        except _Replay as replay:
            return replay.answer, True
        finally:
            _pending.reset(token)
        if claim.row_id is None:
            log.warning("%s ran without a change to claim its idempotency key in", route)
        else:
            self._keep(claim, answer)
        return answer, False

    def purge(self) -> int:
        """Forget keys older than 24 hours; how many."""
        with self.db.write(tracked=True) as session:  # only this table: no in-memory copy to tell (`caches`)
            result = session.execute(delete(IdempotencyKey).where(IdempotencyKey.created_at < self.clock() - RETENTION))
        return int(result.rowcount or 0)

    def _claim(self, principal: Principal | None, route: str, key: str, request: Mapping[str, Any]) -> _Claim:
        if not _KEY.fullmatch(key):
            raise InvalidInput(
                f"the Idempotency-Key header must be {KEY_MIN_LENGTH} to {KEY_MAX_LENGTH} letters, digits, "
                "'-' or '_'", field=KEY_HEADER, code="idempotency.key_invalid",
                params={"min_length": KEY_MIN_LENGTH, "max_length": KEY_MAX_LENGTH},
            )
        scope = "anonymous" if principal is None else f"{principal.kind}:{principal.account_id}"
        canonical = json.dumps(request, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
        return _Claim(
            scope=scope,
            route=route,
            key_hash=self._mac(b"key", key),
            fingerprint=hashlib.sha256(canonical.encode()).hexdigest(),
            sealing_key=bytes.fromhex(self._mac(b"answer", key)),
        )

    def _mac(self, purpose: bytes, key: str) -> str:
        return hmac.new(self._secret, purpose + b":" + key.encode(), hashlib.sha256).hexdigest()

    def _keep(self, claim: _Claim, answer: dict[str, Any]) -> None:
        try:
            with self.db.write(tracked=True) as session:  # only this table: no in-memory copy to tell
                session.execute(
                    update(IdempotencyKey).where(IdempotencyKey.id == claim.row_id)
                    .values(answer=_seal(claim.sealing_key, answer))
                )
        except Exception:  # the change is committed; a retry will hear the answer was lost, not act twice
            log.exception("could not keep the answer of %s", claim.route)


def claim_pending(session: Session, now: datetime) -> None:
    """Called by `Changes.begin` inside its transaction, once it holds the branch lock: claims the key of the
    request being served (if it has one and has not claimed it yet), or ends the change with the stored
    answer (a replay) or a 409."""
    claim = _pending.get()
    if claim is None or claim.taken:
        return
    claim.taken = True
    table = IdempotencyKey.__table__
    row = session.execute(
        select(table.c.id, table.c.fingerprint, table.c.answer, table.c.created_at).where(
            table.c.scope == claim.scope, table.c.route == claim.route, table.c.key_hash == claim.key_hash,
        )
    ).first()
    if row is not None and row.created_at > now - RETENTION:
        _answer_again(claim, row.fingerprint, row.answer, now - row.created_at)
    if row is not None:  # an expired key: its slot is free again
        session.execute(delete(table).where(table.c.id == row.id))
    claim.row_id = session.execute(
        insert(table).values(
            scope=claim.scope, route=claim.route, key_hash=claim.key_hash, fingerprint=claim.fingerprint,
            answer=None, created_at=now,
        ).returning(table.c.id)
    ).scalar_one()


def _answer_again(claim: _Claim, fingerprint: str, answer: bytes | None, age: timedelta) -> None:
    if fingerprint != claim.fingerprint:
        raise ConflictError(
            "this Idempotency-Key was already used for a different request", field=KEY_HEADER,
            code="idempotency.key_reused",
        )
    if answer is not None:
        raise _Replay(_unseal(claim.sealing_key, answer))
    if age < ANSWER_GRACE:
        raise ConflictError(
            "the first request with this Idempotency-Key is still being answered; try again in a moment",
            field=KEY_HEADER, code="idempotency.in_progress",
        )
    raise ConflictError(
        "this request was carried out, but its answer was lost; look it up instead of sending it again",
        field=KEY_HEADER, code="idempotency.answer_lost",
    )


def _seal(key: bytes, answer: dict[str, Any]) -> bytes:
    nonce = os.urandom(12)
    return nonce + AESGCM(key).encrypt(nonce, json.dumps(answer, separators=(",", ":")).encode(), None)


def _unseal(key: bytes, sealed: bytes) -> dict[str, Any]:
    return json.loads(AESGCM(key).decrypt(sealed[:12], sealed[12:], None))
