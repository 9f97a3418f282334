"""Staffing advice: how many counters each skill group needs, hour by hour, to keep every service's promise.

Two steps, both pure. First a forecast of the coming day's arrivals per hour and service, from the same
weekday in past weeks, recent weeks weighing more (bank traffic follows the weekday and drifts slowly).
Then, per hour and skill group, the smallest counter count whose predicted service level (share of
customers who reach a counter within the service's target wait) meets every service's goal: Erlang A
when the customers' patience is known (people leave, which the branch must count as failures), Erlang C
otherwise. The group is treated as one pooled M/M/s queue with the load-weighted mean service time.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .erlang import erlang_a, erlang_a_served_within, erlang_c_wait_within
from .errors import InvalidInput

MAX_COUNTERS = 200


class StaffingMethod(StrEnum):
    ERLANG_C = "erlang_c"
    """Customers never leave: M/M/s."""
    ERLANG_A = "erlang_a"
    """Customers leave after an exponential patience: M/M/s+M."""


@dataclass(frozen=True, slots=True)
class ArrivalCount:
    """Tickets issued for one service during one clock hour of one past day (hour 9 = 09:00-10:00)."""

    day: date
    hour: int
    service_code: str
    count: int


@dataclass(frozen=True, slots=True)
class ServiceTarget:
    """A service's promise: `service_level` of customers reach a counter within `target_wait_s`."""

    service_code: str
    mean_service_s: float
    target_wait_s: float
    service_level: float = 0.8
    mean_patience_s: float | None = None
    """Mean time customers wait before giving up; None when unknown (then Erlang C is used)."""
    max_abandonment: float | None = None
    """Highest acceptable share of customers leaving unserved (needs `mean_patience_s`); None: no cap."""


@dataclass(frozen=True, slots=True)
class SkillGroup:
    """Counters sharing the same skills; each service is staffed by exactly one group."""

    name: str
    service_codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ForecastSettings:
    half_life_weeks: float = 4.0
    """A week this many weeks older than the last weighs half as much."""
    same_weekday_only: bool = True
    """Use only the target day's weekday when history has it; otherwise every past day."""


@dataclass(frozen=True, slots=True)
class GroupHourPlan:
    """Advice for one skill group in one hour.

    Attributes:
        arrivals_per_hour: forecast arrivals of all the group's services.
        offered_load: arrivals x mean service time, in counters (Erlangs).
        counters: smallest count meeting every service's target (0 when nobody is expected).
        service_levels: predicted share reaching a counter within its target wait, per service.
        abandon_probability: predicted share leaving without service (0.0 under Erlang C).
    """

    hour: int
    group: str
    arrivals_per_hour: float
    offered_load: float
    counters: int
    service_levels: Mapping[str, float]
    abandon_probability: float
    method: StaffingMethod


@dataclass(frozen=True, slots=True)
class StaffingPlan:
    """Hours x skill groups for one day; `cells` is ordered by hour, then by group as given."""

    day: date
    hours: tuple[int, ...]
    groups: tuple[str, ...]
    cells: tuple[GroupHourPlan, ...]
    forecast: Mapping[tuple[int, str], float]
    """Forecast arrivals per (hour, service code)."""

    def cell(self, hour: int, group: str) -> GroupHourPlan:
        for cell in self.cells:
            if cell.hour == hour and cell.group == group:
                return cell
        raise InvalidInput(
            f"the plan has no hour {hour} for group {group!r}", field="hour",
            code="staffing.no_plan_hour", params={"hour": hour, "group": group},
        )

    def counters_by_hour(self) -> dict[int, int]:
        totals = dict.fromkeys(self.hours, 0)
        for cell in self.cells:
            totals[cell.hour] += cell.counters
        return totals


