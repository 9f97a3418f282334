"""Every page in both languages at phone and TV sizes, saved as pictures to look at.

They go to a temporary folder, or to `docs/screenshots/` (shown in the README) when
`BRANCHQ_SCREENSHOTS=1`. Each picture is also a check that the page reached the state it shows.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.server.web.conftest import SCREENSHOTS, TV

PHONE_SHOT = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    return SCREENSHOTS if os.environ.get("BRANCHQ_SCREENSHOTS") == "1" else tmp_path


def _save(page, folder: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"))
    assert (folder / f"{name}.png").stat().st_size > 5_000


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_screenshots_of_every_page(visit, api, counter, live_server, shots, language):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    suffix = "zh" if language == "zh-CN" else "en"
    phone, tv = visit(PHONE_SHOT, language).page(), visit(TV, language).page()  # one browser context a size
    for page, label in ((phone, "phone"), (tv, "tv")):
        page.goto("/")
        expect(page.locator("h1")).to_be_visible()
        _save(page, shots, f"front-{label}-{suffix}")
        page.goto("/t/BQ1.T.not-a-real-code")
        expect(page.get_by_role("alert")).to_be_visible()
        _save(page, shots, f"bad-code-{label}-{suffix}")

    # a line of three, the customer's ticket last
    counter(5, "teller5")  # an open counter: the line has estimates
    line = [api.issue("loans") for _ in range(3)]
    ticket = line[-1]
    for page, label in ((phone, "phone"), (tv, "tv")):
        page.goto(f"/t/{ticket['qr_code']}")
        expect(page.locator('#ticket[data-status="waiting"]')).to_be_visible()
        _save(page, shots, f"ticket-waiting-{label}-{suffix}")

    page = phone  # still showing the ticket: it follows the line live
    for _ in line:
        called = api.post("/counters/5/call-next", "teller5").json()
        if called["number"] != ticket["number"]:
            api.post(f"/tickets/{called['id']}/start", "teller5")
            api.post(f"/tickets/{called['id']}/finish", "teller5")
    expect(page.locator(".your-turn")).to_be_visible()
    _save(page, shots, f"ticket-your-turn-phone-{suffix}")
    api.post(f"/tickets/{called['id']}/start", "teller5")
    api.post(f"/tickets/{called['id']}/finish", "teller5")
    expect(page.locator(".rate-choose")).to_be_visible()
    _save(page, shots, f"ticket-rate-phone-{suffix}")
    page.locator(".star").nth(1).click()
    expect(page.locator(".rate-details")).to_be_visible()
    page.locator(".chip").first.click()
    _save(page, shots, f"ticket-reasons-phone-{suffix}")

    display = tv
    display.goto(f"/display/{live_server.branch}")
    expect(display.locator("#login-form")).to_be_visible()
    _save(display, shots, f"display-login-tv-{suffix}")
    display.locator("#username").fill(live_server.accounts.display)
    display.locator("#password").fill(live_server.accounts.password)
    display.locator("#login-form button").click()
    expect(display.locator("body.display")).to_be_visible()
    counter(6, "teller6")
    calls = [api.issue("corporate") for _ in range(4)]
    waiting = [api.issue(service) for service in ("account", "account", "fx", "fx", "fx")]  # not at counters 5, 6
    try:
        _display_with_calls(display, api, shots, suffix, calls)
    finally:
        for ticket in waiting:
            api.post(f"/tickets/{ticket['token']}/cancel")


def _display_with_calls(display, api, shots, suffix, calls):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    for _ in calls:
        called = api.post("/counters/6/call-next", "teller6").json()
        api.post(f"/tickets/{called['id']}/no-show", "teller6")
    latest = api.issue("corporate")
    called = api.post("/counters/6/call-next", "teller6").json()
    try:
        assert called["number"] == latest["number"]
        expect(display.locator(".latest .call-number")).to_have_text(latest["number"])
        expect(display.locator(".recent .call")).to_have_count(5)
        display.wait_for_function("document.getAnimations().every((a) => a.playState === 'finished')")
        _save(display, shots, f"display-tv-{suffix}")
    finally:
        api.post(f"/tickets/{called['id']}/no-show", "teller6")
