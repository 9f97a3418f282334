"""The kiosk's sentences that depend on data: waits, queue lengths, states, outcomes, in the current language.

Every sentence goes through `self.tr()`, so it follows the language switch; numbers and times are formatted
by the current language's locale. The flows name outcomes; only this module words them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject

from client import ServiceInfo, Ticket
from kiosk.flows.outcomes import CheckinOutcome, PrintOutcome, TicketProblem
from qtkit import Language

__all__ = ["Words"]


def _minutes(seconds: float) -> int:
    return max(1, round(seconds / 60))


class Words(QObject):
    """Sentences for the screens.

    Attributes:
        language: the language the data fields (service names, zones, documents) are picked in.
    """

    def __init__(self, language: Language = Language.ZH_CN, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.language = language

    @property
    def english(self) -> bool:
        return self.language is Language.EN

    # -- data in the customer's language ---------------------------------------------------------------

    def pick(self, item: Any, base: str) -> Any:
        """`item.<base>_en` or `item.<base>_zh` (attribute or key), by language."""
        suffix = "en" if self.english else "zh"
        if isinstance(item, Mapping):
            return item.get(f"{base}_{suffix}") or item.get(base) or ""
        return getattr(item, f"{base}_{suffix}", "") or ""

    def zones(self, zones: Any) -> list[str]:
        """Zones as `[{"zh", "en", "open"}]` (or older mixed strings) in the current language, open ones first."""
        names = []
        for zone in zones or ():
            if isinstance(zone, Mapping):
                name = zone.get("en" if self.english else "zh") or zone.get("zh") or zone.get("en")
            else:
                parts = str(zone).split(" / ")
                name = parts[-1] if self.english and len(parts) > 1 else parts[0]
            if name and name not in names:
                names.append(name)
        return names

    def zone_list(self, zones: Any) -> str:
        """The zones as one line: "一楼 A 区、一楼 C 区"; in English "Floor 1, Zone A or Floor 1, Zone C" (a
        comma between zones would read as part of a zone's own name)."""
        names = self.zones(zones)
        if not self.english:
            return "、".join(names)
        return " or ".join(names) if len(names) <= 2 else "; ".join(names)

    def documents(self, item: Any) -> list[str]:
        return list(self.pick(item, "documents") or [])

    # -- queue facts ----------------------------------------------------------------------------------

    def wait_range(self, low_s: float | None, high_s: float | None) -> str:
        if low_s is None or high_s is None:
            return self.tr("Wait: being estimated")
        low, high = _minutes(low_s), _minutes(high_s)
        if high <= low:
            return self.tr("About %1 min").replace("%1", str(low))
        return self.tr("About %1-%2 min").replace("%1", str(low)).replace("%2", str(high))

    def waiting(self, count: int) -> str:
        return self.tr("%1 waiting").replace("%1", str(count))

    def people_ahead(self, ticket: Ticket) -> str:
        if ticket.position is None:
            return self.tr("Your place in the line is being worked out")
        ahead = max(0, ticket.position - 1)
        if ahead == 0:
            return self.tr("You are next")
        return self.tr("%1 people ahead of you").replace("%1", str(ahead))

    def clock(self, iso_time: str | None) -> str:
        if not iso_time:
            return ""
        return datetime.fromisoformat(iso_time).strftime("%H:%M")

    def service_state(self, service: ServiceInfo) -> str:
        """Why a service cannot be chosen now, and when it can (empty when it can)."""
        state = service.state or ("open" if service.open_counters > 0 else "no_counter_open")
        reason = service.raw.get("state_reason") if service.raw else None
        opens = self.clock(service.raw.get("opens_at") if service.raw else None)
        if state == "open":
            return ""
        if state == "closed_for_day":
            return self.tr("Closed for today")
        if state == "before_opening" or reason in {"opens_later_today", "break"}:
            if opens:
                return self.tr("Not available now, opens at %1").replace("%1", opens)
            return self.tr("Not available now")
        if reason == "counters_paused":
            return self.tr("Not available now: the counter is back soon")
        return self.tr("Not available now: no counter is open for it")

    # -- outcomes -------------------------------------------------------------------------------------

    def print_outcome(self, outcome: PrintOutcome | None) -> str:
        if outcome is None:
            return self.tr("Printing your ticket…")
        return {
            PrintOutcome.PRINTED: self.tr("Please take your ticket"),
            PrintOutcome.PAPER_OUT: self.tr(
                "The printer is out of paper. Please scan the QR code on the screen to follow your place."),
            PrintOutcome.COVER_OPEN: self.tr(
                "The printer cover is open. Please scan the QR code on the screen to follow your place."),
            PrintOutcome.OFFLINE: self.tr(
                "The printer is not working. Please scan the QR code on the screen to follow your place."),
            PrintOutcome.FAULT: self.tr(
                "The printer is not working. Please scan the QR code on the screen to follow your place."),
        }[outcome]

    def staff_told(self) -> str:
        return self.tr("Our staff have been told. Your ticket is kept: remember its number.")

    def ticket_problem(self, problem: TicketProblem, server_text: str) -> str:
        if problem is TicketProblem.UNREACHABLE:
            return self.tr("We cannot reach the queue system just now. Please try again in a moment, "
                           "or ask a member of staff.")
        if server_text:
            return server_text
        return self.tr("No ticket can be taken for this service now. Please ask a member of staff.")

    def checkin_outcome(self, outcome: CheckinOutcome, server_text: str = "") -> tuple[str, str]:
        """(headline, next step) for a check-in answer."""
        match outcome:
            case CheckinOutcome.CHECKED_IN:
                return self.tr("You are checked in"), self.tr("Your ticket is below. Please wait to be called.")
            case CheckinOutcome.CHECKED_IN_LATE:
                return (self.tr("You are checked in (a little late)"),
                        self.tr("You are in the line now. Please wait to be called."))
            case CheckinOutcome.TOO_EARLY:
                return (self.tr("It is too early to check in"),
                        self.tr("Check-in opens 2 hours before your appointment. Please come back then, "
                                "or take a normal ticket now."))
            case CheckinOutcome.SLOT_PASSED:
                return (self.tr("Your appointment time has passed"),
                        self.tr("Please take a normal ticket; a member of staff can help you."))
            case CheckinOutcome.NOT_TODAY:
                return (self.tr("No appointment found for today"),
                        self.tr("Please check the code in your booking message, or take a normal ticket."))
            case CheckinOutcome.ALREADY:
                return self.tr("This appointment cannot be checked in again"), server_text or self.tr(
                    "Please ask a member of staff.")
            case CheckinOutcome.BAD_CODE:
                return (self.tr("This code cannot be read as a booking code"),
                        self.tr("Please check the code and type it again, or ask a member of staff."))
            case CheckinOutcome.UNREACHABLE:
                return (self.tr("We cannot reach the queue system just now"),
                        self.tr("Please try again in a moment, or ask a member of staff."))
        return self.tr("Check-in did not work"), server_text or self.tr("Please ask a member of staff.")
