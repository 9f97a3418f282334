"""Scenario files: one branch-day model per file, JSON or TOML, validated on load.

A scenario says what the branch offers (services, counters with skills, hours and breaks) and who comes
(arrivals per hour per service, appointment share, priority tiers, patience). Loading checks every
field and raises `ScenarioError` naming the offending field, so a typo never becomes a silent default.
The schema is documented in `bench/README.md`.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from .errors import ScenarioError


class Distribution(StrEnum):
    EXPONENTIAL = "exponential"
    LOGNORMAL = "lognormal"
    DETERMINISTIC = "deterministic"
    NONE = "none"
    """Only for patience: customers never leave."""


@dataclass(frozen=True, slots=True)
class ServiceSpec:
    code: str
    mean_service_min: float
    cv: float
    distribution: Distribution
    target_wait_min: float


@dataclass(frozen=True, slots=True)
class BreakSpec:
    start_min: float
    """Minutes after midnight."""
    duration_min: float


@dataclass(frozen=True, slots=True)
class CounterSpec:
    counter_id: int
    skills: tuple[str, ...]
    """Services in preference order, most preferred first."""
    open_min: float
    close_min: float
    breaks: tuple[BreakSpec, ...]
    speed: float
    """Service time divisor: 1.2 means this teller works 20% faster than the service's mean."""


@dataclass(frozen=True, slots=True)
class ArrivalPeriod:
    start_min: float
    end_min: float
    rates_per_hour: Mapping[str, float]


@dataclass(frozen=True, slots=True)
class AppointmentSpec:
    share: Mapping[str, float]
    """Share of each service's customers who booked a slot."""
    no_show_rate: float
    slot_min: float
    early_mean_min: float
    """Mean minutes a customer checks in before the slot (negative: late)."""
    punctuality_sd_min: float


@dataclass(frozen=True, slots=True)
class PatienceSpec:
    mean_min: float
    distribution: Distribution
    cv: float


@dataclass(frozen=True, slots=True)
class Scenario:
    name: str
    description: str
    open_min: float
    close_min: float
    """Doors close: no arrival after this; tickets already issued are still served."""
    services: tuple[ServiceSpec, ...]
    counters: tuple[CounterSpec, ...]
    arrivals: tuple[ArrivalPeriod, ...]
    appointments: AppointmentSpec
    vip_share: float
    priority_needs_share: float
    patience: PatienceSpec
    no_show_skip_s: float
    """Seconds a counter loses calling a ticket whose holder has left."""
    days: int
    seed: int

    def service(self, code: str) -> ServiceSpec:
        return next(s for s in self.services if s.code == code)


