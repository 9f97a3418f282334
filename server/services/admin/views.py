"""What the administration API returns for each configured object (never a password hash)."""

from __future__ import annotations

from datetime import time
from typing import Any

from server.db.models import Branch, Counter, Device, Service, SpecialDay, Staff
from server.domain.calendar import WEEKDAYS
from server.services.calendars import weekly_hours, weekly_view


def branch_view(branch: Branch) -> dict[str, Any]:
    return {
        "id": branch.id,
        "code": branch.code,
        "name_zh": branch.name_zh,
        "name_en": branch.name_en,
        "time_zone": branch.time_zone,
        "opens_at": branch.opens_at.strftime("%H:%M"),
        "closes_at": "24:00" if branch.closes_at == time(0) else branch.closes_at.strftime("%H:%M"),
        "weekly_hours": weekly_view(weekly_hours(branch)),
        "day_end_after_min": branch.day_end_after_min,
        "no_show_grace_min": branch.no_show_grace_min,
        "calling_policy": branch.calling_policy,
        "wait_predictor": branch.wait_predictor,
        "max_recalls": branch.max_recalls,
        "missed_call_return_min": branch.missed_call_return_min,
        "missed_call_requeue_places": branch.missed_call_requeue_places,
        "allow_call_specific": branch.allow_call_specific,
        "active": branch.active,
    }


def special_day_view(day: SpecialDay) -> dict[str, Any]:
    """A holiday (`closed`), or a worked day with its own hours or those of a weekday (`like`)."""
    return {
        "date": day.day.isoformat(),
        "closed": day.like_weekday is None and not day.hours,
        "hours": list(day.hours or []),
        "like": None if day.like_weekday is None else WEEKDAYS[day.like_weekday],
        "note": day.note,
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
        "category": service.category.code if service.category is not None else None,
        "active": service.active,
    }


def counter_view(counter: Counter, branch_code: str) -> dict[str, Any]:
    return {
        "id": counter.id,
        "branch": branch_code,
        "number": counter.number,
        "name": counter.name,
        "zone_zh": counter.zone_zh,
        "zone_en": counter.zone_en,
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
