"""Small pieces the administration services share: finding rows (active or not), applying changes.

A duplicate that slips past the services' own uniqueness checks (two administrators at the same
moment) fails the database constraint; the API turns that `IntegrityError` into a 409.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db.models import Branch
from server.domain.errors import NotFound

Row = TypeVar("Row")


def any_branch(session: Session, code: str) -> Branch:
    """A branch by code, deactivated ones included: administrators still see and edit them."""
    branch = session.scalars(select(Branch).where(Branch.code == code)).one_or_none()
    if branch is None:
        raise NotFound(
            f"branch {code!r} does not exist", field="code", code="branch.not_found", params={"code": code},
        )
    return branch


def row_by_id(session: Session, model: type[Row], row_id: int, what: str, **options: Any) -> Row:
    row = session.get(model, row_id, **options)
    if row is None:
        raise NotFound(
            f"{what} {row_id} does not exist", field="id", code="admin.row_not_found",
            params={"what": what, "id": row_id}
        )
    return row


def changed_fields(row: Any, values: dict[str, Any]) -> list[str]:
    """Set each value on `row`; return the names of the fields whose value really changed."""
    changed = []
    for field, value in values.items():
        if getattr(row, field) != value:
            setattr(row, field, value)
            changed.append(field)
    return changed
