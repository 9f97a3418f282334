"""Device health: a kiosk reports its printer and camera and sends heartbeats; managers list the devices.
The logic lives in `server.services.devices`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from server.api.deps import Allowed, ContainerDep
from server.api.schemas import DeviceHealthBody
from server.services.auth import Principal
from server.services.permissions import Operation

router = APIRouter(tags=["devices"])


@router.post("/devices/me/health")
def report_health(
    body: DeviceHealthBody, container: ContainerDep, principal: Principal = Allowed(Operation.REPORT_DEVICE_HEALTH)
) -> dict[str, Any]:
    """The calling kiosk's printer and/or camera state, sent when it changes (a change is a `device.health`
    event for staff); counts as a heartbeat too."""
    return container.devices.report(principal, body.printer, body.camera)


@router.post("/devices/me/heartbeat")
def heartbeat(container: ContainerDep, principal: Principal = Allowed(Operation.DEVICE_HEARTBEAT)) -> dict[str, Any]:
    """The calling device is alive (every 30 s); only its last-seen time is kept, nothing is logged."""
    return container.devices.heartbeat(principal)


@router.get("/branches/{code}/devices")
def branch_devices(
    code: str, container: ContainerDep, principal: Principal = Allowed(Operation.BRANCH_DEVICES)
) -> dict[str, Any]:
    """The branch's devices: printer and camera state, last heartbeat, and `silent` after two minutes without."""
    return container.devices.list_for_branch(code, principal)
