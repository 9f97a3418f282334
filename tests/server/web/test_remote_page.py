"""`/q/<branch>`: joining the queue from a phone, in Chromium against the live server; and the status page of
a remote ticket that expired because its customer did not arrive (rendered by the server, on a test clock)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.server.web.conftest import PHONE, SCREENSHOTS

REMOTE = "/branches/demo/remote-queue"


@pytest.fixture
def remote_on(api) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """The live demo branch takes remote tickets for the test (the shared server is switched off after)."""
    answer = api.http.put(f"{api.server.api_url}{REMOTE}/settings", json={"enabled": True, "daily_cap": 500},
                          headers=api.headers("manager"), timeout=10)
    answer.raise_for_status()
    yield
    api.http.put(f"{api.server.api_url}{REMOTE}/settings", json={"enabled": False},
                 headers=api.headers("manager"), timeout=10).raise_for_status()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    return SCREENSHOTS if os.environ.get("BRANCHQ_SCREENSHOTS") == "1" else tmp_path


def _save(page, folder: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"))


def test_a_branch_without_the_remote_queue_says_so(visit):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    page = visit(PHONE, "en").page()
    page.goto("/?lang=en")
    page.get_by_role("link", name="Join the queue remotely").first.click()  # the front door links each branch's
    expect(page).to_have_url(re.compile(r"/q/demo$"))
    expect(page.locator("h2")).to_have_text(re.compile("does not take remote queue tickets"))
    expect(page.locator("form#join")).to_have_count(0)


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_join_from_the_phone_then_check_in_at_the_kiosk(visit, api, counter, remote_on, shots, language):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    counter(5, "teller5")  # an open counter: its services show a wait
    chinese = language == "zh-CN"
    suffix = "zh" if chinese else "en"
    browsing = visit(PHONE, language)
    page = browsing.page()
    page.goto("/q/demo")
    expect(page.locator("h1")).to_have_text("远程排队" if chinese else "Join the queue remotely")
    _save(page, shots, f"remote-join-phone-{suffix}")
    page.get_by_role("radio", name=re.compile("理财" if chinese else "Wealth")).check()
    page.get_by_label("手机号（选填）" if chinese else "Mobile number (optional)").fill("13800138000")
    page.get_by_role("button", name="取号" if chinese else "Take a number").click()

    page.wait_for_url(re.compile(r"/t/BQ1\.T\."))
    arrival = page.locator("section.arrival")
    expect(arrival).to_be_visible()
    title = arrival.locator("h1").inner_text()
    time_shown = re.search(r"\d{2}:\d{2}", title)
    assert time_shown, title
    code = page.url.rsplit("/t/", 1)[1]
    status = api.get(f"/tickets/{code}")
    local = datetime.fromisoformat(status["arrive_by"]).astimezone(ZoneInfo("Asia/Shanghai"))
    assert time_shown.group(0) == local.strftime("%H:%M")  # the arrive-by time, on the branch's clock
    expect(arrival.locator("svg.qr")).to_be_visible()
    expect(page.locator(".notify-on")).to_be_visible()  # the number given when joining turns the alerts on
    _save(page, shots, f"remote-ticket-phone-{suffix}")

    checked_in = api.post(f"{REMOTE}/check-in", "kiosk-1", {"ticket": code}).json()
    assert checked_in["number"] == status["number"]
    expect(arrival).to_be_hidden()  # pushed over the ticket's stream: the time to arrive no longer matters
    api.post(f"/tickets/{code}/cancel", None)
    assert browsing.outside == []


def test_a_walk_in_leaves_a_number_on_the_status_page(visit, api):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    ticket = api.issue("fx")
    page = visit(PHONE, "en").page()
    page.goto(f"/t/{ticket['qr_code']}")
    expect(page.locator("section.arrival")).to_have_count(0)  # no time to arrive for a ticket taken at the branch
    page.get_by_label("Mobile number", exact=True).fill("139 0013 9000")
    page.get_by_role("button", name="Text me").click()
    expect(page.locator(".notify-on")).to_have_text("Text alerts are on: 139****9000")
    api.post(f"/tickets/{ticket['token']}/cancel", None)


def test_the_status_page_of_a_remote_ticket_not_checked_in_in_time_says_why(client, floor, clock, container):  # type: ignore[no-untyped-def]
    client.put("/api/v1/branches/demo/remote-queue/settings", json={"enabled": True},
               headers=floor.as_("manager")).raise_for_status()
    ticket = client.post("/api/v1/branches/demo/remote-queue/tickets", json={"service": "cash"}).json()
    clock.now = datetime.fromisoformat(ticket["arrive_by"])
    clock.advance(minutes=1)
    assert container.remote.expire_overdue() == 1
    page = client.get(f"/t/{ticket['qr_code']}", headers={"Accept-Language": "en"})
    local = datetime.fromisoformat(ticket["arrive_by"]).astimezone(ZoneInfo("Asia/Shanghai"))
    assert 'data-status="expired" data-awaiting="true"' in page.text
    assert f"You did not check in by {local:%H:%M}, so this ticket has expired." in page.text
