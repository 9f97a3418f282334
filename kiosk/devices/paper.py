"""What goes on a printed ticket, as plain values, and the bilingual lines made from them.

A printed ticket is read by whoever holds it, whatever language the screen was in, so the paper always
carries Chinese first and English second (the layout `hardware.printer.TicketLayout` expects). The
lines are therefore written here in both languages rather than through the screen's translator.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from hardware.printer import TicketLayout


@dataclass(frozen=True, slots=True)
class PaperTicket:
    """A ticket as the kiosk prints it.

    Attributes:
        branch_name: the branch, shown on top.
        ticket_number: e.g. "A023".
        service_name_zh / service_name_en: the service in both languages.
        people_ahead: tickets before this one in its line (None: unknown).
        estimated_wait_s / wait_range_s: the estimate and its range in seconds (None: no estimate).
        zone_zh / zone_en: where to wait; empty when the server named no zone.
        status_url: the ticket's live status page, printed as the QR code.
        issued_at: the issue time in the branch's time zone.
        documents_zh / documents_en: what to have ready, item by item (same order in both languages).
    """

    branch_name: str
    ticket_number: str
    service_name_zh: str
    service_name_en: str
    status_url: str
    issued_at: datetime
    people_ahead: int | None = None
    estimated_wait_s: int | None = None
    wait_range_s: tuple[int, int] | None = None
    zone_zh: str = ""
    zone_en: str = ""
    documents_zh: tuple[str, ...] = ()
    documents_en: tuple[str, ...] = ()

    def layout(self) -> TicketLayout:
        """The ticket as the printer lays it out (raises ValueError for a ticket without number or URL)."""
        return TicketLayout(
            branch_name=self.branch_name,
            ticket_number=self.ticket_number,
            service_name=self.service_name_zh,
            service_name_en=self.service_name_en,
            queue_lines=queue_lines(self.people_ahead, self.estimated_wait_s, self.wait_range_s),
            issued_line=f"取号时间 Issued {self.issued_at:%Y-%m-%d %H:%M}",
            waiting_area_line=waiting_area_line(self.zone_zh, self.zone_en),
            status_url=self.status_url,
            documents_heading="请准备 / Please have ready:" if self.documents_zh or self.documents_en else "",
            documents=document_lines(self.documents_zh, self.documents_en),
            qr_caption="扫码查看排队进度 Scan for live status",
            footer=("过号请在取号机扫描本票 Missed your call? Scan this ticket at the kiosk",),
        )


def minutes(seconds: int) -> int:
    """Whole minutes, at least one: "about 0 min" reads as a mistake."""
    return max(1, round(seconds / 60))


def queue_lines(
    people_ahead: int | None, estimated_wait_s: int | None, wait_range_s: tuple[int, int] | None
) -> tuple[str, str]:
    """(Chinese line, English line) about the people ahead and the wait."""
    if people_ahead is None:
        ahead_zh, ahead_en = "", ""
    elif people_ahead == 0:
        ahead_zh, ahead_en = "您是下一位", "You are next"
    else:
        ahead_zh, ahead_en = f"前面还有 {people_ahead} 人", f"{people_ahead} ahead of you"
    wait_zh = wait_en = ""
    if estimated_wait_s is not None:
        wait_zh, wait_en = f"预计等候约 {minutes(estimated_wait_s)} 分钟", f"about {minutes(estimated_wait_s)} min wait"
        if wait_range_s is not None:
            low, high = (minutes(bound) for bound in wait_range_s)
            wait_zh += f"（{low}–{high} 分钟）"
            wait_en += f" ({low}-{high} min)"
    return _joined("，", ahead_zh, wait_zh), _joined(", ", ahead_en, wait_en)


def waiting_area_line(zone_zh: str, zone_en: str) -> str:
    if not (zone_zh or zone_en):
        return "请留意叫号屏 / Please watch the calling display"
    return f"请在{zone_zh or zone_en}等候 / Please wait in {zone_en or zone_zh}"


def document_lines(documents_zh: tuple[str, ...], documents_en: tuple[str, ...]) -> tuple[str, ...]:
    """One line per document, "身份证 ID card"; the longer list decides how many lines there are."""
    count = max(len(documents_zh), len(documents_en))
    padded_zh = documents_zh + ("",) * (count - len(documents_zh))
    padded_en = documents_en + ("",) * (count - len(documents_en))
    return tuple(" ".join(part for part in pair if part) for pair in zip(padded_zh, padded_en, strict=True))


def _joined(separator: str, *parts: str) -> str:
    return separator.join(part for part in parts if part)
