"""Ticket numbers and business days.

The number a customer sees is the service's prefix letter plus a per-branch, per-service daily
sequence (A001, A002, ... A999, A1000). The sequence itself is allocated by the database inside
the issuing transaction; this module only decides *which* counter row to use (the business day)
and how the number reads.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from .errors import InvalidInput

MIN_DIGITS = 3
_PREFIX = re.compile(r"^[A-Z]$")


def validate_prefix(prefix: str) -> str:
    """A prefix is one upper-case Latin letter, readable on any display and speakable in any language."""
    if not _PREFIX.match(prefix or ""):
        raise InvalidInput(
            "ticket prefix must be one letter A-Z", field="prefix", code="ticket.prefix_invalid",
        )
    return prefix


def format_ticket_number(prefix: str, sequence: int) -> str:
    """`format_ticket_number("A", 7) == "A007"`; sequences past 999 simply grow a digit."""
    if sequence < 1:
        raise InvalidInput("ticket sequence starts at 1", field="sequence", code="ticket.sequence_invalid")
    return f"{validate_prefix(prefix)}{sequence:0{MIN_DIGITS}d}"


def parse_ticket_number(number: str) -> tuple[str, int]:
    """Inverse of `format_ticket_number`."""
    match = re.fullmatch(r"([A-Z])(\d{3,})", number or "")
    if not match:
        raise InvalidInput(
            f"not a ticket number: {number!r}", field="number",
            code="ticket.number_invalid", params={"number": str(number)},
        )
    return match.group(1), int(match.group(2))


def business_day(moment: datetime, time_zone: str) -> date:
    """The branch-local calendar day of `moment` (an aware datetime); numbering resets on it."""
    if moment.tzinfo is None:
        raise InvalidInput("moment must be timezone-aware", field="moment", code="ticket.moment_naive")
    return moment.astimezone(ZoneInfo(time_zone)).date()


def utc_now() -> datetime:
    return datetime.now(UTC)
