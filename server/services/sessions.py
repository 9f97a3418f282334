"""Logging in under a throttle, and single-use tickets for opening the event stream.

Login failures are counted per account, so guessing one account's password locks only that account,
wherever the guesses come from; names that belong to no account are counted per client address instead,
so one kiosk mistyping its name behind a branch's router cannot lock out the staff behind the same address.
Both throttles and the connection tickets live in this process (see `server.domain.throttle`): several
server processes each keep their own.
"""

from __future__ import annotations

import logging
import secrets
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from server.db.engine import Database
from server.db.models import Branch, Device, Staff
from server.domain.enums import Role
from server.domain.throttle import Throttle, TooManyAttempts
from server.services.admin import rules
from server.services.auth import (
    AuthError,
    Principal,
    TokenClaims,
    check_password,
    find_account,
    hash_password,
    load_principal,
)
from server.services.unit_of_work import Clock

log = logging.getLogger("branchq.auth")

TICKET_LIFETIME = timedelta(seconds=30)


class LoginService:
    def __init__(self, db: Database, clock: Clock, throttle: Throttle | None = None) -> None:
        self.db = db
        self.clock = clock
        self.throttle = throttle or Throttle()

    def login(self, username: str, password: str, address: str) -> Principal:
        """The principal for these credentials; `TooManyAttempts` while the account (or, for a name
        that is no account, the address) is locked out, `AuthError` for wrong credentials.

        Every path verifies one password hash (a locked key against the dummy hash), and an address
        locked out for unknown names answers wrong passwords of real accounts with the same 429, so
        neither the answer nor its time tells which names exist. The right password of a real account
        still logs in from a locked address."""
        with self.db.read() as session:
            account = find_account(session, username)
            now = self.clock()
            address_key = f"address:{address}"
            key = f"account:{username}" if account is not None else address_key
            wait = self.throttle.retry_after(key, now)
            try:
                principal = check_password(account if wait is None else None, password)
            except AuthError:
                if wait is None:
                    self._failed(key, username, address, now)
                    wait = self.throttle.retry_after(address_key, now) if key != address_key else None
                if wait is not None:
                    log.warning("login refused while locked out: %s from %s (%d s left)", _named(username), address,
                                wait)
                    raise _locked(wait) from None
                raise
        self.throttle.record_success(key)
        return principal

    def change_password(self, principal: Principal, current: str, new: str, address: str) -> Principal:
        """Set the caller's own password (the current one confirms it is them, under the same throttle);
        every token issued before stops working. The principal with the new token version."""
        self.login(principal.username, current, address)
        new_hash = hash_password(rules.password("new_password", new))
        model = Staff if principal.kind == "staff" else Device
        with self.db.write() as session:
            account = session.get(model, principal.account_id)
            account.password_hash = new_hash
            account.token_version += 1
            session.flush()
            changed = load_principal(session, principal.kind, principal.account_id)
        log.info("password changed by its owner: %s from %s", _named(principal.username), address)
        return changed

    def describe(self, principal: Principal) -> dict[str, Any]:
        """Who a token is: account id, display name (staff), role, and its branches by id and by code
        (an administrator's are every branch)."""
        with self.db.read() as session:
            query = select(Branch.id, Branch.code).order_by(Branch.id)
            if principal.role is not Role.ADMIN:
                query = query.where(Branch.id.in_(principal.branch_ids))
            branches = session.execute(query).all()
            name = ""
            if principal.kind == "staff":
                staff = session.get(Staff, principal.account_id)
                name = staff.display_name if staff is not None else ""
        return {
            "account_id": principal.account_id,
            "username": principal.username,
            "display_name": name,
            "kind": principal.kind,
            "role": principal.role.value,
            "branches": sorted(principal.branch_ids),
            "branch_codes": [code for _, code in branches],
        }

    def _failed(self, key: str, username: str, address: str, now: datetime) -> None:
        locked_for = self.throttle.record_failure(key, now)
        if locked_for is None:
            log.info("login failed: %s from %s", _named(username), address)
        else:
            log.warning("login locked out for %d s after repeated failures: %s from %s", locked_for,
                        _named(username), address)


def _locked(wait: int) -> TooManyAttempts:
    return TooManyAttempts(
        f"too many failed logins; try again in {wait} seconds", code="auth.locked_out", params={"retry_after_s": wait}
    )


def _named(username: str) -> str:
    """The username for a log line: quoted and cut short, so a hostile name cannot forge log lines."""
    return repr(username[:64])


@dataclass(frozen=True, slots=True)
class ConnectionTicket:
    """Who may open one branch's event stream, once, before `expires_at`."""

    claims: TokenClaims
    branch_id: int
    expires_at: datetime


class ConnectionTickets:
    """Short-lived, single-use tickets that stand in for the access token in a websocket URL."""

    def __init__(self, clock: Clock, lifetime: timedelta = TICKET_LIFETIME) -> None:
        self.clock = clock
        self.lifetime = lifetime
        self._tickets: dict[str, ConnectionTicket] = {}
        self._lock = threading.Lock()

    def issue(self, claims: TokenClaims, branch_id: int) -> tuple[str, datetime]:
        now = self.clock()
        expires_at = min(now + self.lifetime, claims.expires_at)
        ticket = secrets.token_urlsafe(32)
        with self._lock:
            self._forget_expired(now)
            self._tickets[ticket] = ConnectionTicket(claims, branch_id, expires_at)
        return ticket, expires_at

    def redeem(self, ticket: str) -> ConnectionTicket:
        """The ticket's grant, consumed; `AuthError` when unknown, used or expired."""
        now = self.clock()
        with self._lock:
            grant = self._tickets.pop(ticket, None)
        if grant is None or now >= grant.expires_at:
            raise AuthError("this connection ticket is unknown, used or expired; ask for a new one",
                            code="auth.ticket_invalid")
        return grant

    def _forget_expired(self, now: datetime) -> None:
        for key in [key for key, grant in self._tickets.items() if now >= grant.expires_at]:
            del self._tickets[key]
