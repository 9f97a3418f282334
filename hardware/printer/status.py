"""Real-time printer status (`DLE EOT n`), read before every ticket where the connection is two-way.

A printer answers each query with one byte whose bits 0, 1, 4 and 7 are fixed (0, 1, 1, 0); that
lets us tell a real answer from line noise. `encode_status` is the inverse, used by the fake printer.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum

from ..errors import CoverOpen, PaperOut, PrinterConfigError, PrinterFault, PrinterOffline

_FIXED_MASK, _FIXED_BITS = 0x93, 0x12


class StatusQuery(IntEnum):
    PRINTER = 1
    OFFLINE_CAUSE = 2
    ERROR_CAUSE = 3
    PAPER = 4

    @property
    def command(self) -> bytes:
        return b"\x10\x04" + bytes([self.value])


class PaperLevel(StrEnum):
    OK = "ok"
    NEAR_END = "near_end"
    OUT = "out"


@dataclass(frozen=True, slots=True)
class PrinterStatus:
    online: bool = True
    cover_open: bool = False
    paper: PaperLevel = PaperLevel.OK
    error: bool = False

    @property
    def ready(self) -> bool:
        return self.online and not self.cover_open and self.paper is not PaperLevel.OUT and not self.error

    @property
    def paper_low(self) -> bool:
        """Paper is near its end: still prints, but staff should be told to change the roll soon."""
        return self.paper is PaperLevel.NEAR_END


QUERIES_READ = (StatusQuery.PRINTER, StatusQuery.OFFLINE_CAUSE, StatusQuery.PAPER)


def parse_status(replies: dict[StatusQuery, int]) -> PrinterStatus:
    """Status from the answers to `QUERIES_READ`."""
    for query, byte in replies.items():
        if byte & _FIXED_MASK != _FIXED_BITS:
            raise PrinterConfigError(
                f"the device answered status query {query.value} with 0x{byte:02x}, not an ESC/POS status",
                advice="check that the URL points at an ESC/POS receipt printer (port 9100 for network)",
            )
    offline_cause, paper = replies[StatusQuery.OFFLINE_CAUSE], replies[StatusQuery.PAPER]
    level = PaperLevel.OK
    if paper & 0x0C:
        level = PaperLevel.NEAR_END
    if paper & 0x60 or offline_cause & 0x20:
        level = PaperLevel.OUT
    return PrinterStatus(
        online=not replies[StatusQuery.PRINTER] & 0x08,
        cover_open=bool(offline_cause & 0x04),
        paper=level,
        error=bool(offline_cause & 0x40),
    )


def encode_status(status: PrinterStatus) -> dict[StatusQuery, int]:
    """What a printer in `status` answers to each query (the inverse of `parse_status`)."""
    offline = not status.ready
    cause = (0x04 if status.cover_open else 0) | (0x20 if status.paper is PaperLevel.OUT else 0)
    cause |= 0x40 if status.error else 0
    paper = {PaperLevel.OK: 0, PaperLevel.NEAR_END: 0x0C, PaperLevel.OUT: 0x6C}[status.paper]
    return {
        StatusQuery.PRINTER: _FIXED_BITS | (0x08 if offline else 0),
        StatusQuery.OFFLINE_CAUSE: _FIXED_BITS | cause,
        StatusQuery.ERROR_CAUSE: _FIXED_BITS,
        StatusQuery.PAPER: _FIXED_BITS | paper,
    }


def raise_unless_ready(status: PrinterStatus) -> None:
    """The typed error for the first problem that stops printing, most actionable first."""
    if status.paper is PaperLevel.OUT:
        raise PaperOut("the printer is out of paper")
    if status.cover_open:
        raise CoverOpen("the printer cover is open")
    if status.error:
        raise PrinterFault("the printer reports an error (cutter, head temperature or mechanism)")
    if not status.online:
        raise PrinterOffline("the printer reports that it is offline")
