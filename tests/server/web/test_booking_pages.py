"""Booking from a phone `/book/{branch}` and one's booking by its private link `/a/{token}`, in Chromium
against the live server: the three steps end to end (the QR code on the confirmation and in the saved
picture checks the customer in at the kiosk), the race for the last place, moving and cancelling from the
private link, and the per-phone limit.

The live server is shared by the session: each test books with phone numbers of its own, and the race
takes a slot weeks ahead that no other test uses.
"""

from __future__ import annotations

import io
import random
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import requests

from tests.server.web.conftest import PHONE, SCREENSHOTS

SHANGHAI = ZoneInfo("Asia/Shanghai")
PHONE_SHOT = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def a_phone() -> str:
    return f"139{random.randrange(10**8):08d}"


def decoded(png: bytes) -> list[str]:
    import zxingcpp
    from PIL import Image

    return [result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)).convert("L"))]


def book_by_api(api, service: str, start: datetime, phone: str) -> requests.Response:  # type: ignore[no-untyped-def]
    return api.post(f"/branches/{api.server.branch}/appointments", None,
                    {"service": service, "slot_start": start.isoformat(), "name": "测试", "phone": phone},
                    expect=None)


def free_slot(api, service: str, skip: int = 0) -> datetime:  # type: ignore[no-untyped-def]
    answer = api.get(f"/branches/{api.server.branch}/slots?service={service}")
    free = [item for item in answer["slots"] if item["left"] > 0]
    return datetime.fromisoformat(free[skip]["start"])


def test_a_customer_books_in_three_steps_and_checks_in_with_the_saved_picture(visit, api, live_server, tmp_path):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    browsing = visit(PHONE, "zh-CN")
    page = browsing.page()
    page.goto(f"/book/{live_server.branch}")
    expect(page.locator("h1")).to_have_text("预约办理")
    expect(page.locator('.steps [aria-current="step"]')).to_contain_text("选业务")
    page.get_by_role("button", name=re.compile("对公业务")).click()
    expect(page.locator('.steps [aria-current="step"]')).to_contain_text("选时间")
    first = page.locator(".slot:enabled").first
    expect(first).to_contain_text(re.compile(r"余 \d+ 个"))
    first.click()
    expect(page.locator('.steps [aria-current="step"]')).to_contain_text("填信息")
    page.get_by_label("姓名").fill("李雷")
    phone = a_phone()
    page.get_by_label("手机号").fill(phone)
    page.get_by_role("button", name="确认预约").click()

    expect(page).to_have_url(re.compile(r"/a/[A-Za-z0-9_-]{40,}\?new=1$"))
    expect(page.locator(".booked-notice h1")).to_have_text("预约成功")
    code = page.locator(".checkin-code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{6}", code)
    expect(page.locator(".booking-facts")).to_contain_text("对公业务")
    expect(page.locator(".booking-facts")).to_contain_text(f"{phone[:3]}****{phone[-4:]}")
    on_screen = decoded(page.locator(".qr-box").screenshot())
    assert len(on_screen) == 1 and on_screen[0].startswith("BQ1.A.") and code in on_screen[0]

    with page.expect_download() as download:
        page.get_by_role("button", name="保存为图片").click()
    saved = tmp_path / "booking.png"
    download.value.save_as(saved)
    assert download.value.suggested_filename == f"booking-{code}.png"
    assert decoded(saved.read_bytes()) == on_screen  # the saved picture's code is the same

    ticket = api.post(f"/branches/{live_server.branch}/tickets", "kiosk-1",
                      {"channel": "appointment", "appointment": on_screen[0]}, expect=201).json()
    assert ticket["service"]["code"] == "corporate" and ticket["channel"] == "appointment"
    api.post(f"/tickets/{ticket['token']}/cancel", expect=200)  # leave the shared queue as it was
    page.reload()
    expect(page.locator(".status-line")).to_contain_text("已签到")
    assert browsing.outside == []


def test_two_customers_racing_for_the_last_place_get_one_booking(api, live_server):  # type: ignore[no-untyped-def]
    day = (datetime.now(SHANGHAI) + timedelta(days=20)).date()
    start = datetime(day.year, day.month, day.day, 3, 15, tzinfo=SHANGHAI)  # corporate: one counter, one place
    racers = 8
    barrier = threading.Barrier(racers)

    def race(_: int) -> requests.Response:
        with requests.Session() as http:
            body = {"service": "corporate", "slot_start": start.isoformat(), "name": "抢号", "phone": a_phone()}
            barrier.wait()
            return http.post(f"{live_server.api_url}/branches/{live_server.branch}/appointments", json=body,
                             headers={"Accept-Language": "en"}, timeout=30)

    with ThreadPoolExecutor(racers) as pool:
        answers = list(pool.map(race, range(racers)))
    assert sorted(answer.status_code for answer in answers) == [201] + [409] * (racers - 1)
    assert {answer.json()["code"] for answer in answers if answer.status_code == 409} == {"appointment.slot_full"}
    offer = api.get(f"/branches/{live_server.branch}/slots?service=corporate&date={day.isoformat()}")
    assert next(s for s in offer["slots"] if s["start"] == start.isoformat())["left"] == 0


