"""The ticket status page `/t/<code>`: what a customer's phone shows after scanning the ticket's QR code."""

from __future__ import annotations

import re

from tests.server.web.conftest import PHONE

WAITING = '#ticket[data-status="waiting"]'


def test_the_page_turns_to_your_turn_when_a_teller_calls_then_takes_the_rating(visit, api, counter):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    ticket = api.issue("loans")
    browsing = visit(PHONE, "zh-CN")
    page = browsing.page()
    page.goto(f"/t/{ticket['qr_code']}")
    expect(page.locator(WAITING)).to_be_visible()
    expect(page.locator(".ticket-number")).to_have_text(ticket["number"])
    expect(page.locator('[data-field="connection"]')).to_have_text("实时更新中")
    expect(page.locator(".state-waiting h1")).to_have_text("请稍候")

    counter(5, "teller5")
    called = api.post("/counters/5/call-next", "teller5").json()
    assert called["number"] == ticket["number"], "another test left a loans ticket waiting"
    turn = page.locator(".your-turn")
    expect(turn).to_be_visible()  # pushed over the ticket's event stream: the page never reloads
    expect(turn).to_contain_text("轮到您了")
    expect(turn).to_contain_text("请到 5 号窗口")
    expect(page).to_have_title(re.compile("5 号窗口"))

    api.post(f"/tickets/{called['id']}/start", "teller5")
    expect(page.locator(".state-serving")).to_be_visible()
    expect(page.locator(".state-serving")).to_contain_text("5 号窗口")
    api.post(f"/tickets/{called['id']}/finish", "teller5")
    rating = page.locator("#rating")
    expect(rating).to_have_attribute("data-rating", "open")
    page.get_by_role("button", name=re.compile("^2 星")).click()
    expect(rating).to_have_attribute("data-rating", "details")  # the tap was the rating
    page.get_by_label("等候时间太长").check()  # a poor score offers the complaints
    page.get_by_label("留言（可选）").fill("排队太久")
    page.get_by_role("button", name="提交").click()
    expect(rating).to_have_attribute("data-rating", "sent")

    status = api.get(f"/tickets/{ticket['qr_code']}")
    assert status["rated"] is True and status["can_rate"] is False
    again = api.post(f"/tickets/{ticket['qr_code']}/rating", body={"score": 5}, expect=409).json()
    assert again["code"] == "feedback.already_rated"  # the first rating stands
    page.reload()
    expect(page.locator(".rate-rated")).to_be_visible()
    assert browsing.outside == []


def test_the_customer_cancels_from_the_page(visit, api):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    ticket = api.issue("wealth")
    browsing = visit(PHONE, "en")
    page = browsing.page()
    page.goto(f"/t/{ticket['qr_code']}")
    expect(page.locator(WAITING)).to_be_visible()
    page.get_by_role("button", name="Leave the queue").click()
    expect(page.get_by_role("alertdialog")).to_contain_text("Leave the queue?")
    page.get_by_role("button", name="Yes, leave").click()
    cancelled = page.locator(".state-cancelled")
    expect(cancelled).to_be_visible()
    expect(cancelled).to_contain_text("This ticket was cancelled")
    assert api.get(f"/tickets/{ticket['token']}")["status"] == "cancelled"
    assert browsing.outside == []


def test_the_language_switch_changes_the_whole_page_and_is_remembered(visit, api):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    ticket = api.issue("wealth")
    page = visit(PHONE, "zh-CN").page()
    page.goto(f"/t/{ticket['qr_code']}")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    page.get_by_role("link", name="Switch to English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".state-waiting h1")).to_have_text("Please wait")
    page.goto(f"/t/{ticket['qr_code']}")  # the choice is kept for the next visit
    expect(page.locator(".state-waiting h1")).to_have_text("Please wait")
    api.post(f"/tickets/{ticket['token']}/cancel")
