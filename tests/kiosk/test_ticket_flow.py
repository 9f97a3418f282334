"""Taking a ticket, as the flow sees it: one tap, one ticket from the real server, then the printer; a
printer out of paper leaves the ticket on screen with its QR code, never lost."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hardware.printer import PaperLevel, PrinterStatus, raster_to_image
from hardware.qr import decode_qr
from hardware.testing import FakeNetworkPrinter
from kiosk.devices import PrinterWorker
from kiosk.flows import PrintOutcome, Screen, TicketProblem, TicketStage


@pytest.fixture
def printer_device() -> Iterator[FakeNetworkPrinter]:
    with FakeNetworkPrinter() as device:
        yield device


@pytest.fixture
def printer(qtbot, printer_device: FakeNetworkPrinter) -> Iterator[PrinterWorker]:  # type: ignore[no-untyped-def]
    worker = PrinterWorker(printer_device.url, status_interval_ms=60_000)
    with qtbot.waitSignal(worker.status_changed, timeout=5000):
        worker.start()
    yield worker
    worker.stop()


def test_a_tap_on_a_service_issues_a_ticket_shows_it_and_prints_it(
    qtbot, session_factory, printer, printer_device
) -> None:
    session = session_factory(printer=printer)
    session.navigator.go(Screen.SERVICES)
    with qtbot.waitSignal(session.ticket.printed, timeout=15_000):
        session.choose_service("cash")
    ticket = session.ticket.ticket
    assert session.navigator.screen is Screen.TICKET
    assert session.ticket.stage is TicketStage.DONE
    assert ticket.number.startswith("A") and ticket.service.code == "cash"
    assert ticket.status_url and ticket.position is not None
    (job,) = printer_device.wait_for_jobs(1)
    printed_codes = [found.payload for found in decode_qr(raster_to_image(job).convert("L"))]
    assert printed_codes == [ticket.status_url]  # this ticket is the one printed (raster: read its QR code)


def test_out_of_paper_the_ticket_stays_on_screen_with_its_qr_code(
    qtbot, session_factory, printer, printer_device
) -> None:
    printer_device.status = PrinterStatus(paper=PaperLevel.OUT)
    session = session_factory(printer=printer)
    with qtbot.waitSignal(session.ticket.print_failed, timeout=15_000) as failed:
        session.choose_service("fx")
    assert failed.args == [PrintOutcome.PAPER_OUT]
    assert session.ticket.stage is TicketStage.PRINT_FAILED
    assert session.ticket.ticket is not None and session.ticket.ticket.status_url  # the ticket is kept
    assert session.navigator.screen is Screen.TICKET
    qtbot.waitUntil(lambda: printer.state is not None and printer.state.value == "paper_out", timeout=5000)


def test_without_a_printer_the_qr_code_is_the_ticket(qtbot, session_factory) -> None:
    session = session_factory()
    with qtbot.waitSignal(session.ticket.print_failed, timeout=15_000) as failed:
        session.choose_service("cash")
    assert failed.args == [PrintOutcome.OFFLINE]
    assert session.ticket.ticket is not None


def test_a_second_tap_while_issuing_makes_no_second_ticket(qtbot, session_factory) -> None:
    session = session_factory()
    issued = []
    session.ticket.ticket_issued.connect(issued.append)
    session.ticket.take("fx")
    session.ticket.take("fx")
    qtbot.waitUntil(lambda: session.ticket.stage is not TicketStage.ISSUING, timeout=10_000)
    assert len(issued) == 1


def test_an_unknown_service_is_refused_in_words(qtbot, session_factory) -> None:
    session = session_factory()
    with qtbot.waitSignal(session.ticket.issue_failed, timeout=10_000) as failed:
        session.ticket.take("no-such-service")
    assert failed.args[0] is TicketProblem.REFUSED
    assert failed.args[1]  # the server's sentence, in the kiosk's language
    assert session.ticket.ticket is None
