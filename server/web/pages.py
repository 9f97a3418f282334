"""The pages: the front door `/`, a ticket's status `/t/{code}`, the waiting-room display `/display/{branch}`.

Server-rendered (Jinja2) with a small script of our own per page for the live parts; no asset from the
internet. Every link is relative to the page (`base`), so the pages work behind a reverse proxy that serves
the server under a path of `BRANCHQ_PUBLIC_BASE_URL`. Each route is a row of the permission table
(`permissions.Page`); what needs an account is read by the page's script from the API, whose rows decide.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

from datetime import datetime
from zoneinfo import ZoneInfo

import jinja2
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from server.api.deps import Allowed, ContainerDep
from server.domain.errors import DomainError, NotFound
from server.domain.rating_reasons import MAX_REASONS, OFFERED
from server.messages import LANGUAGES
from server.services.auth import Principal
from server.services.permissions import Operation, Page, authorize_branch
from server.settings import Environment
from server.web import docs
from server.web.i18n import LANGUAGE_COOKIE, Words, language_of
from server.web.palette import palette_css
from server.web.qr import qr_svg

router = APIRouter(include_in_schema=False)

STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}
DEMO_ACCOUNTS = ("manager", "teller1", "lobby", "kiosk-1", "display-1", "admin")


@functools.cache
def templates() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("server.web", "templates"),
        autoescape=jinja2.select_autoescape(default=True),
        undefined=jinja2.StrictUndefined,
    )


def base_of(request: Request) -> str:
    """The relative way from this page back to the server's root ("./", "../"), whatever the proxy's path."""
    depth = request.url.path.count("/") - 1
    return "../" * depth if depth > 0 else "./"


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    language = language_of(request)
    words = Words(language)
    page = templates().get_template(template).render(
        t=words, lang=language, other_lang=words.other, base=base_of(request), **context
    )
    headers = {"Content-Language": language, "Cache-Control": "no-store"}
    response = HTMLResponse(page, status_code=status_code, headers=headers)
    chosen = request.query_params.get("lang")
    if chosen in LANGUAGES:
        response.set_cookie(LANGUAGE_COOKIE, chosen, max_age=365 * 86400, path="/", samesite="lax")
    return response


def script_data(value: Any) -> str:
    """JSON safe inside a `<script type="application/json">` (no `</script>` can close it early)."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


@router.get("/", response_class=HTMLResponse)
def front_door(
    request: Request, container: ContainerDep, _: Principal | None = Allowed(Page.FRONT_DOOR)
) -> HTMLResponse:
    return render(
        request, "front.html", branches=container.queries.branches(),
        demo=container.settings.environment is Environment.DEMO, demo_accounts=DEMO_ACCOUNTS,
    )


@router.get("/t/{code}", response_class=HTMLResponse)
async def ticket_page(
    code: str, request: Request, container: ContainerDep, _: Principal | None = Allowed(Page.TICKET_PAGE)
) -> HTMLResponse:
    """The printed QR code's target: the ticket's live status, cancel and rating; a page for a bad code."""
    try:
        ticket = await run_in_threadpool(container.queries.ticket_status, code)
    except DomainError as error:
        unknown = isinstance(error, NotFound)
        reason = (error.params or {}).get("reason", "not_found" if unknown else "malformed")
        return render(request, "ticket_invalid.html", status_code=404 if unknown else 422, reason=reason)
    words = Words(language_of(request))
    chinese = words.language == "zh-CN"
    data = {
        "code": code, "ticket": ticket,
        "reasons": [{"code": r.code, "tone": r.tone.value, "label": r.label_zh if chinese else r.label_en}
                    for r in OFFERED],
        "max_reasons": MAX_REASONS,
        "strings": words.subset(("ticket.", "common.")),
    }
    return render(request, "ticket.html", ticket=ticket, data=script_data(data), arrive_by=arrive_by_local(ticket),
                  check_in_qr=qr_svg(code, words("ticket.arrive_qr")) if ticket["arrive_by"] else "")


