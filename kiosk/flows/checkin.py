"""Check-in by the QR code of the booking confirmation or by the typed booking code; and the arrival of a
customer who joined the queue from their phone, by the QR code of their ticket's status page or its typed
number (`is_remote_reference`).

The server's rules decide early, on time, late and "no appointment here today"; this flow turns its answer
into a `CheckinOutcome` the screen explains in the customer's language, and hands a checked-in ticket to the
ticket flow to show and print. A code read from the camera is handled once (the scanner filters repeats, and
a check-in under way ignores further reads).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, Signal

from client import ApiError, ClientError, ServerUnreachable, Ticket
from kiosk.flows.outcomes import CheckinOutcome, checkin_outcome_of
from qtkit import QtClient

__all__ = [
    "CODE_ALPHABET", "CODE_LENGTH", "KEYPAD_ALPHABET", "CheckinFlow", "booking_code_of", "is_late",
    "is_remote_reference",
]

CODE_LENGTH = 6
"""Characters of a booking code (the keypad accepts up to this many)."""
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""The characters a booking code is made of (no 0/O, 1/I: they are easily confused)."""
KEYPAD_ALPHABET = CODE_ALPHABET + "01"
"""What the keypad types: a booking code, or a ticket number (A012) of a customer who joined remotely."""
_TICKET_NUMBER = re.compile(r"^[A-Z][0-9]{3,}$")


class CheckinFlow(QObject):
    """One appointment check-in.

    Signals:
        typed_code_changed(str): the code on the keypad changed.
        checking(): the code went to the server.
        finished(CheckinOutcome): the answer (on CHECKED_IN*, `ticket` holds the ticket).

    Attributes:
        typed_code: the characters typed so far.
        outcome: the last answer, or None.
        ticket: the ticket of a successful check-in.
        server_text: the server's own sentence for a refusal the kiosk has no words for.
        checking_now: a check-in is under way.
    """

    typed_code_changed = Signal(str)
    checking = Signal()
    finished = Signal(object)

    def __init__(
        self,
        qt_client: QtClient,
        check_in: Callable[[str, str], Ticket],
        slot_of: Callable[[str], str | None] | None = None,
        parent: QObject | None = None,
        check_in_remote: Callable[[str, str], Ticket] | None = None,
    ) -> None:
        """`check_in(code, idempotency_key)` checks the appointment in; `slot_of(code)` answers when its slot
        began (ISO 8601), to tell an on-time check-in from a late one; `check_in_remote(reference, key)` checks
        a remotely joined ticket in (blocking client calls)."""
        super().__init__(parent)
        self._qt_client = qt_client
        self._check_in = check_in
        self._slot_of = slot_of
        self._check_in_remote = check_in_remote
        self.reset()

    def reset(self) -> None:
        self._generation = uuid.uuid4()
        self.typed_code = ""
        self.outcome: CheckinOutcome | None = None
        self.ticket: Ticket | None = None
        self.server_text = ""
        self.checking_now = False
        self.typed_code_changed.emit("")

    # -- the keypad -------------------------------------------------------------------------------------

    def type_key(self, key: str) -> None:
        """A key of the keypad: a digit or a letter of the code's alphabet."""
        key = key.upper()
        if key in KEYPAD_ALPHABET and len(key) == 1 and len(self.typed_code) < CODE_LENGTH and not self.checking_now:
            self._set_code(self.typed_code + key)

    def erase(self) -> None:
        self._set_code(self.typed_code[:-1])

    def clear(self) -> None:
        self._set_code("")

    @property
    def code_complete(self) -> bool:
        """A whole booking code, or a ticket number (when remote tickets are checked in here)."""
        remote = self._check_in_remote is not None and is_remote_reference(self.typed_code)
        return len(self.typed_code) == CODE_LENGTH or remote

    def submit_typed(self) -> None:
        if self.code_complete:
            self._submit(self.typed_code)

    # -- the camera -------------------------------------------------------------------------------------

    def qr_decoded(self, payload: str) -> None:
        """The scanner read a code (the signed code of a booking confirmation)."""
        self._submit(payload.strip())

    def _submit(self, code: str) -> None:
        if self.checking_now or not code:
            return
        self.checking_now = True
        self.outcome, self.ticket, self.server_text = None, None, ""
        self.checking.emit()
        generation, key = self._generation, uuid.uuid4().hex
        self._qt_client.call(
            lambda: self._check_in_and_slot(code, key),
            lambda answer: self._answered(generation, *answer),
            lambda error: self._failed(generation, error),
        )

    def _check_in_and_slot(self, code: str, key: str) -> tuple[Ticket, str | None]:
        if self._check_in_remote is not None and is_remote_reference(code):
            return self._check_in_remote(code, key), None  # no slot: never late
        ticket = self._check_in(code, key)
        if self._slot_of is None:
            return ticket, None
        try:
            return ticket, self._slot_of(code)
        except ClientError:  # checked in all the same: only the word "late" is at stake
            return ticket, None

    def _answered(self, generation: uuid.UUID, ticket: Ticket, slot_start: str | None) -> None:
        if generation != self._generation:
            return
        self.ticket = ticket
        late = is_late(ticket.arrived_at or ticket.issued_at, slot_start)
        self._finish(CheckinOutcome.CHECKED_IN_LATE if late else CheckinOutcome.CHECKED_IN)

    def _failed(self, generation: uuid.UUID, error: BaseException) -> None:
        if generation != self._generation:
            return
        if not isinstance(error, ClientError):
            raise error
        if isinstance(error, ServerUnreachable):
            self._finish(CheckinOutcome.UNREACHABLE)
            return
        self.server_text = error.detail if isinstance(error, ApiError) else ""
        code = error.code if isinstance(error, ApiError) else ""
        self._finish(checkin_outcome_of(code))

    def _finish(self, outcome: CheckinOutcome) -> None:
        self.checking_now = False
        self.outcome = outcome
        if outcome not in {CheckinOutcome.CHECKED_IN, CheckinOutcome.CHECKED_IN_LATE}:
            self._set_code("")
        self.finished.emit(outcome)

    def _set_code(self, code: str) -> None:
        if code != self.typed_code:
            self.typed_code = code
            self.typed_code_changed.emit(code)


def is_late(arrived_at: str | None, slot_start: str | None) -> bool:
    """Checked in after the slot began (the server accepts it within its grace)."""
    if not arrived_at or not slot_start:
        return False
    return datetime.fromisoformat(arrived_at) > datetime.fromisoformat(slot_start)


def is_remote_reference(text: str) -> bool:
    """A remote ticket's reference rather than a booking code: its status page's code (`BQ1.T.`, or the page's
    address ending in it) or a typed ticket number (a letter and three or more digits)."""
    last = text.strip().rstrip("/").rsplit("/", 1)[-1]
    return last.startswith("BQ1.T.") or bool(_TICKET_NUMBER.match(last.upper()))


def booking_code_of(scanned: str) -> str:
    """The booking code inside a scanned confirmation code (`BQ1.A.<code>.<expiry>.<mac>`), or the typed code."""
    parts = scanned.strip().split(".")
    return parts[2] if len(parts) == 5 and parts[0] == "BQ1" else scanned.strip()
