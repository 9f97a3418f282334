"""The rules a branch's configuration must keep, as pure functions of the submitted values.

Each checker takes the raw value and returns the value to store, or raises `InvalidInput` naming the
field and saying what is expected. The HTTP layer only checks types; the limits live here so the
command line and future tools get the very same answers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from datetime import time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from server.domain.calendar import WEEKDAYS, Period, day_hours, hours_between, hours_text, weekday_index
from server.domain.calling import POLICIES
from server.domain.enums import Role
from server.domain.errors import InvalidInput
from server.domain.numbering import validate_prefix
from server.domain.prediction import PREDICTORS
from server.domain.text import TextRule, clean_text
from server.services.auth import MIN_PASSWORD_LENGTH

Checker = Callable[[str, Any], Any]

CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
USERNAME_PATTERN = re.compile(r"^[a-z0-9._-]{3,64}$")
HOURS_PATTERN = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")
MAX_PASSWORD_LENGTH = 256
MAX_RECALLS = 10
MAX_MISSED_CALL_RETURN_MIN = 240
MAX_REQUEUE_PLACES = 50
MAX_DAY_END_AFTER_MIN = 12 * 60
MAX_NO_SHOW_GRACE_MIN = 4 * 60
MAX_TARGET_WAIT_MIN = 240
MAX_SERVICE_MIN = 240.0
MAX_DOCUMENTS = 20
MAX_DOCUMENT_LENGTH = 200
MAX_COUNTER_NUMBER = 9999
STAFF_ROLES = (Role.TELLER, Role.LOBBY, Role.MANAGER, Role.ADMIN)
DEVICE_ROLES = (Role.KIOSK, Role.DISPLAY)


def _present(field: str, value: Any) -> Any:
    if value is None:
        raise InvalidInput(
            f"{field} cannot be empty", field=field, code="admin.field_empty", params={"field": field},
        )
    return value


def code(field: str, value: Any) -> str:
    """Codes appear in URLs and device settings: lower-case letters, digits, '-' and '_'."""
    text = str(_present(field, value)).strip()
    if not CODE_PATTERN.match(text):
        raise InvalidInput(
            f"{field} must be 1-32 characters: lower-case letters a-z, digits, '-' or '_', "
            "starting with a letter or digit",
            field=field, code="admin.code_format", params={"field": field},
        )
    return text


def text(max_length: int, *, required: bool = True, name: bool = True) -> Checker:
    """Names and labels (`name`: one line, no invisible characters) or free text, by `server.domain.text`."""
    rule = TextRule(max_length, required=required, name=name)

    def check(field: str, value: Any) -> str:
        return clean_text(str(_present(field, value) if required else (value or "")), rule, field)

    return check


def yes_or_no(field: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise InvalidInput(
            f"{field} must be true or false", field=field, code="admin.not_yes_or_no", params={"field": field},
        )
    return value


def whole_number(low: int, high: int) -> Checker:
    def check(field: str, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidInput(
                f"{field} must be a whole number from {low} to {high}", field=field,
                code="admin.not_whole_number", params={"field": field, "low": low, "high": high},
            )
        if not low <= value <= high:
            raise InvalidInput(
                f"{field} must be from {low} to {high} (got {value})", field=field,
                code="admin.number_out_of_range",
                params={"field": field, "low": low, "high": high, "value": value},
            )
        return value

    return check


def service_minutes(field: str, value: Any) -> float:
    """Expected service time: more than zero, at most four hours."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidInput(
            f"{field} must be a number of minutes", field=field, code="admin.minutes_not_number",
            params={"field": field}
        )
    if not 0 < value <= MAX_SERVICE_MIN:
        raise InvalidInput(
            f"{field} must be more than 0 and at most {MAX_SERVICE_MIN:g} minutes", field=field,
            code="admin.minutes_out_of_range", params={"field": field, "max": MAX_SERVICE_MIN},
        )
    return float(value)


def time_zone(field: str, value: Any) -> str:
    name = str(_present(field, value)).strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise InvalidInput(
            f"unknown time zone {name[:64]!r}; use an IANA name such as Asia/Shanghai", field=field,
            code="admin.unknown_time_zone", params={"field": field, "name": name[:64]},
        ) from None
    return name


def clock_time(field: str, value: Any) -> time:
    match = HOURS_PATTERN.match(str(_present(field, value)).strip())
    if match is None:
        raise InvalidInput(
            f"{field} must be a time of day as HH:MM, e.g. 09:00", field=field,
            code="admin.clock_time_format", params={"field": field},
        )
    return time(int(match.group(1)), int(match.group(2)))


def closing_time(field: str, value: Any) -> time:
    """Like `clock_time`, and `24:00` for midnight (stored as 00:00: a closing at 00:00 is midnight)."""
    if str(value).strip() == "24:00":
        return time(0, 0)
    return clock_time(field, value)


def weekly_hours(field: str, value: Any) -> list[list[str]]:
    """All seven weekdays by name, each a list of periods (`[]` closed): `{"monday": ["09:00-17:00"], ...}`."""
    if not isinstance(_present(field, value), Mapping):
        raise InvalidInput(
            f"{field} must map each weekday to its opening periods", field=field,
            code="calendar.weekly_hours_shape", params={"field": field},
        )
    unknown = sorted(str(key)[:16] for key in value if key not in WEEKDAYS)
    if unknown:
        weekday_index(unknown[0], field)
    missing = [day for day in WEEKDAYS if day not in value]
    if missing:
        raise InvalidInput(
            f"{field} needs all seven days; missing: {', '.join(missing)} (give [] for a closed day)", field=field,
            code="calendar.weekly_hours_days", params={"missing": ", ".join(missing)},
        )
    return [hours_text(_periods(f"{field}.{day}", value[day])) for day in WEEKDAYS]


