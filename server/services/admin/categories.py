"""A branch's menu categories (现金业务 / Cash, ...): the groups the kiosk shows its services in, in order.

Services join a category through the service administration (`category`: the category's code); deleting
a category leaves its services on the menu, uncategorised.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server.db.models import Branch, Service, ServiceCategory
from server.domain.errors import ConflictError, InvalidInput
from server.services.admin import rules
from server.services.admin.common import any_branch, changed_fields, row_by_id
from server.services.admin.config_write import ConfigAction, ConfigChanges, ConfigEntity
from server.services.service_menu import category_view

MAX_SORT_ORDER = 999
EDITABLE: dict[str, rules.Checker] = {
    "name_zh": rules.text(100),
    "name_en": rules.text(100),
    "sort_order": rules.whole_number(0, MAX_SORT_ORDER),
}
CREATABLE: dict[str, rules.Checker] = {"code": rules.code, **EDITABLE}


class CategoryAdmin:
    def __init__(self, config: ConfigChanges) -> None:
        self.config = config

    def list(self, branch_code: str) -> list[dict[str, Any]]:
        with self.config.changes.db.read() as session:
            branch = any_branch(session, branch_code)
            rows = session.scalars(
                select(ServiceCategory)
                .where(ServiceCategory.branch_id == branch.id)
                .order_by(ServiceCategory.sort_order, ServiceCategory.id)
            )
            return [admin_category_view(category, branch.code) for category in rows]

    def create(self, branch_code: str, values: dict[str, Any]) -> dict[str, Any]:
        rules.require(values, "code", "name_zh", "name_en")
        fields = {"sort_order": 0, **rules.checked(values, CREATABLE)}
        with self.config.changes.db.read() as session:
            branch_id = any_branch(session, branch_code).id
        with self.config.begin([branch_id]) as write:
            branch = any_branch(write.session, branch_code)
            _require_unique_code(write.session, branch, fields["code"])
            category = ServiceCategory(branch_id=branch.id, **fields)
            write.session.add(category)
            write.session.flush()
            write.announce(ConfigEntity.CATEGORY, ConfigAction.CREATED, {"id": category.id, "code": category.code})
            return admin_category_view(category, branch.code)

    def update(self, category_id: int, values: dict[str, Any]) -> dict[str, Any]:
        fields = rules.checked(values, EDITABLE)
        with self.config.begin([self._branch_id(category_id)]) as write:
            category = row_by_id(write.session, ServiceCategory, category_id, "category")
            changed = changed_fields(category, fields)
            if changed:
                write.announce(
                    ConfigEntity.CATEGORY, ConfigAction.UPDATED,
                    {"id": category.id, "code": category.code, "fields": changed},
                )
            return admin_category_view(category, _branch_code(write.session, category))

    def delete(self, category_id: int) -> dict[str, Any]:
        """The category goes; its services stay on the menu without one."""
        with self.config.begin([self._branch_id(category_id)]) as write:
            category = row_by_id(write.session, ServiceCategory, category_id, "category")
            view = admin_category_view(category, _branch_code(write.session, category))
            write.session.execute(
                update(Service).where(Service.category_id == category.id).values(category_id=None)
            )
            write.session.delete(category)
            write.announce(ConfigEntity.CATEGORY, ConfigAction.DELETED, {"id": view["id"], "code": view["code"]})
            return view

    def _branch_id(self, category_id: int) -> int:
        with self.config.changes.db.read() as session:
            return row_by_id(session, ServiceCategory, category_id, "category").branch_id


def admin_category_view(category: ServiceCategory, branch_code: str) -> dict[str, Any]:
    return {"id": category.id, "branch": branch_code, **category_view(category)}


def category_id_for(session: Session, branch: Branch, code: str | None, field: str = "category") -> int | None:
    """The id of the branch's category `code` (None: no category), for a service joining it."""
    if code is None:
        return None
    found = session.scalar(
        select(ServiceCategory.id).where(ServiceCategory.branch_id == branch.id, ServiceCategory.code == code)
    )
    if found is None:
        raise InvalidInput(
            f"branch {branch.code!r} has no menu category {code!r}", field=field,
            code="admin.category_unknown", params={"branch": branch.code, "category": code},
        )
    return found


def optional_code(field: str, value: Any) -> str | None:
    """A category's code, or None to leave the menu's categories."""
    return None if value is None else rules.code(field, value)


def _branch_code(session: Session, category: ServiceCategory) -> str:
    branch = session.get(Branch, category.branch_id)
    assert branch is not None  # a category's branch is never deleted
    return branch.code


def _require_unique_code(session: Session, branch: Branch, code: str) -> None:
    taken = session.scalar(
        select(ServiceCategory.id).where(ServiceCategory.branch_id == branch.id, ServiceCategory.code == code)
    )
    if taken is not None:
        raise ConflictError(
            f"branch {branch.code!r} already has a menu category {code!r}; choose another code", field="code",
            code="admin.category_code_taken", params={"branch": branch.code, "category": code},
        )
