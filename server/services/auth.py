"""Passwords and access tokens for staff and devices.

Passwords are hashed with argon2id. Access tokens are short JWTs (HS256) naming the principal, its
role and its account's `token_version`; they expire (staff after a shift, devices after weeks) and are
re-checked against the account on use, so a deactivated account stops working at once, and a changed
password (which bumps `token_version`) revokes every token issued before it.

`authenticate` does the same password-hash work whatever the outcome (unknown name, deactivated account,
wrong or right password), so its answer time reveals nothing about the account.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

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
    """Who is calling: a staff member or a device, with the branches its account belongs to.

    What it may do there is decided by the permission table (`server.services.permissions`)."""

    kind: str  # "staff" or "device"
    account_id: int
    username: str
    role: Role
    branch_ids: frozenset[int]
    token_version: int = 0
    """The account's token generation: tokens carrying an older one are refused."""


@dataclass(frozen=True, slots=True)
class TokenClaims:
    """What a genuine, unexpired access token says."""

    kind: str
    account_id: int
    token_version: int
    expires_at: datetime


def issue_token(principal: Principal, secret: str, now: datetime, minutes: int) -> tuple[str, datetime]:
    expires = now + timedelta(minutes=minutes)
    claims = {
        "sub": f"{principal.kind}:{principal.account_id}",
        "role": principal.role.value,
        "ver": principal.token_version,
        "exp": expires,
    }
    return jwt.encode(claims, secret, algorithm=_ALGORITHM), expires


def decode_token(token: str, secret: str, now: datetime) -> TokenClaims:
    """The claims of a genuine, unexpired token; expiry is judged by the server's own clock."""
    claims = _verified_claims(token, secret)
    if now.timestamp() >= claims.expires_at.timestamp():
        raise AuthError("access token expired; log in again", code="auth.token_expired")
    return replace(claims, expires_at=claims.expires_at.astimezone(now.tzinfo)) if now.tzinfo else claims


@functools.lru_cache(maxsize=4096)
def _verified_claims(token: str, secret: str) -> TokenClaims:
    """A token's signature and claims checked once, then remembered (a token never changes; the same
    kiosk sends the same one all day): the HMAC and JSON work of PyJWT was a good part of a request's CPU.
    Expiry and the account's state are checked on every use, by the callers."""
    try:
        claims = jwt.decode(
            token, secret, algorithms=[_ALGORITHM], options={"require": ["exp", "sub"], "verify_exp": False}
        )
    except jwt.PyJWTError:
        raise AuthError("invalid access token", code="auth.token_invalid") from None
    if not isinstance(claims["exp"], int | float):
        raise AuthError("access token expired; log in again", code="auth.token_expired")
    kind, _, raw_id = str(claims["sub"]).partition(":")
    version = claims.get("ver", 0)
    if kind not in ("staff", "device") or not raw_id.isdigit() or type(version) is not int:
        raise AuthError("invalid access token", code="auth.token_invalid")
    return TokenClaims(kind, int(raw_id), version, datetime.fromtimestamp(claims["exp"], UTC))


def check_not_expired(claims: TokenClaims, now: datetime) -> None:
    if now >= claims.expires_at:
        raise AuthError("access token expired; log in again", code="auth.token_expired")


def principal_for(session: Session, claims: TokenClaims) -> Principal:
    """The token's account as it is now; refused when deactivated or its password changed since."""
    return check_token_version(load_principal(session, claims.kind, claims.account_id), claims)


def check_token_version(principal: Principal, claims: TokenClaims) -> Principal:
    """`principal` when the token is of its account's current generation; refused when the password changed since."""
    if principal.token_version != claims.token_version:
        raise AuthError("the password was changed; log in again", code="auth.token_revoked")
    return principal


def load_principal(session: Session, kind: str, account_id: int) -> Principal:
    if kind == "staff":
        staff = session.get(Staff, account_id, options=[selectinload(Staff.branch_links)])
        if staff is None or not staff.active:
            raise AuthError("account disabled or removed", code="auth.account_disabled")
        return _staff_principal(staff)
    device = session.get(Device, account_id)
    if device is None or not device.active:
        raise AuthError("device disabled or removed", code="auth.device_disabled")
    return _device_principal(device)


def find_account(session: Session, username: str) -> Staff | Device | None:
    """The staff member or device with this username (names are unique across both)."""
    staff = session.scalars(
        select(Staff).where(Staff.username == username).options(selectinload(Staff.branch_links))
    ).one_or_none()
    if staff is not None:
        return staff
    return session.scalars(select(Device).where(Device.username == username)).one_or_none()


def check_password(account: Staff | Device | None, password: str) -> Principal:
    """The account's principal when it is active and the password right; one hash verification always."""
    password_hash = account.password_hash if account is not None else _unknown_user_hash()
    correct = verify_password(password_hash, password)
    if account is None or not account.active or not correct:
        raise AuthError("wrong username or password", code="auth.wrong_credentials")
    return _staff_principal(account) if isinstance(account, Staff) else _device_principal(account)


def authenticate(session: Session, username: str, password: str) -> Principal:
    return check_password(find_account(session, username), password)


def _staff_principal(staff: Staff) -> Principal:
    branches = frozenset(link.branch_id for link in staff.branch_links)
    return Principal("staff", staff.id, staff.username, staff.role, branches, staff.token_version)


def _device_principal(device: Device) -> Principal:
    return Principal(
        "device", device.id, device.username, device.role, frozenset({device.branch_id}), device.token_version
    )
