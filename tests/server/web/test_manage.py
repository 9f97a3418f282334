"""The manager's dashboard `/manage/<branch>` in Chromium against the live server: login, the live floor
from the event stream, the figures of a seeded period against the statistics API, exports opened and read,
who is refused, and pictures at 1920x1080 and 1366x768 in both languages."""

from __future__ import annotations

import csv
import io
import math
import os
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.server.web.conftest import SCREENSHOTS, TV
from tests.support.history import seed_history

LAPTOP = {"viewport": {"width": 1366, "height": 768}}
LABELS = {"zh-CN": ("账号", "密码", "登录"), "en": ("Account", "Password", "Log in")}
HISTORY_DAYS = 21


def _today() -> date:
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


@pytest.fixture(scope="module")
def history(live_server) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """Three weeks of past service ending yesterday; (first day, last day)."""
    days = [_today() - timedelta(days=n) for n in range(HISTORY_DAYS, 0, -1)]
    assert seed_history(f"sqlite:///{live_server.database_path}", live_server.branch, days) > 300
    return days[0].isoformat(), days[-1].isoformat()


def _log_in(visit, live_server, username, size=TV, language="zh-CN"):  # type: ignore[no-untyped-def]
    account, password, submit = LABELS[language]
    browsing = visit(size, language)
    page = browsing.page()
    page.goto(f"/manage/{live_server.branch}")
    page.get_by_label(account).fill(username)
    page.get_by_label(password).fill(live_server.accounts.password)
    page.get_by_role("button", name=submit).click()
    return browsing, page


def _dashboard(visit, live_server, size=TV, language="zh-CN"):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    browsing, page = _log_in(visit, live_server, live_server.accounts.manager, size, language)
    expect(page.locator("body.manage")).to_be_visible()
    expect(page.locator('[data-field="connection"]')).to_have_text("实时更新中" if language == "zh-CN" else "Live")
    expect(page.locator('[data-table="counters"] tbody tr')).to_have_count(6)
    return browsing, page


