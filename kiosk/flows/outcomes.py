"""What can come of a customer's request, as words the screens can say (the screens word them)."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["CheckinOutcome", "PrintOutcome", "TicketProblem", "checkin_outcome_of"]


class TicketProblem(StrEnum):
    """Why a ticket could not be taken."""

    UNREACHABLE = "unreachable"      # no answer from the server: try again in a moment
    CLOSED = "closed"                # the branch or the service takes no walk-ins now
    REFUSED = "refused"              # any other refusal: the server's own sentence is shown


class PrintOutcome(StrEnum):
    """How printing the ticket went (the ticket exists whatever happens here)."""

    PRINTED = "printed"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    OFFLINE = "offline"
    FAULT = "fault"


class CheckinOutcome(StrEnum):
    """The answer to an appointment check-in."""

    CHECKED_IN = "checked_in"        # on time (or within the grace after the slot's start)
    CHECKED_IN_LATE = "checked_in_late"
    TOO_EARLY = "too_early"          # come back nearer the slot
    SLOT_PASSED = "slot_passed"      # take a normal ticket
    NOT_TODAY = "not_today"          # no appointment with this code here today
    ALREADY = "already"              # already checked in, cancelled or missed
    BAD_CODE = "bad_code"            # not a booking code (mistyped, altered, expired QR)
    UNREACHABLE = "unreachable"
    REFUSED = "refused"              # anything else: the server's sentence


_CODES = {
    "appointment.too_early": CheckinOutcome.TOO_EARLY,
    "appointment.slot_passed": CheckinOutcome.SLOT_PASSED,
    "appointment.not_at_branch": CheckinOutcome.NOT_TODAY,
    "appointment.not_found": CheckinOutcome.NOT_TODAY,
    "appointment.not_today": CheckinOutcome.NOT_TODAY,
    "appointment.already_status": CheckinOutcome.ALREADY,
    "appointment.code_format": CheckinOutcome.BAD_CODE,
    "scan.rejected": CheckinOutcome.BAD_CODE,
    "remote.not_today": CheckinOutcome.NOT_TODAY,
    "remote.already_checked_in": CheckinOutcome.ALREADY,
    "ticket.not_found": CheckinOutcome.NOT_TODAY,
}


def checkin_outcome_of(error_code: str) -> CheckinOutcome:
    """The outcome a server error code means (a refusal the kiosk has no words of its own for shows the
    server's sentence, which the server wrote in the kiosk's language)."""
    return _CODES.get(error_code, CheckinOutcome.REFUSED)