def forecast_arrivals(
    history: Iterable[ArrivalCount], day: date, settings: ForecastSettings = ForecastSettings()
) -> dict[tuple[int, str], float]:
    """Expected arrivals per (hour, service) on `day`: recency-weighted mean over comparable past days.

    A past day counts as observed if it has any record; an hour or service missing from an observed day
    counted zero arrivals. Only days before `day` are used.
    """
    by_day: dict[date, dict[tuple[int, str], int]] = defaultdict(dict)
    for record in history:
        _check_record(record)
        if record.day < day:
            cell = (record.hour, record.service_code)
            by_day[record.day][cell] = by_day[record.day].get(cell, 0) + record.count
    if not by_day:
        raise InvalidInput(
            f"no arrival history before {day.isoformat()}; record at least one day", field="history",
            code="staffing.no_history", params={"day": day.isoformat()},
        )
    days = [d for d in by_day if d.weekday() == day.weekday()] if settings.same_weekday_only else []
    days = days or list(by_day)
    latest = max(days)
    weights = {d: 0.5 ** ((latest - d).days / 7.0 / settings.half_life_weeks) for d in days}
    total_weight = math.fsum(weights.values())
    forecast: dict[tuple[int, str], float] = defaultdict(float)
    for past_day in days:
        for cell, count in by_day[past_day].items():
            forecast[cell] += weights[past_day] * count / total_weight
    return dict(forecast)


def plan_staffing(
    history: Iterable[ArrivalCount],
    targets: Sequence[ServiceTarget],
    groups: Sequence[SkillGroup],
    day: date,
    hours: Sequence[int] | None = None,
    settings: ForecastSettings = ForecastSettings(),
) -> StaffingPlan:
    """Forecast `day` from `history`, then size every skill group for every hour (see the module doc)."""
    target_by_code = _index_targets(targets)
    _check_groups(groups, target_by_code)
    forecast = forecast_arrivals(history, day, settings)
    unknown = sorted({code for _, code in forecast} - set(target_by_code))
    if unknown:
        raise InvalidInput(
            f"history has services without a target: {unknown}; add a ServiceTarget", field="targets",
            code="staffing.targets_missing", params={"services": unknown},
        )
    plan_hours = tuple(sorted(set(hours) if hours is not None else {hour for hour, _ in forecast}))
    cells = tuple(
        size_group(
            hour, group, {c: forecast.get((hour, c), 0.0) for c in group.service_codes}, target_by_code
        )
        for hour in plan_hours
        for group in groups
    )
    return StaffingPlan(day, plan_hours, tuple(g.name for g in groups), cells, forecast)


def size_group(
    hour: int, group: SkillGroup, arrivals_per_hour: Mapping[str, float], targets: Mapping[str, ServiceTarget]
) -> GroupHourPlan:
    """The smallest counter count for one group and hour that meets every service's service level."""
    total_rate = math.fsum(arrivals_per_hour.values())
    served = [targets[code] for code in group.service_codes]
    if total_rate <= 0.0:
        levels = {t.service_code: 1.0 for t in served}
        return GroupHourPlan(hour, group.name, 0.0, 0.0, 0, levels, 0.0, _method(served))
    load_s = math.fsum(arrivals_per_hour[t.service_code] * t.mean_service_s for t in served)
    rate_per_s, mean_service_s = total_rate / 3600.0, load_s / total_rate
    patience_s = _pooled_patience(served, arrivals_per_hour)
    counters = _first_candidate(load_s / 3600.0, patience_s)
    while True:
        levels = {
            t.service_code: _served_within(counters, rate_per_s, mean_service_s, patience_s, t.target_wait_s)
            for t in served
        }
        abandon = _abandonment(counters, rate_per_s, mean_service_s, patience_s)
        if all(levels[t.service_code] >= t.service_level for t in served) and all(
            t.max_abandonment is None or abandon <= t.max_abandonment for t in served
        ):
            break
        counters += 1
        if counters > MAX_COUNTERS:
            raise InvalidInput(
                f"group {group.name!r} would need more than {MAX_COUNTERS} counters at {hour}:00; "
                "check that history counts arrivals per hour and service times are in seconds",
                field="history", code="staffing.too_many_counters",
                params={"group": group.name, "max": MAX_COUNTERS, "hour": hour},
            )
    return GroupHourPlan(
        hour, group.name, total_rate, load_s / 3600.0, counters, levels, abandon, _method(served)
    )


def _abandonment(counters: int, rate_per_s: float, mean_service_s: float, patience_s: float | None) -> float:
    if patience_s is None:
        return 0.0
    return erlang_a(counters, rate_per_s, 1.0 / mean_service_s, 1.0 / patience_s).abandon_probability