def _manager_get(api, path, **params):  # type: ignore[no-untyped-def]
    answer = api.http.get(f"{api.server.api_url}{path}", params=params, headers=api.headers("manager"), timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.json()


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{math.floor(share * 1000 + 0.5) / 10:g}%"


def _tile(page, name):  # type: ignore[no-untyped-def]
    return page.locator(f'[data-tile="{name}"] [data-value]')


def test_the_tiles_show_the_apis_figures(visit, live_server, api, counter):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    counter(5, "teller5")
    waiting = [api.issue("loans") for _ in range(2)]
    try:
        browsing, page = _dashboard(visit, live_server)
        code = live_server.branch
        queue = _manager_get(api, f"/branches/{code}/queue")
        expect(_tile(page, "waiting")).to_have_text(str(len(queue["waiting"])))
        today = _manager_get(api, f"/branches/{code}/stats")
        expect(_tile(page, "served")).to_have_text(str(today["tickets"]["served"]))
        called = sum(level["called"] for level in today["service_level"].values())
        within = sum(level["within_target"] for level in today["service_level"].values())
        expect(_tile(page, "level")).to_have_text(_percent(within / called) if called else "—")
        mean = today["ratings"]["mean"]
        expect(_tile(page, "rating")).to_have_text("—" if mean is None else f"{mean:.2f}")
        devices = _manager_get(api, f"/branches/{code}/devices")["devices"]
        expect(_tile(page, "devices")).to_have_text(str(sum(1 for d in devices if d["needs_staff"] or d["silent"])))
        loans = page.locator('[data-table="lines"] tr[data-service="loans"]')
        expect(loans.locator("td").nth(1)).to_have_text(str(sum(1 for t in queue["waiting"] if t["service"]["code"] == "loans")))
        expect(loans.locator("td").nth(3)).to_have_text("20 分钟")  # the service's target
        assert browsing.outside == []
    finally:
        for ticket in waiting:
            api.post(f"/tickets/{ticket['token']}/cancel")


def test_a_call_moves_the_counter_row_and_the_waiting_tile_live(visit, live_server, api, counter):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    _, page = _dashboard(visit, live_server, language="en")
    row = page.locator('[data-table="counters"] tr[data-counter="6"]')
    expect(row).to_have_attribute("data-state", "closed")
    before = int(_tile(page, "waiting").inner_text())
    ticket = api.issue("corporate")
    expect(_tile(page, "waiting")).to_have_text(str(before + 1))
    counter(6, "teller6")
    expect(row).to_have_attribute("data-state", "open")
    expect(row.locator(".state")).to_contain_text("Idle")
    called = api.post("/counters/6/call-next", "teller6").json()
    assert called["number"] == ticket["number"]
    expect(row.locator(".ticket")).to_have_text(f"{ticket['number']} · Corporate banking")
    expect(row.locator(".state")).to_contain_text("Called")
    expect(_tile(page, "waiting")).to_have_text(str(before))
    api.post(f"/tickets/{called['id']}/start", "teller6")
    expect(row.locator(".state")).to_contain_text("Serving")
    api.post(f"/tickets/{called['id']}/no-show", "teller6", expect=None)
    api.post(f"/tickets/{called['id']}/finish", "teller6", expect=None)
    expect(row.locator(".ticket")).to_have_text("—")


def _show_range(page, start, end, language="zh-CN"):  # type: ignore[no-untyped-def]
    page.get_by_label("自定义" if language == "zh-CN" else "Range").check()
    page.locator("#period-start").fill(start)
    page.locator("#period-end").fill(end)
    page.get_by_role("button", name="查看" if language == "zh-CN" else "Show").click()


def _cells(page, table, key):  # type: ignore[no-untyped-def]
    return page.locator(f'[data-report="{table}"] tr[data-key="{key}"] td')


def test_the_figures_of_a_seeded_period_equal_the_stats_api(visit, live_server, api, history):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    start, end = history
    report = _manager_get(api, f"/branches/{live_server.branch}/stats", date=start, end=end)
    _, page = _dashboard(visit, live_server, language="en")
    _show_range(page, start, end, "en")
    expect(page.locator('[data-field="period"]')).to_contain_text(f"({HISTORY_DAYS} days)")
    for code, level in report["service_level"].items():
        name = report["service_names"][code]["name_en"]
        expect(_cells(page, "services", name)).to_have_text([
            name, str(report["tickets"]["by_service"][code]), str(level["called"]), str(level["within_target"]),
            _percent(level["share"]), f"{level['target_wait_min']} min",
            _any(), _any(), _any(),
        ])
    for number, row in report["counters"].items():
        expect(_cells(page, "counters", number).nth(1)).to_have_text(str(row["served"]))
    for teller, row in report["tellers"].items():
        expect(_cells(page, "tellers", teller).nth(3)).to_have_text(str(row["ratings"]))
    for score, count in report["ratings"]["distribution"].items():
        expect(_cells(page, "ratings", score).nth(1)).to_have_text(str(count))
    for hour in report["hourly"]:
        expect(_cells(page, "hourly", hour["hour"]).nth(1)).to_have_text(str(hour["arrivals"]))
    # the charts say their period and draw one bar per hour with arrivals
    expect(page.locator('[data-chart="arrivals"] [data-period]')).not_to_have_text("")
    assert page.locator('[data-chart="arrivals"] svg rect').count() >= len(report["hourly"])
    expect(page.locator('[data-chart="levels"] svg line.target')).to_have_count(len(report["service_level"]))


def _any():  # type: ignore[no-untyped-def]
    import re

    return re.compile(r".+")


def test_every_table_exports_to_csv_and_excel_as_shown(visit, live_server, api, history):  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook
    from playwright.sync_api import expect

    start, end = history
    report = _manager_get(api, f"/branches/{live_server.branch}/stats", date=start, end=end)
    _, page = _dashboard(visit, live_server)
    _show_range(page, start, end)
    expect(page.locator('[data-field="period"]')).to_contain_text(f"{HISTORY_DAYS} 天")
    files = {}
    for table in ("services", "hourly", "counters", "tellers", "ratings"):
        for format_ in ("csv", "xlsx"):
            with page.expect_download() as download:
                page.locator(f'[data-export="{table}"][data-format="{format_}"]').click()
            files[table, format_] = (download.value.suggested_filename, Path(download.value.path()).read_bytes())
    name, body = files["services", "csv"]
    assert name == f"{live_server.branch}-services-{start}_{end}.csv"
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:5] == ["业务", "取号", "已叫号", "达标", "服务水平"]
    by_name = {row[0]: row for row in rows[1:]}
    for code, level in report["service_level"].items():
        row = by_name[report["service_names"][code]["name_zh"]]
        assert row[1:4] == [str(report["tickets"]["by_service"][code]), str(level["called"]), str(level["within_target"])]
    sheet = load_workbook(io.BytesIO(files["counters", "xlsx"][1])).active
    served = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert served == {int(number): row["served"] for number, row in report["counters"].items()}
    for table in ("hourly", "tellers", "ratings"):
        text_rows = list(csv.reader(io.StringIO(files[table, "csv"][1].decode("utf-8-sig"))))
        sheet = load_workbook(io.BytesIO(files[table, "xlsx"][1])).active
        assert len(text_rows) == sheet.max_row > 1
        shown = page.locator(f'[data-report="{table}"] tbody tr').count()
        assert sheet.max_row - 1 == shown  # the file has the rows the page shows


