"""The waiting-room display `/display/<branch>` on a 1920x1080 TV, logged in with the display account."""

from __future__ import annotations

import time

from tests.server.web.conftest import TV

LATEST = ".latest .call"


def _logged_in_display(visit, live_server, language="zh-CN"):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    browsing = visit(TV, language)
    page = browsing.page()
    page.goto(f"/display/{live_server.branch}")
    page.get_by_label("账号" if language == "zh-CN" else "Account").fill(live_server.accounts.display)
    page.get_by_label("密码" if language == "zh-CN" else "Password").fill(live_server.accounts.password)
    page.get_by_role("button", name="登录" if language == "zh-CN" else "Log in").click()
    expect(page.locator("body.display")).to_be_visible()
    expect(page.locator(".services li").first).to_be_visible()
    expect(page.locator('[data-field="connection"]')).to_have_text("")  # the event stream is open
    return browsing, page


def test_a_call_appears_on_the_display_within_one_second(visit, live_server, api, counter):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    browsing, page = _logged_in_display(visit, live_server)
    ticket = api.issue("corporate")
    counter(6, "teller6")
    sent = time.monotonic()
    called = api.post("/counters/6/call-next", "teller6").json()
    assert called["number"] == ticket["number"], "another test left a corporate ticket waiting"
    latest = page.locator(LATEST)
    expect(latest.locator(".call-number")).to_have_text(ticket["number"], timeout=1000)
    seen = time.monotonic() - sent
    expect(latest.locator(".call-counter")).to_have_text("6 号窗口")
    expect(latest).to_have_class("call fresh")  # highlighted as new
    assert seen < 1.0
    api.post(f"/tickets/{called['id']}/no-show", "teller6")
    # nothing personal: numbers, counters and services only
    assert "kiosk-1" not in page.content() and "teller6" not in page.content()
    assert browsing.outside == []


def test_the_display_comes_back_by_itself_after_the_server_restarts(visit, live_server, api, counter):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    _, page = _logged_in_display(visit, live_server, "en")
    with live_server.down():
        expect(page.locator('[data-field="connection"]')).to_have_text("Connection lost, reconnecting…")
    expect(page.locator('[data-field="connection"]')).to_have_text("", timeout=20_000)
    ticket = api.issue("corporate")
    counter(6, "teller6")
    called = api.post("/counters/6/call-next", "teller6").json()
    assert called["number"] == ticket["number"]
    expect(page.locator(LATEST).locator(".call-number")).to_have_text(ticket["number"], timeout=5000)
    expect(page.locator(LATEST).locator(".call-counter")).to_have_text("Counter 6")
    api.post(f"/tickets/{called['id']}/no-show", "teller6")


def test_the_display_asks_for_its_login_and_refuses_a_wrong_password(visit, live_server):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    page = visit(TV, "en").page()
    page.goto(f"/display/{live_server.branch}")
    expect(page.get_by_role("heading", name="Display login")).to_be_visible()
    page.get_by_label("Account").fill(live_server.accounts.display)
    page.get_by_label("Password").fill("wrong-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("Login failed")
