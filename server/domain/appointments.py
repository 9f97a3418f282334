"""Appointment rules: check-in codes, slot validity, phone masking. Pure, no I/O."""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta

from .calendar import BranchCalendar, hours_text
from .errors import InvalidInput

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""No 0/O, 1/I: codes are read aloud and typed on a touch screen by people of every age."""
CODE_LENGTH = 6
SLOT_MINUTES = 15
MAX_DAYS_AHEAD = 30
_MOBILE = re.compile(r"^1[3-9][0-9]{9}$")  # ASCII digits only: \d also takes "٣" and "३"


def new_check_in_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    cleaned = re.sub(r"[\s-]", "", code or "").upper()
    if len(cleaned) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in cleaned):
        raise InvalidInput(
            f"an appointment code has {CODE_LENGTH} letters and digits", field="appointment",
            code="appointment.code_format", params={"length": CODE_LENGTH},
        )
    return cleaned


def normalise_phone(phone: str) -> str:
    """The 11 digits of a mainland China mobile number, however it was typed ("+86 138-1234-5678")."""
    digits = re.sub(r"[\s-]", "", phone or "")
    digits = digits.removeprefix("+86")
    if not _MOBILE.match(digits):
        raise InvalidInput(
            "enter an 11-digit mainland China mobile number", field="phone", code="appointment.phone_format"
        )
    return digits


def mask_phone(phone: str) -> str:
    """Keep only what staff need to confirm identity: 13812345678 -> 138****5678."""
    digits = normalise_phone(phone)
    return f"{digits[:3]}****{digits[-4:]}"


def check_slot(slot_start: datetime, now: datetime, calendar: BranchCalendar, length: timedelta) -> None:
    """A bookable slot: aware, in the future, on the quarter hour, not too far ahead, and within one
    unbroken opening of the branch (not on a holiday, not across the lunch break)."""
    if slot_start.tzinfo is None:
        raise InvalidInput(
            "slot_start needs a time zone offset, e.g. 2026-12-01T10:00:00+08:00", field="slot_start",
            code="appointment.slot_needs_offset",
        )
    if slot_start <= now:
        raise InvalidInput("choose a slot in the future", field="slot_start", code="appointment.slot_in_past")
    if slot_start - now > timedelta(days=MAX_DAYS_AHEAD):
        raise InvalidInput(
            f"appointments can be booked up to {MAX_DAYS_AHEAD} days ahead", field="slot_start",
            code="appointment.slot_too_far", params={"days": MAX_DAYS_AHEAD},
        )
    local = slot_start.astimezone(calendar.zone)
    if local.minute % SLOT_MINUTES or local.second or local.microsecond:
        raise InvalidInput(
            f"slots start every {SLOT_MINUTES} minutes", field="slot_start",
            code="appointment.slot_grid", params={"minutes": SLOT_MINUTES},
        )
    day = local.date()
    hours = calendar.hours_on(day)
    if not hours:
        raise InvalidInput(
            f"the branch is closed on {day.isoformat()}; choose another day", field="slot_start",
            code="calendar.slot_day_closed", params={"date": day.isoformat()},
        )
    if not calendar.covers(slot_start, slot_start + length):
        shown = ", ".join(hours_text(hours))
        raise InvalidInput(
            f"the branch is open {shown} on {day.isoformat()}; choose a slot within opening hours",
            field="slot_start", code="calendar.slot_outside_hours", params={"date": day.isoformat(), "hours": shown},
        )


def slot_length(expected_service_min: float) -> timedelta:
    """The expected service time rounded up to whole slots."""
    slots = max(1, -(-int(round(expected_service_min)) // SLOT_MINUTES))
    return timedelta(minutes=slots * SLOT_MINUTES)
