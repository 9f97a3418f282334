"""The ticket printer, driven from the kiosk without ever blocking its screen.

Printing and status queries talk to a device that may take seconds to answer (or never do), so they run
on a thread of their own, one job after another; results come back by signal, on the GUI thread.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from hardware.errors import CoverOpen, HardwareError, PaperOut, PrinterOffline
from hardware.printer import PaperLevel, Printer, PrinterStatus, open_printer
from kiosk.devices.paper import PaperTicket


class PrinterState(StrEnum):
    """What the kiosk reports to the server about its printer."""

    OK = "ok"
    PAPER_LOW = "paper_low"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    OFFLINE = "offline"
    ERROR = "error"


class PrintFailure(StrEnum):
    """Why a ticket did not print; the ticket screen words each one for the customer."""

    OFFLINE = "offline"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    ERROR = "error"


def state_of(status: PrinterStatus | None) -> PrinterState:
    """The state a status answer means, most actionable first; a one-way printer (None) counts as ok."""
    if status is None:
        return PrinterState.OK
    if status.paper is PaperLevel.OUT:
        return PrinterState.PAPER_OUT
    if status.cover_open:
        return PrinterState.COVER_OPEN
    if status.error:
        return PrinterState.ERROR
    if not status.online:
        return PrinterState.OFFLINE
    return PrinterState.PAPER_LOW if status.paper_low else PrinterState.OK


def failure_of(error: Exception) -> PrintFailure:
    """The failure a hardware error stands for; anything unforeseen is `error`."""
    if isinstance(error, PaperOut):
        return PrintFailure.PAPER_OUT
    if isinstance(error, CoverOpen):
        return PrintFailure.COVER_OPEN
    if isinstance(error, PrinterOffline):
        return PrintFailure.OFFLINE
    return PrintFailure.ERROR


class _PrinterJobs(QObject):
    """Lives on the printer thread; each slot is one blocking conversation with the printer."""

    printed = Signal(str)
    failed = Signal(str, str)
    observed = Signal(str, str)
    """A state, and the hardware's own words when it is a problem (empty when all is well)."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url
        self.printer: Printer | None = None
        self.config_problem: str | None = None

    @Slot()
    def open(self) -> None:
        """Make the printer object (no I/O yet, but python-escpos's import takes a while): the first job."""
        self.printer, self.config_problem = _opened(self.url)

    @Slot(object)
    def print_ticket(self, ticket: PaperTicket) -> None:
        if self.printer is None:
            self._fail(PrintFailure.ERROR, self.config_problem or "no printer")
            return
        try:
            status = self.printer.print_ticket(ticket.layout())
        except (HardwareError, ValueError, OSError) as error:
            self._fail(failure_of(error), str(error))
            return
        self.printed.emit(ticket.ticket_number)
        self.observed.emit(state_of(status).value, "")

    @Slot()
    def poll(self) -> None:
        if self.printer is None:
            self.observed.emit(PrinterState.ERROR.value, self.config_problem or "no printer")
            return
        try:
            self.observed.emit(state_of(self.printer.status()).value, "")
        except (HardwareError, OSError) as error:
            self.observed.emit(failure_of(error).value, str(error))

    def _fail(self, failure: PrintFailure, detail: str) -> None:
        self.failed.emit(failure.value, detail)
        self.observed.emit(failure.value, detail)


class PrinterWorker(QObject):
    """Prints tickets and watches the printer's status on a thread of its own.

    Call `start()` once, then `print_ticket(PaperTicket)` as often as needed (jobs print in order), and
    `stop()` before quitting. A bad printer URL does not stop the kiosk: every print fails with `error`.
    Everything that touches the printer, opening it included, happens on the printer thread.

    Signals:
        printed(str ticket_number): the ticket went to the printer.
        failed(str reason): a `PrintFailure` value (offline, paper_out, cover_open, error).
        status_changed(str state): a `PrinterState` value, each time the state differs from the last one.

    Attributes:
        state: the last state seen (None before the first answer).
        last_problem: the hardware's own description of the last failure, for the log and staff.
        status_interval_ms: how often the status is asked for while idle.
    """

    printed = Signal(str)
    failed = Signal(str)
    status_changed = Signal(str)
    _open_requested = Signal()
    _print_requested = Signal(object)
    _poll_requested = Signal()

    def __init__(self, printer_url: str, status_interval_ms: int = 15_000, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.printer_url = printer_url
        self.status_interval_ms = status_interval_ms
        self.state: PrinterState | None = None
        self.last_problem: str | None = None
        self._poll_pending = False
        self._thread = QThread()
        self._thread.setObjectName("branchq-printer")
        self._jobs = _PrinterJobs(printer_url)
        self._jobs.moveToThread(self._thread)
        self._open_requested.connect(self._jobs.open)
        self._print_requested.connect(self._jobs.print_ticket)
        self._poll_requested.connect(self._jobs.poll)
        self._jobs.printed.connect(self.printed)
        self._jobs.failed.connect(self._on_failed)
        self._jobs.observed.connect(self._on_observed)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check_status)

    def start(self) -> None:
        """Start the printer thread, open the printer there, ask for its status at once, then every
        `status_interval_ms`."""
        self._thread.start()
        self._open_requested.emit()
        self.check_status()
        self._timer.start(self.status_interval_ms)

    def stop(self, timeout_ms: int = 10_000) -> bool:
        """Finish the job in hand (not the queued ones) and end the thread; False if it hung."""
        self._timer.stop()
        self._thread.requestInterruption()
        self._thread.quit()
        return self._thread.wait(timeout_ms)

    def print_ticket(self, ticket: PaperTicket) -> None:
        """Queue a ticket; `printed` or `failed` follows."""
        self._print_requested.emit(ticket)

    @Slot()
    def check_status(self) -> None:
        """Ask the printer for its status now, unless a question is already waiting for an answer."""
        if not self._poll_pending:
            self._poll_pending = True
            self._poll_requested.emit()

    @Slot(str, str)
    def _on_failed(self, reason: str, detail: str) -> None:
        self.last_problem = detail
        self.failed.emit(reason)

    @Slot(str, str)
    def _on_observed(self, state: str, detail: str) -> None:
        self._poll_pending = False
        if detail:
            self.last_problem = detail
        if self.state is None or state != self.state.value:
            self.state = PrinterState(state)
            self.status_changed.emit(state)


def _opened(url: str) -> tuple[Printer | None, str | None]:
    try:
        return open_printer(url), None
    except HardwareError as error:
        return None, str(error)
