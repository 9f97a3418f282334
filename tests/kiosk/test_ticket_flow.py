"""Taking a ticket, as the flow sees it: one tap, one ticket from the real server, then the printer."""

from __future__ import annotations

from kiosk.flows import PrintOutcome, Screen, TicketStage


def test_a_tap_on_a_service_issues_one_ticket_and_shows_it(qtbot, session_factory) -> None:
    session = session_factory()
    with qtbot.waitSignal(session.ticket.ticket_issued, timeout=10_000) as issued:
        session.choose_service("cash")
    ticket = issued.args[0]
    assert session.navigator.screen is Screen.TICKET
    assert ticket.number.startswith("A")
    assert ticket.service.code == "cash"
    assert ticket.qr_code and ticket.status_url
    assert ticket.position is not None and ticket.position >= 1
    # no printer configured: the ticket stays on screen with its QR code, and says why it did not print
    assert session.ticket.stage is TicketStage.PRINT_FAILED
    assert session.ticket.print_outcome is PrintOutcome.OFFLINE


def test_a_second_tap_while_issuing_makes_no_second_ticket(qtbot, session_factory) -> None:
    session = session_factory()
    issued = []
    session.ticket.ticket_issued.connect(issued.append)
    session.ticket.take("fx")
    session.ticket.take("fx")
    qtbot.waitUntil(lambda: session.ticket.stage is not TicketStage.ISSUING, timeout=10_000)
    assert len(issued) == 1
