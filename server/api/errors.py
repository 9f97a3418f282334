"""Every error leaves as JSON `{"detail", "code", "field", "params"}` with a 4xx status.

`code` is stable and `params` holds the values the message names, so apps can react to the code and
word it themselves; `detail` is already worded in the caller's language (`Accept-Language`, zh-CN by
default, see `server.messages`). Domain errors map by type; request validation errors name the
offending field. Nothing a client sends can produce a 5xx.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from server.domain.errors import ConflictError, DomainError, IllegalTransition, InvalidInput, NotFound
from server.domain.throttle import TooManyAttempts
from server.messages import catalogue, localise, negotiate, validation
from server.services.auth import AuthError, PermissionDenied

STATUS_BY_ERROR: tuple[tuple[type[DomainError], int], ...] = (
    (AuthError, 401),
    (PermissionDenied, 403),
    (NotFound, 404),
    (IllegalTransition, 409),
    (ConflictError, 409),
    (InvalidInput, 422),
    (TooManyAttempts, 429),
)


def status_for(error: DomainError) -> int:
    for error_type, status in STATUS_BY_ERROR:
        if isinstance(error, error_type):
            return status
    return 400


def error_body(
    language: str,
    code: str,
    english: str,
    field: str | None = None,
    params: Mapping[str, Any] | None = None,
    wording: Mapping[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """The one shape of every error answer, worded in `language` (`wording` overrides params in the wording)."""
    values = dict(params or {})
    detail = localise(code, {**values, **(wording or {})}, english, language)
    return {"detail": detail, "code": code, "field": field, "params": values, **extra}


def error_response(
    request: Request, status: int, code: str, english: str, field: str | None = None,
    params: Mapping[str, Any] | None = None, headers: Mapping[str, str] | None = None,
    wording: Mapping[str, Any] | None = None, **extra: Any,
) -> JSONResponse:
    language = negotiate(request.headers.get("accept-language"))
    body = error_body(language, code, english, field, params, wording, **extra)
    return JSONResponse(body, status_code=status, headers={**(headers or {}), "Content-Language": language})


def domain_error_response(request: Request, error: DomainError) -> JSONResponse:
    status = status_for(error)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    if isinstance(error, TooManyAttempts):
        headers = {"Retry-After": str(error.retry_after_s)}
    return error_response(request, status, error.code, error.message, error.field, error.params, headers)


class RefuseNulInUrls:
    """Answer 400 to an address with a NUL in it: PostgreSQL cannot compare text with NUL, and such an
    address names nothing that can exist. Plain ASGI (not `@app.middleware`, whose request/response
    wrapping cost more per request than the check)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            raw = scope.get("raw_path", b"") + b"?" + scope.get("query_string", b"")
            if b"%00" in raw or b"\x00" in raw:
                response = error_response(
                    Request(scope), 400, "request.nul_in_address", "the address contains a NUL control character"
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def install_error_handlers(app: FastAPI) -> None:
    app.add_middleware(RefuseNulInUrls)

    @app.exception_handler(DomainError)
    async def _domain(request: Request, error: DomainError) -> JSONResponse:
        return domain_error_response(request, error)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, error: RequestValidationError) -> JSONResponse:
        language = negotiate(request.headers.get("accept-language"))
        items = error.errors() or [{"type": "invalid", "msg": "invalid request"}]
        first = items[0]
        field, english = _field(first), str(first.get("msg", "invalid value"))
        own = _own_code(first)
        if own is not None:  # a rule of ours (server.domain.text), raised inside validation with its code
            code, params = own
            return error_response(
                request, 422, code, f"{validation.field_name(field, 'en')}: {english}", field, params,
                errors=[_describe(item, language) for item in items],
            )
        limits = validation.limits(first.get("ctx"))
        return error_response(
            request, 422, "request.invalid", f"{validation.field_name(field, 'en')}: {english}", field,
            {"field": field or "", "reason": english, "type": first.get("type", "invalid"), **limits},
            wording={
                "field": validation.field_name(field, language),
                "reason": validation.reason(first.get("type", ""), limits, english, language),
            },
            errors=[_describe(item, language) for item in items],
        )

    @app.exception_handler(IntegrityError)
    async def _integrity(request: Request, error: IntegrityError) -> JSONResponse:
        # A uniqueness race that the services' own checks could not see; nothing was changed.
        return error_response(
            request, 409, "request.concurrent_change", "this conflicts with data changed at the same moment; try again"
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, error: StarletteHTTPException) -> JSONResponse:
        return error_response(
            request, error.status_code, f"http.{error.status_code}", str(error.detail),
            headers=getattr(error, "headers", None),
        )


def _own_code(item: Mapping[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """(code, params) of a validation error our own rules raised (`PydanticCustomError(code, ...)`)."""
    code = str(item.get("type", ""))
    return (code, dict(item.get("ctx") or {})) if code in catalogue() else None


def _field(item: Mapping[str, Any]) -> str | None:
    if item.get("type") == "json_invalid":
        return None  # its location is a character position in the body, not a field
    location = [str(part) for part in item.get("loc", ()) if part not in ("body", "query", "path", "header")]
    return ".".join(location) or None


def _describe(item: Mapping[str, Any], language: str) -> dict[str, str | None]:
    """One refused value: its field, pydantic's stable type and the reason worded in `language`."""
    english = str(item.get("msg", "invalid value"))
    limits = validation.limits(item.get("ctx"))
    error_type = str(item.get("type", "invalid"))
    message = validation.reason(error_type, limits, english, language)
    return {"field": _field(item), "type": error_type, "message": message}
