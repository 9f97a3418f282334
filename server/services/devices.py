"""Device health: kiosks report their printer and camera, and a heartbeat; managers list every device.

A report that changes the printer's or camera's state is a change of the branch like any other
(`Changes.begin`): one `device.health` event, which staff receive on the event stream at once (devices
receive it without data: `server.services.views`). A heartbeat only stores the device's last-seen time: it
is no event, takes no branch lock and asks for no re-estimation; every 30 seconds from every kiosk it
would drown the log. Neither touches what the server keeps in memory (`server.services.caches`,
`live_queue`: no cache holds a device's health or last-seen time), so neither makes those read again. The rules (states, when a device is silent) are in `server.domain.device_health`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from server.db.models import Device
from server.domain.device_health import (
    HEARTBEAT_INTERVAL,
    CameraState,
    DeviceHealth,
    PrinterState,
    is_silent,
)
from server.domain.enums import EventType
from server.domain.errors import NotFound
from server.services.auth import Principal
from server.services.lookups import branch_by_code
from server.services.permissions import Operation, Target, authorize, check_role
from server.services.unit_of_work import Actor, Changes


class DeviceHealthService:
    def __init__(self, changes: Changes) -> None:
        self.changes = changes

    def report(
        self, principal: Principal, printer: PrinterState | None, camera: CameraState | None
    ) -> dict[str, Any]:
        """The calling device's printer and/or camera state; a change is logged, and it counts as a heartbeat."""
        check_role(principal, Operation.REPORT_DEVICE_HEALTH)
        branch_id = self._own_device(principal).branch_id
        with self.changes.begin(branch_id, actor=Actor.of(principal)) as change:
            change.follow()  # nothing in the queue moved, nor in any cache
            device = self._device_row(change.session, principal)
            before = health_of(device)
            after = before.updated(printer, camera)
            changed = after.changed_parts(before)
            device.last_seen_at = change.now
            if changed:
                device.printer_state = after.printer.value if after.printer else None
                device.camera_state = after.camera.value if after.camera else None
                device.health_changed_at = change.now
                change.record(EventType.DEVICE_HEALTH, {**_health_event(device, after), "changed": changed})
            return device_health_view(device, change.now)

    def heartbeat(self, principal: Principal) -> dict[str, Any]:
        """The calling device is alive: its last-seen time, nothing else (no event, no branch lock)."""
        check_role(principal, Operation.DEVICE_HEARTBEAT)
        now = self.changes.clock()
        with self.changes.db.write(tracked=True) as session:  # no in-memory copy holds last-seen times
            device = self._device_row(session, principal)
            device.last_seen_at = now
        return {"last_seen": now.isoformat(), "next_heartbeat_s": int(HEARTBEAT_INTERVAL.total_seconds())}

    def list_for_branch(self, branch_code: str, principal: Principal) -> dict[str, Any]:
        """Every active device of the branch with its health, last heartbeat and whether it went silent."""
        now = self.changes.clock()
        with self.changes.db.read() as session:
            branch = branch_by_code(session, branch_code)
            authorize(principal, Operation.BRANCH_DEVICES, Target(branch.id))
            devices = session.scalars(
                select(Device).where(Device.branch_id == branch.id, Device.active.is_(True)).order_by(Device.id)
            ).all()
            return {
                "branch": branch.code,
                "at": now.isoformat(),
                "devices": [device_health_view(device, now) for device in devices],
            }

    def _own_device(self, principal: Principal) -> Device:
        with self.changes.db.read() as session:
            return self._device_row(session, principal)

    @staticmethod
    def _device_row(session: Any, principal: Principal) -> Device:
        device = session.get(Device, principal.account_id) if principal.kind == "device" else None
        if device is None:
            raise NotFound("this account is not a device", code="device.not_found")
        return device


def health_of(device: Device) -> DeviceHealth:
    return DeviceHealth(
        PrinterState(device.printer_state) if device.printer_state else None,
        CameraState(device.camera_state) if device.camera_state else None,
    )


def _health_event(device: Device, health: DeviceHealth) -> dict[str, Any]:
    return {
        "device_id": device.id,
        "username": device.username,
        "description": device.description,
        "printer": health.printer.value if health.printer else None,
        "camera": health.camera.value if health.camera else None,
        "needs_staff": health.needs_staff,
    }


def device_health_view(device: Device, now: datetime) -> dict[str, Any]:
    """A device's health as managers see it (and as the device itself is answered)."""
    health = health_of(device)
    return {
        **_health_event(device, health),
        "role": device.role.value,
        "health_changed_at": device.health_changed_at.isoformat() if device.health_changed_at else None,
        "last_seen": device.last_seen_at.isoformat() if device.last_seen_at else None,
        "silent": is_silent(device.last_seen_at, now),
    }