@pytest.mark.parametrize("username", ["teller1", "display-1"])
def test_tellers_and_displays_are_refused(visit, live_server, username):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    browsing, page = _log_in(visit, live_server, username, language="en")
    expect(page.locator('[data-field="refused"]')).to_contain_text(f"The account “{username}” cannot open the dashboard")
    expect(page.locator("body.manage")).to_have_count(0)
    status = page.evaluate(
        "async (path) => (await fetch(path, {credentials: 'same-origin'})).status",
        f"/api/v1/branches/{live_server.branch}/stats",
    )
    assert status == 403  # the API refuses the same cookie


def test_the_dashboards_address_leads_to_a_branch(visit, live_server):  # type: ignore[no-untyped-def]
    page = visit(TV, "en").page()
    answer = page.goto("/manage")
    assert answer.url.endswith(f"/manage/{live_server.branch}")


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    return SCREENSHOTS if os.environ.get("BRANCHQ_SCREENSHOTS") == "1" else tmp_path


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_screenshots_of_the_dashboard(visit, live_server, api, counter, history, shots, language):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    suffix = "zh" if language == "zh-CN" else "en"
    counter(5, "teller5")
    counter(6, "teller6")
    waiting = [api.issue(service) for service in ("loans", "loans", "account", "fx", "cash", "cash")]
    serving = api.post("/counters/5/call-next", "teller5").json()
    try:
        for size, label in ((TV, "1920"), (LAPTOP, "1366")):
            _, page = _dashboard(visit, live_server, size, language)
            start, end = history
            expect(page.locator('[data-chart="arrivals"] svg')).to_be_visible()
            _show_range(page, start, end, language)
            expect(page.locator('[data-field="period"]')).to_contain_text(str(HISTORY_DAYS))
            expect(page.locator('[data-table="tomorrow"] tbody tr').first).to_be_visible()
            page.evaluate("window.scrollTo(0, 0)")
            page.wait_for_function("window.scrollY === 0")
            page.screenshot(path=str(shots / f"manage-{label}-{suffix}.png"))
            page.screenshot(path=str(shots / f"manage-{label}-full-{suffix}.png"), full_page=True)
            assert (shots / f"manage-{label}-{suffix}.png").stat().st_size > 20_000
    finally:
        api.post(f"/tickets/{serving['id']}/no-show", "teller5", expect=None)
        for ticket in waiting:
            api.post(f"/tickets/{ticket['token']}/cancel", expect=None)


def test_the_managers_notice_reaches_the_display_live(visit, live_server, api):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    from tests.server.web.test_display import _logged_in_display

    _, display = _logged_in_display(visit, live_server, "en")
    notice = display.locator('[data-field="notice"]')
    expect(notice).to_contain_text("Please listen for your number")  # the standard words
    _, page = _dashboard(visit, live_server, language="en")
    page.get_by_label("Notice in Chinese").fill("今天下午三点有理财讲座")
    page.get_by_label("Notice in English").fill("Wealth talk at 3 pm today")
    page.get_by_role("button", name="Save notices").click()
    expect(page.locator('[data-field="notices-status"]')).to_have_text("Saved")
    try:
        expect(notice).to_have_text("Wealth talk at 3 pm today")
    finally:
        page.get_by_label("Notice in Chinese").fill("")
        page.get_by_label("Notice in English").fill("")
        page.get_by_role("button", name="Save notices").click()
    expect(notice).to_contain_text("Please listen for your number")


def test_a_new_target_changes_the_line_at_once(visit, live_server, api):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    _, page = _dashboard(visit, live_server, language="en")
    target = page.get_by_label("Target wait of Foreign exchange, in minutes")
    expect(target).to_have_value("15")
    target.fill("12")
    page.locator('[data-table="targets"] tr[data-service="fx"] button').click()
    try:
        expect(page.locator('[data-table="lines"] tr[data-service="fx"] td').nth(3)).to_have_text("12 min")
    finally:
        api.http.put(f"{api.server.api_url}/branches/{live_server.branch}/services/fx/target",
                     json={"target_wait_min": 15}, headers=api.headers("manager"), timeout=10).raise_for_status()
    expect(page.locator('[data-table="lines"] tr[data-service="fx"] td').nth(3)).to_have_text("15 min")


def test_a_table_sorts_by_a_column(visit, live_server, api, history):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    start, end = history
    report = _manager_get(api, f"/branches/{live_server.branch}/stats", date=start, end=end)
    _, page = _dashboard(visit, live_server, language="en")
    _show_range(page, start, end, "en")
    served = sorted(row["served"] for row in report["tellers"].values())
    table = page.locator('[data-report="tellers"]')
    expect(table.locator("tbody tr")).to_have_count(len(served))
    table.get_by_role("button", name="Served").click()
    expect(table.locator("tbody tr td:nth-child(2)")).to_have_text([str(n) for n in served])
    table.get_by_role("button", name="Served").click()
    expect(table.locator("tbody tr td:nth-child(2)")).to_have_text([str(n) for n in reversed(served)])
