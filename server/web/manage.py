"""The manager's dashboard `/manage/{branch}`: the floor live, the figures of any period, staffing advice.

The page is a frame; its script (`static/manage.js`, charts by `static/charts.js`) reads everything from
the API with the manager's cookie (queue, services, devices, statistics, staffing) and follows the
branch's event stream, so the API's permission rows decide what it shows. Without a manager (or admin)
account of the branch the page offers its login form, saying why when another account is logged in.
`/manage` sends a manager to their branch (the first of theirs, or the first branch for an admin).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from server.api.deps import Allowed, ContainerDep
from server.domain.errors import DomainError
from server.domain.enums import Channel
from server.services.auth import Principal
from server.services.permissions import Operation, Page, authorize_branch
from server.services.staffing_advice import SERVICE_LEVEL_GOAL
from server.web.i18n import Words, language_of
from server.web.pages import render, script_data

router = APIRouter(include_in_schema=False)


@router.get("/manage")
async def manage_home(
    request: Request, container: ContainerDep, principal: Principal | None = Allowed(Page.MANAGE_HOME)
) -> Response:
    branches = await run_in_threadpool(container.queries.branches)
    if not branches:
        return render(request, "not_found.html", status_code=404)
    chosen = branches[0]["code"]
    if principal is not None:
        ids = {branch["code"]: (await run_in_threadpool(container.queries.branch_names, branch["code"]))["id"]
               for branch in branches}
        chosen = next((code for code, id_ in ids.items() if id_ in principal.branch_ids), chosen)
    return RedirectResponse(f"manage/{chosen}", status_code=303)


@router.get("/manage/{branch}", response_class=HTMLResponse)
async def manage_page(
    branch: str, request: Request, container: ContainerDep, principal: Principal | None = Allowed(Page.MANAGE_PAGE)
) -> HTMLResponse:
    try:
        names = await run_in_threadpool(container.queries.branch_names, branch)
    except DomainError:
        return render(request, "not_found.html", status_code=404)
    words = Words(language_of(request))
    refused = None
    if principal is not None:
        try:
            authorize_branch(principal, Operation.DAY_STATS, names["id"])
        except DomainError:
            refused = principal.username
    if principal is None or refused is not None:
        data = {"branch": branch, "strings": words.subset(("login.", "common."))}
        return render(request, "login.html", branch=names, data=script_data(data), purpose="manage", refused=refused)
    data = {
        "branch": branch, "channels": [channel.value for channel in Channel], "service_level_goal": SERVICE_LEVEL_GOAL,
        "strings": words.subset(("manage.", "common.", "channel.")),
    }
    return render(request, "manage.html", branch=names, data=script_data(data), user=principal.username)
