"""How large a request body may be, per route, enforced before anything reads, parses or authenticates it.

One table names the routes that need more than the small default. `BodyLimit` is plain ASGI middleware
(not `BaseHTTPMiddleware`, so it sees the body as the server delivers it, chunk by chunk): a declared
`Content-Length` over the route's limit is refused with 413 before the body is read at all; a body
without one (chunked) is read only until it passes the limit, then refused with 413 and the connection
closed, so a client streaming without end holds at most the limit in memory. A body within the limit
is handed on unchanged.

FastAPI's own `max_body_size` is not used: when a handler does not read the body, it runs the handler
(and commits what it changes) before swapping its answer for a 413.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.api.errors import error_response
from server.biometrics.encodings import ENCODING_DIMENSION
from server.services.admin.rules import MAX_DOCUMENT_LENGTH, MAX_DOCUMENTS
from server.services.faces import MAX_ENROLLMENT_ENCODINGS

KIB = 1024
DEFAULT_BODY_LIMIT = 16 * KIB
"""Enough for every body but those below: a login, a ticket, a booking, a transfer with its note
(200 characters, 6 bytes each when JSON-escaped), one face encoding to identify (about 3.3 KB)."""

_ESCAPED_CHARACTER = 6  # a Chinese character sent as "\\uXXXX"
_ENCODING_JSON = ENCODING_DIMENSION * 26  # numbers of up to 24 characters, with separators
_ENROLLMENT = MAX_ENROLLMENT_ENCODINGS * _ENCODING_JSON + 16 * KIB  # the encodings and the consent
_SERVICE = 2 * MAX_DOCUMENTS * MAX_DOCUMENT_LENGTH * _ESCAPED_CHARACTER + 16 * KIB  # documents, two languages
BODY_LIMITS: Mapping[str, int] = {
    "/api/v1/appointments/{code}/face": _ENROLLMENT,
    "/api/v1/admin/branches/{code}/services": _SERVICE,
    "/api/v1/admin/services/{service_id}": _SERVICE,
}
"""Routes (by path template, any method) that accept more than `DEFAULT_BODY_LIMIT` bytes; a test keeps
every template naming a real route."""


class BodyLimit:
    """ASGI middleware refusing request bodies over their route's limit with 413, before the app runs.

    Attributes:
        default: the limit of every route not in `limits`.
        limits: (path pattern, limit) for the routes with a limit of their own.
    """

    def __init__(
        self, app: ASGIApp, default: int = DEFAULT_BODY_LIMIT, limits: Mapping[str, int] = BODY_LIMITS
    ) -> None:
        self.app = app
        self.default = default
        self.limits = [(compile_path(template)[0], limit) for template, limit in limits.items()]

    def limit_for(self, scope: Scope) -> int:
        path = scope["path"].removeprefix(scope.get("root_path", ""))
        for pattern, limit in self.limits:
            if pattern.match(path):
                return limit
        return self.default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope)
        declared = _content_length(scope)
        received = None if declared is not None and declared > limit else await _read_within(receive, limit)
        if received is None:
            await _refuse(scope, receive, send, limit)
            return
        await self.app(scope, _replaying(received, receive), send)


def _content_length(scope: Scope) -> int | None:
    value = Headers(scope=scope).get("content-length")
    if value is None or not value.isascii() or not value.isdigit():
        return None  # the server refuses a malformed length before the app sees it
    return int(value) if len(value) <= 18 else 10**18  # more digits than that: beyond any limit


async def _read_within(receive: Receive, limit: int) -> list[Message] | None:
    """The body's messages, read until its end (or the client leaves); None once it passes `limit`."""
    messages: list[Message] = []
    size = 0
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            return messages
        size += len(message.get("body", b""))
        if size > limit:
            return None
        if not message.get("more_body", False):
            return messages


def _replaying(messages: list[Message], receive: Receive) -> Receive:
    """A `receive` that hands out the messages already read, then what the server delivers next."""
    pending = list(messages)

    async def replay() -> Message:
        return pending.pop(0) if pending else await receive()

    return replay


async def _refuse(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
    english = f"the request body is too large: at most {limit} bytes here"
    response = error_response(
        Request(scope), 413, "request.body_too_large", english, params={"limit_bytes": limit},
        headers={"Connection": "close"},
    )
    await response(scope, receive, send)
