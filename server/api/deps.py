"""Typed dependencies: the container, and who is calling.

`current_principal` accepts a bearer token from the Authorization header; browsers may instead send
it as the `branchq_token` cookie (websockets also accept `?token=`). `require(...)` turns a set of
roles into a dependency, so each route states who may use it in its signature.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Path, Request, WebSocket

from server.container import Container
from server.domain.enums import Role
from server.services.auth import AuthError, PermissionDenied, Principal, decode_token, load_principal

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


def require(*roles: Role) -> Callable[[Principal], Principal]:
    allowed = frozenset(roles)

    def check(principal: CurrentPrincipal) -> Principal:
        if principal.role not in allowed:
            names = ", ".join(sorted(role.value for role in allowed))
            raise PermissionDenied(
                f"this needs one of the roles: {names}", code="auth.role_required",
                params={"roles": sorted(role.value for role in allowed)},
            )
        return principal

    return check


STAFF = (Role.TELLER, Role.MANAGER, Role.ADMIN)
Staff = Annotated[Principal, Depends(require(*STAFF))]
ManagerOrAdmin = Annotated[Principal, Depends(require(Role.MANAGER, Role.ADMIN))]
Admin = Annotated[Principal, Depends(require(Role.ADMIN))]
StaffOrKiosk = Annotated[Principal, Depends(require(*STAFF, Role.KIOSK))]
QueueViewer = Annotated[Principal, Depends(require(*STAFF, Role.DISPLAY, Role.KIOSK))]


def websocket_principal(websocket: WebSocket, container: Container) -> Principal:
    token = (
        _bearer(websocket.headers.get("authorization"))
        or websocket.query_params.get("token")
        or websocket.cookies.get(TOKEN_COOKIE)
    )
    if not token:
        raise AuthError("log in first: this needs an access token", code="auth.login_required")
    return principal_from_token(container, token)
