"""Typed dependencies: the container, and who is calling.

`current_principal` accepts a bearer token from the Authorization header; browsers may instead send
it as the `branchq_token` cookie (HttpOnly, SameSite=Strict, set by `POST /auth/login` with
`"cookie": true`). A state-changing request (POST, PUT, PATCH, DELETE) authenticated by the cookie must
carry an `Origin` (or `Referer`) of this server or of `BRANCHQ_PUBLIC_BASE_URL`, else 403
`auth.cross_origin`; bearer-header requests cannot be forged by another site and are not checked.
Websockets take the header, the cookie (with the same origin check) or a single-use connection ticket
(`?ticket=`); never a token in the URL, where access logs would keep it.

The dependencies are `async def`: they run on the event loop instead of taking a trip through the
thread pool each (an account is read from memory, `Container.principals`, except after an account change).

`permit(operation)` turns a row of the permission table (`server.services.permissions`) into a
dependency, so each route states in its signature which operation it is; routes open to anyone get the
caller or None, and there a stale, forged or cross-origin credential counts as none.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import Depends, Path, Request, WebSocket

from server.container import Container
from server.services.auth import (
    AuthError,
    PermissionDenied,
    Principal,
    TokenClaims,
    check_token_version,
    decode_token,
    load_principal,
)
from server.services.permissions import TABLE, Operation, Page, check_role

TOKEN_COOKIE = "branchq_token"
STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
MAX_ID = 2_147_483_647

RowId = Annotated[int, Path(ge=1, le=MAX_ID, description="a database id")]
"""Path ids are bounded so no number a client sends can overflow a database integer."""


async def get_container(request: Request) -> Container:
    return request.app.state.container


def client_address(request: Request) -> str:
    """The peer's address, which throttles count by. X-Forwarded-For is not read (a client could forge it):
    behind a reverse proxy every client has the proxy's address."""
    return request.client.host if request.client else "unknown"


ContainerDep = Annotated[Container, Depends(get_container)]


def _bearer(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthError("Authorization header must be 'Bearer <token>'", code="auth.bearer_expected")
    return token.strip()


@dataclass(frozen=True, slots=True)
class Credentials:
    """A checked token and the account it names; `ticket_branch_id` when it came as a connection ticket."""

    claims: TokenClaims
    principal: Principal
    ticket_branch_id: int | None = None


def credentials_from_claims(container: Container, claims: TokenClaims, ticket_branch_id: int | None = None) -> Credentials:
    """The account as it is now: from `container.principals`, which reads it again after any account change
    (a deactivation or a password change refuses the token on its next use, as a read per request did)."""
    principal = container.principals.get(
        (claims.kind, claims.account_id), lambda session: load_principal(session, claims.kind, claims.account_id)
    )
    return Credentials(claims, check_token_version(principal, claims), ticket_branch_id)


def credentials_from_token(container: Container, token: str) -> Credentials:
    claims = decode_token(token, container.settings.secret_key, container.clock())
    return credentials_from_claims(container, claims)


def principal_from_token(container: Container, token: str) -> Principal:
    return credentials_from_token(container, token).principal


async def optional_credentials(request: Request) -> Credentials | None:
    return request_credentials(request)


def request_credentials(request: Request) -> Credentials | None:
    """The caller's checked credentials from the Authorization header or the cookie; None without any."""
    container: Container = request.app.state.container
    token = _bearer(request.headers.get("authorization"))
    if token:
        return credentials_from_token(container, token)
    cookie = request.cookies.get(TOKEN_COOKIE)
    if not cookie:
        return None
    if request.method in STATE_CHANGING:
        require_same_origin(request.headers, str(request.base_url), container.settings.public_base_url)
    return credentials_from_token(container, cookie)


async def optional_principal(
    credentials: Annotated[Credentials | None, Depends(optional_credentials)],
) -> Principal | None:
    return credentials.principal if credentials is not None else None


async def current_credentials(credentials: Annotated[Credentials | None, Depends(optional_credentials)]) -> Credentials:
    if credentials is None:
        raise AuthError("log in first: this needs an access token", code="auth.login_required")
    return credentials


async def current_principal(principal: Annotated[Principal | None, Depends(optional_principal)]) -> Principal:
    if principal is None:
        raise AuthError("log in first: this needs an access token", code="auth.login_required")
    return principal


def origin_of(url: str) -> str | None:
    """`scheme://host[:port]` of a URL, lower case, default ports dropped; None when it has none."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    default = {"http": 80, "https": 443}[parts.scheme]
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    return f"{parts.scheme}://{host}" + (f":{port}" if port not in (None, default) else "")


def require_same_origin(headers: Mapping[str, str], own_url: str, public_base_url: str) -> None:
    """Refuse a cookie-authenticated change sent from a page of another site (cross-site request forgery)."""
    claimed = headers.get("origin") or headers.get("referer") or ""
    allowed = {origin_of(own_url), origin_of(public_base_url)} - {None}
    if origin_of(claimed) not in allowed:
        raise PermissionDenied(
            "a request authenticated by cookie must come from this server's own pages (Origin or Referer)",
            code="auth.cross_origin",
        )


CurrentCredentials = Annotated[Credentials, Depends(current_credentials)]
OptionalPrincipal = Annotated[Principal | None, Depends(optional_principal)]
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


async def lenient_principal(request: Request) -> Principal | None:
    """The caller, or None when there are no usable credentials: for routes anyone may use."""
    try:
        credentials = request_credentials(request)
    except (AuthError, PermissionDenied):  # stale, forged, or a cookie sent from another site
        return None
    return credentials.principal if credentials is not None else None


def permit(operation: Operation | Page) -> Callable[..., Principal | None]:
    """The route-level check of `operation`'s row: an account of a listed role (or anyone, if the row says so)."""
    if TABLE[operation].anyone:

        async def open_to_anyone(principal: Annotated[Principal | None, Depends(lenient_principal)]) -> Principal | None:
            return principal

        return open_to_anyone

    async def check(principal: CurrentPrincipal) -> Principal:
        return check_role(principal, operation)

    return check


def Allowed(operation: Operation | Page) -> Any:  # noqa: N802 - used like `Depends`
    """`principal: Principal = Allowed(Operation.X)`: the caller, checked against the table's row for X."""
    return Depends(permit(operation))


def websocket_credentials(websocket: WebSocket, container: Container) -> Credentials:
    """Who opens an event stream: a connection ticket (`?ticket=`), the Authorization header, or the cookie."""
    ticket = websocket.query_params.get("ticket")
    if ticket:
        grant = container.connection_tickets.redeem(ticket)
        return credentials_from_claims(container, grant.claims, grant.branch_id)
    token = _bearer(websocket.headers.get("authorization"))
    if token:
        return credentials_from_token(container, token)
    cookie = websocket.cookies.get(TOKEN_COOKIE)
    if cookie:
        require_same_origin(websocket.headers, _http_url(str(websocket.base_url)), container.settings.public_base_url)
        return credentials_from_token(container, cookie)
    if websocket.query_params.get("token"):
        raise AuthError(
            "tokens are not accepted in the URL; use ?ticket= from POST .../events/ticket",
            code="auth.token_in_url",
        )
    raise AuthError("log in first: this needs an access token", code="auth.login_required")


def _http_url(url: str) -> str:
    """The http(s) form of a ws(s) URL, for comparing with a page's origin."""
    if url.startswith("ws"):
        return "http" + url[2:]
    return url
