"""What a branch's manager may configure (administrators keep the rest): service targets and notices.

Each change is a configuration change of the branch (`ConfigChanges`): one `config.changed` event in the
same transaction, so the waiting-room display shows a new notice, and dashboards and kiosks read a new
target, as soon as it is committed.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from server.db.models import Branch, Service
from server.domain.errors import NotFound
from server.domain.text import TextRule, clean_text
from server.services.admin.config_write import ConfigAction, ConfigChanges, ConfigEntity
from server.services.auth import Principal
from server.services.lookups import branch_by_code
from server.services.permissions import Operation, Target, authorize
from server.services.unit_of_work import Changes

NOTICE = TextRule(max_length=300)


def notices_view(branch: Branch) -> dict[str, Any]:
    return {"notice_zh": branch.notice_zh, "notice_en": branch.notice_en}


class BranchSettings:
    def __init__(self, changes: Changes) -> None:
        self.changes = changes

    def set_target(self, branch_code: str, service_code: str, minutes: int, principal: Principal) -> dict[str, Any]:
        """The longest a customer of this service should wait, in minutes (service levels count against it)."""
        branch_id = self._branch_id(branch_code, principal, Operation.SET_SERVICE_TARGET)
        with ConfigChanges(self.changes, principal).begin([branch_id]) as write:
            service = write.session.scalar(
                select(Service).where(Service.branch_id == branch_id, Service.code == service_code)
            )
            if service is None:
                raise NotFound(f"branch {branch_code} has no service {service_code[:32]}", field="service",
                               code="service.not_in_branch", params={"branch": branch_code, "service": service_code[:32]})
            service.target_wait_min = minutes
            write.announce(ConfigEntity.SERVICE, ConfigAction.UPDATED,
                           {"id": service.id, "code": service.code, "fields": ["target_wait_min"]})
            return {"service": service.code, "target_wait_min": service.target_wait_min}

    def set_notices(self, branch_code: str, notice_zh: str, notice_en: str, principal: Principal) -> dict[str, Any]:
        """The notice on the display's strip in both languages; empty text brings back the standard words."""
        zh = clean_text(notice_zh, NOTICE, "notice_zh") or None
        en = clean_text(notice_en, NOTICE, "notice_en") or None
        branch_id = self._branch_id(branch_code, principal, Operation.SET_NOTICES)
        with ConfigChanges(self.changes, principal).begin([branch_id]) as write:
            branch = write.session.get(Branch, branch_id)
            branch.notice_zh, branch.notice_en = zh, en
            write.announce(ConfigEntity.BRANCH, ConfigAction.UPDATED,
                           {"id": branch.id, "code": branch.code, "fields": ["notices"]})
            return notices_view(branch)

    def _branch_id(self, branch_code: str, principal: Principal, operation: Operation) -> int:
        with self.changes.db.read() as session:
            branch = branch_by_code(session, branch_code)
            authorize(principal, operation, Target(branch.id))
            return branch.id
