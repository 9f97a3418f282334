"""What can go wrong when an app talks to the server, as one small exception tree.

Exceptions::

    ClientError                 base; `message(language)` is a sentence for the user, in their language
    ├── ApiError                the server answered with an error (4xx, or a 5xx in the server's shape):
    │                           `status`, stable `code`, `detail` (worded by the server in the request's
    │                           Accept-Language), `field`, `params`
    ├── ServerUnreachable       no answer: refused, reset, DNS, TLS (the request may or may not have arrived)
    │   └── RequestTimedOut     sent, but no answer in time (the server may still have acted)
    └── UnexpectedAnswer        an answer that is not the server's JSON (a proxy's HTML page, a cut body)

Apps react to `ApiError.code` (see the server's message catalogue) and show `message(language)`; nothing
here carries a traceback to the screen.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from client.messages import client_message

__all__ = ["ApiError", "ClientError", "RequestTimedOut", "ServerUnreachable", "UnexpectedAnswer"]


class ClientError(Exception):
    """Base of every error the client raises."""

    def message(self, language: str) -> str:  # pragma: no cover - every subclass words itself
        raise NotImplementedError


class ApiError(ClientError):
    """The server refused or failed the request and said why (`{"detail", "code", "field", "params"}`).

    Attributes:
        status: the HTTP status (401, 403, 404, 409, 422, 429, ...).
        code: the stable error code (`service.not_in_branch`, `auth.token_expired`, ...).
        detail: the server's sentence, already in the language the request asked for.
        field: the request field at fault, or None.
        params: the values the sentence names (a read-only mapping).
        retry_after_s: for 429, the server's `Retry-After` in seconds, else None.
    """

    def __init__(
        self, status: int, code: str, detail: str, field: str | None = None,
        params: Mapping[str, Any] | None = None, retry_after_s: int | None = None,
    ) -> None:
        super().__init__(f"{status} {code}: {detail}")
        self.status = status
        self.code = code
        self.detail = detail
        self.field = field
        self.params: Mapping[str, Any] = MappingProxyType(dict(params or {}))
        self.retry_after_s = retry_after_s

    def message(self, language: str) -> str:
        """The server's own wording (it was asked in the client's language when the request was made)."""
        return self.detail


class ServerUnreachable(ClientError):
    """No answer from the server: it is down, the network is, or the connection broke.

    Attributes:
        url: the address the request went to.
        reason: the underlying error's text (for logs, not for the screen).
    """

    code = "client.unreachable"

    def __init__(self, url: str, reason: str = "") -> None:
        super().__init__(f"{url}: {reason}" if reason else url)
        self.url = url
        self.reason = reason

    def message(self, language: str) -> str:
        return client_message(self.code, language)


class RequestTimedOut(ServerUnreachable):
    """The request went out but no answer came in time; a create request is retried with the same
    idempotency key, so the retry cannot make a second ticket."""

    code = "client.timeout"


class UnexpectedAnswer(ClientError):
    """The answer is not what the server sends (not JSON, or not the expected shape).

    Attributes:
        status: the HTTP status of the answer.
        excerpt: the first characters of the body (for logs).
    """

    code = "client.unexpected_answer"

    def __init__(self, status: int, excerpt: str = "") -> None:
        super().__init__(f"unexpected answer {status}: {excerpt}")
        self.status = status
        self.excerpt = excerpt

    def message(self, language: str) -> str:
        return client_message(self.code, language, status=self.status)