def test_the_private_link_moves_then_cancels_the_booking(visit, api, live_server):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    booked = book_by_api(api, "fx", free_slot(api, "fx", skip=4), a_phone())
    assert booked.status_code == 201, booked.text
    token = booked.json()["manage_token"]
    page = visit(PHONE, "en").page()
    page.goto(f"/a/{token}")
    expect(page.locator("h1")).to_have_text("My appointment")
    page.get_by_role("button", name="Move to another time").click()
    target = page.locator(".slot:enabled").first
    expect(target).to_be_visible()
    new_start = target.get_attribute("data-start")
    target.click()
    expect(page.locator(".booked-notice h1")).to_have_text("Moved")
    assert datetime.fromisoformat(api.get(f"/appointments/manage/{token}")["slot_start"]) == \
        datetime.fromisoformat(new_start)
    expect(page.locator(".checkin-code")).to_have_text(booked.json()["code"])

    page.get_by_role("button", name="Cancel appointment").click()
    page.get_by_role("button", name="Yes, cancel").click()
    expect(page.locator(".status-line")).to_contain_text("Cancelled")
    expect(page.get_by_role("link", name="Book again")).to_be_visible()
    assert api.get(f"/appointments/manage/{token}")["status"] == "cancelled"


def test_a_phone_over_its_limit_is_told_why_on_the_page(visit, api, live_server):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    phone = a_phone()
    for skip in range(3):
        assert book_by_api(api, "wealth", free_slot(api, "wealth", skip=skip * 8), phone).status_code == 201
    page = visit(PHONE, "zh-CN").page()
    page.goto(f"/book/{live_server.branch}")
    page.get_by_role("button", name=re.compile("理财业务")).click()
    page.locator(".slot:enabled").nth(2).click()
    page.get_by_label("姓名").fill("王芳")
    page.get_by_label("手机号").fill(phone)
    page.get_by_role("button", name="确认预约").click()
    expect(page.get_by_role("alert")).to_contain_text("最多 3 个")
    expect(page).to_have_url(re.compile(r"/book/"))


def test_a_wrong_private_link_says_so(visit, live_server):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    page = visit(PHONE, "en").page()
    answer = page.goto("/a/" + "x" * 43)
    assert answer.status == 404 and answer.headers["referrer-policy"] == "no-referrer"
    expect(page.get_by_role("alert")).to_contain_text("Appointment not found")


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_booking_screenshots(visit, api, live_server, tmp_path, language):  # type: ignore[no-untyped-def]
    """Every step and the confirmation at 390x844; to docs/screenshots/ with BRANCHQ_SCREENSHOTS=1."""
    import os

    from playwright.sync_api import expect

    folder = SCREENSHOTS if os.environ.get("BRANCHQ_SCREENSHOTS") == "1" else tmp_path
    suffix = "zh" if language == "zh-CN" else "en"

    def save(page, name: str) -> None:  # type: ignore[no-untyped-def]
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"{name}-phone-{suffix}.png"))
        assert Path(folder / f"{name}-phone-{suffix}.png").stat().st_size > 5_000

    page = visit(PHONE_SHOT, language).page()
    page.goto(f"/book/{live_server.branch}")
    expect(page.locator(".choice").first).to_be_visible()
    save(page, "book-service")
    page.locator('.choice[data-service="account"]').click()
    expect(page.locator(".slot:enabled").first).to_be_visible()
    save(page, "book-slot")
    page.locator(".slot:enabled").nth(1).click()
    page.locator("#name").fill("王芳" if language == "zh-CN" else "Wang Fang")
    page.locator("#phone").fill(a_phone())
    save(page, "book-details")
    page.locator('[data-action="book"]').click()
    expect(page.locator(".checkin-code")).to_be_visible()
    save(page, "book-confirmed")
    page.locator('[data-action="reschedule"]').click()
    expect(page.locator(".move .slot:enabled").first).to_be_visible()
    page.locator(".change").scroll_into_view_if_needed()
    save(page, "book-move")
