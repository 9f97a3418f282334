"""`GET /api/v1/branches/{code}/stats?date=YYYY-MM-DD`: a branch's day, for its managers and admins."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from server.api.deps import Allowed, ContainerDep
from server.api.schemas import Day
from server.services.auth import Principal
from server.services.permissions import Operation
from server.services.stats import StatsService

router = APIRouter(prefix="/branches", tags=["stats"])


def stats_service(container: ContainerDep) -> StatsService:
    return StatsService(container.db, container.clock)


@router.get("/{code}/stats")
def day_stats(
    code: str,
    stats: Annotated[StatsService, Depends(stats_service)],
    date: Annotated[Day | None, Query(description="business day, YYYY-MM-DD; default today")] = None,
    principal: Principal = Allowed(Operation.DAY_STATS),
) -> dict[str, Any]:
    """Tickets, waits, service levels, service times, ratings, counters, tellers and hourly arrivals."""
    return stats.day(code, date, principal)
