"""Administration: branches, services, counters, staff and device accounts.

Every change is validated by `rules` (pure), runs in one `ConfigChanges` transaction and records a
`config.changed` event on each branch it touches.
"""

from __future__ import annotations

from dataclasses import dataclass

from server.services.admin.accounts import DeviceAdmin, StaffAdmin
from server.services.admin.branches import BranchAdmin
from server.services.admin.calendar import CalendarAdmin
from server.services.admin.categories import CategoryAdmin
from server.services.admin.catalogue import ServiceAdmin
from server.services.admin.config_write import ConfigAction, ConfigChanges, ConfigEntity, ConfigWrite
from server.services.admin.counters import CounterAdmin
from server.services.auth import Principal
from server.services.unit_of_work import Changes

__all__ = [
    "Administration",
    "BranchAdmin",
    "CalendarAdmin",
    "CategoryAdmin",
    "ConfigAction",
    "ConfigChanges",
    "ConfigEntity",
    "ConfigWrite",
    "CounterAdmin",
    "DeviceAdmin",
    "ServiceAdmin",
    "StaffAdmin",
]


@dataclass(frozen=True)
class Administration:
    """The administration services of one server, built over its `Changes`."""

    branches: BranchAdmin
    calendar: CalendarAdmin
    services: ServiceAdmin
    categories: CategoryAdmin
    counters: CounterAdmin
    staff: StaffAdmin
    devices: DeviceAdmin

    @classmethod
    def over(cls, changes: Changes, principal: Principal | None = None) -> Administration:
        """Built for `principal`, the administrator its events name as actor (the system when None)."""
        config = ConfigChanges(changes, principal)
        return cls(
            BranchAdmin(config),
            CalendarAdmin(config),
            ServiceAdmin(config),
            CategoryAdmin(config),
            CounterAdmin(config),
            StaffAdmin(config),
            DeviceAdmin(config),
        )
