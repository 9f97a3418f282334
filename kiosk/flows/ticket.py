"""Taking a ticket: one call to the server per ticket, then printing, and the ticket is never lost.

A tap on a service issues the ticket (the client sends an idempotency key; a retry after a timeout reuses it,
so it cannot make a second ticket). The ticket goes on screen at once with its QR code; then it prints. If the
printer fails, the screen says why in words and the QR code stays as the customer's way to follow the queue;
the device health reporter has already told the staff.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QObject, Signal

from client import ApiError, ClientError, ServerUnreachable, Ticket
from kiosk.flows.outcomes import PrintOutcome, TicketProblem
from qtkit import QtClient

__all__ = ["TicketFlow", "TicketStage"]

_CLOSED_PREFIXES = ("calendar.closed", "service.closed", "service.no_counter")


class TicketStage(StrEnum):
    IDLE = "idle"
    ISSUING = "issuing"          # waiting for the server (a spinner after 100 ms, words after 1 s)
    PRINTING = "printing"
    DONE = "done"                # printed: "please take your ticket"
    PRINT_FAILED = "print_failed"  # on screen with its QR code; the printer's problem in words
    FAILED = "failed"            # no ticket: the problem in words, the customer may try again


class TicketFlow(QObject):
    """One customer's ticket, from the tap to the paper.

    Signals:
        stage_changed(TicketStage): the flow moved on.
        ticket_issued(Ticket): the server issued the ticket (it exists from now on).
        printed(): the printer printed it.
        print_failed(PrintOutcome): the printer could not print it; the QR code is the fallback.
        issue_failed(TicketProblem, str): no ticket, with the server's sentence for a refusal.

    Attributes:
        stage: where the flow is.
        ticket: the ticket issued, or None.
        print_outcome: how printing went, or None while it has not ended.
        problem, problem_text: why no ticket was issued (stage FAILED).
    """

    stage_changed = Signal(object)
    ticket_issued = Signal(object)
    printed = Signal()
    print_failed = Signal(object)
    issue_failed = Signal(object, str)

    def __init__(
        self,
        qt_client: QtClient,
        issue: Callable[[str, str], Ticket],
        printer: Any = None,
        make_paper: Callable[[Ticket], Any] | None = None,
        parent: QObject | None = None,
    ) -> None:
        """`issue(service_code, idempotency_key)` issues a kiosk ticket (a blocking client call).

        `printer` is a `kiosk.devices.PrinterWorker` (`print_ticket(paper)`; signals `printed(number)` and
        `failed(reason)`), or None: no printer, the QR code on screen is the ticket. `make_paper(ticket)`
        builds what it prints."""
        super().__init__(parent)
        self._qt_client = qt_client
        self._issue = issue
        self._printer = printer
        self._make_paper = make_paper
        if printer is not None:
            printer.printed.connect(self._printed)
            printer.failed.connect(self._print_failed)
        self._retry: tuple[str, str] | None = None
        self.reset()

    def reset(self) -> None:
        """Forget the customer (idle timeout, Home)."""
        self._generation = uuid.uuid4()
        self._retry = None
        self.ticket: Ticket | None = None
        self.print_outcome: PrintOutcome | None = None
        self.problem: TicketProblem | None = None
        self.problem_text = ""
        self._set_stage(TicketStage.IDLE, force=True)

    @property
    def busy(self) -> bool:
        return self.stage in {TicketStage.ISSUING, TicketStage.PRINTING}

    def take(self, service_code: str) -> None:
        """The customer tapped a service. A second tap while one is under way is ignored."""
        if self.stage is TicketStage.ISSUING:
            return
        key = self._retry[1] if self._retry and self._retry[0] == service_code else uuid.uuid4().hex
        self._retry = (service_code, key)
        self.ticket, self.print_outcome, self.problem, self.problem_text = None, None, None, ""
        self._set_stage(TicketStage.ISSUING)
        generation = self._generation
        self._qt_client.call(
            lambda: self._issue(service_code, key),
            lambda ticket: self._issued(generation, ticket),
            lambda error: self._failed(generation, error),
        )

    def retry(self) -> None:
        """Try the failed request again: the same service with the same idempotency key (no second ticket
        if the first attempt reached the server after all)."""
        if self.stage is TicketStage.FAILED and self._retry is not None:
            self.take(self._retry[0])

    def present(self, ticket: Ticket) -> None:
        """Show and print a ticket that came from elsewhere (an appointment check-in)."""
        self.ticket, self.print_outcome, self.problem, self.problem_text = ticket, None, None, ""
        self.ticket_issued.emit(ticket)
        self._print()

    def _issued(self, generation: uuid.UUID, ticket: Ticket) -> None:
        if generation != self._generation:
            return  # the customer left (idle timeout); the ticket was taken and shows in the queue
        self._retry = None
        self.ticket = ticket
        self.ticket_issued.emit(ticket)
        self._print()

    def _print(self) -> None:
        self._set_stage(TicketStage.PRINTING)
        if self._printer is None or self._make_paper is None:
            self._print_finished(PrintOutcome.OFFLINE)
            return
        try:
            paper = self._make_paper(self.ticket)
        except ValueError:  # a ticket the printer cannot lay out: the screen's QR code is the ticket
            self._print_finished(PrintOutcome.FAULT)
            return
        self._printer.print_ticket(paper)

    def _printed(self, number: str) -> None:
        if self.ticket is not None and number == self.ticket.number:
            self._print_finished(PrintOutcome.PRINTED)

    def _print_failed(self, reason: str) -> None:
        outcome = {"paper_out": PrintOutcome.PAPER_OUT, "cover_open": PrintOutcome.COVER_OPEN,
                   "offline": PrintOutcome.OFFLINE}.get(reason, PrintOutcome.FAULT)
        self._print_finished(outcome)

    def _print_finished(self, outcome: PrintOutcome) -> None:
        if self.ticket is None or self.stage is not TicketStage.PRINTING:
            return
        self.print_outcome = PrintOutcome(outcome)
        if self.print_outcome is PrintOutcome.PRINTED:
            self._set_stage(TicketStage.DONE)
            self.printed.emit()
        else:
            self._set_stage(TicketStage.PRINT_FAILED)
            self.print_failed.emit(self.print_outcome)

    def _failed(self, generation: uuid.UUID, error: BaseException) -> None:
        if generation != self._generation:
            return
        if not isinstance(error, ClientError):
            raise error
        if isinstance(error, ServerUnreachable):
            self.problem = TicketProblem.UNREACHABLE
        elif isinstance(error, ApiError) and error.code.startswith(_CLOSED_PREFIXES):
            self.problem = TicketProblem.CLOSED
        else:
            self.problem = TicketProblem.REFUSED
        self.problem_text = error.detail if isinstance(error, ApiError) else ""
        self._set_stage(TicketStage.FAILED)
        self.issue_failed.emit(self.problem, self.problem_text)

    def _set_stage(self, stage: TicketStage, *, force: bool = False) -> None:
        if force or stage is not getattr(self, "stage", None):
            self.stage = stage
            self.stage_changed.emit(stage)
