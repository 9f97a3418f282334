"""Every error leaves as JSON `{"detail": message, "field": name-or-null}` with a 4xx status.

Domain errors map by type; request validation errors name the offending field. Nothing a client
sends can produce a 5xx.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

from server.domain.errors import ConflictError, DomainError, IllegalTransition, InvalidInput, NotFound
from server.services.auth import AuthError, PermissionDenied

STATUS_BY_ERROR: tuple[tuple[type[DomainError], int], ...] = (
    (AuthError, 401),
    (PermissionDenied, 403),
    (NotFound, 404),
    (IllegalTransition, 409),
    (ConflictError, 409),
    (InvalidInput, 422),
)


def status_for(error: DomainError) -> int:
    for error_type, status in STATUS_BY_ERROR:
        if isinstance(error, error_type):
            return status
    return 400


def install_error_handlers(app: FastAPI) -> None:
    @app.middleware("http")
    async def _refuse_nul_in_urls(request: Request, call_next):  # type: ignore[no-untyped-def]
        # PostgreSQL cannot compare text with NUL in it; such a URL names nothing that can exist.
        raw = request.scope.get("raw_path", b"") + b"?" + request.scope.get("query_string", b"")
        if b"%00" in raw or b"\x00" in raw:
            return JSONResponse({"detail": "the address contains a NUL control character", "field": None}, status_code=400)
        return await call_next(request)

    @app.exception_handler(DomainError)
    async def _domain(_: Request, error: DomainError) -> JSONResponse:
        status = status_for(error)
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return JSONResponse({"detail": error.message, "field": error.field}, status_code=status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, error: RequestValidationError) -> JSONResponse:
        problems = [_describe(item) for item in error.errors()]
        first = problems[0] if problems else {"field": None, "message": "invalid request"}
        return JSONResponse(
            {"detail": f"{first['field']}: {first['message']}", "field": first["field"], "errors": problems},
            status_code=422,
        )

    @app.exception_handler(IntegrityError)
    async def _integrity(_: Request, error: IntegrityError) -> JSONResponse:
        # A uniqueness race that the services' own checks could not see; nothing was changed.
        return JSONResponse(
            {"detail": "this conflicts with data changed at the same moment; try again", "field": None},
            status_code=409,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, error: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"detail": error.detail, "field": None}, status_code=error.status_code,
                            headers=getattr(error, "headers", None))


def _describe(item: dict) -> dict[str, str | None]:
    location = [str(part) for part in item.get("loc", ()) if part not in ("body", "query", "path", "header")]
    return {"field": ".".join(location) or None, "message": str(item.get("msg", "invalid value"))}
