"""`GET /api/v1/branches/{code}/stats?date=YYYY-MM-DD[&end=YYYY-MM-DD]`: a branch's day or period, for its
managers and admins; `GET .../stats/export?table=...&format=csv|xlsx` gives one of its tables as a file."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from server.api.deps import Allowed, ContainerDep
from server.api.schemas import Day
from server.messages import negotiate
from server.services.auth import Principal
from server.services.permissions import Operation
from server.services.stats import StatsService
from server.services.stats_export import EXPORT_FORMATS, ExportFormat, export_table

router = APIRouter(prefix="/branches", tags=["stats"])


def stats_service(container: ContainerDep) -> StatsService:
    return StatsService(container.db, container.clock)


StartDay = Annotated[Day | None, Query(description="business day (or first day of the period), YYYY-MM-DD; default today")]
EndDay = Annotated[Day | None, Query(description="last day of the period, YYYY-MM-DD (included); default: one day")]


@router.get("/{code}/stats")
def day_stats(
    code: str,
    stats: Annotated[StatsService, Depends(stats_service)],
    date: StartDay = None,
    end: EndDay = None,
    principal: Principal = Allowed(Operation.DAY_STATS),
) -> dict[str, Any]:
    """Tickets, waits, service levels, service times, ratings, counters, tellers, arrivals and waits by hour."""
    return stats.day(code, date, principal, end)


@router.get("/{code}/stats/export")
def export_stats(
    code: str,
    request: Request,
    stats: Annotated[StatsService, Depends(stats_service)],
    table: Annotated[str, Query(max_length=40, description="hourly, services, ratings, counters or tellers")],
    format: Annotated[ExportFormat, Query(description="csv or xlsx")] = ExportFormat.CSV,  # noqa: A002
    date: StartDay = None,
    end: EndDay = None,
    lang: Annotated[str | None, Query(max_length=10, description="column headings' language")] = None,
    principal: Principal = Allowed(Operation.EXPORT_STATS),
) -> Response:
    """One table of the report as a CSV (UTF-8 with BOM, for Excel) or Excel (.xlsx) file, headed in the
    caller's language; the file's name says the branch, the table and the period."""
    report = stats.day(code, date, principal, end)
    language = negotiate(lang or request.headers.get("accept-language"))
    name, body = export_table(report, table, format, language)
    headers = {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}
    return Response(body, media_type=EXPORT_FORMATS[format], headers=headers)
