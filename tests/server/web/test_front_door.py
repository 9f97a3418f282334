"""The root address and the API documentation, with every request outside loopback refused."""

from __future__ import annotations

from tests.server.web.conftest import PHONE, TV


def test_the_front_door_names_the_branches_and_links_to_the_pages(visit):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    browsing = visit(PHONE, "zh-CN")
    page = browsing.page()
    answer = page.goto("/")
    assert answer.status == 200 and answer.headers["content-type"].startswith("text/html")
    expect(page.get_by_role("heading", level=1)).to_have_text("欢迎光临")
    expect(page.get_by_role("heading", name="演示银行 城东支行 (demo)")).to_be_visible()
    expect(page.get_by_role("heading", name="查看排队进度")).to_be_visible()
    display = page.get_by_role("link", name="叫号屏").first
    assert display.get_attribute("href") == "./display/demo"  # relative: works behind a proxy's prefix
    expect(page.get_by_role("heading", name="演示模式：如何登录")).to_be_visible()  # the live server runs --demo
    expect(page.locator("body")).not_to_contain_text("demo-password-1")  # the password is never shown
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome")
    expect(page.get_by_role("heading", name="Demo Bank, East City Branch (demo)")).to_be_visible()
    assert browsing.outside == []


def test_the_api_documentation_works_without_the_internet(visit):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    browsing = visit(TV, "en")
    page = browsing.page()
    page.goto("/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("BranchQ queue server")
    expect(page.locator(".opblock-tag-section").first).to_be_visible()
    assert browsing.outside == []  # FastAPI's own page would have asked a CDN for its scripts


def test_colours_come_from_the_palette_file(visit, live_server):  # type: ignore[no-untyped-def]
    import json

    from tests.support.live_server import ROOT

    palette = json.loads((ROOT / "resources" / "palette.json").read_text(encoding="utf-8"))
    page = visit(PHONE, "en").page()
    page.goto("/")
    brand = page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--brand').trim()")
    assert brand == palette["brand"]
    bar = page.evaluate("getComputedStyle(document.querySelector('.bar')).backgroundColor")
    red, green, blue = (int(palette["brand"][i:i + 2], 16) for i in (1, 3, 5))
    assert bar == f"rgb({red}, {green}, {blue})"
