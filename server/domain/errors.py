"""The domain's exception tree, drawn once.

    DomainError
    ├── IllegalTransition   a ticket or counter asked to do what its state forbids (HTTP 409)
    ├── ConflictError       the request contradicts the current state of the branch (HTTP 409)
    ├── NotFound            a referenced object does not exist (HTTP 404)
    └── InvalidInput        a value breaks a business rule; names the field (HTTP 422)

The web layer maps these to status codes; the domain never knows about HTTP.

Every error carries a stable `code` (snake case, dotted by area: `ticket.not_found`) and the `params`
its message needs, so clients can react to the code and the server can word the message in the caller's
language (`server.messages`). The English `message` stays the fallback and what the logs show.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar


class DomainError(Exception):
    """Base of every error the domain raises on purpose."""

    default_code: ClassVar[str] = "error"

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        code: str | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code or self.default_code
        self.params: dict[str, Any] = dict(params or {})


class IllegalTransition(DomainError):
    """A ticket or counter cannot take this action in its current state."""

    default_code = "illegal_transition"


class ConflictError(DomainError):
    """The request is valid on its own but conflicts with the branch's state."""

    default_code = "conflict"


class NotFound(DomainError):
    """The referenced object does not exist (or is not visible to the caller)."""

    default_code = "not_found"


class InvalidInput(DomainError):
    """A value breaks a business rule."""

    default_code = "invalid_input"
