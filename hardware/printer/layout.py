"""What a ticket says, as pure data, and the order in which it is laid out.

The kiosk translates; the printer only draws. `TicketLayout` therefore holds finished text (Chinese
first, English second) and `blocks()` fixes the order and emphasis once, so the raster renderer, the
text-mode encoder and the PNG preview can never disagree about what a ticket contains.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class BlockStyle(StrEnum):
    TITLE = "title"
    NUMBER = "number"
    HEADING = "heading"
    TEXT = "text"
    SMALL = "small"
    RULE = "rule"
    QR = "qr"


@dataclass(frozen=True, slots=True)
class Block:
    style: BlockStyle
    text: str = ""
    centered: bool = True


@dataclass(frozen=True, slots=True)
class TicketLayout:
    """A queue ticket, already translated.

    Attributes:
        branch_name: shown on top, e.g. "中国银行 上海南京西路支行".
        ticket_number: printed very large, e.g. "A023".
        service_name / service_name_en: the service in Chinese and English.
        queue_lines: people ahead and estimated wait, one line per language.
        issued_line: issue time line, e.g. "取号时间 Issued 2026-11-29 09:31".
        waiting_area_line: where to wait (zone/floor).
        documents_heading / documents: what to have ready; may be empty.
        status_url: encoded in the QR code; the customer's live status page.
        qr_caption: one line under the QR code.
        footer: short closing lines (hotline, "过号请重新取号").
    """

    branch_name: str
    ticket_number: str
    service_name: str
    service_name_en: str
    queue_lines: tuple[str, ...]
    issued_line: str
    waiting_area_line: str
    status_url: str
    documents_heading: str = ""
    documents: tuple[str, ...] = ()
    qr_caption: str = ""
    footer: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        for name in ("branch_name", "ticket_number", "service_name", "status_url"):
            if not getattr(self, name).strip():
                raise ValueError(f"a ticket needs a non-empty {name}")
        if not self.status_url.isascii():
            raise ValueError("status_url must be ASCII so every QR reader can open it")

    def blocks(self) -> tuple[Block, ...]:
        """The ticket from top to bottom; both print modes and the preview follow it."""
        blocks = [
            Block(BlockStyle.TITLE, self.branch_name),
            Block(BlockStyle.RULE),
            Block(BlockStyle.NUMBER, self.ticket_number),
            Block(BlockStyle.HEADING, self.service_name),
            Block(BlockStyle.TEXT, self.service_name_en),
            Block(BlockStyle.RULE),
            *(Block(BlockStyle.TEXT, line, centered=False) for line in self.queue_lines),
            Block(BlockStyle.TEXT, self.waiting_area_line, centered=False),
            Block(BlockStyle.SMALL, self.issued_line, centered=False),
        ]
        if self.documents:
            blocks.append(Block(BlockStyle.RULE))
            blocks.append(Block(BlockStyle.TEXT, self.documents_heading, centered=False))
            blocks.extend(Block(BlockStyle.SMALL, f"• {item}", centered=False) for item in self.documents)
        blocks.append(Block(BlockStyle.QR, self.status_url))
        if self.qr_caption:
            blocks.append(Block(BlockStyle.SMALL, self.qr_caption))
        blocks.extend(Block(BlockStyle.SMALL, line) for line in self.footer)
        return tuple(block for block in blocks if block.style in _ALWAYS or block.text.strip())


_ALWAYS = frozenset({BlockStyle.RULE})


def sample_ticket(status_url: str, issued_at: datetime) -> TicketLayout:
    """A realistic ticket for `branchq-hw print-test`, installers' checks and previews."""
    return TicketLayout(
        branch_name="BranchQ 示范银行 南京西路支行",
        ticket_number="A023",
        service_name="个人现金业务",
        service_name_en="Personal cash services",
        queue_lines=("前面还有 5 人，预计等候约 12 分钟", "5 people ahead, about 12 min wait"),
        issued_line=f"取号时间 Issued {issued_at:%Y-%m-%d %H:%M}",
        waiting_area_line="请在 2 楼 B 区等候 / Wait in zone B, 2F",
        status_url=status_url,
        documents_heading="请准备 / Please have ready:",
        documents=("身份证 ID card", "银行卡或存折 Bank card or passbook"),
        qr_caption="扫码查看排队进度 Scan for live status",
        footer=("过号请重新取号 Missed your call? Take a new ticket", "这是一张测试票 TEST TICKET"),
    )
