"""What a branch's manager configures from the dashboard: service targets and the display's notices
(`server.services.branch_settings`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from server.api.deps import Allowed, ContainerDep
from server.api.schemas import NoticesBody, ServiceTargetBody
from server.services.auth import Principal
from server.services.branch_settings import BranchSettings
from server.services.permissions import Operation

router = APIRouter(prefix="/branches", tags=["branch settings"])


def branch_settings(container: ContainerDep) -> BranchSettings:
    return BranchSettings(container.changes)


Settings = Annotated[BranchSettings, Depends(branch_settings)]


@router.put("/{code}/services/{service}/target")
def set_service_target(
    code: str, service: str, body: ServiceTargetBody, settings: Settings,
    principal: Principal = Allowed(Operation.SET_SERVICE_TARGET),
) -> dict[str, Any]:
    """The service's target wait in minutes: service levels and the dashboard's alerts count against it."""
    return settings.set_target(code, service, body.target_wait_min, principal)


@router.put("/{code}/notices")
def set_notices(code: str, body: NoticesBody, settings: Settings, principal: Principal = Allowed(Operation.SET_NOTICES)) -> dict[str, Any]:
    """The notice on the waiting-room display's strip, in both languages (empty: the standard words)."""
    return settings.set_notices(code, body.notice_zh, body.notice_en, principal)
