"""`/api/v1/admin/...`: configuration of branches, services, counters, staff and devices (admins only).

Handlers only translate HTTP to the administration services; every rule lives in
`server.services.admin`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends

from server.api.deps import Allowed, ContainerDep, CurrentPrincipal, RowId
from server.api.schemas import (
    BranchCreateBody,
    BranchUpdateBody,
    CategoryCreateBody,
    CategoryUpdateBody,
    CounterCreateBody,
    CounterUpdateBody,
    DeviceCreateBody,
    DeviceUpdateBody,
    ServiceCreateBody,
    ServiceUpdateBody,
    SpecialDayBody,
    StaffCreateBody,
    StaffUpdateBody,
)
from server.services.admin import Administration
from server.services.auth import Principal
from server.services.permissions import Operation

router = APIRouter(prefix="/admin", tags=["admin"])


def administration(container: ContainerDep, principal: CurrentPrincipal) -> Administration:
    """The administration services acting for the caller (whom each route's `permit` has checked)."""
    return Administration.over(container.changes, principal)


Services = Annotated[Administration, Depends(administration)]


def _set(body: Any) -> dict[str, Any]:
    return body.model_dump(exclude_unset=True)


# -- branches -----------------------------------------------------------------------------------


@router.get("/branches")
def list_branches(admin: Services, _: Principal = Allowed(Operation.ADMIN_LIST_BRANCHES)) -> dict[str, Any]:
    return {"branches": admin.branches.list()}


@router.post("/branches", status_code=201)
def create_branch(
    body: BranchCreateBody, admin: Services,
    _: Principal = Allowed(Operation.ADMIN_CREATE_BRANCH),
) -> dict[str, Any]:
    return admin.branches.create(_set(body))


@router.get("/branches/{code}")
def get_branch(
    code: str, admin: Services,
    _: Principal = Allowed(Operation.ADMIN_GET_BRANCH),
) -> dict[str, Any]:
    return admin.branches.get(code)


@router.patch("/branches/{code}")
def update_branch(
    code: str, body: BranchUpdateBody, admin: Services,
    _: Principal = Allowed(Operation.ADMIN_UPDATE_BRANCH),
) -> dict[str, Any]:
    """A new calling policy or wait predictor applies from the next call on."""
    return admin.branches.update(code, _set(body))


@router.post("/branches/{code}/deactivate")
def deactivate_branch(
    code: str, admin: Services,
    _: Principal = Allowed(Operation.ADMIN_DEACTIVATE_BRANCH),
) -> dict[str, Any]:
    return admin.branches.deactivate(code)


# -- special days (holidays, make-up working days) ----------------------------------------------


@router.get("/branches/{code}/days")
def list_special_days(
    code: str, admin: Services, since: date | None = None,
    _: Principal = Allowed(Operation.ADMIN_LIST_SPECIAL_DAYS),
) -> dict[str, Any]:
    return {"days": admin.calendar.list(code, since)}


@router.put("/branches/{code}/days/{day}")
def set_special_day(
    code: str, day: date, body: SpecialDayBody, admin: Services,
    _: Principal = Allowed(Operation.ADMIN_SET_SPECIAL_DAY),
) -> dict[str, Any]:
    """Replaces what the date had: `{"closed": true}`, `{"hours": [...]}` or `{"like": "monday"}`."""
    return admin.calendar.set(code, day, _set(body))


@router.delete("/branches/{code}/days/{day}")
def remove_special_day(
    code: str, day: date, admin: Services,
    _: Principal = Allowed(Operation.ADMIN_REMOVE_SPECIAL_DAY),
) -> dict[str, Any]:
    """The date follows the weekly hours again."""
    return admin.calendar.remove(code, day)


# -- services -----------------------------------------------------------------------------------


@router.get("/branches/{code}/services")
def list_services(
    code: str, admin: Services,
    _: Principal = Allowed(Operation.ADMIN_LIST_SERVICES),
) -> dict[str, Any]:
    return {"services": admin.services.list(code)}


@router.post("/branches/{code}/services", status_code=201)
def create_service(
    code: str, body: ServiceCreateBody, admin: Services,
    _: Principal = Allowed(Operation.ADMIN_CREATE_SERVICE),
) -> dict[str, Any]:
    return admin.services.create(code, _set(body))


@router.patch("/services/{service_id}")
def update_service(
    service_id: RowId, body: ServiceUpdateBody, admin: Services,
    _: Principal = Allowed(Operation.ADMIN_UPDATE_SERVICE),
) -> dict[str, Any]:
    return admin.services.update(service_id, _set(body))


@router.post("/services/{service_id}/deactivate")
def deactivate_service(
    service_id: RowId, admin: Services,
    _: Principal = Allowed(Operation.ADMIN_DEACTIVATE_SERVICE),
) -> dict[str, Any]:
    return admin.services.deactivate(service_id)


# -- menu categories ----------------------------------------------------------------------------


@router.get("/branches/{code}/categories")
def list_categories(
    code: str, admin: Services, _: Principal = Allowed(Operation.ADMIN_LIST_CATEGORIES)
) -> dict[str, Any]:
    return {"categories": admin.categories.list(code)}


@router.post("/branches/{code}/categories", status_code=201)
def create_category(
    code: str, body: CategoryCreateBody, admin: Services,
    _: Principal = Allowed(Operation.ADMIN_CREATE_CATEGORY),
) -> dict[str, Any]:
    return admin.categories.create(code, _set(body))


@router.patch("/categories/{category_id}")
def update_category(
    category_id: RowId, body: CategoryUpdateBody, admin: Services,
    _: Principal = Allowed(Operation.ADMIN_UPDATE_CATEGORY),
) -> dict[str, Any]:
    return admin.categories.update(category_id, _set(body))


@router.delete("/categories/{category_id}")
def delete_category(
    category_id: RowId, admin: Services, _: Principal = Allowed(Operation.ADMIN_DELETE_CATEGORY)
) -> dict[str, Any]:
    """Its services stay on the menu, without a category."""
    return admin.categories.delete(category_id)


# -- counters -----------------------------------------------------------------------------------


@router.get("/branches/{code}/counters")
def list_counters(
    code: str, admin: Services,
    _: Principal = Allowed(Operation.ADMIN_LIST_COUNTERS),
) -> dict[str, Any]:
    return {"counters": admin.counters.list(code)}


@router.post("/branches/{code}/counters", status_code=201)
def create_counter(
    code: str, body: CounterCreateBody, admin: Services,
    _: Principal = Allowed(Operation.ADMIN_CREATE_COUNTER),
) -> dict[str, Any]:
    return admin.counters.create(code, _set(body))


@router.patch("/counters/{counter_id}")
def update_counter(
    counter_id: RowId, body: CounterUpdateBody, admin: Services,
    _: Principal = Allowed(Operation.ADMIN_UPDATE_COUNTER),
) -> dict[str, Any]:
    return admin.counters.update(counter_id, _set(body))


@router.post("/counters/{counter_id}/deactivate")
def deactivate_counter(
    counter_id: RowId, admin: Services,
    _: Principal = Allowed(Operation.ADMIN_DEACTIVATE_COUNTER),
) -> dict[str, Any]:
    return admin.counters.deactivate(counter_id)


# -- staff --------------------------------------------------------------------------------------


@router.get("/staff")
def list_staff(admin: Services, _: Principal = Allowed(Operation.ADMIN_LIST_STAFF)) -> dict[str, Any]:
    return {"staff": admin.staff.list()}


@router.post("/staff", status_code=201)
def create_staff(
    body: StaffCreateBody, admin: Services,
    _: Principal = Allowed(Operation.ADMIN_CREATE_STAFF),
) -> dict[str, Any]:
    return admin.staff.create(_set(body))


@router.patch("/staff/{staff_id}")
def update_staff(
    staff_id: RowId, body: StaffUpdateBody, admin: Services,
    actor: Principal = Allowed(Operation.ADMIN_UPDATE_STAFF),
) -> dict[str, Any]:
    return admin.staff.update(staff_id, _set(body), actor)


@router.post("/staff/{staff_id}/deactivate")
def deactivate_staff(
    staff_id: RowId, admin: Services,
    actor: Principal = Allowed(Operation.ADMIN_DEACTIVATE_STAFF),
) -> dict[str, Any]:
    """An administrator cannot deactivate their own account."""
    return admin.staff.deactivate(staff_id, actor)


# -- devices ------------------------------------------------------------------------------------


@router.get("/devices")
def list_devices(admin: Services, _: Principal = Allowed(Operation.ADMIN_LIST_DEVICES)) -> dict[str, Any]:
    return {"devices": admin.devices.list()}


@router.post("/devices", status_code=201)
def create_device(
    body: DeviceCreateBody, admin: Services,
    _: Principal = Allowed(Operation.ADMIN_CREATE_DEVICE),
) -> dict[str, Any]:
    return admin.devices.create(_set(body))


@router.patch("/devices/{device_id}")
def update_device(
    device_id: RowId, body: DeviceUpdateBody, admin: Services,
    _: Principal = Allowed(Operation.ADMIN_UPDATE_DEVICE),
) -> dict[str, Any]:
    return admin.devices.update(device_id, _set(body))


@router.post("/devices/{device_id}/deactivate")
def deactivate_device(
    device_id: RowId, admin: Services,
    _: Principal = Allowed(Operation.ADMIN_DEACTIVATE_DEVICE),
) -> dict[str, Any]:
    return admin.devices.deactivate(device_id)