def special_day_hours(field: str, value: Any) -> list[str]:
    return hours_text(_periods(field, value))


def _periods(field: str, value: Any) -> tuple[Period, ...]:
    if not isinstance(value, list | tuple) or not all(isinstance(item, str) for item in value):
        raise InvalidInput(
            f"{field} must be a list of periods such as \"09:00-12:00\"", field=field,
            code="calendar.hours_shape", params={"field": field},
        )
    return day_hours(value, field)


def calling_policy(field: str, value: Any) -> str:
    return _one_of(field, value, POLICIES, "calling policy")


def wait_predictor(field: str, value: Any) -> str:
    return _one_of(field, value, PREDICTORS, "wait predictor")


def _one_of(field: str, value: Any, registry: Mapping[str, Any], what: str) -> str:
    name = str(_present(field, value)).strip()
    if name not in registry:
        raise InvalidInput(
            f"unknown {what} {name[:32]!r}; choose one of {sorted(registry)}", field=field,
            code="admin.unknown_choice",
            params={"field": field, "what": what, "name": name[:32], "choices": sorted(registry)},
        )
    return name


def prefix(field: str, value: Any) -> str:
    validate_prefix(str(_present(field, value)).strip())
    return str(value).strip()


def documents(field: str, value: Any) -> list[str]:
    """What to bring: at most 20 lines of at most 200 characters each."""
    if not isinstance(_present(field, value), list | tuple):
        raise InvalidInput(
            f"{field} must be a list of texts", field=field, code="admin.documents_not_list",
            params={"field": field}
        )
    if len(value) > MAX_DOCUMENTS:
        raise InvalidInput(
            f"{field} may list at most {MAX_DOCUMENTS} documents", field=field,
            code="admin.documents_too_many", params={"field": field, "max": MAX_DOCUMENTS},
        )
    line = text(MAX_DOCUMENT_LENGTH, name=False)
    return [line(f"{field}.{index}", item) for index, item in enumerate(value)]


def username(field: str, value: Any) -> str:
    name = str(_present(field, value)).strip()
    if not USERNAME_PATTERN.match(name):
        raise InvalidInput(
            f"{field} must be 3-64 characters: lower-case letters a-z, digits, '.', '_' or '-'", field=field,
            code="admin.username_format", params={"field": field},
        )
    return name


def password(field: str, value: Any) -> str:
    secret = str(_present(field, value))
    if len(secret) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"{field} must have at least {MIN_PASSWORD_LENGTH} characters", field=field,
            code="admin.password_too_short", params={"field": field, "min": MIN_PASSWORD_LENGTH},
        )
    if len(secret) > MAX_PASSWORD_LENGTH:
        raise InvalidInput(
            f"{field} is longer than {MAX_PASSWORD_LENGTH} characters", field=field,
            code="admin.text_too_long", params={"field": field, "max": MAX_PASSWORD_LENGTH},
        )
    return secret


def role_among(allowed: tuple[Role, ...]) -> Checker:
    def check(field: str, value: Any) -> Role:
        names = [role.value for role in allowed]
        if str(_present(field, value)) not in names:
            raise InvalidInput(
                f"{field} must be one of {names}", field=field,
                code="admin.role_invalid", params={"field": field, "roles": names},
            )
        return Role(str(value))

    return check


def code_list(field: str, value: Any) -> list[str]:
    """An ordered list of distinct codes (branch codes of an account, service codes of a counter)."""
    if not isinstance(_present(field, value), list | tuple):
        raise InvalidInput(
            f"{field} must be a list of codes", field=field, code="admin.codes_not_list",
            params={"field": field}
        )
    codes = [code(f"{field}.{index}", item) for index, item in enumerate(value)]
    repeated = sorted({item for item in codes if codes.count(item) > 1})
    if repeated:
        raise InvalidInput(
            f"{field} lists {repeated[0]!r} more than once", field=field,
            code="admin.code_repeated", params={"field": field, "code": repeated[0]},
        )
    return codes


def opening_hours(opens_at: time, closes_at: time) -> None:
    if not hours_between(opens_at, closes_at):
        raise InvalidInput(
            "the branch must open before it closes (opens_at < closes_at)", field="closes_at",
            code="admin.hours_order",
        )


def checked(values: Mapping[str, Any], checkers: Mapping[str, Checker]) -> dict[str, Any]:
    """Run each submitted field through its checker; a field without one is refused by name."""
    result: dict[str, Any] = {}
    for field, value in values.items():
        checker = checkers.get(field)
        if checker is None:
            raise InvalidInput(
                f"{field} cannot be set here", field=field, code="admin.field_not_settable",
                params={"field": field}
            )
        result[field] = checker(field, value)
    return result


def require(values: Mapping[str, Any], *fields: str) -> None:
    for field in fields:
        if values.get(field) is None:
            raise InvalidInput(
                f"{field} is required", field=field, code="admin.field_required", params={"field": field},
            )