def _first_candidate(offered_load: float, patience_s: float | None) -> int:
    """Without abandonment fewer counters than the load never catch up; with it, start from one."""
    if patience_s is None:
        return math.floor(offered_load) + 1
    return max(1, math.floor(offered_load))


def _served_within(
    counters: int, rate_per_s: float, mean_service_s: float, patience_s: float | None, wait_s: float
) -> float:
    if patience_s is None:
        return erlang_c_wait_within(counters, rate_per_s, 1.0 / mean_service_s, wait_s)
    return erlang_a_served_within(counters, rate_per_s, 1.0 / mean_service_s, 1.0 / patience_s, wait_s)


def _pooled_patience(served: Sequence[ServiceTarget], arrivals_per_hour: Mapping[str, float]) -> float | None:
    """Arrival-weighted mean patience of the group's services, if every service's patience is known."""
    if any(t.mean_patience_s is None for t in served):
        return None
    patience = [(arrivals_per_hour[t.service_code], t.mean_patience_s or 0.0) for t in served]
    return math.fsum(rate * mean for rate, mean in patience) / math.fsum(rate for rate, _ in patience)


def _method(served: Sequence[ServiceTarget]) -> StaffingMethod:
    if all(t.mean_patience_s is not None for t in served):
        return StaffingMethod.ERLANG_A
    return StaffingMethod.ERLANG_C


def _index_targets(targets: Sequence[ServiceTarget]) -> dict[str, ServiceTarget]:
    by_code: dict[str, ServiceTarget] = {}
    for target in targets:
        if target.service_code in by_code:
            raise InvalidInput(
                f"service {target.service_code!r} has two targets; keep one", field="targets",
                code="staffing.duplicate_target", params={"service": target.service_code},
            )
        if not 0.0 < target.service_level < 1.0:
            raise InvalidInput(
                "service_level must be a share between 0 and 1 (e.g. 0.8)", field="service_level",
                code="staffing.service_level_invalid",
            )
        if target.mean_service_s <= 0 or target.target_wait_s < 0:
            raise InvalidInput(
                "mean_service_s must be > 0 and target_wait_s >= 0", field="targets",
                code="staffing.target_times_invalid",
            )
        if target.mean_patience_s is not None and target.mean_patience_s <= 0:
            raise InvalidInput(
                "mean_patience_s must be > 0, or None when unknown", field="mean_patience_s",
                code="staffing.patience_invalid",
            )
        if target.max_abandonment is not None and (
            target.mean_patience_s is None or not 0.0 < target.max_abandonment < 1.0
        ):
            raise InvalidInput(
                "max_abandonment must be a share between 0 and 1 and needs mean_patience_s",
                field="max_abandonment", code="staffing.max_abandonment_invalid",
            )
        by_code[target.service_code] = target
    return by_code


def _check_groups(groups: Sequence[SkillGroup], targets: Mapping[str, ServiceTarget]) -> None:
    seen: dict[str, str] = {}
    for group in groups:
        for code in group.service_codes:
            if code not in targets:
                raise InvalidInput(
                    f"group {group.name!r} serves {code!r}, which has no target", field="groups",
                    code="staffing.group_service_without_target",
                    params={"group": group.name, "service": code},
                )
            if code in seen:
                raise InvalidInput(
                    f"service {code!r} is in groups {seen[code]!r} and {group.name!r}; give it to one",
                    field="groups", code="staffing.service_in_two_groups",
                    params={"service": code, "other_group": seen[code], "group": group.name},
                )
            seen[code] = group.name
    missing = sorted(set(targets) - set(seen))
    if missing:
        raise InvalidInput(
            f"services {missing} belong to no skill group; add them to one", field="groups",
            code="staffing.services_without_group", params={"services": missing},
        )


def _check_record(record: ArrivalCount) -> None:
    if not 0 <= record.hour <= 23:
        raise InvalidInput(
            f"hour must be 0..23, got {record.hour}", field="hour",
            code="staffing.hour_invalid", params={"hour": record.hour},
        )
    if record.count < 0:
        raise InvalidInput(
            f"arrival count must be >= 0, got {record.count}", field="count",
            code="staffing.count_negative", params={"count": record.count},
        )
