"""The booking pages: book an appointment `/book/{branch}`, and one's booking `/a/{manage_token}`.

`/book/{branch}` takes three short steps (service, then day and slot, then name and phone) and books
through the API with an idempotency key; the answer's manage token leads to `/a/{token}`, the private
page that confirms the booking (the check-in code and its QR code, savable as a picture) and moves or
cancels it. That link is the only way to change the booking online: it is sent with no referrer and kept
out of search engines. Both pages are rate-limited per client address like their API.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from server.api.deps import Allowed, ContainerDep, client_address
from server.domain.errors import DomainError, NotFound
from server.domain.throttle import TooManyAttempts
from server.services.auth import Principal
from server.services.permissions import Page
from server.web import pages
from server.web.i18n import Words, language_of
from server.web.qr import qr_rows, qr_svg

router = APIRouter(include_in_schema=False)

PRIVATE = {"Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"}
WEEKDAYS_ZH = "一二三四五六日"


def when_text(words: Words, start: datetime, end: datetime, zone: str) -> str:
    """"2026年12月3日 星期四 10:30–11:00" / "Thu 3 Dec 2026, 10:30–11:00", in the branch's time zone."""
    start, end = start.astimezone(ZoneInfo(zone)), end.astimezone(ZoneInfo(zone))
    times = f"{start:%H:%M}–{end:%H:%M}"
    if words.language == "zh-CN":
        return f"{start.year}年{start.month}月{start.day}日 星期{WEEKDAYS_ZH[start.weekday()]} {times}"
    return f"{start:%a} {start.day} {start:%b %Y}, {times}"


def _limited(request: Request, container: Any) -> None:
    container.public_reads.take(client_address(request), container.clock())


@router.get("/book/{branch}", response_class=HTMLResponse)
async def book_page(
    branch: str, request: Request, container: ContainerDep, _: Principal | None = Allowed(Page.BOOK_PAGE)
) -> HTMLResponse:
    try:
        _limited(request, container)
        names = await run_in_threadpool(container.queries.branch_names, branch)
        offer = await run_in_threadpool(container.booking.settings_public, branch)
    except TooManyAttempts:
        return pages.render(request, "busy.html", status_code=429)
    except DomainError:
        return pages.render(request, "not_found.html", status_code=404)
    words = Words(language_of(request))
    data = {"branch": branch, "strings": words.subset(("book.", "common.")), "services": offer["services"]}
    return pages.render(request, "book.html", branch=names, services=offer["services"], data=pages.script_data(data))


@router.get("/a/{token}", response_class=HTMLResponse)
async def appointment_page(
    token: str, request: Request, container: ContainerDep, _: Principal | None = Allowed(Page.APPOINTMENT_PAGE)
) -> HTMLResponse:
    """One's booking, by the private link's manage token: confirmation, QR code, move, cancel."""
    words = Words(language_of(request))
    try:
        _limited(request, container)
        booking = await run_in_threadpool(
            container.appointments.status_by_manage_token, token[:100], client_address(request)
        )
    except TooManyAttempts:
        return _private(pages.render(request, "busy.html", status_code=429))
    except DomainError as error:
        status = 404 if isinstance(error, NotFound) else 422
        return _private(pages.render(request, "appointment_invalid.html", status_code=status))
    zone = booking["branch"]["time_zone"]
    start, end = datetime.fromisoformat(booking["slot_start"]), datetime.fromisoformat(booking["slot_end"])
    data = {
        "token": token, "booking": booking, "time_zone": zone, "qr_rows": qr_rows(booking["qr_code"]),
        "when": when_text(words, start, end, zone), "strings": words.subset(("book.", "common.")),
    }
    page = pages.render(
        request, "appointment.html", booking=booking, when=when_text(words, start, end, zone),
        qr=qr_svg(booking["qr_code"], words("book.qr_label", code=booking["code"])),
        fresh=request.query_params.get("new") == "1", moved=request.query_params.get("moved") == "1",
        data=pages.script_data(data),
    )
    return _private(page)


def _private(response: HTMLResponse) -> HTMLResponse:
    response.headers.update(PRIVATE)
    return response
