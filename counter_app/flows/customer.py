"""The customer screen's flow: the teller's name card, the called number, then the rating, thanks, and back.

The rating goes to the server through the counter's own session (`POST /tickets/{id}/rating` as the teller),
so the customer needs no token; the first rating of a ticket stands (here or on the phone), and a refusal
for "already rated" simply thanks the customer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from client import ApiError, ClientError, Ticket
from counter_app.flows.desk import CounterDesk

__all__ = ["CustomerScreen", "Screen"]

RATING_TIMEOUT_MS = 60_000
THANKS_MS = 5_000


class Screen(StrEnum):
    NAME_CARD = "name_card"
    CALLED = "called"
    RATING = "rating"
    THANKS = "thanks"


class CustomerScreen(QObject):
    """What the small screen facing the customer shows.

    Signals:
        changed(): the screen changed (redraw).
        rated(dict): the server kept the rating (`{number, score, reasons, comment}`).

    Attributes:
        screen: the `Screen` shown.
        ticket: the ticket called (or being rated), or None.
        reasons: the server's list of rating reasons (`GET /feedback/reasons`), once loaded.
        chosen: the reason codes the customer tapped.
        score: the stars tapped (0: none yet).
    """

    changed = Signal()
    rated = Signal(dict)

    def __init__(
        self, desk: CounterDesk, parent: QObject | None = None,
        rating_timeout_ms: int = RATING_TIMEOUT_MS, thanks_ms: int = THANKS_MS,
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.screen = Screen.NAME_CARD
        self.ticket: Ticket | None = None
        self.reasons: Sequence[Mapping[str, Any]] = ()
        self.max_reasons = 3
        self.chosen: list[str] = []
        self.score = 0
        self.comment = ""
        self._timeout = QTimer(self, singleShot=True)
        self._timeout.timeout.connect(self._back_to_card)
        self._rating_timeout_ms, self._thanks_ms = rating_timeout_ms, thanks_ms
        desk.ticket_called.connect(self._called)
        desk.ticket_finished.connect(self._finished)
        desk.signed_in.connect(self._load_reasons)

    def _load_reasons(self) -> None:
        def done(answer: Mapping[str, Any]) -> None:
            self.reasons = tuple(answer.get("reasons", ()))
            self.max_reasons = int(answer.get("max_reasons", 3))
            self.changed.emit()

        self.desk.qt.call(self.desk.client.rating_reasons, done, lambda _: None)

    def _called(self, ticket: Ticket) -> None:
        self._timeout.stop()
        self.ticket, self.screen = ticket, Screen.CALLED
        self.changed.emit()

    def _finished(self, ticket: Ticket) -> None:
        self.ticket, self.screen = ticket, Screen.RATING
        self.score, self.chosen, self.comment = 0, [], ""
        self._timeout.start(self._rating_timeout_ms)
        self.changed.emit()

    def tap_score(self, score: int) -> None:
        if self.screen is Screen.RATING and 1 <= score <= 5:
            self.score = score
            tone = "praise" if score >= 4 else "complaint"
            tones = {reason["code"]: reason.get("tone") for reason in self.reasons}
            self.chosen = [code for code in self.chosen if tones.get(code) == tone]
            self._timeout.start(self._rating_timeout_ms)
            self.changed.emit()

    def toggle_reason(self, code: str) -> None:
        if self.screen is not Screen.RATING:
            return
        if code in self.chosen:
            self.chosen.remove(code)
        elif len(self.chosen) < self.max_reasons:
            self.chosen.append(code)
        self.changed.emit()

    def set_comment(self, comment: str) -> None:
        self.comment = comment[:500]

    def submit(self) -> None:
        """Send the rating (stars needed); thanks whatever the answer (a rating given on the phone first stands)."""
        if self.screen is not Screen.RATING or not self.score or self.ticket is None or self.ticket.id is None:
            return
        ticket_id, score, chosen, comment = self.ticket.id, self.score, list(self.chosen), self.comment

        def done(answer: Mapping[str, Any]) -> None:
            self.rated.emit(dict(answer))

        def failed(error: BaseException) -> None:
            if not isinstance(error, ClientError):
                raise error
            if isinstance(error, ApiError) and error.code != "feedback.already_rated":
                self.desk.refused.emit(error.detail)

        self._thank()  # at once: the customer is thanked whatever the answer
        self.desk.qt.call(lambda: self.desk.client.rate_at_counter(ticket_id, score, chosen, comment), done, failed)

    def _thank(self) -> None:
        self.screen = Screen.THANKS
        self._timeout.start(self._thanks_ms)
        self.changed.emit()

    def _back_to_card(self) -> None:
        self.screen, self.ticket = Screen.NAME_CARD, None
        self.changed.emit()
