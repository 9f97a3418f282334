"""Typed results: frozen dataclasses read from the server's JSON, tolerant of what the server adds later.

Every result keeps the whole answer in `raw` (read-only), so a field the server gains before the client
learns about it is still reachable; unknown fields are ignored, optional ones default. A missing required
field raises `UnexpectedAnswer` (the answer is not the server's). Texts come in both languages from the
server (`name_zh`, `name_en`); `name(language)` picks one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import MISSING, dataclass, field, fields
from types import MappingProxyType
from typing import Any, TypeVar

from client.errors import UnexpectedAnswer
from client.messages import normalise_language

__all__ = [
    "AppointmentRef", "BranchInfo", "BranchServices", "CounterRef", "CounterState", "FaceMatch", "LoginInfo",
    "OpeningHours", "ServiceInfo", "ServiceRef", "Ticket", "TicketStatus", "WaitRange", "parse",
]

T = TypeVar("T")
_EMPTY: Mapping[str, Any] = MappingProxyType({})


def freeze(value: Any) -> Any:
    """JSON made immutable: lists become tuples, objects read-only mappings."""
    if isinstance(value, Mapping):
        return MappingProxyType({key: freeze(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        return tuple(freeze(item) for item in value)
    return value


def parse(cls: type[T], data: Any, **converted: Any) -> T:
    """`cls` from the answer `data`: its known fields (frozen), `converted` ones as given, the rest in `raw`."""
    if not isinstance(data, Mapping):
        raise UnexpectedAnswer(200, f"expected an object for {cls.__name__}, got {type(data).__name__}")
    values: dict[str, Any] = {}
    for spec in fields(cls):  # type: ignore[arg-type]
        if spec.name == "raw":
            values["raw"] = freeze(data)
        elif spec.name in converted:
            values[spec.name] = converted[spec.name]
        elif spec.name in data:
            values[spec.name] = freeze(data[spec.name])
        elif spec.default is MISSING and spec.default_factory is MISSING:
            raise UnexpectedAnswer(200, f"{cls.__name__} without '{spec.name}'")
    return cls(**values)


def parse_optional(cls: type[T], data: Any) -> T | None:
    return None if data is None else parse(cls, data)


def parse_all(cls: type[T], items: Any) -> tuple[T, ...]:
    if not isinstance(items, Sequence) or isinstance(items, str):
        return ()
    return tuple(parse(cls, item) for item in items)


def _localised(item: Any, base: str, language: str | None) -> Any:
    return getattr(item, f"{base}_en" if normalise_language(language) == "en" else f"{base}_zh")


def _raw() -> Any:
    """The `raw` field: the whole answer, left out of repr and equality."""
    return field(default_factory=lambda: _EMPTY, repr=False, compare=False)


@dataclass(frozen=True)
class WaitRange:
    """An estimated wait in seconds, with its likely range."""

    expected_s: int
    low_s: int
    high_s: int


def _wait_range(item: Any) -> WaitRange | None:
    if item.estimated_wait_s is None:
        return None
    low = item.estimated_wait_low_s if item.estimated_wait_low_s is not None else item.estimated_wait_s
    high = item.estimated_wait_high_s if item.estimated_wait_high_s is not None else item.estimated_wait_s
    return WaitRange(item.estimated_wait_s, low, high)


@dataclass(frozen=True)
class LoginInfo:
    """Who the client is logged in as (the token itself stays inside the client)."""

    role: str
    expires_at: str
    branches: tuple[int, ...] = ()
    token_type: str = "bearer"
    raw: Mapping[str, Any] = _raw()


@dataclass(frozen=True)
class BranchInfo:
    code: str
    name_zh: str
    name_en: str
    raw: Mapping[str, Any] = _raw()

    def name(self, language: str | None) -> str:
        return _localised(self, "name", language)


@dataclass(frozen=True)
class OpeningHours:
    """Whether the branch is open now, until when, and when it opens next (ISO times, branch time zone)."""

    open_now: bool
    closes_at: str | None = None
    next_opening: str | None = None
    hours_today: tuple[str, ...] = ()
    time_zone: str | None = None
    raw: Mapping[str, Any] = _raw()


@dataclass(frozen=True)
class ServiceInfo:
    """A service as the kiosk offers it, with its queue and a newcomer's estimated wait.

    `category`, `state`, `zones` and the like are optional: servers that do not send them yet leave the
    defaults (the kiosk then shows the service as open whenever a counter serving it is)."""

    code: str
    name_zh: str
    name_en: str
    prefix: str = ""
    target_wait_min: float | None = None
    expected_service_min: float | None = None
    documents_zh: tuple[str, ...] = ()
    documents_en: tuple[str, ...] = ()
    waiting: int = 0
    open_counters: int = 0
    estimated_wait_s: int | None = None
    estimated_wait_low_s: int | None = None
    estimated_wait_high_s: int | None = None
    category: Any = None
    state: str | None = None
    """`open`, `no_counter_open`, `before_opening`, `closed_for_day` (servers that say so)."""
    state_reason: str | None = None
    opens_at: str | None = None
    zones: tuple[Any, ...] = ()
    """Where the service is served, e.g. `({"zh": ..., "en": ..., "open": True}, ...)`."""
    raw: Mapping[str, Any] = _raw()

    def name(self, language: str | None) -> str:
        return _localised(self, "name", language)

    def documents(self, language: str | None) -> tuple[str, ...]:
        return _localised(self, "documents", language)

    @property
    def estimate(self) -> WaitRange | None:
        return _wait_range(self)


@dataclass(frozen=True)
class BranchServices:
    """`GET /branches/{code}/services`: the branch, its hours and the services offered now."""

    branch: BranchInfo
    hours: OpeningHours | None = None
    services: tuple[ServiceInfo, ...] = ()
    categories: tuple[Any, ...] = ()
    face_check_in: Mapping[str, Any] | None = None
    """`{"enabled": ..., "enrolled": ...}` where the server tells (else None: offer no face check-in)."""
    raw: Mapping[str, Any] = _raw()

    @classmethod
    def from_json(cls, data: Any) -> BranchServices:
        if not isinstance(data, Mapping):
            raise UnexpectedAnswer(200, "services answer is not an object")
        return parse(
            cls, data, branch=parse(BranchInfo, data.get("branch")),
            hours=parse_optional(OpeningHours, data.get("hours")),
            services=parse_all(ServiceInfo, data.get("services")),
        )

    def service(self, code: str) -> ServiceInfo | None:
        return next((service for service in self.services if service.code == code), None)


@dataclass(frozen=True)
class ServiceRef:
    code: str
    name_zh: str = ""
    name_en: str = ""
    prefix: str = ""
    raw: Mapping[str, Any] = _raw()

    def name(self, language: str | None) -> str:
        return _localised(self, "name", language)


@dataclass(frozen=True)
class CounterRef:
    """The counter a ticket is at or called to."""

    number: int
    name: str = ""
    zone: str | None = None
    id: int | None = None
    raw: Mapping[str, Any] = _raw()


@dataclass(frozen=True)
class Ticket:
    """A ticket as the issuer sees it: the device view for a kiosk, the staff view for staff; an issue or
    check-in answer also carries `token`, `qr_code` (to print) and `status_url` (to follow on a phone)."""

    number: str
    service: ServiceRef
    status: str
    id: int | None = None
    channel: str | None = None
    priority: str | None = None
    issued_at: str | None = None
    arrived_at: str | None = None
    called_at: str | None = None
    counter: CounterRef | None = None
    recall_count: int = 0
    position: int | None = None
    estimated_wait_s: int | None = None
    estimated_wait_low_s: int | None = None
    estimated_wait_high_s: int | None = None
    token: str | None = None
    qr_code: str | None = None
    status_url: str | None = None
    guidance: Mapping[str, Any] | None = None
    """Where to wait and what to bring (`category`, `zones`, `documents_zh`/`_en`, ...), where the server sends it."""
    raw: Mapping[str, Any] = _raw()

    @classmethod
    def from_json(cls, data: Any) -> Ticket:
        if not isinstance(data, Mapping):
            raise UnexpectedAnswer(200, "ticket answer is not an object")
        return parse(
            cls, data, service=parse(ServiceRef, data.get("service")),
            counter=parse_optional(CounterRef, data.get("counter")),
        )

    @property
    def estimate(self) -> WaitRange | None:
        return _wait_range(self)


@dataclass(frozen=True)
class TicketStatus:
    """`GET /tickets/{token}`: what the ticket's holder may see of it (no internal ids)."""

    number: str
    status: str
    service: ServiceRef
    documents_zh: tuple[str, ...] = ()
    documents_en: tuple[str, ...] = ()
    issued_at: str | None = None
    called_at: str | None = None
    counter: CounterRef | None = None
    can_rate: bool = False
    rated: bool = False
    position: int | None = None
    estimated_wait_s: int | None = None
    estimated_wait_low_s: int | None = None
    estimated_wait_high_s: int | None = None
    raw: Mapping[str, Any] = _raw()

    @classmethod
    def from_json(cls, data: Any) -> TicketStatus:
        if not isinstance(data, Mapping):
            raise UnexpectedAnswer(200, "ticket status is not an object")
        return parse(
            cls, data, service=parse(ServiceRef, data.get("service")),
            counter=parse_optional(CounterRef, data.get("counter")),
        )

    def documents(self, language: str | None) -> tuple[str, ...]:
        return _localised(self, "documents", language)

    @property
    def estimate(self) -> WaitRange | None:
        return _wait_range(self)


