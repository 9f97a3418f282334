"""Logging in and out, and changing one's own password.

Login is throttled (see `server.services.sessions`): a locked-out account or address gets 429 with
`Retry-After`. With `"cookie": true` the token is set as the `branchq_token` cookie (HttpOnly,
SameSite=Strict, Secure when `BRANCHQ_PUBLIC_BASE_URL` is https) instead of being returned, for the web
pages; `POST /auth/logout` clears it.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from server.api.deps import TOKEN_COOKIE, Allowed, ContainerDep, client_address
from server.api.schemas import LoginBody, PasswordChangeBody
from server.container import Container
from server.services.auth import Principal, issue_token
from server.services.permissions import Operation
from server.services.stats import StatsService

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/login")
async def login(
    body: LoginBody, request: Request, response: Response, container: ContainerDep,
    _: Principal | None = Allowed(Operation.LOGIN),
) -> dict[str, Any]:
    principal = await run_in_threadpool(
        container.logins.login, body.username, body.password, client_address(request)
    )
    return _session(container, principal, response, cookie=body.cookie)


@router.post("/logout", status_code=204)
def logout(response: Response, _: Principal | None = Allowed(Operation.LOGOUT)) -> None:
    """Clears the session cookie (a bearer token simply stops being sent; it lapses at its expiry)."""
    response.delete_cookie(TOKEN_COOKIE, path="/", httponly=True, samesite="strict")


@router.post("/password")
async def change_password(
    body: PasswordChangeBody, request: Request, response: Response, container: ContainerDep,
    principal: Principal = Allowed(Operation.CHANGE_PASSWORD),
) -> dict[str, Any]:
    """Change one's own password; every earlier token of the account stops working, this answer carries a new one."""
    changed = await run_in_threadpool(
        container.logins.change_password, principal, body.current_password, body.new_password,
        client_address(request),
    )
    return _session(container, changed, response, cookie=TOKEN_COOKIE in request.cookies)


def _session(container: Container, principal: Principal, response: Response, *, cookie: bool) -> dict[str, Any]:
    settings = container.settings
    minutes = settings.device_token_minutes if principal.kind == "device" else settings.staff_token_minutes
    token, expires = issue_token(principal, settings.secret_key, container.clock(), minutes)
    answer: dict[str, Any] = {
        "token_type": "bearer",
        "role": principal.role.value,
        "expires_at": expires.isoformat(),
        "branches": sorted(principal.branch_ids),
    }
    if cookie:
        response.set_cookie(
            TOKEN_COOKIE, token, max_age=minutes * 60, path="/", httponly=True, samesite="strict",
            secure=settings.public_base_url.lower().startswith("https://"),
        )
        answer["token_type"] = "cookie"
    else:
        answer["access_token"] = token
    return answer


@router.get("/me")
def me(container: ContainerDep, principal: Principal = Allowed(Operation.ME)) -> dict[str, Any]:
    """Who this token is: account id, name, role, and its branches by id and by code."""
    return container.logins.describe(principal)


@router.get("/me/day")
def my_day(container: ContainerDep, principal: Principal = Allowed(Operation.MY_DAY)) -> dict[str, Any]:
    """The caller's own figures for today: served, mean service time, ratings, outcomes, pauses."""
    return StatsService(container.db, container.clock).my_day(principal)
