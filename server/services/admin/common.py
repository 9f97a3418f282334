"""Small pieces the administration services share: finding rows (active or not) and unique keys."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.db.models import Branch
from server.domain.errors import ConflictError, NotFound

Row = TypeVar("Row")


def any_branch(session: Session, code: str) -> Branch:
    """A branch by code, deactivated ones included: administrators still see and edit them."""
    branch = session.scalars(select(Branch).where(Branch.code == code)).one_or_none()
    if branch is None:
        raise NotFound(f"branch {code!r} does not exist", field="code")
    return branch


def row_by_id(session: Session, model: type[Row], row_id: int, what: str, **options: Any) -> Row:
    row = session.get(model, row_id, **options)
    if row is None:
        raise NotFound(f"{what} {row_id} does not exist", field="id")
    return row


def changed_fields(row: Any, values: dict[str, Any]) -> list[str]:
    """Set each value on `row`; return the names of the fields whose value really changed."""
    changed = []
    for field, value in values.items():
        if getattr(row, field) != value:
            setattr(row, field, value)
            changed.append(field)
    return changed


@contextmanager
def unique_keys(what: str) -> Iterator[None]:
    """A duplicate that slipped past the checks (two admins at once) is a 409, not a server error."""
    try:
        yield
    except IntegrityError:
        raise ConflictError(f"another {what} with the same code, number or name was saved at the same time; "
                            "reload and try again") from None
