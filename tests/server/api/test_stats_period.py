"""Statistics over a period (`?date=&end=`), figures by hour, and every table as CSV and Excel files."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from tests.helpers import START, token_headers
from tests.server.api.test_stats_api import Morning, simulate_morning

STATS = "/api/v1/branches/demo/stats"


def _next_day(client, clock, container):  # type: ignore[no-untyped-def]
    """2026-12-01: two kiosk tickets at 10:xx and one online at 14:xx; one served (waited 300 s)."""
    m = Morning(client, clock, container)
    day = 86400
    first = m.issue(day, "cash")
    m.issue(day + 60, "fx")
    m.issue(day + 4 * 3600, "cash", "online", {})
    assert m.act(day + 300, m.teller1, "/counters/1/call-next")["number"] == first["number"]
    m.act(day + 310, m.teller1, f"/tickets/{first['id']}/start")
    m.act(day + 400, m.teller1, f"/tickets/{first['id']}/finish")


@pytest.fixture
def two_days(client, clock, container):  # type: ignore[no-untyped-def]
    simulate_morning(client, clock, container)
    _next_day(client, clock, container)
    return token_headers(container, "manager")


def test_a_period_adds_up_its_days(client, two_days):  # type: ignore[no-untyped-def]
    first = client.get(STATS, params={"date": "2026-11-30"}, headers=two_days).json()
    second = client.get(STATS, params={"date": "2026-12-01"}, headers=two_days).json()
    both = client.get(STATS, params={"date": "2026-11-30", "end": "2026-12-01"}, headers=two_days).json()
    assert both["period"] == {"start": "2026-11-30", "end": "2026-12-01", "days": 2}
    assert first["period"] == {"start": "2026-11-30", "end": "2026-11-30", "days": 1}
    assert both["tickets"]["issued"] == first["tickets"]["issued"] + second["tickets"]["issued"] == 9
    assert both["tickets"]["served"] == first["tickets"]["served"] + second["tickets"]["served"] == 4
    assert both["service_level"]["cash"]["called"] == 4 and both["service_level"]["cash"]["within_target"] == 3
    assert both["waits"]["by_service"]["cash"]["count"] == 4
    assert set(both["service_names"]["cash"]) == {"name_zh", "name_en"}


def test_hours_split_arrivals_by_channel_with_their_waits(client, two_days):  # type: ignore[no-untyped-def]
    report = client.get(STATS, params={"date": "2026-11-30", "end": "2026-12-01"}, headers=two_days).json()
    hours = {row["hour"]: row for row in report["hourly"]}
    assert list(hours) == ["10:00", "11:00", "14:00"]  # branch-local hours with arrivals only
    # 10:xx: the morning's 5 (kiosk 3, counter 1, online 1) and the next day's 2 kiosk tickets
    assert hours["10:00"]["arrivals"] == 7
    assert hours["10:00"]["by_channel"] == {"kiosk": 5, "counter": 1, "online": 1, "appointment": 0}
    # waits of tickets that arrived at 10:xx: 180, 60, 780, 0 (morning) and 300 (next day)
    assert hours["10:00"]["waits"] == {"count": 5, "p50_s": 180.0, "p90_s": 588.0}
    assert hours["14:00"] == {"hour": "14:00", "arrivals": 1, "by_channel": {"kiosk": 0, "counter": 0, "online": 1, "appointment": 0},
                              "waits": {"count": 0, "p50_s": None, "p90_s": None}}
    assert sum(row["arrivals"] for row in report["hourly"]) == report["tickets"]["issued"]


def test_a_period_must_run_forwards_and_not_too_long(client, two_days):  # type: ignore[no-untyped-def]
    reversed_ = client.get(STATS, params={"date": "2026-12-01", "end": "2026-11-30"}, headers={**two_days, "Accept-Language": "zh-CN"})
    assert reversed_.status_code == 422 and reversed_.json()["code"] == "stats.period_reversed"
    assert "早于" in reversed_.json()["detail"]
    long = client.get(STATS, params={"date": "2025-01-01", "end": "2026-12-01"}, headers=two_days)
    assert long.status_code == 422 and long.json()["code"] == "stats.period_too_long"


def _export(client, headers, table, format_, lang="en"):  # type: ignore[no-untyped-def]
    answer = client.get(f"{STATS}/export", params={"table": table, "format": format_, "date": "2026-11-30",
                                                   "end": "2026-12-01", "lang": lang}, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer


def test_the_service_table_exports_to_csv_and_excel_with_the_reports_figures(client, two_days):  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    report = client.get(STATS, params={"date": "2026-11-30", "end": "2026-12-01"}, headers=two_days).json()
    answer = _export(client, two_days, "services", "csv")
    assert answer.headers["content-disposition"] == 'attachment; filename="demo-services-2026-11-30_2026-12-01.csv"'
    assert answer.content.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the mark
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["Service", "Issued", "Called", "Within target", "Service level"]
    cash = next(row for row in rows if row[0] == report["service_names"]["cash"]["name_en"])
    level = report["service_level"]["cash"]
    assert cash[1:6] == [str(report["tickets"]["by_service"]["cash"]), str(level["called"]),
                         str(level["within_target"]), str(level["share"]), str(level["target_wait_min"])]

    book = load_workbook(io.BytesIO(_export(client, two_days, "services", "xlsx", "zh-CN").content))
    sheet = book.active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "业务" and sheet.title.startswith("services 2026-11-30")
    cash_row = next(row for row in values if row[0] == report["service_names"]["cash"]["name_zh"])
    assert cash_row[1:6] == [report["tickets"]["by_service"]["cash"], level["called"], level["within_target"],
                             level["share"], level["target_wait_min"]]


@pytest.mark.parametrize("table", ["hourly", "ratings", "counters", "tellers"])
def test_every_table_exports(client, two_days, table):  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    rows = list(csv.reader(io.StringIO(_export(client, two_days, table, "csv").content.decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(_export(client, two_days, table, "xlsx").content)).active
    assert len(rows) == sheet.max_row > 1
    assert rows[0] == [str(cell.value) for cell in sheet[1]]


def test_an_unknown_table_and_other_roles_are_refused(client, two_days, container):  # type: ignore[no-untyped-def]
    unknown = client.get(f"{STATS}/export", params={"table": "secrets"}, headers=two_days)
    assert unknown.status_code == 404 and unknown.json()["code"] == "stats.table_unknown"
    teller = client.get(f"{STATS}/export", params={"table": "services"}, headers=token_headers(container, "teller1"))
    assert teller.status_code == 403
    assert client.get(f"{STATS}/export", params={"table": "services"}).status_code == 401


def test_text_a_spreadsheet_would_run_is_written_as_text() -> None:
    from server.services.stats_export import ExportFormat, export_table

    report = {"branch": "demo", "period": {"start": "2026-11-30", "end": "2026-11-30"},
              "tellers": {"=cmd|' /C calc'!A0": {"served": 1, "mean_service_s": 60.0, "ratings": 0, "mean_rating": None}}}
    _, body = export_table(report, "tellers", ExportFormat.CSV, "en")
    assert "'=cmd" in body.decode("utf-8-sig")
