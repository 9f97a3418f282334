"""Staff and device accounts: who may log in, with which role, at which branches.

Passwords are hashed (argon2) before the transaction starts, so the slow hash never holds a branch
lock, and are never returned. A deactivated account stops working at once: `load_principal` checks
`active` on every request. A new password bumps the account's `token_version`, which revokes every
token issued before it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from server.db.models import Branch, Counter, Device, Staff, StaffBranch
from server.domain.enums import CounterState, Role
from server.domain.errors import ConflictError, InvalidInput
from server.services.admin import rules
from server.services.admin.common import changed_fields, row_by_id
from server.services.admin.config_write import ConfigAction, ConfigChanges, ConfigEntity
from server.services.admin.views import device_view, staff_view
from server.services.auth import Principal, hash_password

STAFF_FIELDS: dict[str, rules.Checker] = {
    "username": rules.username,
    "display_name": rules.text(100, required=False),
    "role": rules.role_among(rules.STAFF_ROLES),
    "branches": rules.code_list,
    "password": rules.password,
}
DEVICE_FIELDS: dict[str, rules.Checker] = {
    "username": rules.username,
    "role": rules.role_among(rules.DEVICE_ROLES),
    "branch": rules.code,
    "description": rules.text(200, required=False, name=False),
    "password": rules.password,
}
WITH_LINKS = [selectinload(Staff.branch_links)]


def branch_codes(session: Session) -> dict[int, str]:
    return {branch_id: code for branch_id, code in session.execute(select(Branch.id, Branch.code))}


def resolve_branches(session: Session, codes: list[str], field: str = "branches") -> list[Branch]:
    """Active branches by code, in the order given; `field` names the list (or the single field)."""
    by_code = {b.code: b for b in session.scalars(select(Branch).where(Branch.code.in_(codes)))}
    for index, code in enumerate(codes):
        if code not in by_code or not by_code[code].active:
            where = f"{field}.{index}" if field == "branches" else field
            raise InvalidInput(
                f"there is no active branch {code!r}", field=where,
                code="admin.branch_not_active", params={"code": code},
            )
    return [by_code[code] for code in codes]


def require_unique_username(session: Session, username: str, own: tuple[str, int] | None) -> None:
    """Staff and devices log in through the same form, so one name may belong to one account only."""
    staff = session.scalar(select(Staff.id).where(Staff.username == username))
    device = session.scalar(select(Device.id).where(Device.username == username))
    taken = ("staff", staff) if staff is not None else ("device", device) if device is not None else None
    if taken is not None and taken != own:
        raise ConflictError(
            f"the username {username!r} is already taken; choose another", field="username",
            code="admin.username_taken", params={"username": username},
        )


class StaffAdmin:
    def __init__(self, config: ConfigChanges) -> None:
        self.config = config

    def list(self) -> list[dict[str, Any]]:
        with self.config.changes.db.read() as session:
            codes = branch_codes(session)
            rows = session.scalars(select(Staff).options(*WITH_LINKS).order_by(Staff.id))
            return [staff_view(staff, _codes(staff, codes)) for staff in rows]

    def create(self, values: dict[str, Any]) -> dict[str, Any]:
        rules.require(values, "username", "role", "password")
        fields = {"display_name": "", "branches": [], **rules.checked(values, STAFF_FIELDS)}
        _require_branch_for(fields["role"], fields["branches"])
        password_hash = hash_password(fields.pop("password"))
        codes = fields.pop("branches")
        with self.config.begin(self._branch_ids(codes)) as write:
            require_unique_username(write.session, fields["username"], None)
            branches = resolve_branches(write.session, codes)
            staff = Staff(**fields, password_hash=password_hash, active=True)
            staff.branch_links = [StaffBranch(branch_id=branch.id) for branch in branches]
            write.session.add(staff)
            write.session.flush()
            write.announce(
                ConfigEntity.STAFF, ConfigAction.CREATED, {"id": staff.id, "username": staff.username}
            )
            return staff_view(staff, codes)

    def update(self, staff_id: int, values: dict[str, Any], actor: Principal) -> dict[str, Any]:
        fields = rules.checked(values, STAFF_FIELDS)
        if "password" in fields:
            fields["password_hash"] = hash_password(fields.pop("password"))
        new_codes = fields.pop("branches", None)
        touched = self._linked_ids(staff_id) + self._branch_ids(new_codes or [])
        with self.config.begin(touched) as write:
            staff = row_by_id(write.session, Staff, staff_id, "staff member", options=WITH_LINKS)
            _require_not_self_demotion(staff, fields.get("role"), actor)
            if "username" in fields:
                require_unique_username(write.session, fields["username"], ("staff", staff.id))
            changed = changed_fields(staff, fields)
            _revoke_tokens_on_new_password(staff, changed)
            codes = branch_codes(write.session)
            if new_codes is not None and new_codes != _codes(staff, codes):
                branches = resolve_branches(write.session, new_codes)
                _require_no_counter_outside(write.session, staff, {branch.id for branch in branches})
                staff.branch_links = []
                write.session.flush()  # old links go before new ones take their (staff, branch) keys
                staff.branch_links = [StaffBranch(branch_id=branch.id) for branch in branches]
                changed.append("branches")
            _require_branch_for(staff.role, [link.branch_id for link in staff.branch_links])
            if changed:
                fields_named = _public_names(changed)
                write.announce(
                    ConfigEntity.STAFF,
                    ConfigAction.UPDATED,
                    {"id": staff.id, "username": staff.username, "fields": fields_named},
                )
            return staff_view(staff, _codes(staff, codes))

    def deactivate(self, staff_id: int, actor: Principal) -> dict[str, Any]:
        if actor.kind == "staff" and actor.account_id == staff_id:
            raise ConflictError(
                "you cannot deactivate your own account; ask another administrator", field="id",
                code="admin.own_account_deactivate",
            )
        with self.config.begin(self._linked_ids(staff_id)) as write:
            staff = row_by_id(write.session, Staff, staff_id, "staff member", options=WITH_LINKS)
            if staff.active:
                _require_no_open_counter(write.session, staff)
                staff.active = False
                write.announce(
                    ConfigEntity.STAFF, ConfigAction.DEACTIVATED, {"id": staff.id, "username": staff.username}
                )
            return staff_view(staff, _codes(staff, branch_codes(write.session)))

    def _linked_ids(self, staff_id: int) -> list[int]:
        with self.config.changes.db.read() as session:
            staff = row_by_id(session, Staff, staff_id, "staff member", options=WITH_LINKS)
            return [link.branch_id for link in staff.branch_links]

    def _branch_ids(self, codes: list[str]) -> list[int]:
        with self.config.changes.db.read() as session:
            return [branch.id for branch in resolve_branches(session, codes)]


class DeviceAdmin:
    def __init__(self, config: ConfigChanges) -> None:
        self.config = config

    def list(self) -> list[dict[str, Any]]:
        with self.config.changes.db.read() as session:
            codes = branch_codes(session)
            return [
                device_view(d, codes[d.branch_id])
                for d in session.scalars(select(Device).order_by(Device.id))
            ]

    def create(self, values: dict[str, Any]) -> dict[str, Any]:
        rules.require(values, "username", "role", "branch", "password")
        fields = {"description": "", **rules.checked(values, DEVICE_FIELDS)}
        password_hash = hash_password(fields.pop("password"))
        branch_id = self._branch_id(fields.pop("branch"))
        with self.config.begin([branch_id]) as write:
            require_unique_username(write.session, fields["username"], None)
            device = Device(**fields, branch_id=branch_id, password_hash=password_hash, active=True)
            write.session.add(device)
            write.session.flush()
            write.announce(
                ConfigEntity.DEVICE, ConfigAction.CREATED, {"id": device.id, "username": device.username}
            )
            return device_view(device, branch_codes(write.session)[branch_id])

    def update(self, device_id: int, values: dict[str, Any]) -> dict[str, Any]:
        fields = rules.checked(values, DEVICE_FIELDS)
        if "password" in fields:
            fields["password_hash"] = hash_password(fields.pop("password"))
        if "branch" in fields:
            fields["branch_id"] = self._branch_id(fields.pop("branch"))
        touched = [self._device_branch(device_id), *([fields["branch_id"]] if "branch_id" in fields else [])]
        with self.config.begin(touched) as write:
            device = row_by_id(write.session, Device, device_id, "device")
            if "username" in fields:
                require_unique_username(write.session, fields["username"], ("device", device.id))
            changed_columns = changed_fields(device, fields)
            _revoke_tokens_on_new_password(device, changed_columns)
            changed = _public_names(changed_columns)
            if changed:
                write.announce(
                    ConfigEntity.DEVICE,
                    ConfigAction.UPDATED,
                    {"id": device.id, "username": device.username, "fields": changed},
                )
            return device_view(device, branch_codes(write.session)[device.branch_id])

    def deactivate(self, device_id: int) -> dict[str, Any]:
        with self.config.begin([self._device_branch(device_id)]) as write:
            device = row_by_id(write.session, Device, device_id, "device")
            if device.active:
                device.active = False
                write.announce(
                    ConfigEntity.DEVICE,
                    ConfigAction.DEACTIVATED,
                    {"id": device.id, "username": device.username},
                )
            return device_view(device, branch_codes(write.session)[device.branch_id])

    def _branch_id(self, code: str) -> int:
        with self.config.changes.db.read() as session:
            return resolve_branches(session, [code], field="branch")[0].id

    def _device_branch(self, device_id: int) -> int:
        with self.config.changes.db.read() as session:
            return row_by_id(session, Device, device_id, "device").branch_id


def _revoke_tokens_on_new_password(account: Staff | Device, changed: list[str]) -> None:
    """A new password ends every session of the account: tokens carrying the old version are refused."""
    if "password_hash" in changed:
        account.token_version += 1


def _public_names(columns: list[str]) -> list[str]:
    """Changed columns under the names the API uses (and never the word "hash" in an event)."""
    return [{"password_hash": "password", "branch_id": "branch"}.get(column, column) for column in columns]


def _codes(staff: Staff, codes: dict[int, str]) -> list[str]:
    return [codes[link.branch_id] for link in staff.branch_links]


def _require_branch_for(role: Role, branches: list[Any]) -> None:
    if role is not Role.ADMIN and not branches:
        raise InvalidInput(
            f"a {role.value} needs at least one branch; list it in branches", field="branches",
            code="admin.role_needs_branch", params={"role": role.value},
        )


def _require_not_self_demotion(staff: Staff, role: Role | None, actor: Principal) -> None:
    if role is not None and role is not Role.ADMIN and actor.kind == "staff" and actor.account_id == staff.id:
        raise ConflictError(
            "you cannot take away your own administrator role; ask another administrator", field="role",
            code="admin.own_admin_role",
        )


def _require_no_counter_outside(session: Session, staff: Staff, branch_ids: set[int]) -> None:
    """Moving a teller away from a branch while they hold one of its counters would strand its tickets."""
    counter = session.scalars(
        select(Counter).where(
            Counter.staff_id == staff.id,
            Counter.state != CounterState.CLOSED,
            Counter.branch_id.not_in(branch_ids),
        )
    ).first()
    if counter is not None:
        raise ConflictError(
            f"{staff.username} still holds counter {counter.number} of a branch being taken away; "
            "close or release it first",
            field="branches",
            code="staff.holds_counter",
            params={"username": staff.username, "counter": counter.number},
        )


def _require_no_open_counter(session: Session, staff: Staff) -> None:
    counter = session.scalars(
        select(Counter).where(Counter.staff_id == staff.id, Counter.state != CounterState.CLOSED)
    ).first()
    if counter is not None:
        raise ConflictError(
            f"{staff.username} still holds counter {counter.number} ({counter.state.value}); "
            "a manager closes it first",
            field="id", code="admin.staff_holds_counter",
            params={"username": staff.username, "counter": counter.number, "state": counter.state.value},
        )
