"""The domain's exception tree, drawn once.

    DomainError
    ├── IllegalTransition   a ticket or counter asked to do what its state forbids (HTTP 409)
    ├── ConflictError       the request contradicts the current state of the branch (HTTP 409)
    ├── NotFound            a referenced object does not exist (HTTP 404)
    └── InvalidInput        a value breaks a business rule; names the field (HTTP 422)

The web layer maps these to status codes; the domain never knows about HTTP.
"""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error the domain raises on purpose."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class IllegalTransition(DomainError):
    """A ticket or counter cannot take this action in its current state."""


class ConflictError(DomainError):
    """The request is valid on its own but conflicts with the branch's state."""


class NotFound(DomainError):
    """The referenced object does not exist (or is not visible to the caller)."""


class InvalidInput(DomainError):
    """A value breaks a business rule."""
