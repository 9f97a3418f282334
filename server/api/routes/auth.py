from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from server.api.deps import Allowed, ContainerDep
from server.api.schemas import LoginBody
from server.services.auth import Principal, authenticate, issue_token
from server.services.permissions import Operation

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/login")
def login(
    body: LoginBody, container: ContainerDep, _: Principal | None = Allowed(Operation.LOGIN)
) -> dict[str, Any]:
    with container.db.read() as session:
        principal = authenticate(session, body.username, body.password)
    settings = container.settings
    minutes = settings.device_token_minutes if principal.kind == "device" else settings.staff_token_minutes
    token, expires = issue_token(principal, settings.secret_key, container.clock(), minutes)
    return {
        "access_token": token,
        "token_type": "bearer",
        "role": principal.role.value,
        "expires_at": expires.isoformat(),
        "branches": sorted(principal.branch_ids),
    }


@router.get("/me")
def me(principal: Principal = Allowed(Operation.ME)) -> dict[str, Any]:
    return {
        "username": principal.username,
        "kind": principal.kind,
        "role": principal.role.value,
        "branches": sorted(principal.branch_ids),
    }
