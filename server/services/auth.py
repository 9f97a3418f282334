"""Passwords and access tokens for staff and devices.

Passwords are hashed with argon2id. Access tokens are short JWTs (HS256) naming the principal, its
role and its branches; they expire (staff after a shift, devices after weeks) and are re-checked
against the account on use, so a deactivated account stops working at once.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from server.db.models import Device, Staff
from server.domain.enums import Role
from server.domain.errors import DomainError

_HASHER = PasswordHasher()


@functools.cache
def _unknown_user_hash() -> str:
    return _HASHER.hash("no account has this password")
_ALGORITHM = "HS256"
MIN_PASSWORD_LENGTH = 8


class AuthError(DomainError):
    """Credentials or token refused (HTTP 401)."""

    default_code = "auth.refused"


class PermissionDenied(DomainError):
    """Authenticated, but the role or branch does not allow this (HTTP 403)."""

    default_code = "forbidden"


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: a staff member or a device, with the branches it may act on."""

    kind: str  # "staff" or "device"
    account_id: int
    username: str
    role: Role
    branch_ids: frozenset[int]

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    def may_access_branch(self, branch_id: int) -> bool:
        return self.is_admin or branch_id in self.branch_ids


def issue_token(principal: Principal, secret: str, now: datetime, minutes: int) -> tuple[str, datetime]:
    expires = now + timedelta(minutes=minutes)
    claims = {"sub": f"{principal.kind}:{principal.account_id}", "role": principal.role.value, "exp": expires}
    return jwt.encode(claims, secret, algorithm=_ALGORITHM), expires


def decode_token(token: str, secret: str, now: datetime) -> tuple[str, int]:
    """(kind, account id) of a genuine, unexpired token; expiry is judged by the server's own clock."""
    try:
        claims = jwt.decode(
            token, secret, algorithms=[_ALGORITHM], options={"require": ["exp", "sub"], "verify_exp": False}
        )
    except jwt.PyJWTError:
        raise AuthError("invalid access token", code="auth.token_invalid") from None
    if not isinstance(claims["exp"], int | float) or now.timestamp() >= claims["exp"]:
        raise AuthError("access token expired; log in again", code="auth.token_expired")
    kind, _, raw_id = str(claims["sub"]).partition(":")
    if kind not in ("staff", "device") or not raw_id.isdigit():
        raise AuthError("invalid access token", code="auth.token_invalid")
    return kind, int(raw_id)


def load_principal(session: Session, kind: str, account_id: int) -> Principal:
    if kind == "staff":
        staff = session.get(Staff, account_id, options=[selectinload(Staff.branch_links)])
        if staff is None or not staff.active:
            raise AuthError("account disabled or removed", code="auth.account_disabled")
        return _staff_principal(staff)
    device = session.get(Device, account_id)
    if device is None or not device.active:
        raise AuthError("device disabled or removed", code="auth.device_disabled")
    return Principal("device", device.id, device.username, device.role, frozenset({device.branch_id}))


def authenticate(session: Session, username: str, password: str) -> Principal:
    staff = session.scalars(
        select(Staff).where(Staff.username == username).options(selectinload(Staff.branch_links))
    ).one_or_none()
    if staff is not None:
        if staff.active and verify_password(staff.password_hash, password):
            return _staff_principal(staff)
        raise AuthError("wrong username or password", code="auth.wrong_credentials")
    device = session.scalars(select(Device).where(Device.username == username)).one_or_none()
    if device is None:
        verify_password(_unknown_user_hash(), password)  # same work as for a real account: no timing oracle
    elif device.active and verify_password(device.password_hash, password):
        return Principal("device", device.id, device.username, device.role, frozenset({device.branch_id}))
    raise AuthError("wrong username or password", code="auth.wrong_credentials")


def _staff_principal(staff: Staff) -> Principal:
    branches = frozenset(link.branch_id for link in staff.branch_links)
    return Principal("staff", staff.id, staff.username, staff.role, branches)
