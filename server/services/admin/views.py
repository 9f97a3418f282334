"""What the administration API returns for each configured object (never a password hash)."""

from __future__ import annotations

from typing import Any

from server.db.models import Branch, Counter, Device, Service, Staff


def branch_view(branch: Branch) -> dict[str, Any]:
    return {
        "id": branch.id,
        "code": branch.code,
        "name_zh": branch.name_zh,
        "name_en": branch.name_en,
        "time_zone": branch.time_zone,
        "opens_at": branch.opens_at.strftime("%H:%M"),
        "closes_at": branch.closes_at.strftime("%H:%M"),
        "calling_policy": branch.calling_policy,
        "wait_predictor": branch.wait_predictor,
        "max_recalls": branch.max_recalls,
        "missed_call_return_min": branch.missed_call_return_min,
        "missed_call_requeue_places": branch.missed_call_requeue_places,
        "active": branch.active,
    }


def service_view(service: Service, branch_code: str) -> dict[str, Any]:
    return {
        "id": service.id,
        "branch": branch_code,
        "code": service.code,
        "name_zh": service.name_zh,
        "name_en": service.name_en,
        "prefix": service.prefix,
        "target_wait_min": service.target_wait_min,
        "expected_service_min": service.expected_service_min,
        "documents_zh": list(service.documents_zh or []),
        "documents_en": list(service.documents_en or []),
        "active": service.active,
    }


def counter_view(counter: Counter, branch_code: str) -> dict[str, Any]:
    return {
        "id": counter.id,
        "branch": branch_code,
        "number": counter.number,
        "name": counter.name,
        "zone": counter.zone,
        "skills": [skill.service.code for skill in counter.skills],
        "state": counter.state.value,
        "active": counter.active,
    }


def staff_view(staff: Staff, branch_codes: list[str]) -> dict[str, Any]:
    return {
        "id": staff.id,
        "username": staff.username,
        "display_name": staff.display_name,
        "role": staff.role.value,
        "branches": branch_codes,
        "active": staff.active,
    }


def device_view(device: Device, branch_code: str) -> dict[str, Any]:
    return {
        "id": device.id,
        "username": device.username,
        "role": device.role.value,
        "branch": branch_code,
        "description": device.description,
        "active": device.active,
    }
