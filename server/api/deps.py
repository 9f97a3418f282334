"""Typed dependencies: the container, and who is calling.

`current_principal` accepts a bearer token from the Authorization header; browsers may instead send
it as the `branchq_token` cookie (websockets also accept `?token=`). `permit(operation)` turns a row of
the permission table (`server.services.permissions`) into a dependency, so each route states in its
signature which operation it is; routes open to anyone get the caller or None, and there a stale or
forged token counts as no token.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Path, Request, WebSocket

from server.container import Container
from server.services.auth import AuthError, Principal, decode_token, load_principal
from server.services.permissions import TABLE, Operation, check_role

TOKEN_COOKIE = "branchq_token"
MAX_ID = 2_147_483_647

RowId = Annotated[int, Path(ge=1, le=MAX_ID, description="a database id")]
"""Path ids are bounded so no number a client sends can overflow a database integer."""


def get_container(request: Request) -> Container:
    return request.app.state.container


ContainerDep = Annotated[Container, Depends(get_container)]


def _bearer(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthError("Authorization header must be 'Bearer <token>'", code="auth.bearer_expected")
    return token.strip()


def principal_from_token(container: Container, token: str) -> Principal:
    kind, account_id = decode_token(token, container.settings.secret_key, container.clock())
    with container.db.read() as session:
        return load_principal(session, kind, account_id)


def optional_principal(request: Request) -> Principal | None:
    container: Container = request.app.state.container
    token = _bearer(request.headers.get("authorization")) or request.cookies.get(TOKEN_COOKIE)
    return principal_from_token(container, token) if token else None


def current_principal(principal: Annotated[Principal | None, Depends(optional_principal)]) -> Principal:
    if principal is None:
        raise AuthError("log in first: this needs an access token", code="auth.login_required")
    return principal


OptionalPrincipal = Annotated[Principal | None, Depends(optional_principal)]
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def lenient_principal(request: Request) -> Principal | None:
    """The caller, or None when there are no usable credentials: for routes anyone may use."""
    try:
        return optional_principal(request)
    except AuthError:
        return None


def permit(operation: Operation) -> Callable[..., Principal | None]:
    """The route-level check of `operation`'s row: an account of a listed role (or anyone, if the row says so)."""
    if TABLE[operation].anyone:

        def open_to_anyone(principal: Annotated[Principal | None, Depends(lenient_principal)]) -> Principal | None:
            return principal

        return open_to_anyone

    def check(principal: CurrentPrincipal) -> Principal:
        return check_role(principal, operation)

    return check


def Allowed(operation: Operation) -> Any:  # noqa: N802 - used like `Depends`
    """`principal: Principal = Allowed(Operation.X)`: the caller, checked against the table's row for X."""
    return Depends(permit(operation))


def websocket_principal(websocket: WebSocket, container: Container) -> Principal:
    token = (
        _bearer(websocket.headers.get("authorization"))
        or websocket.query_params.get("token")
        or websocket.cookies.get(TOKEN_COOKIE)
    )
    if not token:
        raise AuthError("log in first: this needs an access token", code="auth.login_required")
    return principal_from_token(container, token)