def load_scenario(path: str | Path) -> Scenario:
    """Read a `.json` or `.toml` scenario file and validate it."""
    path = Path(path)
    try:
        raw_text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ScenarioError("file", f"cannot read {path}: {error.strerror}") from None
    try:
        data = tomllib.loads(raw_text) if path.suffix == ".toml" else json.loads(raw_text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as error:
        raise ScenarioError("file", f"{path} is not valid {path.suffix.lstrip('.')}: {error}") from None
    return parse_scenario(data, default_name=path.stem)


_KNOWN_FIELDS = {
    "": {
        "name",
        "description",
        "day",
        "days",
        "seed",
        "services",
        "counters",
        "arrivals",
        "appointments",
        "vip_share",
        "priority_needs_share",
        "patience",
        "no_show_skip_s",
    },
    "day": {"open", "close"},
    "services": {"code", "name", "mean_service_min", "cv", "distribution", "target_wait_min"},
    "counters": {"id", "skills", "open", "close", "breaks", "speed"},
    "breaks": {"start", "minutes"},
    "arrivals": {"from", "to", "rates"},
    "appointments": {"share", "no_show_rate", "slot_minutes", "early_mean_min", "punctuality_sd_min"},
    "patience": {"mean_min", "distribution", "cv"},
}


def _check_fields(data: Mapping[str, Any], section: str, where: str) -> None:
    """Refuse a field the schema does not know: a typo must not become a silent default."""
    for key in data:
        if key not in _KNOWN_FIELDS[section]:
            prefix = f"{where}." if where else ""
            raise ScenarioError(f"{prefix}{key}", f"unknown field; known: {sorted(_KNOWN_FIELDS[section])}")


def parse_scenario(data: Mapping[str, Any], default_name: str = "scenario") -> Scenario:
    """Build a `Scenario` from plain data (as read from JSON/TOML), checking every field."""
    _require_mapping(data, "<root>")
    _check_fields(data, "", "")
    day = _mapping(data, "day")
    _check_fields(day, "day", "day")
    open_min, close_min = _clock(day, "open", "day.open"), _clock(day, "close", "day.close")
    if close_min <= open_min:
        raise ScenarioError("day.close", "must be later than day.open")
    services = _services(data)
    codes = {s.code for s in services}
    scenario = Scenario(
        name=str(data.get("name", default_name)),
        description=str(data.get("description", "")),
        open_min=open_min,
        close_min=close_min,
        services=services,
        counters=_counters(data, codes, open_min, close_min),
        arrivals=_arrivals(data, codes, open_min, close_min),
        appointments=_appointments(data.get("appointments", {}), codes),
        vip_share=_number(data, "vip_share", "vip_share", default=0.0, low=0.0, high=1.0),
        priority_needs_share=_number(
            data, "priority_needs_share", "priority_needs_share", default=0.0, low=0.0, high=1.0
        ),
        patience=_patience(data.get("patience", {"distribution": "none"})),
        no_show_skip_s=_number(data, "no_show_skip_s", "no_show_skip_s", default=30.0, low=0.0),
        days=int(_number(data, "days", "days", default=1, low=1)),
        seed=int(_number(data, "seed", "seed", default=0, low=0)),
    )
    if scenario.vip_share + scenario.priority_needs_share > 1.0:
        raise ScenarioError("vip_share", "vip_share + priority_needs_share must not exceed 1")
    _check_every_service_has_a_counter(scenario)
    return scenario


def _services(data: Mapping[str, Any]) -> tuple[ServiceSpec, ...]:
    entries = _list(data, "services")
    services = []
    for index, entry in enumerate(entries):
        where = f"services[{index}]"
        _require_mapping(entry, where)
        _check_fields(entry, "services", where)
        code = _text(entry, "code", f"{where}.code")
        distribution = _enum(entry, "distribution", f"{where}.distribution", default="lognormal")
        if distribution is Distribution.NONE:
            raise ScenarioError(f"{where}.distribution", "a service time needs a real distribution")
        services.append(
            ServiceSpec(
                code=code,
                mean_service_min=_number(entry, "mean_service_min", f"{where}.mean_service_min", low=0.01),
                cv=_number(entry, "cv", f"{where}.cv", default=1.0, low=0.0),
                distribution=distribution,
                target_wait_min=_number(entry, "target_wait_min", f"{where}.target_wait_min", low=0.0),
            )
        )
    codes = [s.code for s in services]
    if len(set(codes)) != len(codes):
        raise ScenarioError("services", f"service codes must be unique, got {codes}")
    return tuple(services)


def _counters(
    data: Mapping[str, Any], codes: set[str], open_min: float, close_min: float
) -> tuple[CounterSpec, ...]:
    counters = []
    for index, entry in enumerate(_list(data, "counters")):
        where = f"counters[{index}]"
        _require_mapping(entry, where)
        _check_fields(entry, "counters", where)
        skills = tuple(_list(entry, "skills", f"{where}.skills"))
        unknown = [s for s in skills if s not in codes]
        if unknown:
            raise ScenarioError(
                f"{where}.skills", f"unknown service code(s) {unknown}; known: {sorted(codes)}"
            )
        breaks = _breaks(entry.get("breaks", []), f"{where}.breaks")
        counters.append(
            CounterSpec(
                counter_id=int(_number(entry, "id", f"{where}.id", default=index + 1, low=1)),
                skills=skills,
                open_min=_clock(entry, "open", f"{where}.open", default=open_min),
                close_min=_clock(entry, "close", f"{where}.close", default=close_min),
                breaks=breaks,
                speed=_number(entry, "speed", f"{where}.speed", default=1.0, low=0.05),
            )
        )
    ids = [c.counter_id for c in counters]
    if len(set(ids)) != len(ids):
        raise ScenarioError("counters", f"counter ids must be unique, got {ids}")
    return tuple(counters)


def _breaks(entries: Any, where: str) -> tuple[BreakSpec, ...]:
    if not isinstance(entries, list):
        raise ScenarioError(where, "must be a list of {start, minutes}")
    breaks = []
    for index, entry in enumerate(entries):
        _require_mapping(entry, f"{where}[{index}]")
        _check_fields(entry, "breaks", f"{where}[{index}]")
        breaks.append(
            BreakSpec(
                start_min=_clock(entry, "start", f"{where}[{index}].start"),
                duration_min=_number(entry, "minutes", f"{where}[{index}].minutes", low=0.0),
            )
        )
    return tuple(breaks)


def _arrivals(
    data: Mapping[str, Any], codes: set[str], open_min: float, close_min: float
) -> tuple[ArrivalPeriod, ...]:
    periods = []
    for index, entry in enumerate(_list(data, "arrivals")):
        where = f"arrivals[{index}]"
        _require_mapping(entry, where)
        _check_fields(entry, "arrivals", where)
        start, end = _clock(entry, "from", f"{where}.from"), _clock(entry, "to", f"{where}.to")
        if not open_min <= start < end <= close_min:
            raise ScenarioError(where, "period must lie inside the opening hours and end after it starts")
        rates = _mapping(entry, "rates", f"{where}.rates")
        for code in rates:
            if code not in codes:
                raise ScenarioError(f"{where}.rates.{code}", f"unknown service; known: {sorted(codes)}")
            _number(rates, code, f"{where}.rates.{code}", low=0.0)
        periods.append(ArrivalPeriod(start, end, {code: float(rate) for code, rate in rates.items()}))
    return tuple(periods)


def _appointments(entry: Any, codes: set[str]) -> AppointmentSpec:
    _require_mapping(entry, "appointments")
    _check_fields(entry, "appointments", "appointments")
    raw_share = entry.get("share", 0.0)
    if isinstance(raw_share, Mapping):
        share = {
            code: _number(raw_share, code, f"appointments.share.{code}", low=0.0, high=1.0)
            for code in raw_share
        }
        unknown = set(share) - codes
        if unknown:
            raise ScenarioError("appointments.share", f"unknown service code(s) {sorted(unknown)}")
    else:
        value = _number(entry, "share", "appointments.share", default=0.0, low=0.0, high=1.0)
        share = {code: value for code in codes}
    return AppointmentSpec(
        share=share,
        no_show_rate=_number(
            entry, "no_show_rate", "appointments.no_show_rate", default=0.0, low=0.0, high=1.0
        ),
        slot_min=_number(entry, "slot_minutes", "appointments.slot_minutes", default=15.0, low=1.0),
        early_mean_min=_number(entry, "early_mean_min", "appointments.early_mean_min", default=3.0),
        punctuality_sd_min=_number(
            entry, "punctuality_sd_min", "appointments.punctuality_sd_min", default=4.0, low=0.0
        ),
    )


def _patience(entry: Any) -> PatienceSpec:
    _require_mapping(entry, "patience")
    _check_fields(entry, "patience", "patience")
    distribution = _enum(entry, "distribution", "patience.distribution", default="exponential")
    if distribution is Distribution.NONE:
        return PatienceSpec(mean_min=float("inf"), distribution=distribution, cv=0.0)
    return PatienceSpec(
        mean_min=_number(entry, "mean_min", "patience.mean_min", low=0.01),
        distribution=distribution,
        cv=_number(entry, "cv", "patience.cv", default=1.0, low=0.0),
    )


def _check_every_service_has_a_counter(scenario: Scenario) -> None:
    for service in scenario.services:
        if not any(service.code in c.skills for c in scenario.counters):
            raise ScenarioError(
                "counters", f"no counter has skill {service.code!r}; its customers would never be served"
            )


def _require_mapping(value: Any, field: str) -> None:
    if not isinstance(value, Mapping):
        raise ScenarioError(field, f"expected a table/object, got {type(value).__name__}")


def _mapping(data: Mapping[str, Any], key: str, field: str | None = None) -> Mapping[str, Any]:
    if key not in data:
        raise ScenarioError(field or key, "is required")
    _require_mapping(data[key], field or key)
    return data[key]


def _list(data: Mapping[str, Any], key: str, field: str | None = None) -> list[Any]:
    value = data.get(key)
    if not isinstance(value, list) or not value:
        raise ScenarioError(field or key, "is required and must be a non-empty list")
    return value


def _text(data: Mapping[str, Any], key: str, field: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise ScenarioError(field, "is required and must be a non-empty string")
    return value


_MISSING = object()


def _number(
    data: Mapping[str, Any],
    key: str,
    field: str,
    default: Any = _MISSING,
    low: float | None = None,
    high: float | None = None,
) -> float:
    value = data.get(key, default)
    if value is _MISSING:
        raise ScenarioError(field, "is required")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ScenarioError(field, f"must be a number, got {value!r}")
    if (low is not None and value < low) or (high is not None and value > high):
        raise ScenarioError(field, f"must lie in [{low}, {high}], got {value!r}")
    return float(value)


def _enum(data: Mapping[str, Any], key: str, field: str, default: str) -> Distribution:
    value = data.get(key, default)
    try:
        return Distribution(value)
    except ValueError:
        raise ScenarioError(
            field, f"unknown distribution {value!r}; choose one of {[d.value for d in Distribution]}"
        ) from None


def _clock(data: Mapping[str, Any], key: str, field: str, default: float | None = None) -> float:
    """'HH:MM' (or a number of minutes after midnight) to minutes after midnight."""
    value = data.get(key)
    if value is None:
        if default is None:
            raise ScenarioError(field, "is required (as 'HH:MM')")
        return default
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        minutes = float(value)
    elif isinstance(value, str) and len(value.split(":")) == 2 and all(p.isdigit() for p in value.split(":")):
        hours, mins = (int(p) for p in value.split(":"))
        minutes = hours * 60.0 + mins
    else:
        raise ScenarioError(field, f"expected a time 'HH:MM', got {value!r}")
    if not 0.0 <= minutes <= 48 * 60:
        raise ScenarioError(field, f"time {value!r} is outside 00:00-48:00")
    return minutes
