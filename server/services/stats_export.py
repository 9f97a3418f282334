"""The statistics report's tables as files a manager opens in a spreadsheet: CSV and Excel (.xlsx).

`report_tables` turns a report (`server.services.stats`) into named tables of plain rows; `export_table`
writes one of them. Every figure is the report's own (times in seconds, as the API gives them), so a file
and the API never disagree. Headings come in the caller's language. Text cells that a spreadsheet would
read as a formula (starting with = + - @) are written with a leading apostrophe, so a file cannot run
anything. CSV is UTF-8 with a byte-order mark, which Excel needs to read Chinese.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any

from server.domain.enums import Channel
from server.domain.errors import NotFound


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


EXPORT_FORMATS = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

HEADINGS: Mapping[str, Mapping[str, str]] = {
    "hour": {"zh-CN": "时段", "en": "Hour"},
    "arrivals": {"zh-CN": "到达", "en": "Arrivals"},
    "kiosk": {"zh-CN": "取号机", "en": "Kiosk"},
    "counter": {"zh-CN": "柜台", "en": "Counter"},
    "online": {"zh-CN": "线上", "en": "Online"},
    "appointment": {"zh-CN": "预约", "en": "Appointment"},
    "waits": {"zh-CN": "已叫号", "en": "Called"},
    "wait_p50_s": {"zh-CN": "等候中位数（秒）", "en": "Wait p50 (s)"},
    "wait_p90_s": {"zh-CN": "等候90分位（秒）", "en": "Wait p90 (s)"},
    "service": {"zh-CN": "业务", "en": "Service"},
    "issued": {"zh-CN": "取号", "en": "Issued"},
    "within_target": {"zh-CN": "达标", "en": "Within target"},
    "service_level": {"zh-CN": "服务水平", "en": "Service level"},
    "target_wait_min": {"zh-CN": "目标等候（分钟）", "en": "Target wait (min)"},
    "mean_service_s": {"zh-CN": "平均办理（秒）", "en": "Mean service (s)"},
    "score": {"zh-CN": "评分", "en": "Score"},
    "count": {"zh-CN": "次数", "en": "Count"},
    "counter_number": {"zh-CN": "窗口", "en": "Counter"},
    "teller": {"zh-CN": "柜员", "en": "Teller"},
    "served": {"zh-CN": "办结", "en": "Served"},
    "ratings": {"zh-CN": "评价数", "en": "Ratings"},
    "mean_rating": {"zh-CN": "平均评分", "en": "Mean rating"},
}

Table = tuple[list[str], list[list[Any]]]
"""Column keys (of `HEADINGS`) and rows."""


def _hourly(report: dict[str, Any], language: str) -> Table:
    channels = [channel.value for channel in Channel]
    columns = ["hour", "arrivals", *channels, "waits", "wait_p50_s", "wait_p90_s"]
    rows = [
        [row["hour"], row["arrivals"], *(row["by_channel"][c] for c in channels),
         row["waits"]["count"], row["waits"]["p50_s"], row["waits"]["p90_s"]]
        for row in report["hourly"]
    ]
    return columns, rows


def service_name(report: dict[str, Any], code: str, language: str) -> str:
    names = report.get("service_names", {}).get(code)
    if not names:
        return code
    return names["name_zh"] if language == "zh-CN" else names["name_en"]


def _services(report: dict[str, Any], language: str) -> Table:
    columns = ["service", "issued", "waits", "within_target", "service_level", "target_wait_min",
               "wait_p50_s", "wait_p90_s", "mean_service_s"]
    rows = []
    for code, level in report["service_level"].items():
        waits = report["waits"]["by_service"].get(code, {})
        times = report["service_times"]["by_service"].get(code, {})
        rows.append([
            service_name(report, code, language), report["tickets"]["by_service"].get(code, 0), level["called"],
            level["within_target"], level["share"], level["target_wait_min"], waits.get("p50_s"),
            waits.get("p90_s"), times.get("mean_s"),
        ])
    return columns, rows


def _ratings(report: dict[str, Any], language: str) -> Table:
    return ["score", "count"], [[int(score), count] for score, count in report["ratings"]["distribution"].items()]


def _people(key: str, first: str) -> Callable[[dict[str, Any], str], Table]:
    def table(report: dict[str, Any], language: str) -> Table:
        columns = [first, "served", "mean_service_s", "ratings", "mean_rating"]
        rows = [
            [int(name) if first == "counter_number" else name, row["served"], row["mean_service_s"],
             row["ratings"], row["mean_rating"]]
            for name, row in report[key].items()
        ]
        return columns, rows

    return table


TABLES: Mapping[str, Callable[[dict[str, Any], str], Table]] = {
    "hourly": _hourly,
    "services": _services,
    "ratings": _ratings,
    "counters": _people("counters", "counter_number"),
    "tellers": _people("tellers", "teller"),
}


def report_table(report: dict[str, Any], table: str, language: str) -> tuple[list[str], list[list[Any]]]:
    """The table's headings (in `language`) and rows."""
    if table not in TABLES:
        raise NotFound(f"no statistics table {table[:40]}; one of: {', '.join(TABLES)}", field="table",
                       code="stats.table_unknown", params={"table": table[:40]})
    columns, rows = TABLES[table](report, language)
    return [HEADINGS[column][language] for column in columns], rows


def _safe(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def export_table(report: dict[str, Any], table: str, format: ExportFormat, language: str) -> tuple[str, bytes]:
    """(file name, file contents) of one table of `report`."""
    headings, rows = report_table(report, table, language)
    rows = [[_safe(value) for value in row] for row in rows]
    period = report["period"]
    name = f"{report['branch']}-{table}-{period['start']}_{period['end']}.{format.value}"
    if format is ExportFormat.CSV:
        return name, _csv(headings, rows)
    return name, _xlsx(headings, rows, f"{table} {period['start']}_{period['end']}")


def _csv(headings: list[str], rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headings)
    writer.writerows([["" if value is None else value for value in row] for row in rows])
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx(headings: list[str], rows: list[list[Any]], title: str) -> bytes:
    from openpyxl import Workbook  # imported when a file is asked for: the server starts without it

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    book.properties.title = title
    sheet.append(headings)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