def arrive_by_local(ticket: dict[str, Any]) -> str:
    """A remote ticket's arrive-by time as the branch's clock shows it (HH:MM); '' for other tickets."""
    if not ticket.get("arrive_by"):
        return ""
    moment = datetime.fromisoformat(ticket["arrive_by"])
    return moment.astimezone(ZoneInfo(ticket["branch"]["time_zone"])).strftime("%H:%M")


@router.get("/q/{branch}", response_class=HTMLResponse)
async def remote_page(
    branch: str, request: Request, container: ContainerDep, _: Principal | None = Allowed(Page.REMOTE_PAGE)
) -> HTMLResponse:
    """Join the queue remotely: the services with their waits, an optional phone number, the ticket."""
    try:
        offer = await run_in_threadpool(container.remote.offer, branch)
    except DomainError:
        return render(request, "not_found.html", status_code=404)
    words = Words(language_of(request))
    waits = {
        service["code"]: wait_words(words, service) if service["state"] == "open" else words("remote.not_now")
        for service in offer["services"]
    }
    data = {"branch": branch, "strings": words.subset(("remote.", "common."))}
    return render(request, "queue.html", offer=offer, waits=waits, data=script_data(data))


def wait_words(words: Words, estimate: dict[str, Any]) -> str:
    """What a newcomer would wait, in words ("about 10–15 min"), as the status page says it."""
    if estimate.get("estimated_wait_s") is None:
        return words("ticket.wait_unknown")
    if estimate["estimated_wait_high_s"] < 60:
        return words("ticket.wait_soon")
    low, high = (max(1, round(estimate[key] / 60)) for key in ("estimated_wait_low_s", "estimated_wait_high_s"))
    return words("ticket.wait_about", minutes=high) if low >= high else words("ticket.wait_range", low=low, high=high)


@router.get("/display/{branch}", response_class=HTMLResponse)
async def display_page(
    branch: str, request: Request, container: ContainerDep,
    principal: Principal | None = Allowed(Page.DISPLAY_PAGE),
) -> HTMLResponse:
    """The waiting-room display; without a display (or staff) account of the branch, its login form."""
    try:
        names = await run_in_threadpool(container.queries.branch_names, branch)
    except DomainError:
        return render(request, "not_found.html", status_code=404)
    words = Words(language_of(request))
    allowed = principal is not None
    if allowed:
        try:
            authorize_branch(principal, Operation.DISPLAY_BOARD, names["id"])
        except DomainError:
            allowed = False
    data = {
        "branch": branch, "strings": words.subset(("display.", "common.")),
        "voices": [Words(language).subset(("voice.",)) for language in LANGUAGES],  # called in both languages
    }
    other = Words(words.other)
    return render(request, "display.html" if allowed else "login.html", branch=names, data=script_data(data),
                  t_other=other)


@router.get("/palette.css")
def palette(_: Principal | None = Allowed(Page.PALETTE)) -> Response:
    return Response(palette_css(), media_type=STATIC_TYPES[".css"], headers={"Cache-Control": "no-cache"})


@functools.cache
def _static_file(name: str) -> bytes | None:
    if "/" in name or name.startswith(".") or not name.endswith(tuple(STATIC_TYPES)):
        return None
    path = resources.files("server.web").joinpath("static").joinpath(name)
    return path.read_bytes() if path.is_file() else None


@router.get("/static/{name}")
def static(name: str, _: Principal | None = Allowed(Page.STATIC)) -> Response:
    body = _static_file(name)
    if body is None:
        raise NotFound(
            f"no page file {name[:40]}", field="name", code="web.asset_not_found", params={"name": name[:40]}
        )
    suffix = name[name.rfind("."):]
    return Response(body, media_type=STATIC_TYPES[suffix], headers={"Cache-Control": "no-cache"})


@router.get("/docs", response_class=HTMLResponse)
def api_docs(_: Principal | None = Allowed(Page.DOCS)) -> HTMLResponse:
    return docs.docs_page("BranchQ API")


@router.get("/docs/assets/{name}")
def api_docs_asset(name: str, _: Principal | None = Allowed(Page.DOCS_ASSET)) -> Response:
    return docs.docs_asset(name)


# The manager's dashboard lives in its own module, which uses this one's `render`: imported last, after it.
from server.web import manage  # noqa: E402

router.include_router(manage.router)