@dataclass(frozen=True)
class AppointmentRef:
    code: str
    service: ServiceRef
    slot_start: str
    raw: Mapping[str, Any] = _raw()


@dataclass(frozen=True)
class FaceMatch:
    """`POST /branches/{code}/faces/identify`: the appointment due now for this face, or why there is none
    (`reason`: `no_match`, `ambiguous`, `no_appointment_due`). A match carries the booking code to check in with."""

    recognised: bool
    reason: str | None = None
    appointment: AppointmentRef | None = None
    distance: float | None = None
    margin: float | None = None
    display_name: str | None = None
    raw: Mapping[str, Any] = _raw()

    @classmethod
    def from_json(cls, data: Any) -> FaceMatch:
        if not isinstance(data, Mapping):
            raise UnexpectedAnswer(200, "face answer is not an object")
        appointment = data.get("appointment")
        converted = {}
        if isinstance(appointment, Mapping):
            converted["appointment"] = parse(
                AppointmentRef, appointment, service=parse(ServiceRef, appointment.get("service"))
            )
        return parse(cls, data, **converted)


@dataclass(frozen=True)
class CounterState:
    """A counter after an open, pause, resume or close."""

    counter_id: int
    state: str
    number: int | None = None
    name: str = ""
    zone: str | None = None
    staff_id: int | None = None
    services: tuple[str, ...] = ()
    raw: Mapping[str, Any] = _raw()
