"""The FastAPI application factory."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from datetime import timedelta

from fastapi import APIRouter, FastAPI
from starlette.concurrency import run_in_threadpool

from server.api.errors import install_error_handlers
from server.api.limits import BodyLimit
from server.api.routes import (
    admin,
    appointments,
    auth,
    branches,
    counters,
    devices,
    events,
    faces,
    feedback,
    branch_settings,
    health,
    remote,
    staffing,
    stats,
    tickets,
)
from server.container import Container
from server.web import booking as booking_pages
from server.web import pages
from server.services.day_close import close_business_days
from server.services.notifications import forget_phones

API_PREFIX = "/api/v1"
DAY_CLOSE_INTERVAL_S = 60.0
log = logging.getLogger("branchq.server")


def create_app(container: Container, *, background_jobs: bool = True) -> FastAPI:
    """The application; `background_jobs` runs the day close loop (`server.services.day_close`) and warms the branch predictors at start."""
    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        container.hub.bind(asyncio.get_running_loop())
        task = asyncio.create_task(_day_close_loop(container)) if background_jobs else None
        if background_jobs:
            container.deliveries.start()  # customer messages, after each commit that queues one
        warm = asyncio.create_task(run_in_threadpool(container.engines.warm_up)) if background_jobs else None
        try:
            yield
        finally:
            if warm is not None and not warm.done():
                warm.cancel()
            container.deliveries.stop()
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    # /docs is ours (server.web.docs): FastAPI's loads Swagger UI from a CDN a branch network cannot reach
    app = FastAPI(title="BranchQ queue server", version="1", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.container = container
    install_error_handlers(app)
    api = APIRouter(prefix=API_PREFIX)
    for module in (
        health, auth, branches, counters, tickets, events, appointments, faces, feedback, devices, admin, stats,
        staffing, remote, branch_settings,
    ):
        api.include_router(module.router)
    app.include_router(api)
    app.include_router(pages.router)
    app.include_router(booking_pages.router)
    app.add_middleware(BodyLimit)  # outermost of ours: bodies are bounded before anything
    return app


def _remote_and_messages(container: Container) -> None:
    """Expire remote tickets whose customer did not arrive in time, queue tomorrow's appointment reminders,
    and delete phone numbers whose visit is over (`BRANCHQ_PHONE_RETENTION_HOURS`)."""
    expired = container.remote.expire_overdue()
    reminded = container.notifications.remind_appointments(container.changes)
    forgotten = forget_phones(container.db, container.clock, timedelta(hours=container.settings.phone_retention_hours))
    if expired or reminded or forgotten:
        log.info("remote queue: %d expired; %d reminders queued; %d phone numbers deleted", expired, reminded, forgotten)


async def _day_close_loop(container: Container) -> None:
    while True:
        try:
            report = await run_in_threadpool(close_business_days, container.changes)
            await run_in_threadpool(container.openings.check)
            if report:
                log.info(
                    "day close: %d tickets expired, %d counters closed, %d appointments no-show",
                    report.expired, report.counters_closed, report.no_shows,
                )
        except Exception:  # keep the loop alive; the next round retries
            log.exception("day close failed")
        try:
            await run_in_threadpool(container.idempotency.purge)  # keys older than 24 h
        except Exception:
            log.exception("forgetting old idempotency keys failed")
        try:
            await run_in_threadpool(_remote_and_messages, container)
        except Exception:
            log.exception("remote queue expiry or customer messages failed")
        await asyncio.sleep(DAY_CLOSE_INTERVAL_S)
