"""`GET /api/v1/branches/{code}/staffing?date=YYYY-MM-DD`: counters needed per hour, for managers."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from server.api.deps import Allowed, ContainerDep
from server.api.schemas import Day
from server.services.auth import Principal
from server.services.permissions import Operation
from server.services.staffing_advice import StaffingAdvisor

router = APIRouter(prefix="/branches", tags=["staffing"])


def staffing_advisor(container: ContainerDep) -> StaffingAdvisor:
    return StaffingAdvisor(container.db, container.clock)


@router.get("/{code}/staffing")
def staffing(
    code: str,
    advisor: Annotated[StaffingAdvisor, Depends(staffing_advisor)],
    date: Annotated[Day | None, Query(description="the day to plan, YYYY-MM-DD; default tomorrow")] = None,
    principal: Principal = Allowed(Operation.STAFFING),
) -> dict[str, Any]:
    """Per hour: forecast arrivals and the counters each service needs (dedicated) and all together (pooled)."""
    return advisor.advise(code, date, principal)
